"""Teams end to end: Activities POSTed to the real /api/messages (bot.web.server.build_web_app on
127.0.0.1 port 0, authentication disabled as in the Bot Framework Emulator), replies and
proactive sends received by a local fake Bot Connector (tests/fake_connector.py)."""

from __future__ import annotations

import json
import random
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import adaptive_cards
import jsonschema
import pytest
from aiohttp import ClientSession, web
from sqlalchemy import select

import tests.support.fake_connector as fk
from bot.app import App
from bot.config import load_config
from bot.delivery.outbox import enqueue, enqueue_update
from bot.delivery.sender import Sender
from bot.messages.model import Message, Reply, Section
from bot.requests import ActionRequest
from bot.settings import Secrets
from bot.store.db import make_engine, session_factory
from bot.store.models import ConversationRef, Outbox, Setting
from bot.transports.base import Envelope, NotReachableYet, Target, TransientError, Unroutable
from bot.transports.teams.adapter import RetryPolicy
from bot.transports.teams.transport import TeamsTransport
from bot.web.server import build_web_app
from handlers import dispatch
from handlers import prefs as prefs_handlers
from tests.support import cards, loopback
from tests.support.fake_connector import FakeConnector, Recorded
from tests.support.paths import ROOT

CONFIG = ROOT / "examples" / "vaktbot.yml"
SCHEMA = json.loads(
    (Path(adaptive_cards.__file__).parent / "schemas" / "schema-1.5.json").read_text("utf-8")
)
VALIDATOR = jsonschema.validators.validator_for(SCHEMA)(SCHEMA)
# people of examples/vaktbot.yml as Teams knows them (only kari has an e-mail there)
DIRECTORY = {
    "29:kari": {"id": "29:kari", "aadObjectId": "aad-kari", "email": "kari@example.org"},
    "29:ola": {"id": "29:ola", "aadObjectId": "aad-ola", "email": "ola@elsewhere.example"},
}


def assert_valid_card(rec: Recorded) -> dict[str, Any]:
    """The recorded activity carries a valid Adaptive Card 1.5 with wrapped TextBlocks."""
    assert rec.body.get("type") == "message"
    assert rec.body.get("summary"), "every message has a summary line (the notification)"
    assert not rec.body.get("text"), "no text shown above the card: it would say it twice"
    card = rec.card
    assert card is not None, f"no adaptive card in {rec.body}"
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.5"
    errors = sorted(VALIDATOR.iter_errors(card), key=str)
    assert not errors, errors[0].message

    for node in cards.elements(card):
        if node["type"] == "TextBlock":
            assert node.get("wrap") is True
    return card


def card_text(card: dict[str, Any]) -> str:
    return json.dumps(card, ensure_ascii=False)


class RecordingSleep:
    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def make_app(db_url: str, platform: str = "teams") -> App:
    secrets = Secrets(VAKTBOT_PLATFORM=platform, MicrosoftAppTenantId=fk.TENANT)
    engine = make_engine(db_url)
    return App(
        config=load_config(CONFIG),
        engine=engine,
        sessions=session_factory(engine),
        secrets=secrets,
        config_path=str(CONFIG),
    )


@dataclass
class Env:
    app: App
    fc: FakeConnector
    url: str
    http: ClientSession
    sleep: RecordingSleep
    db_url: str
    runners: list[web.AppRunner] = field(default_factory=list)

    async def post(self, activity: dict[str, Any]) -> int:
        async with self.http.post(self.url, json=activity) as resp:
            await resp.read()
            return resp.status

    def sends(self) -> list[Recorded]:
        return [r for r in self.fc.delivered if r.op in ("send", "reply")]

    def refs(self) -> list[ConversationRef]:
        with self.app.sessions() as s:
            return list(s.scalars(select(ConversationRef).order_by(ConversationRef.id)))


async def start_server(app: App) -> tuple[web.AppRunner, str]:
    runner, port = await loopback.serve(build_web_app(app))
    return runner, f"http://127.0.0.1:{port}/api/messages"


