"""Working days: weekends, public holidays ("red days") and organisation closure days.

Pure: no clock reads. Every feature that needs "is this a working day" or "how many
working hours between two instants" asks a :class:`WorkCalendar`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

SUPPORTED_COUNTRIES = ("NO", "SE", "DK", "FI")

# weekday (0=Monday) -> list of (start, end) local times; end may be time(0) meaning midnight
WeeklyHours = Mapping[int, tuple[tuple[time, time], ...]]

DEFAULT_OPENING: dict[int, tuple[tuple[time, time], ...]] = {
    d: ((time(8), time(17)),) for d in range(5)
}


@lru_cache(maxsize=64)
def _holidays_for(country: str, subdivision: str | None, year: int) -> dict[date, str]:
    # Norway's `holidays` data marks every Sunday as a holiday; we only want named red days.
    hol = holidays.country_holidays(country, subdiv=subdivision, years=year)
    return {d: name for d, name in hol.items() if name != "Sunday" and name != "Søndag"}


@dataclass(frozen=True)
class WorkCalendar:
    """Which days are working days for one organisation."""

    country: str = "NO"
    subdivision: str | None = None
    closure_days: frozenset[date] = field(default_factory=frozenset)
    tz: str = "Europe/Oslo"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)

    def holiday_name(self, d: date) -> str | None:
        if d in self.closure_days:
            return "closure"
        return _holidays_for(self.country, self.subdivision, d.year).get(d)

    def is_holiday(self, d: date) -> bool:
        return self.holiday_name(d) is not None

    def is_working_day(self, d: date) -> bool:
        return d.weekday() < 5 and not self.is_holiday(d)

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after ``d``."""
        d += timedelta(days=1)
        while not self.is_working_day(d):
            d += timedelta(days=1)
        return d

    def previous_working_day(self, d: date) -> date:
        """The last working day strictly before ``d``."""
        d -= timedelta(days=1)
        while not self.is_working_day(d):
            d -= timedelta(days=1)
        return d

    def on_or_before(self, d: date) -> date:
        """``d`` itself if it is a working day, else the previous working day."""
        return d if self.is_working_day(d) else self.previous_working_day(d)

    def on_or_after(self, d: date) -> date:
        return d if self.is_working_day(d) else self.next_working_day(d)

    def local(self, d: date, t: time) -> datetime:
        """An aware datetime for local wall time ``t`` on ``d`` in the calendar's zone."""
        return datetime.combine(d, t, tzinfo=self.zone)

    def holidays_between(self, start: date, end: date) -> dict[date, str]:
        """Holidays and closure days in [start, end]."""
        out: dict[date, str] = {}
        for year in range(start.year, end.year + 1):
            for d, name in _holidays_for(self.country, self.subdivision, year).items():
                if start <= d <= end:
                    out[d] = name
        for d in self.closure_days:
            if start <= d <= end:
                out[d] = "closure"
        return dict(sorted(out.items()))


def opening_intervals(
    cal: WorkCalendar, hours: WeeklyHours, start: datetime, end: datetime
) -> Iterable[tuple[datetime, datetime]]:
    """Opening intervals (aware, in the calendar zone) overlapping [start, end) on working days."""
    zone = cal.zone
    day = start.astimezone(zone).date() - timedelta(days=1)
    last = end.astimezone(zone).date()
    while day <= last:
        if cal.is_working_day(day):
            for a, b in hours.get(day.weekday(), ()):
                lo = datetime.combine(day, a, tzinfo=zone)
                hi_day = day + timedelta(days=1) if b <= a else day
                hi = datetime.combine(hi_day, b, tzinfo=zone)
                lo2, hi2 = max(lo, start), min(hi, end)
                if lo2 < hi2:
                    yield lo2, hi2
        day += timedelta(days=1)


def working_seconds_between(
    cal: WorkCalendar, start: datetime, end: datetime, hours: WeeklyHours = DEFAULT_OPENING
) -> float:
    """Seconds of opening hours on working days between two aware instants (0 if end <= start)."""
    if end <= start:
        return 0.0
    return sum((b - a).total_seconds() for a, b in opening_intervals(cal, hours, start, end))


def add_working_seconds(
    cal: WorkCalendar, start: datetime, seconds: float, hours: WeeklyHours = DEFAULT_OPENING
) -> datetime:
    """The instant at which ``seconds`` of opening hours have passed since ``start``."""
    zone = cal.zone
    remaining = seconds
    cursor = start
    for _ in range(3660):  # ten years of days; a calendar with no opening hours ends here
        day_end = datetime.combine(
            cursor.astimezone(zone).date() + timedelta(days=1), time(0), tzinfo=zone
        )
        for a, b in opening_intervals(cal, hours, cursor, day_end):
            span = (b - a).total_seconds()
            if span >= remaining:
                return a + timedelta(seconds=remaining)
            remaining -= span
        cursor = day_end
    raise ValueError("no opening hours within ten years")
