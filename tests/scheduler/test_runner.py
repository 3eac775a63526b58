"""The scheduler runner: every fire time runs exactly once, in the team's zone, across DST."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import select

from bot.app import App
from bot.config import load_config
from bot.delivery.outbox import enqueue
from bot.messages.model import Message
from bot.store.db import session_factory
from bot.store.models import JobRun, Outbox
from scheduler.job import Job
from scheduler.runner import Runner
from tests.support.paths import EXAMPLE_CONFIG

EXAMPLE = EXAMPLE_CONFIG
OSLO = ZoneInfo("Europe/Oslo")


def make_app(engine) -> App:  # type: ignore[no-untyped-def]
    return App(config=load_config(EXAMPLE), engine=engine, sessions=session_factory(engine))


def morning_job(calls: list[datetime]) -> Job:
    def run(app, session, fire_at):  # type: ignore[no-untyped-def]
        calls.append(fire_at)
        local = fire_at.astimezone(OSLO).date().isoformat()
        enqueue(
            session,
            key=f"test:morning:{local}",
            kind="test.morning",
            target="channel:team-1",
            message=Message(text=f"morning {local}"),
            now=fire_at,
        )

    return Job(name="test.morning", trigger=CronTrigger(hour=8, minute=0, timezone=OSLO), run=run)


def test_fires_at_local_time_across_dst_exactly_once(engine) -> None:
    calls: list[datetime] = []
    app = make_app(engine)
    runner = Runner(app, [morning_job(calls)])
    # minute by minute over the October clock change (2026-10-25 03:00 -> 02:00 in Oslo)
    t = datetime(2026, 10, 23, 0, 0, tzinfo=OSLO).astimezone(UTC)
    end = datetime(2026, 10, 27, 12, 0, tzinfo=OSLO).astimezone(UTC)
    while t < end:
        asyncio.run(runner.run_due(t))
        t += timedelta(minutes=1)
    local = [c.astimezone(OSLO) for c in calls]
    assert [(d.day, d.hour, d.minute) for d in local] == [
        (23, 8, 0),
        (24, 8, 0),
        (25, 8, 0),
        (26, 8, 0),
        (27, 8, 0),
    ]
    utc_hours = [c.astimezone(UTC).hour for c in calls]
    assert utc_hours == [6, 6, 7, 7, 7]  # the UTC offset changed, the local time did not


def test_replayed_tick_and_second_runner_do_nothing(engine) -> None:
    calls: list[datetime] = []
    app = make_app(engine)
    at = datetime(2026, 11, 23, 8, 0, tzinfo=OSLO)
    assert asyncio.run(Runner(app, [morning_job(calls)]).run_due(at)) != []
    assert asyncio.run(Runner(app, [morning_job(calls)]).run_due(at)) == []
    assert asyncio.run(Runner(app, [morning_job(calls)]).run_due(at + timedelta(seconds=30))) == []
    assert len(calls) == 1
    with app.sessions() as s:
        assert len(s.scalars(select(Outbox)).all()) == 1
        assert s.get(JobRun, "test.morning").last_fire_at == at


def test_missed_fires_coalesce_after_downtime(engine) -> None:
    calls: list[datetime] = []
    app = make_app(engine)
    runner = Runner(app, [morning_job(calls)])
    asyncio.run(runner.run_due(datetime(2026, 11, 23, 8, 0, tzinfo=OSLO)))
    # down for two days, back at 09:30 on the 25th: one run, for the 25th's 08:00
    fired = asyncio.run(
        Runner(app, [morning_job(calls)]).run_due(datetime(2026, 11, 25, 9, 30, tzinfo=OSLO))
    )
    assert [f.astimezone(OSLO).day for _, f in fired] == [25]


def test_a_failing_job_is_retried_and_writes_nothing(engine) -> None:
    attempts: list[int] = []

    def run(app, session, fire_at):  # type: ignore[no-untyped-def]
        enqueue(
            session,
            key="x",
            kind="t",
            target="channel:team-1",
            message=Message(text="x"),
            now=fire_at,
        )
        attempts.append(1)
        if len(attempts) == 1:
            raise RuntimeError("boom")

    app = make_app(engine)
    job = Job(name="flaky", trigger=CronTrigger(hour=8, timezone=OSLO), run=run)
    runner = Runner(app, [job])
    at = datetime(2026, 11, 23, 8, 0, tzinfo=OSLO)
    assert asyncio.run(runner.run_due(at)) == []
    with app.sessions() as s:
        assert s.scalars(select(Outbox)).all() == []
    assert len(asyncio.run(runner.run_due(at + timedelta(seconds=30)))) == 1
    with app.sessions() as s:
        assert len(s.scalars(select(Outbox)).all()) == 1
