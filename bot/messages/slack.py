"""Render neutral messages as Slack Block Kit.

Blocks are built with slack_sdk's block models, whose ``to_dict()`` validates them. Slack's
limits are enforced here: 50 blocks per message (100 in App Home and modals), 3,000 characters
per section text, 150 per header and 2,000 per context; what does not fit is cut with a localised
"… and N more". Every human-readable string passes :func:`bot.messages.safe` (redaction).

Buttons: one to three are shown, further ones go into an overflow menu. ``action_id`` is the
button's ``action``, made unique within the message with a ``~N`` suffix; undo it with
:func:`parse_action_id`, or decode a whole ``block_actions`` action with :func:`parse_block_action`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, Literal

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DatePickerElement,
    DividerBlock,
    HeaderBlock,
    ImageBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    OverflowMenuElement,
    PlainTextInputElement,
    PlainTextObject,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.i18n import t
from bot.messages import and_more, cut, cut_items, cut_line, model, safe
from bot.messages.markup import quote, to_plain
from bot.messages.markup import to_slack as to_slack_mrkdwn

MAX_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
SECTION_CHARS = 3000
HEADER_CHARS = 150
CONTEXT_CHARS = 2000
FIELD_CHARS = 2000
FIELDS_PER_SECTION = 10
BUTTON_CHARS = 75
BUTTON_VALUE_CHARS = 2000
OPTION_VALUE_CHARS = 150
SHOWN_BUTTONS = 3
OVERFLOW_OPTIONS = 5
MAX_ACTION_ELEMENTS = 25
TEXT_CHARS = 4000
VIEW_TITLE_CHARS = 24
OVERFLOW_ACTION = "vaktbot.more"
SUFFIX = "~"
_SUFFIX_RE = re.compile(r"~\d+$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_action_id(action_id: str) -> str:
    """Undo the uniqueness suffix: ``"moderation.claim~2"`` -> ``"moderation.claim"``."""
    return _SUFFIX_RE.sub("", action_id)


def parse_block_action(action: Mapping[str, Any]) -> tuple[str, str]:
    """Turn one entry of a ``block_actions`` payload's ``actions`` into ``(action, value)``.

    Handles buttons and the overflow menu, whose option values carry ``"<action>|<value>"``.
    """
    if action.get("type") == "overflow" or parse_action_id(action.get("action_id", "")) == (
        OVERFLOW_ACTION
    ):
        selected = action.get("selected_option") or {}
        name, _, value = str(selected.get("value", "")).partition("|")
        return name, value
    return parse_action_id(str(action.get("action_id", ""))), str(action.get("value") or "")


def parse_view_values(
    state_values: Mapping[str, Mapping[str, Mapping[str, Any]]],
) -> dict[str, str]:
    """``view.state.values`` of a submitted modal -> ``{field name: value}`` (empty if unset)."""
    out: dict[str, str] = {}
    for block_id, elements in state_values.items():
        for element in elements.values():
            kind = element.get("type")
            if kind == "datepicker":
                value = element.get("selected_date")
            elif kind == "static_select":
                value = (element.get("selected_option") or {}).get("value")
            else:
                value = element.get("value")
            out[block_id] = value or ""
    return out


class _Ids:
    """Hands out action_ids unique within one message."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def __call__(self, base: str) -> str:
        base = (base or "button")[:240]
        n = self.seen.get(base, 0) + 1
        self.seen[base] = n
        return base if n == 1 else f"{base}{SUFFIX}{n}"


def _mrkdwn(text: str) -> MarkdownTextObject:
    return MarkdownTextObject(text=text)


def _md(text: str | None, locale: str) -> str:
    """A neutral text as Slack mrkdwn: redacted, only safe tokens, the rest escaped."""
    return to_slack_mrkdwn(safe(text, locale))


def _pt(text: str | None, locale: str) -> str:
    """A neutral text for a plain_text field: redacted, no markup."""
    return to_plain(safe(text, locale))


