"""When an annual-plan item falls due: one date, a yearly day, a weekday rule or an RRULE.

Pure: no clock reads, no I/O. ``parse_when(text)`` turns what people write in a plan sheet into a
:class:`Recurrence`; every recurrence has a canonical ``text`` that ``parse_when`` reads back
unchanged (store that text, e.g. in ``plan_items.when_text``) and ``between(start, end)`` listing
its deadline dates in the inclusive range ``[start, end]``.

Accepted forms (case-insensitive, surrounding whitespace ignored):

* one date: ``2026-04-30``, ``30.04.2026``, ``30.4.26``, ``30/4/2026``, ``30. april 2026``;
* a fixed day every year: ``04-30``, ``30.04.``, ``30.04``, ``30/4``, ``30. april``, ``30 april``;
  a trailing ``hvert år`` / ``varje år`` / ``every year`` also turns a full date into a yearly day.
  ``02-29`` falls on 28 February in years that are not leap years;
* a weekday rule: ``first Monday of June``, ``last Friday of August``, ``første mandag i juni``,
  ``siste fredag i august``, ``första måndagen i juni``, ``sista fredagen i augusti``; ordinals
  first..fifth (also ``1.``/``2nd``) and last. A fifth weekday is skipped in years without one;
* an RFC 5545 rule: ``RRULE:FREQ=YEARLY;BYMONTH=6;BYDAY=1MO`` or ``FREQ=...`` alone, optionally
  preceded by ``DTSTART:20260105`` and followed by ``EXDATE:...`` / ``RDATE:...`` (separated by
  whitespace or new lines). Without DTSTART the rule is anchored at 2000-01-01. Only dates count:
  times in DTSTART/UNTIL are dropped. A rule with no occurrence within 100 years of its start is
  rejected as never occurring.

Errors raise :class:`WhenError` (a ``ValueError``) whose ``key`` is a ``plan.when.*`` text key.
"""

from __future__ import annotations

import calendar
import re
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

# --- words -------------------------------------------------------------------------------

_ORDINALS: dict[str, int] = {}
for _n, _words in {
    1: "first 1st 1. første forste första forsta",
    2: "second 2nd 2. andre annen andra",
    3: "third 3rd 3. tredje",
    4: "fourth 4th 4. fjerde fjärde fjarde",
    5: "fifth 5th 5. femte",
    -1: "last siste sista",
}.items():
    for _w in _words.split():
        _ORDINALS[_w] = _n

_WEEKDAYS: dict[str, int] = {}
for _n, _words in enumerate(
    [
        "monday mon mandag mandagen måndag måndagen",
        "tuesday tue tues tirsdag tirsdagen tisdag tisdagen",
        "wednesday wed onsdag onsdagen",
        "thursday thu thur thurs torsdag torsdagen",
        "friday fri fredag fredagen",
        "saturday sat lørdag lørdagen lordag lördag lördagen",
        "sunday sun søndag søndagen sondag söndag söndagen",
    ]
):
    for _w in _words.split():
        _WEEKDAYS[_w] = _n

_MONTHS: dict[str, int] = {}
for _n, _words in enumerate(
    [
        "january jan januar januari",
        "february feb februar februari",
        "march mar mars",
        "april apr",
        "may mai maj",
        "june jun juni",
        "july jul juli",
        "august aug augusti",
        "september sep sept",
        "october oct okt oktober",
        "november nov",
        "december dec des desember",
    ],
    start=1,
):
    for _w in _words.split():
        _MONTHS[_w] = _n
        _MONTHS[_w + "."] = _n

_WORD = r"[^\W\d_]+\.?"
_YEARLY_SUFFIX = re.compile(
    r"[\s,]*\b(hvert år|hvert aar|kvart år|varje år|every year|yearly|annually|årlig|årligen)$"
)
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t]00:00(?::00)?)?")
_MONTH_DAY = re.compile(r"(\d{1,2})-(\d{1,2})")
_NORDIC = re.compile(r"(\d{1,2})\s*([./])\s*(\d{1,2})(?:\s*\2\s*(\d{2}|\d{4})?)?")
_DAY_MONTH_NAME = re.compile(rf"(\d{{1,2}})\.?\s+({_WORD})(?:\s+(\d{{4}}))?")
_MONTH_NAME_DAY = re.compile(rf"({_WORD})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?")
_RULE = re.compile(rf"(\d\.|\d(?:st|nd|rd|th)|{_WORD})\s+({_WORD})\s+(?:(?:of|in|i)\s+)?({_WORD})")