@pytest.fixture
async def env(db_url: str) -> AsyncIterator[Env]:
    fc = await FakeConnector(members=dict(DIRECTORY)).start()
    app = make_app(db_url)
    sleep = RecordingSleep()
    TeamsTransport.from_app(app).retry = RetryPolicy(sleep=sleep, rng=random.Random(1))
    runner, url = await start_server(app)
    async with ClientSession() as http:
        yield Env(app, fc, url, http, sleep, db_url, [runner])
    await runner.cleanup()
    await fc.stop()
    app.engine.dispose()


async def install_kari_and_team(env: Env) -> None:
    assert await env.post(fk.install_personal(env.fc.url, "kari")) in (200, 201)
    assert await env.post(fk.install_team(env.fc.url)) in (200, 201)


# --- install and welcome ------------------------------------------------------------------------


async def test_personal_install_stores_reference_and_welcomes_once(env: Env) -> None:
    # Teams sends both a conversationUpdate and an installationUpdate for one install
    assert await env.post(fk.install_personal(env.fc.url, "kari")) == 201
    assert await env.post(fk.install_personal(env.fc.url, "kari", kind="installationUpdate")) == 201
    assert await env.post(fk.install_personal(env.fc.url, "kari")) == 201

    sends = env.sends()
    assert len(sends) == 1, "exactly one welcome per install"
    welcome = sends[0]
    assert welcome.op == "send" and welcome.conversation_id == "a:personal-kari"
    card = assert_valid_card(welcome)
    assert "Jeg er vaktbot" in card_text(card)  # nb-NO activity -> Norwegian
    assert "help" in card_text(card)

    [ref] = env.refs()
    assert (ref.platform, ref.address, ref.scope) == ("teams", "a:personal-kari", "personal")
    assert (ref.user_id, ref.tenant_id) == ("aad-kari", fk.TENANT)
    assert ref.reference["email"] == "kari@example.org"  # looked up in the Teams directory
    assert ref.reference["ref"]["serviceUrl"] == env.fc.url
    assert "activityId" not in ref.reference["ref"]


async def test_team_install_short_intro_once_and_again_after_reinstall(env: Env) -> None:
    assert await env.post(fk.install_team(env.fc.url)) == 201
    assert await env.post(fk.install_team(env.fc.url)) == 201
    [intro] = env.sends()
    assert intro.conversation_id == fk.TEAM_CHANNEL
    card = assert_valid_card(intro)
    assert "link" in card_text(card) and len(card["body"]) <= 3  # short
    [ref] = env.refs()
    assert ref.scope == "team" and ref.user_id is None

    assert await env.post(fk.install_team(env.fc.url, action="remove")) == 201
    assert env.refs() == []
    assert await env.post(fk.install_team(env.fc.url)) == 201
    assert len(env.sends()) == 2, "a new install is welcomed again"


# --- commands -----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["vakt help", "help", "/vakt help", "@vaktbot help"])
async def test_personal_command_replies_with_card(env: Env, text: str) -> None:
    activity = fk.message_personal(env.fc.url, "kari", text)
    assert await env.post(activity) == 201
    [reply] = env.sends()
    assert reply.op == "reply" and reply.activity_id == activity["id"]
    assert reply.conversation_id == "a:personal-kari"
    card = assert_valid_card(reply)
    assert "vaktbot" in card_text(card)


async def test_who_in_personal_chat(env: Env) -> None:
    if "who" not in dispatch.commands():
        pytest.fail("the duty feature's `who` command is not registered")
    assert await env.post(fk.message_personal(env.fc.url, "kari", "vakt who")) == 201
    [reply] = env.sends()
    assert_valid_card(reply)


async def test_channel_mention_personal_answer_goes_to_personal_chat(env: Env) -> None:
    await install_kari_and_team(env)
    env.fc.clear()
    assert await env.post(fk.message_channel(env.fc.url, "kari", "help")) == 201
    [answer] = env.sends()
    # help is for the asker alone: Teams has no ephemeral messages -> personal chat
    assert answer.conversation_id == "a:personal-kari" and answer.op == "send"
    assert_valid_card(answer)


