"""Every recorded payload in tests/payloads/ replayed through the real transport entry: Teams
activities POSTed to /api/messages (answered to the fake Bot Connector), Slack requests signed
and POSTed to /slack/events (answered to the fake Slack Web API)."""

from __future__ import annotations

import hashlib
import hmac
import json
import random
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest
from aiohttp import ClientSession, web
from sqlalchemy import select

import tests.support.fake_connector as fk
from bot.app import App
from bot.config import load_config
from bot.settings import Secrets
from bot.store.db import make_engine, session_factory
from bot.store.models import ConversationRef, Setting, SwapRow
from bot.transports.teams.adapter import RetryPolicy
from bot.transports.teams.transport import TeamsTransport
from bot.web.server import build_web_app
from tests.support import loopback
from tests.support.fake_connector import FakeConnector
from tests.support.fake_slack import APP_ID, FakeSlack
from tests.support.paths import EXAMPLE_CONFIG, ROOT

PAYLOADS = ROOT / "tests" / "payloads"
SECRET = "test-signing-secret"
MON = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Europe/Oslo")).astimezone(UTC)
ROSTER = [
    {
        "id": f"29:{pid}",
        "name": name,
        "aadObjectId": f"aad-{pid}",
        "email": f"{pid}@example.org",
        "userPrincipalName": f"{pid}@example.org",
        "tenantId": fk.TENANT,
    }
    for pid, name in (
        ("kari", "Kari Nordmann"),
        ("ola", "Ola Hansen"),
        ("hanna", "Hanna Kristiansen"),
    )
]


def load(name: str, **values: str) -> Any:
    text = (PAYLOADS / name).read_text("utf-8")
    text = text.replace('"{{now}}"', str(int(time.time())))
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    assert "{{" not in text, f"{name}: a placeholder was left"
    return json.loads(text)


def config(tmp: Path) -> Path:
    text = EXAMPLE_CONFIG.read_text("utf-8")
    for pid in ("ola", "hanna"):
        text = text.replace(f"{{id: {pid}, ", f"{{id: {pid}, email: {pid}@example.org, ", 1)
    path = tmp / "vaktbot.yml"
    path.write_text(text, "utf-8")
    return path


async def serve(app: App) -> tuple[web.AppRunner, int]:
    return await loopback.serve(build_web_app(app))


class NoSleep:
    async def __call__(self, seconds: float) -> None:
        return None


# --- Teams --------------------------------------------------------------------------------------


class Teams:
    def __init__(self, app: App, fc: FakeConnector, url: str, http: ClientSession) -> None:
        self.app, self.fc, self.url, self.http = app, fc, url, http

    async def replay(self, name: str) -> tuple[int, Any]:
        activity = load(name, serviceUrl=self.fc.url)
        async with self.http.post(self.url, json=activity) as resp:
            body = await resp.json() if resp.content_type == "application/json" else None
            return resp.status, body

    def refs(self, scope: str) -> list[ConversationRef]:
        with self.app.sessions() as s:
            return list(s.scalars(select(ConversationRef).where(ConversationRef.scope == scope)))


@pytest.fixture
async def teams(db_url: str, tmp_path: Path) -> AsyncIterator[Teams]:
    fc = await FakeConnector(
        rosters={fk.TEAM_CHANNEL: [dict(m) for m in ROSTER]},
        members={m["id"]: dict(m) for m in ROSTER},
    ).start()
    path = config(tmp_path)
    engine = make_engine(db_url)
    app = App(
        config=load_config(path),
        engine=engine,
        sessions=session_factory(engine),
        secrets=Secrets(VAKTBOT_PLATFORM="teams", MicrosoftAppTenantId=fk.TENANT),
        config_path=str(path),
        clock=lambda: MON,
    )
    TeamsTransport.from_app(app).retry = RetryPolicy(sleep=NoSleep(), rng=random.Random(1))
    runner, port = await serve(app)
    async with ClientSession() as http:
        yield Teams(app, fc, f"http://127.0.0.1:{port}/api/messages", http)
    await runner.cleanup()
    await fc.stop()
    engine.dispose()


