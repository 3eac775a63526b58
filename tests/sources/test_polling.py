"""Polling that holds up: the call budget from Meta's usage headers, refused metrics asked again
only weekly, no database transaction open while the Graph API is asked, Instagram through both
logins with Instagram's own shapes, and pollers as tasks that close their client."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine, create_engine, select, text
from sqlalchemy.orm import Session, sessionmaker

from bot.app import App
from bot.clock import SimulatedClock
from bot.config import load_config
from bot.runtime.pollers import make_pollers, next_poll
from bot.settings import Secrets
from bot.sources.accounts import meta_client_factory, sync_accounts
from bot.sources.meta.budget import UsageBudget, usage_percent
from bot.sources.meta.client import MetaClient
from bot.sources.meta.poll import poll_account
from bot.store.db import make_engine, session_factory
from bot.store.models import Account, Comment, MetricSnapshot, Post, RefusedMetric, SyncCursor
from tests.sources.test_meta import NOW, PAGE, SALT, Sleeps, add_account, setup_page, stamp
from tests.support.fake_graph import FakeGraph, Seen
from tests.support.paths import EXAMPLE_CONFIG

IG = "17841400000000009"


@pytest.fixture
async def graph() -> AsyncIterator[FakeGraph]:
    fake = await FakeGraph().start()
    yield fake
    await fake.stop()


# --- the budget -------------------------------------------------------------------------------


def test_budget_backs_off_in_proportion_to_usage() -> None:
    budget = UsageBudget(soft=50, max_pause=60)
    pauses = []
    for pct in (0, 50, 75, 90, 95, 99, 100):
        budget.usage, budget.regain = pct, 0
        pauses.append(round(budget.pause(), 2))
    assert pauses == [0, 0, 15.0, 38.4, 48.6, 57.62, 60]
    budget.usage, budget.regain = 100, 7 * 60  # Meta says when access comes back
    assert budget.pause() == 420 and budget.rate_limited(0) == 420
    budget.usage, budget.regain = 10, 0
    assert budget.rate_limited(0) == 60 and budget.rate_limited(3) == 480


@given(st.floats(0, 100), st.floats(0, 100))
def test_budget_pause_never_shrinks_as_usage_grows(a: float, b: float) -> None:
    lo, hi = sorted((a, b))
    assert UsageBudget(usage=lo).pause() <= UsageBudget(usage=hi).pause() <= 60


def test_usage_headers_of_both_kinds_are_read() -> None:
    app = {"X-App-Usage": '{"call_count": 12, "total_cputime": 96, "total_time": 40}'}
    assert usage_percent(app) == (96.0, 0.0)
    buc = {
        "x-business-use-case-usage": '{"1001": [{"type": "pages", "call_count": 91, '
        '"total_cputime": 3, "total_time": 5, "estimated_time_to_regain_access": 2}]}'
    }
    assert usage_percent(buc) == (91.0, 120.0)
    assert usage_percent({"X-App-Usage": "not json"}) == (0.0, 0.0)
    budget = UsageBudget(usage=70)
    budget.update({"Content-Type": "application/json"})  # no usage headers: unchanged
    assert budget.usage == 70


async def test_client_paces_itself_by_app_usage(graph: FakeGraph) -> None:
    graph.nodes["42"] = {"id": "42"}
    graph.app_usage = {"call_count": 80, "total_cputime": 5, "total_time": 5}
    sleeps = Sleeps()
    async with MetaClient(
        graph.token, base_url=graph.url, sleep=sleeps, budget=UsageBudget(max_pause=10)
    ) as client:
        for _ in range(3):
            await client.get("42")
    assert sleeps.calls == [pytest.approx(3.6)] * 2  # (80-50)/50 squared, before calls 2 and 3


# --- refused metrics --------------------------------------------------------------------------


def insight_metrics(graph: FakeGraph, obj: str) -> list[list[str]]:
    return [r.query["metric"].split(",") for r in graph.calls(f"{obj}/insights")]


async def test_refused_metrics_are_asked_again_only_weekly(
    graph: FakeGraph, sessions: sessionmaker[Session]
) -> None:
    add_account(sessions, "fb", "facebook", PAGE)
    setup_page(graph)
    graph.deprecated = frozenset({"page_media_view", "post_clicks"})
    async with MetaClient(graph.token, base_url=graph.url, sleep=Sleeps()) as client:
        first = await poll_account(client, sessions, "fb", NOW, SALT)
        assert first is not None and first.deprecated == ["page_media_view", "post_clicks"]
        asked_first = len(graph.calls("/insights"))

        graph.requests.clear()  # the next day: neither is asked, no call is wasted on them
        second = await poll_account(client, sessions, "fb", NOW + timedelta(days=1), SALT)
        assert second is not None and second.deprecated == [] and second.notify is None
        asked = [m for ms in insight_metrics(graph, PAGE) for m in ms]
        assert "page_media_view" not in asked and "page_follows" in asked
        assert all("post_clicks" not in ms for ms in insight_metrics(graph, f"{PAGE}_1"))
        assert len(graph.calls("/insights")) < asked_first  # no one-by-one retries

        graph.requests.clear()  # a week later both are tried again; one is back
        graph.deprecated = frozenset({"post_clicks"})
        later = NOW + timedelta(days=8)
        graph.posts[PAGE].append(  # a recent post, so post metrics are asked
            {"id": f"{PAGE}_2", "message": "Ny", "created_time": stamp(later - timedelta(days=1))}
        )
        third = await poll_account(client, sessions, "fb", later, SALT)
        assert third is not None and third.deprecated == []  # said before: not told again
        assert "page_media_view" in [m for ms in insight_metrics(graph, PAGE) for m in ms]
    with sessions() as s:
        rows = {r.metric: r for r in s.scalars(select(RefusedMetric))}
    assert set(rows) == {"post_clicks"}  # page_media_view answered: forgotten
    assert rows["post_clicks"].retry_at == later + timedelta(days=7)


# --- no transaction across a network call -------------------------------------------------------


async def test_no_transaction_is_open_while_the_graph_api_is_asked(
    graph: FakeGraph, engine: Engine, sessions: sessionmaker[Session], db_url: str
) -> None:
    """The pool lends no connection during any Graph call (nothing of ours is open), and another
    writer gets the database at once during an account's first poll (which used to hold
    SQLite's write lock across the network and made others fail with "database is locked")."""
    add_account(sessions, "fb", "facebook", PAGE)
    setup_page(graph)
    sqlite = db_url.startswith("sqlite")
    # another writer that gives up after 0.2 s (SQLite's busy timeout; PostgreSQL's lock_timeout)
    other = create_engine(db_url, connect_args={"timeout": 0.2}) if sqlite else make_engine(db_url)
    lent: list[int] = []
    writes: list[str] = []

    def look(seen: Seen) -> None:
        lent.append(engine.pool.checkedout())  # type: ignore[attr-defined]
        with other.begin() as conn:  # a write while the poll waits for Meta
            if not sqlite:
                conn.execute(text("SET LOCAL lock_timeout = 200"))
            conn.execute(
                text("UPDATE accounts SET name = :n WHERE id = 'fb'"), {"n": f"w{len(writes)}"}
            )
        writes.append(seen.path)

    graph.on_request = look
    async with MetaClient(graph.token, base_url=graph.url, sleep=Sleeps()) as client:
        result = await poll_account(client, sessions, "fb", NOW, SALT)
    other.dispose()
    assert result is not None and result.error is None and len(result.new_comment_ids) == 3
    assert len(lent) == len(graph.requests) >= 5 and set(lent) == {0}
    assert len(writes) == len(lent)


