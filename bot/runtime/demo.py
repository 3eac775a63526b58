"""`vaktbot demo`: simulate days on sample data through the service's own code path.

A throw-away in-memory SQLite database is seeded with sample history and the example annual
plan; sample comments arrive at their creation times as if from the Meta webhook, and a
simulated team presses the buttons on what it is sent (:mod:`bot.runtime.demo_team`). The demo
jumps from one due instant to the next - an arrival, a button press, a job's next fire with work,
an outbox retry - and at each does what the service's tick does: the scheduler runner, then the
sender through the console transport (only when something may be due). The runner skips the
fires a job would spend idle (``Runner(skip_idle=True)``, from the jobs' ``next_work`` hints),
so a quiet night is one step, not 600 minute ticks.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import TextIO
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from bot.app import App
from bot.config import Config
from bot.delivery.sender import Sender
from bot.duty.rotation import duty_at
from bot.duty.store import rotation_for
from bot.moderation.pipeline import on_new_comments
from bot.moderation.rules import needs_attention, parse_labels
from bot.runtime.budget import Budget, Sent, count
from bot.runtime.demo_team import SimulatedTeam
from bot.runtime.loop import outbox_wake
from bot.runtime.sample_data import comments_between, insert_comments, seed
from bot.settings import Secrets
from bot.store.db import make_engine, session_factory, upgrade
from bot.store.models import AlertDelivery, Comment, Outbox
from bot.transports.console import ConsoleTransport
from scheduler.runner import Runner

MINUTE = timedelta(minutes=1)


def _ceil_minute(t: datetime) -> datetime:
    floored = t.replace(second=0, microsecond=0)
    return floored if floored == t else floored + MINUTE


async def run_demo(
    config: Config,
    first: date,
    days: int,
    fmt: str,
    stream: TextIO,
    *,
    skip_idle: bool = True,
    on_budget: Callable[[Budget], None] | None = None,
) -> int:
    """Simulate ``days`` days from local midnight of ``first``; returns the messages delivered.
    ``skip_idle=False`` runs every job fire, minute by minute, as the service does (slow; the
    tests compare the two). ``on_budget`` gets the message budget of the run at its end
    (:mod:`bot.runtime.budget`)."""
    zone = ZoneInfo(config.organisation.timezone)
    start = datetime.combine(first, time(0), tzinfo=zone).astimezone(UTC)
    end = datetime.combine(first + timedelta(days=days), time(0), tzinfo=zone).astimezone(UTC)
    # one in-memory database on one connection: nothing to keep, nothing to write to disk; the
    # jobs that work in a thread (platform actions) use it too, one at a time (each is awaited)
    engine = make_engine(
        "sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False}
    )
    try:
        upgrade(engine)
        app = App(
            config=config,
            engine=engine,
            sessions=session_factory(engine),
            secrets=Secrets(VAKTBOT_PLATFORM="console"),  # type: ignore[call-arg]
        )
        seed(app, start)
        arrivals = comments_between(config, start, end)
        now = start
        app.clock = lambda: now
        transport = ConsoleTransport(stream, fmt=fmt, clock=lambda: now.astimezone(zone))
        runner, sender = Runner(app, skip_idle=skip_idle), Sender(app.sessions, transport)
        team = SimulatedTeam(app)
        i = 0
        delivered = 0
        wake: datetime | None = None
        while now < end:
            # a press only takes work away from the jobs (a claimed or answered comment is not
            # escalated), so the hints stay valid; new comments may bring work
            changed = team.press_due(now) > 0
            batch = []
            while i < len(arrivals) and arrivals[i].created_at <= now:
                batch.append(arrivals[i])
                i += 1
            if batch:
                with app.sessions.begin() as s:
                    ids = insert_comments(s, batch, now)
                    if ids:
                        on_new_comments(app, s, ids, now)
                runner.touch("comments")
                changed = True
            # the service's tick (runner, then sender); the sender only when something may be due
            fired = await runner.run_due(now)
            if fired or changed or (wake is not None and wake <= now):
                report = await sender.drain(now)
                delivered += len(report.sent)
                team.saw(report.sent)
                if report.failed or report.retried or report.deferred:
                    runner.touch("deliveries")
            # jump to the next instant at which something is due
            wake = outbox_wake(app)
            arrival = arrivals[i].created_at if i < len(arrivals) else None
            due = [t for t in (runner.next_due(now), arrival, wake, team.next_at()) if t]
            if not due:
                break
            now = min(max(_ceil_minute(min(due)), now + MINUTE), end)
        if on_budget is not None:
            with app.sessions() as s:
                on_budget(budget_of(app, s, start, end))
        return delivered
    finally:
        engine.dispose()


def budget_of(app: App, session: Session, start: datetime, end: datetime) -> Budget:
    """The message budget of what the outbox delivered, and whether every comment worth an
    alert that arrived in [start, end) reached a person: a delivered alert, list or summary
    carrying it, or a person acting on it. One that arrived after the last opening before
    ``end`` is counted as waiting."""
    rotation = rotation_for(app)

    def is_open(at: datetime) -> bool:
        return rotation is not None and duty_at(rotation, at).mode == "open"

    def opening(at: datetime) -> datetime | None:
        if rotation is None:
            return None
        duty = duty_at(rotation, at)
        return at if duty.mode == "open" else duty.next_opening

    rows = session.execute(
        select(Outbox.kind, Outbox.target, Outbox.sent_at).where(
            Outbox.op == "post", Outbox.sent_at.is_not(None)
        )
    ).all()
    edits = session.scalar(
        select(func.count()).where(Outbox.op == "update", Outbox.sent_at.is_not(None))
    )
    sent = [Sent(kind, target, at) for kind, target, at in rows if at is not None]
    b = count(sent, app.tz, is_open, edits=int(edits or 0))
    told = set(
        session.scalars(
            select(AlertDelivery.comment_id)
            .join(Outbox, Outbox.key == AlertDelivery.outbox_key)
            .where(Outbox.sent_at.is_not(None), Outbox.op == "post")
        )
    )
    comments = session.execute(
        select(Comment.id, Comment.labels, Comment.received_at, Comment.state_by).where(
            Comment.received_at >= start,
            Comment.received_at < end,
            Comment.from_page.is_(False),
            Comment.deleted.is_(False),
        )
    ).all()
    for cid, labels, received, by in comments:
        if not needs_attention(parse_labels(labels)):
            continue
        b.alert_worthy += 1
        if cid in told or by is not None:
            b.reached += 1
        else:
            first = opening(received)
            if first is None or first >= end:
                b.waiting += 1
    return b
