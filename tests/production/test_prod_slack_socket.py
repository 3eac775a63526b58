"""Scenario 2: Slack over Socket Mode, the README's default ("vaktbot run" with the two tokens).

No VAKTBOT_SLACK_MODE and no signing secret: the service asks the fake Slack for a WebSocket URL
(apps.connections.open with the app-level token) and receives the slash command, a button press
and an App Home event as Socket Mode envelopes; it acknowledges each and answers. The daily
digests and the polled alert go out through the Web API exactly once.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.production.harness import (
    SLACK_ID,
    alert_keys,
    claim_press,
    platform_env,
    running,
    seed_page,
    simulated,
    slack_exactly_once,
    slack_post_keys,
    wait_outbox_settled,
    wait_until,
)
from tests.support.fake_graph import FakeGraph
from tests.support.fake_slack import APP_ID, TEAM_ID, FakeSlack

OSLO = ZoneInfo("Europe/Oslo")
START = datetime(2026, 11, 24, 7, 59, 58, tzinfo=OSLO)  # a Tuesday; Vaktlag 2 is on duty


async def test_socket_mode_end_to_end(
    slack: FakeSlack, graph: FakeGraph, fresh_db: str, tmp_path: Path
) -> None:
    seed_page(graph, START - timedelta(hours=1))
    env = platform_env(fresh_db, slack=slack, graph=graph, mode=None, **simulated(START))
    assert "VAKTBOT_SLACK_MODE" not in env and "SLACK_SIGNING_SECRET" not in env
    async with running(env, logfile=tmp_path / "service.log") as svc:
        await wait_until(lambda: slack.connected, 20, "the Socket Mode connection")
        [opened] = slack.of("apps.connections.open")
        assert opened.token == "xapp-prod-test"

        wanted = {"digest:daily:team-1:2026-11-24", "digest:daily:team-2:2026-11-24"}
        await wait_until(lambda: wanted <= set(slack_post_keys(slack)), 30, "the daily digests")
        await wait_until(lambda: alert_keys(slack), 30, "the alert from polling")

        # /vakt who as a slash_commands envelope: acknowledged, answered through response_url
        await slack.send_envelope(
            "env-who",
            "slash_commands",
            {
                "team_id": TEAM_ID,
                "api_app_id": APP_ID,
                "channel_id": "C02TEAM2",
                "user_id": "U02ERIK",
                "command": "/vakt",
                "text": "who",
                "response_url": slack.response_url("who"),
                "trigger_id": "1.2.3",
            },
        )
        await wait_until(lambda: "env-who" in slack.acks and slack.responses, 10, "ack + answer")
        [who] = slack.responses
        assert who["response_type"] == "ephemeral"
        assert "Vaktlag 2" in json.dumps(who, ensure_ascii=False)

        # the Claim button on the alert, as an interactive envelope
        [key] = alert_keys(slack)
        person = key.split(":")[3]
        press = claim_press(slack, key, SLACK_ID[person], slack.response_url("claim"))
        await slack.send_envelope("env-claim", "interactive", press)
        pressed = (press["channel"]["id"], press["message"]["ts"])
        await wait_until(
            lambda: "env-claim" in slack.acks and len(slack.of("chat.update")) >= 2,
            10,
            "ack + the claimed alert edits",
        )

        # App Home, as an events_api envelope
        home = {
            "team_id": TEAM_ID,
            "api_app_id": APP_ID,
            "type": "event_callback",
            "event_id": "EvPRODHOME",
            "event": {"type": "app_home_opened", "user": "U02ERIK", "tab": "home"},
        }
        await slack.send_envelope("env-home", "events_api", home)
        await wait_until(lambda: slack.of("views.publish"), 10, "the App Home")
        assert slack.of("views.publish")[0].args["user_id"] == "U02ERIK"

        rows = await wait_outbox_settled(fresh_db)
        assert await svc.stop() == 0
    assert not slack.connected, "the Socket Mode connection is closed on SIGTERM"
    problems = slack_exactly_once(rows, slack, direct_edits=[pressed])
    assert problems == [], problems
    assert slack_post_keys(slack).get(None, 0) == 0, "a post that did not come from the outbox"
    assert {r.kind for r in rows} == {"digest.daily", "alert.comment", "alert.comment.update"}
    svc.assert_clean()
