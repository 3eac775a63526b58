"""The simulated clock (tests and trials only) and how the service loop sleeps on it."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import update

from bot.app import App, build_app
from bot.clock import (
    SimulatedClock,
    SimulatedClockRefused,
    begin,
    clock_from_secrets,
    held,
    real_seconds_until,
    speed_of,
    stop_at,
    utc_now,
)
from bot.config import ConfigError, load_config
from bot.delivery.outbox import enqueue, next_attempt
from bot.messages.model import Message
from bot.runtime.loop import MIN_SLEEP_SECONDS, TICK_SECONDS, next_wake, sleep_seconds
from bot.settings import Secrets
from bot.store.db import session_factory
from bot.store.models import Outbox
from scheduler.job import Job
from scheduler.runner import Runner
from tests.support.paths import EXAMPLE_CONFIG

EXAMPLE = EXAMPLE_CONFIG
OSLO = ZoneInfo("Europe/Oslo")


class Ticks:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def secrets(**env: str) -> Secrets:
    return Secrets(**env)  # type: ignore[arg-type]


# --- SimulatedClock ------------------------------------------------------------------------------


def test_simulated_time_stands_until_it_begins_then_runs_at_its_speed() -> None:
    ticks = Ticks()
    start = datetime(2026, 10, 24, 20, 0, tzinfo=OSLO)
    clock = SimulatedClock(start, 3600, monotonic=ticks)
    ticks.now += 50  # start-up work before the service's first tick does not count
    assert clock() == start
    assert clock().tzinfo is UTC
    begin(clock)
    begin(clock)  # idempotent
    begin(utc_now)  # the real clock always runs
    assert clock() == start
    ticks.now += 2.5
    assert clock() == start + timedelta(hours=2.5)
    # across the autumn change: 9 real seconds later it is 04:00 CET, 9 hours on in UTC
    ticks.now += 6.5
    assert clock() == datetime(2026, 10, 25, 3, 0, tzinfo=UTC)
    local = clock().astimezone(OSLO)
    assert (local.hour, local.utcoffset()) == (4, timedelta(hours=1))


def test_simulated_time_stands_still_while_held() -> None:
    ticks = Ticks()
    start = datetime(2027, 3, 28, 1, 0, tzinfo=OSLO)
    clock = SimulatedClock(start, 60, monotonic=ticks)
    with held(clock):  # before it begins: nothing changes
        assert clock() == start
    clock.begin()
    ticks.now += 1
    with held(clock):
        assert clock() == start + timedelta(minutes=1)
        ticks.now += 30  # a slow tick
        with held(clock):  # holds nest
            ticks.now += 5
        assert clock() == start + timedelta(minutes=1)
    ticks.now += 0.5
    assert clock() == start + timedelta(minutes=1, seconds=30)
    with held(utc_now):  # the real clock never stops
        assert utc_now() > datetime(2026, 1, 1, tzinfo=UTC)


def test_simulated_clock_waits_at_its_stop_and_never_runs_backwards() -> None:
    ticks = Ticks()
    start = datetime(2027, 5, 17, 8, 0, tzinfo=OSLO)
    clock = SimulatedClock(start, 3600, monotonic=ticks)
    clock.begin()
    clock.stop_at(start + timedelta(seconds=1))  # a message due a second from now
    ticks.now += 1  # a real second: an hour, but the clock waits for the message
    assert clock() == start + timedelta(seconds=1)
    ticks.now += 1
    assert clock() == start + timedelta(seconds=1)
    clock.stop_at(None)
    ticks.now += 0.5
    assert clock() == start + timedelta(minutes=30, seconds=1)
    clock.stop_at(start)  # a stop in the past holds the clock where it is
    ticks.now += 1
    assert clock() == start + timedelta(minutes=30, seconds=1)
    yesterday = utc_now() - timedelta(days=1)
    stop_at(utc_now, yesterday)  # the real clock runs on
    assert utc_now() > yesterday


def test_simulated_clock_needs_an_offset_and_a_positive_speed() -> None:
    with pytest.raises(ValueError, match="offset"):
        SimulatedClock(datetime(2026, 10, 24, 20, 0))
    for bad in (0, -1.0, float("nan")):
        with pytest.raises(ValueError, match="speed"):
            SimulatedClock(datetime(2026, 10, 24, 20, 0, tzinfo=UTC), bad)


def test_real_seconds_until_scales_by_the_speed() -> None:
    ticks = Ticks()
    clock = SimulatedClock(datetime(2026, 3, 27, 12, 0, tzinfo=UTC), 600, monotonic=ticks)
    clock.begin()
    assert speed_of(clock) == 600 and speed_of(utc_now) == 1.0
    assert real_seconds_until(clock, clock() + timedelta(minutes=10)) == pytest.approx(1.0)
    assert real_seconds_until(clock, clock() - timedelta(hours=1)) == 0.0
    soon = utc_now() + timedelta(seconds=120)
    assert 100 < real_seconds_until(utc_now, soon) <= 120


# --- from the environment ------------------------------------------------------------------------


def test_no_simulated_start_means_the_real_clock() -> None:
    assert clock_from_secrets(secrets()) is None
    assert clock_from_secrets(secrets(VAKTBOT_ALLOW_SIMULATED_CLOCK="yes")) is None


def test_simulated_clock_from_the_environment() -> None:
    clock = clock_from_secrets(
        secrets(
            VAKTBOT_SIMULATED_START="2026-10-24T20:00+02:00",
            VAKTBOT_SIMULATED_SPEED="7200",
            VAKTBOT_ALLOW_SIMULATED_CLOCK="YES",
        )
    )
    assert clock is not None
    assert clock.start == datetime(2026, 10, 24, 18, 0, tzinfo=UTC) and clock.speed == 7200
    default = clock_from_secrets(
        secrets(VAKTBOT_SIMULATED_START="2027-03-27T12:00Z", VAKTBOT_ALLOW_SIMULATED_CLOCK="true")
    )
    assert default is not None and default.speed == 1.0


@pytest.mark.parametrize(
    "env,where,says",
    [
        (
            {"VAKTBOT_SIMULATED_START": "2026-10-24T20:00+02:00"},
            "VAKTBOT_SIMULATED_START",
            "VAKTBOT_ALLOW_SIMULATED_CLOCK=yes",
        ),
        (
            {
                "VAKTBOT_SIMULATED_START": "2026-10-24T20:00+02:00",
                "VAKTBOT_ALLOW_SIMULATED_CLOCK": "no",
            },
            "VAKTBOT_SIMULATED_START",
            "tests and trials only",
        ),
        (
            {"VAKTBOT_SIMULATED_START": "2026-10-24T20:00", "VAKTBOT_ALLOW_SIMULATED_CLOCK": "yes"},
            "VAKTBOT_SIMULATED_START",
            "with an offset",
        ),
        (
            {"VAKTBOT_SIMULATED_START": "next tuesday", "VAKTBOT_ALLOW_SIMULATED_CLOCK": "yes"},
            "VAKTBOT_SIMULATED_START",
            "ISO 8601",
        ),
        (
            {
                "VAKTBOT_SIMULATED_START": "2026-10-24T20:00+02:00",
                "VAKTBOT_SIMULATED_SPEED": "0",
                "VAKTBOT_ALLOW_SIMULATED_CLOCK": "yes",
            },
            "VAKTBOT_SIMULATED_SPEED",
            "> 0",
        ),
        (
            {
                "VAKTBOT_SIMULATED_START": "2026-10-24T20:00+02:00",
                "VAKTBOT_SIMULATED_SPEED": "fast",
                "VAKTBOT_ALLOW_SIMULATED_CLOCK": "yes",
            },
            "VAKTBOT_SIMULATED_SPEED",
            "'fast'",
        ),
        ({"VAKTBOT_SIMULATED_SPEED": "60"}, "VAKTBOT_SIMULATED_SPEED", "needs a start"),
    ],
)
def test_refused_settings_name_the_variable(env: dict[str, str], where: str, says: str) -> None:
    with pytest.raises(SimulatedClockRefused) as err:
        clock_from_secrets(secrets(**env))
    assert isinstance(err.value, ConfigError)  # the CLI prints it on one line and exits 2
    assert err.value.path == where
    assert len(err.value.problems) == 1 and says in err.value.problems[0]


def test_build_app_installs_the_clock_and_warns_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    env = secrets(
        VAKTBOT_SIMULATED_START="2026-10-24T20:00+02:00",
        VAKTBOT_SIMULATED_SPEED="60",
        VAKTBOT_ALLOW_SIMULATED_CLOCK="yes",
    )
    app = build_app(EXAMPLE, f"sqlite:///{tmp_path / 'a.db'}", secrets=env)
    try:
        assert isinstance(app.clock, SimulatedClock)
        assert app.clock() == datetime(2026, 10, 24, 18, 0, tzinfo=UTC)  # until it begins
        warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
        assert len(warnings) == 1 and "SIMULATED CLOCK" in warnings[0].getMessage()
    finally:
        app.engine.dispose()
    real = build_app(EXAMPLE, f"sqlite:///{tmp_path / 'b.db'}", secrets=secrets())
    assert real.clock is utc_now
    real.engine.dispose()


def test_a_refused_clock_touches_no_database(tmp_path: Path) -> None:
    db = tmp_path / "never.db"
    with pytest.raises(SimulatedClockRefused):
        build_app(
            EXAMPLE,
            f"sqlite:///{db}",
            secrets=secrets(VAKTBOT_SIMULATED_START="2026-10-24T20:00+02:00"),
        )
    assert not db.exists()


# --- the service loop's sleep --------------------------------------------------------------------


def make_app(engine, clock) -> App:  # type: ignore[no-untyped-def]
    return App(
        config=load_config(EXAMPLE), engine=engine, sessions=session_factory(engine), clock=clock
    )


def hourly_job(fail: bool = False) -> Job:
    def run(app, session, fire_at):  # type: ignore[no-untyped-def]
        if fail:
            raise RuntimeError("boom")

    return Job(name="test.hourly", trigger=CronTrigger(minute=0, timezone=OSLO), run=run)


async def test_the_loop_sleeps_until_the_next_fire_in_real_seconds(engine) -> None:
    ticks = Ticks()
    clock = SimulatedClock(datetime(2026, 10, 25, 1, 50, tzinfo=OSLO), 60, monotonic=ticks)
    app = make_app(engine, clock)
    runner = Runner(app, [hourly_job()])
    clock.begin()
    at = clock()
    await runner.run_due(at)
    wake = next_wake(app, runner, at)
    assert wake == at + timedelta(seconds=TICK_SECONDS)  # the next fire is 10 minutes away
    ticks.now += 0.01  # 0.6 simulated seconds
    assert sleep_seconds(app, wake) == pytest.approx((TICK_SECONDS - 0.6) / 60)
    ticks.now += 0.45
    assert sleep_seconds(app, wake) == MIN_SLEEP_SECONDS  # below the floor: never spin
    # 02:59:50 CEST, ten seconds before the clock goes back: the next fire is 02:00 CET
    late = datetime(2026, 10, 25, 0, 59, 50, tzinfo=UTC)
    await runner.run_due(late)
    assert next_wake(app, runner, late) == datetime(2026, 10, 25, 1, 0, tzinfo=UTC)


async def test_the_loop_wakes_for_the_outbox_and_backs_off_from_a_failing_job(engine) -> None:
    at = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)  # 11:00 in Oslo: the hourly job's fire
    app = make_app(engine, lambda: at)
    with app.sessions.begin() as s:
        enqueue(
            s,
            key="k",
            kind="t",
            target="channel:team-1",
            message=Message(text="x"),
            now=at,
            due_at=at + timedelta(seconds=7),
        )
        assert next_attempt(s) == at + timedelta(seconds=7)
    runner = Runner(app, [hourly_job(fail=True)])
    await runner.run_due(at)  # fails: not recorded, still due
    assert runner.next_due(at) == at
    assert next_wake(app, runner, at) == at + timedelta(seconds=7)  # the outbox row first
    with app.sessions.begin() as s:  # another sender holds the row for a while
        s.execute(update(Outbox).values(lease_until=at + timedelta(seconds=90)))
        assert next_attempt(s) == at + timedelta(seconds=90)
    # the failed fire is retried a tick later, not in a tight loop
    assert next_wake(app, runner, at) == at + timedelta(seconds=TICK_SECONDS)