def _make_date(value: str, year: int, month: int, day: int) -> date:
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        raise WhenError("plan.when.year_out_of_range", value)
    try:
        return date(year, month, day)
    except ValueError:
        raise WhenError("plan.when.no_such_date", value) from None


def _yearly(value: str, month: int, day: int) -> YearlyDate:
    _make_date(value, 2000, month, day)  # 2000 is a leap year: 02-29 is allowed
    return YearlyDate(month, day)


def parse_when(text: str) -> Recurrence:
    """Parse a deadline as written in a plan (see the module docstring for the forms)."""
    return _parse_when_cached(text.strip())


@lru_cache(maxsize=4096)
def _parse_when_cached(value: str) -> Recurrence:
    if not value:
        raise WhenError("plan.when.empty", value)
    upper = value.upper()
    if upper.startswith(("RRULE:", "FREQ=", "DTSTART", "RRULE;")):
        return _parse_rrule(value)
    low = " ".join(value.lower().split())
    yearly = False
    m = _YEARLY_SUFFIX.search(low)
    if m and m.start() > 0:
        low, yearly = low[: m.start()].strip(), True
    rec = _parse_date_forms(value, low)
    if isinstance(rec, OnDate) and yearly:
        return _yearly(value, rec.day.month, rec.day.day)
    return rec


def _parse_date_forms(value: str, low: str) -> Recurrence:
    if m := _ISO.fullmatch(low):
        return OnDate(_make_date(value, int(m[1]), int(m[2]), int(m[3])))
    if m := _MONTH_DAY.fullmatch(low):
        return _yearly(value, int(m[1]), int(m[2]))
    if m := _NORDIC.fullmatch(low):
        day, month, year = int(m[1]), int(m[3]), m[4]
        if year is None:
            return _yearly(value, month, day)
        y = int(year) + (2000 if len(year) == 2 else 0)
        return OnDate(_make_date(value, y, month, day))
    for pattern, day_group, month_group in ((_DAY_MONTH_NAME, 1, 2), (_MONTH_NAME_DAY, 2, 1)):
        m = pattern.fullmatch(low)
        if m and m[month_group] in _MONTHS:
            month, day = _MONTHS[m[month_group]], int(m[day_group])
            if m[3] is None:
                return _yearly(value, month, day)
            return OnDate(_make_date(value, int(m[3]), month, day))
    if m := _RULE.fullmatch(low):
        nth, weekday, month_ = _ORDINALS.get(m[1]), _WEEKDAYS.get(m[2]), _MONTHS.get(m[3])
        if nth is not None and weekday is not None and month_ is not None:
            return NthWeekday(nth, weekday, month_)
        raise WhenError("plan.when.bad_rule", value)
    raise WhenError("plan.when.unparsable", value)


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
    return _make_date(value, int(m[1]), int(m[2]), int(m[3]))


def _parse_rrule(value: str) -> RRule:
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
    if parts.get("FREQ") not in _FREQS:
        raise WhenError("plan.when.bad_rrule", value)
    if parts.get("COUNT") == "0":
        raise WhenError("plan.when.rrule_never", value)
    ordered = ["FREQ"] + [k for k in parts if k != "FREQ"]
    return ";".join(f"{k}={parts[k]}" for k in ordered)


def _rrule_parts(text: str) -> tuple[date, list[str], list[date], list[date]]:
    dtstart, rules, exdates, rdates = RRULE_ANCHOR, [], [], []
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


def describe_when(rec: Recurrence, locale: str | None) -> str:
    """A short localised description: "30. april hvert år", "första måndagen i juni", ..."""
    from babel.dates import format_date, format_skeleton

    from bot.i18n import babel_locale, fmt_date, t

    if isinstance(rec, OnDate):
        return fmt_date(locale, rec.day, "long")
    if isinstance(rec, YearlyDate):
        day = format_skeleton("MMMMd", date(2000, rec.month, rec.day), locale=babel_locale(locale))
        return t(locale, "plan.when.yearly", day=day)
    if isinstance(rec, NthWeekday):
        nth = t(locale, "plan.ordinal.last" if rec.nth < 0 else f"plan.ordinal.{rec.nth}")
        month = format_date(date(2000, rec.month, 1), "MMMM", locale=babel_locale(locale))
        weekday = t(locale, f"plan.weekday.{rec.weekday}")
        return t(locale, "plan.when.rule", nth=nth, weekday=weekday, month=month)
    return t(locale, "plan.when.rrule", rule=" ".join(rec.text.splitlines()))
