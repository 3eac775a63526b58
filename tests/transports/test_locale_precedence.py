"""One language precedence in every transport: the saved personal choice > ``people[].locale``
> the client's locale > the organisation's (bot.prefs.pick_locale). The same table is walked
through Slack (a signed slash command on /slack/events, Slack's locale from the fake users.info)
and Teams (an Activity on /api/messages with the client's locale, answered to the fake Bot
Connector), and the console; the settings offer what the platform supports."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from aiohttp import ClientSession, web

import tests.support.fake_connector as fk
from bot.app import App
from bot.config import load_config
from bot.i18n import t
from bot.messages.console import to_text
from bot.prefs import pick_locale, set_preferred_locale
from bot.requests import Request
from bot.runtime.console_app import locale_for
from bot.settings import Secrets
from bot.store.db import make_engine, session_factory
from bot.web.server import build_web_app
from handlers.dispatch import dispatch
from tests.support import loopback
from tests.support.fake_connector import FakeConnector
from tests.support.fake_slack import APP_ID, TEAM_ID, FakeSlack
from tests.support.paths import EXAMPLE_CONFIG

SECRET = "test-signing-secret"
NOW = datetime(2026, 11, 23, 8, 30, tzinfo=UTC)

# saved choice, people[].locale, client locale, organisation -> the language of the answer
TABLE = [
    ("sv", "en", "nb-NO", "nb", "sv"),
    ("en", None, "sv-SE", "nb", "en"),
    (None, "en", "sv-SE", "nb", "en"),
    (None, "sv", None, "en", "sv"),
    (None, None, "sv-SE", "nb", "sv"),
    (None, None, "en-GB", "sv", "en"),
    (None, None, "nn-NO", "en", "nb"),
    (None, None, "de-DE", "sv", "sv"),  # vaktbot does not speak German: the organisation's
    (None, None, None, "en", "en"),
]


def test_pick_locale_table() -> None:
    for saved, person, client, org, expected in TABLE:
        assert pick_locale(saved, person, client, org) == expected, (saved, person, client, org)


def config_for(tmp: Path, person_locale: str | None, org: str) -> Path:
    """examples/vaktbot.yml with ola's Teams id, ola's locale and the organisation's."""
    text = EXAMPLE_CONFIG.read_text("utf-8")
    text = text.replace("  locale: nb ", f"  locale: {org} ", 1)
    extra = "teams_id: aad-ola, " + (f"locale: {person_locale}, " if person_locale else "")
    text = text.replace("{id: ola, ", "{id: ola, " + extra, 1)
    path = tmp / "vaktbot.yml"
    path.write_text(text, "utf-8")
    return path


def make_app(db_url: str, config: Path, secrets: Secrets) -> App:
    engine = make_engine(db_url)
    return App(
        config=load_config(config),
        engine=engine,
        sessions=session_factory(engine),
        secrets=secrets,
        config_path=str(config),
        clock=lambda: NOW,
    )


def save(app: App, saved: str | None) -> None:
    if saved:
        with app.sessions.begin() as s:
            set_preferred_locale(s, "ola", saved, NOW)


async def serve(app: App) -> tuple[web.AppRunner, int]:
    return await loopback.serve(build_web_app(app))


Runner = Callable[[str, str | None, str | None, str | None, str], Any]


@pytest.fixture
async def slack_help(db_url: str, tmp_path: Path) -> AsyncIterator[Runner]:
    """Run `/vakt <text>` as ola in Slack; returns (answer text, users.info calls)."""
    cleanup: list[Any] = []

    async def run(
        text: str, saved: str | None, person: str | None, client: str | None, org: str
    ) -> tuple[dict[str, Any], int]:
        fake = await FakeSlack(locales={"U01OLA": client} if client else {}).start()
        secrets = Secrets(
            VAKTBOT_PLATFORM="slack",
            SLACK_BOT_TOKEN="xoxb-test",
            SLACK_SIGNING_SECRET=SECRET,
            VAKTBOT_SLACK_API_URL=fake.api_url,
            VAKTBOT_SLACK_MODE="http",
        )
        app = make_app(db_url, config_for(tmp_path, person, org), secrets)
        save(app, saved)
        runner, port = await serve(app)
        cleanup.extend([runner.cleanup, fake.stop, app.engine.dispose])
        form = {
            "team_id": TEAM_ID,
            "api_app_id": APP_ID,
            "channel_id": "C01TEAM1",
            "user_id": "U01OLA",
            "command": "/vakt",
            "text": text,
            "response_url": fake.response_url("1"),
            "trigger_id": "1337.42.abcd",
        }
        body = urlencode(form)
        stamp = str(int(time.time()))
        digest = hmac.new(SECRET.encode(), f"v0:{stamp}:{body}".encode(), hashlib.sha256)
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": f"v0={digest.hexdigest()}",
        }
        url = f"http://127.0.0.1:{port}/slack/events"
        async with ClientSession() as http, http.post(url, data=body, headers=headers) as r:
            assert r.status == 200
        if text == "settings":
            await fake.wait_for(lambda: fake.of("views.open"))
            answer = fake.of("views.open")[0].args["view"]
        else:
            await fake.wait_for(lambda: fake.responses)
            answer = fake.responses[0]
        return answer, len(fake.of("users.info"))

    yield run
    for step in reversed(cleanup):
        result = step()
        if hasattr(result, "__await__"):
            await result