async def test_channel_mention_without_personal_chat_replies_in_thread(env: Env) -> None:
    assert await env.post(fk.install_team(env.fc.url)) == 201
    env.fc.clear()
    activity = fk.message_channel(env.fc.url, "ola", "help")
    assert await env.post(activity) == 201
    [answer] = env.sends()
    assert answer.op == "reply" and answer.activity_id == activity["id"]
    assert answer.conversation_id == f"{fk.TEAM_CHANNEL};messageid={activity['id']}"
    assert_valid_card(answer)


async def test_link_binds_channel_for_lead_only(env: Env) -> None:
    await install_kari_and_team(env)
    env.fc.clear()
    # ola is not a lead (and not even identifiable): refused
    assert await env.post(fk.message_channel(env.fc.url, "ola", "link team-1")) == 201
    with env.app.sessions() as s:
        assert s.get(Setting, "teams.channel.team-1") is None
    # unknown team
    assert await env.post(fk.message_channel(env.fc.url, "kari", "link team-9")) == 201
    with env.app.sessions() as s:
        assert s.get(Setting, "teams.channel.team-9") is None
    env.fc.clear()
    assert await env.post(fk.message_channel(env.fc.url, "kari", "link team-1")) == 201
    with env.app.sessions() as s:
        row = s.get(Setting, "teams.channel.team-1")
        assert row is not None and row.value == {"conversation_id": fk.TEAM_CHANNEL}
    [done] = env.sends()
    assert done.conversation_id.startswith(fk.TEAM_CHANNEL + ";messageid=")  # said in the thread
    assert "Vaktlag 1" in card_text(assert_valid_card(done))


async def test_every_command_replies_with_a_card(env: Env) -> None:
    assert await env.post(fk.install_personal(env.fc.url, "kari")) == 201
    commands = sorted(dispatch.commands())
    assert "help" in commands
    for command in commands:
        env.fc.clear()
        assert await env.post(fk.message_personal(env.fc.url, "kari", f"vakt {command}")) == 201
        replies = env.sends()
        assert replies, f"`{command}` got no reply"
        for reply in replies:
            assert_valid_card(reply)


async def test_every_button_on_command_cards_is_handled(env: Env) -> None:
    """Press each Action.Submit found on the cards of every command once: each names a
    registered action, the press is accepted, and whatever comes back is a valid card."""
    assert await env.post(fk.install_personal(env.fc.url, "kari")) == 201
    registered = dispatch.actions()
    for command in sorted(dispatch.commands()):
        env.fc.clear()
        await env.post(fk.message_personal(env.fc.url, "kari", f"vakt {command}"))
        for rec in env.sends():
            for data in cards.submit_data(rec.card or {}):
                assert data.get("action") in registered, f"`{command}` card: {data}"
                env.fc.clear()
                act = fk.submit(env.fc.url, "kari", data, card_id=rec.new_id or "")
                assert await env.post(act) == 201
                for out in env.fc.delivered:
                    assert_valid_card(out)


# --- Action.Submit ------------------------------------------------------------------------------


def _mark_done(app: App, req: ActionRequest) -> Reply:
    text = f"Marked {req.value} by {req.person} ({req.form.get('note', '')})"
    return Reply(
        Message(text=text, blocks=(Section(text),), locale=req.locale), replace_original=True
    )


