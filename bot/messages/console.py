"""Render neutral messages as plain text for the console transport and `vaktbot demo`.

Headers are underlined, facts are "label: value", lists use "•", buttons are shown as
``[Claim] /vakt press <action> <value>`` so a console user can press them, and a form is a
one-line syntax hint. Every human-readable string passes :func:`bot.messages.safe` (redaction).
"""

from __future__ import annotations

from bot.i18n import t
from bot.messages import and_more, model, safe
from bot.messages.markup import quote, to_plain

DIVIDER = "─" * 40


def press_hint(button: model.Button, locale: str) -> str:
    """``[Claim] /vakt press moderation.claim 42`` (or ``[Open] <url>`` for a link button)."""
    label = _plain(button.label, locale)
    if button.url:
        return f"[{label}] {button.url}"
    command = f"/vakt press {button.action}"
    return f"[{label}] {command} {button.value}" if button.value else f"[{label}] {command}"


def _field_hint(field: model.Field, locale: str) -> str:
    if field.kind == "date":
        shape = t(locale, "messages.date_hint")
    elif field.kind == "select" and field.options:
        shape = "|".join(v for v, _ in field.options)
    else:
        shape = "…"
    hint = f"{field.name}=<{shape}>"
    return hint if field.required else f"[{hint}]"


def form_hint(form: model.Form, locale: str) -> str:
    """One line: ``Form “Add task” – type: /vakt press plan.add 7 title=<…> due=<YYYY-MM-DD>``."""
    parts = ["/vakt press", form.action]
    if form.value:
        parts.append(form.value)
    parts += [_field_hint(f, locale) for f in form.fields]
    return t(
        locale, "messages.console_form", title=_plain(form.title, locale), syntax=" ".join(parts)
    )


def _plain(text: str | None, locale: str) -> str:
    """Redacted, without markup or control characters; bare URLs defanged."""
    return to_plain(safe(text, locale))


def _block(block: object, message: model.Message) -> list[str]:
    locale = message.locale
    if isinstance(block, model.Header):
        text = _plain(block.text, locale)
        return [text, "═" * max(len(text), 3)]
    if isinstance(block, model.Section):
        return [_plain(block.text, locale)]
    if isinstance(block, model.Facts):
        return [f"{_plain(k, locale)}: {_plain(v, locale)}" for k, v in block.items]
    if isinstance(block, model.ListBlock):
        lines = [_plain(block.title, locale)] if block.title else []
        lines += [f"  • {_plain(item, locale)}" for item in block.items]
        if block.more:
            lines.append("  " + and_more(locale, block.more))
        return lines
    if isinstance(block, model.Context):
        return [f"  {_plain(block.text, locale)}"]
    if isinstance(block, model.Divider):
        return [DIVIDER]
    if isinstance(block, model.Image):
        alt = _plain(block.alt, locale)
        attached = any(a.name == block.attachment for a in message.attachments)
        key = "messages.image_attached" if attached else "messages.image"
        line = _plain(t(locale, key, alt=quote(alt)), locale)
        if block.url:
            line += f" ({block.url})"
        return [line]
    if isinstance(block, model.Actions):
        return [press_hint(b, locale) for b in block.buttons]
    if isinstance(block, model.Form):
        return [form_hint(block, locale)]
    raise TypeError(f"unknown block {type(block).__name__}")


def to_text(message: model.Message) -> str:
    """The whole message as console text (the summary ``text`` when there are no blocks)."""
    lines: list[str] = []
    for block in message.blocks:
        lines.extend(_block(block, message))
    if not lines:
        return _plain(message.text, message.locale)
    return "\n".join(lines)
