"""Sources on the clock: poll each Meta account at its interval, purge old comment text nightly.

Polling needs the account's page token in the environment variable named by ``token_env``;
accounts without one (exports-only agencies) are not polled. A poll error is told to the admins
once (when it first appears and when it clears), never on every poll.
"""

from __future__ import annotations

import logging
import os
from datetime import UTC, datetime

from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.orm import Session

from bot.app import App
from bot.config import AccountCfg, Config
from bot.delivery.outbox import enqueue
from bot.messages.model import Message, Section
from bot.moderation.pipeline import on_new_comments
from bot.sources.meta.client import MetaClient
from bot.sources.meta.poll import poll_account, poll_notice
from bot.sources.retention import purge_expired
from bot.store.models import Account
from scheduler.job import Job

log = logging.getLogger("vaktbot.sources")

# interval triggers count from a fixed instant, not from "now", so fire times are reproducible
EPOCH = datetime(2020, 1, 1, tzinfo=UTC)


def _poll_job(account: AccountCfg):  # type: ignore[no-untyped-def]
    async def run(app: App, fire: datetime) -> None:

        token = os.environ.get(account.token_env or "")
        if not token:
            return
        client = MetaClient(
            token, base_url=app.secrets.graph_api_url, version=app.secrets.graph_api_version
        )
        salt = app.author_salt()
        with app.sessions.begin() as s:
            row = s.get(Account, account.id)
            if row is None:
                return
            result = await poll_account(client, s, row, fire, salt)
            loc = app.config.organisation.locale
            text = poll_notice(loc, account.name, result, token_env=account.token_env or "")
            if text:
                for target in [f"user:{pid}" for pid in app.config.admins()]:
                    enqueue(
                        s,
                        key=f"sources:notice:{account.id}:{result.notify}:{fire.isoformat()}",
                        kind="sources.notice",
                        target=target,
                        message=Message(text=text, blocks=(Section(text),), locale=loc),
                        now=fire,
                    )
            if result.new_comment_ids:
                on_new_comments(app, s, result.new_comment_ids, fire)
        log.info("polled", extra={"account": account.id, "new": len(result.new_comment_ids)})

    return run


def retention_job(app: App, session: Session, fire: datetime) -> None:
    n = purge_expired(session, fire, app.config.sources.retention_days)
    if n:
        log.info("purged comment text", extra={"comments": n})


def jobs(config: Config) -> list[Job]:
    tz = config.organisation.timezone
    out = [
        Job(
            name="sources.retention",
            trigger=CronTrigger(hour=3, minute=15, timezone=tz),
            run=retention_job,
        ),
    ]
    for acc in config.accounts:
        if acc.platform in ("facebook", "instagram") and acc.token_env:
            out.append(
                Job(
                    name=f"sources.poll.{acc.id}",
                    trigger=IntervalTrigger(
                        minutes=acc.poll_minutes, start_date=EPOCH, timezone=tz
                    ),
                    arun=_poll_job(acc),
                    misfire_grace_seconds=acc.poll_minutes * 60,
                )
            )
    return out
