"""The health watch: every 5 minutes, tell the admins about new delivery failures, messages stuck
in the outbox and refused webhook requests - once per problem, grouped in one message."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import bindparam, exists, func, select
from sqlalchemy.orm import Session

from bot.app import App
from bot.config import Config
from bot.delivery.outbox import enqueue
from bot.runtime.health import (
    NOTICE_KIND,
    STUCK_AFTER,
    HealthReport,
    health_message,
    stuck_messages,
    undelivered_after,
)
from bot.store.models import Outbox, Setting
from scheduler.job import Job

WATCH_JOB = "health.watch"
STATE_KEY = "health.told"


def watch(app: App, session: Session, fire: datetime) -> None:
    """Only what is new since the last notice is told: failures with a higher outbox id, a
    stuck outbox whose oldest message changed, webhook rejections counted since."""
    setting = session.get(Setting, STATE_KEY)
    state: dict[str, Any] = dict(setting.value) if setting is not None else {}
    report = HealthReport(undelivered=undelivered_after(session, int(state.get("outbox_id", 0))))
    stuck, since = stuck_messages(session, fire)
    stuck_mark = since.isoformat() if since is not None else None
    if stuck and stuck_mark != state.get("stuck"):
        report.stuck, report.stuck_since = stuck, since
    report.webhooks = app.refusals.untold()
    state["stuck"] = stuck_mark
    if not report:
        if setting is not None:
            setting.value = state
        return
    app.refusals.told.update(report.webhooks)
    if report.undelivered:
        state["outbox_id"] = max(u.id for u in report.undelivered)
    state["seq"] = int(state.get("seq", 0)) + 1
    if setting is None:
        session.add(Setting(key=STATE_KEY, value=state, updated_at=fire))
    else:
        setting.value, setting.updated_at = state, fire
    config = app.config
    message = health_message(config.organisation.locale, config.organisation.timezone, report)
    for pid in config.admins():
        enqueue(
            session,
            key=f"health:{state['seq']}:{pid}",
            kind=NOTICE_KIND,
            target=f"user:{pid}",
            message=message,
            now=fire,
        )


_NEW_FAILURE = select(
    exists().where(
        Outbox.id > bindparam("told"),
        Outbox.status.in_(("failed", "dead")),
        Outbox.kind != NOTICE_KIND,
    )
)
_OLDEST_TRIED = select(func.min(Outbox.due_at)).where(
    Outbox.status == "pending", Outbox.attempts > 0, Outbox.kind != NOTICE_KIND
)


def next_work(app: App, session: Session, after: datetime) -> datetime | None:
    """When ``watch`` next has something to tell (or a stuck mark to clear): now if there are
    new failures, new webhook refusals or a mark; else when the oldest message tried and still
    pending counts as stuck; else nothing until something changes."""
    setting = session.get(Setting, STATE_KEY)
    state: dict[str, Any] = dict(setting.value) if setting is not None else {}
    told = int(state.get("outbox_id", 0))
    if state.get("stuck") is not None or session.scalar(_NEW_FAILURE, {"told": told}):
        return after
    if app.refusals.untold():
        return after
    oldest = session.scalar(_OLDEST_TRIED)
    return None if oldest is None else oldest + STUCK_AFTER + timedelta(microseconds=1)


def jobs(config: Config) -> list[Job]:
    return [
        Job(
            name=WATCH_JOB,
            trigger=CronTrigger(minute="*/5", timezone=config.organisation.timezone),
            run=watch,
            misfire_grace_seconds=300,
            next_work=next_work,
            reads=("deliveries",),
        )
    ]
