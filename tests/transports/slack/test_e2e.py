"""Slack end to end, offline: signed requests through bolt on the real /slack/events endpoint
(bot.web.server.build_web_app on 127.0.0.1 port 0, HTTP mode), Socket Mode envelopes through a
local WebSocket, and the fake Slack Web API (tests/fake_slack.py) receiving what the bot does."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

import pytest
from aiohttp import ClientSession

from bot.app import App
from bot.config import load_config
from bot.messages.model import Message, Reply, Section
from bot.requests import ActionRequest
from bot.settings import Secrets
from bot.store.db import make_engine, session_factory
from bot.store.models import SeenEvent, Setting
from bot.transports.slack.bolt_app import command_text
from bot.transports.slack.transport import SlackTransport
from bot.web.server import build_web_app
from handlers import dispatch, home
from tests.support import loopback
from tests.support.fake_slack import APP_ID, BOT_ID, TEAM_ID, FakeSlack
from tests.support.paths import ROOT

CONFIG = ROOT / "examples" / "vaktbot.yml"
SECRET = "test-signing-secret"
NOW = datetime(2026, 11, 23, 8, 30, tzinfo=UTC)


def make_app(db_url: str, api_url: str, mode: str = "http") -> App:
    secrets = Secrets(
        VAKTBOT_PLATFORM="slack",
        SLACK_BOT_TOKEN="xoxb-test",
        SLACK_APP_TOKEN="xapp-test",
        SLACK_SIGNING_SECRET=SECRET,
        VAKTBOT_SLACK_API_URL=api_url,
        VAKTBOT_SLACK_MODE=mode,
    )
    engine = make_engine(db_url)
    return App(
        config=load_config(CONFIG),
        engine=engine,
        sessions=session_factory(engine),
        secrets=secrets,
        config_path=str(CONFIG),
        clock=lambda: NOW,
    )


def sign(body: str, ts: int, secret: str = SECRET) -> dict[str, str]:
    base = f"v0:{ts}:{body}".encode()
    digest = hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": str(ts), "X-Slack-Signature": f"v0={digest}"}


@dataclass
class Env:
    app: App
    fake: FakeSlack
    http: ClientSession
    url: str

    async def send(
        self,
        body: str,
        content_type: str,
        *,
        ts: int | None = None,
        secret: str = SECRET,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, str]:
        stamp = int(time.time()) if ts is None else ts
        hdrs = {"Content-Type": content_type, **sign(body, stamp, secret), **(headers or {})}
        async with self.http.post(self.url, data=body.encode(), headers=hdrs) as resp:
            return resp.status, await resp.text()

    async def command(self, text: str, user: str = "U01KARI", **kw: Any) -> tuple[int, str]:
        form = {
            "token": "legacy",
            "team_id": TEAM_ID,
            "api_app_id": APP_ID,
            "channel_id": "C01TEAM1",
            "user_id": user,
            "command": "/vakt",
            "text": text,
            "response_url": self.fake.response_url(text.split(" ")[0] or "x"),
            "trigger_id": "1337.42.abcd",
        }
        return await self.send(urlencode(form), "application/x-www-form-urlencoded", **kw)

    async def interact(self, payload: dict[str, Any], **kw: Any) -> tuple[int, str]:
        body = urlencode({"payload": json.dumps(payload)})
        return await self.send(body, "application/x-www-form-urlencoded", **kw)

    async def event(self, event: dict[str, Any], event_id: str, **kw: Any) -> tuple[int, str]:
        body = json.dumps(
            {
                "token": "legacy",
                "team_id": TEAM_ID,
                "api_app_id": APP_ID,
                "type": "event_callback",
                "event_id": event_id,
                "event_time": int(time.time()),
                "event": event,
            }
        )
        return await self.send(body, "application/json", **kw)


@pytest.fixture
async def env(db_url: str) -> AsyncIterator[Env]:
    fake = await FakeSlack(
        locales={"U01KARI": "nb-NO", "U02EMMA": "en-GB", "U02HANNA": "sv-SE"}
    ).start()
    app = make_app(db_url, fake.api_url)
    runner, port = await loopback.serve(build_web_app(app))
    async with ClientSession() as http:
        yield Env(app, fake, http, f"http://127.0.0.1:{port}/slack/events")
    await runner.cleanup()
    await fake.stop()
    app.engine.dispose()


def texts_of(blocks: list[dict[str, Any]]) -> str:
    return json.dumps(blocks, ensure_ascii=False)


def block_actions(
    action_id: str,
    value: str = "",
    *,
    user: str = "U01KARI",
    message_bot: str | None = BOT_ID,
    container: dict[str, Any] | None = None,
    view: dict[str, Any] | None = None,
    response_rid: str = "act",
) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "type": "block_actions",
        "team": {"id": TEAM_ID},
        "api_app_id": APP_ID,
        "user": {"id": user},
        "trigger_id": "1337.99.efgh",
        "response_url": f"RESPONSE/{response_rid}",
        "actions": [{"type": "button", "action_id": action_id, "block_id": "b1", "value": value}],
        "container": container
        or {"type": "message", "message_ts": "1790000000.000001", "channel_id": "C01TEAM1"},
        "channel": {"id": "C01TEAM1"},
    }
    if view is not None:
        payload["view"] = view
        payload.pop("response_url")
    else:
        msg: dict[str, Any] = {"type": "message", "ts": "1790000000.000001", "text": "x"}
        if message_bot:
            msg["bot_id"] = message_bot
        else:
            msg["user"] = "U02HANNA"
        payload["message"] = msg
    return payload


def with_response_url(env: Env, payload: dict[str, Any]) -> dict[str, Any]:
    if "response_url" in payload:
        payload["response_url"] = env.fake.response_url(payload["response_url"].split("/")[-1])
    return payload


# --- slash commands ------------------------------------------------------------------------


async def test_help_answers_ephemerally_in_the_users_slack_language(env: Env) -> None:
    status, _ = await env.command("help")
    assert status == 200
    await env.fake.wait_for(lambda: env.fake.responses)
    [answer] = env.fake.responses
    assert answer["response_type"] == "ephemeral"
    assert answer["text"] == "vaktbot – dette kan du spørre om"
    blocks = answer["blocks"]
    assert blocks[0]["type"] == "header"
    assert blocks[0]["text"]["text"] == "vaktbot – dette kan du spørre om"
    assert "`/vakt help`" in texts_of(blocks)
    info = env.fake.of("users.info")[0]
    assert info.args["user"] == "U01KARI"
    assert str(info.args["include_locale"]).lower() in ("true", "1")


async def test_swedish_user_and_locale_cache(env: Env) -> None:
    await env.command("help", user="U02HANNA")
    await env.command("hjälp", user="U02HANNA")
    await env.fake.wait_for(lambda: len(env.fake.responses) == 2)
    assert {r["text"] for r in env.fake.responses} == {"vaktbot – det här kan du fråga om"}
    assert len(env.fake.of("users.info")) == 1  # cached per user


async def test_configured_locale_wins_over_slack_and_slack_is_not_asked(env: Env) -> None:
    # emma has locale: sv in vaktbot.yml and English in Slack: vaktbot.yml wins
    await env.command("help", user="U02EMMA")
    await env.fake.wait_for(lambda: env.fake.responses)
    assert env.fake.responses[0]["text"] == "vaktbot – det här kan du fråga om"
    assert env.fake.of("users.info") == []


async def test_unknown_command_and_unknown_user_still_get_a_private_answer(env: Env) -> None:
    await env.command("fly-away", user="U09STRANGER")
    await env.fake.wait_for(lambda: env.fake.responses)
    [answer] = env.fake.responses
    assert answer["response_type"] == "ephemeral"
    assert "fly-away" in answer["text"]  # org locale nb: «fly-away»
    assert answer["text"].startswith("Ukjent kommando")


async def test_every_registered_command_answers_ephemerally_with_blocks(env: Env) -> None:
    names = sorted(dispatch.commands())
    assert "help" in names
    for name in names:
        before_r, before_v = len(env.fake.responses), len(env.fake.of("views.open"))

        def answered(r: int = before_r, v: int = before_v) -> bool:
            return len(env.fake.responses) > r or len(env.fake.of("views.open")) > v

        status, _ = await env.command(name)
        assert status == 200, name
        await env.fake.wait_for(answered, timeout=10)
        if len(env.fake.of("views.open")) > before_v:
            view = env.fake.of("views.open")[-1].args["view"]
            assert view["type"] == "modal" and view["blocks"], name
            continue
        answer = env.fake.responses[-1]
        assert answer["response_type"] == "ephemeral", name
        assert answer["blocks"] and answer["text"], name
    assert not env.fake.of("chat.postMessage")  # nothing went to the channel


async def test_settings_command_opens_a_modal(env: Env) -> None:
    await env.command("settings")
    await env.fake.wait_for(lambda: env.fake.of("views.open"))
    [opened] = env.fake.of("views.open")
    assert opened.args["trigger_id"] == "1337.42.abcd"
    view = opened.args["view"]
    assert view["type"] == "modal" and view["callback_id"] == home.SAVE_ACTION
    select = [b for b in view["blocks"] if b["type"] == "input"][0]
    assert select["block_id"] == "locale"
    values = [o["value"] for o in select["element"]["options"]]
    assert values == ["auto", "nb", "sv", "en"]
    assert not env.fake.responses


async def test_bad_signature_and_stale_timestamp_are_rejected(env: Env) -> None:
    status, _ = await env.command("help", secret="wrong-secret")
    assert status == 401
    status, _ = await env.command("help", ts=int(time.time()) - 600)
    assert status == 401
    status, _ = await env.event({"type": "app_home_opened", "user": "U01KARI"}, "Ev0", secret="x")
    assert status == 401
    assert env.fake.calls == [] and env.fake.responses == []  # nothing ran


# --- buttons -------------------------------------------------------------------------------


@pytest.fixture
def claim_action(monkeypatch: pytest.MonkeyPatch) -> list[ActionRequest]:
    """A feature button that edits its message in place, as moderation's claim does."""
    seen: list[ActionRequest] = []

    def claim(app: App, request: ActionRequest) -> Reply:
        seen.append(request)
        text = f"Tatt av {app.config.person(request.person or '').name} ({request.value})"
        msg = Message(text, (Section(text),), locale=request.locale)
        return Reply(msg, replace_original=True)

    monkeypatch.setitem(home.ACTIONS, "test.claim", claim)
    return seen