# --- Instagram, both logins -------------------------------------------------------------------


def ig_setup(graph: FakeGraph) -> str:
    media = "17900000000000001"
    graph.media[IG] = [
        {
            "id": media,
            "caption": "Sommerjobb hos oss",
            "media_type": "IMAGE",
            "media_product_type": "FEED",
            "permalink": "https://www.instagram.com/p/DAbc123/",
            "timestamp": stamp(NOW - timedelta(days=2)),
            "like_count": 41,
            "comments_count": 3,
        }
    ]
    graph.comments[media] = [
        {
            "id": "18000000000000011",
            "text": "Når er søknadsfristen?",
            "timestamp": stamp(NOW - timedelta(hours=3)),
            "username": "kari_n",
            "like_count": 2,
            "hidden": False,
            "from": {"id": "1790000000000001", "username": "kari_n"},
        },
        {
            "id": "18000000000000012",
            "text": "1. mars!",
            "timestamp": stamp(NOW - timedelta(hours=2)),
            "username": "etaten",
            "like_count": 0,
            "hidden": False,
            "from": {"id": IG, "username": "etaten"},
            "parent_id": "18000000000000011",
        },
        {
            "id": "18000000000000013",
            "text": "Takk 👍",
            "timestamp": stamp(NOW - timedelta(hours=1)),
            "username": "kari_n",
            "like_count": 0,
            "from": {"id": "1790000000000001", "username": "kari_n"},
            "parent_id": "18000000000000011",
        },
    ]
    yesterday = NOW.date() - timedelta(days=1)
    graph.nodes[IG] = {"id": IG, "username": "etaten", "followers_count": 8120}
    graph.insights[IG] = {
        "reach": {yesterday: 640},
        "follower_count": {yesterday: 9},
        "views": {yesterday: 1800},
        "likes": {yesterday: 70},
        "comments": {yesterday: 3},
        "shares": {yesterday: 4},
        "saves": {yesterday: 11},
    }
    graph.insights[media] = {
        "views": {None: 1500},
        "reach": {None: 1100},
        "likes": {None: 41},
        "comments": {None: 3},
        "shares": {None: 2},
        "saved": {None: 7},
    }
    return media


