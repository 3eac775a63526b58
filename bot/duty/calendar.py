"""Duty calendar: a year's calendar and duty hours.

Pure: no I/O, no clock reads. Both read the per-rotation :class:`Timeline` (in
:mod:`bot.duty.timeline`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from operator import itemgetter
from typing import Literal, NamedTuple

from bot.duty.model import NO_DEVIATIONS, ONE_DAY, Deviations, DutyTeam, Rotation
from bot.duty.staffing import effective, on_call_person
from bot.duty.timeline import (
    Timeline,
    timeline_of,
)

# -- a year's calendar -------------------------------------------------------------------------
EventKind = Literal["shift", "handoff", "holiday", "on_call"]


class CalendarEvent(NamedTuple):
    """``shift``: a scheduled shift (team, lead as ``person``); ``handoff``: start == end, the
    incoming ``team`` and the ``previous_team``; ``holiday``: a whole local day, ``name`` from the
    ``holidays`` package or ``"closure"``; ``on_call``: an on-call window and its ``person``."""

    kind: EventKind
    start: datetime
    end: datetime
    team: DutyTeam | None = None
    person: str | None = None
    name: str = ""
    previous_team: DutyTeam | None = None


def year_calendar(rotation: Rotation, year: int) -> list[CalendarEvent]:
    """Every shift overlapping local ``year`` (unclipped), every handoff, holiday and on-call
    window in it (on-call windows split at handoffs), sorted by start (holidays first)."""
    plan: Timeline = timeline_of(rotation)
    zone, teams, n, dt = rotation.zone, rotation.teams, len(rotation.teams), plan.dt
    starts, modes, ks, y1_ts, dts = plan.year(year)
    y0_ts = starts[0]
    keyed: list[tuple[float, int, CalendarEvent]] = []
    k = plan.index_at(dt(y0_ts))
    while (bound := plan.boundary(k))[1] < y1_ts:
        team = teams[k % n]
        ev = CalendarEvent("shift", bound[0], plan.boundary(k + 1)[0], team, team.lead)
        keyed.append((bound[1], 2, ev))
        if bound[1] >= y0_ts:
            prev = teams[(k - 1) % n]
            ev = CalendarEvent("handoff", bound[0], bound[0], team, team.lead, "", prev)
            keyed.append((bound[1], 1, ev))
        k += 1
    for d, name in rotation.cal.holidays_between(date(year, 1, 1), date(year, 12, 31)).items():
        start = datetime.combine(d, time(0), tzinfo=zone)
        end = datetime.combine(d + ONE_DAY, time(0), tzinfo=zone)
        keyed.append((start.timestamp(), 0, CalendarEvent("holiday", start, end, name=name)))
    if rotation.on_call is not None:
        persons: dict[int, str | None] = {}
        for i, mode in enumerate(modes):
            if mode == "on_call":
                k = ks[i]
                team = teams[k % n]
                if k not in persons:
                    persons[k] = on_call_person(rotation, k, team.lead, team.members)
                ev = CalendarEvent("on_call", dts[i], dts[i + 1], team, persons[k])
                keyed.append((starts[i], 3, ev))
    keyed.sort(key=itemgetter(0, 1))
    return [row[2] for row in keyed]


# -- duty hours --------------------------------------------------------------------------------
@dataclass(frozen=True)
class DutyHours:
    open_hours: float
    on_call_hours: float

    @property
    def total(self) -> float:
        return self.open_hours + self.on_call_hours


def _as_instant(rotation: Rotation, value: datetime | date, end: bool) -> datetime:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("duty_hours needs aware datetimes or dates")
        return value
    return datetime.combine(value + ONE_DAY if end else value, time(0), tzinfo=rotation.zone)


def duty_hours(
    rotation: Rotation,
    start: datetime | date,
    end: datetime | date,
    deviations: Deviations = NO_DEVIATIONS,
) -> dict[str, DutyHours]:
    """Hours each person spends on duty in [start, end) (dates: local, inclusive): open hours
    as an available member, on-call hours as the on-call person. Real elapsed hours, so a DST
    night counts 1 h more or less. Every team member and roster person is listed."""
    a, b = _as_instant(rotation, start, False), _as_instant(rotation, end, True)
    plan: Timeline = timeline_of(rotation)
    teams, n, zone = rotation.teams, len(rotation.teams), rotation.zone
    acc: dict[str, list[float]] = {m: [0.0, 0.0] for team in teams for m in team.members}
    for p in rotation.on_call.roster if rotation.on_call else ():
        acc.setdefault(p, [0.0, 0.0])
    for s, e, mode, k in plan.raw_windows(a, b):
        if mode == "closed":
            continue
        scheduled = teams[k % n]
        pieces: list[tuple[float, float, date | None]] = [(s, e, None)]
        if deviations:  # absences and swaps apply per local date: split at midnights
            pieces = []
            while s < e:
                day = plan.dt(s).date()
                midnight = datetime.combine(day + ONE_DAY, time(0), tzinfo=zone).timestamp()
                pieces.append((s, min(e, midnight), day))
                s = midnight
        for lo, hi, d in pieces:
            hours = (hi - lo) / 3600.0
            if d is None:
                team, lead, members = scheduled, scheduled.lead, scheduled.members
                absent: set[str] = set()
                repl: dict[str, str] = {}
            else:
                team, lead, members, absent, repl = effective(rotation, scheduled, d, deviations)
            if mode == "open":
                for m in members:
                    acc.setdefault(m, [0.0, 0.0])[0] += hours
            else:
                person = on_call_person(rotation, k, lead, members, absent, repl)
                if person is not None:
                    acc.setdefault(person, [0.0, 0.0])[1] += hours
    return {p: DutyHours(round(o, 6), round(c, 6)) for p, (o, c) in sorted(acc.items())}
