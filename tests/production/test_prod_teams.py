"""Scenario 3: Teams in local mode, as the README's "Local testing without Azure" runs it.

VAKTBOT_PLATFORM=teams without MicrosoftAppId (authentication off, loopback service URLs
only). The app is installed in a team and in the personal chats of Kari and the members of
Vaktlag 2 through ``/api/messages``; the 08:00 daily digests reach both team channels through
the fake Bot Connector, the polled alert reaches the on-duty member's personal chat, and
messages and a card button are answered there.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from tests.production.harness import (
    Service,
    platform_env,
    read_outbox,
    running,
    seed_page,
    simulated,
    teams_exactly_once,
    wait_outbox_settled,
    wait_until,
)
from tests.support import cards
from tests.support import fake_connector as fk
from tests.support.fake_connector import FakeConnector
from tests.support.fake_graph import FakeGraph

OSLO = ZoneInfo("Europe/Oslo")
START = datetime(2026, 11, 24, 7, 59, 30, tzinfo=OSLO)  # a Tuesday; Vaktlag 2 is on duty
SPEED = 5  # 08:00 comes six real seconds after the start: time to install the app first
TEAM2 = ["erik", "hanna", "jonas", "emma", "henrik", "thea", "sander"]
CHANNEL_2 = "19:vakt-team2@thread.tacv2"  # team-2's channel.teams in the test config


async def send(svc: Service, activity: dict[str, Any]) -> None:
    body = json.dumps(activity)
    status, text = await svc.post("/api/messages", body, {"Content-Type": "application/json"})
    assert status in (200, 201), (status, text)


def card_text(record: Any) -> str:
    return json.dumps(record.body, ensure_ascii=False)


async def test_teams_local_mode_end_to_end(
    connector: FakeConnector, graph: FakeGraph, fresh_db: str, tmp_path: Path
) -> None:
    seed_page(graph, START - timedelta(hours=1))
    env = platform_env(fresh_db, graph=graph, VAKTBOT_PLATFORM="teams", **simulated(START, SPEED))
    assert not any(k.lower().startswith("microsoft") for k in env)
    async with running(env, logfile=tmp_path / "service.log") as svc:
        # install: in the team (General channel) and in personal chats, before 08:00
        await send(svc, fk.install_team(connector.url, by="kari"))
        for name in ["kari", *TEAM2]:
            await send(svc, fk.install_personal(connector.url, name))
        welcomes = [r for r in connector.delivered if r.op == "send"]
        assert {r.conversation_id for r in welcomes} == {fk.TEAM_CHANNEL} | {
            f"a:personal-{n}" for n in ["kari", *TEAM2]
        }
        assert (await svc.clock()) < START.replace(second=59), "installs took too long"

        # the 08:00 daily digests, to both team channels (team-2's named only in vaktbot.yml)
        def sent(kind: str) -> list[Any]:
            return [r for r in read_outbox(fresh_db) if r.kind == kind and r.status == "sent"]

        await wait_until(lambda: len(sent("digest.daily")) == 2, 30, "the daily digests")
        digests = {r.target: r.platform_channel for r in sent("digest.daily")}
        assert digests == {"channel:team-1": fk.TEAM_CHANNEL, "channel:team-2": CHANNEL_2}

        # the polled comment with a fødselsnummer: an alert in the on-duty member's chat
        await wait_until(lambda: sent("alert.comment"), 30, "the alert from polling")
        [alert] = sent("alert.comment")
        person = alert.target.removeprefix("user:")
        assert person in TEAM2 and alert.platform_channel == f"a:personal-{person}"
        [card] = [r for r in connector.delivered if r.new_id == alert.platform_message_id]
        [claim] = [d for d in cards.submit_data(card.body) if d["action"] == "moderation.claim"]

        # the Claim button: the card is updated in place (and by the outbox, for every copy)
        await send(svc, fk.submit(connector.url, person, claim, str(alert.platform_message_id)))
        await wait_until(
            lambda: len([r for r in connector.delivered if r.op == "update"]) >= 2,
            10,
            "the claimed card updates",
        )

        # who is on duty: in personal chat (a reply) and in the channel (answer in private)
        before = len(connector.delivered)
        await send(svc, fk.message_personal(connector.url, "kari", "who"))
        [reply] = connector.delivered[before:]
        assert reply.op == "reply" and reply.conversation_id == "a:personal-kari"
        assert "Vaktlag 2" in card_text(reply)
        before = len(connector.delivered)
        await send(svc, fk.message_channel(connector.url, "kari", "who"))
        [private] = connector.delivered[before:]
        assert private.conversation_id == "a:personal-kari" and "Vaktlag 2" in card_text(private)

        rows = await wait_outbox_settled(fresh_db)
        assert await svc.stop() == 0
    problems = teams_exactly_once(rows, connector, direct_edits=[str(alert.platform_message_id)])
    assert problems == [], problems
    assert {r.kind for r in rows} == {"digest.daily", "alert.comment", "alert.comment.update"}
    svc.assert_clean()
