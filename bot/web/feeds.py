"""Subscribable calendar feeds (Outlook / Google), per team, behind a signed token
(:mod:`bot.web.urls`): ``/feeds/duty/<team>.ics`` (the rotation) and ``/feeds/plan/<team>.ics``
(the annual plan: the team's items and the team-less ones, a year back and 13 months ahead,
without owners). A wrong or missing token or an unknown team answers 404, so a URL reveals
nothing."""

from __future__ import annotations

import hashlib
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from aiohttp import web

from bot.app import App
from bot.duty.ics import rotation_ics
from bot.duty.store import load_deviations, rotation_for
from bot.i18n import t
from bot.plan.export import plan_ics
from bot.plan.store import load_items, load_states
from bot.web.urls import valid

PAST_DAYS = 365
FUTURE_DAYS = 400


ALL_TEAMS = "all"  # /feeds/duty/all.ics: the whole organisation, for admins


def duty_ics_for(app: App, team: str, now: datetime) -> bytes:
    """A team's own feed (its shifts and people), or the whole organisation's (``all``)."""
    rotation = rotation_for(app)
    assert rotation is not None
    with app.sessions() as s:
        deviations = load_deviations(s)
    return rotation_ics(
        rotation,
        now - timedelta(weeks=4),
        now + timedelta(weeks=52),
        deviations,
        locale=app.config.organisation.locale,
        names={p.id: p.name for p in app.config.people},
        stamp=now,
        only_team=None if team == ALL_TEAMS else team,
    )


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


def _calendar(body: bytes, team: str, request: web.Request) -> web.Response:
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


def routes(app: App) -> list[web.RouteDef]:
    def team_of(request: web.Request, kind: str) -> str:
        team = request.match_info["team"]
        known = app.config.team(team) is not None or (kind == "duty" and team == ALL_TEAMS)
        if not known or not valid(app, f"{kind}:{team}", request.query.get("token")):
            raise web.HTTPNotFound()  # do not reveal which teams exist
        return team

    async def duty_feed(request: web.Request) -> web.Response:
        team = team_of(request, "duty")
        if rotation_for(app) is None:
            raise web.HTTPNotFound()
        return _calendar(duty_ics_for(app, team, app.clock()), team, request)

    async def plan_feed(request: web.Request) -> web.Response:
        team = team_of(request, "plan")
        return _calendar(plan_feed_body(app, team, app.clock()), team, request)

    return [
        web.get("/feeds/duty/{team}.ics", duty_feed),
        web.get("/feeds/plan/{team}.ics", plan_feed),
    ]
