"""The alert buttons (Claim / Mark answered / Hide on platform / Not relevant), `/vakt queue`,
`/vakt mine` and the App Home section "my comments".

A button moves a comment with ONE conditional UPDATE (``WHERE state IN (...)``) as the first
statement of its transaction, so when two people press Claim at the same moment exactly one row
update succeeds (SQLite serialises writers; PostgreSQL re-checks the condition after the row
lock) and the other person gets a polite note. The winner's press is written to the audit log,
every message that carried the comment is edited in place, and the presser's own message is
replaced. "Hide on platform" calls Meta through ``app.meta`` - a factory called with
the comment's ``Account`` row that returns a client with ``async hide_comment(external_id,
hidden, platform=...)`` - and reports failure plainly.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from bot.app import App
from bot.audit import audit
from bot.delivery.outbox import enqueue_update, retire
from bot.duty.rotation import duty_at
from bot.duty.store import rotation_for
from bot.i18n import fmt_time, plural, t
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
from bot.moderation.classify import LABELS, label_of, label_text
from bot.moderation.messages import comment_line, list_message, state_line
from bot.moderation.pipeline import alert_message, load_contexts
from bot.moderation.rules import OPEN_STATES, TRANSITIONS, needs_attention, parse_labels
from bot.policy import Act, Verdict, decide, is_admin, teams_of
from bot.prefs import locale_for
from bot.requests import ActionRequest, Request
from bot.store.models import Account, AlertDelivery, Comment

log = logging.getLogger("vaktbot.moderation")

HIDE_TIMEOUT = 8.0  # seconds to wait for Meta before reporting failure
QUEUE_LIMIT = 10  # comments per /vakt queue answer (a Section and a button row each)
LOOKBACK = timedelta(days=14)
_POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="meta-hide")


def _say(app: App, loc: str, key: str, **kw: object) -> Reply:
    text = t(loc, key, **kw)
    return Reply(Message(text=text, blocks=(Section(text),), locale=loc, tz=app.tz))


def _refusal(app: App, loc: str, c: Comment | None, person: str) -> Reply:
    if c is None:
        return _say(app, loc, "moderation.refuse.unknown")
    if c.state == "claimed":
        if c.state_by == person:
            return _say(app, loc, "moderation.refuse.own")
        p = app.config.person(c.state_by or "")
        at = fmt_time(loc, c.state_at.astimezone(ZoneInfo(app.tz))) if c.state_at else "?"
        return _say(app, loc, "moderation.refuse.taken", name=p.name if p else c.state_by, time=at)
    return _say(app, loc, "moderation.refuse.resolved", state=state_line(app, loc, c) or c.state)


def _in_a_team(app: App, person: str | None) -> bool:
    return bool(person and (app.config.teams_of(person) or is_admin(app.config, person)))


def _team_of_account(app: App, account_id: str) -> str | None:
    acc = next((a for a in app.config.accounts if a.id == account_id), None)
    return acc.team if acc is not None else None


def comment_teams(app: App, c: Comment, now: datetime) -> frozenset[str] | None:
    """The teams a comment belongs to. With a rotation, whole teams take turns: the team on
    duty when it arrived, and the team on duty now (a new shift takes over what is open).
    Without one, the account's team (None: every team)."""
    rotation = rotation_for(app)
    if rotation is None:
        team = _team_of_account(app, c.account_id)
        return None if team is None else frozenset({team})
    return frozenset({duty_at(rotation, c.received_at).team.id, duty_at(rotation, now).team.id})


def may_act(app: App, person: str, c: Comment, now: datetime) -> Verdict:
    """May ``person`` change this comment (policy: a comment of their team; someone else's
    claim only as that team's lead or an admin)?"""
    owner = c.state_by if c.state == "claimed" else None
    teams = comment_teams(app, c, now)
    return decide(app.config, person, Act.ACT_ON_COMMENT, team=teams, owner=owner)


def visible_to(app: App, person: str | None, rows: list[Comment], now: datetime) -> list[Comment]:
    """The comments that belong to the person's teams (all of them for an admin)."""
    if is_admin(app.config, person):
        return rows
    mine = teams_of(app.config, person)
    out = []
    for c in rows:
        teams = comment_teams(app, c, now)
        if teams is None or teams & mine:
            out.append(c)
    return out


