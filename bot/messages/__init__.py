"""The neutral message model and its renderers (Slack, Teams, console).

Every human-readable string goes through :func:`safe` at render time, so personal data
(identity numbers, phone numbers, e-mail addresses) never reaches a chat platform or the console.
The helpers here are shared by the three renderers.
"""

from __future__ import annotations

from bot.i18n import t
from bot.privacy.redact import redact

__all__ = [
    "and_more",
    "cut",
    "cut_items",
    "cut_line",
    "safe",
]


def safe(text: str | None, locale: str | None = None) -> str:
    """Redact personal data from ``text``; the one redaction hook of all renderers."""
    if not text:
        return ""

    return redact(text, locale)


def and_more(locale: str | None, n: int) -> str:
    """Localised "… and N more"."""
    return t(locale, "common.and_more", n=n)


def cut_line(text: str, limit: int) -> str:
    """Cut one line to ``limit`` characters on a word boundary, ending with "…"."""
    if len(text) <= limit:
        return text
    if limit <= 1:
        return "…"[:limit]
    head = text[: limit - 1]
    space = head.rfind(" ")
    if space > limit // 2:
        head = head[:space]
    return head.rstrip() + "…"


def cut(text: str, limit: int, locale: str | None) -> str:
    """Fit ``text`` into ``limit`` characters.

    Whole lines are kept while they fit and the rest is summarised as "… and N more" (N lines).
    A single line that is too long is cut on a word boundary with "…".
    """
    if len(text) <= limit:
        return text
    lines = text.split("\n")
    if len(lines) > 1:
        kept: list[str] = []
        size = 0
        for i, line in enumerate(lines):
            rest = len(lines) - i - 1
            more = "\n" + and_more(locale, rest) if rest else ""
            extra = len(line) + (1 if kept else 0)
            if size + extra + len(more) > limit:
                break
            kept.append(line)
            size += extra
        if kept:
            dropped = len(lines) - len(kept)
            tail = "\n" + and_more(locale, dropped)
            if size + len(tail) <= limit:
                return "\n".join(kept) + tail
    return cut_line(text.replace("\n", " "), limit)


def cut_items(lines: list[str], limit: int, locale: str | None, more: int = 0) -> str:
    """Join list lines with newlines within ``limit`` characters.

    ``more`` items were already left out by the caller; whatever else does not fit is added to
    them in one closing "… and N more" line.
    """
    text = "\n".join(lines) + (("\n" if lines else "") + and_more(locale, more) if more else "")
    if len(text) <= limit:
        return text
    width = max(limit - 40, 1)
    kept: list[str] = []
    size = 0
    for i, line in enumerate(lines):
        line = cut_line(line, width)
        rest = len(lines) - i - 1 + more
        tail = len("\n" + and_more(locale, rest)) if rest else 0
        extra = len(line) + (1 if kept else 0)
        if size + extra + tail > limit:
            break
        kept.append(line)
        size += extra
    dropped = len(lines) - len(kept) + more
    body = "\n".join(kept)
    return (body + ("\n" if kept else "") + and_more(locale, dropped)) if dropped else body
