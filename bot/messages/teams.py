"""Render neutral messages as Microsoft Teams Adaptive Cards (version 1.5).

Narrow-screen first: one column of TextBlocks, FactSets and ActionSets, every TextBlock with
``"wrap": true``. Buttons become ``Action.Submit`` with ``data = {"action", "value"}`` (link
buttons ``Action.OpenUrl``); at most three per row, further ones behind an ``Action.ShowCard``
"More". Forms become ``Input.*`` elements with label, isRequired and errorMessage. The serialized
card is kept under 28 KB by dropping content from the end with "… and N more". Every
human-readable string passes :func:`bot.messages.safe` (redaction).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from bot.i18n import normalise_locale, t
from bot.messages import and_more, cut, cut_items, cut_line, model, safe
from bot.messages.markup import quote, to_markdown, to_plain

SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
VERSION = "1.5"
CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
MAX_CARD_BYTES = 28_000
# Teams refuses a message over about 28 KB - the whole activity, not the card alone. What the
# transport adds to the rendered activity (conversation, from, recipient, serviceUrl,
# channelData, a mention) is kept under ENVELOPE_RESERVE.
MAX_ACTIVITY_BYTES = 28_000
ENVELOPE_RESERVE = 2_000
SUMMARY_CHARS = 300  # the notification preview
MAX_INLINE_IMAGE_B64 = 12_000  # base64 characters; larger images get an alt-text placeholder
TEXT_CHARS = 8_000
SHOWN_ACTIONS = 3
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SLASH_COMMAND = re.compile(r"(?<![\w/.:])/vakt\b")
TEAMS_COMMAND = "@vaktbot"
_STYLES = {"primary": "positive", "danger": "destructive"}


def card_size(card: Mapping[str, Any]) -> int:
    """Size in bytes of the serialized card (UTF-8 JSON)."""
    return len(json.dumps(card, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def _text(text: str, **extra: Any) -> dict[str, Any]:
    return {"type": "TextBlock", "text": text, "wrap": True, **extra}


def teams_commands(text: str) -> str:
    """Command hints in Teams' own form: the texts say ``/vakt queue`` (Slack and the console),
    Teams has no slash command, so ``@vaktbot queue`` (which also works in the personal chat)."""
    return _SLASH_COMMAND.sub(TEAMS_COMMAND, text)


def _md(text: str | None, locale: str) -> str:
    """A neutral text as card Markdown: redacted, our links only, nothing else can link."""
    return cut(to_markdown(teams_commands(safe(text, locale))), TEXT_CHARS, locale)


def _pt(text: str | None, locale: str) -> str:
    """A neutral text for a field Teams shows as plain text (titles of buttons, alt texts)."""
    return to_plain(teams_commands(safe(text, locale)))


def _action(button: model.Button, locale: str) -> dict[str, Any]:
    title = cut_line(_pt(button.label, locale), 80) or button.action
    if button.url:
        return {"type": "Action.OpenUrl", "title": title, "url": button.url}
    action: dict[str, Any] = {
        "type": "Action.Submit",
        "title": title,
        "data": {"action": button.action, "value": button.value},
    }
    if button.style in _STYLES:
        action["style"] = _STYLES[button.style]
    return action


def _action_set(buttons: tuple[model.Button, ...], locale: str) -> dict[str, Any]:
    actions = [_action(b, locale) for b in buttons[:SHOWN_ACTIONS]]
    rest = [_action(b, locale) for b in buttons[SHOWN_ACTIONS:]]
    if rest:
        actions.append(
            {
                "type": "Action.ShowCard",
                "title": t(locale, "messages.more"),
                "card": {
                    "type": "AdaptiveCard",
                    "body": [_text(t(locale, "messages.more_actions"), isSubtle=True)],
                    "actions": rest,
                },
            }
        )
    return {"type": "ActionSet", "actions": actions}


def _image(
    block: model.Image,
    locale: str,
    image_urls: Mapping[str, str] | None,
    message: model.Message,
) -> dict[str, Any]:
    alt = cut_line(_pt(block.alt, locale), 1000)
    url = block.url
    if not url and block.attachment:
        if image_urls and block.attachment in image_urls:
            url = image_urls[block.attachment]
        else:
            att = next((a for a in message.attachments if a.name == block.attachment), None)
            if (
                att is not None
                and att.content_type.startswith("image/")
                and len(att.data_b64) <= MAX_INLINE_IMAGE_B64
            ):
                url = f"data:{att.content_type};base64,{att.data_b64}"
            elif att is not None:
                text = t(locale, "messages.image_attached", alt=quote(alt))
                return _text(_md(text, locale), isSubtle=True)
    if not url:
        return _text(_md(t(locale, "messages.image", alt=quote(alt)), locale), isSubtle=True)
    return {"type": "Image", "url": url, "altText": alt or "-"}


def _input(field: model.Field, locale: str) -> dict[str, Any]:
    label = _pt(field.label, locale) or field.name
    element: dict[str, Any] = {
        "id": field.name,
        "label": label,
        "isRequired": field.required,
        "errorMessage": _pt(field.error, locale)
        or _pt(t(locale, "messages.field_required", label=quote(label)), locale),
    }
    initial = safe(field.initial, locale) if field.initial else None
    placeholder = _pt(field.placeholder, locale) if field.placeholder else None
    if field.kind == "date":
        element["type"] = "Input.Date"
        if initial and _DATE_RE.match(initial):
            element["value"] = initial
    elif field.kind == "select" and field.options:
        element["type"] = "Input.ChoiceSet"
        element["style"] = "compact"
        element["choices"] = [
            {"title": _pt(lbl, locale) or v, "value": v} for v, lbl in field.options
        ]
        if field.initial and any(v == field.initial for v, _ in field.options):
            element["value"] = field.initial
        placeholder = placeholder or t(locale, "messages.choose")
    else:
        element["type"] = "Input.Text"
        element["isMultiline"] = field.kind == "multiline"
        if initial:
            element["value"] = initial
    if placeholder:
        element["placeholder"] = placeholder
    return element


def _form(form: model.Form, locale: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = [_text(_md(form.title, locale), weight="Bolder")]
    items += [_input(f, locale) for f in form.fields]
    items.append(
        {
            "type": "ActionSet",
            "actions": [
                {
                    "type": "Action.Submit",
                    "title": _pt(form.submit_label, locale) or "OK",
                    "style": "positive",
                    "data": {"action": form.action, "value": form.value},
                }
            ],
        }
    )
    return items


def _render(
    block: Any, locale: str, image_urls: Mapping[str, str] | None, message: model.Message
) -> list[dict[str, Any]]:
    if isinstance(block, model.Header):
        text = cut_line(_md(block.text, locale), 500)
        return [_text(text, size="Large", weight="Bolder", style="heading")]
    if isinstance(block, model.Section):
        return [_text(_md(block.text, locale))]
    if isinstance(block, model.Facts):
        facts = [
            {"title": cut_line(_md(k, locale), 500), "value": _md(v, locale)}
            for k, v in block.items
        ]
        return [{"type": "FactSet", "facts": facts}] if facts else []
    if isinstance(block, model.ListBlock):
        out: list[dict[str, Any]] = []
        if block.title:
            out.append(_text(_md(block.title, locale), weight="Bolder"))
        lines = [f"- {to_markdown(safe(i, locale))}" for i in block.items]
        if lines or block.more:
            out.append(_text(cut_items(lines, TEXT_CHARS, locale, block.more)))
        return out
    if isinstance(block, model.Context):
        text = _md(block.text, locale)
        return [_text(text, isSubtle=True, size="Small")] if text else []
    if isinstance(block, model.Divider):
        return []  # the next element gets "separator": true
    if isinstance(block, model.Image):
        return [_image(block, locale, image_urls, message)]
    if isinstance(block, model.Actions):
        return [_action_set(block.buttons, locale)] if block.buttons else []
    if isinstance(block, model.Form):
        return [{"type": "Container", "items": _form(block, locale)}]
    raise TypeError(f"unknown block {type(block).__name__}")


def _card(body: list[dict[str, Any]], message: model.Message) -> dict[str, Any]:
    return {
        "type": "AdaptiveCard",
        "$schema": SCHEMA,
        "version": VERSION,
        "lang": normalise_locale(message.locale),
        "fallbackText": cut_line(_pt(message.text, message.locale), SUMMARY_CHARS),
        "body": body,
    }


def _keep(element: dict[str, Any]) -> bool:
    return element["type"] in ("ActionSet", "Container")


def to_adaptive_card(
    message: model.Message,
    *,
    image_urls: Mapping[str, str] | None = None,
    max_bytes: int = MAX_CARD_BYTES,
) -> dict[str, Any]:
    """The message as an Adaptive Card 1.5 dict (under ``max_bytes`` serialized)."""
    locale = message.locale
    body: list[dict[str, Any]] = []
    separator = False
    for block in message.blocks:
        if isinstance(block, model.Divider):
            separator = bool(body)
            continue
        for element in _render(block, locale, image_urls, message):
            if separator:
                element["separator"] = True
                element["spacing"] = "Medium"
                separator = False
            body.append(element)
    card = _card(body, message)
    if card_size(card) < max_bytes:
        return card
    return _shrink(body, message, max_bytes)


def _shrink(body: list[dict[str, Any]], message: model.Message, max_bytes: int) -> dict[str, Any]:
    """Drop content elements from the end (buttons and forms stay) until the card fits."""
    content = [i for i, e in enumerate(body) if not _keep(e)]
    lo, hi = 1, len(content)
    best: dict[str, Any] | None = None

    def attempt(n_drop: int) -> dict[str, Any]:
        gone = set(content[len(content) - n_drop :])
        kept = [e for i, e in enumerate(body) if i not in gone]
        note = _text(and_more(message.locale, n_drop), isSubtle=True)
        last_content = max((i for i, e in enumerate(kept) if not _keep(e)), default=-1)
        kept.insert(last_content + 1, note)
        return _card(kept, message)

    while lo <= hi:  # the fewest drops that fit
        mid = (lo + hi) // 2
        card = attempt(mid)
        if card_size(card) < max_bytes:
            best, hi = card, mid - 1
        else:
            lo = mid + 1
    if best is not None:
        return best
    # even without content it is too big (huge forms or button rows): keep what fits
    card = attempt(len(content))
    while card["body"] and card_size(card) >= max_bytes:
        card["body"].pop()
    return card


def to_teams_activity(
    message: model.Message, *, image_urls: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """A Bot Framework message Activity: the card as its one attachment, and the summary line as
    ``summary`` (the notification preview and what a screen reader announces) - not as
    ``text``, which Teams would show above the card, saying everything twice. The card is cut
    so the whole activity, with what the transport adds, stays under 28 KB."""
    summary = cut_line(_pt(message.text, message.locale), SUMMARY_CHARS)
    activity: dict[str, Any] = {
        "type": "message",
        # without "<at>…</at>": a mention needs an entity, but leave no doubt
        "summary": summary.replace("<", "‹").replace(">", "›"),
        "locale": message.locale,
        "attachments": [{"contentType": CARD_CONTENT_TYPE, "content": {}}],
    }
    budget = MAX_ACTIVITY_BYTES - ENVELOPE_RESERVE - card_size(activity)
    activity["attachments"][0]["content"] = to_adaptive_card(
        message, image_urls=image_urls, max_bytes=min(MAX_CARD_BYTES, budget)
    )
    return activity
