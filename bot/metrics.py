"""Engagement rate and response-time rules. Pure: no I/O, no clock.

Engagement rate
  Two named formulas (``Formula``), both in percent:
  * ``reactions_per_followers`` (default): reactions / followers x 100, normalised to 7 days
    (reactions are summed over the period, scaled by 7 / days, and divided by the followers at
    the end of the period), so a daily, weekly or quarterly figure is compared against the
    same target band (default 5-7 %).
  * ``engagements_per_reach``: (reactions + comments + shares + clicks) / reach x 100, summed
    over the period (a ratio of sums needs no normalisation).
  A zero or missing denominator gives ``None``, never NaN or infinity.

Response time
  Measured in WORKING time: the organisation's opening hours on working days (weekends, public
  holidays and closure days excluded), see :func:`bot.workdays.working_seconds_between`.
  Targets (``moderation.response_target``):
  * ``"24h"``: 24 hours of clock time, with the clock stopped on non-working days (weekends,
    public holidays, closure days). A comment on Friday 15:00 is due Monday 15:00. We do NOT
    count 24 *opening* hours: with 08-17 opening hours that would be almost three working days,
    laxer than "next working day", which is not what a team promising "within 24 hours" means.
  * ``"next_working_day"``: answered before the end of the opening hours of the first working
    day after the day the comment arrived (Friday or Saturday -> end of Monday).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property
from typing import Literal

import numpy as np

from bot.workdays import DEFAULT_OPENING, WeeklyHours, WorkCalendar, working_seconds_between

Formula = Literal["reactions_per_followers", "engagements_per_reach"]
FORMULAS: tuple[Formula, ...] = ("reactions_per_followers", "engagements_per_reach")
Rule = Literal["24h", "next_working_day"]
RULES: tuple[Rule, ...] = ("24h", "next_working_day")
Band = Literal["below", "within", "above"]

# every hour of a day: the "24h" rule's clock runs all day, but only on working days
ALL_DAY: dict[int, tuple[tuple[time, time], ...]] = {d: ((time(0), time(0)),) for d in range(7)}


# --- engagement ----------------------------------------------------------------------------


def _nonneg(value: float | None) -> float | None:
    return None if value is None else float(value)


def engagement_rate(
    formula: str,
    *,
    followers: float | None = None,
    reach: float | None = None,
    reactions: float | None = None,
    comments: float | None = None,
    shares: float | None = None,
    clicks: float | None = None,
    interactions: float | None = None,
    days: int = 7,
) -> float | None:
    """Engagement rate in percent, or None when it cannot be calculated. ``interactions`` is the
    platform's own total of reactions, comments and shares, used when none of them is known."""
    if formula == "reactions_per_followers":
        if reactions is None or not followers or followers <= 0 or days <= 0:
            return None
        return float(reactions) * 7.0 / days / float(followers) * 100.0
    if formula == "engagements_per_reach":
        parts = [_nonneg(x) for x in (reactions, comments, shares)]
        if all(p is None for p in parts):
            parts = [_nonneg(interactions)]
        parts.append(_nonneg(clicks))
        if all(p is None for p in parts) or not reach or reach <= 0:
            return None
        return sum(p for p in parts if p is not None) / float(reach) * 100.0
    raise ValueError(f"unknown engagement formula {formula!r}; expected one of {FORMULAS}")


def band(rate: float | None, target: tuple[float, float]) -> Band | None:
    """Where a rate lies against the target band [low, high] (inclusive)."""
    if rate is None:
        return None
    low, high = min(target), max(target)
    if rate < low:
        return "below"
    return "above" if rate > high else "within"


# --- opening hours with seasonal extensions -------------------------------------------------


@dataclass(frozen=True)
class Schedule:
    """Weekly opening hours plus dated periods with other hours (e.g. tax-return season)."""

    base: WeeklyHours = field(default_factory=lambda: DEFAULT_OPENING)
    periods: tuple[tuple[date, date, WeeklyHours], ...] = ()

    def hours_on(self, d: date) -> tuple[tuple[time, time], ...]:
        for start, end, hours in self.periods:
            if start <= d <= end:
                return tuple(hours.get(d.weekday(), ()))
        return tuple(self.base.get(d.weekday(), ()))

    def end_of_day(self, cal: WorkCalendar, d: date) -> datetime:
        """When opening hours end on ``d`` (midnight after ``d`` if it has none)."""
        ends = []
        for a, b in self.hours_on(d):
            end_day = d + timedelta(days=1) if b <= a else d
            ends.append(datetime.combine(end_day, b, tzinfo=cal.zone))
        return max(ends) if ends else datetime.combine(d + timedelta(days=1), time(0), cal.zone)


