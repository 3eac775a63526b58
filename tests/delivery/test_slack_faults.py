"""Delivery to a fake Slack that enforces 1 message per second per channel and injects faults:
every case of issue 13's table ends with every idempotency key posted exactly once - nothing
lost, nothing twice - on SQLite and on PostgreSQL. The fake reads the test's clock, so pacing and
storms run in simulated seconds (the two-replica case runs on the real clock)."""

from __future__ import annotations

import asyncio
import random
from collections import Counter, defaultdict
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.app import App
from bot.delivery import lease
from bot.delivery.admin import outbox_stats
from bot.delivery.attempt import Attempts, DeliveryReport, Item
from bot.delivery.outbox import enqueue
from bot.delivery.pace import PACES, Pacer
from bot.delivery.sender import Sender
from bot.store.models import Outbox
from bot.transports.base import Envelope, Route, Target
from bot.transports.slack.transport import SlackTransport
from scheduler.health import watch
from tests.support.fake_slack import FakeSlack
from tests.support.outbox_bed import (
    T0,
    ManualClock,
    fill,
    run_until_delivered,
    shared_channels_config,
    slack_app,
    statuses,
    target_of,
    text_of,
)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
async def fake(clock: ManualClock) -> AsyncIterator[FakeSlack]:
    server = await FakeSlack(clock=clock.seconds).start()
    server.pace(rate=1.0, burst=2)  # Slack: 1 message per second per channel, short bursts
    yield server
    await server.stop()


def bed(db_url: str, fake: FakeSlack, teams: int, channels: int) -> App:
    return slack_app(db_url, shared_channels_config(teams, channels), fake.api_url)


def sender(app: App, *, timeout: int = 15, **kw: object) -> Sender:
    transport = SlackTransport.from_app(app, timeout=timeout)
    return Sender(app.sessions, transport, rng=random.Random(13), **kw)  # type: ignore[arg-type]


def teams(n: int) -> list[str]:
    return [f"channel:team-{i}" for i in range(n)]


def assert_exactly_once(fake: FakeSlack, keys: list[str]) -> None:
    posted = fake.posted_keys()
    assert sorted(posted) == sorted(keys), "lost or unexpected keys"
    assert {k: n for k, n in posted.items() if n != 1} == {}, "posted twice"


def channel_order(fake: FakeSlack) -> dict[str, list[str]]:
    """Per channel: the keys in the order Slack took them."""
    out: dict[str, list[str]] = defaultdict(list)
    for call in fake.of("chat.postMessage"):
        out[call.args["channel"]].append(call.args["metadata"]["event_payload"]["key"])
    return out


async def test_thirty_messages_for_one_channel_leave_at_one_per_second(
    db_url: str, fake: FakeSlack, clock: ManualClock
) -> None:
    app = bed(db_url, fake, teams=1, channels=1)
    keys = fill(app.sessions, teams(1), 30, T0)
    report, passes = await run_until_delivered([sender(app)], clock)
    assert_exactly_once(fake, keys)
    assert fake.ratelimited() == 0
    assert channel_order(fake)["C00000"] == keys  # in the order they were written
    times = sorted(d.sent_at for d in report.sent)
    # one a second from the first: 29 s for 30 messages, not one per 30-second tick
    assert times == [T0 + timedelta(seconds=i) for i in range(30)]
    assert passes == 30  # the sender woke exactly when the next one was due


async def test_a_hundred_teams_sharing_ten_channels_are_paced_per_real_channel(
    db_url: str, fake: FakeSlack, clock: ManualClock
) -> None:
    app = bed(db_url, fake, teams=100, channels=10)
    keys = fill(app.sessions, teams(100), 1, T0)
    report, _ = await run_until_delivered([sender(app)], clock)
    assert_exactly_once(fake, keys)
    assert fake.ratelimited() == 0  # the pace is kept per Slack channel, not per team
    order = channel_order(fake)
    assert sorted(order) == [f"C{c:05d}" for c in range(10)]
    for c in range(10):  # ten in a row per channel, in the order they were written
        assert order[f"C{c:05d}"] == [f"k:channel:team-{t}:0" for t in range(c, 100, 10)]
    # all ten channels at once: the tenth message of each channel goes 9 s after the first
    assert max(d.sent_at for d in report.sent) == T0 + timedelta(seconds=9)