@pytest.fixture
async def teams_help(db_url: str, tmp_path: Path) -> AsyncIterator[Runner]:
    """Send `<text>` as ola in a Teams personal chat; returns the answer's card."""
    cleanup: list[Any] = []

    async def run(
        text: str, saved: str | None, person: str | None, client: str | None, org: str
    ) -> dict[str, Any]:
        fc = await FakeConnector().start()
        secrets = Secrets(VAKTBOT_PLATFORM="teams", MicrosoftAppTenantId=fk.TENANT)
        app = make_app(db_url, config_for(tmp_path, person, org), secrets)
        save(app, saved)
        runner, port = await serve(app)
        cleanup.extend([runner.cleanup, fc.stop, app.engine.dispose])
        activity = fk.message_personal(fc.url, "ola", text)
        activity["locale"] = client
        url = f"http://127.0.0.1:{port}/api/messages"
        async with ClientSession() as http, http.post(url, json=activity) as r:
            assert r.status == 201
        [answer] = [r for r in fc.delivered if r.op == "reply"]
        assert answer.card is not None
        return answer.card

    yield run
    for step in reversed(cleanup):
        result = step()
        if hasattr(result, "__await__"):
            await result


@pytest.mark.parametrize(("saved", "person", "client", "org", "expected"), TABLE)
async def test_precedence_in_slack(
    slack_help: Runner,
    saved: str | None,
    person: str | None,
    client: str | None,
    org: str,
    expected: str,
) -> None:
    answer, asked_slack = await slack_help("help", saved, person, client, org)
    assert answer["text"] == t(expected, "help.title")
    # Slack is asked for its locale only when neither the choice nor vaktbot.yml decides
    assert asked_slack == (0 if saved or person else 1)


@pytest.mark.parametrize(("saved", "person", "client", "org", "expected"), TABLE)
async def test_precedence_in_teams(
    teams_help: Runner,
    saved: str | None,
    person: str | None,
    client: str | None,
    org: str,
    expected: str,
) -> None:
    card = await teams_help("help", saved, person, client, org)
    assert card["lang"] == expected
    assert t(expected, "help.title") in json.dumps(card, ensure_ascii=False)


@pytest.mark.parametrize(("saved", "person", "client", "org", "expected"), TABLE)
def test_precedence_in_the_console(
    db_url: str,
    tmp_path: Path,
    saved: str | None,
    person: str | None,
    client: str | None,
    org: str,
    expected: str,
) -> None:
    if client is not None:
        expected = pick_locale(saved, person, None, org)  # the console has no client locale
    app = make_app(db_url, config_for(tmp_path, person, org), Secrets())
    save(app, saved)
    loc = locale_for(app, "ola")
    assert loc == expected
    reply = dispatch(
        app, Request(platform="console", person="ola", text="help", now=NOW, locale=loc)
    )
    assert t(expected, "help.title") in to_text(reply.message)
    app.engine.dispose()


async def test_settings_offer_what_the_platform_supports(
    slack_help: Runner, teams_help: Runner
) -> None:
    teams_card = json.dumps(await teams_help("settings", None, None, "nb-NO", "nb"))
    assert "Som i Teams" in teams_card and "Slack" not in teams_card
    slack_view, _ = await slack_help("settings", None, None, "nb-NO", "nb")
    assert "Som i Slack" in json.dumps(slack_view, ensure_ascii=False)


async def test_settings_default_names_the_configured_language(teams_help: Runner) -> None:
    card = json.dumps(await teams_help("settings", None, "en", "nb-NO", "nb"), ensure_ascii=False)
    # ola's people[].locale wins over Teams: "auto" means English, and says so
    assert "Default (English)" in card and "Same as Teams" not in card
