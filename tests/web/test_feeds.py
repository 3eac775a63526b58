"""The calendar feeds: a team's feed is that team's view (its shifts and people only), the
organisation feed has its own token, and every token is signed with a secret nobody chose."""

from __future__ import annotations

from datetime import UTC, datetime

from aiohttp import ClientSession
from icalendar import Calendar

from bot.app import App
from bot.config import load_config
from bot.settings import Secrets
from bot.store.db import session_factory
from bot.web.server import build_web_app
from bot.web.urls import token
from tests.support import loopback
from tests.support.paths import EXAMPLE_CONFIG

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


async def fetch(app: App, path: str) -> tuple[int, bytes]:
    runner, port = await loopback.serve(build_web_app(app))
    try:
        async with ClientSession() as http, http.get(f"http://127.0.0.1:{port}{path}") as r:
            return r.status, await r.read()
    finally:
        await runner.cleanup()


def make_app(engine) -> App:  # type: ignore[no-untyped-def]
    app = App(
        config=load_config(EXAMPLE_CONFIG),
        engine=engine,
        sessions=session_factory(engine),
        secrets=Secrets(VAKTBOT_PLATFORM="console"),  # type: ignore[call-arg]
    )
    app.clock = lambda: NOW
    return app


async def test_a_team_feed_names_nobody_of_the_other_team(engine) -> None:  # type: ignore[no-untyped-def]
    app = make_app(engine)
    status, body = await fetch(app, f"/feeds/duty/team-1.ics?token={token(app, 'duty:team-1')}")
    assert status == 200
    teams = {str(e["x-vaktbot-team"]) for e in Calendar.from_ical(body).walk("VEVENT")}
    assert teams == {"team-1"}
    text = body.decode()
    assert "Kari Nordmann" in text and "Erik Nilsen" not in text and "Hanna" not in text
    # the team-1 token does not open team-2's feed or the organisation's
    for path in ("/feeds/duty/team-2.ics", "/feeds/duty/all.ics"):
        assert (await fetch(app, f"{path}?token={token(app, 'duty:team-1')}"))[0] == 404


async def test_the_organisation_feed_has_every_team(engine) -> None:  # type: ignore[no-untyped-def]
    app = make_app(engine)
    status, body = await fetch(app, f"/feeds/duty/all.ics?token={token(app, 'duty:all')}")
    assert status == 200
    teams = {str(e["x-vaktbot-team"]) for e in Calendar.from_ical(body).walk("VEVENT")}
    assert teams == {"team-1", "team-2"}


async def test_tokens_of_odd_shapes_are_404_not_500(engine) -> None:  # type: ignore[no-untyped-def]
    app = make_app(engine)
    for bad in ("", "x", "æøå" * 11, "0" * 32, "%00", "a" * 5000):
        assert (await fetch(app, f"/feeds/duty/team-1.ics?token={bad}"))[0] == 404
