"""Sources on the clock: purge old comment text nightly, from comments and from every message
that quoted them (retention).

Polling Meta is not a scheduler job: each account with a token has its own poller task beside
the scheduler loop (:mod:`bot.runtime.pollers`), so a slow page or a rate limit never holds up
the tick that sends digests, alerts and reminders.
"""

from __future__ import annotations

import logging
from datetime import datetime

from apscheduler.triggers.cron import CronTrigger

from bot.app import App
from bot.config import Config
from bot.sources.retention import checkpoint, purge_expired
from scheduler.job import Job

log = logging.getLogger("vaktbot.sources")


async def retention_job(app: App, fire: datetime) -> None:
    """Purge, commit, then truncate SQLite's write-ahead log (the old text must leave it too)."""
    with app.sessions.begin() as s:
        purged = purge_expired(s, fire, app.config.sources.retention_days)
    checkpoint(app.engine)
    if purged.comments or purged.messages:
        log.info(
            "purged comment text",
            extra={"comments": purged.comments, "messages": purged.messages},
        )


def jobs(config: Config) -> list[Job]:
    tz = config.organisation.timezone
    return [
        Job(
            name="sources.retention",
            trigger=CronTrigger(hour=3, minute=15, timezone=tz),
            arun=retention_job,
        ),
    ]
