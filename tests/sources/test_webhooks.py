"""Webhook endpoints on a real aiohttp server (127.0.0.1, port 0), against a migrated database."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from aiohttp import ClientSession, web
from aiohttp.test_utils import TestServer
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.settings import Secrets
from bot.sources.ingest import ingest_comments
from bot.sources.model import NormComment
from bot.sources.webhooks import WebhookStats, sign, webhook_routes
from bot.store.models import Account, Comment, MetricSnapshot, SeenEvent

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
APP_SECRET = "app-secret"
GENERIC_SECRET = "generic-secret"
PAGE = "1001"
IG = "17841400000000001"
SECRET_TEXT = "Mitt personnummer er 01019912345"


@dataclass
class Hook:
    url: str
    http: ClientSession
    stats: WebhookStats
    received: list[list[int]]
    sessions: sessionmaker[Session]

    async def meta(
        self, payload: object, *, secret: str | None = APP_SECRET, raw: bytes | None = None
    ) -> tuple[int, dict]:
        body = raw if raw is not None else json.dumps(payload).encode()
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers["X-Hub-Signature-256"] = sign(secret, body)
        async with self.http.post(f"{self.url}/webhooks/meta", data=body, headers=headers) as r:
            data = await r.json() if r.content_type == "application/json" else {}
            return r.status, data

    async def generic(
        self, payload: object, *, secret: str | None = GENERIC_SECRET
    ) -> tuple[int, dict]:
        body = json.dumps(payload).encode()
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers["X-Vaktbot-Signature"] = sign(secret, body)
        async with self.http.post(f"{self.url}/webhooks/generic", data=body, headers=headers) as r:
            return r.status, await r.json()

    def comments(self) -> dict[str, Comment]:
        with self.sessions() as s:
            return {c.external_id: c for c in s.scalars(select(Comment))}


@pytest.fixture
async def hook(sessions: sessionmaker[Session]) -> AsyncIterator[Hook]:
    with sessions() as s, s.begin():
        s.add(Account(id="fb", platform="facebook", external_id=PAGE, name="Kommunen"))
        s.add(Account(id="ig", platform="instagram", external_id=IG, name="Kommunen IG"))
    settings = Secrets(
        META_APP_SECRET=APP_SECRET,
        META_VERIFY_TOKEN="verify-me",
        VAKTBOT_WEBHOOK_SECRET=GENERIC_SECRET,
        VAKTBOT_AUTHOR_SALT="salt",
    )
    received: list[list[int]] = []

    def on_stored(session: Session, ids: list[int], now: datetime) -> None:
        received.append(ids)

    stats = WebhookStats()
    app = web.Application()
    app.add_routes(
        webhook_routes(
            settings,
            on_stored,
            sessions=sessions,
            author_salt=lambda: "salt",
            now=lambda: NOW,
            stats=stats,
        )
    )
    server = TestServer(app, host="127.0.0.1", port=0)
    await server.start_server()
    async with ClientSession() as http:
        yield Hook(str(server.make_url("")).rstrip("/"), http, stats, received, sessions)
    await server.close()


def feed(
    verb: str,
    cid: str = "1_c1",
    *,
    message: str = "Hei",
    author: str = "u1",
    parent: str | None = None,
) -> dict:
    post = f"{PAGE}_1"
    return {
        "object": "page",
        "entry": [
            {
                "id": PAGE,
                "time": 1773144000,
                "changes": [
                    {
                        "field": "feed",
                        "value": {
                            "from": {"id": author, "name": "Kari Nordmann"},
                            "post": {
                                "status_type": "added_photos",
                                "is_published": True,
                                "id": post,
                                "permalink_url": "https://facebook.com/p1",
                            },
                            "message": message,
                            "post_id": post,
                            "comment_id": cid,
                            "created_time": 1773144000,
                            "item": "comment",
                            "parent_id": parent or post,
                            "verb": verb,
                        },
                    }
                ],
            }
        ],
    }


async def test_handshake(hook: Hook) -> None:
    ok = {"hub.mode": "subscribe", "hub.verify_token": "verify-me", "hub.challenge": "1158201444"}
    async with hook.http.get(f"{hook.url}/webhooks/meta", params=ok) as r:
        assert r.status == 200 and await r.text() == "1158201444"
    for bad in (
        {**ok, "hub.verify_token": "nope"},
        {**ok, "hub.mode": "unsubscribe"},
        {"hub.challenge": "1"},
    ):
        async with hook.http.get(f"{hook.url}/webhooks/meta", params=bad) as r:
            assert r.status == 403 and "1158201444" not in await r.text()


async def test_signed_comment_is_stored_and_handed_on(hook: Hook) -> None:
    status, data = await hook.meta(feed("add"))
    assert status == 200 and data["comments"] == 1
    rows = hook.comments()
    assert set(rows) == {"1_c1"}
    c = rows["1_c1"]
    assert c.account_id == "fb" and c.post_external_id == f"{PAGE}_1"
    assert c.parent_external_id is None and c.labels is None and c.author_name == "Kari Nordmann"
    assert c.created_at == datetime.fromtimestamp(1773144000, UTC) and c.received_at == NOW
    assert hook.received == [[c.id]]


@pytest.mark.parametrize("secret,status", [(None, 401), ("wrong-secret", 403)])
async def test_bad_signature_stores_nothing_and_logs_no_body(
    hook: Hook, caplog: pytest.LogCaptureFixture, secret: str | None, status: int
) -> None:
    caplog.set_level(logging.DEBUG)
    code, _ = await hook.meta(feed("add", message=SECRET_TEXT), secret=secret)
    assert code == status
    assert hook.comments() == {} and hook.received == []
    assert SECRET_TEXT not in caplog.text and "Kari" not in caplog.text
    # a body signed for another body is refused too
    body = json.dumps(feed("add")).encode()
    headers = {"X-Hub-Signature-256": sign(APP_SECRET, body + b" ")}
    async with hook.http.post(f"{hook.url}/webhooks/meta", data=body, headers=headers) as r:
        assert r.status == 403


async def test_duplicate_delivery_and_poll_overlap_store_once(hook: Hook) -> None:
    payload = feed("add")
    assert (await hook.meta(payload))[0] == 200
    status, data = await hook.meta(payload)  # Meta redelivers the identical body
    assert status == 200 and data["replayed"] and data["comments"] == 0
    again = feed("add")
    again["entry"][0]["time"] = 1773144999  # same comment, a different delivery
    status, data = await hook.meta(again)
    assert data["comments"] == 0 and data["duplicates"] == 1
    with hook.sessions() as s, s.begin():  # the poll finds it as well
        res = ingest_comments(
            s,
            [NormComment("fb", "1_c1", f"{PAGE}_1", None, "Hei", "u1", "Kari", NOW)],
            now=NOW,
            salt="salt",
        )
    assert res.added == [] and res.duplicates == 1
    assert len(hook.comments()) == 1 and len(hook.received) == 1
    assert hook.stats.counts["meta.skipped.replayed"] == 1


async def test_body_size_is_capped(hook: Hook) -> None:
    big = feed("add", message="x" * (1024 * 1024 + 10))
    status, _ = await hook.meta(big)
    assert status == 413
    # also without a Content-Length (chunked upload)
    body = json.dumps(big).encode()

    async def chunks() -> AsyncIterator[bytes]:
        for i in range(0, len(body), 100_000):
            yield body[i : i + 100_000]

    headers = {"X-Hub-Signature-256": sign(APP_SECRET, body)}
    async with hook.http.post(f"{hook.url}/webhooks/meta", data=chunks(), headers=headers) as r:
        assert r.status == 413
    assert hook.comments() == {}


async def test_malformed_and_unknown_payloads(hook: Hook) -> None:
    assert (await hook.meta(None, raw=b"{not json"))[0] == 400
    assert (await hook.meta(None, raw=b"[1, 2]"))[0] == 400
    status, data = await hook.meta({"object": "user", "entry": []})
    assert status == 200 and data["skipped"] == 1
    other_page = feed("add")
    other_page["entry"][0]["id"] = "999"
    status, data = await hook.meta(other_page)
    assert status == 200 and data["comments"] == 0
    broken = feed("add")
    del broken["entry"][0]["changes"][0]["value"]["comment_id"]
    status, data = await hook.meta(broken)
    assert status == 200 and data["skipped"] == 1
    reaction = feed("add")
    reaction["entry"][0]["changes"][0]["value"]["item"] = "reaction"
    assert (await hook.meta(reaction))[1]["comments"] == 0
    assert hook.comments() == {}
    counts = hook.stats.counts
    assert counts["meta.skipped.unknown_account"] == 1 and counts["meta.skipped.malformed"] == 1
    assert counts["meta.skipped.unknown_object"] == 1
    assert counts["meta.rejected.malformed_json"] == 2


async def test_verbs_edit_hide_unhide_remove(hook: Hook) -> None:
    await hook.meta(feed("add", message="Første"))
    await hook.meta(feed("edited", message="Endret"))
    assert hook.comments()["1_c1"].text == "Endret"
    await hook.meta(feed("hide", message="Endret"))
    assert hook.comments()["1_c1"].is_hidden
    await hook.meta(feed("unhide", message="Endret"))
    assert not hook.comments()["1_c1"].is_hidden
    await hook.meta(feed("remove", message="Endret"))
    assert hook.comments()["1_c1"].deleted
    # an edit of a comment we never saw is stored (as a reply here)
    await hook.meta(feed("edited", "1_c2", message="Svar", parent="1_c1"))
    assert hook.comments()["1_c2"].parent_external_id == "1_c1"


async def test_instagram_comment(hook: Hook) -> None:
    payload = {
        "object": "instagram",
        "entry": [
            {
                "id": IG,
                "time": 1773144000,
                "changes": [
                    {
                        "field": "comments",
                        "value": {
                            "from": {"id": "232323", "username": "ola"},
                            "media": {"id": "123123", "media_product_type": "FEED"},
                            "id": "17865799348089039",
                            "parent_id": "17800000000000000",
                            "text": "Når åpner dere?",
                        },
                    }
                ],
            }
        ],
    }
    status, data = await hook.meta(payload)
    assert status == 200 and data["comments"] == 1
    c = hook.comments()["17865799348089039"]
    assert (c.account_id, c.post_external_id, c.parent_external_id, c.author_name) == (
        "ig",
        "123123",
        "17800000000000000",
        "ola",
    )


async def test_generic_comment_and_snapshot(hook: Hook) -> None:
    body = {
        "events": [
            {
                "type": "comment",
                "account": "fb",
                "comment": {
                    "id": "g-1",
                    "post_id": "p-1",
                    "text": "Hallo",
                    "author_id": "u-9",
                    "author_name": "Per",
                    "created_at": "2026-03-10T12:30:00+01:00",
                },
            },
            {
                "type": "snapshot",
                "account": "fb",
                "snapshot": {
                    "day": "2026-03-09",
                    "followers": 5000,
                    "new_follows": 14,
                    "reach": 1200,
                    "saves": 3,
                },
            },
        ]
    }
    status, data = await hook.generic(body)
    assert status == 200 and data["comments"] == 1 and data["snapshots"] == 1
    c = hook.comments()["g-1"]
    assert c.created_at == datetime(2026, 3, 10, 11, 30, tzinfo=UTC)
    with hook.sessions() as s:
        snap = s.scalars(select(MetricSnapshot)).one()
        assert (snap.day, snap.followers, snap.new_follows, snap.reach, snap.saves) == (
            date(2026, 3, 9),
            5000,
            14,
            1200,
            3,
        )
        assert snap.views is None
    single = {
        "type": "comment",
        "account": "ig",
        "comment": {"id": "g-2", "created_at": "2026-03-10T12:30:00Z"},
    }
    assert (await hook.generic(single))[1]["comments"] == 1


async def test_generic_rejects_whole_request_on_bad_items(hook: Hook) -> None:
    ok = {
        "type": "comment",
        "account": "fb",
        "comment": {"id": "g-1", "created_at": "2026-03-10T12:30:00Z"},
    }
    naive = {
        "type": "comment",
        "account": "fb",
        "comment": {"id": "g-2", "created_at": "2026-03-10T12:30:00"},
    }
    status, data = await hook.generic({"events": [ok, naive]})
    assert status == 422 and data["problems"][0]["loc"].startswith("events.1")
    status, data = await hook.generic({"events": [ok, {"type": "poll", "account": "fb"}]})
    assert status == 422
    status, data = await hook.generic({"events": [ok, {**ok, "account": "nobody"}]})
    assert status == 422 and data["accounts"] == ["nobody"]
    assert (await hook.generic(ok, secret="wrong"))[0] == 403
    assert (await hook.generic(ok, secret=None))[0] == 401
    with hook.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Comment)) == 0


async def test_a_routing_failure_stores_nothing_and_asks_for_redelivery(
    sessions: sessionmaker[Session],
) -> None:
    """Comments and their alerts commit together: if routing fails, nothing is stored, the answer
    is 503 (Meta redelivers), and the redelivered body is stored and routed."""
    with sessions() as s, s.begin():
        s.add(Account(id="fb", platform="facebook", external_id=PAGE, name="K"))
    routed: list[list[int]] = []
    broken = True

    def on_stored(session: Session, ids: list[int], now: datetime) -> None:
        if broken:
            raise RuntimeError("classifier down")
        routed.append(ids)

    app = web.Application()
    settings = Secrets(META_APP_SECRET=APP_SECRET)
    app.add_routes(
        webhook_routes(
            settings, on_stored, sessions=sessions, author_salt=lambda: "s", now=lambda: NOW
        )
    )
    server = TestServer(app, host="127.0.0.1", port=0)
    await server.start_server()
    body = json.dumps(feed("add")).encode()
    statuses: list[int] = []
    try:
        async with ClientSession() as http:
            for _ in range(2):
                async with http.post(
                    str(server.make_url("/webhooks/meta")),
                    data=body,
                    headers={"X-Hub-Signature-256": sign(APP_SECRET, body)},
                ) as r:
                    statuses.append(r.status)
                    if statuses == [503]:
                        with sessions() as s:
                            assert s.scalar(select(func.count()).select_from(Comment)) == 0
                            assert s.scalar(select(func.count()).select_from(SeenEvent)) == 0
                broken = False
    finally:
        await server.close()
    assert statuses == [503, 200]
    with sessions() as s:
        ids = list(s.scalars(select(Comment.id)))
    assert len(ids) == 1 and routed == [ids]
