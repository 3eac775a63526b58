"""A scheduled job: a name, a trigger, and what it does at a fire time."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.app import App

SyncJob = Callable[[App, Session, datetime], None]
AsyncJob = Callable[[App, datetime], Awaitable[None]]
WorkHint = Callable[[App, Session, datetime], datetime | None]


@dataclass(frozen=True)
class Job:
    """``run`` gets a session whose transaction also records the fire time (all or nothing).

    ``arun`` is for jobs that talk to the network (polling); they manage their own transactions.

    ``next_work`` (optional, for jobs that fire often and are mostly idle: the minute job, the
    health watch, snoozes) says from the database when the job can next have work:
    ``next_work(app, session, after)`` is the earliest instant after ``after`` (the job's last
    fire) at which a fire would do something, or None when nothing can happen until something
    new is stored. It may answer too early (a fire then does nothing), never too late. A runner
    that skips idle fires (``Runner(skip_idle=True)``, `vaktbot demo`) jumps over the rest.
    ``reads`` names what the hint reads ("comments", "deliveries", "plan"): ``Runner.touch``
    with one of them asks it again (empty: every touch does).
    """

    name: str
    trigger: Any  # apscheduler BaseTrigger (CronTrigger / IntervalTrigger)
    run: SyncJob | None = None
    arun: AsyncJob | None = None
    misfire_grace_seconds: float = 6 * 3600
    next_work: WorkHint | None = None
    reads: tuple[str, ...] = ()
