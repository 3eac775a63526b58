"""What the bot does on its own clock.

Each feature module here exports ``jobs(config) -> list[Job]``. A job has an APScheduler trigger
in the team's time zone and a function that computes what is due at the fire time and writes it
to the outbox. ``scheduler.runner`` runs every fire time that has come, exactly once: the service
calls it when the next fire is due (at least every 30 seconds), and ``vaktbot tick --at T`` calls it
once.
"""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from bot.app import App
    from bot.config import Config

FEATURES = ("duty", "plan", "moderation", "digest", "sources", "health")

SyncJob = Callable[["App", "Session", datetime], None]
AsyncJob = Callable[["App", datetime], Awaitable[None]]


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


def all_jobs(config: Config) -> list[Job]:
    out: list[Job] = []
    for name in FEATURES:
        try:
            mod = importlib.import_module(f"scheduler.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"scheduler.{name}":
                raise
            continue
        out.extend(mod.jobs(config))
    names = [j.name for j in out]
    if len(names) != len(set(names)):
        raise ValueError("scheduler job names must be unique")
    return out
