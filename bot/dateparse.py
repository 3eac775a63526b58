"""Dates and periods as people type them in commands, in Norwegian, Swedish and English: the one
parser behind `/vakt away`, `swap`, `hours`, `report`, `plan add` and the command line. Pure:
``today`` is passed in.

Days: ``2026-12-24``, ``24.12``, ``24.12.2026``, ``24/12``, ``24. desember``, ``24 dec``,
``i dag`` / ``idag`` / ``today``, ``i morgen`` / ``imorgen`` / ``imorgon`` / ``tomorrow``,
``i overmorgen`` / ``i övermorgon``, a weekday (``fredag``, ``fre``, ``fredag``, ``friday``: the
next one, today included; ``neste fredag`` / ``nästa fredag`` / ``next friday``: strictly after
today). A date without a year is the next such date from ``today``.

Weeks (Monday to Sunday): ``uke 51``, ``uke51``, ``v. 51``, ``v51``, ``vecka 51``, ``week 51``,
``w51``, ``2026-W51``, ``uke 51 2027``, ``denne uka`` / ``denna vecka`` / ``this week``,
``neste uke`` / ``nästa vecka`` / ``next week``. A week without a year is the next such week.

Periods (``/vakt hours``, ``/vakt report``): a month (``2026-11``, ``november``,
``november 2026``), a year (``2026``), a quarter or half (``2026-Q4``, ``q3``, ``H2 2025``;
without a year the latest one that has begun), a week, or ``<from> <to>`` (also with ``-``,
``–``, ``til``, ``till``, ``to`` between).

:func:`take_day` and :func:`take_span` read from the start of a command's words and return what
is left, so a date of two words ("i morgen", "uke 51") works wherever a date goes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

# --- words (shared with the annual plan's deadline parser, bot.plan.when) -------------------


def _table(rows: Sequence[str], start: int = 0) -> dict[str, int]:
    out: dict[str, int] = {}
    for n, words in enumerate(rows, start=start):
        for w in words.split():
            out[w] = n
    return out


WEEKDAYS: dict[str, int] = _table(
    [
        "monday mon mandag mandagen man måndag måndagen mån",
        "tuesday tue tues tirsdag tirsdagen tir tisdag tisdagen tis",
        "wednesday wed onsdag onsdagen ons",
        "thursday thu thur thurs torsdag torsdagen tor tors",
        "friday fri fredag fredagen fre",
        "saturday sat lørdag lørdagen lør lordag lördag lördagen lör",
        "sunday sun søndag søndagen søn sondag söndag söndagen sön",
    ]
)
MONTHS: dict[str, int] = _table(
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
)
MONTHS.update({f"{w}.": n for w, n in list(MONTHS.items())})

TODAY = {"today", "idag", "i dag"}
TOMORROW = {"tomorrow", "imorgen", "i morgen", "imorgon", "i morgon"}
AFTER_TOMORROW = {"overmorgen", "i overmorgen", "i övermorgon", "övermorgon"}
NEXT = {"neste", "nästa", "next"}
THIS_WEEK = {"denne uka", "denne uken", "denna vecka", "this week"}
NEXT_WEEK = {"neste uke", "nästa vecka", "next week"}
WEEK_WORDS = ("uke", "veke", "vecka", "v", "w", "week", "wk")
RANGE_WORDS = {"-", "–", "—", "til", "till", "to", "until", "tom", "t.o.m."}

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})[./](\d{1,2})(?:[./](\d{2}|\d{4}))?\.?$")
_DAY_NUM = re.compile(r"^(\d{1,2})\.?$")
_YEAR = re.compile(r"^(\d{4})$")
_WEEK_GLUED = re.compile(r"^(?:uke|veke|vecka|v|w|week|wk)\.?(\d{1,2})$", re.I)
_ISO_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.I)
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER_FULL = re.compile(r"^(\d{4})[-_ ]?([QqHh])([1-4])$")
_QUARTER_SHORT = re.compile(r"^([QqHh])([1-4])(?:[-_ ]?(\d{4}))?$")


@dataclass(frozen=True)
class Span:
    """What a date phrase named: one day (``first == last``) or a week; ``year_given`` when
    the year was written (a date without one was taken as the next such date)."""

    first: date
    last: date
    year_given: bool = False
    words: int = 1  # how many words it took


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _next_yearly(
    month: int, day: int, today: date, ahead: bool = True, recent: int = 0
) -> date | None:
    """The next such date from ``today`` (``ahead``), else this year's. A date at most
    ``recent`` days ago is taken as that one ("20.12" typed on 28 December about last week)."""
    for year in (today.year, today.year - 1) if recent else ():
        past = _safe_date(year, month, day)
        if past is not None and today - timedelta(days=recent) <= past < today:
            return past
    this = _safe_date(today.year, month, day)
    if not ahead or (this is not None and this >= today):
        return this
    return _safe_date(today.year + 1, month, day) or this


def _one_word_day(s: str, today: date, ahead: bool = True, recent: int = 0) -> Span | None:
    if s in TODAY:
        return Span(today, today)
    if s in TOMORROW:
        d = today + timedelta(days=1)
        return Span(d, d)
    if s in AFTER_TOMORROW:
        d = today + timedelta(days=2)
        return Span(d, d)
    if s in WEEKDAYS:
        d = today + timedelta(days=(WEEKDAYS[s] - today.weekday()) % 7)
        return Span(d, d)
    if m := _ISO.match(s):
        found = _safe_date(int(m[1]), int(m[2]), int(m[3]))
        return Span(found, found, True) if found else None
    if m := _DMY.match(s):
        day, month = int(m[1]), int(m[2])
        if m[3]:
            year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
            found = _safe_date(year, month, day)
            return Span(found, found, True) if found else None
        found = _next_yearly(month, day, today, ahead, recent)
        return Span(found, found) if found else None
    return None


def _week(year: int | None, week: int, today: date, words: int, ahead: bool = True) -> Span | None:
    base = year if year is not None else today.isocalendar().year
    try:
        monday = date.fromisocalendar(base, week, 1)
    except ValueError:
        return None
    if ahead and year is None and monday + timedelta(days=6) < today:
        try:
            monday = date.fromisocalendar(base + 1, week, 1)
        except ValueError:
            return None
    return Span(monday, monday + timedelta(days=6), year is not None, words)


def take_day(
    words: Sequence[str], today: date, *, ahead: bool = True, recent: int = 0
) -> Span | None:
    """A day or a week named by the first one, two or three of ``words`` (``Span.words`` says
    how many), or None. ``ahead=False``: a date or week without a year is in ``today``'s year
    (periods looking back), not the next one; ``recent``: a date without a year at most that
    many days ago is that past date (absences registered afterwards)."""
    low = [w.strip().lower() for w in words]
    if not low or not low[0]:
        return None
    first = low[0]
    two = " ".join(low[:2])
    if len(low) >= 2:
        if two in TOMORROW | TODAY | AFTER_TOMORROW:
            one = _one_word_day(two, today)
            return Span(one.first, one.last, one.year_given, 2) if one else None
        if two in THIS_WEEK | NEXT_WEEK:
            monday = today - timedelta(days=today.weekday())
            if two in NEXT_WEEK:
                monday += timedelta(days=7)
            return Span(monday, monday + timedelta(days=6), False, 2)
        if first in NEXT and low[1] in WEEKDAYS:
            step = (WEEKDAYS[low[1]] - today.weekday()) % 7 or 7
            d = today + timedelta(days=step)
            return Span(d, d, False, 2)
        if first.rstrip(".") in WEEK_WORDS and low[1].isdigit():
            year = int(low[2]) if len(low) >= 3 and _YEAR.match(low[2]) else None
            return _week(year, int(low[1]), today, 3 if year is not None else 2, ahead)
        if (m := _DAY_NUM.match(first)) and low[1] in MONTHS:
            year_word = low[2] if len(low) >= 3 and _YEAR.match(low[2]) else None
            day, month = int(m[1]), MONTHS[low[1]]
            if year_word:
                found = _safe_date(int(year_word), month, day)
                return Span(found, found, True, 3) if found else None
            found = _next_yearly(month, day, today, ahead, recent)
            return Span(found, found, False, 2) if found else None
        if first in MONTHS and (m := _DAY_NUM.match(low[1])):
            found = _next_yearly(MONTHS[first], int(m[1]), today, ahead, recent)
            return Span(found, found, False, 2) if found else None
    if m := _WEEK_GLUED.match(first):
        year = int(low[1]) if len(low) >= 2 and _YEAR.match(low[1]) else None
        return _week(year, int(m[1]), today, 2 if year is not None else 1, ahead)
    if m := _ISO_WEEK.match(first):
        return _week(int(m[1]), int(m[2]), today, 1)
    return _one_word_day(first, today, ahead, recent)


def _split_glued(words: Sequence[str]) -> tuple[list[str], int]:
    """ "20.12-3.1" as three words (an ISO date keeps its dashes); and how many words of the
    caller's that stood for (1 if split, else 0 extra)."""
    if not words:
        return [], 0
    head = words[0]
    if _ISO.match(head) or _ISO_WEEK.match(head):
        return list(words), 0
    for dash in ("–", "—", "-"):
        a, sep, b = head.partition(dash)
        if sep and a and b:
            return [a, dash, b, *words[1:]], 2
    return list(words), 0


