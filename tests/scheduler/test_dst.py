"""Every fire-time computation is bounded, across every DST change 2000-2040 in the Nordic zones.

For every job trigger the scheduler registers (the example organisation, with its times moved
into the hours the clocks skip or repeat, and a polled account), in Oslo, Stockholm, Copenhagen
and Helsinki, around each clock change: the fire times step strictly forward, a wall-clock job
fires once per local day, ``latest_fire`` agrees with a brute-force walk, and a runner whose last
fire is just before the change catches up a gap of weeks with a handful of trigger calls.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from apscheduler.triggers.cron import CronTrigger

from bot.app import App
from bot.config import Config, load_config
from bot.runtime.pollers import next_poll
from bot.store.db import session_factory
from bot.store.models import JobRun
from scheduler.job import Job
from scheduler.jobs import all_jobs
from scheduler.runner import Runner, latest_fire, next_fire
from tests.support.paths import EXAMPLE_CONFIG

EXAMPLE = EXAMPLE_CONFIG
ZONES = ("Europe/Oslo", "Europe/Stockholm", "Europe/Copenhagen", "Europe/Helsinki")


def transitions(zone: str, first: int = 2000, last: int = 2040) -> list[datetime]:
    """UTC instants at which the zone's offset changes (found by day, then bisected)."""
    tz = ZoneInfo(zone)
    out: list[datetime] = []
    t = datetime(first, 1, 1, tzinfo=UTC)
    end = datetime(last + 1, 1, 1, tzinfo=UTC)
    while t < end:
        nxt = t + timedelta(days=1)
        if t.astimezone(tz).utcoffset() != nxt.astimezone(tz).utcoffset():
            lo, hi = t, nxt
            while hi - lo > timedelta(minutes=1):
                mid = lo + (hi - lo) / 2
                if lo.astimezone(tz).utcoffset() == mid.astimezone(tz).utcoffset():
                    lo = mid
                else:
                    hi = mid
            out.append(hi.replace(second=0, microsecond=0))
        t = nxt
    return out


def config_in(zone: str) -> Config:
    """The example organisation in ``zone``, with its daily times inside the DST hours."""
    base = load_config(EXAMPLE)
    local_changes = {"Europe/Helsinki": ("03:30", "04:00")}.get(zone, ("02:30", "03:00"))
    data: dict[str, Any] = base.model_dump(mode="json", by_alias=True)
    data["organisation"]["timezone"] = zone
    data["digest"]["daily_time"] = local_changes[0]
    data["plan"]["morning_time"] = local_changes[1]
    data["accounts"][0]["token_env"] = "PAGE_TOKEN_TEST"
    data["accounts"][0]["poll_minutes"] = 7
    return Config.model_validate(data)


@cache
def jobs_in(zone: str) -> tuple[Job, ...]:
    return tuple(all_jobs(config_in(zone)))