def working_seconds(cal: WorkCalendar, start: datetime, end: datetime, schedule: Schedule) -> float:
    """Opening-hour seconds on working days in [start, end) under ``schedule``."""
    if end <= start:
        return 0.0
    if not schedule.periods:
        return working_seconds_between(cal, start, end, schedule.base)
    return WorkingClock(cal, schedule, start, end).between(start.timestamp(), end.timestamp())


class WorkingClock:
    """A cumulative working-time clock over a span of days, for many look-ups (bisect).

    ``at(t)`` is the working seconds from the span start to epoch second ``t``; the difference of
    two readings is the working time between them. ``add(t, s)`` is its inverse.
    """

    def __init__(
        self, cal: WorkCalendar, schedule: Schedule, first: datetime, last: datetime
    ) -> None:
        zone = cal.zone
        self.cal = cal
        self.schedule = schedule
        day = first.astimezone(zone).date() - timedelta(days=1)
        end_day = last.astimezone(zone).date() + timedelta(days=1)
        self.first_day, self.last_day = day, end_day
        starts: list[float] = []
        ends: list[float] = []
        cum: list[float] = []
        total = 0.0
        while day <= end_day:
            if cal.is_working_day(day):
                for a, b in schedule.hours_on(day):
                    lo = datetime.combine(day, a, tzinfo=zone).timestamp()
                    hi_day = day + timedelta(days=1) if b <= a else day
                    hi = datetime.combine(hi_day, b, tzinfo=zone).timestamp()
                    if starts and lo < ends[-1]:
                        lo = ends[-1]  # overlapping ranges count once
                    if hi > lo:
                        starts.append(lo)
                        ends.append(hi)
                        cum.append(total)
                        total += hi - lo
            day += timedelta(days=1)
        self._starts, self._ends, self._cum, self.total = starts, ends, cum, total
        self._a_starts = np.asarray(starts, dtype=float)
        self._a_ends = np.asarray(ends, dtype=float)
        self._a_cum = np.asarray(cum, dtype=float)

    def at(self, t: float) -> float:
        i = bisect.bisect_right(self._starts, t) - 1
        if i < 0:
            return 0.0
        return self._cum[i] + min(t, self._ends[i]) - self._starts[i]

    def at_many(self, t: np.ndarray) -> np.ndarray:
        """``at`` for an array of epoch seconds (NaN stays NaN)."""
        starts, ends, cum = self._a_starts, self._a_ends, self._a_cum
        if not len(starts):
            return np.zeros_like(t)
        i = np.searchsorted(starts, t, side="right") - 1
        j = np.clip(i, 0, None)
        out = cum[j] + np.minimum(t, ends[j]) - starts[j]
        return np.where(i < 0, 0.0, out)

    def between(self, a: float, b: float) -> float:
        return max(0.0, self.at(b) - self.at(a)) if b > a else 0.0

    def add(self, t: float, seconds: float) -> float | None:
        """The epoch second at which ``seconds`` of working time have passed since ``t``
        (None if that lies beyond the clock's span)."""
        if seconds <= 0:
            return t
        target = self.at(t) + seconds
        i = bisect.bisect_left(self._cum, target)  # first interval starting at/after target
        if i == 0:
            return None
        candidate = self._starts[i - 1] + (target - self._cum[i - 1])
        return candidate if candidate <= self._ends[i - 1] else None

    def add_many(self, t: np.ndarray, seconds: float) -> np.ndarray:
        """``add`` for an array (NaN... and beyond the span: +inf)."""
        cum, starts, ends = self._a_cum, self._a_starts, self._a_ends
        if not len(starts):
            return np.full_like(t, np.inf)
        target = self.at_many(t) + seconds
        i = np.searchsorted(cum, target, side="left")
        j = np.clip(i - 1, 0, None)
        candidate = starts[j] + (target - cum[j])
        return np.where((i == 0) | (candidate > ends[j]), np.inf, candidate)

    def inside(self, due: float, since: float) -> float:
        """``due`` moved into opening hours: itself when an opening holds it (closing time
        included), else the close of the last opening before it - or, when that opening ended
        before ``since``, the close of the next one (+inf beyond the span)."""
        i = bisect.bisect_left(self._starts, due) - 1  # the last opening starting before due
        if i >= 0 and due <= self._ends[i]:
            return due
        if i >= 0 and self._ends[i] > since:
            return self._ends[i]
        return self._ends[i + 1] if i + 1 < len(self._ends) else float("inf")

    def inside_many(self, due: np.ndarray, since: np.ndarray) -> np.ndarray:
        """``inside`` for arrays."""
        starts, ends = self._a_starts, self._a_ends
        if not len(starts):
            return np.full_like(due, np.inf)
        i = np.searchsorted(starts, due, side="left") - 1
        j = np.clip(i, 0, None)
        k = np.clip(i + 1, 0, len(ends) - 1)
        after = np.where(i + 1 < len(ends), ends[k], np.inf)
        prev_ok = (i >= 0) & (ends[j] > since)
        out = np.where(prev_ok, ends[j], after)
        return np.where((i >= 0) & (due <= ends[j]), due, out)


