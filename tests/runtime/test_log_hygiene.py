"""Marker strings sent through every error path of the HTTP endpoints never reach the log, and
no outside text can start a log line of its own.

The log is the service's real one (bot.runtime.logs at DEBUG, the most talkative level); the
requests go through the real route table (bot.web.server.build_web_app) on 127.0.0.1: unsigned
and badly signed Slack requests, Meta and generic webhooks with bad signatures, bad fields,
unknown accounts and a storage failure, Teams activities that are refused, calendar feeds with
odd tokens. Each carries the marker in the places a body, a text or a name could be logged.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import logging
import re
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from aiohttp import ClientSession
from sqlalchemy import text

from bot.app import App
from bot.config import load_config
from bot.runtime.logs import setup_logging
from bot.settings import Secrets
from bot.sources.webhooks import sign
from bot.store.db import make_engine, session_factory
from bot.web.server import build_web_app
from tests.support import loopback
from tests.support.paths import EXAMPLE_CONFIG

MARKER = "MRKZQ8"
HOSTILE = f"{MARKER} kari@example.org +47 912 34 567\n2026-01-01T00:00:00 ERROR forged {MARKER}"
SLACK_SECRET = "slack-signing-secret"
META_SECRET = "meta-app-secret"
GENERIC_SECRET = "generic-secret"
PAGE = "100000000000001"  # fb-skatteetaten in examples/vaktbot.yml


@pytest.fixture
def log_text() -> Iterator[io.StringIO]:
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    setup_logging("DEBUG")
    buffer = io.StringIO()
    root.handlers[0].setStream(buffer)  # type: ignore[attr-defined]
    try:
        yield buffer
    finally:
        root.handlers[:], level = saved
        root.setLevel(level)


@pytest.fixture
async def base(db_url: str, tmp_path: Path) -> AsyncIterator[tuple[str, App]]:
    engine = make_engine(db_url)
    app = App(
        config=load_config(EXAMPLE_CONFIG),
        engine=engine,
        sessions=session_factory(engine),
        secrets=Secrets(  # type: ignore[call-arg]
            VAKTBOT_PLATFORM="slack",
            VAKTBOT_SLACK_MODE="http",
            SLACK_BOT_TOKEN="xoxb-test",
            SLACK_SIGNING_SECRET=SLACK_SECRET,
            VAKTBOT_SLACK_API_URL="http://127.0.0.1:9/api/",
            META_APP_SECRET=META_SECRET,
            VAKTBOT_WEBHOOK_SECRET=GENERIC_SECRET,
            MicrosoftAppTenantId="t",
        ),
    )
    with app.sessions.begin() as s:
        from bot.sources.accounts import sync_accounts

        sync_accounts(s, app.config)
    runner, port = await loopback.serve(build_web_app(app))
    yield f"http://127.0.0.1:{port}", app
    await runner.cleanup()
    engine.dispose()


def meta_comment(message: str, page: str = PAGE) -> bytes:
    value = {
        "from": {"id": "u-9", "name": HOSTILE},
        "post": {"id": f"{page}_1", "permalink_url": f"https://evil.example/{MARKER}"},
        "comment_id": f"{page}_1_{MARKER}",
        "post_id": f"{page}_1",
        "verb": "add",
        "item": "comment",
        "created_time": 1773144000,
        "message": message,
    }
    entry = {"id": page, "time": 1773144000, "changes": [{"field": "feed", "value": value}]}
    body = {"object": "page", "entry": [entry]}
    return json.dumps(body).encode()


def slack_headers(body: str, secret: str) -> dict[str, str]:
    ts = str(int(time.time()))
    digest = hmac.new(secret.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    return {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": f"v0={digest}",
    }


async def test_no_marker_reaches_the_log(base: tuple[str, App], log_text: io.StringIO) -> None:
    url, app = base
    statuses: list[int] = []
    async with ClientSession() as http:

        async def post(path: str, data: bytes | str, headers: dict[str, str]) -> None:
            async with http.post(url + path, data=data, headers=headers) as r:
                statuses.append(r.status)
                await r.read()

        form = urlencode({"command": "/vakt", "text": HOSTILE, "user_id": "U01KARI"})
        await post("/slack/events", form, {"Content-Type": "application/x-www-form-urlencoded"})
        await post("/slack/events", form, slack_headers(form, "wrong-secret"))
        payload = urlencode({"payload": json.dumps({"type": "block_actions", "x": HOSTILE})})
        await post("/slack/events", payload, slack_headers(payload, "wrong-secret"))
        good = meta_comment(HOSTILE)
        await post("/webhooks/meta", good, {"X-Hub-Signature-256": "sha256=" + "0" * 64})
        await post("/webhooks/meta", good, {})
        unknown = meta_comment(HOSTILE, page="999" + MARKER)
        await post("/webhooks/meta", unknown, {"X-Hub-Signature-256": sign(META_SECRET, unknown)})
        broken = good.replace(b'"entry"', b'"entry" "' + HOSTILE.encode() + b'"')
        await post("/webhooks/meta", broken, {"X-Hub-Signature-256": sign(META_SECRET, broken)})
        generic = json.dumps(
            {"type": "comment", "account": MARKER, "comment": {"id": HOSTILE, "text": HOSTILE}}
        ).encode()
        await post(
            "/webhooks/generic", generic, {"X-Vaktbot-Signature": sign(GENERIC_SECRET, generic)}
        )  # noqa: E501
        # a storage failure: the comments table is gone; the error is logged, the text is not
        with app.engine.begin() as conn:
            conn.execute(text("DROP TABLE comments"))
        await post("/webhooks/meta", good, {"X-Hub-Signature-256": sign(META_SECRET, good)})
        activity = json.dumps({"type": "message", "text": HOSTILE, "serviceUrl": HOSTILE})
        await post("/api/messages", activity, {"Content-Type": "application/json"})
        for path in (f"/feeds/duty/team-1.ics?token={MARKER}", f"/media/{MARKER}/x.png?sig=1"):
            async with http.get(url + path) as r:
                statuses.append(r.status)
    # unsigned and badly signed Slack: 401; Meta: bad signature 403, none 401, an unknown page
    # is skipped (200: Meta must not retry), malformed 400; generic with bad fields 422; the
    # storage failure 503 (Meta delivers again); no Teams endpoint on Slack 404; feeds
    # and media with wrong tokens 404
    assert statuses == [401, 401, 401, 403, 401, 200, 400, 422, 503, 404, 404, 404]
    log = log_text.getvalue()
    assert "webhook rejected" in log and "webhook storage failed" in log  # the paths were taken
    assert MARKER not in log
    assert "kari@example.org" not in log and "912 34 567" not in log
    # every line starts with a timestamp, or is an indented part of a traceback
    for line in log.splitlines():
        assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d |    ", line), line
