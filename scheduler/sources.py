"""Sources on the clock: purge old comment text nightly (retention).

Polling Meta is not a scheduler job: each account with a token has its own poller task beside
the scheduler loop (:mod:`bot.runtime.pollers`), so a slow page or a rate limit never holds up
the tick that sends digests, alerts and reminders.
"""

from __future__ import annotations

import logging
from datetime import datetime

from apscheduler.triggers.cron import CronTrigger
from sqlalchemy.orm import Session

from bot.app import App
from bot.config import Config
from bot.sources.retention import purge_expired
from scheduler.job import Job

log = logging.getLogger("vaktbot.sources")


def retention_job(app: App, session: Session, fire: datetime) -> None:
    n = purge_expired(session, fire, app.config.sources.retention_days)
    if n:
        log.info("purged comment text", extra={"comments": n})


def jobs(config: Config) -> list[Job]:
    tz = config.organisation.timezone
    return [
        Job(
            name="sources.retention",
            trigger=CronTrigger(hour=3, minute=15, timezone=tz),
            run=retention_job,
        ),
    ]