def _section_chunks(text: str) -> list[str]:
    """Split a long section into pieces of at most 3,000 characters at line or word breaks."""
    chunks: list[str] = []
    while len(text) > SECTION_CHARS:
        window = text[:SECTION_CHARS]
        at = window.rfind("\n")
        if at < SECTION_CHARS // 2:
            at = window.rfind(" ")
        if at < SECTION_CHARS // 2:
            at = SECTION_CHARS
        chunks.append(text[:at].rstrip())
        text = text[at:].lstrip()
    if text.strip():
        chunks.append(text)
    return chunks


def _fact(label: str, value: str) -> str:
    return f"*{label}*\n{value or '-'}" if label.strip() else (value or "-")


def _list_text(block: model.ListBlock, locale: str) -> str:
    head = f"*{cut_line(_md(block.title, locale), 500)}*\n" if block.title else ""
    items = [f"• {_md(i, locale)}" for i in block.items]
    return head + cut_items(items, SECTION_CHARS - len(head), locale, block.more)


def _buttons(buttons: Iterable[model.Button], ids: _Ids, locale: str) -> list[Any]:
    """Up to three buttons, then overflow menus of at most five options each."""
    shown: list[Any] = []
    overflow: list[Option] = []
    for i, b in enumerate(buttons):
        label = cut_line(_pt(b.label, locale), BUTTON_CHARS) or b.action[:BUTTON_CHARS] or "-"
        encoded = f"{b.action}|{b.value}"
        if i >= SHOWN_BUTTONS and len(encoded) <= OPTION_VALUE_CHARS and not b.url:
            overflow.append(Option(value=encoded, text=PlainTextObject(text=label)))
            continue
        if i >= SHOWN_BUTTONS and b.url and len(b.url) <= 3000:
            overflow.append(Option(value=encoded[:OPTION_VALUE_CHARS], text=label, url=b.url))
            continue
        shown.append(
            ButtonElement(
                text=PlainTextObject(text=label),
                action_id=ids(b.action),
                value=b.value[:BUTTON_VALUE_CHARS] if b.value else None,
                style=b.style,
                url=b.url,
            )
        )
    room = max(MAX_ACTION_ELEMENTS - len(shown), 0) * OVERFLOW_OPTIONS
    overflow = overflow[:room]  # Slack allows 25 elements per actions block
    for start in range(0, len(overflow), OVERFLOW_OPTIONS):
        shown.append(
            OverflowMenuElement(
                action_id=ids(OVERFLOW_ACTION), options=overflow[start : start + OVERFLOW_OPTIONS]
            )
        )
    return shown


def _image(
    block: model.Image, locale: str, image_urls: Mapping[str, str] | None, names: Mapping[str, str]
) -> Block:
    alt = cut_line(_pt(block.alt, locale), 2000) or "-"
    url = block.url
    if not url and block.attachment and image_urls:
        url = image_urls.get(block.attachment)
    if url:
        title = (
            PlainTextObject(text=cut_line(_pt(block.title, locale), 2000)) if block.title else None
        )
        return ImageBlock(image_url=url, alt_text=alt, title=title)
    key = "messages.image_attached" if block.attachment in names else "messages.image"
    text = _md(t(locale, key, alt=quote(alt)), locale)
    return ContextBlock(elements=[_mrkdwn(cut(text, CONTEXT_CHARS, locale))])


def _form_summary(form: model.Form, locale: str) -> list[Block]:
    fields = ", ".join(quote(f.label) for f in form.fields)
    text = _md(t(locale, "messages.form_fields", title=quote(form.title), fields=fields), locale)
    return [SectionBlock(text=_mrkdwn(cut(text, SECTION_CHARS, locale)))]


