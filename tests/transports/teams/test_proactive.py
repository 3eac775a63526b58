"""Teams proactive 1:1: the roster read at install in a team, the personal chat created when a
direct message first needs it, and the @mention in the team's channel when Teams refuses one.

Activities are POSTed to the real /api/messages; the fake Bot Connector (tests/support/
fake_connector.py) answers the roster (GET /v3/conversations/{team}/members) and creates
conversations (POST /v3/conversations) - or refuses them with 403 as Teams does when the app is
not installed for the user."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from aiohttp import ClientSession
from sqlalchemy import select

import tests.support.fake_connector as fk
from bot.app import App
from bot.config import load_config
from bot.delivery.outbox import enqueue
from bot.delivery.sender import Sender
from bot.messages.model import Message, Section
from bot.settings import Secrets
from bot.store.db import make_engine, session_factory
from bot.store.models import ConversationRef, Outbox, Setting, SwapRow
from bot.transports.base import Reach, Target
from bot.transports.teams.adapter import RetryPolicy
from bot.transports.teams.transport import TeamsTransport
from bot.web.server import build_web_app
from scheduler.digest import run_weekly
from tests.support import loopback
from tests.support.fake_connector import FakeConnector, Recorded
from tests.support.paths import EXAMPLE_CONFIG

OSLO = ZoneInfo("Europe/Oslo")
MON = datetime(2026, 11, 23, 9, 0, tzinfo=OSLO)  # team-2's shift (23 Nov - 7 Dec)


def member(name: str, full: str) -> dict[str, Any]:
    """A TeamsChannelAccount as GET /v3/conversations/{team}/members answers it."""
    first, _, last = full.partition(" ")
    return {
        "id": f"29:{name}",
        "name": full,
        "aadObjectId": f"aad-{name}",
        "givenName": first,
        "surname": last,
        "email": f"{name}@example.org",
        "userPrincipalName": f"{name}@example.org",
        "tenantId": fk.TENANT,
        "userRole": "user",
    }


ROSTER = [
    member("kari", "Kari Nordmann"),
    member("ola", "Ola Hansen"),
    member("ingrid", "Ingrid Berg"),
    member("hanna", "Hanna Kristiansen"),
]


def config_with_emails(tmp: Path) -> Path:
    """examples/vaktbot.yml, with the e-mails Entra knows for ola, ingrid and hanna."""
    text = EXAMPLE_CONFIG.read_text("utf-8")
    for pid in ("ola", "ingrid", "hanna"):
        marker = f"{{id: {pid}, "
        assert marker in text
        text = text.replace(marker, f"{{id: {pid}, email: {pid}@example.org, ", 1)
    path = tmp / "vaktbot.yml"
    path.write_text(text, "utf-8")
    return path


class NoSleep:
    async def __call__(self, seconds: float) -> None:
        return None


@dataclass
class Env:
    app: App
    fc: FakeConnector
    url: str
    http: ClientSession

    async def post(self, activity: dict[str, Any]) -> int:
        async with self.http.post(self.url, json=activity) as resp:
            await resp.read()
            return resp.status

    def sends(self) -> list[Recorded]:
        return [r for r in self.fc.delivered if r.op in ("send", "reply")]

    def refs(self, scope: str) -> list[ConversationRef]:
        with self.app.sessions() as s:
            rows = s.scalars(select(ConversationRef).where(ConversationRef.scope == scope))
            return list(rows)

    async def dm(self, person: str, key: str, text: str) -> None:
        now = datetime.now(UTC)
        with self.app.sessions.begin() as s:
            msg = Message(text=text, blocks=(Section(text),), locale="nb")
            enqueue(s, key=key, kind="test", target=f"user:{person}", message=msg, now=now)
        await Sender(self.app.sessions, TeamsTransport.from_app(self.app)).drain(now)


@pytest.fixture
async def env(db_url: str, tmp_path: Path) -> AsyncIterator[Env]:
    fc = await FakeConnector(rosters={fk.TEAM_CHANNEL: [dict(m) for m in ROSTER]}).start()
    path = config_with_emails(tmp_path)
    engine = make_engine(db_url)
    app = App(
        config=load_config(path),
        engine=engine,
        sessions=session_factory(engine),
        secrets=Secrets(VAKTBOT_PLATFORM="teams", MicrosoftAppTenantId=fk.TENANT),
        config_path=str(path),
    )
    TeamsTransport.from_app(app).retry = RetryPolicy(sleep=NoSleep(), rng=random.Random(1))
    runner, port = await loopback.serve(build_web_app(app))
    async with ClientSession() as http:
        yield Env(app, fc, f"http://127.0.0.1:{port}/api/messages", http)
    await runner.cleanup()
    await fc.stop()
    engine.dispose()


@pytest.mark.parametrize("kind", ["conversationUpdate", "installationUpdate"])
async def test_install_in_a_team_keeps_the_roster(env: Env, kind: str) -> None:
    activity = fk.install_team(env.fc.url)
    if kind == "installationUpdate":
        activity.pop("membersAdded")
        activity.update(type="installationUpdate", action="add")
    assert await env.post(activity) == 201
    assert env.fc.roster_lookups == [fk.TEAM_CHANNEL]
    rows = {r.user_id: r for r in env.refs("member")}
    assert set(rows) == {"aad-kari", "aad-ola", "aad-ingrid", "aad-hanna"}
    ola = rows["aad-ola"]
    assert ola.tenant_id == fk.TENANT
    assert ola.reference["teams_user_id"] == "29:ola"
    assert ola.reference["email"] == "ola@example.org"
    assert ola.reference["team_id"] == fk.TEAM_CHANNEL
    assert ola.reference["ref"]["serviceUrl"] == env.fc.url
    assert env.fc.created == [], "no chat is opened before one is needed"


async def test_a_dm_to_someone_who_never_opened_the_bot_arrives_in_a_created_chat(
    env: Env,
) -> None:
    assert await env.post(fk.install_team(env.fc.url)) == 201
    transport = TeamsTransport.from_app(env.app)
    assert transport.reach("ola") is Reach.OPEN
    env.fc.clear()

    await env.dm("ola", "t:dm1", "Ny kommentar venter")
    [create] = env.fc.created
    assert create["isGroup"] is False and create["tenantId"] == fk.TENANT
    assert create["members"] == [{"id": "29:ola"}]
    assert create["bot"]["id"] == fk.BOT["id"]
    assert create["channelData"] == {"tenant": {"id": fk.TENANT}}
    [dm] = env.sends()
    assert dm.conversation_id == "a:created-ola" and dm.body["summary"] == "Ny kommentar venter"
    [personal] = env.refs("personal")
    assert (personal.address, personal.user_id) == ("a:created-ola", "aad-ola")
    assert transport.reach("ola") is Reach.DM
    with env.app.sessions() as s:
        row = s.scalar(select(Outbox).where(Outbox.key == "t:dm1"))
        assert row is not None and row.status == "sent"
        assert row.platform_channel == "a:created-ola"

    # the chat is remembered: the next message goes straight there
    await env.dm("ola", "t:dm2", "Enda en")
    assert len(env.fc.created) == 1
    assert [r.conversation_id for r in env.sends()] == ["a:created-ola"] * 2


async def test_refused_chat_mentions_in_the_team_channel_and_tells_the_admin(env: Env) -> None:
    assert await env.post(fk.install_team(env.fc.url)) == 201
    env.fc.refuse_dm["29:ingrid"] = 403
    env.fc.clear()

    await env.dm("ingrid", "t:ingrid1", "Ny kommentar venter")
    assert len(env.fc.created_with("29:ingrid")) == 1
    [post] = env.sends()
    assert post.conversation_id == fk.TEAM_CHANNEL
    assert post.body["text"].startswith("<at>Ingrid Berg</at> ")
    assert "ikke installert for deg" in post.body["text"]
    assert post.body["entities"] == [
        {
            "type": "mention",
            "text": "<at>Ingrid Berg</at>",
            "mentioned": {"id": "29:ingrid", "name": "Ingrid Berg"},
        }
    ]
    assert post.card is not None and "Ny kommentar venter" in str(post.card)
    transport = TeamsTransport.from_app(env.app)
    assert transport.reach("ingrid") is Reach.CHANNEL
    with env.app.sessions() as s:
        notices = s.scalars(select(Outbox).where(Outbox.kind == "health.teams_dm_refused")).all()
    # the admins of examples/vaktbot.yml: none has role admin -> the first team's lead
    assert [n.target for n in notices] == ["user:kari"]
    text = notices[0].payload["text"]
    assert "Ingrid Berg" in text and "HTTP 403" in text and "Install for users" in text

    # the refusal is remembered: no second try, no second notice
    await env.dm("ingrid", "t:ingrid2", "Enda en")
    assert len(env.fc.created_with("29:ingrid")) == 1
    with env.app.sessions() as s:
        assert len(s.scalars(select(Outbox).where(Outbox.kind.like("health.teams%"))).all()) == 1


async def test_someone_in_no_roster_is_unroutable(env: Env) -> None:
    assert await env.post(fk.install_team(env.fc.url)) == 201
    assert TeamsTransport.from_app(env.app).reach("lars") is Reach.NONE


async def test_removing_the_app_from_the_team_forgets_its_roster_and_channels(env: Env) -> None:
    assert await env.post(fk.install_team(env.fc.url)) == 201
    assert len(env.refs("member")) == 4
    # a lead links another channel of the same team
    link = fk.message_channel(env.fc.url, "kari", "link team-1", channel_id=fk.OTHER_CHANNEL)
    assert await env.post(link) == 201
    with env.app.sessions() as s:
        assert s.get(Setting, "teams.channel.team-1") is not None
    assert len(env.refs("channel")) == 1

    assert await env.post(fk.install_team(env.fc.url, action="remove")) == 201
    assert env.refs("member") == [] and env.refs("channel") == [] and env.refs("team") == []
    with env.app.sessions() as s:
        assert s.get(Setting, "teams.channel.team-1") is None
    env.fc.clear()
    assert await env.post(fk.install_team(env.fc.url)) == 201
    assert [r.conversation_id for r in env.sends()] == [fk.TEAM_CHANNEL], "welcomed again"


@pytest.mark.parametrize(
    ("other", "expected", "queued"),
    [
        ("ola", "Du får beskjed når Ola Hansen svarer", True),  # chat can be opened
        ("ingrid", "står i teamets kanal med @Ingrid Berg", True),  # refused before
        ("lars", "Jeg kan ikke nå Lars Johansen", False),  # in no roster
    ],
)
async def test_swap_request_promises_only_what_can_be_delivered(
    env: Env, other: str, expected: str, queued: bool
) -> None:
    env.app.clock = lambda: MON.astimezone(UTC)
    assert await env.post(fk.install_team(env.fc.url)) == 201
    env.fc.refuse_dm["29:ingrid"] = 403
    await env.dm("ingrid", "t:probe", "probe")  # learns that Teams refuses ingrid's chat
    assert await env.post(fk.install_personal(env.fc.url, "hanna")) == 201
    env.fc.clear()
    ask = fk.message_personal(env.fc.url, "hanna", f"swap @{other} 2026-11-26")
    assert await env.post(ask) == 201
    [answer] = env.sends()
    assert expected in str(answer.card)
    with env.app.sessions() as s:
        swaps = s.scalars(select(SwapRow)).all()
        requests = s.scalars(select(Outbox).where(Outbox.kind == "duty.swap_request")).all()
    assert (len(swaps), len(requests)) == ((1, 1) if queued else (0, 0))


# --- mentions name people -----------------------------------------------------------------------


def channel_message_mentioning(
    service_url: str, sender: str, text: str, shown: str = "Ola Hansen"
) -> dict[str, Any]:
    """A channel message as Teams sends it: the bot and a colleague as <at> mentions, each
    with its mention entity."""
    activity = fk.message_channel(service_url, sender, "")
    activity["text"] = text
    activity["entities"] = [
        {"type": "mention", "text": "<at>vaktbot</at>", "mentioned": dict(fk.BOT)},
        {
            "type": "mention",
            "text": f"<at>{shown}</at>",
            "mentioned": {"id": "29:ola", "name": shown},
        },
        {"type": "clientInfo", "locale": "nb-NO", "country": "NO", "platform": "Web"},
    ]
    return activity


# the name Teams shows need not be the one in vaktbot.yml: the mention entity's id is looked up
@pytest.mark.parametrize("shown", ["Ola Hansen", "Ola H. (Skatteetaten)"])
async def test_swap_with_a_teams_mention_of_a_two_word_name(env: Env, shown: str) -> None:
    env.app.clock = lambda: MON.astimezone(UTC)
    assert await env.post(fk.install_team(env.fc.url)) == 201
    env.fc.clear()
    text = f"<at>vaktbot</at> swap <at>{shown}</at> 28.12."
    activity = channel_message_mentioning(env.fc.url, "hanna", text, shown)
    assert await env.post(activity) == 201
    [answer] = env.sends()
    assert "Jeg har spurt Ola Hansen om å ta vakten din" in str(answer.card)
    with env.app.sessions() as s:
        [swap] = s.scalars(select(SwapRow)).all()
    assert (swap.from_id, swap.to_id, str(swap.start)) == ("hanna", "ola", "2026-12-28")


async def test_a_question_that_starts_like_a_command_is_not_the_command(env: Env) -> None:
    assert await env.post(fk.install_personal(env.fc.url, "kari")) == 201
    env.fc.clear()
    assert await env.post(fk.message_personal(env.fc.url, "kari", "Who is Ezra?")) == 201
    [answer] = env.sends()
    card = str(answer.card)
    assert "«Who is Ezra?» er ikke en kommando" in card
    assert "Leder" not in card and "Neste vaktskifte" not in card  # not the `who` answer


async def test_link_management_without_a_configured_channel_gets_the_weekly_digest(
    env: Env, tmp_path: Path
) -> None:
    # only an admin may link the management channel: kari is one here
    path = Path(env.app.config_path or "")
    admin = tmp_path / "admin.yml"
    admin.write_text(path.read_text("utf-8").replace("role: lead,", "role: admin,", 1), "utf-8")
    env.app.config = load_config(admin)
    assert env.app.config.digest.management_channel is None
    assert env.app.config.admins() == ["kari"]
    assert await env.post(fk.install_team(env.fc.url)) == 201
    link = fk.message_channel(env.fc.url, "kari", "link management", channel_id=fk.OTHER_CHANNEL)
    assert await env.post(link) == 201
    with env.app.sessions() as s:
        assert s.get(Setting, "teams.channel.management") is not None
    monday = datetime(2026, 11, 30, 8, 0, tzinfo=OSLO).astimezone(UTC)
    with env.app.sessions.begin() as s:
        assert run_weekly(env.app, s, monday) >= 2  # the manager's DM and the linked channel
    with env.app.sessions() as s:
        targets = set(s.scalars(select(Outbox.target).where(Outbox.kind == "digest.weekly")))
    assert targets == {"user:direktor", "channel:management"}
    route = TeamsTransport.from_app(env.app).route(Target("channel", "management"))
    assert route.conversation == fk.OTHER_CHANNEL
