"""Commands and button presses wake the service's sender: what they queue in the outbox (e.g.
"claimed by" edits of every copy of an alert) goes out at once, not at the next tick."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import time
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from aiohttp import ClientSession

import tests.support.fake_connector as fk
from bot.app import App
from bot.config import load_config
from bot.settings import Secrets
from bot.store.db import make_engine, session_factory
from bot.web.server import build_web_app
from tests.support import loopback
from tests.support.fake_connector import FakeConnector
from tests.support.fake_slack import APP_ID, BOT_ID, TEAM_ID, FakeSlack
from tests.support.paths import EXAMPLE_CONFIG

CONFIG = EXAMPLE_CONFIG
SECRET = "wake-signing-secret"


def make_app(db_url: str, secrets: Secrets) -> App:
    engine = make_engine(db_url)
    app = App(
        config=load_config(CONFIG),
        engine=engine,
        sessions=session_factory(engine),
        secrets=secrets,
        config_path=str(CONFIG),
    )
    app.kick = asyncio.Event()  # as the service loop does
    return app


async def serve(app: App) -> AsyncIterator[str]:
    runner, port = await loopback.serve(build_web_app(app))
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()
        app.engine.dispose()


def signed(body: str) -> dict[str, str]:
    ts = str(int(time.time()))
    digest = hmac.new(SECRET.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    return {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": f"v0={digest}",
    }


def test_without_a_service_loop_waking_does_nothing(tmp_path: Path) -> None:
    app = make_app(f"sqlite:///{tmp_path / 'x.db'}", Secrets())  # type: ignore[call-arg]
    app.kick = None
    app.wake_sender()
    assert app.kick is None
    app.engine.dispose()


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlack]:
    fake = await FakeSlack().start()
    yield fake
    await fake.stop()


async def test_slack_command_and_button_wake_the_sender(db_url: str, slack: FakeSlack) -> None:
    secrets = Secrets(
        VAKTBOT_PLATFORM="slack",
        SLACK_BOT_TOKEN="xoxb-test",
        SLACK_SIGNING_SECRET=SECRET,
        VAKTBOT_SLACK_API_URL=slack.api_url,
        VAKTBOT_SLACK_MODE="http",
    )  # type: ignore[call-arg]
    app = make_app(db_url, secrets)
    kick = app.kick
    assert kick is not None
    async for base in serve(app):
        async with ClientSession() as http:
            form = urlencode(
                {
                    "team_id": TEAM_ID,
                    "api_app_id": APP_ID,
                    "channel_id": "C01TEAM1",
                    "user_id": "U01KARI",
                    "command": "/vakt",
                    "text": "help",
                    "response_url": slack.response_url("help"),
                    "trigger_id": "1.2.3",
                }
            )
            async with http.post(f"{base}/slack/events", data=form, headers=signed(form)) as r:
                assert r.status == 200
            await slack.wait_for(lambda: slack.responses)
            assert kick.is_set()
            kick.clear()
            payload = {
                "type": "block_actions",
                "team": {"id": TEAM_ID},
                "api_app_id": APP_ID,
                "user": {"id": "U01KARI"},
                "response_url": slack.response_url("press"),
                "actions": [{"type": "button", "action_id": "moderation.claim", "value": "404"}],
                "container": {"type": "message", "message_ts": "1.2", "channel_id": "C01TEAM1"},
                "channel": {"id": "C01TEAM1"},
                "message": {"type": "message", "ts": "1.2", "bot_id": BOT_ID, "text": "x"},
            }
            body = urlencode({"payload": json.dumps(payload)})
            async with http.post(f"{base}/slack/events", data=body, headers=signed(body)) as r:
                assert r.status == 200
            await slack.wait_for(lambda: len(slack.responses) >= 2)
            assert kick.is_set()


async def test_teams_message_and_card_submit_wake_the_sender(db_url: str) -> None:
    fc = await FakeConnector().start()
    app = make_app(db_url, Secrets(VAKTBOT_PLATFORM="teams"))  # type: ignore[call-arg]
    kick = app.kick
    assert kick is not None
    try:
        async for base in serve(app):
            async with ClientSession() as http:
                url = f"{base}/api/messages"
                async with http.post(url, json=fk.install_personal(fc.url, "kari")) as r:
                    assert r.status in (200, 201)
                assert not kick.is_set()  # an install queues nothing
                async with http.post(url, json=fk.message_personal(fc.url, "kari", "help")) as r:
                    assert r.status in (200, 201)
                assert kick.is_set()
                kick.clear()
                submit = fk.submit(
                    fc.url, "kari", {"action": "moderation.claim", "value": "404"}, "c1"
                )
                async with http.post(url, json=submit) as r:
                    assert r.status in (200, 201)
                assert kick.is_set()
    finally:
        await fc.stop()