def take_span(
    words: Sequence[str], today: date, *, ahead: bool = True, recent: int = 0
) -> tuple[Span, Span | None, int] | None:
    """A date phrase, optionally followed by an end ("20.12 - 3.1", "20.12-3.1", "20.12 til
    3.1", "20.12 3.1", "uke 51 uke 52"): (start, end or None, how many of ``words`` it took).
    An end without a year is the next such date on or after the start."""
    split, extra = _split_glued(words)
    start = take_day(split, today, ahead=ahead, recent=recent)
    if start is None:
        return None
    used = start.words
    rest = split[used:]
    joined = bool(rest) and rest[0].lower() in RANGE_WORDS
    if joined:
        rest = rest[1:]
    end = take_day(rest, start.first) if rest else None
    if end is None:
        return (start, None, used) if not joined else None
    return start, end, used + int(joined) + end.words - extra


def parse_day(text: str, today: date) -> date | None:
    """One day written as a whole text ("i morgen", "24.12", "fredag"), or None."""
    span = take_day(text.split(), today)
    if span is None or span.first != span.last or span.words != len(text.split()):
        return None
    return span.first


def parse_week(text: str, today: date) -> tuple[date, date] | None:
    """A week written as a whole text ("uke 51", "v51", "2026-W51"): (Monday, Sunday)."""
    span = take_day(text.split(), today)
    if span is None or span.first == span.last or span.words != len(text.split()):
        return None
    return span.first, span.last


