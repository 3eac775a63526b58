"""Meta Graph API client and polling against a real local fake Graph server."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.sources.meta.budget import UsageBudget
from bot.sources.meta.client import MetaClient
from bot.sources.meta.errors import (
    DeprecatedMetric,
    GraphUnavailable,
    PermissionMissing,
    RateLimited,
    TokenExpired,
)
from bot.sources.meta.facebook import snapshots_from_insights
from bot.sources.meta.poll import hide_on_platform, poll_account, poll_notice
from bot.sources.model import author_hash
from bot.store.models import (
    Account,
    AuditLog,
    Comment,
    MetricSnapshot,
    Post,
    RefusedMetric,
    SyncCursor,
)
from tests.support.fake_graph import FakeGraph

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
SALT = "pepper"
PAGE = "1001"
IG = "17841400000000001"


def stamp(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%S+0000")


def fb_comment(
    cid: str, minutes_ago: int, *, author: str = "u1", parent: str | None = None, text: str = "Hei!"
) -> dict:
    c = {
        "id": cid,
        "message": text,
        "from": {"id": author, "name": f"Person {author}"},
        "created_time": stamp(NOW - timedelta(minutes=minutes_ago)),
        "is_hidden": False,
        "can_hide": True,
        "permalink_url": f"https://facebook.com/{cid}",
    }
    if parent:
        c["parent"] = {"id": parent}
    return c


@pytest.fixture
async def graph() -> AsyncIterator[FakeGraph]:
    fake = await FakeGraph().start()
    yield fake
    await fake.stop()


class Sleeps:
    def __init__(self) -> None:
        self.calls: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


def client_for(graph: FakeGraph, sleeps: Sleeps, **kw: object) -> MetaClient:
    return MetaClient(graph.token, base_url=graph.url, sleep=sleeps, **kw)  # type: ignore[arg-type]


async def test_pagination_follows_next_until_absent(graph: FakeGraph) -> None:
    graph.posts[PAGE] = [
        {"id": f"{PAGE}_{i}", "message": f"post {i}", "created_time": stamp(NOW)} for i in range(5)
    ]
    async with client_for(graph, Sleeps()) as client:
        posts = await client.page_posts(PAGE)
    assert [p["id"] for p in posts] == [f"{PAGE}_{i}" for i in range(5)]
    assert len(graph.calls("/posts")) == 3  # 2 + 2 + 1, the last page has no paging.next
    assert all(r.authorization == f"Bearer {graph.token}" for r in graph.requests)
    assert all("access_token" not in r.query for r in graph.requests)


async def test_comment_request_uses_stream_filter_since_and_fields(graph: FakeGraph) -> None:
    post = f"{PAGE}_1"
    graph.comments[post] = [fb_comment("c_old", 600), fb_comment("c_new", 5)]
    since = NOW - timedelta(hours=1)
    async with client_for(graph, Sleeps()) as client:
        comments = await client.post_comments(post, since)
    assert [c["id"] for c in comments] == ["c_new"]
    q = graph.calls("/comments")[0].query
    assert q["filter"] == "stream"
    assert q["since"] == str(int(since.timestamp()))
    for f in (
        "id",
        "message",
        "from",
        "created_time",
        "parent",
        "is_hidden",
        "can_hide",
        "permalink_url",
    ):
        assert f in q["fields"]


async def test_deprecated_metric_is_a_typed_error(graph: FakeGraph) -> None:
    async with client_for(graph, Sleeps()) as client:
        with pytest.raises(DeprecatedMetric) as err:
            await client.request(
                "GET", f"{PAGE}/insights", {"metric": "page_fans"}, metrics=("page_fans",)
            )
    assert err.value.code == 100 and err.value.metrics == ("page_fans",)
    assert len(graph.requests) == 1  # not retried


async def test_insights_isolate_a_deprecated_metric_and_keep_the_rest(graph: FakeGraph) -> None:
    day = date(2026, 3, 9)
    graph.insights[PAGE] = {"page_follows": {day: 5000}, "page_media_view": {day: 900}}
    async with client_for(graph, Sleeps()) as client:
        data, bad = await client.insights(
            PAGE,
            ("page_follows", "page_fans", "page_media_view"),
            period="day",
            since="2026-03-09",
            until="2026-03-10",
        )
    assert bad == ["page_fans"]
    snaps = snapshots_from_insights("acc", data, source="graph")
    assert [(s.day, s.followers, s.views) for s in snaps] == [(day, 5000, 900)]


async def test_current_page_metric_names_are_requested(graph: FakeGraph) -> None:
    async with client_for(graph, Sleeps()) as client:
        _, bad = await client.page_insights(PAGE, date(2026, 3, 1), date(2026, 3, 10))
    assert bad == []
    metrics = graph.calls("/insights")[0].query["metric"].split(",")
    assert metrics == [
        "page_follows",
        "page_daily_follows_unique",
        "page_total_media_view_unique",
        "page_media_view",
        "page_post_engagements",
    ]
    assert not set(metrics) & {"page_impressions_unique", "page_fans", "page_engaged_users"}


@pytest.mark.parametrize("code", [4, 17, 32, 613, 80001])
async def test_rate_limit_codes_back_off_then_succeed(graph: FakeGraph, code: int) -> None:
    graph.nodes["42"] = {"id": "42"}
    graph.fail("42", code)
    sleeps = Sleeps()
    async with client_for(graph, sleeps, budget=UsageBudget(max_pause=60.0)) as client:
        assert await client.get("42") == {"id": "42"}
    assert sleeps.calls == [60.0]
    assert len(graph.requests) == 2


async def test_rate_limit_waits_for_regain_time_and_gives_up(graph: FakeGraph) -> None:
    usage = (
        '{"1001": [{"type": "pages", "call_count": 100, "total_cputime": 40, '
        '"total_time": 30, "estimated_time_to_regain_access": 7}]}'
    )
    graph.fail("42", 80001, times=10, headers={"X-Business-Use-Case-Usage": usage})
    sleeps = Sleeps()
    async with client_for(graph, sleeps, max_retries=3) as client:
        with pytest.raises(RateLimited):
            await client.get("42")
    assert len(graph.requests) == 4
    assert sleeps.calls[0] == 7 * 60  # the header's estimated_time_to_regain_access (minutes)
    assert len(sleeps.calls) == 3


async def test_high_usage_header_pauses_before_the_next_call(graph: FakeGraph) -> None:
    graph.nodes["42"] = {"id": "42"}
    graph.usage = {
        PAGE: [
            {
                "type": "pages",
                "call_count": 95,
                "total_cputime": 10,
                "total_time": 10,
                "estimated_time_to_regain_access": 0,
            }
        ]
    }
    sleeps = Sleeps()
    async with client_for(graph, sleeps, budget=UsageBudget(max_pause=30)) as client:
        await client.get("42")
        graph.usage = {
            PAGE: [{"type": "pages", "call_count": 20, "total_cputime": 10, "total_time": 10}]
        }
        await client.get("42")
        await client.get("42")
    # 95 % is 90 % of the way from 50 % to 100 %: 0.9² of the 30 s pause at 100 %, once
    assert sleeps.calls == [pytest.approx(30 * 0.9**2)]


async def test_server_errors_and_timeouts_are_retried(graph: FakeGraph) -> None:
    graph.nodes["42"] = {"id": "42"}
    graph.fail("42", status=503, times=2)
    graph.fail("42", 2)  # Graph "unexpected error" code 2, transient
    sleeps = Sleeps()
    async with client_for(graph, sleeps, backoff=0.5) as client:
        assert await client.get("42") == {"id": "42"}
    assert sleeps.calls == [0.5, 1.0, 2.0]

    graph.fail("42", status=200, delay=1.0, times=5)
    async with client_for(graph, sleeps, timeout=0.1, max_retries=1) as client:
        with pytest.raises(GraphUnavailable):
            await client.get("42")


async def test_token_expiry_and_missing_permission(graph: FakeGraph) -> None:
    sleeps = Sleeps()
    async with MetaClient("stale", base_url=graph.url, sleep=sleeps) as client:
        with pytest.raises(TokenExpired) as err:
            await client.page_posts(PAGE)
    assert err.value.code == 190 and err.value.kind == "token_expired"
    assert len(graph.requests) == 1 and sleeps.calls == []
    graph.fail("posts", 200)
    async with client_for(graph, sleeps) as client:
        with pytest.raises(PermissionMissing):
            await client.page_posts(PAGE)


async def test_hide_comment_uses_platform_parameter(graph: FakeGraph) -> None:
    async with client_for(graph, Sleeps()) as client:
        assert await client.hide_comment("fb_c1", True)
        assert await client.hide_comment("ig_c1", True, platform="instagram")
        assert await client.hide_comment("fb_c1", False)
    posts = [r for r in graph.requests if r.method == "POST"]
    assert [r.query for r in posts] == [
        {"is_hidden": "true"},
        {"hide": "true"},
        {"is_hidden": "false"},
    ]
    assert graph.hidden == {"fb_c1": False, "ig_c1": True}


# --- polling into the database ----------------------------------------------------------------


def add_account(sessions: sessionmaker[Session], acc_id: str, platform: str, ext: str) -> None:
    with sessions() as s, s.begin():
        s.add(Account(id=acc_id, platform=platform, external_id=ext, name=acc_id))


def setup_page(graph: FakeGraph) -> None:
    post = f"{PAGE}_1"
    graph.posts[PAGE] = [
        {
            "id": post,
            "message": "Velkommen",
            "created_time": stamp(NOW - timedelta(days=1)),
            "permalink_url": "https://facebook.com/p1",
            "status_type": "added_photos",
        }
    ]
    graph.comments[post] = [
        fb_comment("c1", 90),
        fb_comment("c2", 60, author="u2", parent="c1"),
        fb_comment("c3", 30, author=PAGE),
    ]
    yesterday = NOW.date() - timedelta(days=1)
    graph.insights[PAGE] = {
        "page_follows": {yesterday - timedelta(days=1): 4990, yesterday: 5000},
        "page_total_media_view_unique": {yesterday: 1200},
        "page_media_view": {yesterday: 3000},
        "page_post_engagements": {yesterday: 77},
    }
    graph.insights[post] = {
        "post_total_media_view_unique": {None: 800},
        "post_reactions_by_type_total": {None: {"like": 40, "love": 2}},
        "post_clicks": {None: 13},
    }


async def test_poll_facebook_ingests_once_and_moves_cursor(
    graph: FakeGraph, sessions: sessionmaker[Session]
) -> None:
    add_account(sessions, "fb", "facebook", PAGE)
    setup_page(graph)
    async with client_for(graph, Sleeps()) as client:
        first = await poll_account(client, sessions, "fb", NOW, SALT)
        assert (
            first is not None
            and first.error is None
            and len(first.new_comment_ids) == 3
            and first.posts_added == 1
        )
        with sessions() as s:
            rows = {c.external_id: c for c in s.scalars(select(Comment))}
            assert rows["c2"].parent_external_id == "c1"
            assert rows["c3"].from_page and not rows["c1"].from_page
            assert rows["c1"].author_hash == author_hash("u1", SALT)
            assert rows["c1"].labels is None and rows["c1"].received_at == NOW
            cur = s.get(SyncCursor, ("fb", "comments"))
            assert cur is not None and cur.cursor == (NOW - timedelta(minutes=30)).isoformat()
            snap = s.scalars(
                select(MetricSnapshot).where(
                    MetricSnapshot.post_external_id == "",
                    MetricSnapshot.day == NOW.date() - timedelta(days=1),
                )
            ).one()
            assert (snap.followers, snap.reach, snap.views) == (5000, 1200, 3000)
            post_snap = s.scalars(
                select(MetricSnapshot).where(MetricSnapshot.post_external_id == f"{PAGE}_1")
            ).one()
            assert (post_snap.reach, post_snap.reactions, post_snap.clicks) == (800, 42, 13)
            assert s.get(SyncCursor, ("fb", "insights")).cursor == "2026-03-09"  # type: ignore[union-attr]

        graph.requests.clear()
        later = NOW + timedelta(minutes=10)
        second = await poll_account(client, sessions, "fb", later, SALT)
        assert second is not None and second.new_comment_ids == [] and second.snapshots == 0
        since = int((NOW - timedelta(minutes=30) - timedelta(minutes=10)).timestamp())
        assert graph.calls("/comments")[0].query["since"] == str(since)
        assert graph.calls("/insights") == []  # the day is already done
        with sessions() as s:
            assert s.scalar(select(func.count()).select_from(Comment)) == 3
            assert s.scalar(select(func.count()).select_from(Post)) == 1


async def test_poll_errors_notify_once_and_store_nothing(
    graph: FakeGraph, sessions: sessionmaker[Session]
) -> None:
    add_account(sessions, "fb", "facebook", PAGE)
    setup_page(graph)
    async with MetaClient("expired", base_url=graph.url, sleep=Sleeps()) as client:
        notes = []
        for i in range(3):
            res = await poll_account(client, sessions, "fb", NOW + timedelta(minutes=i), SALT)
            assert res is not None and isinstance(res.error, TokenExpired)
            notes.append(res.notify)
            if i == 0:
                first_error = res
    assert notes == ["token_expired", None, None]
    msg = poll_notice("nb", "Kommunen", first_error, token_env="FB_PAGE_TOKEN")
    assert msg is not None and "Kommunen" in msg and "FB_PAGE_TOKEN" in msg and "utløpt" in msg
    assert poll_notice("sv", "Kommunen", res) is None  # the third poll: said already
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(Comment)) == 0
        cur = s.get(SyncCursor, ("fb", "comments"))
        assert cur is not None and cur.cursor is None and cur.last_error == "token_expired"
    async with client_for(graph, Sleeps()) as client:
        res = await poll_account(client, sessions, "fb", NOW, SALT)
    assert res is not None and res.notify == "recovered" and len(res.new_comment_ids) == 3
    assert "fungerar igen" in (poll_notice("sv", "Kommunen", res) or "")


async def test_poll_reports_deprecated_metrics_once(
    graph: FakeGraph, sessions: sessionmaker[Session]
) -> None:
    add_account(sessions, "fb", "facebook", PAGE)
    setup_page(graph)
    graph.deprecated = frozenset({"page_media_view"})  # as if Meta retired another metric
    async with client_for(graph, Sleeps()) as client:
        res = await poll_account(client, sessions, "fb", NOW, SALT)
    assert (
        res is not None
        and res.deprecated == ["page_media_view"]
        and res.notify == "deprecated_metric"
    )
    assert "page_media_view" in (poll_notice("en", "Kommunen", res) or "")
    with sessions() as s:
        snap = s.scalars(
            select(MetricSnapshot).where(
                MetricSnapshot.post_external_id == "",
                MetricSnapshot.day == NOW.date() - timedelta(days=1),
            )
        ).one()
        assert snap.followers == 5000 and snap.views is None
        cur = s.get(SyncCursor, ("fb", "insights"))
        assert cur is not None and cur.last_error == "refused:page_media_view"
        refused = s.get(RefusedMetric, ("fb", "page_media_view"))
        assert refused is not None and refused.retry_at == NOW + timedelta(days=7)


async def test_poll_instagram_media_comments_replies_and_insights(
    graph: FakeGraph, sessions: sessionmaker[Session]
) -> None:
    add_account(sessions, "ig", "instagram", IG)
    media = "18000000000000001"
    graph.media[IG] = [
        {
            "id": media,
            "caption": "Sommer",
            "timestamp": stamp(NOW - timedelta(days=2)),
            "permalink": "https://instagram.com/p/x",
            "media_type": "IMAGE",
        }
    ]
    graph.comments[media] = [
        {
            "id": "ig1",
            "text": "Fint!",
            "timestamp": stamp(NOW - timedelta(hours=2)),
            "username": "kari",
            "from": {"id": "900", "username": "kari"},
            "hidden": False,
        },
        {
            "id": "ig2",
            "text": "Takk",
            "timestamp": stamp(NOW - timedelta(hours=1)),
            "username": "etat",
            "from": {"id": IG, "username": "etat"},
            "parent_id": "ig1",
        },
    ]
    yesterday = NOW.date() - timedelta(days=1)
    graph.nodes[IG] = {"id": IG, "username": "etat", "followers_count": 12345}
    graph.insights[IG] = {
        "reach": {yesterday: 700},
        "views": {yesterday: 2100},
        "likes": {yesterday: 55},
        "comments": {yesterday: 6},
        "shares": {yesterday: 3},
        "follower_count": {yesterday: 12},
    }
    async with client_for(graph, Sleeps()) as client:
        res = await poll_account(client, sessions, "ig", NOW, SALT)
    assert res is not None and res.error is None and len(res.new_comment_ids) == 2
    totals = [r for r in graph.calls("/insights") if r.query.get("metric_type") == "total_value"]
    assert totals and totals[0].query["metric"] == "views,likes,comments,shares,saves,replies"
    with sessions() as s:
        rows = {c.external_id: c for c in s.scalars(select(Comment))}
        assert rows["ig2"].parent_external_id == "ig1" and rows["ig2"].from_page
        snap = s.scalars(select(MetricSnapshot).where(MetricSnapshot.day == yesterday)).one()
        assert (
            snap.followers,
            snap.new_follows,  # follower_count: the followers gained that day
            snap.reach,
            snap.views,
            snap.reactions,
            snap.comments,
            snap.shares,
        ) == (12345, 12, 700, 2100, 55, 6, 3)


async def test_hide_on_platform_marks_and_audits(
    graph: FakeGraph, sessions: sessionmaker[Session]
) -> None:
    add_account(sessions, "fb", "facebook", PAGE)
    setup_page(graph)
    async with client_for(graph, Sleeps()) as client:
        res = await poll_account(client, sessions, "fb", NOW, SALT)
        assert res is not None
        cid = res.new_comment_ids[0]
        assert await hide_on_platform(client, sessions, cid, True, actor="anna", now=NOW)
    with sessions() as s:
        comment = s.get(Comment, cid)
        assert comment is not None and comment.is_hidden
        assert graph.hidden[comment.external_id] is True
        audit = s.scalars(select(AuditLog)).one()
        assert (audit.actor, audit.action, audit.subject) == (
            "anna",
            "comment.hide",
            f"comment:{cid}",
        )