def _render(
    block: Any,
    locale: str,
    ids: _Ids,
    image_urls: Mapping[str, str] | None,
    names: Mapping[str, str],
) -> list[Block]:
    if isinstance(block, model.Header):
        text = cut_line(_pt(block.text, locale).replace("\n", " "), HEADER_CHARS) or "-"
        return [HeaderBlock(text=PlainTextObject(text=text, emoji=True))]
    if isinstance(block, model.Section):
        return [SectionBlock(text=_mrkdwn(c)) for c in _section_chunks(_md(block.text, locale))]
    if isinstance(block, model.Facts):
        fields = [
            _mrkdwn(cut(_fact(_md(k, locale), _md(v, locale)), FIELD_CHARS, locale))
            for k, v in block.items
        ]
        return [
            SectionBlock(fields=fields[i : i + FIELDS_PER_SECTION])
            for i in range(0, len(fields), FIELDS_PER_SECTION)
        ]
    if isinstance(block, model.ListBlock):
        if not block.items and not block.more and not block.title:
            return []
        return [SectionBlock(text=_mrkdwn(_list_text(block, locale)))]
    if isinstance(block, model.Context):
        text = cut(_md(block.text, locale), CONTEXT_CHARS, locale)
        return [ContextBlock(elements=[_mrkdwn(text)])] if text else []
    if isinstance(block, model.Divider):
        return [DividerBlock()]
    if isinstance(block, model.Image):
        return [_image(block, locale, image_urls, names)]
    if isinstance(block, model.Actions):
        elements = _buttons(block.buttons, ids, locale)
        return [ActionsBlock(elements=elements)] if elements else []
    if isinstance(block, model.Form):
        return _form_summary(block, locale)
    raise TypeError(f"unknown block {type(block).__name__}")


def _fit(groups: list[tuple[bool, list[Block]]], limit: int, locale: str) -> list[Block]:
    """Flatten; if over ``limit``, drop content from the end (keeping buttons) + "… and N more"."""
    flat = [(keep, b) for keep, bs in groups for b in bs]
    if len(flat) <= limit:
        return [b for _, b in flat]
    must = min(sum(keep for keep, _ in flat), limit - 1)
    room = limit - 1 - must
    out: list[tuple[bool, Block]] = []
    dropped = 0
    for keep, block in flat:
        if keep and must > 0:
            out.append((keep, block))
            must -= 1
        elif not keep and room > 0:
            out.append((keep, block))
            room -= 1
        elif not isinstance(block, DividerBlock):
            dropped += 1
    # the note goes right after the last content block kept, replacing trailing dividers
    at = max((i + 1 for i, (keep, _) in enumerate(out) if not keep), default=len(out))
    while at > 0 and isinstance(out[at - 1][1], DividerBlock):
        del out[at - 1]
        at -= 1
    note = ContextBlock(elements=[_mrkdwn(and_more(locale, max(dropped, 1)))])
    blocks = [b for _, b in out]
    blocks.insert(at, note)
    return blocks


def to_slack_blocks(
    message: model.Message, *, limit: int = MAX_BLOCKS, image_urls: Mapping[str, str] | None = None
) -> list[dict[str, Any]]:
    """The message's blocks as validated Block Kit dicts, at most ``limit`` of them."""
    locale = message.locale
    ids = _Ids()
    names = {a.name: a.content_type for a in message.attachments}
    groups: list[tuple[bool, list[Block]]] = []
    for i, block in enumerate(message.blocks):
        rendered = _render(block, locale, ids, image_urls, names)
        keep = isinstance(block, model.Actions) or (i == 0 and isinstance(block, model.Header))
        groups.append((keep, rendered))
    return [b.to_dict() for b in _fit(groups, limit, locale)]


def slack_text(message: model.Message) -> str:
    """The top-level ``text``: notification, fallback and screen-reader text."""
    return cut(_md(message.text, message.locale), TEXT_CHARS, message.locale)