def parse_day_or_week(text: str, today: date) -> tuple[date, date] | None:
    span = take_day(text.split(), today)
    if span is None or span.words != len(text.split()):
        return None
    return span.first, span.last


def period_bounds(year: int, kind: str, n: int) -> tuple[date, date] | None:
    """The first and last day of quarter ``n`` (``kind`` Q) or half ``n`` (H) of ``year``."""
    kind = kind.upper()
    if kind == "Q" and 1 <= n <= 4:
        first = date(year, 3 * (n - 1) + 1, 1)
        nxt = date(year + 1, 1, 1) if n == 4 else date(year, 3 * n + 1, 1)
    elif kind == "H" and n in (1, 2):
        first = date(year, 1 if n == 1 else 7, 1)
        nxt = date(year, 7, 1) if n == 1 else date(year + 1, 1, 1)
    else:
        return None
    return first, nxt - timedelta(days=1)


class ReportPeriod(NamedTuple):
    """A quarter or half-year a report covers: its label ("2026-Q3", "2026-H1") and its first and
    last day."""

    label: str
    first: date
    last: date


def parse_report_period(text: str, today: date) -> ReportPeriod | None:
    """ "2026-Q3", "2026-H1", "q3", "H2 2025" -> ("2026-Q3", first, last); None if not one.
    Without a year: the most recent such period that has started (q3 in May = last year's Q3)."""
    value = text.strip().replace(" ", "")
    m = _QUARTER_FULL.match(value)
    if m:
        year, kind, n = int(m[1]), m[2].upper(), int(m[3])
    else:
        m = _QUARTER_SHORT.match(value)
        if not m:
            return None
        kind, n = m[1].upper(), int(m[2])
        year = int(m[3]) if m[3] else today.year
        if not m[3]:
            bounds = period_bounds(year, kind, n)
            if bounds and bounds[0] > today:
                year -= 1
    bounds = period_bounds(year, kind, n)
    if bounds is None:
        return None
    return ReportPeriod(f"{year}-{kind}{n}", bounds[0], bounds[1])


def _month(year: int, month: int) -> tuple[date, date] | None:
    if not 1 <= month <= 12:
        return None
    first = date(year, month, 1)
    return first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def parse_period(text: str, today: date) -> tuple[date, date] | None:
    """A period (see the module docstring); empty: the current month. None if not one."""
    s = " ".join(text.strip().lower().split())
    if not s:
        return _month(today.year, today.month)
    if m := _MONTH.fullmatch(s):
        return _month(int(m[1]), int(m[2]))
    if m := _YEAR.fullmatch(s):
        return date(int(m[1]), 1, 1), date(int(m[1]), 12, 31)
    words = s.split()
    if words[0].rstrip(".") in MONTHS and len(words) <= 2:
        if len(words) == 1:
            return _month(today.year, MONTHS[words[0]])
        if _YEAR.fullmatch(words[1]):
            return _month(int(words[1]), MONTHS[words[0]])
    report = parse_report_period(s, today)
    if report is not None:
        return report.first, report.last
    spans = take_span(words, today, ahead=False)
    if spans is None or spans[2] != len(words):
        return None
    start, end, _ = spans
    last = end.last if end is not None else start.last
    return (start.first, last) if start.first <= last else None
