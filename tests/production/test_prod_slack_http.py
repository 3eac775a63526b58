"""Scenario 1: Slack in HTTP events mode, as the README's "HTTP events mode" installs it.

The real ``vaktbot run`` on a fresh database, Tuesday 24 November 2026 from 07:59:58 Oslo time
on a simulated clock at real speed: the 08:00 daily digests, a comment found by polling the fake
Graph API (a fødselsnummer), a signed Meta webhook (a phone number and a question) and a signed
generic webhook (a question) each reach the on-duty member of Vaktlag 2 as a DM within seconds;
``/vakt who`` and the Claim button on an alert go through the signed ``/slack/events``.
"""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from harness import (
    ACCOUNT_ID,
    CONFIG,
    GENERIC_SECRET,
    META_APP_SECRET,
    PAGE_ID,
    PAGE_TOKEN,
    SLACK_SIGNING_SECRET,
    TOKEN_ENV,
    button_press,
    buttons_of,
    free_port,
    graph_stamp,
    hub_signature,
    meta_comment_payload,
    running,
    service_env,
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
PEOPLE = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))["people"]
SLACK_ID = {p["id"]: p["slack_id"] for p in PEOPLE}
TEAM2 = {"erik", "hanna", "jonas", "emma", "henrik", "thea", "sander"}
FNR = "15059010023"  # a valid Norwegian fødselsnummer
ALERT_SECONDS = 5.0  # "within a few seconds"


def slack_env(slack: FakeSlack, graph: FakeGraph, db_url: str, **extra: str) -> dict[str, str]:
    return service_env(
        SLACK_BOT_TOKEN="xoxb-prod-test",
        SLACK_SIGNING_SECRET=SLACK_SIGNING_SECRET,
        VAKTBOT_SLACK_MODE="http",
        VAKTBOT_SLACK_API_URL=slack.api_url,
        VAKTBOT_HTTP_PORT=str(free_port()),
        VAKTBOT_DATABASE_URL=db_url,
        META_APP_SECRET=META_APP_SECRET,
        META_VERIFY_TOKEN="prod-verify-token",
        VAKTBOT_GRAPH_API_URL=graph.url,
        VAKTBOT_WEBHOOK_SECRET=GENERIC_SECRET,
        VAKTBOT_FEED_SECRET="prod-feed-secret",
        **{TOKEN_ENV: PAGE_TOKEN},
        **extra,
    )


def seed_page(graph: FakeGraph, at: datetime) -> None:
    """One post on the page with one comment carrying a fødselsnummer, for the poller."""
    post = f"{PAGE_ID}_7"
    graph.posts[PAGE_ID] = [
        {"id": post, "message": "Skattekortet for 2027", "created_time": graph_stamp(at)}
    ]
    graph.comments[post] = [
        {
            "id": f"{post}_900",
            "message": f"Hei! Fødselsnummeret mitt er {FNR}, hvorfor er kortet feil?",
            "from": {"id": "777", "name": "Anne Innbygger"},
            "created_time": graph_stamp(at + timedelta(minutes=50)),
            "is_hidden": False,
            "can_hide": True,
            "permalink_url": f"https://facebook.com/{post}_900",
        }
    ]


def alerts(slack: FakeSlack) -> list[str]:
    return sorted(k for k in slack_post_keys(slack) if k and k.startswith("alert:comment:"))


