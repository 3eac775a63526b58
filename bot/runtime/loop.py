"""The scheduler and the sender on the process's clock: one tick runs the jobs that are due and
delivers the outbox (``tick_once``: the service loop, `vaktbot tick` and `vaktbot demo` use it
alike); the loop sleeps until the next fire or retry is due, or until a webhook or a button
press wakes it (``App.wake_sender``)."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta

from bot.app import App
from bot.clock import begin, held, real_seconds_until, speed_of, stop_at
from bot.delivery.outbox import next_attempt
from bot.delivery.sender import DeliveryReport, Sender
from bot.runtime.handles import sync_handles
from bot.transports.base import Transport
from scheduler.runner import Runner

log = logging.getLogger("vaktbot.service")

TICK_SECONDS = 30  # the longest the loop sleeps, in the process's (possibly simulated) time
MIN_SLEEP_SECONDS = 0.05  # real seconds: never spin, however fast a simulated clock runs


async def tick_once(
    app: App,
    transport: Transport,
    at: datetime,
    *,
    runner: Runner | None = None,
    sender: Sender | None = None,
) -> tuple[list[tuple[str, datetime]], DeliveryReport]:
    runner = runner or Runner(app)
    sender = sender or Sender(app.sessions, transport)
    fired = await runner.run_due(at)
    report = await sender.drain(at)
    await sync_handles(app, transport, at)
    return fired, report


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

    # the sender delivers in the background, every conversation at once; a lane that finishes
    # wakes the loop (``on_idle``) so what came due behind it goes at once
    runner = Runner(app)
    sender = Sender(app.sessions, transport, clock=app.clock, on_idle=app.wake_sender)
    kick = app.kick = asyncio.Event()  # set by webhooks and interactions: deliver now
    loop = asyncio.get_running_loop()
    begin(app.clock)  # a simulated clock starts running with the first tick

    def wait_after(ticked_at: datetime) -> float:
        try:
            retry = sender.next_due(ticked_at)
            # a simulated clock waits for a message that is due (e.g. a rate limit's second)
            stop_at(app.clock, retry if retry is not None and retry > ticked_at else None)
            later = ticked_at + timedelta(seconds=TICK_SECONDS)
            return sleep_seconds(app, next_wake(app, runner, ticked_at, retry or later))
        except Exception:
            log.exception("could not compute the next tick")
            return max(TICK_SECONDS / speed_of(app.clock), MIN_SLEEP_SECONDS)

    while not stop.is_set():
        with held(app.clock):  # a simulated clock stands still while the service works
            ticked_at = app.clock()
            try:
                await runner.run_due(ticked_at)
                sender.dispatch(ticked_at)
                await sync_handles(app, transport, ticked_at)  # the handoff job fires on time
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
                        sender.dispatch(app.clock())
                    except Exception:
                        log.exception("delivery failed")
                    # what the drain deferred (rate limits, retries) may be due before the deadline
                    deadline = min(deadline, loop.time() + wait_after(ticked_at))
    # graceful shutdown: let the lanes finish, then one last drain of what is due
    await sender.settle()
    await sender.drain(app.clock())