async def test_button_edits_the_original_message(env: Env, claim_action: list) -> None:
    status, _ = await env.interact(with_response_url(env, block_actions("test.claim~2", "c-17")))
    assert status == 200
    await env.fake.wait_for(lambda: env.fake.of("chat.update"))
    [update] = env.fake.of("chat.update")
    assert (update.args["channel"], update.args["ts"]) == ("C01TEAM1", "1790000000.000001")
    assert update.args["text"] == "Tatt av Kari Nordmann (c-17)"
    assert update.args["blocks"][0]["text"]["text"] == "Tatt av Kari Nordmann (c-17)"
    assert not env.fake.of("chat.postMessage") and not env.fake.responses
    [request] = claim_action
    assert (request.action, request.person, request.now) == ("test.claim", "kari", NOW)
    assert (request.message_channel, request.message_id) == ("C01TEAM1", "1790000000.000001")


async def test_button_on_an_ephemeral_message_is_replaced_through_respond(
    env: Env, claim_action: list
) -> None:
    container = {
        "type": "message",
        "message_ts": "1.2",
        "channel_id": "C01TEAM1",
        "is_ephemeral": True,
    }
    payload = block_actions("test.claim", "c-18", container=container)
    payload.pop("message")
    await env.interact(with_response_url(env, payload))
    await env.fake.wait_for(lambda: env.fake.responses)
    [answer] = env.fake.responses
    assert answer["replace_original"] is True
    assert answer["text"] == "Tatt av Kari Nordmann (c-18)"
    assert not env.fake.of("chat.update")


