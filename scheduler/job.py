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


@dataclass(frozen=True)
class Job:
    """``run`` gets a session whose transaction also records the fire time (all or nothing).

    ``arun`` is for jobs that talk to the network (polling); they manage their own transactions.
    """

    name: str
    trigger: Any  # apscheduler BaseTrigger (CronTrigger / IntervalTrigger)
    run: SyncJob | None = None
    arun: AsyncJob | None = None
    misfire_grace_seconds: float = 6 * 3600
