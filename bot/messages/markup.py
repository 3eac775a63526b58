"""The neutral inline markup of message texts, and how each platform gets it safely.

Texts in the neutral model use a small Slack-like markup: ``*bold*``, ``_italic_``, a link token
``<https://host/path|label>`` and a date token ``<!date^epoch^format|fallback>``. A literal
``<``, ``>`` or ``&`` is written ``&lt;``, ``&gt;``, ``&amp;``. Builders put outside text (comment
text, author names, post texts, titles from files) in with :func:`quote` and links with
:func:`link`, so nothing from outside can become a token.

The renderers do not trust that: :func:`tokens` reads a text and accepts only the tokens above,
and a link only to a validated https URL on a platform's own host (or the bot's own public
host); anything else that looks like a token (``<!channel>``, ``<@U01KARI>``, ``<#C1>``,
``<!subteam^S1>``, a link to any other host) is shown as plain text. Bare URLs and domain names in
text are defanged (``hxxps://evil[.]example``), because Slack and Teams turn them into links by
themselves. Markdown link syntax cannot form in Teams output, and the console gets no control
characters. A property test drives hostile text through all three renderers.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

# hosts whose URLs may be links: the platforms' own (permalinks of posts and comments)
PLATFORM_HOSTS = frozenset(
    {
        "facebook.com",
        "www.facebook.com",
        "m.facebook.com",
        "business.facebook.com",
        "instagram.com",
        "www.instagram.com",
        "linkedin.com",
        "www.linkedin.com",
        "youtube.com",
        "www.youtube.com",
        "youtu.be",
        "x.com",
        "twitter.com",
    }
)
_TOKEN = re.compile(r"<([^<>]*)>")
_DATE = re.compile(r"!date\^(\d{1,12})\^([^|^]{1,80})(?:\^[^|]*)?\|([^|]*)")
# a URL with a scheme, or a host name with a known top-level domain: both become links on their
# own in Slack and Teams
_SCHEME_URL = re.compile(r"(?i)\b(h)(tt)(ps?)(://)")
_TLDS = (
    "no|se|dk|fi|is|eu|com|org|net|info|io|ly|me|co|app|dev|xyz|biz|online|site|link|club|"
    "top|shop|gov|edu|int|ru|cn|uk|de|nl|fr|us|tk|ml|ga|cf|gq|to|gl|tv|cc|ai|sh|so|la"
)
_DOMAIN = re.compile(rf"(?i)\b((?:[a-z0-9][a-z0-9-]{{0,62}}\.)+)({_TLDS})\b")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")
_ZWSP = "\u200b"


@dataclass(frozen=True)
class Text:
    text: str  # literal text (entities decoded)


@dataclass(frozen=True)
class Link:
    url: str
    label: str  # literal text


@dataclass(frozen=True)
class Date:
    epoch: int
    fmt: str
    fallback: str  # literal text


Token = Text | Link | Date


def quote(text: str | None) -> str:
    """Outside text as markup that shows exactly this text and can never form a token."""
    if not text:
        return ""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


SLACK_DATE_FORMAT = "{date_short_pretty} {time}"


def date_token(at: datetime, fallback: str, fmt: str = SLACK_DATE_FORMAT) -> str:
    """An instant as a date token: Slack shows it in each reader's own zone and language
    ("Today 08:00", "Mon, 7 Dec 08:00"); Teams and the console show ``fallback`` (the time in
    the organisation's zone, written by the caller)."""
    epoch = int(at.timestamp())
    return f"<!date^{epoch}^{fmt}|{quote(fallback).replace('|', '/')}>"


def allowed_url(url: str | None, extra_hosts: Iterable[str] = ()) -> str | None:
    """The URL if it may be a link: https, no user info, a platform's own host or one of
    ``extra_hosts`` (the bot's public host), no characters that could break a token."""
    if not url or len(url) > 2000 or any(c in url for c in "<>|\"' \t\r\n"):
        return None
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        return None
    if parts.scheme != "https" or parts.username or parts.password or port not in (None, 443):
        return None
    if host not in PLATFORM_HOSTS and host not in {h.lower() for h in extra_hosts}:
        return None
    return url


def link(url: str | None, label: str, extra_hosts: Iterable[str] = ()) -> str:
    """A link token to ``url`` with the (outside) text ``label``, or just the label."""
    safe_url = allowed_url(url, extra_hosts)
    shown = quote(label.replace("|", "/"))
    return f"<{safe_url}|{shown}>" if safe_url else shown


def tokens(text: str, extra_hosts: Iterable[str] = ()) -> Iterator[Token]:
    """The text's tokens; only well-formed links to allowed URLs and date tokens count."""
    pos = 0
    hosts = tuple(extra_hosts)
    for m in _TOKEN.finditer(text):
        if m.start() > pos:
            yield Text(html.unescape(text[pos : m.start()]))
        inner = m.group(1)
        tok: Token | None = None
        if "|" in inner and not inner.startswith("!"):
            url, label = inner.split("|", 1)
            if allowed_url(url, hosts):
                tok = Link(url, html.unescape(label))
        elif (d := _DATE.fullmatch(inner)) is not None:
            tok = Date(int(d.group(1)), d.group(2), html.unescape(d.group(3)))
        yield tok if tok is not None else Text(html.unescape(m.group(0)))
        pos = m.end()
    if pos < len(text):
        yield Text(html.unescape(text[pos:]))


def defang(text: str) -> str:
    """Bare URLs and domain names as text that no client turns into a link."""
    text = _SCHEME_URL.sub(lambda m: f"{m.group(1)}xx{m.group(3)}{m.group(4)}", text)
    return _DOMAIN.sub(lambda m: m.group(1)[:-1] + "[.]" + m.group(2), text)


def without_controls(text: str) -> str:
    return _CONTROL.sub("", text)


def _slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_slack(text: str, extra_hosts: Iterable[str] = ()) -> str:
    """Slack mrkdwn: links and dates as Slack tokens, everything else escaped and defanged."""
    out: list[str] = []
    for tok in tokens(text, extra_hosts):
        if isinstance(tok, Link):
            label = _slack_escape(defang(without_controls(tok.label))).replace("|", "/")
            out.append(f"<{tok.url}|{label or tok.url}>")
        elif isinstance(tok, Date):
            fallback = _slack_escape(without_controls(tok.fallback)).replace("|", "/")
            out.append(f"<!date^{tok.epoch}^{tok.fmt}|{fallback}>")
        else:
            out.append(_slack_escape(defang(without_controls(tok.text))))
    return "".join(out)


def _markdown_text(text: str) -> str:
    # no "[label](url)", "<url>" or bare URL can form: brackets are kept apart from what
    # follows, angle brackets become look-alikes, URLs are defanged
    text = defang(without_controls(text))
    return text.replace("](", "]" + _ZWSP + "(").replace("<", "‹").replace(">", "›")


def to_markdown(text: str, extra_hosts: Iterable[str] = ()) -> str:
    """Markdown for Teams cards: links as [label](url), *bold* as **bold**, text defused."""
    out: list[str] = []
    for tok in tokens(text, extra_hosts):
        if isinstance(tok, Link):
            label = _markdown_text(tok.label).replace("]", ")") or tok.url
            out.append(f"[{label}]({tok.url})")
        elif isinstance(tok, Date):
            out.append(_markdown_text(tok.fallback))
        else:
            out.append(_BOLD.sub(r"**\1**", _markdown_text(tok.text)))
    return "".join(out)


def to_plain(text: str, extra_hosts: Iterable[str] = ()) -> str:
    """Plain text (the console, Slack plain_text fields): links as "label (url)", no markup."""
    out: list[str] = []
    for tok in tokens(text, extra_hosts):
        if isinstance(tok, Link):
            out.append(f"{defang(without_controls(tok.label))} ({tok.url})")
        elif isinstance(tok, Date):
            out.append(without_controls(tok.fallback))
        else:
            plain = _ITALIC.sub(r"\1", _BOLD.sub(r"\1", defang(without_controls(tok.text))))
            out.append(plain)
    return "".join(out)


_BOLD = re.compile(r"(?<![\w*])\*(\S(?:[^*\n]*?\S)?)\*(?![\w*])")
_ITALIC = re.compile(r"(?<![\w_])_(\S(?:[^_\n]*?\S)?)_(?![\w_])")
