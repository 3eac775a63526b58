"""The HTTP server's one route table: /healthz and /metrics, and the routes of the features
that listen on HTTP (Slack events, Teams /api/messages, Meta and generic webhooks, calendar
feeds, media). Each feature module hands its routes over as ``routes(app)``."""

from __future__ import annotations

import logging

from aiohttp import web
from prometheus_client import generate_latest
from sqlalchemy import text

from bot.app import App
from bot.clock import SimulatedClock
from bot.delivery.admin import outbox_stats
from bot.observability import OUTBOX_DEAD, OUTBOX_FAILED, OUTBOX_OLDEST, OUTBOX_PENDING, REGISTRY
from bot.transports.slack import http as slack_http
from bot.transports.teams import http as teams_http
from bot.web import feeds, media, webhooks

MAX_BODY = 1024 * 1024

log = logging.getLogger("vaktbot.server")


def service_routes(app: App) -> list[web.RouteDef]:
    async def healthz(request: web.Request) -> web.Response:
        """200 {"status": "ok"} while the database answers; on a simulated clock (tests and
        trials only) the answer also carries the process's time as "clock"."""
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
        """Prometheus text; the outbox gauges are read from the database at each scrape, so
        every replica reports the same and nothing depends on one process's memory."""
        with app.sessions() as s:
            stats = outbox_stats(s, app.clock())
        OUTBOX_PENDING.set(stats.pending)
        OUTBOX_DEAD.set(stats.dead)
        OUTBOX_FAILED.set(stats.failed)
        OUTBOX_OLDEST.set(stats.oldest_seconds)
        return web.Response(body=generate_latest(REGISTRY), content_type="text/plain")

    return [web.get("/healthz", healthz), web.get("/metrics", metrics)]


def build_web_app(app: App) -> web.Application:
    web_app = web.Application(client_max_size=MAX_BODY)
    for routes in (
        service_routes(app),
        slack_http.routes(app),
        teams_http.routes(app),
        webhooks.routes(app),
        feeds.routes(app),
        media.routes(app),
    ):
        web_app.add_routes(routes)
    return web_app


async def start_server(app: App) -> web.AppRunner:
    """Serve the route table on VAKTBOT_HTTP_HOST:VAKTBOT_HTTP_PORT; the caller cleans up the
    returned runner. Raises OSError when the port cannot be bound."""
    runner = web.AppRunner(build_web_app(app))
    await runner.setup()
    try:
        await web.TCPSite(runner, app.secrets.http_host, app.secrets.http_port).start()
    except OSError:
        await runner.cleanup()
        raise
    log.info("listening", extra={"host": app.secrets.http_host, "port": app.secrets.http_port})
    return runner