class Counting:
    """A trigger that counts how often it is asked (the runner's work is bounded by that)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.calls = 0

    def get_next_fire_time(self, prev: datetime | None, now: datetime) -> datetime | None:
        self.calls += 1
        return self.inner.get_next_fire_time(prev, now)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def walk(trigger: Any, lo: datetime, hi: datetime) -> list[datetime]:
    out: list[datetime] = []
    t = next_fire(trigger, lo)
    while t is not None and t <= hi:
        assert not out or t > out[-1]
        out.append(t)
        assert len(out) < 5_000
        t = next_fire(trigger, t)
    return out


def test_every_zone_has_two_changes_a_year() -> None:
    for zone in ZONES:
        found = transitions(zone)
        assert len(found) == 82, zone
        assert all(t.month in (3, 10) for t in found)


def test_the_configured_jobs_are_cron_jobs_and_polling_is_not_one_of_them() -> None:
    jobs = jobs_in("Europe/Oslo")
    assert {type(j.trigger).__name__ for j in jobs} == {"CronTrigger"}
    # polling runs in its own tasks beside the loop (bot.runtime.pollers), never in a tick
    assert not [j.name for j in jobs if j.name.startswith("sources.poll")]


@pytest.mark.parametrize("zone", ZONES)
def test_poll_fire_times_step_evenly_through_every_change(zone: str) -> None:
    """Pollers fire on a UTC grid: every 10 minutes through a clock change, none skipped or
    repeated in the hour the clocks go back."""
    for change in transitions(zone):
        at, fires = change - timedelta(hours=2), []
        while at < change + timedelta(hours=2):
            at = next_poll(at, 10)
            fires.append(at)
        assert all(b - a == timedelta(minutes=10) for a, b in zip(fires, fires[1:], strict=False))
        assert len(fires) == 24


@pytest.mark.parametrize("zone", ZONES)
def test_fire_times_step_forward_around_every_change(zone: str) -> None:
    tz = ZoneInfo(zone)
    checked = 0
    for change in transitions(zone):
        for job in jobs_in(zone):
            fires = walk(job.trigger, change - timedelta(hours=3), change + timedelta(hours=3))
            for a, b in zip(fires, fires[1:], strict=False):
                assert b > a
            # latest_fire agrees with the brute-force walk for points around the change
            for offset in (-61, -1, 0, 1, 30, 59, 61, 120):
                hi = change + timedelta(minutes=offset)
                lo = change - timedelta(hours=3)
                expected = [f for f in fires if f <= hi]
                assert latest_fire(job.trigger, lo, hi) == (expected[-1] if expected else None)
            checked += 1
        # wall-clock jobs: once per local day, at their local time (or just after a skipped one)
        for job in jobs_in(zone):
            trig = job.trigger
            if not isinstance(trig, CronTrigger) or str(trig.fields[5]) == "*":
                continue  # fields: year, month, day, week, day_of_week, hour, minute, second
            fires = walk(trig, change - timedelta(days=2), change + timedelta(days=2))
            days = [f.astimezone(tz).date() for f in fires]
            assert len(days) == len(set(days)), (zone, job.name, fires)
    assert checked == len(transitions(zone)) * len(jobs_in(zone))


@pytest.mark.parametrize("zone", ZONES)
def test_a_gap_of_weeks_is_caught_up_once_with_few_trigger_calls(zone: str) -> None:
    for change in transitions(zone, 2024, 2030):
        for job in jobs_in(zone):
            trig = Counting(job.trigger)
            last = change - timedelta(minutes=1)
            at = change + timedelta(days=49, minutes=7)
            fire = latest_fire(trig, max(last, at - timedelta(hours=6)), at)
            assert trig.calls <= 40, (zone, job.name, trig.calls)
            if fire is not None:
                assert last < fire <= at
                assert next_fire(job.trigger, fire) is None or next_fire(job.trigger, fire) > at


def test_the_runner_returns_at_once_after_a_fire_in_the_repeated_hour(engine) -> None:  # type: ignore[no-untyped-def]
    """The service froze here: a fire recorded at 2026-10-25 01:00 UTC (02:00 CET, the repeated
    hour), then a tick on 2026-12-13 09:00. Every minute job must run once, not loop."""
    config = config_in("Europe/Oslo")
    app = App(config=config, engine=engine, sessions=session_factory(engine))
    fired_at: list[datetime] = []

    def minute_job(name: str, spec: dict[str, str]) -> Job:
        def run(app: App, session: Any, fire: datetime) -> None:
            fired_at.append(fire)

        return Job(
            name=name, trigger=Counting(CronTrigger(timezone="Europe/Oslo", **spec)), run=run
        )

    jobs = [minute_job("every.minute", {"minute": "*"}), minute_job("quarter", {"minute": "*/15"})]
    recorded = datetime(2026, 10, 25, 1, 0, tzinfo=UTC)
    with app.sessions.begin() as s:
        for j in jobs:
            s.add(JobRun(name=j.name, last_fire_at=recorded))
    at = datetime(2026, 12, 13, 9, 0, tzinfo=ZoneInfo("Europe/Oslo"))
    fired = asyncio.run(Runner(app, jobs).run_due(at))
    assert fired == [("every.minute", at.astimezone(UTC)), ("quarter", at.astimezone(UTC))]
    assert all(j.trigger.calls < 40 for j in jobs)  # type: ignore[attr-defined]
    with app.sessions() as s:
        assert {r.name: r.last_fire_at for r in s.query(JobRun)} == {
            "every.minute": at.astimezone(UTC),
            "quarter": at.astimezone(UTC),
        }


def test_a_daily_job_at_the_repeated_hour_runs_once_that_night(engine) -> None:  # type: ignore[no-untyped-def]
    app = App(config=config_in("Europe/Oslo"), engine=engine, sessions=session_factory(engine))
    calls: list[datetime] = []
    job = Job(
        name="night",
        trigger=CronTrigger(hour=2, minute=30, timezone="Europe/Oslo"),
        run=lambda app, s, fire: calls.append(fire),
    )
    runner = Runner(app, [job])
    t = datetime(2026, 10, 24, 22, 0, tzinfo=UTC)
    while t < datetime(2026, 10, 26, 4, 0, tzinfo=UTC):
        asyncio.run(runner.run_due(t))
        t += timedelta(minutes=5)
    oslo = ZoneInfo("Europe/Oslo")
    assert [c.astimezone(oslo).strftime("%d %H:%M %Z") for c in calls] == [
        "25 02:30 CEST",
        "26 02:30 CET",
    ]


def test_a_skipped_local_time_in_march_still_fires_that_day(engine) -> None:  # type: ignore[no-untyped-def]
    app = App(config=config_in("Europe/Oslo"), engine=engine, sessions=session_factory(engine))
    calls: list[datetime] = []
    job = Job(
        name="night",
        trigger=CronTrigger(hour=2, minute=30, timezone="Europe/Oslo"),
        run=lambda app, s, fire: calls.append(fire),
    )
    runner = Runner(app, [job])
    t = datetime(2027, 3, 27, 22, 0, tzinfo=UTC)
    while t < datetime(2027, 3, 29, 4, 0, tzinfo=UTC):
        asyncio.run(runner.run_due(t))
        t += timedelta(minutes=5)
    oslo = ZoneInfo("Europe/Oslo")
    assert [c.astimezone(oslo).strftime("%d %H:%M") for c in calls] == ["28 03:30", "29 02:30"]
