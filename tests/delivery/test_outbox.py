"""The outbox and the sender: idempotent keys, retries with backoff until the message's useful
life ends, rate limits, leases."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.delivery import lease
from bot.delivery.attempt import backoff
from bot.delivery.outbox import enqueue, enqueue_update
from bot.delivery.pace import RateLimiter
from bot.delivery.sender import Sender
from bot.messages.model import Message, Section
from bot.store.models import Outbox
from bot.transports.base import PermanentError, Route, Sent, Target, TransientError

T0 = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)


class FakePlatform:
    """A stand-in chat platform that can fail the next N calls the way Slack or Teams does."""

    platform = "slack"
    can_look = True

    def route(self, target: Target) -> Route:
        return Route(f"C-{target.id}")

    def __init__(self) -> None:
        self.posts: list[tuple[str, str, str | None]] = []
        self.updates: list[tuple[str, str]] = []
        self.fail_next: list[Exception] = []
        self.already: dict[str, Sent] = {}

    async def post(self, envelope, message):  # type: ignore[no-untyped-def]
        if self.fail_next:
            raise self.fail_next.pop(0)
        target, thread = envelope.target, envelope.thread
        self.posts.append((str(target), message.text, thread.message_id if thread else None))
        sent = Sent(channel=f"C-{target.id}", message_id=f"{len(self.posts)}.000")
        self.already[envelope.key] = sent
        return sent

    async def update(self, sent, message):  # type: ignore[no-untyped-def]
        if self.fail_next:
            raise self.fail_next.pop(0)
        self.updates.append((sent.message_id, message.text))

    async def find_sent(self, envelope, *, since=None):  # type: ignore[no-untyped-def]
        return self.already.get(envelope.key)


def msg(text: str) -> Message:
    return Message(text=text, blocks=(Section(text),))


def test_same_key_is_queued_once(sessions) -> None:
    with sessions.begin() as s:
        assert enqueue(
            s,
            key="digest:daily:team-1:2026-11-23",
            kind="digest.daily",
            target=Target("channel", "team-1"),
            message=msg("a"),
            now=T0,
        )
        assert not enqueue(
            s,
            key="digest:daily:team-1:2026-11-23",
            kind="digest.daily",
            target=Target("channel", "team-1"),
            message=msg("b"),
            now=T0,
        )
    with sessions() as s:
        rows = s.scalars(select(Outbox)).all()
    assert len(rows) == 1 and rows[0].payload["text"] == "a"


def test_rolled_back_cause_leaves_no_message(sessions) -> None:
    try:
        with sessions.begin() as s:
            enqueue(s, key="k1", kind="x", target="channel:team-1", message=msg("a"), now=T0)
            raise RuntimeError("the state change failed")
    except RuntimeError:
        pass
    with sessions() as s:
        assert s.scalars(select(Outbox)).all() == []


def test_sender_delivers_once_and_records_platform_id(sessions) -> None:
    fake = FakePlatform()
    with sessions.begin() as s:
        enqueue(s, key="k1", kind="x", target="channel:team-1", message=msg("hello"), now=T0)
    sender = Sender(sessions, fake, rng=random.Random(1))
    r1 = asyncio.run(sender.drain(T0))
    r2 = asyncio.run(sender.drain(T0 + timedelta(minutes=5)))
    assert len(r1.sent) == 1 and r2.sent == []
    assert fake.posts == [("channel:team-1", "hello", None)]
    with sessions() as s:
        row = s.scalars(select(Outbox)).one()
    assert (row.status, row.platform_message_id, row.platform_channel) == (
        "sent",
        "1.000",
        "C-team-1",
    )


def test_not_due_yet_waits(sessions) -> None:
    fake = FakePlatform()
    with sessions.begin() as s:
        enqueue(
            s,
            key="k",
            kind="x",
            target="user:kari",
            message=msg("later"),
            now=T0,
            due_at=T0 + timedelta(hours=1),
        )
    sender = Sender(sessions, fake)
    assert asyncio.run(sender.drain(T0)).sent == []
    assert len(asyncio.run(sender.drain(T0 + timedelta(hours=1))).sent) == 1


def test_retry_after_is_honoured_then_delivered(sessions) -> None:
    fake = FakePlatform()
    fake.fail_next = [TransientError("429 rate_limited", retry_after=30)]
    with sessions.begin() as s:
        enqueue(s, key="k", kind="x", target="channel:team-1", message=msg("m"), now=T0)
    sender = Sender(sessions, fake, rng=random.Random(2))
    r = asyncio.run(sender.drain(T0))
    assert r.retried == 1 and fake.posts == []
    with sessions() as s:
        row = s.scalars(select(Outbox)).one()
    assert row.status == "pending" and row.attempts == 1
    assert timedelta(seconds=30) <= row.next_attempt_at - T0 <= timedelta(seconds=31)
    assert asyncio.run(sender.drain(T0 + timedelta(seconds=10))).sent == []
    assert len(asyncio.run(sender.drain(T0 + timedelta(seconds=31))).sent) == 1


def test_retries_until_its_useful_life_ends_then_dead(sessions) -> None:
    fake = FakePlatform()
    fake.fail_next = [TransientError("503")] * 1000
    with sessions.begin() as s:
        enqueue(
            s,
            key="k",
            kind="x",
            target="channel:team-1",
            message=msg("m"),
            now=T0,
            expires_at=T0 + timedelta(hours=3),
        )
    sender = Sender(sessions, fake, rng=random.Random(3))
    now = T0
    while now < T0 + timedelta(hours=3):
        asyncio.run(sender.drain(now))
        now += timedelta(minutes=5)
    with sessions() as s:
        alive = s.scalars(select(Outbox)).one()
    assert alive.status == "pending" and alive.attempts > 10  # not a try count: its life
    asyncio.run(sender.drain(T0 + timedelta(hours=3)))
    with sessions() as s:
        row = s.scalars(select(Outbox)).one()
    assert row.status == "dead" and row.last_error == "expired; last error: 503"
    assert fake.posts == []


def test_permanent_error_fails_at_once(sessions) -> None:
    fake = FakePlatform()
    fake.fail_next = [PermanentError("channel_not_found")]
    with sessions.begin() as s:
        enqueue(s, key="p", kind="x", target="channel:team-9", message=msg("m"), now=T0)
    r = asyncio.run(Sender(sessions, fake).drain(T0))
    assert r.failed == 1
    with sessions() as s:
        row = s.scalars(select(Outbox)).one()
    assert (row.status, row.last_error) == ("failed", "channel_not_found")


def test_backoff_grows_with_jitter_and_respects_retry_after() -> None:
    rng = random.Random(4)
    assert all(0 <= backoff(1, None, rng) <= 2 for _ in range(50))
    assert max(backoff(8, None, rng) for _ in range(200)) > 60
    assert all(backoff(20, None, rng) <= 900 for _ in range(50))
    assert 12 <= backoff(3, 12, rng) <= 13


def test_rate_limit_slack_one_per_second_per_channel() -> None:
    lim = RateLimiter(((1, 1.0),))
    lim.record("channel:team-1", T0)
    assert lim.wait_for("channel:team-1", T0 + timedelta(milliseconds=200)) > 0.7
    assert lim.wait_for("channel:team-2", T0) == 0
    assert lim.wait_for("channel:team-1", T0 + timedelta(seconds=1)) == 0


def test_rate_limit_teams_hourly_cap() -> None:
    lim = RateLimiter(((7, 1.0), (1800, 3600.0)))
    t = T0
    for i in range(1800):
        t = T0 + timedelta(seconds=i * 1.5)
        assert lim.wait_for("c", t) == 0
        lim.record("c", t)
    assert lim.wait_for("c", t + timedelta(seconds=2)) > 0


def test_burst_to_one_channel_is_spread_out(sessions) -> None:
    fake = FakePlatform()
    with sessions.begin() as s:
        for i in range(3):
            enqueue(s, key=f"k{i}", kind="x", target="channel:team-1", message=msg(f"m{i}"), now=T0)
    sender = Sender(sessions, fake)
    assert len(asyncio.run(sender.drain(T0)).sent) == 1
    assert len(asyncio.run(sender.drain(T0 + timedelta(seconds=1))).sent) == 1
    assert len(asyncio.run(sender.drain(T0 + timedelta(seconds=2))).sent) == 1
    assert [p[1] for p in fake.posts] == ["m0", "m1", "m2"]


def test_update_edits_the_original_and_threads_reply(sessions) -> None:
    fake = FakePlatform()
    with sessions.begin() as s:
        enqueue(
            s, key="alert:1", kind="alert.comment", target="user:kari", message=msg("new"), now=T0
        )
        enqueue_update(
            s, ref_key="alert:1", message=msg("Claimed by Kari"), now=T0, version="claim"
        )
        enqueue(
            s,
            key="alert:1:reply",
            kind="x",
            target="user:kari",
            message=msg("thread"),
            now=T0 + timedelta(seconds=1),
            thread_key="alert:1",
        )
    sender = Sender(sessions, fake)
    asyncio.run(sender.drain(T0))
    asyncio.run(sender.drain(T0 + timedelta(seconds=6)))
    assert fake.updates == [("1.000", "Claimed by Kari")]
    assert ("user:kari", "thread", "1.000") in fake.posts


def test_an_edit_of_a_message_that_failed_for_good_is_dropped_not_retried(sessions) -> None:
    fake = FakePlatform()
    fake.fail_next = [PermanentError("slack: channel_not_found")]
    with sessions.begin() as s:
        enqueue(
            s, key="alert:2", kind="alert.comment", target="user:ola", message=msg("new"), now=T0
        )
        enqueue_update(s, ref_key="alert:2", message=msg("Claimed"), now=T0, version="claim")
    sender = Sender(sessions, fake)
    first = asyncio.run(sender.drain(T0))
    assert first.failed == 1 and first.dropped == 1  # the post, and with it its edit
    again = asyncio.run(sender.drain(T0 + timedelta(minutes=5)))
    assert (again.failed, again.dropped, again.deferred) == (0, 0, 0)  # nothing retried
    with sessions() as s:
        rows = {r.key: r for r in s.scalars(select(Outbox))}
    assert rows["alert:2"].status == "failed"
    edit = rows["alert:2#update:claim"]
    assert edit.status == "dropped" and "not delivered" in (edit.last_error or "")
    assert fake.updates == []


def test_two_senders_never_send_the_same_row(sessions) -> None:
    fake = FakePlatform()
    with sessions.begin() as s:
        for i in range(20):
            enqueue(s, key=f"k{i}", kind="x", target=f"user:p{i}", message=msg(str(i)), now=T0)
    a, b = Sender(sessions, fake, owner="a"), Sender(sessions, fake, owner="b")

    async def both() -> None:
        await asyncio.gather(a.drain(T0), b.drain(T0))

    asyncio.run(both())
    assert sorted(p[1] for p in fake.posts) == sorted(str(i) for i in range(20))


def test_expired_lease_is_checked_with_the_platform_before_resending(sessions) -> None:
    fake = FakePlatform()
    with sessions.begin() as s:
        enqueue(s, key="k", kind="x", target="channel:team-1", message=msg("m"), now=T0)
    # a sender claimed the row and started posting, the platform accepted the message, then the
    # process died: the row is left leased and marked as having an attempt in flight
    with sessions.begin() as s:
        row_id = s.scalars(select(Outbox.id)).one()
        [token] = lease.claim(s, [row_id], "crashed", T0).values()
        assert lease.hold(s, row_id, token, T0)
    fake.already["k"] = Sent("C-team-1", "9.000")
    fresh = Sender(sessions, fake, owner="fresh")
    assert asyncio.run(fresh.drain(T0 + timedelta(seconds=30))).sent == []  # lease still held
    report = asyncio.run(fresh.drain(T0 + timedelta(minutes=5)))
    assert len(report.sent) == 1 and fake.posts == []  # recorded, not posted twice
    with sessions() as s:
        assert s.scalars(select(Outbox)).one().platform_message_id == "9.000"