# --- response-time rules -------------------------------------------------------------------


def response_deadline(
    cal: WorkCalendar, created: datetime, rule: str, schedule: Schedule | None = None
) -> datetime:
    """The instant by which a comment created at ``created`` must be answered, always inside
    opening hours: "24h" is 24 hours with the clock stopped on non-working days, moved back to
    the close of the last opening before it when it falls outside opening hours (to the close of
    the next opening when no opening lies between arrival and that instant); "next_working_day"
    is the close of the first working day after the arrival day."""
    schedule = schedule or Schedule()
    if rule == "24h":
        clock = WorkingClock(cal, Schedule(ALL_DAY), created, created + timedelta(days=40))
        due = clock.add(created.timestamp(), 24 * 3600)
        if due is None:  # pragma: no cover - forty days without a working day
            raise ValueError("no working day within forty days")
        opening = WorkingClock(cal, schedule, created, created + timedelta(days=40))
        due = opening.inside(due, created.timestamp())
        return datetime.fromtimestamp(due, tz=UTC).astimezone(cal.zone)
    if rule == "next_working_day":
        day = cal.next_working_day(created.astimezone(cal.zone).date())
        return schedule.end_of_day(cal, day)
    raise ValueError(f"unknown response target {rule!r}; expected one of {RULES}")


def response_seconds(
    cal: WorkCalendar, created: datetime, answered: datetime, schedule: Schedule | None = None
) -> float:
    """Working seconds (opening hours) from arrival to answer."""
    return working_seconds(cal, created, answered, schedule or Schedule())


def within_target(
    cal: WorkCalendar,
    created: datetime,
    answered: datetime,
    rule: str,
    schedule: Schedule | None = None,
) -> bool:
    return answered <= response_deadline(cal, created, rule, schedule)


def median(values: Sequence[float]) -> float | None:
    if not values:
        return None
    s = sorted(values)
    mid = len(s) // 2
    return float(s[mid]) if len(s) % 2 else (s[mid - 1] + s[mid]) / 2.0


@dataclass(frozen=True)
class ResponseStats:
    """Answered within target among comments that needed an answer and whose fate is known."""

    considered: int = 0  # answered, or still open past their deadline
    within: int = 0
    answered: int = 0
    median_seconds: float | None = None  # working seconds, answered comments only

    @property
    def share(self) -> float | None:
        """Percent answered within target, None when nothing was due."""
        return self.within / self.considered * 100.0 if self.considered else None