async def test_button_on_a_message_the_bot_did_not_send_is_refused(
    env: Env, claim_action: list
) -> None:
    await env.interact(with_response_url(env, block_actions("test.claim", message_bot=None)))
    await env.fake.wait_for(lambda: env.fake.responses)
    [answer] = env.fake.responses
    assert answer["response_type"] == "ephemeral"
    assert "hører ikke til en melding fra vaktbot" in answer["text"]
    assert claim_action == []  # the handler never ran
    assert not env.fake.of("chat.update")


async def test_unknown_button_gets_a_polite_answer(env: Env) -> None:
    await env.interact(with_response_url(env, block_actions("gone.feature", "1")))
    await env.fake.wait_for(lambda: env.fake.responses)
    assert "virker ikke lenger" in env.fake.responses[0]["text"]


async def test_overflow_menu_option_reaches_its_action(env: Env, claim_action: list) -> None:
    payload = block_actions("vaktbot.more", "")
    payload["actions"] = [
        {
            "type": "overflow",
            "action_id": "vaktbot.more",
            "selected_option": {"value": "test.claim|c-19"},
        }
    ]
    await env.interact(with_response_url(env, payload))
    await env.fake.wait_for(lambda: env.fake.of("chat.update"))
    assert claim_action[0].value == "c-19"


# --- App Home, modals ----------------------------------------------------------------------


