"""Scenario 5: two service processes on ONE PostgreSQL database, started together on a fresh
database, with the same traffic: both run the scheduler and the sender, both poll the page,
every webhook body and Slack request is delivered to both (as a load balancer's retry would).

Monday 23 November 2026 from 07:59:55 Oslo time (a handoff day): the handoff, daily and weekly
digests, the polled and webhook alerts and the edits after a claim are each delivered exactly
once at the fake Slack, and neither process logs a traceback or an error.
"""

from __future__ import annotations

import asyncio
import json
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest

from tests.production.harness import (
    ACCOUNT_ID,
    GENERIC_SECRET,
    META_APP_SECRET,
    PAGE_ID,
    SLACK_ID,
    Service,
    alert_keys,
    claim_press,
    hub_signature,
    meta_comment_payload,
    platform_env,
    seed_page,
    simulated,
    slack_exactly_once,
    slack_headers,
    slack_post_keys,
    slash_command_form,
    wait_outbox_settled,
    wait_until,
)
from tests.support.fake_graph import FakeGraph
from tests.support.fake_slack import APP_ID, TEAM_ID, FakeSlack

OSLO = ZoneInfo("Europe/Oslo")
START = datetime(2026, 11, 23, 7, 59, 55, tzinfo=OSLO)  # Monday: Vaktlag 2 takes over at 08:00
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


async def to_both(replicas: list[Service], path: str, body: bytes | str, headers: dict) -> list:  # type: ignore[type-arg]
    """The same request to both replicas at once; their (status, body) answers."""
    return list(await asyncio.gather(*(svc.post(path, body, headers) for svc in replicas)))


async def test_two_replicas_on_one_database(
    backend: str, slack: FakeSlack, graph: FakeGraph, fresh_db: str, tmp_path: Path
) -> None:
    if backend != "postgresql":
        pytest.skip("several replicas need PostgreSQL (SQLite is one process's database)")
    seed_page(graph, START - timedelta(hours=1))
    replicas = [
        Service(
            env=platform_env(fresh_db, slack=slack, graph=graph, **simulated(START)),
            name=f"replica-{i}",
            logfile=tmp_path / f"replica-{i}.log",
        )
        for i in (1, 2)
    ]
    try:
        # started together on the empty database: both migrate and sync the config at once
        await asyncio.gather(*(svc.start() for svc in replicas))

        scheduled = {
            "duty:handoff:23:team-1",
            "duty:handoff:23:team-2",
            "digest:daily:team-1:2026-11-23",
            "digest:daily:team-2:2026-11-23",
            "digest:weekly:direktor:2026-W48",
            "digest:weekly:management:2026-W48",
        }
        await wait_until(lambda: scheduled <= set(slack_post_keys(slack)), 30, "the 08:00 posts")
        await wait_until(lambda: alert_keys(slack), 30, "the polled alert")

        # the same signed Meta webhook and generic webhook to both replicas
        now = await replicas[0].clock()
        body = json.dumps(meta_comment_payload(f"{PAGE_ID}_7_901", "Ring meg 934 56 789", now))
        meta = {
            "Content-Type": JSON,
            "X-Hub-Signature-256": hub_signature(META_APP_SECRET, body.encode()),
        }
        answers = await to_both(replicas, "/webhooks/meta", body, meta)
        assert [status for status, _ in answers] == [200, 200], answers
        event = {
            "type": "comment",
            "account": ACCOUNT_ID,
            "comment": {
                "id": "g-2",
                "post_id": f"{PAGE_ID}_7",
                "text": "Hvorfor svarer dere ikke?",
                "created_at": now.isoformat(),
            },
        }
        body = json.dumps(event)
        generic = {
            "Content-Type": JSON,
            "X-Vaktbot-Signature": hub_signature(GENERIC_SECRET, body.encode()),
        }
        answers = await to_both(replicas, "/webhooks/generic", body, generic)
        assert [status for status, _ in answers] == [200, 200], answers
        await wait_until(lambda: len(alert_keys(slack)) >= 3, 10, "the webhook alerts")

        # /vakt who and an App Home event (one event id) to both
        form = slash_command_form("who", "U02ERIK", "C02TEAM2", slack.response_url("who"))
        answers = await to_both(
            replicas, "/slack/events", form, {"Content-Type": FORM, **slack_headers(form)}
        )
        assert [status for status, _ in answers] == [200, 200]
        home = json.dumps(
            {
                "team_id": TEAM_ID,
                "api_app_id": APP_ID,
                "type": "event_callback",
                "event_id": "EvTWOREPLICAS",
                "event_time": 1790000000,
                "event": {"type": "app_home_opened", "user": "U02ERIK", "tab": "home"},
            }
        )
        answers = await to_both(
            replicas, "/slack/events", home, {"Content-Type": JSON, **slack_headers(home)}
        )
        assert [status for status, _ in answers] == [200, 200]

        # the Claim button on the first alert pressed twice (a double click through both)
        key = alert_keys(slack)[0]
        person = key.split(":")[3]
        press = claim_press(slack, key, SLACK_ID[person], slack.response_url("claim"))
        pressed = (press["channel"]["id"], press["message"]["ts"])
        body_s = urlencode({"payload": json.dumps(press)})
        answers = await to_both(
            replicas, "/slack/events", body_s, {"Content-Type": FORM, **slack_headers(body_s)}
        )
        assert [status for status, _ in answers] == [200, 200]
        await wait_until(lambda: len(slack.of("chat.update")) >= 2, 10, "the claimed alert edits")
        await wait_until(lambda: len(slack.responses) >= 3, 10, "two answers to who, one refusal")

        rows = await wait_outbox_settled(fresh_db)
        await asyncio.sleep(1.0)  # time for a duplicate to show up, if there were one
        codes = await asyncio.gather(*(svc.stop() for svc in replicas))
        assert codes == [0, 0]
    finally:
        for svc in replicas:
            await svc.kill()

    problems = slack_exactly_once(rows, slack, direct_edits=[pressed])
    assert problems == [], problems
    assert len(alert_keys(slack)) == 3  # one alert per comment, though both replicas saw each
    assert len(slack.of("views.publish")) == 1  # one App Home for one event id
    assert scheduled <= {r.key for r in rows}
    for svc in replicas:
        svc.assert_clean()
