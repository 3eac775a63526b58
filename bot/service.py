"""The long-running process: one asyncio service for the scheduler, the outbox sender and the
chat transport (console here; Slack and Teams plug in through ``make_transport``)."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.app import App
from bot.clock import begin, held, real_seconds_until, speed_of, stop_at
from bot.outbox import next_attempt
from bot.transports.base import Transport

if TYPE_CHECKING:
    from scheduler.runner import Runner

log = logging.getLogger("vaktbot.service")

TICK_SECONDS = 30  # the longest the loop sleeps, in the process's (possibly simulated) time
MIN_SLEEP_SECONDS = 0.05  # real seconds: never spin, however fast a simulated clock runs
KICK = "kick"  # app.services: an asyncio.Event that wakes the sender (webhooks, interactions)


def wake_sender(app: App) -> None:
    """Have the running service deliver what was just queued (e.g. the edits a button press
    made to the other copies of an alert) instead of at its next tick. Call it on the event
    loop's thread; without a running service loop it does nothing."""
    kick = app.services.get(KICK)
    if isinstance(kick, asyncio.Event):
        kick.set()


def make_transport(app: App, clock: Callable[[], datetime] | None = None) -> Transport:
    platform = app.secrets.chosen_platform(app.config.platform)
    if platform == "slack":
        from bot.transports.slack import SlackTransport

        return SlackTransport.from_app(app)
    if platform == "teams":
        from bot.transports.teams import TeamsTransport

        return TeamsTransport.from_app(app)
    from bot.transports.console import ConsoleTransport

    return ConsoleTransport(
        path=app.secrets.console_out, fmt=app.secrets.console_format, clock=clock
    )


def outbox_wake(app: App) -> datetime | None:
    """When the sender next has something to try (None: nothing pending)."""
    with app.sessions() as s:
        return next_attempt(s)


def next_wake(
    app: App, runner: Runner, ticked_at: datetime, retry: datetime | None = None
) -> datetime:
    """When the loop should tick next, on the process's clock: the runner's next fire, the
    outbox's next attempt (``retry``, read from the outbox when not given), or TICK_SECONDS
    after the last tick, whichever comes first.

    A fire that was already due at the last tick and is still pending failed (the runner
    retries it): it is tried again TICK_SECONDS later, not at once, so a failing job cannot
    make the loop spin.
    """
    later = ticked_at + timedelta(seconds=TICK_SECONDS)
    candidates = [later]
    due = runner.next_due(ticked_at)
    if due is not None:
        candidates.append(due if due > ticked_at else later)
    retry = retry or outbox_wake(app)
    if retry is not None:
        candidates.append(retry)
    return min(candidates)


def sleep_seconds(app: App, wake: datetime) -> float:
    """Real seconds to sleep until ``wake`` (the clock may run faster than real time)."""
    return max(real_seconds_until(app.clock, wake), MIN_SLEEP_SECONDS)


async def scheduler_loop(app: App, transport: Transport, stop: asyncio.Event) -> None:
    """Run due jobs and drain the outbox, then sleep until the next fire or retry is due (at
    most TICK_SECONDS of the process's clock; real seconds are scaled by a simulated clock's
    speed, and a simulated clock stands still while a tick or a delivery runs). Webhooks and
    interactions set the ``kick`` event to have what they queued delivered at once."""
    from bot.delivery import Sender
    from bot.ticking import tick_once
    from scheduler.runner import Runner

    runner, sender = Runner(app), Sender(app.sessions, transport)
    kick = app.services.setdefault(KICK, asyncio.Event())  # set by webhooks, interactions
    loop = asyncio.get_running_loop()
    begin(app.clock)  # a simulated clock starts running with the first tick

    def wait_after(ticked_at: datetime) -> float:
        try:
            retry = outbox_wake(app)
            # a simulated clock waits for a message that is due (e.g. a rate limit's second)
            stop_at(app.clock, retry if retry is not None and retry > ticked_at else None)
            return sleep_seconds(app, next_wake(app, runner, ticked_at, retry))
        except Exception:
            log.exception("could not compute the next tick")
            return max(TICK_SECONDS / speed_of(app.clock), MIN_SLEEP_SECONDS)

    while not stop.is_set():
        with held(app.clock):  # a simulated clock stands still while the service works
            ticked_at = app.clock()
            try:
                await tick_once(app, transport, ticked_at, runner=runner, sender=sender)
            except Exception:
                log.exception("tick failed")
            deadline = loop.time() + wait_after(ticked_at)
        while not stop.is_set():
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            waiters = [asyncio.ensure_future(stop.wait()), asyncio.ensure_future(kick.wait())]
            await asyncio.wait(waiters, timeout=remaining, return_when=asyncio.FIRST_COMPLETED)
            for w in waiters:
                w.cancel()
            if kick.is_set() and not stop.is_set():
                kick.clear()
                with held(app.clock):
                    try:
                        await sender.drain(app.clock())
                    except Exception:
                        log.exception("delivery failed")
                    # what the drain deferred (rate limits, retries) may be due before the deadline
                    deadline = min(deadline, loop.time() + wait_after(ticked_at))
    # graceful shutdown: one last drain of what is due
    await sender.drain(app.clock())


async def run_service(app: App, *, as_person: str | None = None) -> None:
    platform = app.secrets.chosen_platform(app.config.platform)
    if platform in ("slack", "teams"):
        from bot.server import run_server

        await run_server(app)
        return
    from bot.console_app import run_console

    await run_console(app, as_person=as_person, stdin=sys.stdin)
