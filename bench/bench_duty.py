"""Benchmark: duty_at queries per second and one-year duty calendars for 50 teams, each against
expanding equivalent RRULEs with python-dateutil in the same run.

Run: .venv/bin/python bench/bench_duty.py   (prints absolute numbers and ratios; exits 0)
Times are medians of CPU time (time.process_time) for both vaktbot and the baseline.
Targets (issue #3): a year for 50 teams < 50 ms; duty_at >= 100k queries/s.
"""

from __future__ import annotations

import random
import statistics
import sys
import time as clock
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from dateutil import rrule

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.duty.calendar import year_calendar
from bot.duty.model import Absence, Deviations, DutyTeam, OnCall, Rotation, Swap
from bot.duty.rotation import duty_at
from bot.duty.timeline import mode_year
from bot.workdays import WorkCalendar  # noqa: E402

TZ = "Europe/Oslo"
ZONE = ZoneInfo(TZ)
YEAR = 2027
START = date(2026, 1, 5)
CAL = WorkCalendar("NO", tz=TZ)


def on_call_hours(minute: int = 0) -> dict[int, tuple[tuple[time, time], ...]]:
    """Evenings 17-22 and weekends 10-18; ``minute`` > 0 ends evenings at 21:<minute> instead
    (a distinct hours configuration per rotation)."""
    end = time(21, minute) if minute else time(22)
    return {
        **{d: ((time(17), end),) for d in range(5)},
        5: ((time(10), time(18)),),
        6: ((time(10), time(18)),),
    }


def teams(prefix: str, n: int) -> tuple[DutyTeam, ...]:
    return tuple(
        DutyTeam(f"{prefix}{i}", f"Team {prefix}{i}", f"{prefix}{i}-0",
                 tuple(f"{prefix}{i}-{j}" for j in range(7)))
        for i in range(n)
    )  # fmt: skip


def rotation(rid: str, team_tuple: tuple[DutyTeam, ...], minute: int = 0) -> Rotation:
    return Rotation(rid, team_tuple, START, calendar=CAL, on_call=OnCall(on_call_hours(minute)))


# -- baseline: dateutil RRULE expansion of the same calendar -----------------------------------
def rrule_year(rot: Rotation, year: int) -> list[tuple[str, datetime, datetime]]:
    """Shifts/handoffs per team (WEEKLY, interval = teams x shift weeks), holidays, and on-call
    windows (DAILY by weekday, holidays excluded and added with Sunday hours)."""
    y0, y1 = datetime(year, 1, 1, tzinfo=ZONE), datetime(year + 1, 1, 1, tzinfo=ZONE)
    n, weeks = len(rot.teams), rot.shift_weeks
    events: list[tuple[str, datetime, datetime]] = []
    for i in range(n):
        first = datetime.combine(START + timedelta(weeks=i * weeks), rot.handoff_time, ZONE)
        rule = rrule.rrule(rrule.WEEKLY, interval=n * weeks, dtstart=first)
        before = rule.before(y0)
        for s in [*([before] if before else []), *rule.between(y0, y1, inc=True)]:
            end = datetime.combine(s.date() + timedelta(weeks=weeks), rot.handoff_time, ZONE)
            if end <= y0:
                continue
            events.append(("shift", s, end))
            if s >= y0:
                events.append(("handoff", s, s))
    hol = CAL.holidays_between(date(year, 1, 1), date(year, 12, 31))
    for d in hol:
        start = datetime.combine(d, time(0), ZONE)
        events.append(("holiday", start, datetime.combine(d + timedelta(days=1), time(0), ZONE)))
    assert rot.on_call is not None
    hours = rot.on_call.hours
    rs = rrule.rruleset()
    for wd, spans in hours.items():
        for a, _ in spans:
            rs.rrule(rrule.rrule(rrule.DAILY, byweekday=wd, byhour=a.hour, byminute=a.minute,
                                 bysecond=0, dtstart=y0, until=y1))  # fmt: skip
    for d in (d for d in hol if d.weekday() < 5):  # weekend holidays keep weekend hours
        for a, _ in hours.get(d.weekday(), ()):
            rs.exdate(datetime.combine(d, a, ZONE))
        for a, _ in hours.get(6, ()):
            rs.rdate(datetime.combine(d, a, ZONE))
    for s in rs.between(y0, y1, inc=True):
        wd = 6 if s.date() in hol else s.weekday()
        for a, b in hours.get(wd, ()):
            if a == s.time():
                events.append(("on_call", s, datetime.combine(s.date(), b, ZONE)))
    events.sort(key=lambda e: e[1].timestamp())
    return events


def rrule_team_at(rules: list[tuple[DutyTeam, rrule.rrule]], t: datetime) -> DutyTeam:
    best: tuple[datetime, DutyTeam] | None = None
    for team, rule in rules:
        s = rule.before(t, inc=True)
        if s is not None and (best is None or s > best[0]):
            best = (s, team)
    assert best is not None
    return best[1]


def timed(fn: Callable[[], object], repeat: int, setup: Callable[[], None] | None = None) -> float:
    """Median CPU seconds of `repeat` runs (setup excluded). CPU time, not wall time, so that
    other processes on a busy machine do not distort the numbers; both sides are measured
    the same way."""
    samples = []
    for _ in range(repeat):
        if setup:
            setup()
        t0 = clock.process_time()
        fn()
        samples.append(clock.process_time() - t0)
    return statistics.median(samples)