def to_slack(
    message: model.Message, *, image_urls: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """``{"text": ..., "blocks": [...]}`` for chat.postMessage / chat.update / respond()."""
    return {
        "text": slack_text(message),
        "blocks": to_slack_blocks(message, limit=MAX_BLOCKS, image_urls=image_urls),
    }


def to_slack_view(
    message: model.Message,
    *,
    view_type: Literal["home", "modal"] = "home",
    image_urls: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """A views.publish (home) payload; at most 100 blocks."""
    blocks = to_slack_blocks(message, limit=MAX_VIEW_BLOCKS, image_urls=image_urls)
    if not blocks:
        blocks = [SectionBlock(text=_mrkdwn(slack_text(message) or "-")).to_dict()]
    title = None
    if view_type == "modal":
        plain = _pt(message.text, message.locale)
        title = PlainTextObject(text=cut_line(plain, VIEW_TITLE_CHARS) or "vaktbot")
    return View(type=view_type, blocks=blocks, title=title).to_dict()


def to_slack_home(
    message: model.Message, *, image_urls: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """The App Home tab: a views.publish ``view`` of type home (at most 100 blocks)."""
    return to_slack_view(message, view_type="home", image_urls=image_urls)


def _input(field: model.Field, locale: str) -> InputBlock:
    label = cut_line(_pt(field.label, locale), 2000) or field.name
    placeholder = (
        PlainTextObject(text=cut_line(_pt(field.placeholder, locale), 150))
        if field.placeholder
        else None
    )
    initial = safe(field.initial, locale) if field.initial else None
    element: Any
    if field.kind == "date":
        element = DatePickerElement(
            action_id=field.name,
            placeholder=placeholder,
            initial_date=initial if initial and _DATE_RE.match(initial) else None,
        )
    elif field.kind == "select" and field.options:
        options = [
            Option(
                value=v[:OPTION_VALUE_CHARS],
                text=PlainTextObject(text=cut_line(_pt(lbl, locale), 75) or v[:75]),
            )
            for v, lbl in field.options[:100]
        ]
        chosen = next((o for o in options if o.value == field.initial), None)
        element = StaticSelectElement(
            action_id=field.name,
            placeholder=placeholder or PlainTextObject(text=t(locale, "messages.choose")),
            options=options,
            initial_option=chosen,
        )
    else:
        element = PlainTextInputElement(
            action_id=field.name,
            placeholder=placeholder,
            initial_value=initial,
            multiline=field.kind == "multiline",
        )
    return InputBlock(
        block_id=field.name,
        label=PlainTextObject(text=label),
        element=element,
        optional=not field.required,
    )


def to_slack_modal(form: model.Form, message: model.Message | None = None) -> dict[str, Any]:
    """A views.open ``view``: type modal, callback_id = form.action, private_metadata = form.value.

    The message's other content blocks (not its forms or buttons) are shown above the inputs.
    """
    locale = message.locale if message else "en"
    content: list[dict[str, Any]] = []
    if message is not None:
        rest = model.Message(
            text=message.text,
            blocks=tuple(
                b for b in message.blocks if not isinstance(b, model.Form | model.Actions)
            ),
            locale=locale,
            tz=message.tz,
        )
        content = to_slack_blocks(rest, limit=MAX_VIEW_BLOCKS - len(form.fields))
    inputs = [_input(f, locale).to_dict() for f in form.fields[:MAX_VIEW_BLOCKS]]
    blocks = (content + inputs)[-MAX_VIEW_BLOCKS:] if inputs else content[:MAX_VIEW_BLOCKS]
    if not blocks:
        blocks = [SectionBlock(text=_mrkdwn(_md(form.title, locale) or "-")).to_dict()]
    title = cut_line(_pt(form.title, locale), VIEW_TITLE_CHARS) or "vaktbot"
    submit = cut_line(_pt(form.submit_label, locale), VIEW_TITLE_CHARS) or "OK"
    view = View(
        type="modal",
        callback_id=form.action,
        private_metadata=form.value or None,
        title=PlainTextObject(text=title),
        submit=PlainTextObject(text=submit) if form.fields else None,
        close=PlainTextObject(text=cut_line(t(locale, "messages.cancel"), VIEW_TITLE_CHARS)),
        blocks=blocks,
    )
    return view.to_dict()
