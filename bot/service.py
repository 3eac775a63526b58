"""The long-running process: one asyncio service for the scheduler, the outbox sender and the
chat transport (console here; Slack and Teams plug in through ``make_transport``)."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Callable
from datetime import datetime

from bot.app import App
from bot.transports.base import Transport

log = logging.getLogger("vaktbot.service")

TICK_SECONDS = 30


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


async def scheduler_loop(app: App, transport: Transport, stop: asyncio.Event) -> None:
    """Every TICK_SECONDS: run due jobs and drain the outbox (APScheduler computes fire times)."""
    from bot.delivery import Sender
    from bot.ticking import tick_once
    from scheduler.runner import Runner

    runner, sender = Runner(app), Sender(app.sessions, transport)
    kick = app.services.setdefault("kick", asyncio.Event())  # set by webhooks: deliver now
    while not stop.is_set():
        try:
            await tick_once(app, transport, app.clock(), runner=runner, sender=sender)
        except Exception:
            log.exception("tick failed")
        deadline = asyncio.get_running_loop().time() + TICK_SECONDS
        while not stop.is_set():
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                break
            waiters = [asyncio.ensure_future(stop.wait()), asyncio.ensure_future(kick.wait())]
            await asyncio.wait(waiters, timeout=remaining, return_when=asyncio.FIRST_COMPLETED)
            for w in waiters:
                w.cancel()
            if kick.is_set() and not stop.is_set():
                kick.clear()
                try:
                    await sender.drain(app.clock())
                except Exception:
                    log.exception("delivery failed")
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