def main() -> None:
    rng = random.Random(7)
    print(f"python {sys.version.split()[0]}, zone {TZ}, year {YEAR}")

    # -- duty_at ---------------------------------------------------------------------------
    rot = rotation("r2", teams("t", 2))
    y0 = datetime(YEAR, 1, 1, tzinfo=UTC).timestamp()
    queries = [
        datetime.fromtimestamp(y0 + rng.random() * 2 * 365 * 86400, UTC) for _ in range(200_000)
    ]
    for t in queries[:2000]:
        duty_at(rot, t)  # build the years touched (the cache is part of the design)
    first = clock.process_time()
    cold_rot = rotation("cold", teams("c", 2))
    duty_at(cold_rot, queries[0])
    cold_ms = (clock.process_time() - first) * 1000

    def ours() -> None:
        for t in queries:
            duty_at(rot, t)

    ours_s = timed(ours, 3)
    ours_qps = len(queries) / ours_s
    rules = [
        (team, rrule.rrule(rrule.WEEKLY, interval=rot.period_weeks, cache=True,
                           dtstart=datetime.combine(START + timedelta(weeks=2 * i), time(8),
                                                    ZONE)))
        for i, team in enumerate(rot.teams)
    ]  # fmt: skip
    base_q = queries[:5000]
    for t in base_q[:100]:
        rrule_team_at(rules, t)
    base_s = timed(lambda: [rrule_team_at(rules, t) for t in base_q], 3)
    base_qps = len(base_q) / base_s
    for t in base_q[:2000]:  # same answers as the baseline's team lookup
        assert duty_at(rot, t).team == rrule_team_at(rules, t)
    print("\nduty_at (2 teams, on-call, random instants over two years)")
    print(f"  vaktbot duty_at          {ours_qps:12,.0f} queries/s   (first query, cold: "
          f"{cold_ms:.1f} ms)")  # fmt: skip
    print(f"  dateutil rrule.before    {base_qps:12,.0f} queries/s   (team only)")
    absences = [
        Absence(f"t{i % 2}-{i % 7}", date(YEAR, 1, 1) + timedelta(days=7 * i),
                date(YEAR, 1, 1) + timedelta(days=7 * i + 4), "vacation")
        for i in range(30)
    ]  # fmt: skip
    swaps = [
        Swap.member(f"t0-{i}", f"t1-{i}", date(YEAR, 2, 1) + timedelta(days=30 * i),
                    date(YEAR, 2, 3) + timedelta(days=30 * i))
        for i in range(5)
    ]  # fmt: skip
    deviations = Deviations(tuple(absences), tuple(swaps))
    slow_q = queries[:50_000]
    slow_s = timed(lambda: [duty_at(rot, t, deviations) for t in slow_q], 3)

    print(f"  ratio vaktbot/dateutil   {ours_qps / base_qps:12.1f} x")
    print(f"  vaktbot duty_at with 30 absences + 5 swaps: {len(slow_q) / slow_s:,.0f} queries/s")
    print(f"  target >= 100,000/s      {'PASS' if ours_qps >= 100_000 else 'MISS'}")

    # -- one-year calendars for 50 teams ---------------------------------------------------
    print(f"\none-year duty calendar (shifts, handoffs, holidays, on-call windows), {YEAR}")
    scenarios: list[tuple[str, Callable[[], list[Rotation]]]] = [
        ("1 rotation x 50 teams", lambda: [rotation("big", teams("t", 50))]),
        (
            "25 rotations x 2 teams, shared hours",
            lambda: [rotation(f"r{i}", teams(f"r{i}t", 2)) for i in range(25)],
        ),
        (
            "25 rotations x 2 teams, distinct hours",
            lambda: [rotation(f"r{i}", teams(f"r{i}t", 2), i + 1) for i in range(25)],
        ),
    ]
    CAL.holidays_between(date(YEAR - 1, 1, 1), date(YEAR + 1, 12, 31))  # warm `holidays` data
    for label, make in scenarios:
        bench_year(label, make)


def bench_year(label: str, make: Callable[[], list[Rotation]]) -> None:
    holder: list[list[Rotation]] = [[]]

    def fresh() -> None:
        holder[0] = make()  # new Rotation objects: no per-rotation cache
        mode_year.cache_clear()  # and no shared hours timeline: cold every run

    n_events = sum(len(year_calendar(r, YEAR)) for r in make())
    ours_y = timed(lambda: [year_calendar(r, YEAR) for r in holder[0]], 7, fresh)
    base_rots = make()
    n_base = sum(len(rrule_year(r, YEAR)) for r in base_rots)
    base_y = timed(lambda: [rrule_year(r, YEAR) for r in base_rots], 3)
    print(f"  {label}")
    print(f"    vaktbot year_calendar  {ours_y * 1000:9.1f} ms  ({n_events} events, cold)")
    print(f"    dateutil rrule         {base_y * 1000:9.1f} ms  ({n_base} events)")
    print(f"    ratio vaktbot/dateutil {ours_y / base_y:9.2f}     "
          f"target < 50 ms: {'PASS' if ours_y < 0.050 else 'MISS'}")  # fmt: skip


if __name__ == "__main__":
    main()
