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
from bot.moderation.rules import OPEN_STATES, queue_order
from bot.privacy.redact import excerpt
from bot.store.models import Comment, PlatformAction

GROUP_LINES = 15
ACTION_LINES = 4  # platform actions shown on an alert (the newest)
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
    actions: tuple[PlatformAction, ...] = ()  # hide / unhide / reply on Meta, oldest first


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


def buttons(loc: str, c: Comment, hidden: bool | None = None) -> tuple[Button, ...]:
    """Claim, Reply, Mark answered, Hide, Not relevant while the comment is open and visible;
    Show / Keep hidden (and Reply) while it is open and hidden (a rule hid it on arrival);
    Show alone once it was hidden for good (one press undoes the hide)."""
    value = str(c.id)
    hidden = c.is_hidden if hidden is None else hidden
    show = Button(t(loc, "moderation.button.show"), "moderation.show", value, "primary")
    reply = Button(t(loc, "moderation.button.reply"), "moderation.reply", value)
    if c.state in OPEN_STATES and hidden:
        keep = Button(
            t(loc, "moderation.button.keep_hidden"), "moderation.keep_hidden", value, "danger"
        )
        return (show, keep, reply)
    if c.state == "hidden" and hidden:
        return (show,)
    claim = (Button(t(loc, "moderation.button.claim"), "moderation.claim", value, "primary"),)
    rest = (
        reply,
        Button(t(loc, "moderation.button.answered"), "moderation.answered", value),
        Button(t(loc, "moderation.button.hide"), "moderation.hide", value, "danger"),
        Button(t(loc, "moderation.button.not_relevant"), "moderation.not_relevant", value),
    )
    if c.state == "new":
        return claim + rest
    return rest if c.state == "claimed" else ()


def refusal_text(loc: str, kind: str | None) -> str:
    return t(loc, f"moderation.refusal.{kind or 'refused'}")


def action_lines(app: App, loc: str, actions: Sequence[PlatformAction], c: Comment) -> list[str]:
    """What was done on the platform, by whom (a rule's action names the rule): the last few.
    A rule's hide waits for review until someone shows the comment or decides on it."""
    zone = ZoneInfo(app.tz)
    lines: list[str] = []
    waiting = c.state in OPEN_STATES and c.is_hidden
    for a in actions[-ACTION_LINES:]:
        if a.rule:
            rule = t(loc, f"moderation.rule.{a.rule}")
            reason = refusal_text(loc, a.error_kind)
            status = "reviewed" if a.status == "done" and not waiting else a.status
            lines.append(t(loc, f"moderation.auto.{status}", rule=rule, reason=reason))
            continue
        name = _name(app, a.actor)
        at = fmt_time(loc, (a.done_at or a.created_at).astimezone(zone))
        if a.status == "failed":
            reason = refusal_text(loc, a.error_kind)
            lines.append(t(loc, f"moderation.failed.{a.kind}", name=name, reason=reason))
        elif a.status == "pending":
            lines.append(t(loc, f"moderation.pending.{a.kind}", name=name))
        elif a.kind == "reply":
            text = excerpt(a.text or "", 200, loc)
            lines.append(t(loc, "moderation.done.reply", name=name, time=at, text=text))
        elif a.kind == "unhide":
            lines.append(t(loc, "moderation.done.unhide", name=name, time=at))
    return lines


def alert_message(
    app: App, ctx: AlertContext, loc: str, now: datetime, variant: str = "alert"
) -> Message:
    """One comment: excerpt, account, post, labels, age, deadline, link and the four buttons.
    ``variant``: alert | escalation | reminder | breach (changes the first line). After a
    button press the same message carries "Claimed by … at …" and fewer buttons."""
    c = ctx.comment
    # a comment alerted only because a rule hid it (pre-moderation) has no label of its own
    labels = labels_text(loc, ctx.labels) or t(loc, "moderation.labels.review")
    short = quote(excerpt(c.text or "", 80, loc)) or t(loc, "moderation.empty_text")
    args: dict[str, object] = {"labels": labels, "account": ctx.account, "excerpt": short}
    args["deadline"] = local_time(app, loc, ctx.deadline, now)
    waited = int((now - (c.routed_at or c.received_at)).total_seconds() // 60)
    args["minutes"] = plural(loc, "moderation.n_minutes", waited)
    text = t(loc, f"moderation.{variant}.text", **args)
    state = state_line(app, loc, c)
    done = action_lines(app, loc, ctx.actions, c)
    if state:
        text = f"{state}. {text}"
    if done:
        text = f"{done[-1]}. {text}"
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
    blocks += [Context(line) for line in done]
    # a rule's hide on its way counts as hidden: the first alert already offers Show
    hiding = any(a.rule and a.kind == "hide" and a.status == "pending" for a in ctx.actions)
    if bs := buttons(loc, c, c.is_hidden or hiding):
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
        # how long the writer has waited: since it was written (a comment fetched late, by a
        # backfill, is as old as it is, not "just now"); never in the future
        ago=fmt_ago(loc, max(now - c.created_at, timedelta(0))),
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