async def test_action_submit_updates_card_in_place(
    env: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a feature registering one more action, exactly as handlers/<feature>.py do
    monkeypatch.setitem(prefs_handlers.ACTIONS, "teamstest.mark", _mark_done)
    assert await env.post(fk.install_personal(env.fc.url, "kari")) == 201
    env.fc.clear()
    value = {"action": "teamstest.mark", "value": "42", "note": "sjekket"}
    assert await env.post(fk.submit(env.fc.url, "kari", value, card_id="act-7")) == 201
    [upd] = env.fc.delivered
    assert upd.op == "update" and upd.method == "PUT"
    assert (upd.conversation_id, upd.activity_id) == ("a:personal-kari", "act-7")
    card = assert_valid_card(upd)
    assert "Marked 42 by kari (sjekket)" in card_text(card)


# --- ignored input ------------------------------------------------------------------------------


async def test_unknown_type_other_tenant_and_unmatched_payload_are_ignored(
    env: Env, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG", logger="vaktbot.teams")
    odd = fk.message_personal(env.fc.url, "kari", "help")
    odd["type"] = "somethingNew"
    assert await env.post(odd) in (200, 201)
    foreign = fk.install_personal(env.fc.url, "mallory")
    foreign["conversation"]["tenantId"] = "tenant-evil"
    foreign["channelData"] = {"tenant": {"id": "tenant-evil"}}
    assert await env.post(foreign) in (200, 201)
    for value in ({"action": "no.such.action", "value": "1"}, {"foo": "bar"}):
        assert await env.post(fk.submit(env.fc.url, "kari", value, card_id="act-1")) in (200, 201)
    assert env.fc.requests == [] and env.fc.member_lookups == []
    assert env.refs() == []
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "ignored activity" in logged and "another tenant" in logged
    assert "matching no action" in logged


async def test_bad_requests_are_refused(env: Env) -> None:
    async with env.http.post(
        env.url, data=b"{not json", headers={"Content-Type": "application/json"}
    ) as r:
        assert r.status == 400
    async with env.http.post(env.url, data=b"hello", headers={"Content-Type": "text/plain"}) as r:
        assert r.status == 415
    # with authentication disabled only a local serviceUrl is accepted (no SSRF)
    activity = fk.message_personal("https://smba.example.net/", "kari", "help")
    assert await env.post(activity) == 403
    assert env.fc.requests == []


# --- proactive sends, restarts, retries ---------------------------------------------------------


async def test_proactive_send_after_restart_uses_stored_reference(env: Env) -> None:
    await install_kari_and_team(env)
    await env.post(fk.message_channel(env.fc.url, "kari", "link team-1"))
    env.fc.clear()
    now = datetime.now(UTC)
    # "restart": a new App, engine and transport; only the database survives
    app2 = make_app(env.db_url)
    transport = TeamsTransport(app2, retry=RetryPolicy(sleep=RecordingSleep()))
    with app2.sessions.begin() as s:
        for key, target in (("t:chan", "channel:team-1"), ("t:dm", "user:kari")):
            msg = Message(text=f"Proactive {key}", blocks=(Section(f"Hello {key}"),), locale="nb")
            enqueue(s, key=key, kind="test", target=target, message=msg, now=now)
        reply = Message(text="In the thread", blocks=(Section("Reply"),), locale="nb")
        enqueue(
            s,
            key="t:thread",
            kind="test",
            target="channel:team-1",
            message=reply,
            now=now,
            thread_key="t:chan",
        )
    sender = Sender(app2.sessions, transport)
    report = await sender.drain(now)
    report2 = await sender.drain(now)  # the thread reply waits for its root
    assert len(report.sent) + len(report2.sent) == 3

    sends = {r.body["summary"]: r for r in env.fc.delivered}
    chan, dm, thread = sends["Proactive t:chan"], sends["Proactive t:dm"], sends["In the thread"]
    assert chan.conversation_id == fk.TEAM_CHANNEL and chan.op == "send"
    assert dm.conversation_id == "a:personal-kari"
    assert thread.conversation_id == f"{fk.TEAM_CHANNEL};messageid={chan.new_id}"
    for rec in (chan, dm, thread):
        assert_valid_card(rec)
    with app2.sessions() as s:
        row = s.scalar(select(Outbox).where(Outbox.key == "t:chan"))
        assert row is not None and (row.status, row.platform) == ("sent", "teams")
        assert (row.platform_channel, row.platform_message_id) == (fk.TEAM_CHANNEL, chan.new_id)
        enqueue_update(
            s,
            ref_key="t:chan",
            now=now,
            version="1",
            message=Message(text="Claimed by Kari", blocks=(Section("Claimed by Kari"),)),
        )
        s.commit()
    env.fc.clear()
    await sender.drain(now)
    [upd] = env.fc.delivered
    assert upd.op == "update" and (upd.conversation_id, upd.activity_id) == (
        fk.TEAM_CHANNEL,
        chan.new_id,
    )
    assert "Claimed by Kari" in card_text(assert_valid_card(upd))
    app2.engine.dispose()


async def test_unroutable_targets(env: Env) -> None:
    transport = TeamsTransport.from_app(env.app)
    msg = Message(text="x", blocks=(Section("x"),))
    for target in ("user:ola", "user:nobody"):
        with pytest.raises(Unroutable):
            await transport.post(Envelope(Target.parse(target), "k"), msg)
    # a team's channel before the app is installed anywhere: not an error, it will have one
    with pytest.raises(NotReachableYet, match="install the app in Teams"):
        await transport.post(Envelope(Target.parse("channel:team-2"), "k"), msg)
    assert await transport.find_sent(Envelope(Target.parse("user:kari"), "k")) is None


def _row(app: App, key: str) -> Outbox:
    with app.sessions() as s:
        row = s.scalar(select(Outbox).where(Outbox.key == key))
        assert row is not None
        return row


async def test_a_channel_message_waits_for_the_install_and_the_link(env: Env) -> None:
    """Monday 08:00, the app not yet installed in Teams: the team's digest waits (it is not a
    failure), tells why in the log, and goes out once the app is installed and the channel
    linked."""
    now = datetime(2026, 12, 7, 7, 0, tzinfo=UTC)
    digest = Message(text="Daily digest", blocks=(Section("Daily digest"),), locale="nb")
    with env.app.sessions.begin() as s:
        enqueue(s, key="d:team-1", kind="test", target="channel:team-1", message=digest, now=now)
    sender = Sender(env.app.sessions, TeamsTransport.from_app(env.app))

    report = await sender.drain(now)
    assert (len(report.sent), report.failed, report.deferred) == (0, 0, 1)
    row = _row(env.app, "d:team-1")
    assert row.status == "pending"
    assert row.next_attempt_at == now + timedelta(seconds=NotReachableYet.WAIT)
    assert "install the app in Teams" in (row.last_error or "")

    await install_kari_and_team(env)  # installed, but team-1's channel is not linked yet
    later = now + timedelta(seconds=NotReachableYet.WAIT)
    report = await sender.drain(later)
    assert (len(report.sent), report.failed, report.deferred) == (0, 0, 1)
    assert "@vaktbot link team-1" in (_row(env.app, "d:team-1").last_error or "")

    await env.post(fk.message_channel(env.fc.url, "kari", "link team-1"))
    env.fc.clear()
    report = await sender.drain(later + timedelta(seconds=NotReachableYet.WAIT))
    assert len(report.sent) == 1
    [rec] = [r for r in env.sends() if r.body.get("summary") == "Daily digest"]
    assert rec.conversation_id == fk.TEAM_CHANNEL
    assert _row(env.app, "d:team-1").status == "sent"


async def test_a_message_that_waited_past_its_useful_life_is_dead_not_failed(env: Env) -> None:
    now = datetime(2026, 12, 7, 7, 0, tzinfo=UTC)
    digest = Message(text="Daily digest", blocks=(Section("Daily digest"),), locale="nb")
    with env.app.sessions.begin() as s:
        enqueue(
            s,
            key="d:old",
            kind="test",
            target="channel:team-1",
            message=digest,
            now=now,
            expires_at=now + timedelta(hours=2),
        )
    sender = Sender(env.app.sessions, TeamsTransport.from_app(env.app))
    await sender.drain(now)
    await sender.drain(now + timedelta(hours=3))
    row = _row(env.app, "d:old")
    assert row.status == "dead"
    assert "install the app in Teams" in (row.last_error or "")
    assert env.sends() == []


async def test_429_with_retry_after_then_success(env: Env) -> None:
    await env.post(fk.install_personal(env.fc.url, "kari"))
    env.fc.clear()
    env.fc.fail_next(429, retry_after="3")
    transport = TeamsTransport.from_app(env.app)
    msg = Message(text="Reminder", blocks=(Section("Reminder"),))
    sent = await transport.post(Envelope(Target.parse("user:kari"), "r1"), msg)
    assert [r.status for r in env.fc.requests] == [429, 200]
    assert sent.message_id == env.fc.requests[1].new_id
    assert len(env.sleep.waits) == 1 and 3.0 <= env.sleep.waits[0] < 3.5  # Retry-After honoured


async def test_persistent_throttling_becomes_transient_error_for_the_outbox(env: Env) -> None:
    await env.post(fk.install_personal(env.fc.url, "kari"))
    env.fc.clear()
    env.fc.fail_next(429, times=10)
    transport = TeamsTransport.from_app(env.app)
    msg = Message(text="Digest", blocks=(Section("Digest"),))
    with pytest.raises(TransientError) as throttled:
        await transport.post(Envelope(Target.parse("user:kari"), "d1"), msg)
    assert not throttled.value.ambiguous  # a 429 was refused: nothing was posted
    assert len(env.fc.requests) == transport.retry.attempts  # bounded
    waits = env.sleep.waits
    assert len(waits) == transport.retry.attempts - 1 and all(0 <= w <= 8 for w in waits)
    # a long Retry-After is left to the outbox instead of blocking the sender
    env.fc.clear()
    env.fc.fail_next(429, retry_after="120")
    with pytest.raises(TransientError) as info:
        await transport.post(Envelope(Target.parse("user:kari"), "d2"), msg)
    assert info.value.retry_after == 120.0 and len(env.fc.requests) == 1
    # a 503 may come after the connector took the message: never repeated inline
    env.fc.clear()
    env.fc.fail_next(503, times=10)
    with pytest.raises(TransientError) as unsure:
        await transport.post(Envelope(Target.parse("user:kari"), "d3"), msg)
    assert unsure.value.ambiguous and len(env.fc.requests) == 1


async def test_reply_to_command_retried_on_throttling(env: Env) -> None:
    env.fc.fail_next(502)
    assert await env.post(fk.message_personal(env.fc.url, "kari", "help")) == 201
    assert [r.status for r in env.fc.requests if r.op == "reply"] == [502, 200]


async def test_the_sender_and_the_endpoint_share_one_transport(env: Env) -> None:
    assert env.app.transport is TeamsTransport.from_app(env.app)


async def test_no_teams_route_on_slack(db_url: str) -> None:
    app = make_app(db_url, platform="slack")
    runner, url = await start_server(app)
    try:
        async with ClientSession() as http, http.post(url, json={}) as resp:
            assert resp.status in (404, 405)
    finally:
        await runner.cleanup()
        app.engine.dispose()


# --- parsing helpers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<at>vaktbot</at> who", "who"),
        ("<at>vaktbot</at>&nbsp;away 2026-12-01 ferie", "away 2026-12-01 ferie"),
        ("<p><at>vaktbot</at> swap <at>Ola Hansen</at></p>", "swap @Ola_Hansen"),
        ("<at>vaktbot</at> swap <at>Ola  Hansen</at> 28.12.", "swap @Ola_Hansen 28.12."),
        ("<at>Vaktbot (test)</at> who", "who"),  # the mention entity names the bot
        ("vakt who", "who"),
        ("/vakt plan  next", "plan next"),
        ("@vaktbot help", "help"),
        ("vaktbot: who", "who"),
        ("vakter", "vakter"),
        ("", ""),
    ],
)
def test_command_text(text: str, expected: str) -> None:
    from botbuilder.schema import Activity

    from bot.transports.teams.replies import command_text

    mention = {"type": "mention", "text": "<at>Vaktbot (test)</at>", "mentioned": fk.BOT}
    activity = Activity().deserialize(
        {"type": "message", "text": text, "recipient": fk.BOT, "entities": [mention]}
    )
    assert command_text(activity) == expected


def test_retry_after_parsing() -> None:
    from bot.transports.teams.adapter import parse_retry_after

    now = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    assert parse_retry_after("7", now) == 7.0
    assert parse_retry_after("Mon, 23 Nov 2026 12:00:30 GMT", now) == 30.0
    assert parse_retry_after("Mon, 23 Nov 2026 11:00:00 GMT", now) == 0.0
    assert parse_retry_after("soon", now) is None and parse_retry_after(None) is None


async def test_a_smuggled_service_url_is_refused_and_never_called(env: Env) -> None:
    activity = fk.message_personal(env.fc.url, "kari", "who")
    activity["serviceUrl"] = "http://192.0.2.2:43771\\@127.0.0.1:34757/".replace(
        "127.0.0.1:34757", env.fc.url.split("//")[1]
    )
    assert await env.post(activity) == 403
    assert env.fc.requests == []
    assert await env.post(fk.message_personal(env.fc.url, "kari", "who")) in (200, 201)
    assert env.fc.requests  # the same message with a local serviceUrl is answered
