"""The alert buttons (Claim / Mark answered / Hide / Show / Keep hidden / Not relevant), the
"Open the queue" button, `/vakt queue`, `/vakt mine`, the App Home section "my comments", and
the feature's registry (COMMANDS, ACTIONS, HELP; the Reply form and saved answers are in
``handlers.moderation.replies``).

A button moves a comment with ONE conditional UPDATE (``bot.moderation.states.transition``), so
when two people press Claim at the same moment exactly one succeeds and the other gets a polite
note; every message that carried the comment is edited in place. Hide and Show are recorded
under an idempotency key and performed once on Meta (``bot.moderation.actions``).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.app import App
from bot.i18n import plural, t
from bot.messages.model import (
    Actions,
    Block,
    Button,
    Context,
    Header,
    ListBlock,
    Message,
    Reply,
    Section,
)
from bot.moderation.actions import perform
from bot.moderation.classify import LABELS, label_of, label_text
from bot.moderation.ledger import (
    next_toggle_key,
    request_action,
    retry_failed,
)
from bot.moderation.messages import (
    comment_line,
    refusal_text,
    state_line,
)
from bot.moderation.pipeline import alert_message, deadline_for, load_contexts
from bot.moderation.rules import (
    OPEN_STATES,
    parse_labels,
    queue_order,
)
from bot.moderation.states import transition
from bot.moderation.status import is_open
from bot.prefs import locale_for
from bot.requests import ActionRequest, Request
from bot.store.models import Account, Comment
from handlers.moderation.common import (
    in_a_team,
    may_act,
    meta_ready,
    outcome_reply,
    pressed_comment,
    refusal,
    say,
    settle,
    visible_to,
)
from handlers.moderation.replies import REPLY_SEND, answers, reply, reply_send

log = logging.getLogger("vaktbot.moderation")

QUEUE_LIMIT = 10  # comments per /vakt queue answer (a Section and a button row each)


def _listed(value: str) -> list[int]:
    """The comments of the list card a button was on ("<id>@<id>,<id>,..."), else []."""
    _, _, rest = value.partition("@")
    try:
        return [int(x) for x in rest.split(",") if x][:QUEUE_LIMIT]
    except ValueError:
        return []


def _list_value(cid: int, listed: Sequence[int]) -> str:
    return f"{cid}@{','.join(str(x) for x in listed)}"


def _queue_blocks(
    app: App, session: Session, rows: Sequence[Comment], loc: str, now: datetime, total: int
) -> list[Block]:
    """The queue card: a line per comment, Claim while it is new, who has it once claimed."""
    ctxs = load_contexts(app, session, rows)
    listed = [c.id for c in rows]
    blocks: list[Block] = [Header(plural(loc, "moderation.queue.header", total))]
    for c in rows:
        blocks.append(Section(comment_line(app, ctxs[c.id], loc, now)))
        if c.state == "new":
            label = t(loc, "moderation.button.claim")
            value = _list_value(c.id, listed)
            blocks.append(Actions((Button(label, "moderation.claim", value, "primary"),)))
        elif (line := state_line(app, loc, c)) is not None:
            blocks.append(Context(line))
    return blocks


def _press(app: App, req: ActionRequest, action: str) -> Reply:
    loc = req.locale
    pressed = pressed_comment(app, req)
    if isinstance(pressed, Reply):
        return pressed
    person, cid = pressed
    with app.sessions.begin() as s:
        current = s.get(Comment, cid)
        if current is not None and not (verdict := may_act(app, person, current, req.now)):
            return say(app, loc, verdict.reason)
        c = transition(app, s, cid, action, person, req.now)
        if c is None:  # someone got there first: read the comment as it is now
            return refusal(app, loc, s.get(Comment, cid, populate_existing=True), person)
        listed = _listed(req.value)
        if cid in listed:
            # a button on the queue card: the same list, only the pressed item changed
            found = {x.id: x for x in s.scalars(select(Comment).where(Comment.id.in_(listed)))}
            rows = [found[x] for x in listed if x in found]
            total = sum(1 for x in rows if x.state in OPEN_STATES)
            blocks = _queue_blocks(app, s, rows, loc, req.now, total)
            text = plural(loc, "moderation.queue.text", total)
            msg = Message(text=text, blocks=tuple(blocks), locale=loc, tz=app.tz)
        else:
            msg = alert_message(app, load_contexts(app, s, [c])[cid], loc, req.now)
    log.info("comment state changed", extra={"comment": cid, "action": action})
    return Reply(msg, ephemeral=False, replace_original=True)


def claim(app: App, req: ActionRequest) -> Reply:
    return _press(app, req, "claim")


def answered(app: App, req: ActionRequest) -> Reply:
    return _press(app, req, "answered")


def not_relevant(app: App, req: ActionRequest) -> Reply:
    return _press(app, req, "dismiss")


def _toggle(app: App, req: ActionRequest, kind: str) -> Reply:
    """Hide (``kind="hide"``) or show again (``"unhide"``) on the platform: written as an
    action under its idempotency key, then performed once (bot.moderation.actions)."""
    loc = req.locale
    pressed = pressed_comment(app, req)
    if isinstance(pressed, Reply):
        return pressed
    person, cid = pressed
    if kind == "unhide":
        settle(app, cid, req.now)
    with app.sessions.begin() as s:
        c = s.get(Comment, cid)
        if c is None:
            return say(app, loc, "moderation.refuse.unknown")
        if kind == "hide" and c.state not in OPEN_STATES:
            return refusal(app, loc, c, person)
        if kind == "unhide" and not c.is_hidden:
            return say(app, loc, "moderation.action.already_visible")
        if not (verdict := may_act(app, person, c, req.now)):
            return say(app, loc, verdict.reason)
        if refused := meta_ready(app, loc, s.get(Account, c.account_id)):
            return refused
        key = next_toggle_key(s, kind, cid)
        action = request_action(s, key=key, comment_id=cid, kind=kind, actor=person, now=req.now)
        action_id = action.id
        retry_failed(s, action_id)
    outcome = perform(app, action_id, req.now)
    log.info("comment action", extra={"comment": cid, "kind": kind, "status": outcome.status})
    if outcome.status == "failed":
        reason = refusal_text(loc, outcome.error)
        if kind == "hide":
            return say(app, loc, "moderation.hide.failed", reason=reason)
        return say(app, loc, "moderation.action.failed", reason=reason)
    return outcome_reply(app, loc, cid, outcome, req.now)


def hide(app: App, req: ActionRequest) -> Reply:
    return _toggle(app, req, "hide")


def show(app: App, req: ActionRequest) -> Reply:
    """Show a hidden comment again (Facebook is_hidden=false, Instagram hide=false): the undo
    of a rule's hide and of a moderator's."""
    return _toggle(app, req, "unhide")


def keep_hidden(app: App, req: ActionRequest) -> Reply:
    """A comment a rule hid, reviewed: it stays hidden (no call to Meta). Not hidden yet (the
    rule's hide failed): hidden now."""
    pressed = pressed_comment(app, req)
    if isinstance(pressed, Reply):
        return pressed
    person, cid = pressed
    settle(app, cid, req.now)
    with app.sessions() as s:
        c = s.get(Comment, cid)
        hidden = c is not None and c.is_hidden
    if not hidden:
        return _toggle(app, req, "hide")
    return _press(app, req, "keep_hidden")


def _open(app: App, session: Session, now: datetime) -> list[Comment]:
    """The open comments, most urgent first (:func:`bot.moderation.rules.queue_order`)."""
    rows = session.scalars(
        select(Comment).where(is_open()).order_by(Comment.received_at, Comment.id)
    ).all()
    return sorted(rows, key=lambda c: _urgency(app, c))


def _urgency(app: App, c: Comment) -> tuple[int, datetime]:
    return queue_order(parse_labels(c.labels), deadline_for(app, c.created_at))


def queue(app: App, req: Request) -> Reply:
    loc = req.locale
    if not in_a_team(app, req.person):
        return say(app, loc, "moderation.refuse.not_in_team")
    wanted: set[str] = set()
    if req.args:
        label = label_of(req.rest)
        if label is None:
            names = ", ".join(label_text(loc, x) for x in LABELS)
            return say(app, loc, "moderation.queue.bad_label", value=req.rest, labels=names)
        wanted.add(label)
    with app.sessions() as s:
        rows = [
            c
            for c in visible_to(app, req.person, _open(app, s, req.now), req.now)
            if not wanted or wanted & set(parse_labels(c.labels))
        ]
        if not rows:
            return say(app, loc, "moderation.queue.empty")
        blocks = _queue_blocks(app, s, rows[:QUEUE_LIMIT], loc, req.now, len(rows))
    if len(rows) > QUEUE_LIMIT:
        blocks.append(Context(t(loc, "common.and_more", n=len(rows) - QUEUE_LIMIT)))
    text = plural(loc, "moderation.queue.text", len(rows))
    return Reply(Message(text=text, blocks=tuple(blocks), locale=loc, tz=app.tz))


def _mine(app: App, session: Session, person: str, now: datetime, loc: str) -> list[str]:
    rows = session.scalars(
        select(Comment)
        .where(Comment.state == "claimed", Comment.state_by == person)
        .order_by(Comment.received_at, Comment.id)
    ).all()
    rows = sorted(rows, key=lambda c: _urgency(app, c))
    ctxs = load_contexts(app, session, rows)
    return [comment_line(app, ctxs[c.id], loc, now) for c in rows]


def mine(app: App, req: Request) -> Reply:
    loc = req.locale
    if not in_a_team(app, req.person):
        return say(app, loc, "moderation.refuse.not_in_team")
    assert req.person is not None
    with app.sessions() as s:
        lines = _mine(app, s, req.person, req.now, loc)
    if not lines:
        return say(app, loc, "moderation.mine.empty")
    n = len(lines)
    blocks = (
        Header(plural(loc, "moderation.mine.header", n)),
        ListBlock(tuple(lines[:30]), more=max(0, n - 30)),
    )
    return Reply(
        Message(text=plural(loc, "moderation.mine.text", n), blocks=blocks, locale=loc, tz=app.tz)
    )


def home_section(app: App, session: Session, person: str | None, now: datetime) -> list[Block]:
    """App Home: my open claims (nothing when I have none)."""
    if not person:
        return []
    loc = locale_for(session, app.config, person)
    lines = _mine(app, session, person, now, loc)
    if not lines:
        return []
    return [
        Header(t(loc, "moderation.home.header")),
        ListBlock(tuple(lines[:10]), more=max(0, len(lines) - 10)),
    ]


def open_queue(app: App, req: ActionRequest) -> Reply:
    """The "Open the queue" button on a grouped notice: the presser's `/vakt queue`."""
    return queue(app, req.as_command("queue"))


COMMANDS = {"queue": queue, "mine": mine, "answers": answers}
BARE = ("mine",)
ACTIONS = {
    "moderation.open_queue": open_queue,
    "moderation.claim": claim,
    "moderation.answered": answered,
    "moderation.hide": hide,
    "moderation.not_relevant": not_relevant,
    "moderation.show": show,
    "moderation.keep_hidden": keep_hidden,
    "moderation.reply": reply,
    REPLY_SEND: reply_send,
}
HELP = [
    ("queue", "moderation.help.queue"),
    ("mine", "moderation.help.mine"),
    ("answers", "moderation.help.answers"),
]
