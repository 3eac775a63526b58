"""Reading and describing plan deadlines as people write them, in English, Norwegian and Swedish.

Pure: no clock reads, no I/O. ``parse_when(text)`` turns what people write in a plan sheet into a
:data:`~bot.plan.recurrence.Recurrence`; ``describe_when(rec, locale)`` says it back in nb/sv/en
in a form ``parse_when`` also reads.

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

import re
from datetime import date
from functools import lru_cache

from babel.dates import format_date, format_skeleton

from bot.dateparse import MONTHS, WEEKDAYS
from bot.i18n import babel_locale, fmt_date, t
from bot.plan.recurrence import (
    NthWeekday,
    OnDate,
    Recurrence,
    WhenError,
    YearlyDate,
    make_date,
    parse_rrule,
)

__all__ = ["describe_when", "parse_when"]

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


def _yearly(value: str, month: int, day: int) -> YearlyDate:
    make_date(value, 2000, month, day)  # 2000 is a leap year: 02-29 is allowed
    return YearlyDate(month, day)


def parse_when(text: str) -> Recurrence:
    """Parse a deadline as written in a plan (see the module docstring for the forms)."""
    return _parse_when_cached(text.strip())


def clear_cache() -> None:
    """Forget the "when" texts parsed so far (what a cold start pays, for the plan benchmark)."""
    _parse_when_cached.cache_clear()


@lru_cache(maxsize=4096)
def _parse_when_cached(value: str) -> Recurrence:
    if not value:
        raise WhenError("plan.when.empty", value)
    upper = value.upper()
    if upper.startswith(("RRULE:", "FREQ=", "DTSTART", "RRULE;")):
        return parse_rrule(value)
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
        return OnDate(make_date(value, int(m[1]), int(m[2]), int(m[3])))
    if m := _MONTH_DAY.fullmatch(low):
        return _yearly(value, int(m[1]), int(m[2]))
    if m := _NORDIC.fullmatch(low):
        day, month, year = int(m[1]), int(m[3]), m[4]
        if year is None:
            return _yearly(value, month, day)
        y = int(year) + (2000 if len(year) == 2 else 0)
        return OnDate(make_date(value, y, month, day))
    for pattern, day_group, month_group in ((_DAY_MONTH_NAME, 1, 2), (_MONTH_NAME_DAY, 2, 1)):
        m = pattern.fullmatch(low)
        if m and m[month_group] in MONTHS:
            month, day = MONTHS[m[month_group]], int(m[day_group])
            if m[3] is None:
                return _yearly(value, month, day)
            return OnDate(make_date(value, int(m[3]), month, day))
    if m := _RULE.fullmatch(low):
        nth, weekday, month_ = _ORDINALS.get(m[1]), WEEKDAYS.get(m[2]), MONTHS.get(m[3])
        if nth is not None and weekday is not None and month_ is not None:
            return NthWeekday(nth, weekday, month_)
        if (nth, weekday, month_) != (None, None, None):
            raise WhenError("plan.when.bad_rule", value)
    raise WhenError("plan.when.unparsable", value)


def describe_when(rec: Recurrence, locale: str | None) -> str:
    """A short localised description: "30. april hvert år", "första måndagen i juni", ..."""

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