async def test_app_home_is_published_once_even_when_slack_retries(env: Env) -> None:
    event = {"type": "app_home_opened", "user": "U01KARI", "channel": "D01", "tab": "home"}
    status, _ = await env.event(event, "Ev01HOME")
    assert status == 200
    await env.fake.wait_for(lambda: env.fake.of("views.publish"))
    status, _ = await env.event(
        event, "Ev01HOME", headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "timeout"}
    )
    assert status == 200  # acknowledged ...
    await env.event({**event, "tab": "messages"}, "Ev02MSG")  # the Messages tab: no publish
    await env.event({**event, "user": "U02EMMA"}, "Ev03EMMA")  # handled after the two above
    await env.fake.wait_for(lambda: len(env.fake.of("views.publish")) >= 2)
    await asyncio.sleep(0.2)
    publishes = env.fake.of("views.publish")
    assert [p.args["user_id"] for p in publishes] == ["U01KARI", "U02EMMA"]
    published = publishes[0]  # ... but not handled twice
    assert published.args["user_id"] == "U01KARI"
    view = published.args["view"]
    assert view["type"] == "home"
    assert view["blocks"][0]["text"]["text"] == "Hei, Kari Nordmann"
    action_ids = [
        e["action_id"] for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]
    ]
    assert action_ids == [home.SETTINGS_ACTION, home.HELP_ACTION]
    assert "Oppdatert" in texts_of(view["blocks"])
    with env.app.sessions() as s:
        assert s.get(SeenEvent, ("slack.event", "Ev01HOME")) is not None


async def test_settings_modal_validates_saves_and_republishes_home(env: Env) -> None:
    view = {"id": "V1", "type": "home", "app_id": APP_ID}
    await env.interact(
        block_actions(home.SETTINGS_ACTION, view=view, container={"type": "view", "view_id": "V1"})
    )
    await env.fake.wait_for(lambda: env.fake.of("views.open"))
    modal = env.fake.of("views.open")[0].args["view"]

    def submission(choice: str) -> dict[str, Any]:
        return {
            "type": "view_submission",
            "team": {"id": TEAM_ID},
            "api_app_id": APP_ID,
            "user": {"id": "U01KARI"},
            "view": {
                "id": "V2",
                "type": "modal",
                "callback_id": modal["callback_id"],
                "private_metadata": "",
                "state": {
                    "values": {
                        "locale": {
                            "locale": {
                                "type": "static_select",
                                "selected_option": {"value": choice},
                            }
                        }
                    }
                },
            },
        }

    status, body = await env.interact(submission("de"))
    assert status == 200
    assert json.loads(body) == {
        "response_action": "errors",
        "errors": {"locale": "Velg et av språkene i lista."},
    }
    status, body = await env.interact(submission("sv"))
    answer = json.loads(body)
    assert answer["response_action"] == "update"
    assert "Inställningarna är sparade." in texts_of(answer["view"]["blocks"])
    with env.app.sessions() as s:
        assert s.get(Setting, "home.locale.kari").value == "sv"
    await env.fake.wait_for(lambda: len(env.fake.of("views.publish")) >= 2)
    republished = env.fake.of("views.publish")[-1].args["view"]
    assert republished["blocks"][0]["text"]["text"] == "Hej, Kari Nordmann"
    # the choice now beats Slack's nb-NO for commands too
    await env.command("help")
    await env.fake.wait_for(lambda: env.fake.responses)
    assert env.fake.responses[-1]["text"] == "vaktbot – det här kan du fråga om"


async def test_help_button_in_app_home_answers_in_the_messages_tab(env: Env) -> None:
    view = {"id": "V1", "type": "home", "app_id": APP_ID}
    await env.interact(
        block_actions(home.HELP_ACTION, view=view, container={"type": "view", "view_id": "V1"})
    )
    await env.fake.wait_for(lambda: env.fake.of("chat.postMessage"))
    [dm] = env.fake.of("chat.postMessage")
    assert dm.args["channel"] == "U01KARI"
    assert dm.args["text"] == "vaktbot – dette kan du spørre om"
    assert env.fake.of("views.publish")  # the home tab is refreshed after an action


# --- Socket Mode ---------------------------------------------------------------------------