def instagram_app(engine: Engine, tmp_path: Path, monkeypatch, fb: FakeGraph, ig: FakeGraph) -> App:  # type: ignore[no-untyped-def]
    data = yaml.safe_load(EXAMPLE_CONFIG.read_text(encoding="utf-8"))
    data["accounts"] = [
        {
            "id": "ig-etaten",
            "platform": "instagram",
            "login": "instagram",
            "external_id": IG,
            "name": "@etaten",
            "team": "team-1",
            "poll_minutes": 5,
            "token_env": "IG_USER_TOKEN",
        }
    ]
    path = tmp_path / "vaktbot.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("IG_USER_TOKEN", ig.token)
    secrets = Secrets(VAKTBOT_GRAPH_API_URL=fb.url, VAKTBOT_INSTAGRAM_API_URL=ig.url)  # type: ignore[call-arg]
    app = App(
        config=load_config(path), engine=engine, sessions=session_factory(engine), secrets=secrets
    )
    app.clock = lambda: NOW
    with app.sessions.begin() as s:
        sync_accounts(s, app.config)
    return app


async def test_instagram_login_reads_instagrams_shapes_and_hides_there(
    graph: FakeGraph, engine: Engine, tmp_path: Path, monkeypatch
) -> None:
    ig = await FakeGraph(token="IGAA-instagram-user-token").start()
    try:
        media = ig_setup(ig)
        app = instagram_app(engine, tmp_path, monkeypatch, graph, ig)
        (poller,) = make_pollers(app)
        async with poller.client() as client:
            result = await poller.poll_once(client, next_poll(NOW, 5))
        assert client.closed
        assert result is not None and result.error is None and len(result.new_comment_ids) == 3
        assert graph.requests == []  # graph.facebook.com is never asked
        paths = [r.path for r in ig.requests]
        assert f"{IG}/media" in paths and f"{media}/comments" in paths
        assert all(r.authorization == f"Bearer {ig.token}" for r in ig.requests)
        day_metrics = ig.calls(f"{IG}/insights")[0].query["metric"].split(",")
        assert day_metrics == ["follower_count", "reach"] and "impressions" not in day_metrics
        with app.sessions() as s:
            comments = {c.external_id: c for c in s.scalars(select(Comment))}
            reply = comments["18000000000000013"]
            assert reply.parent_external_id == "18000000000000011" and reply.text == "Takk 👍"
            assert comments["18000000000000012"].from_page
            assert comments["18000000000000011"].author_name == "kari_n"
            post = s.scalars(select(Post)).one()
            assert (post.text, post.kind) == ("Sommerjobb hos oss", "IMAGE")
            snaps = {r.post_external_id: r for r in s.scalars(select(MetricSnapshot))}
        account = snaps[""]
        assert (account.followers, account.new_follows, account.reach, account.saves) == (
            8120,
            9,
            640,
            11,
        )
        per_post = snaps[media]
        assert (per_post.views, per_post.reach, per_post.reactions, per_post.saves) == (
            1500,
            1100,
            41,
            7,
        )

        factory = meta_client_factory(app.config, app.secrets)
        assert factory is not None
        with app.sessions() as s:
            row = s.get(Account, "ig-etaten")
        client = factory(row)
        try:
            assert await client.hide_comment("18000000000000011", True, platform="instagram")
            assert await client.hide_comment("18000000000000011", False, platform="instagram")
        finally:
            await client.aclose()
        posts = [r for r in ig.requests if r.method == "POST"]
        assert [r.query for r in posts] == [{"hide": "true"}, {"hide": "false"}]
        assert ig.hidden == {"18000000000000011": False}
    finally:
        await ig.stop()