async def test_teams_install_in_a_team_reads_roster_and_welcomes_once(teams: Teams) -> None:
    status, _ = await teams.replay("teams/conversationUpdate_team_install.json")
    assert status == 201
    status, _ = await teams.replay("teams/installationUpdate_team_add.json")
    assert status == 201
    assert {r.user_id for r in teams.refs("member")} == {"aad-kari", "aad-ola", "aad-hanna"}
    [team] = teams.refs("team")
    assert team.address == fk.TEAM_CHANNEL
    welcomes = [r for r in teams.fc.delivered if r.op == "send"]
    assert [w.conversation_id for w in welcomes] == [fk.TEAM_CHANNEL], "one welcome per install"

    status, _ = await teams.replay("teams/installationUpdate_team_remove.json")
    assert status == 201
    assert teams.refs("team") == [] and teams.refs("member") == []


async def test_teams_personal_install_and_command(teams: Teams) -> None:
    assert (await teams.replay("teams/installationUpdate_personal_add.json"))[0] == 201
    [personal] = teams.refs("personal")
    assert (personal.address, personal.user_id) == ("a:personal-kari", "aad-kari")
    teams.fc.clear()
    assert (await teams.replay("teams/message_personal.json"))[0] == 201
    [answer] = [r for r in teams.fc.delivered if r.op == "reply"]
    assert answer.conversation_id == "a:personal-kari"
    card = json.dumps(answer.card, ensure_ascii=False)
    assert "Vaktlag 2" in card  # `who`: team 2 on duty
    # Teams shows the date token's fallback: the organisation's time, zone-labelled
    assert "mandag 7. des. 08:00 CET" in card and "!date" not in card


async def test_teams_channel_message_with_mentions_asks_the_colleague(teams: Teams) -> None:
    await teams.replay("teams/conversationUpdate_team_install.json")
    teams.fc.clear()
    assert (await teams.replay("teams/message_channel_mentions.json"))[0] == 201
    with teams.app.sessions() as s:
        [swap] = s.scalars(select(SwapRow)).all()
    assert (swap.from_id, swap.to_id, swap.start.isoformat()) == ("hanna", "ola", "2026-12-28")


async def test_teams_legacy_submit_answers_in_the_cards_conversation(teams: Teams) -> None:
    await teams.replay("teams/installationUpdate_personal_add.json")
    teams.fc.clear()
    assert (await teams.replay("teams/message_submit_legacy.json"))[0] == 201
    [answer] = teams.fc.delivered
    # the help card goes to kari's personal chat (help is for the asker alone)
    assert answer.conversation_id == "a:personal-kari"
    assert "vaktbot – dette kan du spørre om" in json.dumps(answer.card, ensure_ascii=False)


async def test_teams_invoke_adaptive_card_action_gets_an_invoke_response(teams: Teams) -> None:
    await teams.replay("teams/installationUpdate_personal_add.json")
    teams.fc.clear()
    status, body = await teams.replay("teams/invoke_adaptive_card_action.json")
    assert status == 200
    assert body["statusCode"] == 200
    assert body["type"] in (
        "application/vnd.microsoft.activity.message",
        "application/vnd.microsoft.card.adaptive",
    )
    assert body["value"]
    sent = [r for r in teams.fc.delivered if r.op in ("send", "reply")]
    assert sent and "vaktbot – dette kan du spørre om" in json.dumps(
        sent[0].card, ensure_ascii=False
    )


# --- Slack --------------------------------------------------------------------------------------


