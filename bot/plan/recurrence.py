"""Deadline recurrences of the annual plan, and the RFC 5545 (RRULE) engine behind one kind.

Pure: no clock reads, no I/O. A :data:`Recurrence` is one of :class:`OnDate` (one date),
:class:`YearlyDate` (the same day every year; 02-29 falls on 28 February in other years),
:class:`NthWeekday` (e.g. the last Friday of August) or :class:`RRule`. Each has a canonical
``text`` that :func:`bot.plan.when.parse_when` reads back unchanged (store that text, e.g. in
``plan_items.when_text``) and ``between(start, end)`` listing its dates in ``[start, end]``.

RRULE text: ``DTSTART:yyyymmdd`` (optional; the rule is anchored at 2000-01-01 without it), one or
more ``RRULE:...`` and optional ``EXDATE:``/``RDATE:`` lines. FREQ must be DAILY, WEEKLY, MONTHLY
or YEARLY; only dates count (times in DTSTART/UNTIL are dropped). As in dateutil, DTSTART is an
occurrence only when the rule produces it (RFC 5545 leaves an unsynchronised DTSTART undefined).
A rule that never produces a date is rejected: a quick filter over a 28-year cycle catches
impossible BYMONTH/BYMONTHDAY/BYDAY combinations, then the first occurrences are checked against
EXDATE/COUNT.

:class:`DayShifts` (in :mod:`bot.plan.dayshifts`) moves reminder days off
non-working days for :func:`bot.plan.model.reminders_due`.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from dateutil.rrule import rrule, rruleset, rrulestr

RRULE_ANCHOR = date(2000, 1, 1)
_PROBE_YEARS = 100
_MIN_YEAR, _MAX_YEAR = 1970, 2200


class WhenError(ValueError):
    """A date or rule that cannot be used; ``key`` is a localisable ``plan.when.*`` text key."""

    def __init__(self, key: str, value: str, **params: object) -> None:
        super().__init__(f"{key}: {value!r}")
        self.key = key
        self.value = value
        self.params = params


@dataclass(frozen=True)
class OnDate:
    """A single deadline date."""

    day: date

    @property
    def text(self) -> str:
        return self.day.isoformat()

    def between(self, start: date, end: date) -> list[date]:
        return [self.day] if start <= self.day <= end else []


@dataclass(frozen=True)
class YearlyDate:
    """The same day every year ("04-30")."""

    month: int
    day: int

    @property
    def text(self) -> str:
        return f"{self.month:02d}-{self.day:02d}"

    def on(self, year: int) -> date:
        last = calendar.monthrange(year, self.month)[1]
        return date(year, self.month, min(self.day, last))

    def between(self, start: date, end: date) -> list[date]:
        days = (self.on(y) for y in range(start.year, end.year + 1))
        return [d for d in days if start <= d <= end]


ORDINAL_EN = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}
WEEKDAY_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_EN = (
    "January February March April May June July August September October November December"
).split()


@dataclass(frozen=True)
class NthWeekday:
    """The nth (1..5, or -1 for last) weekday (0=Monday) of a month, every year."""

    nth: int
    weekday: int
    month: int

    @property
    def text(self) -> str:
        return f"{ORDINAL_EN[self.nth]} {WEEKDAY_EN[self.weekday]} of {MONTH_EN[self.month - 1]}"

    def on(self, year: int) -> date | None:
        last = calendar.monthrange(year, self.month)[1]
        if self.nth < 0:
            last_day = date(year, self.month, last)
            return last_day - timedelta(days=(last_day.weekday() - self.weekday) % 7)
        first = date(year, self.month, 1)
        day = 1 + (self.weekday - first.weekday()) % 7 + 7 * (self.nth - 1)
        return date(year, self.month, day) if day <= last else None

    def between(self, start: date, end: date) -> list[date]:
        days = (self.on(y) for y in range(start.year, end.year + 1))
        return [d for d in days if d is not None and start <= d <= end]


@dataclass(frozen=True)
class RRule:
    """An RFC 5545 recurrence; ``text`` holds canonical DTSTART/RRULE/EXDATE/RDATE lines."""

    text: str

    @property
    def dtstart(self) -> date:
        return _rrule_parts(self.text)[0]

    def between(self, start: date, end: date) -> list[date]:
        rule = _rruleset(self.text)
        lo = datetime.combine(start, datetime.min.time())
        hi = datetime.combine(end, datetime.min.time())
        return [d.date() for d in rule.between(lo, hi, inc=True)]


Recurrence = OnDate | YearlyDate | NthWeekday | RRule


def make_date(value: str, year: int, month: int, day: int) -> date:
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        raise WhenError("plan.when.year_out_of_range", value)
    try:
        return date(year, month, day)
    except ValueError:
        raise WhenError("plan.when.no_such_date", value) from None


# --- RRULE -------------------------------------------------------------------------------

_RRULE_KEYS = {
    "FREQ",
    "INTERVAL",
    "COUNT",
    "UNTIL",
    "BYDAY",
    "BYMONTHDAY",
    "BYYEARDAY",
    "BYWEEKNO",
    "BYMONTH",
    "BYSETPOS",
    "WKST",
}
_FREQS = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
_ICAL_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})(?:T\d{6}Z?)?")


def _ical_date(value: str, raw: str) -> date:
    m = _ICAL_DATE.fullmatch(raw.strip())
    if not m:
        raise WhenError("plan.when.bad_rrule", value)
    return make_date(value, int(m[1]), int(m[2]), int(m[3]))


def parse_rrule(value: str) -> RRule:
    dtstart: date | None = None
    rules: list[str] = []
    exdates: list[date] = []
    rdates: list[date] = []
    for token in value.split():
        name, sep, body = token.partition(":")
        if not sep and token.upper().startswith("FREQ="):
            name, body = "RRULE", token
        name = name.split(";")[0].upper()
        if name == "DTSTART":
            dtstart = _ical_date(value, body)
        elif name == "RRULE":
            rules.append(_canonical_rule(value, body))
        elif name in ("EXDATE", "RDATE"):
            days = [_ical_date(value, part) for part in body.split(",") if part]
            (exdates if name == "EXDATE" else rdates).extend(days)
        else:
            raise WhenError("plan.when.bad_rrule", value)
    if not rules:
        raise WhenError("plan.when.bad_rrule", value)
    lines = [f"DTSTART:{dtstart:%Y%m%d}"] if dtstart else []
    lines += [f"RRULE:{r}" for r in rules]
    if exdates:
        lines.append("EXDATE:" + ",".join(f"{d:%Y%m%d}" for d in sorted(set(exdates))))
    if rdates:
        lines.append("RDATE:" + ",".join(f"{d:%Y%m%d}" for d in sorted(set(rdates))))
    text = "\n".join(lines)
    try:
        _rruleset(text)
    except (ValueError, TypeError):
        raise WhenError("plan.when.bad_rrule", value) from None
    if not _occurs(text):
        raise WhenError("plan.when.rrule_never", value)
    return RRule(text)


def _canonical_rule(value: str, body: str) -> str:
    parts: dict[str, str] = {}
    for part in body.upper().split(";"):
        key, sep, val = part.partition("=")
        if not sep or key not in _RRULE_KEYS or not val or key in parts:
            raise WhenError("plan.when.bad_rrule", value)
        if key == "UNTIL":
            val = f"{_ical_date(value, val):%Y%m%d}"
        parts[key] = val
    if parts.get("FREQ") not in _FREQS or ("COUNT" in parts and "UNTIL" in parts):
        raise WhenError("plan.when.bad_rrule", value)
    for key, val in parts.items():
        check = _RRULE_VALUES.get(key)
        if check is not None and not all(check(v) for v in val.split(",")):
            raise WhenError("plan.when.bad_rrule", value)
    if parts.get("COUNT") == "0":
        raise WhenError("plan.when.rrule_never", value)
    ordered = ["FREQ"] + [k for k in parts if k != "FREQ"]
    return ";".join(f"{k}={parts[k]}" for k in ordered)


def _int_in(lo: int, hi: int, signed: bool = False) -> Callable[[str], bool]:
    def check(v: str) -> bool:
        if not re.fullmatch(r"[+-]?\d{1,4}" if signed else r"\d{1,6}", v):
            return False
        n = abs(int(v))
        return lo <= n <= hi and (signed or int(v) >= 0)

    return check


_BYDAY = re.compile(r"([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)")
_RRULE_VALUES: dict[str, Callable[[str], bool]] = {
    "INTERVAL": _int_in(1, 1000),
    "COUNT": _int_in(0, 100_000),
    "BYMONTH": _int_in(1, 12),
    "BYMONTHDAY": _int_in(1, 31, signed=True),
    "BYYEARDAY": _int_in(1, 366, signed=True),
    "BYWEEKNO": _int_in(1, 53, signed=True),
    "BYSETPOS": _int_in(1, 366, signed=True),
    "BYDAY": lambda v: (m := _BYDAY.fullmatch(v)) is not None and abs(int(m[1] or 0)) <= 53,
    "WKST": lambda v: v in ("MO", "TU", "WE", "TH", "FR", "SA", "SU"),
}
_DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _may_occur(dtstart: date, parts: dict[str, str]) -> bool:
    """A quick necessary condition: some day in the first 28 years (a full weekday/leap-year
    cycle) passes the rule's BYMONTH/BYMONTHDAY/BYYEARDAY/BYDAY filters. dateutil itself would
    search to the year 9999 before giving up on an impossible rule, which takes seconds."""

    def ints(key: str) -> set[int] | None:
        return {int(v) for v in parts[key].split(",")} if key in parts else None

    months, mdays, ydays = ints("BYMONTH"), ints("BYMONTHDAY"), ints("BYYEARDAY")
    wdays = None
    if "BYDAY" in parts:
        wdays = {_DAY_CODES.index(v[-2:]) for v in parts["BYDAY"].split(",")}
    end = dtstart.replace(year=dtstart.year + 28, day=min(dtstart.day, 28))
    if "UNTIL" in parts:
        end = min(end, datetime.strptime(parts["UNTIL"], "%Y%m%d").date())
    d, one = dtstart, timedelta(days=1)
    while d <= end:
        if months is None or d.month in months:
            if wdays is None or d.weekday() in wdays:
                last = calendar.monthrange(d.year, d.month)[1]
                if mdays is None or d.day in mdays or d.day - last - 1 in mdays:
                    if ydays is None:
                        return True
                    yd = d.timetuple().tm_yday
                    if yd in ydays or yd - (366 if calendar.isleap(d.year) else 365) - 1 in ydays:
                        return True
        d += one
    return False


def _rrule_parts(text: str) -> tuple[date, list[str], list[date], list[date]]:
    dtstart = RRULE_ANCHOR
    rules: list[str] = []
    exdates: list[date] = []
    rdates: list[date] = []
    for line in text.splitlines():
        name, _, body = line.partition(":")
        if name == "DTSTART":
            dtstart = datetime.strptime(body, "%Y%m%d").date()
        elif name == "RRULE":
            rules.append(body)
        else:
            days = [datetime.strptime(b, "%Y%m%d").date() for b in body.split(",")]
            (exdates if name == "EXDATE" else rdates).extend(days)
    return dtstart, rules, exdates, rdates


def _dt(d: date) -> datetime:
    # dateutil works on floating (zone-less) datetimes; they never leave this module.
    return datetime(d.year, d.month, d.day)


def clear_cache() -> None:
    """Forget the rules parsed so far (what a cold start pays, for the plan benchmark)."""
    _rruleset.cache_clear()


@lru_cache(maxsize=1024)
def _rruleset(text: str) -> rruleset:
    dtstart, rules, exdates, rdates = _rrule_parts(text)
    rs = rruleset(cache=True)
    for body in rules:
        rs.rrule(rrulestr("RRULE:" + body, dtstart=_dt(dtstart)))
    for d in exdates:
        rs.exdate(_dt(d))
    for d in rdates:
        rs.rdate(_dt(d))
    return rs


def _occurs(text: str) -> bool:
    """Whether the rule has an occurrence within ``_PROBE_YEARS`` of its start."""
    dtstart, rules, exdates, rdates = _rrule_parts(text)
    excluded = set(exdates)
    if any(d not in excluded for d in rdates):
        return True
    bound = dtstart.replace(year=dtstart.year + _PROBE_YEARS, day=min(dtstart.day, 28))
    for body in rules:
        parts = dict(p.split("=", 1) for p in body.split(";"))
        if not _may_occur(dtstart, parts):
            continue
        count = int(parts.pop("COUNT", "0") or 0)
        until = parts.get("UNTIL")
        if until is None or until > f"{bound:%Y%m%d}":
            parts["UNTIL"] = f"{bound:%Y%m%d}"
        probe: rrule = rrulestr(
            "RRULE:" + ";".join(f"{k}={v}" for k, v in parts.items()), dtstart=_dt(dtstart)
        )
        for i, occ in enumerate(probe):
            if count and i >= count:
                break
            if occ.date() not in excluded:
                return True
    return False
