"""Hostile text through all three renderers: no mention, no broadcast, no link but ours.

Comments come from the public internet and are shown in staff channels. Whatever text a message
holds - in its summary, header, sections, facts, lists, context, buttons - Slack gets no
``<!channel>``/``<!here>``/``<@U…>``/``<#C…>`` token and no link except to a platform's own host,
Teams gets no Markdown link except those, and neither gets a bare URL (they would link it
themselves); the console gets no control characters.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any
from urllib.parse import urlsplit

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.messages.console import to_text
from bot.messages.markup import PLATFORM_HOSTS, link, quote, to_markdown, to_plain, to_slack
from bot.messages.model import (
    Actions,
    Button,
    Context,
    Facts,
    Header,
    ListBlock,
    Message,
    Section,
)
from bot.messages.slack import to_slack as render_slack
from bot.messages.teams import to_adaptive_card, to_teams_activity

HOSTILE = [
    "<!channel>",
    "<!here>",
    "<!everyone>",
    "<@U01KARI>",
    "<#C01TEAM1>",
    "<!subteam^S0VAKT|@vakt-team1>",
    "<https://evil.example|Logg inn på Skatteetaten>",
    "<https://evil.example>",
    "<http://www.facebook.com/x|http link>",
    "<https://www.facebook.com@evil.example/|fb>",
    "<https://www.facebook.com.evil.example/x|fb>",
    "<https://www.facebook.com:8443/x|port>",
    "<javascript:alert(1)|klikk>",
    "<mailto:x@evil.no|mail>",
    "https://evil.example/login",
    "HTTP://EVIL.EXAMPLE",
    "se skatteetaten-login.no nå",
    "www.evil.com/x",
    "[Logg inn](https://evil.example/login)",
    "[Logg inn] (https://evil.example)",
    "<at>Kari Nordmann</at>",
    "&lt;!channel&gt;",
    "&lt;https://evil.example|x&gt;",
    "…|Åpne> <!channel> <https://evil.example/phish|Åpne kommentaren",
    "\x1b[31mrød\x1b[0m",
    "\u202eevil",
    "*fet* _kursiv_ ~strek~ `kode`",
    "<!date^1767250800^{date}|1. jan.>",
]
hostile_text = st.lists(
    st.one_of(st.sampled_from(HOSTILE), st.text(max_size=30)), min_size=1, max_size=6
).map(" ".join)

TOKEN = re.compile(r"<([^<>]*)>")
# what Slack and Teams turn into a link by themselves: a URL with a scheme, or a host name
SCHEME = re.compile(r"(?i)https?://|\b[a-z0-9-]+\.(?:com|no|se|org|net|dk|fi|eu|io)\b")
MD_LINK = re.compile(r"\[([^\]]*)\]\(([^)]*)\)")


def allowed(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme == "https" and parts.hostname in PLATFORM_HOSTS and not parts.username


def check_slack_mrkdwn(text: str) -> None:
    for m in TOKEN.finditer(text):
        inner = m.group(1)
        if inner.startswith("!date^"):
            continue
        assert "|" in inner and allowed(inner.split("|", 1)[0]), text
    rest = TOKEN.sub(" ", text)
    assert not SCHEME.search(rest), text
    assert "<" not in rest and ">" not in rest


def check_markdown(text: str) -> None:
    for m in MD_LINK.finditer(text):
        assert allowed(m.group(2)), text
    rest = MD_LINK.sub(" ", text)
    assert not SCHEME.search(rest), text
    assert "<at>" not in rest.lower() and "<" not in rest


def strings(obj: Any) -> list[str]:
    if isinstance(obj, str):
        return [obj]
    if isinstance(obj, dict):
        return [s for k, v in obj.items() if k not in ("url", "type") for s in strings(v)]
    if isinstance(obj, list | tuple):
        return [s for v in obj for s in strings(v)]
    return []


def slack_texts(obj: Any, kind: str) -> list[str]:
    """The ``text`` of every Block Kit text object of ``kind`` (mrkdwn or plain_text)."""
    if isinstance(obj, dict):
        own = [obj["text"]] if obj.get("type") == kind and isinstance(obj.get("text"), str) else []
        return own + [s for v in obj.values() for s in slack_texts(v, kind)]
    if isinstance(obj, list):
        return [s for v in obj for s in slack_texts(v, kind)]
    return []


def card_markdown(obj: Any) -> list[str]:
    """The texts a card shows as Markdown: TextBlocks and the facts of FactSets."""
    if isinstance(obj, dict):
        own = [obj["text"]] if obj.get("type") == "TextBlock" else []
        if obj.get("type") == "FactSet":
            own += [x for f in obj["facts"] for x in (f["title"], f["value"])]
        return own + [s for v in obj.values() for s in card_markdown(v)]
    if isinstance(obj, list):
        return [s for v in obj for s in card_markdown(v)]
    return []


def hostile_message(parts: list[str]) -> Message:
    a, b, c, d, e, f = (parts * 6)[:6]
    return Message(
        text=a,
        blocks=(
            Header(b),
            Section(c),
            Facts(((d, e),)),
            ListBlock((e, f), title=a),
            Context(f),
            Actions((Button(b[:40] or "x", "moderation.claim", "1"),)),
        ),
        locale="nb",
    )


@settings(max_examples=300, deadline=None)
@given(hostile_text)
def test_one_text_yields_no_mention_and_no_foreign_link(text: str) -> None:
    check_slack_mrkdwn(to_slack(text))
    check_markdown(to_markdown(text))
    plain = to_plain(text)
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", plain)
    assert not SCHEME.search(re.sub(r"\(https://[^)\s]*\)", " ", plain))


@settings(max_examples=150, deadline=None)
@given(st.lists(hostile_text, min_size=6, max_size=6))
def test_whole_messages_render_safely_on_every_platform(parts: list[str]) -> None:
    message = hostile_message(parts)
    slack = render_slack(message)
    check_slack_mrkdwn(slack["text"])
    mrkdwn = slack_texts(slack["blocks"], "mrkdwn")
    assert mrkdwn  # sections, facts, lists and context are mrkdwn
    for s in mrkdwn:
        check_slack_mrkdwn(s)
    for s in slack_texts(slack["blocks"], "plain_text"):  # never parsed, but not linkable
        assert not SCHEME.search(s), s
    card = to_adaptive_card(message)
    markdown = card_markdown(card["body"])
    assert markdown
    for s in markdown:
        check_markdown(s)
    for s in strings(card["body"]):  # titles of buttons and the like: plain, not linkable
        assert not SCHEME.search(s), s
    activity = to_teams_activity(message)
    assert not SCHEME.search(activity["summary"]) and "<at>" not in activity["summary"].lower()
    text = to_text(message)
    assert "\x1b" not in text and "\u202e" not in text
    assert not SCHEME.search(re.sub(r"\(https://[^)\s]*\)", " ", text))


@given(
    st.text(
        alphabet=st.characters(
            blacklist_characters="*_.:/", blacklist_categories=("Cc", "Cf", "Cs", "Zl", "Zp")
        ),
        max_size=60,
    )
)
def test_quoted_text_shows_exactly_the_text(text: str) -> None:
    """Outside text comes out as it went in: nothing swallowed as markup (bold and italic
    markers, URLs and control characters aside, which are the only things changed)."""
    assert to_plain(quote(text)) == text
    assert html.unescape(to_slack(quote(text))) == text
    assert to_markdown(quote(text)) == text.replace("](", "]\u200b(").replace("<", "‹").replace(
        ">", "›"
    )


def test_a_hostile_permalink_stays_text() -> None:
    evil = "https://www.facebook.com/x|Åpne> <!channel> <https://evil.example/phish"
    assert link(evil, "Åpne") == "Åpne"
    assert link("https://www.facebook.com/123_456", "Åpne") == (
        "<https://www.facebook.com/123_456|Åpne>"
    )
    assert link("http://www.facebook.com/123", "x") == "x"
    assert link("https://evil.example/123", "x") == "x"


def test_our_links_bold_and_dates_survive() -> None:
    text = "*Fet* <https://www.facebook.com/p/1|innlegget> <!date^1767250800^{date_short}|1. jan.>"
    assert to_slack(text) == text
    assert to_markdown(text) == "**Fet** [innlegget](https://www.facebook.com/p/1) 1. jan."
    assert to_plain(text) == "Fet innlegget (https://www.facebook.com/p/1) 1. jan."


def test_the_injection_from_the_issue() -> None:
    comment = (
        "<!channel> <!here> <!everyone> <@U01KARI> <https://evil.example|Logg inn på Skatteetaten>"
    )
    slack = to_slack(quote(comment))
    assert slack == (
        "&lt;!channel&gt; &lt;!here&gt; &lt;!everyone&gt; &lt;@U01KARI&gt; "
        "&lt;hxxps://evil.example|Logg inn på Skatteetaten&gt;"
    )
    teams = to_markdown(quote("[Logg inn](https://evil.example/login)"))
    assert "](" not in teams and "hxxps://" in teams
    assert json.dumps(teams)
