"""The long-running process: the chat transport, the HTTP server (Slack HTTP events, Teams
/api/messages, webhooks, calendar feeds, /healthz, /metrics), the Slack Socket Mode client when
configured, the scheduler + sender loop and, beside it, one poller per Meta account with a
token; or, without Slack or Teams credentials, the interactive console."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from collections.abc import Callable
from datetime import datetime

from bot.app import App
from bot.runtime.console_app import run_console
from bot.runtime.loop import scheduler_loop
from bot.runtime.pollers import start_pollers
from bot.transports.base import Transport
from bot.transports.console import ConsoleTransport
from bot.transports.slack.transport import SlackTransport
from bot.transports.teams.transport import TeamsTransport
from bot.web.server import start_server

log = logging.getLogger("vaktbot.server")


def make_transport(app: App, clock: Callable[[], datetime] | None = None) -> Transport:
    """The transport of the configured platform, remembered as ``app.transport``."""
    platform = app.secrets.chosen_platform(app.config.platform)
    transport: Transport
    if platform == "slack":
        transport = SlackTransport.from_app(app)
    elif platform == "teams":
        transport = TeamsTransport.from_app(app)
    else:
        transport = ConsoleTransport(
            path=app.secrets.console_out, fmt=app.secrets.console_format, clock=clock
        )
    app.transport = transport
    return transport


async def run_server(app: App) -> None:
    transport = make_transport(app)
    runner = await start_server(app)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    tasks = [asyncio.create_task(scheduler_loop(app, transport, stop))]
    tasks += start_pollers(app, stop)  # their own tasks: a slow page never holds up a tick
    if isinstance(transport, SlackTransport) and app.secrets.slack_mode == "socket":
        tasks.append(asyncio.create_task(transport.start_socket_mode(stop)))
    await stop.wait()
    log.info("shutting down: draining in-flight sends")
    await asyncio.gather(*tasks, return_exceptions=True)
    await runner.cleanup()


async def run_service(
    app: App, *, as_person: str | None = None, log_path: str | None = None
) -> None:
    platform = app.secrets.chosen_platform(app.config.platform)
    if platform in ("slack", "teams"):
        await run_server(app)
        return
    await run_console(app, as_person=as_person, stdin=sys.stdin, log_path=log_path)