def test_instagram_login_is_only_for_instagram_accounts(tmp_path: Path) -> None:
    data = yaml.safe_load(EXAMPLE_CONFIG.read_text(encoding="utf-8"))
    data["accounts"][0]["login"] = "instagram"  # a Facebook page
    path = tmp_path / "vaktbot.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(Exception, match="login: instagram is only for"):
        load_config(path)


# --- pollers as tasks -------------------------------------------------------------------------


async def test_pollers_run_as_tasks_until_stopped_and_close_their_client(
    graph: FakeGraph, engine: Engine, tmp_path: Path, monkeypatch
) -> None:
    ig = await FakeGraph(token="IGAA-instagram-user-token").start()
    try:
        ig_setup(ig)
        app = instagram_app(engine, tmp_path, monkeypatch, graph, ig)
        clock = SimulatedClock(datetime(2026, 3, 10, 11, 59, 59, tzinfo=UTC), speed=600)
        app.clock = clock
        clock.begin()
        (poller,) = make_pollers(app)
        clients: list[MetaClient] = []
        make = poller.client
        poller.client = lambda: clients.append(make()) or clients[-1]  # type: ignore[method-assign]
        stop = asyncio.Event()
        task = asyncio.create_task(poller.run(stop))
        while poller.polls < 3:  # a poll every 5 simulated minutes = every 0.5 s
            await asyncio.sleep(0.05)
        stop.set()
        await asyncio.wait_for(task, 5)
        assert len(clients) == 1 and clients[0].closed
        with app.sessions() as s:
            assert len(s.scalars(select(Comment)).all()) == 3  # polled three times, stored once
    finally:
        await ig.stop()


async def test_a_long_poll_stores_what_it_found_on_the_way(
    graph: FakeGraph, sessions: sessionmaker[Session], engine: Engine
) -> None:
    """A paced poll of a large page: the comments of the first posts are stored (and their
    alerts queued) while the rest is still being fetched, not hours later at the end."""
    add_account(sessions, "fb", "facebook", PAGE)
    graph.page_size = 100
    graph.posts[PAGE] = [
        {"id": f"{PAGE}_{k}", "message": f"{k}", "created_time": stamp(NOW - timedelta(hours=k))}
        for k in range(60)
    ]
    for k in range(60):
        graph.comments[f"{PAGE}_{k}"] = [
            {"id": f"c{k}", "message": "Hei?", "from": {"id": f"u{k}", "name": "P"},
             "created_time": stamp(NOW - timedelta(minutes=k))}
        ]  # fmt: skip
    stored_then: list[int] = []

    def look(seen: Seen) -> None:
        if seen.path == f"{PAGE}_59/comments":  # the last post's comments are being fetched
            with engine.connect() as conn:
                stored_then.append(conn.execute(text("SELECT count(*) FROM comments")).scalar_one())

    graph.on_request = look
    parts: list[int] = []
    async with MetaClient(graph.token, base_url=graph.url, sleep=Sleeps()) as client:
        result = await poll_account(
            client, sessions, "fb", NOW, SALT, stored=lambda r: parts.append(len(r.new_comment_ids))
        )
    assert stored_then == [50]  # two batches of 25 posts were in before the last was asked
    assert parts == [25, 25, 10] and result is not None and len(result.new_comment_ids) == 60
    with sessions() as s:
        cursor = s.get(SyncCursor, ("fb", "comments"))
    assert cursor is not None and cursor.cursor == NOW.isoformat()  # the newest of all batches
