"""Duty timeline: the precomputed (mode, shift) segments behind the duty queries.

Pure: no I/O, no clock reads. :class:`Timeline` is the per-rotation cache behind
:func:`bot.duty.rotation.duty_at`; it is built lazily per local year and kept on the rotation. The
open / on-call / closed timeline of a local year depends only on the hours configuration and is
shared between rotations (:func:`mode_year`).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from threading import Lock
from zoneinfo import ZoneInfo

from bot.duty.model import ONE_DAY, Duty, Mode, Rotation
from bot.duty.staffing import on_call_person
from bot.workdays import WorkCalendar

MAX_AHEAD_YEARS = 5  # how far mode_until / next_opening look ahead before giving up (None)
_EPOCH_ORD = date(1970, 1, 1).toordinal()
YearTimeline = tuple[list[float], list[Mode], float, list[datetime]]
Steps = list[tuple[float, float]]  # (first local wall second with the new UTC offset, offset)


def transitions(zone: ZoneInfo, first: date, last: date) -> tuple[float, Steps]:
    """(offset at the start, [(first local wall second using the new offset, new offset)]) of
    the zone's UTC-offset changes from ``first`` to ``last`` + 2 days, in seconds. Found by
    weekly sampling and bisection to the second."""
    lo = int(datetime.combine(first - ONE_DAY, time(0), tzinfo=zone).timestamp())
    hi = int(datetime.combine(last + timedelta(days=3), time(0), tzinfo=zone).timestamp())

    def offset(ts: int) -> float:
        off = datetime.fromtimestamp(ts, zone).utcoffset()
        return off.total_seconds() if off is not None else 0.0

    off0 = prev = offset(lo)
    steps: Steps = []
    ts = lo
    while ts < hi:
        nxt = min(ts + 7 * 86400, hi)
        new = offset(nxt)
        if new != prev:
            a, b = ts, nxt
            while b - a > 1:
                mid = (a + b) // 2
                a, b = (mid, b) if offset(mid) == prev else (a, mid)
            steps.append((b + max(prev, new), new))
            prev = new
        ts = nxt
    return off0, steps


def local_to_utc(local: float, off0: float, steps: Steps) -> float:
    """UTC timestamp of a local wall second (seconds since 1970-01-01 00:00 wall time), equal to
    ``datetime.combine(..., tzinfo=zone).timestamp()``: fold=0, so nonexistent and repeated wall
    times take the offset from before the transition."""
    off = off0
    for threshold, after in steps:
        if local < threshold:
            break
        off = after
    return local - off


def _spans(hours: Hours) -> dict[int, tuple[tuple[float, float], ...]]:
    """Weekday -> (start, end) in seconds after local midnight; end > 86400 past midnight."""
    return {
        d: tuple((_secs(a), _secs(b) + (86400 if b <= a else 0)) for a, b in spans)
        for d, spans in hours
    }


def _secs(t: time) -> float:
    return t.hour * 3600 + t.minute * 60 + t.second + t.microsecond / 1e6


Hours = tuple[tuple[int, tuple[tuple[time, time], ...]], ...]
HoursKey = tuple[
    str, WorkCalendar, Hours, tuple[tuple[date, date, Hours], ...], Hours | None, int | None
]


def _freeze(hours: Mapping[int, tuple[tuple[time, time], ...]]) -> Hours:
    return tuple(sorted((d, tuple(spans)) for d, spans in hours.items() if spans))


def _hours_key(rot: Rotation) -> HoursKey:
    """Everything the open/on-call/closed timeline depends on (not the teams or shifts)."""
    oc = rot.on_call
    ext = tuple((e.start, e.end, _freeze(e.hours)) for e in rot.extended)
    return (
        rot.tz, rot.cal, _freeze(rot.opening), ext,
        None if oc is None else _freeze(oc.hours), None if oc is None else oc.holiday_weekday,
    )  # fmt: skip


@lru_cache(maxsize=512)
def mode_year(key: HoursKey, y: int) -> YearTimeline:
    """(segment starts, modes, end, local datetimes of starts and end) of local year y for an
    hours configuration; shared by every rotation with the same configuration (callers must
    not mutate the lists)."""
    tz, cal, opening_t, extended, on_call_t, holiday_weekday = key
    zone = ZoneInfo(tz)
    opening, on_call = _spans(opening_t), None if on_call_t is None else _spans(on_call_t)
    ext = [(a, b, _spans(h)) for a, b, h in extended]
    y0 = datetime(y, 1, 1, tzinfo=zone).timestamp()
    y1 = datetime(y + 1, 1, 1, tzinfo=zone).timestamp()
    first, last = date(y - 1, 12, 31), date(y, 12, 31)
    hol = cal.holidays_between(first, last)
    off0, steps = transitions(zone, first, last)
    d_open: dict[float, int] = {}  # utc -> change in the number of open / on-call spans
    d_call: dict[float, int] = {}
    hol_days = {d.toordinal() for d in hol}
    ext_days = [(a.toordinal(), b.toordinal(), spans) for a, b, spans in ext]
    for day in range(first.toordinal(), last.toordinal() + 1):
        wd, is_hol = (day - 1) % 7, day in hol_days  # ordinal 1 (0001-01-01) is a Monday
        base = (day - _EPOCH_ORD) * 86400.0  # local wall seconds at midnight
        off: float | None = off0  # one UTC offset for this day and the next (fast path)?
        for threshold, after in steps:
            if base >= threshold:
                off = after
            elif threshold < base + 172800:
                off = None
                break
        day_open: Sequence[tuple[float, float]] = ()
        if not is_hol:
            hours = opening if wd < 5 else None
            for e_start, e_end, e_spans in ext_days:
                if e_start <= day <= e_end:
                    hours = e_spans
                    break
            if hours:
                day_open = hours.get(wd, ())
        day_call: Sequence[tuple[float, float]] = ()
        if on_call is not None:
            day_key = holiday_weekday if is_hol else wd
            if day_key is not None:
                day_call = on_call.get(day_key, ())
        for spans, target in ((day_open, d_open), (day_call, d_call)):
            for sa, sb in spans:
                if off is not None:
                    lo, hi = base + sa - off, base + sb - off
                else:
                    lo = local_to_utc(base + sa, off0, steps)
                    hi = local_to_utc(base + sb, off0, steps)
                lo, hi = max(lo, y0), min(hi, y1)
                if lo < hi:
                    target[lo] = target.get(lo, 0) + 1
                    target[hi] = target.get(hi, 0) - 1
    starts: list[float] = []
    modes: list[Mode] = []
    n_open = n_call = 0
    for p in sorted(d_open.keys() | d_call.keys() | {y0}):
        if p >= y1:
            break
        n_open += d_open.get(p, 0)
        n_call += d_call.get(p, 0)
        mode: Mode = "open" if n_open else ("on_call" if n_call else "closed")
        if not modes or modes[-1] != mode:
            starts.append(p)
            modes.append(mode)
    dts = [datetime.fromtimestamp(p, zone) for p in (*starts, y1)]
    return starts, modes, y1, dts


class _State:
    """One immutable-once-published snapshot of a timeline (swapped whole, so concurrent
    readers never see half-rebuilt lists); ``duty`` / ``exact`` are per-segment answer caches."""

    __slots__ = ("starts", "modes", "ks", "lo_year", "hi_year", "lo_ts", "hi_ts", "end_ts",
                 "until", "next_open", "open_start", "duty", "exact")  # fmt: skip

    def __init__(
        self, starts: list[float], modes: list[Mode], ks: list[int], lo_year: int,
        hi_year: int, lo_ts: float, hi_ts: float, end_ts: float,
    ) -> None:  # fmt: skip
        self.starts, self.modes, self.ks = starts, modes, ks
        self.lo_year, self.hi_year = lo_year, hi_year
        self.lo_ts, self.hi_ts, self.end_ts = lo_ts, hi_ts, end_ts
        n = len(starts)
        self.until: list[float | None] = [None] * n
        self.next_open: list[float | None] = [None] * n
        self.open_start: list[bool] = [False] * n
        self.duty: list[Duty | None] = [None] * n
        self.exact: dict[int, Duty] = {}


class Timeline:
    """Segments of constant (mode, shift index), as parallel lists sorted by UTC timestamp,
    covering the contiguous local years ``lo_year .. hi_year``."""

    def __init__(self, rotation: Rotation) -> None:
        self.rot = rotation
        self.zone = rotation.zone
        self.days = 7 * rotation.shift_weeks
        self._bounds: dict[int, tuple[datetime, float]] = {}
        self._years: dict[int, tuple[list[float], list[Mode], list[int], float, list[datetime]]]
        self._years = {}
        self.hours_key = _hours_key(rotation)
        self._lock = Lock()
        self.st = _State([0.0], ["closed"], [0], 0, -1, 0.0, 0.0, 0.0)  # covers nothing

    # -- shifts, by local-date arithmetic ------------------------------------------------------
    def boundary(self, k: int) -> tuple[datetime, float]:
        """Start of shift k: (aware local datetime, UTC timestamp)."""
        b = self._bounds.get(k)
        if b is None:
            day = self.rot.start + timedelta(days=self.days * k)
            ts = datetime.combine(day, self.rot.handoff_time, tzinfo=self.zone).timestamp()
            b = self._bounds[k] = (datetime.fromtimestamp(ts, self.zone), ts)
        return b

    def index_at(self, t: datetime) -> int:
        if t.tzinfo is None:
            raise ValueError("duty queries need an aware datetime")
        k = (t.astimezone(self.zone).date() - self.rot.start).days // self.days
        return k - 1 if t.timestamp() < self.boundary(k)[1] else k

    def dt(self, ts: float) -> datetime:
        return datetime.fromtimestamp(ts, self.zone)

    # -- building ------------------------------------------------------------------------------
    def year(self, y: int) -> tuple[list[float], list[Mode], list[int], float, list[datetime]]:
        """(starts, modes, shift indices, end timestamp, local datetimes of starts and end) of
        local year y: the shared timeline of the hours configuration, split at handoffs."""
        got = self._years.get(y)
        if got is None:
            starts, modes, y1, dts = mode_year(self.hours_key, y)
            k = self.index_at(datetime.fromtimestamp(starts[0], self.zone))
            out_s: list[float] = []
            out_m: list[Mode] = []
            out_k: list[int] = []
            out_d: list[datetime] = []
            prev = 0
            while (nb := self.boundary(k + 1)[1]) < y1:
                i = bisect_left(starts, nb)
                out_s += starts[prev:i]
                out_m += modes[prev:i]
                out_k += [k] * (i - prev)
                out_d += dts[prev:i]
                if i == len(starts) or starts[i] != nb:  # split the segment containing nb
                    out_s.append(nb)
                    out_m.append(modes[i - 1])
                    out_k.append(k + 1)
                    out_d.append(self.boundary(k + 1)[0])
                prev, k = i, k + 1
            out_s += starts[prev:]
            out_m += modes[prev:]
            out_k += [k] * (len(starts) - prev)
            out_d += dts[prev:]  # includes the end
            got = self._years[y] = (out_s, out_m, out_k, y1, out_d)
        return got

    def _cover(self, lo: int, hi: int) -> _State:
        """Cover local years lo..hi (and what is covered already, unless far away); readers
        keep using the old state object until the new one is complete."""
        with self._lock:
            old = self.st
            covered = old.hi_year >= old.lo_year
            if covered and (lo > old.hi_year + 3 or hi < old.lo_year - 3):
                self._years.clear()  # far away: start afresh rather than fill the gap
            elif covered:
                lo, hi = min(lo, old.lo_year), max(hi, old.hi_year)
            self.st = self._state(lo, hi)
            return self.st

    def _state(self, lo: int, hi: int) -> _State:
        starts: list[float] = []
        modes: list[Mode] = []
        ks: list[int] = []
        for y in range(lo, hi + 1):
            for s, m, k in zip(*self.year(y)[:3], strict=True):
                if not modes or modes[-1] != m or ks[-1] != k:
                    starts.append(s)
                    modes.append(m)
                    ks.append(k)
        n = len(starts)
        until: list[float | None] = [None] * n
        next_open: list[float | None] = [None] * n
        open_start = [False] * n
        nxt: float | None = None
        for i in range(n - 1, -1, -1):
            if i + 1 < n:
                until[i] = starts[i + 1] if modes[i + 1] != modes[i] else until[i + 1]
            next_open[i] = nxt
            if modes[i] == "open" and i > 0 and modes[i - 1] != "open":
                open_start[i] = True
                nxt = starts[i]
        st = _State(
            starts, modes, ks, lo, hi, datetime(lo, 1, 1, tzinfo=self.zone).timestamp(),
            datetime(hi, 1, 1, tzinfo=self.zone).timestamp(),
            datetime(hi + 1, 1, 1, tzinfo=self.zone).timestamp(),
        )  # fmt: skip
        st.until, st.next_open, st.open_start = until, next_open, open_start
        return st

    # -- queries -------------------------------------------------------------------------------
    def duty(self, t: datetime) -> Duty:
        if t.tzinfo is None:
            raise ValueError("duty queries need an aware datetime")
        ts = t.timestamp()
        st = self.st
        if not st.lo_ts <= ts < st.hi_ts:
            y = t.astimezone(self.zone).year
            st = self._cover(y, y + 1)
        while True:
            i = bisect_right(st.starts, ts) - 1
            exact = ts == st.starts[i] and st.open_start[i]
            cached = st.exact.get(i) if exact else st.duty[i]
            if cached is not None:
                return cached
            unknown = st.until[i] is None or (st.next_open[i] is None and not exact)
            if unknown and st.hi_year < t.astimezone(self.zone).year + MAX_AHEAD_YEARS:
                st = self._cover(st.lo_year, st.hi_year + 1)
                continue
            duty = self._make(st, i, exact)
            if exact:
                st.exact[i] = duty
            else:
                st.duty[i] = duty
            return duty

    def _make(self, st: _State, i: int, exact: bool) -> Duty:
        k, mode = st.ks[i], st.modes[i]
        team = self.rot.teams[k % len(self.rot.teams)]
        person = None
        if mode == "on_call":
            person = on_call_person(self.rot, k, team.lead, team.members)
        until, nxt = st.until[i], st.starts[i] if exact else st.next_open[i]
        return Duty(
            team,
            team,
            team.lead,
            team.members,
            mode,
            person,
            k,
            self.boundary(k)[0],
            self.boundary(k + 1)[0],
            None if until is None else self.dt(until),
            None if nxt is None else self.dt(nxt),
        )

    def raw_windows(self, a: datetime, b: datetime) -> Iterator[tuple[float, float, Mode, int]]:
        """(start_ts, end_ts, mode, shift index) pieces of [a, b)."""
        a_ts, b_ts = a.timestamp(), b.timestamp()
        if a_ts >= b_ts:
            return
        st = self.st
        if not (st.lo_ts <= a_ts and b_ts <= st.end_ts):
            lo = a.astimezone(self.zone).year
            hi = datetime.fromtimestamp(b_ts - 1e-3, self.zone).year  # b is exclusive
            st = self._cover(lo, hi)
        starts, n = st.starts, len(st.starts)
        i = bisect_right(starts, a_ts) - 1
        while i < n and starts[i] < b_ts:
            end = starts[i + 1] if i + 1 < n else st.end_ts
            yield max(starts[i], a_ts), min(end, b_ts), st.modes[i], st.ks[i]
            i += 1


def timeline_of(rotation: Rotation) -> Timeline:
    """The rotation's precomputed timeline, built on first use and kept on the rotation."""
    timeline = rotation._plan
    if timeline is None:
        timeline = Timeline(rotation)
        object.__setattr__(rotation, "_plan", timeline)
    return timeline  # type: ignore[no-any-return]
