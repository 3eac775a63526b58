"""Polling Meta off the critical path: one asyncio task per Facebook or Instagram account with a
token, beside the scheduler loop, never inside its tick.

Each poller owns its Graph client (closed when the poller stops) and its call budget
(:class:`~bot.sources.meta.budget.UsageBudget`, read from Meta's usage headers): at high usage
it slows itself down in proportion, and only itself - digests, alerts and the outbox keep their
minute. It polls at ``poll_minutes`` intervals counted from a fixed instant (reproducible fire
times); a poll that takes longer than the interval makes the next one wait for the next fire
after it, never a burst of catch-up polls. Every fire is claimed in the ``job_runs`` table in a
short transaction first, so two replicas never poll the same account for the same fire.

A poll's new comments go through the moderation pipeline in the transaction that stores them,
and the admins hear of a failure once when it starts and once when it clears.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from bot.app import App
from bot.clock import real_seconds_until
from bot.config import AccountCfg
from bot.delivery.outbox import enqueue
from bot.messages.model import Message, Section
from bot.moderation.actions import start_pending
from bot.moderation.pipeline import on_new_comments
from bot.sources.accounts import graph_url, pollable
from bot.sources.meta.budget import UsageBudget
from bot.sources.meta.client import MetaClient, Sleep
from bot.sources.meta.poll import PollResult, poll_account, poll_notice
from bot.sources.meta.versions import days_left, retiring
from bot.store.upsert import claim_fire

log = logging.getLogger("vaktbot.sources")

# interval fire times count from a fixed instant, not from the start, so they are reproducible
EPOCH = datetime(2020, 1, 1, tzinfo=UTC)
RECHECK_SECONDS = 30.0  # the longest a poller sleeps before looking at the clock again


def next_poll(after: datetime, minutes: int) -> datetime:
    """The first fire time strictly after ``after`` on a ``minutes`` grid from :data:`EPOCH`."""
    step = timedelta(minutes=minutes)
    return EPOCH + ((after - EPOCH) // step + 1) * step


def job_name(account_id: str) -> str:
    return f"sources.poll.{account_id}"


async def wait_until(app: App, when: datetime, stop: asyncio.Event) -> bool:
    """Sleep until the process's clock shows ``when``; True when ``stop`` was set first."""
    while not stop.is_set():
        seconds = real_seconds_until(app.clock, when)
        if seconds <= 0:
            return False
        try:
            await asyncio.wait_for(stop.wait(), timeout=min(seconds, RECHECK_SECONDS))
        except TimeoutError:
            continue
    return True


@dataclass
class Poller:
    app: App
    account: AccountCfg
    token: str
    budget: UsageBudget = field(default_factory=UsageBudget)
    sleep: Sleep = asyncio.sleep  # the client's pacing and retries
    polls: int = 0
    last: PollResult | None = None

    def client(self) -> MetaClient:
        return MetaClient(
            self.token,
            base_url=graph_url(self.account, self.app.secrets),
            version=self.app.secrets.graph_api_version,
            budget=self.budget,
            sleep=self.sleep,
        )

    async def run(self, stop: asyncio.Event) -> None:
        """Poll at every fire time until ``stop`` is set; the client is closed at the end. A
        poll still waiting for Meta when ``stop`` is set is abandoned: it has written nothing
        yet (no transaction is open while Meta is asked), and the next start polls again."""
        async with self.client() as client:
            due = next_poll(self.app.clock(), self.account.poll_minutes)
            while not await wait_until(self.app, due, stop):
                poll = asyncio.create_task(self.poll_once(client, due))
                stopping = asyncio.create_task(stop.wait())
                await asyncio.wait({poll, stopping}, return_when=asyncio.FIRST_COMPLETED)
                stopping.cancel()
                if not poll.done():
                    poll.cancel()
                    log.info("poll abandoned at shutdown", extra={"account": self.account.id})
                try:
                    await poll
                except asyncio.CancelledError:
                    if not stop.is_set():
                        raise
                except Exception:
                    log.exception("poll failed", extra={"account": self.account.id})
                due = next_poll(max(due, self.app.clock()), self.account.poll_minutes)

    def _claim(self, fire: datetime) -> bool:
        with self.app.sessions.begin() as s:
            row = claim_fire(s, job_name(self.account.id), fire)
            if row is None:
                return False
            row.last_fire_at = fire
            return True

    async def poll_once(self, client: MetaClient, fire: datetime) -> PollResult | None:
        """One poll for ``fire`` (None: another replica had it, or the account is gone)."""
        if not self._claim(fire):
            return None
        now = self.app.clock()
        result = await poll_account(
            client,
            self.app.sessions,
            self.account.id,
            now,
            self.app.author_salt(),
            after=self._after(),
            stored=self._stored,
            clock=self.app.clock,
        )
        self.polls += 1
        self.last = result
        if result is not None:
            log.info(
                "polled",
                extra={
                    "account": self.account.id,
                    "new": len(result.new_comment_ids),
                    "calls": result.calls,
                    "usage": round(self.budget.usage),
                },
            )
        return result

    def _stored(self, part: PollResult) -> None:
        if part.new_comment_ids or part.notify:
            self.app.wake_sender()  # alerts and notices go out now, not at the next tick
        start_pending(self.app, part.new_comment_ids)  # a moderation rule's hides, at once

    def _after(self) -> Callable[[Session, PollResult], None]:
        """What the storing transaction also does: alerts for new comments, the admin notice."""
        app, account = self.app, self.account

        def after(session: Session, result: PollResult) -> None:
            now = result.stored_at or app.clock()
            loc = app.config.organisation.locale
            text = poll_notice(loc, account.name, result, token_env=account.token_env or "")
            if text:
                for pid in app.config.admins():
                    enqueue(
                        session,
                        key=f"sources:notice:{account.id}:{result.notify}:{now.isoformat()}",
                        kind="sources.notice",
                        target=f"user:{pid}",
                        message=Message(text=text, blocks=(Section(text),), locale=loc),
                        now=now,
                    )
            if result.new_comment_ids:
                on_new_comments(app, session, result.new_comment_ids, now)

        return after


def make_pollers(
    app: App, *, budget: Callable[[], UsageBudget] = UsageBudget, sleep: Sleep = asyncio.sleep
) -> list[Poller]:
    """A poller for each Facebook and Instagram account whose token is in the environment,
    each with its own budget."""
    return [
        Poller(app, account, token, budget=budget(), sleep=sleep)
        for account, token in pollable(app.config)
    ]


def check_version(app: App) -> None:
    """Warn when the configured Graph API version stops working within 90 days."""
    version = app.secrets.graph_api_version
    today = app.clock().date()
    if retiring(version, today):
        log.warning(
            "the Graph API version retires soon: set VAKTBOT_GRAPH_API_VERSION to a newer one",
            extra={"version": version, "days_left": days_left(version, today)},
        )


def start_pollers(
    app: App, stop: asyncio.Event, pollers: list[Poller] | None = None
) -> list[asyncio.Task[None]]:
    """The pollers as tasks of the running loop (each ends when ``stop`` is set)."""
    pollers = make_pollers(app) if pollers is None else pollers
    if pollers:
        check_version(app)
        log.info("pollers started", extra={"accounts": [p.account.id for p in pollers]})
    return [asyncio.create_task(p.run(stop), name=job_name(p.account.id)) for p in pollers]
