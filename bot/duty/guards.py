"""Slips caught before anything is stored: absences with reversed or implausible dates, and swaps
that would not change who is on duty. Pure: dates in, a :class:`Refusal` (the text key of the
localised reason and its values) or None out.

* An absence's end before its start is refused, also when it was written without a year and only
  lands after the start by moving into the next year, unless that makes a short absence over New
  Year (``20.12 10.12`` is a slip, not 355 days; ``28.12 2.1`` is five days).
* An absence that began more than ``MAX_BACK`` ago (2020), begins more than ``MAX_AHEAD`` from
  now, or lasts longer than ``MAX_DAYS`` is refused with the limit.
* A swap for days that are past, or more than a year ahead, is refused.
* A swap with someone who is on duty on the same days (a member of one's own team in the same
  shift) changes nothing but the hours: refused, naming the days.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

MAX_BACK = timedelta(days=31)  # an absence may be registered up to a month after it began
MAX_AHEAD = timedelta(days=366)  # ... and up to a year before
MAX_DAYS = 366  # ... and last up to a year (parental leave)
NEW_YEAR_DAYS = 62  # an end without a year may cross New Year for an absence this long


@dataclass(frozen=True)
class Refusal:
    key: str
    kw: dict[str, object] = field(default_factory=dict)


def check_absence(
    first: date, last: date, today: date, *, end_year_given: bool = True
) -> Refusal | None:
    """Why an absence from ``first`` to ``last`` (inclusive) cannot be right, or None."""
    if last < first:
        return Refusal("duty.error.end_before_start", {"start": first, "end": last})
    wrapped = not end_year_given and (last.month, last.day) < (first.month, first.day)
    if wrapped and (last - first).days > NEW_YEAR_DAYS:
        same_year = last.replace(year=first.year)
        return Refusal(
            "duty.error.end_before_start_yearless",
            {"start": first, "end": same_year, "end_next_year": last},
        )
    if first < today - MAX_BACK:
        return Refusal("duty.error.absence_past", {"start": first, "limit": today - MAX_BACK})
    if first > today + MAX_AHEAD:
        return Refusal("duty.error.absence_ahead", {"start": first, "limit": today + MAX_AHEAD})
    days = (last - first).days + 1
    if days > MAX_DAYS:
        return Refusal("duty.error.absence_long", {"n": days, "max": MAX_DAYS})
    return None


def check_swap_dates(first: date, last: date, today: date) -> Refusal | None:
    """A swap is for duty to come: not for days that are past, nor more than a year ahead."""
    if last < first:
        return Refusal("duty.error.end_before_start", {"start": first, "end": last})
    if first < today:
        return Refusal("duty.error.swap_past", {"start": first, "end": last})
    if first > today + MAX_AHEAD:
        return Refusal("duty.error.swap_ahead", {"start": first, "limit": today + MAX_AHEAD})
    return None


def check_swap(mine: Iterable[date], theirs: Iterable[date]) -> Refusal | None:
    """A swap of my duty ``mine`` to someone on duty on ``theirs`` changes nothing on the days
    both are on duty: refused, naming them."""
    both = sorted(set(mine) & set(theirs))
    if not both:
        return None
    return Refusal("duty.error.swap_no_change", {"start": both[0], "end": both[-1]})