async def test_connection_dropped_after_slack_posted_is_looked_up_not_reposted(
    db_url: str, fake: FakeSlack, clock: ManualClock
) -> None:
    app = bed(db_url, fake, teams=20, channels=20)
    keys = fill(app.sessions, teams(20), 10, T0)
    fake.drop("chat.postMessage", rate=0.2, seed=13)  # 20 % of the posts
    report, _ = await run_until_delivered([sender(app)], clock)
    assert_exactly_once(fake, keys)
    assert len(fake.of("chat.postMessage")) == len(keys)  # no post was repeated
    assert 20 <= report.found <= 60  # the dropped ones, found by their metadata
    assert statuses(app.sessions) == {"sent": 200}


async def test_slack_hanging_past_the_client_timeout_posts_each_key_once(
    db_url: str, fake: FakeSlack, clock: ManualClock
) -> None:
    app = bed(db_url, fake, teams=5, channels=5)
    keys = fill(app.sessions, teams(5), 2, T0)
    fake.hang("chat.postMessage", seconds=2.0, times=5)  # the client gives up after 1 s
    report, _ = await run_until_delivered([sender(app, timeout=1)], clock)
    assert_exactly_once(fake, keys)
    assert report.found == 5 and len(fake.of("chat.postMessage")) == len(keys)


async def test_a_5xx_after_slack_posted_is_looked_up_first(
    db_url: str, fake: FakeSlack, clock: ManualClock
) -> None:
    app = bed(db_url, fake, teams=3, channels=3)
    keys = fill(app.sessions, teams(3), 3, T0)
    fake.fail("chat.postMessage", status=500, times=4, after=True)  # posted, then 500
    fake.fail("chat.postMessage", status=503, times=2)  # refused outright
    report, _ = await run_until_delivered([sender(app)], clock)
    assert_exactly_once(fake, keys)
    assert report.found == 4


async def test_history_rate_limited_during_crash_recovery_keeps_the_rows_until_it_can_look(
    db_url: str, fake: FakeSlack, clock: ManualClock
) -> None:
    app = bed(db_url, fake, teams=10, channels=10)
    keys = fill(app.sessions, teams(10), 1, T0)
    # a sender claimed every row and started posting; Slack took six of them, then the
    # process was killed: the rows keep their lease and the in-flight mark
    with app.sessions.begin() as s:
        ids = list(s.scalars(select(Outbox.id)))
        for row_id, token in lease.claim(s, ids, "killed", T0).items():
            assert lease.hold(s, row_id, token, T0)
    transport = SlackTransport.from_app(app)
    for key in keys[:6]:
        await transport.post(Envelope(Target.parse(target_of(key)), key), text_of(key))
    clock.to(T0 + lease.LEASE + timedelta(seconds=1))  # the killed sender's leases run out
    fake.storm("conversations.history", retry_after=20, seconds=300)  # 5 minutes of 429
    survivor = sender(app)
    during = await survivor.drain(clock())
    assert during.sent == [] and len(fake.of("chat.postMessage")) == 6  # nothing posted blind
    with app.sessions() as s:
        rows = s.scalars(select(Outbox)).all()
    assert all(r.status == "pending" and r.check_first for r in rows)  # kept, still to look
    assert {r.last_error for r in rows} == {"lookup: slack: ratelimited"}
    report, _ = await run_until_delivered([survivor], clock)
    assert_exactly_once(fake, keys)
    assert report.found == 6
    assert min(d.sent_at for d in report.sent) >= T0 + lease.LEASE + timedelta(seconds=300)


async def test_a_thirteen_minute_429_storm_loses_nothing(
    db_url: str, fake: FakeSlack, clock: ManualClock
) -> None:
    app = bed(db_url, fake, teams=5, channels=5)
    keys = fill(app.sessions, teams(5), 1, T0)
    fake.storm("chat.postMessage", retry_after=30, seconds=13 * 60)
    seen = []

    async def watch() -> None:
        with app.sessions() as s:
            seen.append(outbox_stats(s, clock()))

    report, _ = await run_until_delivered([sender(app)], clock, between=watch)
    assert_exactly_once(fake, keys)
    assert report.dead == 0 and statuses(app.sessions) == {"sent": 5}
    assert fake.ratelimited() >= 5 * 20  # every row sat through the whole storm
    during = [st for st in seen if st.pending == 5]
    assert max(st.oldest_seconds for st in during) >= 12 * 60  # and the gauges said so
    assert all(st.dead == 0 for st in seen)


