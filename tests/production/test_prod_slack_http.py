"""Scenario 1: Slack in HTTP events mode, as the README's "HTTP events mode" installs it.

The real ``vaktbot run`` on a fresh database, Tuesday 24 November 2026 from 07:59:58 Oslo time
on a simulated clock at real speed: the 08:00 daily digests, a comment found by polling the fake
Graph API (a fødselsnummer), a signed Meta webhook (a phone number and a question) and a signed
generic webhook (a question) each reach an on-duty member of Vaktlag 2 as a DM within seconds;
``/vakt who`` and the Claim button on an alert go through the signed ``/slack/events``.
"""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from tests.production.harness import (
    ACCOUNT_ID,
    GENERIC_SECRET,
    META_APP_SECRET,
    PAGE_ID,
    PEOPLE,
    SLACK_ID,
    alert_keys,
    claim_press,
    hub_signature,
    meta_comment_payload,
    platform_env,
    running,
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
from tests.support.fake_slack import FakeSlack

OSLO = ZoneInfo("Europe/Oslo")
START = datetime(2026, 11, 24, 7, 59, 58, tzinfo=OSLO)  # a Tuesday; Vaktlag 2 is on duty
NAME = {p["id"]: p["name"] for p in PEOPLE}
TEAM2 = {"erik", "hanna", "jonas", "emma", "henrik", "thea", "sander"}
ALERT_SECONDS = 5.0  # "within a few seconds"
FORM = "application/x-www-form-urlencoded"


async def test_slack_http_mode_end_to_end(
    slack: FakeSlack, graph: FakeGraph, fresh_db: str, tmp_path: Path
) -> None:
    seed_page(graph, START - timedelta(hours=1))
    env = platform_env(fresh_db, slack=slack, graph=graph, **simulated(START))
    async with running(env, logfile=tmp_path / "service.log") as svc:
        # the 08:00 daily digests of both teams
        wanted = {"digest:daily:team-1:2026-11-24", "digest:daily:team-2:2026-11-24"}
        await wait_until(lambda: wanted <= set(slack_post_keys(slack)), 30, "the daily digests")

        # polling: the comment with a fødselsnummer becomes an alert
        await wait_until(lambda: len(alert_keys(slack)) >= 1, 30, "an alert from polling")
        assert graph.calls(f"{PAGE_ID}/posts"), "the service never polled the Graph API"

        # a signed Meta webhook: a comment with a phone number and a question
        now = await svc.clock()
        comment = meta_comment_payload(
            f"{PAGE_ID}_7_901", "Når kommer pengene? Ring 934 56 789", now
        )
        body = json.dumps(comment).encode()
        headers = {
            "Content-Type": "application/json",
            "X-Hub-Signature-256": hub_signature(META_APP_SECRET, body),
        }
        sent_at = time.monotonic()
        status, answer = await svc.post("/webhooks/meta", body, headers)
        assert status == 200 and json.loads(answer)["comments"] == 1, answer
        await wait_until(lambda: len(alert_keys(slack)) >= 2, ALERT_SECONDS, "the Meta alert")
        assert time.monotonic() - sent_at < ALERT_SECONDS

        # the signed generic webhook: a question
        event = {
            "type": "comment",
            "account": ACCOUNT_ID,
            "comment": {
                "id": "g-1",
                "post_id": f"{PAGE_ID}_7",
                "text": "Hvorfor har dere ikke svart på meldingen min?",
                "author_id": "u-9",
                "author_name": "Per",
                "created_at": (await svc.clock()).isoformat(),
            },
        }
        body = json.dumps(event).encode()
        headers = {
            "Content-Type": "application/json",
            "X-Vaktbot-Signature": hub_signature(GENERIC_SECRET, body),
        }
        status, answer = await svc.post("/webhooks/generic", body, headers)
        assert status == 200 and json.loads(answer)["comments"] == 1, answer
        await wait_until(lambda: len(alert_keys(slack)) >= 3, ALERT_SECONDS, "the generic alert")

        # one DM per comment, each to a member of the team on duty (round robin)
        keys = alert_keys(slack)
        assert len(keys) == 3, keys
        assert {k.split(":")[3] for k in keys} <= TEAM2, keys

        # /vakt who, signed, from Erik
        form = slash_command_form("who", "U02ERIK", "C02TEAM2", slack.response_url("who"))
        status, _ = await svc.post(
            "/slack/events", form, {"Content-Type": FORM, **slack_headers(form)}
        )
        assert status == 200
        await wait_until(lambda: slack.responses, 10, "the answer to /vakt who")
        who = slack.responses[0]
        assert who["response_type"] == "ephemeral"
        assert "Vaktlag 2" in json.dumps(who, ensure_ascii=False)

        # the Claim button on the first alert, pressed by the person it went to
        person = keys[0].split(":")[3]
        press = claim_press(slack, keys[0], SLACK_ID[person], slack.response_url("claim"))
        body_s = urlencode({"payload": json.dumps(press)})
        status, _ = await svc.post(
            "/slack/events", body_s, {"Content-Type": FORM, **slack_headers(body_s)}
        )
        assert status == 200
        # edited in place at once, and the outbox edits every copy of the alert right after
        pressed = (press["channel"]["id"], press["message"]["ts"])
        await wait_until(lambda: len(slack.of("chat.update")) >= 2, 5, "the claimed alert edits")
        assert {(c.args["channel"], c.args["ts"]) for c in slack.of("chat.update")} == {pressed}
        assert NAME[person] in json.dumps(slack.of("chat.update")[-1].args, ensure_ascii=False)

        rows = await wait_outbox_settled(fresh_db)
        assert await svc.stop() == 0
    problems = slack_exactly_once(rows, slack, direct_edits=[pressed])
    assert problems == [], problems
    assert slack_post_keys(slack).get(None, 0) == 0, "a post that did not come from the outbox"
    assert {r.kind for r in rows} == {"digest.daily", "alert.comment", "alert.comment.update"}
    svc.assert_clean()