class Slack:
    def __init__(self, app: App, fake: FakeSlack, url: str, http: ClientSession) -> None:
        self.app, self.fake, self.url, self.http = app, fake, url, http

    async def post(self, body: str, content_type: str, **headers: str) -> tuple[int, str]:
        stamp = str(int(time.time()))
        digest = hmac.new(SECRET.encode(), f"v0:{stamp}:{body}".encode(), hashlib.sha256)
        hdrs = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": f"v0={digest.hexdigest()}",
            **headers,
        }
        async with self.http.post(self.url, data=body.encode(), headers=hdrs) as resp:
            return resp.status, await resp.text()

    async def interact(self, name: str) -> tuple[int, str]:
        payload = load(name, appId=APP_ID)
        return await self.post(
            urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded"
        )


@pytest.fixture
async def slack(db_url: str) -> AsyncIterator[Slack]:
    fake = await FakeSlack(locales={"U01KARI": "nb-NO"}).start()
    engine = make_engine(db_url)
    app = App(
        config=load_config(EXAMPLE_CONFIG),
        engine=engine,
        sessions=session_factory(engine),
        secrets=Secrets(
            VAKTBOT_PLATFORM="slack",
            SLACK_BOT_TOKEN="xoxb-test",
            SLACK_SIGNING_SECRET=SECRET,
            VAKTBOT_SLACK_API_URL=fake.api_url,
            VAKTBOT_SLACK_MODE="http",
        ),
        config_path=str(EXAMPLE_CONFIG),
        clock=lambda: MON,
    )
    runner, port = await serve(app)
    async with ClientSession() as http:
        yield Slack(app, fake, f"http://127.0.0.1:{port}/slack/events", http)
    await runner.cleanup()
    await fake.stop()
    engine.dispose()


async def test_slack_slash_command_with_an_escaped_mention(slack: Slack) -> None:
    form = load("slack/slash_command.json", appId=APP_ID, responseUrl=slack.fake.response_url("1"))
    status, _ = await slack.post(urlencode(form), "application/x-www-form-urlencoded")
    assert status == 200
    await slack.fake.wait_for(lambda: slack.fake.responses)
    assert slack.fake.responses[0]["text"].startswith("Jeg har spurt Ola Hansen")
    with slack.app.sessions() as s:
        [swap] = s.scalars(select(SwapRow)).all()
    assert (swap.from_id, swap.to_id) == ("hanna", "ola")


async def test_slack_home_button_opens_the_settings_and_the_submission_saves(slack: Slack) -> None:
    status, _ = await slack.interact("slack/block_actions_home.json")
    assert status == 200
    await slack.fake.wait_for(lambda: slack.fake.of("views.open"))
    assert slack.fake.of("views.open")[0].args["view"]["callback_id"] == "home.settings_save"
    status, body = await slack.interact("slack/view_submission_settings.json")
    assert status == 200 and json.loads(body)["response_action"] == "update"
    with slack.app.sessions() as s:
        row = s.get(Setting, "home.locale.kari")
        assert row is not None and row.value == "sv"


async def test_slack_event_and_its_retry_publish_home_once(slack: Slack) -> None:
    event = json.dumps(load("slack/event_app_home_opened.json", appId=APP_ID))
    assert (await slack.post(event, "application/json"))[0] == 200
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    assert (await slack.post(event, "application/json", **retry))[0] == 200
    await slack.fake.wait_for(lambda: slack.fake.of("views.publish"))
    assert len(slack.fake.of("views.publish")) == 1
    assert slack.fake.of("views.publish")[0].args["user_id"] == "U01KARI"


def test_every_recorded_payload_is_replayed() -> None:
    """Each file in tests/payloads/ is loaded by a test in this module."""
    files = {p.relative_to(PAYLOADS).as_posix() for p in PAYLOADS.rglob("*.json")}
    source = Path(__file__).read_text("utf-8")
    assert len(files) >= 12
    assert all(f'"{name}"' in source for name in files), sorted(
        f for f in files if f'"{f}"' not in source
    )
