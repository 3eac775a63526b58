"""Every endpoint answers a malformed request with 4xx and a reason, never 5xx.

Property-based: hypothesis mutates well-formed requests of each endpoint - JSON of the wrong
types, huge integers, far dates, lone surrogates, deep nesting, odd headers, odd tokens - and the
signed endpoints get a correct signature, so the payload itself is what is tested. The server is
the real route table (bot.web.server.build_web_app) on 127.0.0.1, with a real SQLite database.
``VAKTBOT_FUZZ_EXAMPLES`` sets the number of cases per endpoint (``make test``: 1,000; ``make
fuzz``: many more).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import httpx
import pytest
from aiohttp import web
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.app import App
from bot.config import load_config
from bot.settings import Secrets
from bot.sources.accounts import sync_accounts
from bot.sources.webhooks import sign
from bot.store.db import make_engine, session_factory, upgrade
from bot.web.server import build_web_app
from tests.support import loopback
from tests.support.fake_connector import FakeConnector
from tests.support.fake_slack import FakeSlack
from tests.support.paths import EXAMPLE_CONFIG

EXAMPLES = int(os.environ.get("VAKTBOT_FUZZ_EXAMPLES", "1000"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=os.environ.get("VAKTBOT_FUZZ_RANDOM") != "1",
)
SLACK_SECRET = "fuzz-slack-secret"
META_SECRET = "fuzz-meta-secret"
GENERIC_SECRET = "fuzz-generic-secret"
PAGE = "100000000000001"


class Server:
    """The bot's HTTP server (and a fake Slack Web API for bolt's auth.test) on its own event
    loop thread, for synchronous test code."""

    def __init__(self, make: Callable[[str], App]) -> None:
        self.make = make
        self.loop = asyncio.new_event_loop()
        self.url = ""
        ready = threading.Event()
        self.thread = threading.Thread(target=self._run, args=(ready,), daemon=True)
        self.thread.start()
        ready.wait(30)

    def _run(self, ready: threading.Event) -> None:
        asyncio.set_event_loop(self.loop)

        async def start() -> web.AppRunner:
            self.slack = await FakeSlack().start()
            self.connector = await FakeConnector().start()
            self.app = self.make(self.slack.api_url)
            runner, port = await loopback.serve(build_web_app(self.app))
            self.url = f"http://127.0.0.1:{port}"
            return runner

        self.runner = self.loop.run_until_complete(start())
        ready.set()
        self.loop.run_forever()

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self.runner.cleanup(), self.loop).result(30)
        asyncio.run_coroutine_threadsafe(self.slack.stop(), self.loop).result(30)
        asyncio.run_coroutine_threadsafe(self.connector.stop(), self.loop).result(30)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(30)


def make_app(tmp: Path, platform: str, slack_api: str) -> App:
    engine = make_engine(f"sqlite:///{tmp / f'fuzz-{platform}.db'}")
    upgrade(engine)
    app = App(
        config=load_config(EXAMPLE_CONFIG),
        engine=engine,
        sessions=session_factory(engine),
        secrets=Secrets(  # type: ignore[call-arg]
            VAKTBOT_PLATFORM=platform,
            VAKTBOT_SLACK_MODE="http",
            SLACK_BOT_TOKEN="xoxb-fuzz",
            SLACK_SIGNING_SECRET=SLACK_SECRET,
            VAKTBOT_SLACK_API_URL=slack_api,
            META_APP_SECRET=META_SECRET,
            VAKTBOT_WEBHOOK_SECRET=GENERIC_SECRET,
            MicrosoftAppTenantId="fuzz-tenant",
        ),
    )
    with app.sessions.begin() as s:
        sync_accounts(s, app.config)
    return app


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Server]]:
    tmp = tmp_path_factory.mktemp("fuzz")
    made = {p: Server(partial(make_app, tmp, p)) for p in ("slack", "teams")}
    yield made
    for s in made.values():
        s.stop()
        s.app.engine.dispose()


@pytest.fixture(scope="module")
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=30) as client:
        yield client


# --- strategies ---------------------------------------------------------------------------------

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(
        ["", "9999-12-31T23:59:59Z", "0001-01-01", "2026-02-31", "\ud800", "1e999", "-1", "NaN"]
    ),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)


def mutate(base: Any, data: st.DataObject) -> Any:
    """``base`` with one value somewhere replaced by an arbitrary JSON value (or removed)."""
    if isinstance(base, dict) and base:
        key = data.draw(st.sampled_from(sorted(base)))
        out = dict(base)
        if data.draw(st.booleans()):
            out[key] = mutate(base[key], data)
        elif data.draw(st.booleans()):
            del out[key]
        else:
            out[key] = data.draw(json_values)
        return out
    if isinstance(base, list) and base:
        i = data.draw(st.integers(0, len(base) - 1))
        out = list(base)
        out[i] = mutate(base[i], data) if data.draw(st.booleans()) else data.draw(json_values)
        return out
    return data.draw(json_values)


def dumps(value: Any, data: st.DataObject) -> bytes:
    text = json.dumps(value, ensure_ascii=data.draw(st.booleans()), allow_nan=True)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: send it as the bytes a client might
        return text.encode("utf-8", "surrogatepass")


def raw_bodies(data: st.DataObject, good: bytes, flip: bool = True) -> bytes:
    """Not JSON at all, or JSON nested far too deep, or a broken copy of a good body."""
    kind = data.draw(st.sampled_from(["binary", "deep", "cut", "flip"][: 4 if flip else 3]))
    if kind == "binary":
        return data.draw(st.binary(max_size=200))
    if kind == "deep":
        n = data.draw(st.sampled_from([100, 1000, 100_000]))
        return b"[" * n + b"]" * n
    if kind == "cut":
        return good[: data.draw(st.integers(0, max(len(good) - 1, 0)))]
    i = data.draw(st.integers(0, len(good) - 1))
    return good[:i] + bytes([good[i] ^ 0x55]) + good[i + 1 :]


META = {
    "object": "page",
    "entry": [
        {
            "id": PAGE,
            "time": 1773144000,
            "changes": [
                {
                    "field": "feed",
                    "value": {
                        "from": {"id": "u1", "name": "Kari"},
                        "post": {"id": f"{PAGE}_1", "permalink_url": "https://facebook.com/p"},
                        "comment_id": f"{PAGE}_1_9",
                        "post_id": f"{PAGE}_1",
                        "parent_id": f"{PAGE}_1",
                        "verb": "add",
                        "item": "comment",
                        "created_time": 1773144000,
                        "message": "Hei",
                    },
                }
            ],
        }
    ],
}
GENERIC = {
    "type": "comment",
    "account": "fb-skatteetaten",
    "comment": {
        "id": "c-1",
        "post_id": "p-1",
        "parent_id": None,
        "text": "Hei",
        "author_id": "u-9",
        "author_name": "Kari",
        "permalink": None,
        "created_at": "2026-03-10T12:00:00+01:00",
        "hidden": False,
        "from_account": False,
    },
}


def check(response: httpx.Response) -> None:
    assert response.status_code < 500, (response.status_code, response.text[:300])


@FUZZ
@given(st.data())
def test_meta_webhook(servers: dict[str, Server], http: httpx.Client, data: st.DataObject) -> None:
    good = json.dumps(META).encode()
    body = dumps(mutate(META, data), data) if data.draw(st.booleans()) else raw_bodies(data, good)
    headers = {"X-Hub-Signature-256": sign(META_SECRET, body)}
    if data.draw(st.integers(0, 9)) == 0:
        printable = st.characters(min_codepoint=33, max_codepoint=126)  # what a header may hold
        headers["X-Hub-Signature-256"] = data.draw(st.text(printable, max_size=80))
    check(http.post(servers["slack"].url + "/webhooks/meta", content=body, headers=headers))


@FUZZ
@given(st.data())
def test_generic_webhook(
    servers: dict[str, Server], http: httpx.Client, data: st.DataObject
) -> None:
    good = json.dumps(GENERIC).encode()
    shape = data.draw(st.sampled_from(["one", "batch", "raw"]))
    if shape == "raw":
        body = raw_bodies(data, good)
    else:
        value = mutate(GENERIC, data)
        body = dumps({"events": [value, GENERIC]} if shape == "batch" else value, data)
    headers = {"X-Vaktbot-Signature": sign(GENERIC_SECRET, body)}
    check(http.post(servers["slack"].url + "/webhooks/generic", content=body, headers=headers))


SLASH = {
    "token": "x",
    "team_id": "T0AGENCY",
    "channel_id": "C01TEAM1",
    "user_id": "U01KARI",
    "command": "/vakt",
    "text": "who",
    "response_url": "http://127.0.0.1:9/respond",  # replaced by the fake Slack's per run
    "trigger_id": "1.2.3",
}
ACTION = {
    "type": "block_actions",
    "team": {"id": "T0AGENCY"},
    "user": {"id": "U01KARI"},
    "response_url": "http://127.0.0.1:9/respond",  # replaced by the fake Slack's per run
    "actions": [{"type": "button", "action_id": "moderation.claim", "value": "1"}],
    "container": {"type": "message", "message_ts": "1.2", "channel_id": "C01TEAM1"},
    "channel": {"id": "C01TEAM1"},
}


@FUZZ
@given(st.data())
def test_slack_events(servers: dict[str, Server], http: httpx.Client, data: st.DataObject) -> None:
    kind = data.draw(st.sampled_from(["slash", "action", "event", "raw"]))
    respond_to = servers["slack"].slack.response_url("fuzz")  # answers land at the fake Slack
    if kind == "slash":
        form = {k: v for k, v in {**SLASH, "response_url": respond_to}.items()
                if data.draw(st.integers(0, 5)) > 0}  # fmt: skip
        form["text"] = data.draw(st.text(max_size=60))
        body = urlencode(form)
        ctype = "application/x-www-form-urlencoded"
    elif kind == "action":
        body = urlencode(
            {"payload": json.dumps(mutate({**ACTION, "response_url": respond_to}, data))}
        )
        ctype = "application/x-www-form-urlencoded"
    elif kind == "event":
        event = {"type": "event_callback", "event": mutate({"type": "app_home_opened"}, data)}
        body = json.dumps(event)
        ctype = "application/json"
    else:
        body = data.draw(st.text(max_size=200))
        ctype = data.draw(st.sampled_from(["application/json", "text/plain", ""]))
    ts = data.draw(
        st.one_of(
            st.just(str(int(time.time()))), st.sampled_from(["abc", "1.5", "", "-1", "9" * 30])
        )
    )
    digest = hmac.new(SLACK_SECRET.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256)
    headers = {
        "Content-Type": ctype,
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": f"v0={digest.hexdigest()}",
    }
    check(http.post(servers["slack"].url + "/slack/events", content=body.encode(), headers=headers))


ACTIVITY = {
    "type": "message",
    "id": "act-1",
    "timestamp": "2026-11-23T08:00:00Z",
    "serviceUrl": "http://127.0.0.1:9/",  # the fake Bot Connector's, per run
    "channelId": "msteams",
    "from": {"id": "29:kari", "name": "Kari", "aadObjectId": "aad-kari"},
    "conversation": {"id": "a:personal-kari", "conversationType": "personal", "tenantId": "t"},
    "recipient": {"id": "28:bot", "name": "vaktbot"},
    "text": "who",
    "channelData": {"tenant": {"id": "fuzz-tenant"}},
}


@FUZZ
@given(st.data())
def test_teams_messages(
    servers: dict[str, Server], http: httpx.Client, data: st.DataObject
) -> None:
    good = json.dumps(ACTIVITY).encode()
    body = (
        dumps(mutate(ACTIVITY, data), data) if data.draw(st.booleans()) else raw_bodies(data, good)
    )
    headers = {"Content-Type": data.draw(st.sampled_from(["application/json", "text/plain"]))}
    if data.draw(st.booleans()):
        headers["Authorization"] = data.draw(
            st.sampled_from(["Bearer garbage", "Bearer", "Basic x", "Bearer a.b.c"])
        )
    check(http.post(servers["teams"].url + "/api/messages", content=body, headers=headers))


@FUZZ
@given(st.data())
def test_feeds_media_and_service(
    servers: dict[str, Server], http: httpx.Client, data: st.DataObject
) -> None:
    junk = data.draw(st.text(max_size=60))
    path = data.draw(
        st.sampled_from(
            [
                "/feeds/duty/{x}.ics?token={x}",
                "/feeds/plan/team-1.ics?token={x}",
                "/feeds/duty/all.ics?token={x}",
                "/media/{x}/{x}?sig={x}",
                "/healthz?{x}",
                "/metrics?{x}",
            ]
        )
    ).format(x=quote(junk, safe=""))
    check(http.get(servers["slack"].url + path))