async def test_slack_http_mode_end_to_end(
    slack: FakeSlack, graph: FakeGraph, fresh_db: str, tmp_path: Path
) -> None:
    seed_page(graph, START - timedelta(hours=1))
    env = slack_env(
        slack,
        graph,
        fresh_db,
        VAKTBOT_SIMULATED_START=START.isoformat(),
        VAKTBOT_ALLOW_SIMULATED_CLOCK="yes",
    )
    async with running(env, logfile=tmp_path / "service.log") as svc:
        # the 08:00 daily digests of both teams
        wanted = {"digest:daily:team-1:2026-11-24", "digest:daily:team-2:2026-11-24"}
        await wait_until(lambda: wanted <= set(slack_post_keys(slack)), 30, "the daily digests")

        # polling: the comment with a fødselsnummer becomes an alert to a Vaktlag 2 member
        await wait_until(lambda: len(alerts(slack)) >= 1, 30, "an alert from polling")
        assert graph.calls(f"{PAGE_ID}/posts"), "the service never polled the Graph API"

        # a signed Meta webhook: a comment with a phone number and a question
        now = await svc.clock()
        body = json.dumps(
            meta_comment_payload(f"{PAGE_ID}_7_901", "Når kommer pengene? Ring 934 56 789", now)
        ).encode()
        headers = {
            "Content-Type": "application/json",
            "X-Hub-Signature-256": hub_signature(META_APP_SECRET, body),
        }
        sent_at = time.monotonic()
        status, answer = await svc.post("/webhooks/meta", body, headers)
        assert status == 200, answer
        assert json.loads(answer)["comments"] == 1, answer
        await wait_until(lambda: len(alerts(slack)) >= 2, ALERT_SECONDS, "the Meta webhook alert")
        meta_latency = time.monotonic() - sent_at

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
        assert status == 200, answer
        assert json.loads(answer)["comments"] == 1, answer
        await wait_until(lambda: len(alerts(slack)) >= 3, ALERT_SECONDS, "the generic alert")

        # every alert went to a member of the team on duty, one DM per comment
        keys = alerts(slack)
        assert len(keys) == 3, keys
        assert {k.split(":")[3] for k in keys} <= TEAM2, keys
        assert meta_latency < ALERT_SECONDS

        # /vakt who, signed, from Erik
        form = slash_command_form("who", "U02ERIK", "C02TEAM2", slack.response_url("who"))
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            **slack_headers(form),
        }
        status, _ = await svc.post("/slack/events", form, headers)
        assert status == 200
        await wait_until(lambda: slack.responses, 10, "the answer to /vakt who")
        who = slack.responses[0]
        assert who["response_type"] == "ephemeral"
        assert "Vaktlag 2" in json.dumps(who, ensure_ascii=False)

        # the Claim button on the first alert, pressed by the person it went to
        key = keys[0]
        person = key.split(":")[3]
        post = next(
            c
            for c in slack.of("chat.postMessage")
            if (c.args.get("metadata") or {}).get("event_payload", {}).get("key") == key
        )
        channel = "D" + SLACK_ID[person][1:]
        message = next(
            m
            for m in slack.history[channel]
            if (m.get("metadata") or {}).get("event_payload", {}).get("key") == key
        )
        claim = next(b for b in buttons_of(post.args["blocks"]) if "claim" in b["action_id"])
        payload = button_press(
            message, channel, SLACK_ID[person], claim, slack.response_url("claim")
        )
        body_s = "payload=" + _quote(json.dumps(payload))
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            **slack_headers(body_s),
        }
        status, _ = await svc.post("/slack/events", body_s, headers)
        assert status == 200
        # the message is edited in place at once, and the outbox edits every copy of the alert
        await wait_until(lambda: len(slack.of("chat.update")) >= 2, 10, "the claimed alert edits")
        edited = slack.of("chat.update")[-1].args
        assert (edited["channel"], edited["ts"]) == (channel, message["ts"])

        rows = await wait_outbox_settled(fresh_db)
        assert await svc.stop() == 0
    problems = slack_exactly_once(rows, slack, direct_edits=[(channel, message["ts"])])
    assert problems == [], problems
    assert slack_post_keys(slack).get(None, 0) == 0, "a post that did not come from the outbox"
    assert {r.kind for r in rows} >= {"digest.daily", "alert.comment", "alert.comment.update"}
    svc.assert_clean()


def _quote(text: str) -> str:
    from urllib.parse import quote_plus

    return quote_plus(text)