class ResponseJudge:
    """Evaluates many (created, answered) pairs quickly: epoch seconds in, ResponseStats out.
    Each working-time clock is built on first use (deadlines alone need at most one)."""

    def __init__(
        self,
        cal: WorkCalendar,
        rule: str,
        schedule: Schedule,
        first: datetime,
        last: datetime,
    ) -> None:
        if rule not in RULES:
            raise ValueError(f"unknown response target {rule!r}; expected one of {RULES}")
        self.cal, self.rule, self.schedule = cal, rule, schedule
        self.first, self.last = first, last + timedelta(days=40)
        self._nwd: dict[date, float] = {}

    @cached_property
    def opening(self) -> WorkingClock:
        """Opening hours on working days (response durations)."""
        return WorkingClock(self.cal, self.schedule, self.first, self.last)

    @cached_property
    def allday(self) -> WorkingClock:
        """Every hour of working days (the "24h" rule's clock)."""
        return WorkingClock(self.cal, Schedule(ALL_DAY), self.first, self.last)

    def _nwd_deadline(self, d: date) -> float:
        """End of the opening hours of the first working day after local day ``d``."""
        hit = self._nwd.get(d)
        if hit is None:
            nxt = self.cal.next_working_day(d)
            hit = self._nwd[d] = self.schedule.end_of_day(self.cal, nxt).timestamp()
        return hit

    def _deadline(self, created: float) -> float:
        if self.rule == "24h":
            due = self.allday.add(created, 24 * 3600)
            return float("inf") if due is None else self.opening.inside(due, created)
        return self._nwd_deadline(datetime.fromtimestamp(created, tz=self.cal.zone).date())

    def _nwd_deadlines(self, created: np.ndarray) -> np.ndarray:
        """``_deadline`` under "next_working_day" for an array: one look-up per local day."""
        out = np.empty(len(created), dtype=float)
        if not len(created):
            return out
        order = np.argsort(created, kind="stable")
        s = created[order]
        i = 0
        while i < len(s):  # walk the sorted instants one local day at a time
            day = datetime.fromtimestamp(float(s[i]), tz=self.cal.zone).date()
            next_midnight = datetime.combine(day + timedelta(days=1), time(0), self.cal.zone)
            j = int(np.searchsorted(s, next_midnight.timestamp(), side="left"))
            out[order[i:j]] = self._nwd_deadline(day)
            i = j
        return out

    def deadline(self, created: datetime) -> datetime:
        return datetime.fromtimestamp(self._deadline(created.timestamp()), tz=self.cal.zone)

    def stats_grouped(
        self, keys: Sequence[str], created: np.ndarray, answered: np.ndarray, now: float
    ) -> tuple[dict[str, ResponseStats], ResponseStats]:
        """Vectorised :meth:`stats` per key and in total; ``answered`` is NaN for open comments.
        Keys appear in the result in the order they first occur."""
        if not len(created):
            return {}, ResponseStats()
        is_answered = ~np.isnan(answered)
        ans = np.where(is_answered, answered, created)
        if self.rule == "24h":
            raw = self.allday.add_many(created, 24 * 3600)
            deadlines = self.opening.inside_many(raw, created)
        else:
            deadlines = self._nwd_deadlines(created)
        late = np.where(is_answered, ans > deadlines, now > deadlines)
        considered = is_answered | late
        within = is_answered & ~late
        durations = self.opening.at_many(ans) - self.opening.at_many(created)
        index: dict[str, int] = {}
        codes = np.fromiter(
            (index.setdefault(k, len(index)) for k in keys), dtype=np.intp, count=len(keys)
        )
        n = len(index)
        n_considered = np.bincount(codes, weights=considered, minlength=n)
        n_within = np.bincount(codes, weights=within, minlength=n)
        a_codes, d = codes[is_answered], durations[is_answered]
        n_answered = np.bincount(a_codes, minlength=n)
        medians = _group_medians(a_codes, d, n_answered)
        out = {
            key: ResponseStats(
                int(n_considered[i]),
                int(n_within[i]),
                int(n_answered[i]),
                float(medians[i]) if n_answered[i] else None,
            )
            for key, i in index.items()
        }
        total = ResponseStats(
            int(considered.sum()),
            int(within.sum()),
            int(len(d)),
            float(np.median(d)) if len(d) else None,
        )
        return out, total

    def stats(self, pairs: Iterable[tuple[float, float | None]], now: float) -> ResponseStats:
        """``pairs`` of (created, answered or None for still open) as epoch seconds."""
        considered = within = 0
        durations: list[float] = []
        for created, answered in pairs:
            due = self._deadline(created)
            if answered is None:
                if now > due:
                    considered += 1
                continue
            considered += 1
            if answered <= due:
                within += 1
            durations.append(self.opening.between(created, answered))
        return ResponseStats(considered, within, len(durations), median(durations))


def _group_medians(codes: np.ndarray, values: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The median of ``values`` per group code (``counts[g]`` values in group ``g``; NaN for an
    empty group), as ``np.median`` computes it: the middle value, or the mean of the two."""
    out = np.full(len(counts), np.nan)
    if not len(values):
        return out
    ordered = values[np.lexsort((values, codes))]  # by group, then by value
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    has = counts > 0
    lo = starts[has] + (counts[has] - 1) // 2
    hi = starts[has] + counts[has] // 2
    out[has] = (ordered[lo] + ordered[hi]) / 2.0
    return out


def schedule_from_config(config: object) -> Schedule:
    """Opening hours (and seasonal extended hours) from a ``bot.config.Config``."""
    rotation = getattr(config, "rotation", None)
    if rotation is None:
        return Schedule()
    periods = tuple((p.start, p.end, p.hours.weekly()) for p in rotation.extended_hours)
    return Schedule(rotation.opening_hours.weekly(), periods)
