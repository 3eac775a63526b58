"""Moderation on the clock: one job, ``moderation.minute``, every minute, in three steps
(each also callable on its own with a ``Minute(app, session, fire)``):

* batch - alerts held back by the burst rule go out as ONE grouped message per
  person (if that person is still on duty; otherwise the comments go back to the queue).
* escalate - an alerted comment still unclaimed after N minutes (per priority,
  ``moderation.escalate_after_minutes``) goes to the lead of the team on duty (key
  ``alert:escalate:<comment>``; the team channel when the lead is away; only inside opening
  hours); an open comment whose response deadline is near gets a reminder (the claimer by DM if on
  duty, else the team channel; ``alert:deadline:<comment>``); a breached deadline is posted to
  the team channel (``alert:breach:<comment>``).
* away - at the start of each opening (the first minute the service runs inside
  opening hours that day), one "while you were away" summary of the queued comments to the
  channel of the team on duty (``alert:away:<team>:<opening date>``).

Nobody off duty gets a DM: every DM is checked against the rotation at the fire time. One job
rather than three keeps an idle minute to one transaction and a couple of cheap queries; the
rotation (and absences/swaps) is only read when a step has something to decide.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import (
    ColumnElement,
    and_,
    bindparam,
    exists,
    func,
    or_,
    select,
)
from sqlalchemy.orm import Session

from bot.app import App
from bot.config import AlertRoutes, Config
from bot.delivery.outbox import enqueue, enqueue_update
from bot.duty.model import Duty
from bot.duty.rotation import duty_at
from bot.duty.store import load_deviations, rotation_for
from bot.moderation.actions import perform_pending
from bot.moderation.messages import list_message
from bot.moderation.pipeline import alert_message, deadline_for, load_contexts, open_notice
from bot.moderation.rules import (
    BREACH_HORIZON,
    OPEN_STATES,
    breached,
    escalate_after,
    escalation_due,
    may_message,
    needs_attention,
    parse_labels,
    reminder_due,
)
from bot.prefs import locale_for
from bot.store.models import AlertDelivery, Comment, Outbox, PlatformAction
from scheduler.job import Job

LOOKBACK = timedelta(days=14)
_KEY = {"escalation": "escalate", "reminder": "deadline", "breach": "breach"}
# the list a notice joins when more than one is due for the same recipient in one window
LIST_OF = {"escalation": "escalations", "reminder": "deadlines", "breach": "breaches"}
_LEVELS = {level: (level, grouped) for level, grouped in LIST_OF.items()}


class Minute:
    """One fire of the minute job, shared by its steps: who is on duty and the open comments,
    each read from the database on first use only."""

    def __init__(self, app: App, session: Session, fire: datetime) -> None:
        self.app, self.session, self.fire = app, session, fire
        self._loaded = False
        self._duty: Duty | None = None
        self._comments: list[Comment] | None = None

    def duty(self) -> Duty | None:
        if not self._loaded:
            rotation = rotation_for(self.app)
            if rotation is not None:
                self._duty = duty_at(rotation, self.fire, load_deviations(self.session))
            self._loaded = True
        return self._duty

    def is_open(self) -> bool:
        """Inside opening hours? (absences and swaps do not change the mode: no queries)"""
        rotation = rotation_for(self.app)
        return rotation is not None and duty_at(rotation, self.fire).mode == "open"

    def comments(self) -> list[Comment]:
        """The open comments a step may act on (see ``_live``), as of the first step asking."""
        if self._comments is None:
            self._comments = list(
                self.session.scalars(_OPEN, {"since": self.fire - LOOKBACK, "until": self.fire})
            )
        return self._comments


def _team(app: App, duty: Duty | None) -> str | None:
    if duty is not None:
        return duty.team.id
    return app.config.teams[0].id if app.config.teams else None


def _told(kind: str) -> ColumnElement[bool]:
    """The comment's ``kind`` notice (escalation, reminder, breach) went out, alone or in a
    grouped list."""
    return exists().where(
        AlertDelivery.comment_id == Comment.id, AlertDelivery.level.in_(_LEVELS[kind])
    )


def _live(since: ColumnElement[datetime]) -> tuple[ColumnElement[bool], ...]:
    """Open, labelled comments received after ``since`` that a step may still act on: queued
    ones, alerted ones not yet escalated, and any whose breach has not been told (a comment
    whose breach was told is past its reminder too)."""
    return (
        Comment.state.in_(OPEN_STATES),
        Comment.labels.is_not(None),
        Comment.labels != "",
        Comment.from_page.is_(False),
        Comment.deleted.is_(False),
        Comment.received_at > since,
        or_(
            and_(
                Comment.state == "new",
                or_(Comment.routed_at.is_(None), ~_told("escalation")),
            ),
            ~_told("breach"),
        ),
    )


# built once: statements are asked every minute (and by next_work at every step of the demo)
_OPEN = (
    select(Comment)
    .where(*_live(bindparam("since")), Comment.received_at <= bindparam("until"))
    .order_by(Comment.received_at, Comment.id)
)
_LIVE_ROWS = select(
    Comment.id,
    Comment.state,
    Comment.labels,
    Comment.routed_at,
    Comment.created_at,
    Comment.received_at,
    *(_told(level).label(key) for level, key in _KEY.items()),
).where(*_live(bindparam("since")))
_FIRST_HELD = select(func.min(AlertDelivery.created_at)).where(AlertDelivery.level == "batched")
_AWAY_SENT = select(exists().where(Outbox.key == bindparam("key")))


def _send(
    app: App,
    session: Session,
    *,
    key: str,
    target: str,
    person: str | None,
    level: str,
    ctx: object,
    fire: datetime,
) -> bool:
    loc = locale_for(session, app.config, person)
    msg = alert_message(app, ctx, loc, fire, level)  # type: ignore[arg-type]
    kind = f"alert.{level}"
    # an escalation or a reminder is worth trying until the response deadline; a breach notice
    # comes after it, and lives the default day
    deadline = getattr(ctx, "deadline", None) if level in ("escalation", "reminder") else None
    if not enqueue(
        session, key=key, kind=kind, target=target, message=msg, now=fire, expires_at=deadline
    ):
        return False
    _delivered(session, [int(key.rsplit(":", 1)[1])], key, person, level, fire)
    return True


def _delivered(
    session: Session, comment_ids: list[int], key: str, person: str | None, level: str, at: datetime
) -> None:
    """Record that the message under ``key`` tells ``person`` (None: a channel) of the comments."""
    session.add_all(
        AlertDelivery(comment_id=cid, outbox_key=key, person=person, level=level, created_at=at)
        for cid in comment_ids
    )


def escalate_job(now: Minute) -> None:
    """Escalations, deadline reminders and breach notices - only inside opening hours, so no
    channel hears of them at night (a deadline falls inside working hours, see
    bot.metrics.response_deadline; a breach told at the next opening is told all the same).
    Notices for the same recipient and kind within ``moderation.notice_window_minutes`` make ONE
    message: the first goes out alone, the next ones turn it into a list, edited in place."""
    app, session, fire = now.app, now.session, now.fire
    comments = now.comments()
    if not comments or not now.is_open():
        return
    mod = app.config.moderation
    before = timedelta(minutes=mod.remind_before_deadline_minutes)
    todo: list[tuple[Comment, str]] = []
    for c in comments:
        labels = parse_labels(c.labels)
        if not needs_attention(labels):
            continue
        if c.state == "new" and escalation_due(
            c.routed_at, labels, fire, mod.escalate_after_minutes
        ):
            todo.append((c, "escalation"))
        deadline = deadline_for(app, c.created_at)
        if reminder_due(deadline, fire, before):
            todo.append((c, "reminder"))
        elif deadline > c.received_at and breached(
            deadline, fire, _breach_horizon(app, deadline)
        ):  # a deadline that passed before the comment arrived (backfill) is not told
            todo.append((c, "breach"))
    if not todo:
        return
    done = set(
        session.execute(
            select(AlertDelivery.comment_id, AlertDelivery.level).where(
                AlertDelivery.comment_id.in_({c.id for c, _ in todo})
            )
        ).all()
    )
    todo = [(c, level) for c, level in todo if not any((c.id, lv) in done for lv in _LEVELS[level])]
    if not todo:
        return
    duty = now.duty()
    team = _team(app, duty)
    team_cfg = app.config.team(team) if team else None
    routes = team_cfg.alerts if team_cfg is not None else AlertRoutes()
    groups: dict[tuple[str, str | None, str], list[Comment]] = defaultdict(list)
    for c, level in todo:
        target, person = f"channel:{team}", None
        if level == "escalation" and routes.escalation == "lead":
            assert duty is not None
            got_it = session.scalar(
                select(
                    exists().where(
                        AlertDelivery.comment_id == c.id, AlertDelivery.person == duty.lead
                    )
                )
            )
            if duty.lead in duty.members and not got_it:  # else the team channel hears of it
                target, person = f"user:{duty.lead}", duty.lead
        elif level == "breach" and routes.breach == "lead":
            if duty is not None and duty.lead in duty.members:
                target, person = f"user:{duty.lead}", duty.lead
        elif level == "reminder" and routes.reminder == "claimer":
            if c.state == "claimed" and c.state_by:
                if may_message(duty, c.state_by, parse_labels(c.labels)):
                    target, person = f"user:{c.state_by}", c.state_by
        groups[(target, person, level)].append(c)
    window = timedelta(minutes=mod.notice_window_minutes)
    for (target, person, level), group in groups.items():
        _notify(app, session, target, person, level, group, fire, window)


def _breach_horizon(app: App, deadline: datetime) -> timedelta:
    """A breach is told within a day of the first opening at or after the deadline (a deadline
    at closing time is told the next morning, not dropped over the weekend)."""
    opens = _open_from(app, deadline) or deadline
    return (opens - deadline) + BREACH_HORIZON


def _notify(
    app: App,
    session: Session,
    target: str,
    person: str | None,
    level: str,
    group: list[Comment],
    fire: datetime,
    window: timedelta,
) -> None:
    """Tell ``target`` of ``group``'s ``level`` notices: alone, as a new list, or by editing the
    list (or single notice) already sent to it in the window."""
    grouped = LIST_OF[level]
    open_key = open_notice(session, target, _LEVELS[level], fire - window)
    if open_key is None and len(group) == 1:
        c = group[0]
        ctx = load_contexts(app, session, group)[c.id]
        _send(
            app,
            session,
            key=f"alert:{_KEY[level]}:{c.id}",
            target=target,
            person=person,
            level=level,
            ctx=ctx,
            fire=fire,
        )
        return
    earlier: list[AlertDelivery] = []
    if open_key is not None:
        earlier = list(
            session.scalars(select(AlertDelivery).where(AlertDelivery.outbox_key == open_key))
        )
        for d in earlier:
            d.level = grouped  # the single notice becomes a list: it carries the others too
    key = open_key or f"alert:{grouped}:{target}:{fire.isoformat()}"
    _delivered(session, [c.id for c in group], key, person, grouped, fire)
    members = [*_comments(session, [d.comment_id for d in earlier]), *group]
    loc = locale_for(session, app.config, person)
    ctxs = load_contexts(app, session, members)
    msg = list_message(app, [ctxs[c.id] for c in members], loc, fire, grouped)
    if open_key is not None:
        enqueue_update(
            session,
            ref_key=open_key,
            message=msg,
            now=fire,
            version=f"{grouped}:{len(members)}:{fire.isoformat()}",
        )
        return
    enqueue(session, key=key, kind=f"alert.{grouped}", target=target, message=msg, now=fire)


def _comments(session: Session, ids: list[int]) -> list[Comment]:
    if not ids:
        return []
    return list(
        session.scalars(
            select(Comment).where(Comment.id.in_(ids)).order_by(Comment.received_at, Comment.id)
        )
    )


def batch_job(now: Minute) -> None:
    app, session, fire = now.app, now.session, now.fire
    held = session.scalars(
        select(AlertDelivery)
        .where(AlertDelivery.level == "batched", AlertDelivery.created_at <= fire)
        .order_by(AlertDelivery.id)
    ).all()
    if not held:
        return
    duty = now.duty()
    by_person: dict[str, list[AlertDelivery]] = defaultdict(list)
    for d in held:
        by_person[d.person or ""].append(d)
    comments = {
        c.id: c
        for c in session.scalars(
            select(Comment).where(Comment.id.in_({d.comment_id for d in held}))
        )
    }
    for pid, rows in by_person.items():
        keep = [
            d
            for d in rows
            if comments[d.comment_id].state in OPEN_STATES
            and may_message(duty, pid, parse_labels(comments[d.comment_id].labels))
        ]
        for d in rows:
            if d in keep:
                continue
            session.delete(d)
            c = comments[d.comment_id]
            if c.state == "new" and not _has_delivery(session, c.id, d.id):
                c.routed_at = None  # back to the queue for the next opening
        if not keep:
            continue
        key = f"alert:group:{pid}:{keep[0].id}"
        ctxs = load_contexts(app, session, [comments[d.comment_id] for d in keep])
        loc = locale_for(session, app.config, pid)
        msg = list_message(app, [ctxs[d.comment_id] for d in keep], loc, fire, "group")
        enqueue(session, key=key, kind="alert.group", target=f"user:{pid}", message=msg, now=fire)
        for d in keep:
            d.outbox_key, d.level = key, "group"


def _has_delivery(session: Session, comment_id: int, other_than: int) -> bool:
    q = select(
        exists().where(AlertDelivery.comment_id == comment_id, AlertDelivery.id != other_than)
    )
    return bool(session.scalar(q))


def away_job(now: Minute) -> None:
    app, session, fire = now.app, now.session, now.fire
    queued = [
        c
        for c in now.comments()
        if c.state == "new" and c.routed_at is None and needs_attention(parse_labels(c.labels))
    ]
    if not queued or not now.is_open():
        return
    duty = now.duty()
    if duty is None:
        return
    day = fire.astimezone(ZoneInfo(app.tz)).date()
    key = f"alert:away:{duty.team.id}:{day.isoformat()}"
    if session.scalar(select(exists().where(Outbox.key == key))):
        return
    loc = app.config.organisation.locale
    ctxs = load_contexts(app, session, queued)
    msg = list_message(app, [ctxs[c.id] for c in queued], loc, fire, "away")
    enqueue(
        session, key=key, kind="alert.away", target=f"channel:{duty.team.id}", message=msg, now=fire
    )
    for c in queued:
        c.routed_at = fire  # the escalation clock starts at the opening


def minute_job(app: App, session: Session, fire: datetime) -> None:
    """batch, then away (so summarised comments start their escalation clock), then escalate."""
    now = Minute(app, session, fire)
    batch_job(now)
    away_job(now)  # reads the open comments after the batch step put some back in the queue
    escalate_job(now)


# --- when the minute job next has work (for a runner that skips idle fires) --------------


def _open_from(app: App, t: datetime) -> datetime | None:
    """The first instant at or after ``t`` inside opening hours (None: no rotation/opening)."""
    rotation = rotation_for(app)
    if rotation is None:
        return None
    duty = duty_at(rotation, t)
    return t if duty.mode == "open" else duty.next_opening


def _away_from(app: App, session: Session, t: datetime) -> datetime | None:
    """The first opening at or after ``t`` whose day has no "while you were away" yet."""
    rotation = rotation_for(app)
    if rotation is None:
        return None
    deviations = load_deviations(session)
    zone = ZoneInfo(app.tz)
    for _ in range(14):  # a day with a summary already sent moves on to the next opening
        at = _open_from(app, t)
        if at is None:
            return None
        team = duty_at(rotation, at, deviations).team.id
        day = at.astimezone(zone).date()
        if not session.scalar(_AWAY_SENT, {"key": f"alert:away:{team}:{day}"}):
            return at
        t = datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=zone)
    return t


def next_work(app: App, session: Session, after: datetime) -> datetime | None:
    """The earliest instant after ``after`` at which ``minute_job`` does something, from what is
    stored: a held batch, queued comments at the next opening, an escalation, a deadline
    reminder or a breach. Each step's own rule, read forward instead of asked every minute."""
    found: list[datetime] = []
    held = session.scalar(_FIRST_HELD)
    if held is not None:
        found.append(held)
    comments = [
        c
        for c in session.execute(_LIVE_ROWS, {"since": after - LOOKBACK})
        if needs_attention(parse_labels(c.labels))
    ]
    mod = app.config.moderation
    before = timedelta(minutes=mod.remind_before_deadline_minutes)
    if any(c.state == "new" and c.routed_at is None for c in comments):
        away = _away_from(app, session, after)
        if away is not None:
            found.append(away)
    for c in comments:
        gone = c.received_at + LOOKBACK  # the step stops looking at the comment then
        if c.state == "new" and c.routed_at is not None and not c.escalate:
            due = c.routed_at + escalate_after(parse_labels(c.labels), mod.escalate_after_minutes)
            at = _open_from(app, max(due, after))
            if at is not None and at < gone:
                found.append(at)
        deadline = deadline_for(app, c.created_at)
        windows = (
            (c.deadline, deadline - before, deadline),
            (c.breach, deadline, deadline + _breach_horizon(app, deadline)),
        )
        for sent, start, end in windows:
            if sent or deadline <= c.received_at:
                continue
            opens = _open_from(app, max(start, after))  # notices go out inside opening hours
            if opens is not None and opens < min(end, gone):
                found.append(opens)
    return min(found, default=None)


async def platform_actions_job(app: App, now: datetime) -> None:
    """Hides, unhides and replies whose call found no answer (a timeout, a restart mid-call):
    tried again once their lease has run out, looking first (bot.moderation.actions)."""
    done = await asyncio.to_thread(perform_pending, app, now)
    if done:
        app.wake_sender()


def actions_next_work(app: App, session: Session, after: datetime) -> datetime | None:
    """When a pending platform action's lease runs out (at once for one without a lease)."""
    leases = list(
        session.scalars(
            select(PlatformAction.lease_until).where(PlatformAction.status == "pending")
        )
    )
    if not leases:
        return None
    return max(after, min(lease or after for lease in leases))


def jobs(config: Config) -> list[Job]:
    minute = Job(
        name="moderation.minute",
        trigger=CronTrigger(minute="*", timezone=config.organisation.timezone),
        run=minute_job,
        misfire_grace_seconds=600,
        next_work=next_work,
        reads=("comments",),
    )
    # Meta calls left unanswered are retried on the same clock, woken by the same writes
    actions = replace(
        minute,
        name="moderation.platform_actions",
        run=None,
        arun=platform_actions_job,
        next_work=actions_next_work,
    )
    return [minute, actions]
