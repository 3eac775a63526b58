"""Subscribable calendar feeds (Outlook / Google): the rotation and the annual plan, per team,
behind a secret token (HMAC of the feed name with VAKTBOT_FEED_SECRET)."""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

from aiohttp import web

from bot.app import App


def feed_token(secret: str, scope: str) -> str:
    return hmac.new(secret.encode(), scope.encode(), hashlib.sha256).hexdigest()[:32]


def check_token(app: App, scope: str, token: str | None) -> bool:
    expected = feed_token(app.secrets.feed_secret.get_secret_value(), scope)
    return token is not None and hmac.compare_digest(expected, token)


def duty_ics_for(app: App, team: str, now: datetime) -> bytes:
    from bot.duty_ics import rotation_ics
    from bot.duty_store import load_absences_swaps, rotation_for

    rotation = rotation_for(app)
    assert rotation is not None
    with app.sessions() as s:
        absences, swaps = load_absences_swaps(s)
    return rotation_ics(
        rotation,
        now - timedelta(weeks=4),
        now + timedelta(weeks=52),
        absences,
        swaps,
        locale=app.config.organisation.locale,
        names={p.id: p.name for p in app.config.people},
        stamp=now,
    )


async def duty_feed(request: web.Request) -> web.Response:
    from bot.duty_store import rotation_for
    from bot.server import APP_KEY

    app = request.app[APP_KEY]
    team = request.match_info["team"]
    if app.config.team(team) is None or rotation_for(app) is None:
        raise web.HTTPNotFound()
    if not check_token(app, f"duty:{team}", request.query.get("token")):
        raise web.HTTPNotFound()  # do not reveal which teams exist
    body = duty_ics_for(app, team, app.clock())
    return web.Response(body=body, content_type="text/calendar", charset="utf-8")


def register_routes(web_app: web.Application, app: App) -> None:
    web_app.router.add_get("/feeds/duty/{team}.ics", duty_feed)
    try:
        from bot.plan_feed import plan_feed_routes
    except ModuleNotFoundError:
        return
    plan_feed_routes(web_app, app)