def edit_deliveries(app: App, session: Session, comment: Comment, now: datetime) -> int:
    """Queue an in-place edit of every message that carried this comment; returns how many."""
    rows = session.scalars(
        select(AlertDelivery).where(
            AlertDelivery.comment_id == comment.id, AlertDelivery.level != "batched"
        )
    ).all()
    version = f"{comment.id}:{comment.state}:{comment.state_by}:{comment.state_at}"
    edited = 0
    for d in rows:
        loc = locale_for(session, app.config, d.person)
        if d.level == "group":
            members = session.scalars(
                select(Comment)
                .join(AlertDelivery, AlertDelivery.comment_id == Comment.id)
                .where(AlertDelivery.outbox_key == d.outbox_key)
                .order_by(Comment.received_at, Comment.id)
            ).all()
            ctxs = load_contexts(app, session, members)
            msg = list_message(app, [ctxs[m.id] for m in members], loc, now, "group")
        else:
            ctx = load_contexts(app, session, [comment])[comment.id]
            msg = alert_message(app, ctx, loc, now, d.level)
        edited += enqueue_update(
            session, ref_key=d.outbox_key, message=msg, now=now, version=version
        )
    return edited


def purge_held(session: Session, comment_id: int) -> None:
    """Drop held (not yet grouped) alerts of a comment that was just resolved."""
    session.execute(
        delete(AlertDelivery).where(
            AlertDelivery.comment_id == comment_id, AlertDelivery.level == "batched"
        )
    )


