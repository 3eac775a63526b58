"""Delivery to a fake Bot Connector that injects faults. What Teams refused (429 storms, a 5xx
before it took the activity) goes out exactly once, however long it takes; the conversation
pace (7 per second, 8 per 2 s, ...) is kept; two replicas never post a row twice. An activity
the connector took without the answer reaching us (a dropped connection, a hang, a 5xx after
taking it) cannot be looked up on Teams: it is posted once more, which is exactly the window
README.md documents - never more than once more, and never lost."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

import tests.support.fake_connector as fk
from bot.app import App
from bot.delivery.sender import Sender
from bot.settings import Secrets
from bot.store.db import make_engine, session_factory
from bot.transports.teams import store
from bot.transports.teams.adapter import RetryPolicy
from bot.transports.teams.transport import TeamsTransport
from tests.support.fake_connector import FakeConnector
from tests.support.outbox_bed import (
    T0,
    ManualClock,
    fill,
    run_until_delivered,
    shared_channels_config,
    statuses,
)


def channel_id(i: int) -> str:
    return f"19:channel-{i}@thread.tacv2"


def teams_app(db_url: str, channels: int, service_url: str) -> App:
    config = shared_channels_config(channels, channels)
    teams = [
        t.model_copy(update={"channel": t.channel.model_copy(update={"teams": channel_id(i)})})
        for i, t in enumerate(config.teams)
    ]
    config = config.model_copy(update={"teams": teams})
    engine = make_engine(db_url)
    secrets = Secrets(VAKTBOT_PLATFORM="teams", MicrosoftAppTenantId=fk.TENANT)  # type: ignore[call-arg]
    app = App(config=config, engine=engine, sessions=session_factory(engine), secrets=secrets)
    reference = {  # the bot was installed in the first channel; the others borrow its address
        "bot": dict(fk.BOT),
        "conversation": {"id": channel_id(0), "conversationType": "channel", "isGroup": True,
                         "tenantId": fk.TENANT},
        "channelId": "msteams",
        "serviceUrl": service_url,
    }  # fmt: skip
    with app.sessions.begin() as s:
        store.save_reference(
            s,
            address=channel_id(0),
            scope="channel",
            user_id=None,
            tenant_id=fk.TENANT,
            data={"ref": reference},
            now=T0,
        )
    return app


async def no_sleep(seconds: float) -> None:
    return None


def sender(app: App, *, timeout: float = 30.0, **kw: object) -> Sender:
    retry = RetryPolicy(sleep=no_sleep, rng=random.Random(1), timeout=timeout)
    transport = TeamsTransport(app, retry=retry)
    return Sender(app.sessions, transport, rng=random.Random(13), **kw)  # type: ignore[arg-type]


def texts(keys: list[str]) -> list[str]:
    return [f"message {k}" for k in keys]


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
async def fc(clock: ManualClock) -> AsyncIterator[FakeConnector]:
    server = await FakeConnector(clock=clock.seconds).start()
    yield server
    await server.stop()


async def test_refusals_and_a_long_429_storm_end_exactly_once(
    db_url: str, fc: FakeConnector, clock: ManualClock
) -> None:
    app = teams_app(db_url, 5, fc.url)
    keys = fill(app.sessions, [f"channel:team-{i}" for i in range(5)], 2, T0)
    fc.fail_next(503, times=3)  # refused before the connector took anything
    fc.storm(retry_after=30, seconds=13 * 60)
    report, _ = await run_until_delivered([sender(app)], clock)
    assert fc.sent_texts() == {t: 1 for t in texts(keys)}
    assert report.dead == 0 and statuses(app.sessions) == {"sent": 10}
    assert min(d.sent_at for d in report.sent) >= T0 + timedelta(minutes=13)


async def test_the_conversation_pace_is_kept(
    db_url: str, fc: FakeConnector, clock: ManualClock
) -> None:
    app = teams_app(db_url, 1, fc.url)
    keys = fill(app.sessions, ["channel:team-0"], 30, T0)
    report, _ = await run_until_delivered([sender(app)], clock)
    assert fc.sent_texts() == {t: 1 for t in texts(keys)}
    times = sorted(d.sent_at for d in report.sent)
    for limit, window in ((7, 1.0), (8, 2.0)):
        for i in range(len(times) - limit):
            assert (times[i + limit] - times[i]).total_seconds() >= window
    assert times[-1] - times[0] < timedelta(seconds=8)  # 30 at Teams' pace, not Slack's


async def test_an_answer_lost_after_teams_took_the_activity_is_posted_once_more(
    db_url: str, fc: FakeConnector, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    app = teams_app(db_url, 4, fc.url)
    keys = fill(app.sessions, [f"channel:team-{i}" for i in range(4)], 5, T0)
    fc.drop(times=2)
    fc.fail_next(502, times=1, after=True)
    caplog.set_level(logging.WARNING, "vaktbot.delivery")
    report, _ = await run_until_delivered([sender(app)], clock)
    counts = fc.sent_texts()
    assert sorted(counts) == sorted(texts(keys))  # nothing lost
    twice = sorted(t for t, n in counts.items() if n == 2)
    assert len(twice) == 3 and all(n in (1, 2) for n in counts.values())  # the window, no more
    unknown = [r for r in caplog.records if "cannot be asked: posting again" in r.getMessage()]
    assert sorted(f"message {r.key}" for r in unknown) == twice  # type: ignore[attr-defined]
    assert statuses(app.sessions) == {"sent": 20} and report.found == 0


async def test_a_hang_past_the_timeout_is_bounded_by_it(
    db_url: str, fc: FakeConnector, clock: ManualClock
) -> None:
    app = teams_app(db_url, 2, fc.url)
    keys = fill(app.sessions, ["channel:team-0", "channel:team-1"], 1, T0)
    fc.hang(seconds=2.0, times=1)
    await run_until_delivered([sender(app, timeout=0.5)], clock)
    counts = fc.sent_texts()
    assert sorted(counts) == sorted(texts(keys)) and sorted(counts.values()) == [1, 2]


async def test_two_replicas_never_post_a_row_twice(db_url: str) -> None:
    fc = await FakeConnector(latency=0.03).start()  # real time
    one = teams_app(db_url, 50, fc.url)
    engine = make_engine(db_url)
    two = App(config=one.config, engine=engine, sessions=session_factory(engine),
              secrets=one.secrets)  # fmt: skip
    try:
        keys = fill(one.sessions, [f"channel:team-{i}" for i in range(50)], 2, datetime.now(UTC))
        term = timedelta(seconds=0.3)
        a = sender(one, owner="replica-a", lease_term=term, concurrency=4, batch=30)
        b = sender(two, owner="replica-b", lease_term=term, concurrency=4, batch=30)
        for _ in range(100):
            now = datetime.now(UTC)
            await asyncio.gather(a.drain(now), b.drain(now))
            nxt = a.next_due()
            if nxt is None:
                break
            await asyncio.sleep(max((nxt - datetime.now(UTC)).total_seconds(), 0.01))
        assert fc.sent_texts() == {t: 1 for t in texts(keys)}
    finally:
        await fc.stop()
        one.engine.dispose()
        engine.dispose()
