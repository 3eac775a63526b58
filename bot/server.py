"""One asyncio process for production: an aiohttp server (Slack HTTP events, Teams
/api/messages, Meta and generic webhooks, calendar feeds, /healthz, /metrics), the Slack Socket
Mode client when configured, and the scheduler + outbox sender loop.

Feature modules contribute routes through ``register_routes(web_app, app)`` functions listed in
ROUTE_MODULES; a module that is not present is skipped.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import signal

from aiohttp import web
from prometheus_client import generate_latest
from sqlalchemy import text

from bot.app import App
from bot.clock import SimulatedClock
from bot.observability import OUTBOX_PENDING, REGISTRY

log = logging.getLogger("vaktbot.server")

APP_KEY: web.AppKey[App] = web.AppKey("vaktbot", App)

ROUTE_MODULES = (
    "bot.transports.slack_http",
    "bot.transports.teams",
    "bot.sources.webhook_routes",
    "bot.feeds",
    "bot.media",
)


async def healthz(request: web.Request) -> web.Response:
    """200 {"status": "ok"} while the database answers; on a simulated clock (tests and trials
    only) the answer also carries the process's time as "clock"."""
    app = request.app[APP_KEY]
    try:
        with app.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception:
        return web.json_response({"status": "database unavailable"}, status=503)
    body = {"status": "ok"}
    if isinstance(app.clock, SimulatedClock):
        body["clock"] = app.clock().isoformat()
    return web.json_response(body)


async def metrics(request: web.Request) -> web.Response:
    from bot.outbox import pending_count

    app = request.app[APP_KEY]
    with app.sessions() as s:
        OUTBOX_PENDING.set(pending_count(s))
    return web.Response(body=generate_latest(REGISTRY), content_type="text/plain")


def build_web_app(app: App) -> web.Application:
    web_app = web.Application(client_max_size=1024 * 1024)
    web_app[APP_KEY] = app
    web_app.router.add_get("/healthz", healthz)
    web_app.router.add_get("/metrics", metrics)
    for name in ROUTE_MODULES:
        try:
            mod = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        mod.register_routes(web_app, app)
    return web_app


async def run_server(app: App) -> None:
    from bot.service import make_transport, scheduler_loop

    transport = make_transport(app)
    web_app = build_web_app(app)
    runner = web.AppRunner(web_app)
    await runner.setup()
    site = web.TCPSite(runner, app.secrets.http_host, app.secrets.http_port)
    await site.start()
    log.info("listening", extra={"host": app.secrets.http_host, "port": app.secrets.http_port})
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    tasks = [asyncio.create_task(scheduler_loop(app, transport, stop))]
    start_socket = getattr(transport, "start_socket_mode", None)
    if start_socket is not None and app.secrets.slack_mode == "socket":
        tasks.append(asyncio.create_task(start_socket(stop)))
    await stop.wait()
    log.info("shutting down: draining in-flight sends")
    await asyncio.gather(*tasks, return_exceptions=True)
    await runner.cleanup()