def transition(
    app: App, session: Session, comment_id: int, action: str, person: str, now: datetime
) -> Comment | None:
    """Apply ``action`` if the comment is still in a state it may start from; the updated
    comment, or None when someone else got there first (nothing changed then)."""
    allowed, new_state = TRANSITIONS[action]
    values: dict[str, Any] = {"state": new_state, "state_by": person, "state_at": now}
    if new_state == "answered":
        values["answered_at"] = now
    if new_state == "hidden":
        values["is_hidden"] = True
    res = session.execute(
        update(Comment)
        .where(Comment.id == comment_id, Comment.state.in_(allowed))
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if getattr(res, "rowcount", 0) != 1:
        return None
    c = session.get(Comment, comment_id)
    assert c is not None
    session.refresh(c)
    audit(
        session, actor=person, action=f"comment.{action}", subject=f"comment:{comment_id}", now=now
    )
    purge_held(session, comment_id)
    if c.state not in OPEN_STATES:
        retire_alerts(session, comment_id, c.state)
    edit_deliveries(app, session, c, now)
    return c


def retire_alerts(session: Session, comment_id: int, state: str) -> int:
    """A handled comment's alerts that have not gone out yet are no longer worth sending
    (grouped messages stay: they carry other comments too)."""
    keys = session.scalars(
        select(AlertDelivery.outbox_key).where(
            AlertDelivery.comment_id == comment_id,
            AlertDelivery.level.in_(("alert", "escalation", "reminder")),
        )
    ).all()
    return retire(session, list(keys), f"the comment was {state} before delivery")


def _pressed(app: App, req: ActionRequest) -> tuple[str, int] | Reply:
    """(person, comment id) of a button press on a comment, or the refusal to answer."""
    verdict = decide(app.config, req.person, Act.ACT_ON_COMMENT)
    if not verdict or req.person is None:
        return _say(app, req.locale, verdict.reason)
    try:
        return req.person, int(req.value.partition("@")[0])
    except ValueError:
        return _say(app, req.locale, "moderation.refuse.unknown")


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
    pressed = _pressed(app, req)
    if isinstance(pressed, Reply):
        return pressed
    person, cid = pressed
    with app.sessions.begin() as s:
        current = s.get(Comment, cid)
        if current is not None and not (verdict := may_act(app, person, current, req.now)):
            return _say(app, loc, verdict.reason)
        c = transition(app, s, cid, action, person, req.now)
        if c is None:  # someone got there first: read the comment as it is now
            return _refusal(app, loc, s.get(Comment, cid, populate_existing=True), person)
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


def _hide_on_meta(factory: Callable[[Any], Any], account: Account, external_id: str) -> bool:
    """Run the async Meta call to completion on a worker thread's own event loop (handlers are
    synchronous and may be called from inside the server's loop)."""

    async def go() -> bool:
        client = factory(account)
        try:
            return bool(await client.hide_comment(external_id, True, platform=account.platform))
        finally:
            closer = getattr(client, "aclose", None)
            if closer is not None:
                await closer()

    return _POOL.submit(asyncio.run, go()).result(timeout=HIDE_TIMEOUT)


def hide(app: App, req: ActionRequest) -> Reply:
    loc = req.locale
    pressed = _pressed(app, req)
    if isinstance(pressed, Reply):
        return pressed
    person, cid = pressed
    with app.sessions() as s:
        c = s.get(Comment, cid)
        if c is None or c.state not in OPEN_STATES:
            return _refusal(app, loc, c, person)
        if not (verdict := may_act(app, person, c, req.now)):
            return _say(app, loc, verdict.reason)
        account = s.get(Account, c.account_id)
        external_id = c.external_id
    factory = app.meta
    if factory is None or account is None:
        return _say(app, loc, "moderation.hide.no_meta")
    if account.platform not in ("facebook", "instagram"):
        return _say(app, loc, "moderation.hide.unsupported", platform=account.platform)
    reason = ""
    try:
        ok = _hide_on_meta(factory, account, external_id)
        reason = "" if ok else "Meta answered success=false"
    except FutureTimeout:
        ok, reason = False, f"no answer from Meta within {HIDE_TIMEOUT:.0f} s"
    except Exception as exc:  # report every failure plainly, never pretend
        ok = False
        reason = str(getattr(exc, "message", "") or type(exc).__name__)[:160]
        log.warning("hide on platform failed", extra={"comment": cid, "error": type(exc).__name__})
    if not ok:
        with app.sessions.begin() as s:
            audit(
                s,
                actor=person,
                action="comment.hide_failed",
                subject=f"comment:{cid}",
                now=req.now,
                detail={"platform": account.platform},
            )
        return _say(app, loc, "moderation.hide.failed", reason=reason)
    with app.sessions.begin() as s:
        c2 = transition(app, s, cid, "hide", person, req.now)
        if c2 is None:  # resolved meanwhile: it is hidden on the platform all the same
            s.execute(update(Comment).where(Comment.id == cid).values(is_hidden=True))
            return _refusal(app, loc, s.get(Comment, cid), person)
        msg = alert_message(app, load_contexts(app, s, [c2])[cid], loc, req.now)
    return Reply(msg, ephemeral=False, replace_original=True)


# --- commands ---------------------------------------------------------------------------------


def _open(session: Session, now: datetime) -> list[Comment]:
    rows = session.scalars(
        select(Comment)
        .where(Comment.state.in_(OPEN_STATES), Comment.labels.is_not(None), Comment.labels != "")
        .where(Comment.from_page.is_(False), Comment.deleted.is_(False))
        .where(Comment.received_at > now - LOOKBACK)
        .order_by(Comment.received_at, Comment.id)
    ).all()
    return [c for c in rows if needs_attention(parse_labels(c.labels))]


def queue(app: App, req: Request) -> Reply:
    loc = req.locale
    if not _in_a_team(app, req.person):
        return _say(app, loc, "moderation.refuse.not_in_team")
    wanted: set[str] = set()
    if req.args:
        label = label_of(req.rest)
        if label is None:
            names = ", ".join(label_text(loc, x) for x in LABELS)
            return _say(app, loc, "moderation.queue.bad_label", value=req.rest, labels=names)
        wanted.add(label)
    with app.sessions() as s:
        rows = [
            c
            for c in visible_to(app, req.person, _open(s, req.now), req.now)
            if not wanted or wanted & set(parse_labels(c.labels))
        ]
        if not rows:
            return _say(app, loc, "moderation.queue.empty")
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
    ctxs = load_contexts(app, session, rows)
    return [comment_line(app, ctxs[c.id], loc, now) for c in rows]


def mine(app: App, req: Request) -> Reply:
    loc = req.locale
    if not _in_a_team(app, req.person):
        return _say(app, loc, "moderation.refuse.not_in_team")
    assert req.person is not None
    with app.sessions() as s:
        lines = _mine(app, s, req.person, req.now, loc)
    if not lines:
        return _say(app, loc, "moderation.mine.empty")
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


COMMANDS = {"queue": queue, "mine": mine}
BARE = ("mine",)
ACTIONS = {
    "moderation.claim": claim,
    "moderation.answered": answered,
    "moderation.hide": hide,
    "moderation.not_relevant": not_relevant,
}
HELP = [("queue", "moderation.help.queue"), ("mine", "moderation.help.mine")]
