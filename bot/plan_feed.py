"""The annual plan as a subscribable calendar: GET /feeds/plan/<team>.ics?token=<token>.

Each team has its own secret token, HMAC-SHA256 of ``plan:<team>`` keyed with
VAKTBOT_FEED_SECRET (:func:`plan_feed_token`); a wrong or missing token, an unknown team or an
unset secret answer 404 so the URL reveals nothing. The feed holds the team's items and the
team-less ones, a year back and 13 months ahead, without owners (see
:func:`bot.plan_export.plan_ics`). The lead wires :func:`plan_feed_routes` into ``bot/feeds.py``.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Callable
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from aiohttp import web

from bot.app import App
from bot.i18n import t
from bot.plan_export import plan_ics
from bot.plan_store import load_items, load_states

log = logging.getLogger("vaktbot.plan_feed")

PLACEHOLDER_SECRET = "change-me-feed-secret"
PAST_DAYS = 365
FUTURE_DAYS = 400


def plan_feed_token(secret: str, team: str) -> str:
    """The feed token of a team: hex HMAC-SHA256 of ``plan:<team>`` keyed with the secret."""
    return hmac.new(secret.encode(), f"plan:{team}".encode(), hashlib.sha256).hexdigest()


def plan_feed_url(base_url: str, secret: str, team: str) -> str:
    return f"{base_url.rstrip('/')}/feeds/plan/{team}.ics?token={plan_feed_token(secret, team)}"


def _secret(app: App) -> str | None:
    value = app.secrets.feed_secret.get_secret_value()
    return value if value and value != PLACEHOLDER_SECRET else None


def plan_feed_body(app: App, team: str, now: datetime) -> bytes:
    """The team's feed for the day of ``now`` (deterministic for the same day and data)."""
    zone = ZoneInfo(app.tz)
    today = now.astimezone(zone).date()
    start, end = today - timedelta(days=PAST_DAYS), today + timedelta(days=FUTURE_DAYS)
    cfg = app.config.team(team)
    name = t(app.config.organisation.locale, "planbot.feed.name", team=cfg.name if cfg else team)
    with app.sessions() as session:
        items = load_items(session, team=team)
        states = load_states(session, keys={i.key for i in items}, start=start, end=end)
    stamp = datetime.combine(today, time(0), tzinfo=zone)
    return plan_ics(items, states, start, end, app.tz, name=name, stamp=stamp)


def plan_feed_routes(
    web_app: web.Application, app: App, clock: Callable[[], datetime] | None = None
) -> None:
    """Add GET /feeds/plan/{team}.ics to an aiohttp application."""
    now_fn = clock or app.clock

    async def feed(request: web.Request) -> web.Response:
        team = request.match_info["team"]
        secret = _secret(app)
        token = request.query.get("token", "")
        if secret is None:
            log.warning("plan feed asked for but VAKTBOT_FEED_SECRET is not set")
            raise web.HTTPNotFound()
        expected = plan_feed_token(secret, team)
        if not hmac.compare_digest(token.encode(), expected.encode()):
            raise web.HTTPNotFound()
        if app.config.team(team) is None:
            raise web.HTTPNotFound()
        body = plan_feed_body(app, team, now_fn())
        etag = hashlib.sha256(body).hexdigest()[:32]
        if request.headers.get("If-None-Match") == f'"{etag}"':
            return web.Response(status=304, headers={"ETag": f'"{etag}"'})
        return web.Response(
            body=body,
            headers={
                "Content-Type": "text/calendar; charset=utf-8",
                "Content-Disposition": f'inline; filename="{team}.ics"',
                "Cache-Control": "private, max-age=900",
                "ETag": f'"{etag}"',
            },
        )

    web_app.router.add_get("/feeds/plan/{team}.ics", feed)