async def test_two_replicas_with_a_slow_slack_never_post_a_row_twice(db_url: str) -> None:
    """Two senders on one database behind a Slack so slow that a pass lasts several times the
    lease: renewed leases keep their rows, and the fence stops a sender that lost one anyway."""
    fake = await FakeSlack(latency=0.05).start()  # real time
    config = shared_channels_config(100, 100)
    one, two = slack_app(db_url, config, fake.api_url), slack_app(db_url, config, fake.api_url)
    try:
        keys = fill(one.sessions, teams(100), 3, datetime.now(UTC))
        term = timedelta(seconds=0.3)  # 40 posts a pass, 4 at a time, 50 ms each: ~0.5 s
        a = sender(one, owner="replica-a", lease_term=term, concurrency=4, batch=40)
        b = sender(two, owner="replica-b", lease_term=term, concurrency=4, batch=40)
        by: dict[str, int] = {}
        for _ in range(100):
            now = datetime.now(UTC)
            ra, rb = await asyncio.gather(a.drain(now), b.drain(now))
            by["a"], by["b"] = by.get("a", 0) + len(ra.sent), by.get("b", 0) + len(rb.sent)
            nxt = a.next_due()
            if nxt is None:
                break
            await asyncio.sleep(max((nxt - datetime.now(UTC)).total_seconds(), 0.01))
        assert_exactly_once(fake, keys)
        assert by["a"] > 0 and by["b"] > 0 and by["a"] + by["b"] == 300
    finally:
        await fake.stop()
        one.engine.dispose()
        two.engine.dispose()


async def test_a_sender_whose_lease_was_taken_over_does_not_post(
    db_url: str, fake: FakeSlack, clock: ManualClock
) -> None:
    """Replica A claims a row and stalls (a stopped VM, a long pause) past its lease; replica B
    takes the row over and posts it. When A wakes, the fence refuses its stale token."""
    app = bed(db_url, fake, teams=1, channels=1)
    [key] = fill(app.sessions, teams(1), 1, T0)
    with app.sessions.begin() as s:
        row = s.scalars(select(Outbox)).one()
        [stale] = lease.claim(s, [row.id], "replica-a", T0).values()
    later = T0 + lease.LEASE + timedelta(seconds=1)
    taken_over = await sender(app, owner="replica-b").drain(later)
    assert [d.key for d in taken_over.sent] == [key]
    stalled = Attempts(
        app.sessions,
        SlackTransport.from_app(app),
        Pacer(PACES["slack"]),
        random.Random(1),
        DeliveryReport(),
        asyncio.Semaphore(1),
        lambda: later,
    )
    item = Item.of(row, Route("C00000"), later + timedelta(hours=1))
    item.token = stale
    assert (await stalled.run(item, later)).status == "lost"
    assert_exactly_once(fake, [key])
    with app.sessions() as s:
        assert s.scalars(select(Outbox.lease_token)).one() == stale + 1


async def test_a_storm_longer_than_their_useful_life_kills_messages_and_tells_admins_once(
    db_url: str, fake: FakeSlack, clock: ManualClock
) -> None:
    app = bed(db_url, fake, teams=3, channels=3)
    with app.sessions.begin() as s:
        for i in range(3):  # digests worth sending until 20 minutes after they were due
            enqueue(s, key=f"digest:{i}", kind="digest.daily", target=f"channel:team-{i}",
                    message=text_of(f"digest:{i}"), now=T0,
                    expires_at=T0 + timedelta(minutes=20))  # fmt: skip
    fake.storm("chat.postMessage", retry_after=60, seconds=3600)
    out = sender(app)
    while clock() < T0 + timedelta(minutes=25):
        await out.drain(clock())
        clock.to(min(out.next_due() or clock(), T0 + timedelta(minutes=25)))
        clock.to(clock() + timedelta(seconds=1))
    assert statuses(app.sessions) == {"dead": 3}
    assert fake.posted_keys() == Counter()
    with app.sessions.begin() as s:
        watch(app, s, clock())
    with app.sessions.begin() as s:
        watch(app, s, clock() + timedelta(minutes=5))  # the same dead rows: not told again
    with app.sessions() as s:
        [notice] = s.scalars(select(Outbox).where(Outbox.kind == "health.notice")).all()
    assert notice.target == "user:p0"  # no admin configured: the first team's lead
    text, blocks = notice.payload["text"], str(notice.payload["blocks"])
    assert "ikke levert: 3" in text
    assert "sluttet å prøve: 3" in blocks and "oversikter" in blocks
    assert "vaktbot outbox resend --all" in blocks
    with app.sessions() as s:
        rows = s.scalars(select(Outbox).where(Outbox.kind == "digest.daily")).all()
    assert {r.last_error for r in rows} == {"expired; last error: slack: ratelimited"}