async def test_socket_mode_command_and_home_event(db_url: str) -> None:
    fake = await FakeSlack(locales={"U01KARI": "en-GB"}).start()
    app = make_app(db_url, fake.api_url, mode="socket")
    transport = SlackTransport.from_app(app)
    stop = asyncio.Event()
    task = asyncio.create_task(transport.start_socket_mode(stop))
    try:
        await fake.wait_for(lambda: fake.connected, timeout=10)
        opened = fake.of("apps.connections.open")[0]
        assert opened.token == "xapp-test"
        await fake.send_envelope(
            "env-1",
            "slash_commands",
            {
                "team_id": TEAM_ID,
                "api_app_id": APP_ID,
                "channel_id": "C01TEAM1",
                "user_id": "U01KARI",
                "command": "/vakt",
                "text": "help",
                "response_url": fake.response_url("sock"),
                "trigger_id": "1.2.3",
            },
        )
        await fake.wait_for(lambda: "env-1" in fake.acks and fake.responses, timeout=10)
        answer = fake.responses[0]
        assert answer["response_type"] == "ephemeral"
        assert answer["text"] == "vaktbot – what you can ask"
        event_payload = {
            "team_id": TEAM_ID,
            "api_app_id": APP_ID,
            "type": "event_callback",
            "event_id": "EvSOCK1",
            "event": {"type": "app_home_opened", "user": "U01KARI", "tab": "home"},
        }
        await fake.send_envelope("env-2", "events_api", event_payload)
        await fake.wait_for(lambda: fake.of("views.publish"), timeout=10)
        await fake.send_envelope("env-3", "events_api", event_payload, retry_attempt=1)
        await fake.wait_for(lambda: "env-3" in fake.acks, timeout=10)
        await asyncio.sleep(0.2)
        [published] = fake.of("views.publish")
        assert published.args["view"]["blocks"][0]["text"]["text"] == "Hello, Kari Nordmann"
    finally:
        stop.set()
        await asyncio.wait_for(task, 10)
        await fake.stop()
        app.engine.dispose()


async def test_app_home_for_someone_not_in_the_config_shows_nothing_of_the_teams(env: Env) -> None:
    event = {"type": "app_home_opened", "user": "U09GUEST", "tab": "home"}
    await env.event(event, "Ev03GUEST")
    await env.fake.wait_for(lambda: env.fake.of("views.publish"))
    view = env.fake.of("views.publish")[0].args["view"]
    text = texts_of(view["blocks"])
    assert view["blocks"][0]["text"]["text"] == "Velkommen til vaktbot"
    assert "Du står ikke i konfigurasjonen" in text
    assert "Status for vakta" not in text and "Vaktlag" not in text


@pytest.mark.parametrize(
    "mention", ["<@U01OLA>", "<@U01OLA|Ola Hansen>", "<@U01OLA|ola>", "@ola", "@Ola_Hansen"]
)
async def test_swap_names_the_colleague_by_slack_mention(env: Env, mention: str) -> None:
    await env.command(f"swap {mention} 2026-12-28", user="U02HANNA")
    await env.fake.wait_for(lambda: env.fake.responses)
    [answer] = env.fake.responses
    assert answer["text"].startswith("Jag har frågat Ola Hansen om att ta ditt pass")  # sv-SE


async def test_a_question_is_not_a_command(env: Env) -> None:
    await env.command("Who is Ezra?")
    await env.fake.wait_for(lambda: env.fake.responses)
    [answer] = env.fake.responses
    assert answer["text"].startswith("«Who is Ezra?» er ikke en kommando")


def test_command_text_of_an_escaped_slash_command() -> None:
    assert command_text("swap <@U01OLA|Ola Hansen> 28.12.") == "swap <@U01OLA> 28.12."
    assert command_text("link <#C01TEAM1|vaktlag-1>") == "link #vaktlag-1"
    assert command_text("plan add <https://x.example/a?b=1&amp;c=2|x> A &amp; B") == (
        "plan add https://x.example/a?b=1&c=2 A & B"
    )


async def test_who_shows_the_handoff_as_a_slack_date_token(env: Env) -> None:
    """Slack shows each reader the instant in their own zone and language; the fallback is
    the organisation's local time, zone-labelled (Teams and the console show that)."""
    await env.command("who")
    await env.fake.wait_for(lambda: env.fake.responses)
    blocks = json.dumps(env.fake.responses[0]["blocks"], ensure_ascii=False)
    handoff = datetime(2026, 12, 7, 7, 0, tzinfo=UTC)  # Monday 7 Dec 08:00 in Oslo
    token = f"<!date^{int(handoff.timestamp())}^{{date_short_pretty}} {{time}}|"
    assert token in blocks
    assert f"{token}mandag 7. des. 08:00 CET>" in blocks
    assert "mandag 7. des. 08:00 CET" not in blocks.replace(f"{token}mandag 7. des. 08:00 CET>", "")
