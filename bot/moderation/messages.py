"""Alert message builders: the single-comment alert (and its escalation, reminder and breach
variants), the grouped burst / "while you were away" list and their parts (comment line, state
line, buttons, labels, local time). Every text is localised and excerpts are redacted.

Used by :mod:`bot.moderation.pipeline` and the moderation jobs and handlers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.app import App
from bot.i18n import fmt_ago, fmt_datetime, fmt_time, plural, t
from bot.messages.markup import link, quote
from bot.messages.model import (
    Actions,
    Block,
    Button,
    Context,
    Facts,
    Header,
    ListBlock,
    Message,
    Section,
)
from bot.moderation.classify import label_text
from bot.moderation.rules import queue_order
from bot.privacy.redact import excerpt
from bot.store.models import Comment

GROUP_LINES = 15
# the list messages: a burst, the "while you were away" summary, and escalations, deadline
# reminders and breach notices grouped per recipient and window (AlertDelivery.level)
NOTICE_LISTS = ("escalations", "deadlines", "breaches")
LIST_KINDS = ("group", "away", "backfill", *NOTICE_LISTS)


@dataclass(frozen=True)
class AlertContext:
    comment: Comment
    account: str
    post: str | None
    labels: tuple[str, ...]
    deadline: datetime


def _name(app: App, pid: str | None) -> str:
    p = app.config.person(pid) if pid else None
    return p.name if p else (pid or "?")


def local_time(app: App, loc: str, at: datetime, now: datetime) -> str:
    """Local wall time, labelled with the zone: "mandag 23. nov. 09:14 CET" (with the year
    when it is not this year's)."""
    zone = ZoneInfo(app.tz)
    local = at.astimezone(zone)
    return f"{fmt_datetime(loc, local, now.astimezone(zone).date())} {local.tzname()}"


def labels_text(loc: str, labels: Iterable[str]) -> str:
    return ", ".join(label_text(loc, label) for label in labels)


def state_line(app: App, loc: str, c: Comment) -> str | None:
    """ "Claimed by Kari Nordmann at 09:14" - or None while the comment is new."""
    if c.state == "new" or c.state_at is None:
        return None
    at = fmt_time(loc, c.state_at.astimezone(ZoneInfo(app.tz)))
    return t(loc, f"moderation.state.{c.state}", name=_name(app, c.state_by), time=at)


def buttons(loc: str, c: Comment) -> tuple[Button, ...]:
    value = str(c.id)
    claim = (Button(t(loc, "moderation.button.claim"), "moderation.claim", value, "primary"),)
    rest = (
        Button(t(loc, "moderation.button.answered"), "moderation.answered", value),
        Button(t(loc, "moderation.button.hide"), "moderation.hide", value, "danger"),
        Button(t(loc, "moderation.button.not_relevant"), "moderation.not_relevant", value),
    )
    if c.state == "new":
        return claim + rest
    return rest if c.state == "claimed" else ()


def alert_message(
    app: App, ctx: AlertContext, loc: str, now: datetime, variant: str = "alert"
) -> Message:
    """One comment: excerpt, account, post, labels, age, deadline, link and the four buttons.
    ``variant``: alert | escalation | reminder | breach (changes the first line). After a
    button press the same message carries "Claimed by … at …" and fewer buttons."""
    c = ctx.comment
    labels = labels_text(loc, ctx.labels)
    short = quote(excerpt(c.text or "", 80, loc)) or t(loc, "moderation.empty_text")
    args: dict[str, object] = {"labels": labels, "account": ctx.account, "excerpt": short}
    args["deadline"] = local_time(app, loc, ctx.deadline, now)
    waited = int((now - (c.routed_at or c.received_at)).total_seconds() // 60)
    args["minutes"] = plural(loc, "moderation.n_minutes", waited)
    text = t(loc, f"moderation.{variant}.text", **args)
    state = state_line(app, loc, c)
    if state:
        text = f"{state}. {text}"
    ago = fmt_ago(loc, max(now - c.received_at, timedelta(0)))
    facts = [
        (t(loc, "moderation.label.account"), ctx.account),
        (t(loc, "moderation.label.labels"), labels),
        (
            t(loc, "moderation.label.received"),
            t(loc, "moderation.age", time=local_time(app, loc, c.received_at, now), ago=ago),
        ),
        (t(loc, "moderation.label.deadline"), str(args["deadline"])),
    ]
    if ctx.post:
        facts.insert(1, (t(loc, "moderation.label.post"), quote(excerpt(ctx.post, 100, loc))))
    body = quote(excerpt(c.text or "", 500, loc)) or t(loc, "moderation.empty_text")
    blocks: list[Block] = []
    if variant != "alert":
        blocks.append(Header(t(loc, f"moderation.{variant}.header")))
    blocks += [Section(t(loc, "moderation.quote", text=body)), Facts(tuple(facts))]
    if c.permalink:
        blocks.append(Section(link(c.permalink, t(loc, "moderation.open_comment"))))
    if state:
        blocks.append(Context(state))
    if bs := buttons(loc, c):
        blocks.append(Actions(bs))
    return Message(text=text, blocks=tuple(blocks), locale=loc, tz=app.tz)


def comment_line(app: App, ctx: AlertContext, loc: str, now: datetime) -> str:
    c = ctx.comment
    short = quote(excerpt(c.text or "", 70, loc)) or t(loc, "moderation.empty_text")
    line = t(
        loc,
        "moderation.line",
        labels=labels_text(loc, ctx.labels),
        account=ctx.account,
        excerpt=short,
        ago=fmt_ago(loc, max(now - c.received_at, timedelta(0))),
        id=c.id,
    )
    if c.permalink:
        line += " " + link(c.permalink, t(loc, "moderation.open_comment"))
    state = state_line(app, loc, c)
    return f"{line} – {state}" if state else line


def list_message(
    app: App, contexts: Sequence[AlertContext], loc: str, now: datetime, kind: str
) -> Message:
    """The grouped burst message (``kind="group"``) or the "while you were away" summary
    (``kind="away"``) and the grouped notices: one line per comment, personal data and hate
    first, then by deadline, and how to claim them."""
    n = len(contexts)
    contexts = sorted(contexts, key=lambda ctx: queue_order(ctx.labels, ctx.deadline))
    text = plural(loc, f"moderation.{kind}.text", n)
    lines = tuple(_list_line(app, ctx, loc, now, kind) for ctx in contexts[:GROUP_LINES])
    blocks: tuple[Block, ...] = (
        Header(plural(loc, f"moderation.{kind}.header", n)),
        ListBlock(lines, more=max(0, n - GROUP_LINES)),
        Context(t(loc, "moderation.claim_hint")),
    )
    if kind in (*NOTICE_LISTS, "backfill"):
        queue = Button(t(loc, "moderation.button.open_queue"), "moderation.open_queue", kind)
        blocks += (Actions((queue,)),)
    return Message(text=text, blocks=blocks, locale=loc, tz=app.tz)


def _list_line(app: App, ctx: AlertContext, loc: str, now: datetime, kind: str) -> str:
    line = comment_line(app, ctx, loc, now)
    if kind in ("deadlines", "breaches"):
        deadline = local_time(app, loc, ctx.deadline, now)
        line += f" – {t(loc, 'moderation.label.deadline')}: {deadline}"
    return line
