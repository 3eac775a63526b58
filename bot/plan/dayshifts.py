"""Working-day shifts for reminders: :class:`DayShifts`, used by
:func:`bot.plan.model.reminders_due`.

Pure: no clock reads, no I/O (the calendar is asked for holidays once, then only for days outside
the range read up front).
"""

from __future__ import annotations

from datetime import date, datetime, time

from bot.workdays import WorkCalendar


class DayShifts:
    """Working-day shifts and reminder instants on day ordinals, for one reminder computation.

    The non-working days (weekends, holidays, closure days) of ``[lo, hi]`` are read once into a
    set; shifts that stay inside that range never ask the calendar again, the rest fall back to
    it. Results are memoised, and so are the instants (``None`` outside ``[start, end)``).
    """

    def __init__(
        self, cal: WorkCalendar, morning: time, start: datetime, end: datetime, lo: int, hi: int
    ) -> None:
        self.cal, self.morning, self.start, self.end = cal, morning, start, end
        self.zone = cal.zone
        self.lo, self.hi = lo, hi
        off = {o for o in range(lo, hi + 1) if (o + 6) % 7 >= 5}  # ordinal 1 is a Monday
        if lo <= hi:
            off.update(
                d.toordinal()
                for d in cal.holidays_between(date.fromordinal(lo), date.fromordinal(hi))
            )
        self.off = off
        self.back_cache: dict[int, int] = {}
        self.next_cache: dict[int, int] = {}
        self.at_cache: dict[int, datetime | None] = {}

    def back(self, o: int) -> int:
        """The ordinal of the working day on or before day ``o``."""
        r = self.back_cache.get(o)
        if r is None:
            r, off = o, self.off
            while r in off:
                r -= 1
            if not self.lo <= r <= o <= self.hi:
                r = self.cal.on_or_before(date.fromordinal(o)).toordinal()
            self.back_cache[o] = r
        return r

    def next(self, o: int) -> int:
        """The ordinal of the first working day after day ``o``."""
        r = self.next_cache.get(o)
        if r is None:
            r, off = o + 1, self.off
            while r in off:
                r += 1
            if not self.lo <= o + 1 <= r <= self.hi:
                r = self.cal.next_working_day(date.fromordinal(o)).toordinal()
            self.next_cache[o] = r
        return r

    def at(self, o: int) -> datetime | None:
        """The reminder instant on day ``o`` if it lies in ``[start, end)``, else None."""
        if o in self.at_cache:
            return self.at_cache[o]
        t = datetime.combine(date.fromordinal(o), self.morning, tzinfo=self.zone)
        r = self.at_cache[o] = t if self.start <= t < self.end else None
        return r
