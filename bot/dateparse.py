"""Dates as people type them in commands: 2026-12-24, 24.12, 24.12.2026, 24/12, and weeks
(uke 48, v48, w48, 2026-W48). Pure: ``today`` is passed in."""

from __future__ import annotations

import re
from datetime import date, timedelta

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})[./](\d{1,2})(?:[./](\d{2}|\d{4}))?\.?$")
_WEEK = re.compile(r"^(?:(\d{4})-?)?(?:uke|veke|vecka|v|w|week|wk)\s*\.?\s*(\d{1,2})$", re.I)
_ISO_WEEK = re.compile(r"^(\d{4})-W(\d{1,2})$", re.I)


def parse_day(text: str, today: date) -> date | None:
    """One date, or None if it is not one. A date without year is the next such date."""
    s = text.strip().lower()
    if s in ("today", "i dag", "idag"):
        return today
    if s in ("tomorrow", "i morgen", "imorgen", "imorgon", "i morgon"):
        return today + timedelta(days=1)
    try:
        if m := _ISO.match(s):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _DMY.match(s):
            day, month = int(m[1]), int(m[2])
            if m[3]:
                year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
                return date(year, month, day)
            candidate = date(today.year, month, day)
            return candidate if candidate >= today else date(today.year + 1, month, day)
    except ValueError:
        return None
    return None


def parse_week(text: str, today: date) -> tuple[date, date] | None:
    """An ISO week as (Monday, Sunday). A week without year is the next such week."""
    s = text.strip()
    m = _ISO_WEEK.match(s) or _WEEK.match(s.replace(" ", "") if s[:1].isdigit() else s)
    if not m:
        return None
    week = int(m[2])
    year = int(m[1]) if m[1] else today.isocalendar().year
    try:
        monday = date.fromisocalendar(year, week, 1)
    except ValueError:
        return None
    if not m[1] and monday + timedelta(days=6) < today:
        try:
            monday = date.fromisocalendar(year + 1, week, 1)
        except ValueError:
            return None
    return monday, monday + timedelta(days=6)


def parse_day_or_week(text: str, today: date) -> tuple[date, date] | None:
    d = parse_day(text, today)
    if d is not None:
        return d, d
    return parse_week(text, today)


def parse_period(text: str, today: date) -> tuple[date, date] | None:
    """'2026-11', '2026', '2026-Q4', '<from> <to>'; default: the current month."""
    s = text.strip()
    if not s:
        first = today.replace(day=1)
        nxt = (first + timedelta(days=32)).replace(day=1)
        return first, nxt - timedelta(days=1)
    if m := re.fullmatch(r"(\d{4})-(\d{2})", s):
        if not 1 <= int(m[2]) <= 12:
            return None
        first = date(int(m[1]), int(m[2]), 1)
        return first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    if m := re.fullmatch(r"(\d{4})", s):
        return date(int(m[1]), 1, 1), date(int(m[1]), 12, 31)
    if m := re.fullmatch(r"(\d{4})-?[Qq]([1-4])", s):
        q = int(m[2])
        first = date(int(m[1]), 3 * q - 2, 1)
        return first, (date(int(m[1]) + (q == 4), (3 * q) % 12 + 1, 1)) - timedelta(days=1)
    parts = s.split()
    if len(parts) == 2:
        a, b = parse_day(parts[0], today), parse_day(parts[1], today)
        if a and b and a <= b:
            return a, b
    return None
