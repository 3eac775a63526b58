"""The one date and period parser behind every command (bot/dateparse.py), in nb, sv and en."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.dateparse import parse_day, parse_period, parse_report_period, take_day, take_span

SUNDAY = date(2026, 12, 6)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("i dag", date(2026, 12, 6)),
        ("idag", date(2026, 12, 6)),
        ("today", date(2026, 12, 6)),
        ("i morgen", date(2026, 12, 7)),
        ("imorgen", date(2026, 12, 7)),
        ("imorgon", date(2026, 12, 7)),
        ("i morgon", date(2026, 12, 7)),
        ("tomorrow", date(2026, 12, 7)),
        ("i overmorgen", date(2026, 12, 8)),
        ("fredag", date(2026, 12, 11)),
        ("fre", date(2026, 12, 11)),
        ("fredag", date(2026, 12, 11)),
        ("Friday", date(2026, 12, 11)),
        ("torsdag", date(2026, 12, 10)),
        ("söndag", date(2026, 12, 6)),  # today included
        ("neste søndag", date(2026, 12, 13)),
        ("nästa måndag", date(2026, 12, 7)),
        ("next monday", date(2026, 12, 7)),
        ("24.12", date(2026, 12, 24)),
        ("24.12.", date(2026, 12, 24)),
        ("24/12", date(2026, 12, 24)),
        ("1.1", date(2027, 1, 1)),  # the next such date
        ("24.12.2027", date(2027, 12, 24)),
        ("24.12.27", date(2027, 12, 24)),
        ("2027-01-04", date(2027, 1, 4)),
        ("24. desember", date(2026, 12, 24)),
        ("24 dec", date(2026, 12, 24)),
        ("December 24", date(2026, 12, 24)),
        ("3. januar 2028", date(2028, 1, 3)),
    ],
)
def test_days(text: str, expected: date) -> None:
    assert parse_day(text, SUNDAY) == expected


@pytest.mark.parametrize("text", ["", "31.02", "someday", "uke 51", "32.1", "2026-13-01", "i"])
def test_not_days(text: str) -> None:
    assert parse_day(text, SUNDAY) is None


@pytest.mark.parametrize(
    "text", ["uke 51", "uke51", "v. 51", "v.51", "v51", "vecka 51", "week 51", "w51", "2026-W51"]
)
def test_week_51_however_it_is_written(text: str) -> None:
    span = take_day(text.split(), SUNDAY)
    assert span is not None and (span.first, span.last) == (date(2026, 12, 14), date(2026, 12, 20))
    assert span.words == len(text.split())


def test_weeks_relative_and_with_a_year() -> None:
    assert take_day(["neste", "uke"], SUNDAY).first == date(2026, 12, 7)  # type: ignore[union-attr]
    assert take_day(["denne", "uka"], SUNDAY).first == date(2026, 11, 30)  # type: ignore[union-attr]
    assert take_day("uke 2".split(), SUNDAY).first == date(2027, 1, 11)  # type: ignore[union-attr]
    assert take_day("uke 51 2027".split(), SUNDAY).first == date(2027, 12, 20)  # type: ignore[union-attr]


def test_spans_leave_the_rest_of_the_command() -> None:
    start, end, used = take_span("20.12 - 3.1 ferie i Spania".split(), SUNDAY)  # type: ignore[misc]
    assert (start.first, end.last, used) == (date(2026, 12, 20), date(2027, 1, 3), 3)  # type: ignore[union-attr]
    start, end, used = take_span("20.12-3.1 syk".split(), SUNDAY)  # type: ignore[misc]
    assert (end.last, used) == (date(2027, 1, 3), 1)  # type: ignore[union-attr]
    start, end, used = take_span("i morgen til fredag kurs".split(), SUNDAY)  # type: ignore[misc]
    assert (start.first, end.last, used) == (date(2026, 12, 7), date(2026, 12, 11), 4)  # type: ignore[union-attr]
    start, end, used = take_span("uke 51 kurs".split(), SUNDAY)  # type: ignore[misc]
    assert (start.first, start.last, end, used) == (date(2026, 12, 14), date(2026, 12, 20), None, 2)
    # an end without a year is the next such date after the start: 20.12 then 10.12 is a year on
    start, end, _ = take_span("20.12 10.12".split(), SUNDAY)  # type: ignore[misc]
    assert end.last == date(2027, 12, 10) and not end.year_given  # type: ignore[union-attr]


def test_recent_past_dates_for_absences_registered_afterwards() -> None:
    dec28 = date(2026, 12, 28)
    assert take_day(["20.12"], dec28).first == date(2027, 12, 20)  # type: ignore[union-attr]
    assert take_day(["20.12"], dec28, recent=31).first == date(2026, 12, 20)  # type: ignore[union-attr]
    jan3 = date(2027, 1, 3)
    assert take_day(["28.12"], jan3, recent=31).first == date(2026, 12, 28)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", (date(2026, 12, 1), date(2026, 12, 31))),
        ("2026-11", (date(2026, 11, 1), date(2026, 11, 30))),
        ("november", (date(2026, 11, 1), date(2026, 11, 30))),
        ("februar 2028", (date(2028, 2, 1), date(2028, 2, 29))),
        ("2026", (date(2026, 1, 1), date(2026, 12, 31))),
        ("2026-Q4", (date(2026, 10, 1), date(2026, 12, 31))),
        ("q3", (date(2026, 7, 1), date(2026, 9, 30))),
        ("H1 2026", (date(2026, 1, 1), date(2026, 6, 30))),
        ("uke 49", (date(2026, 11, 30), date(2026, 12, 6))),
        ("v. 2", (date(2026, 1, 5), date(2026, 1, 11))),  # looking back: this year's week 2
        ("1.11 30.11", (date(2026, 11, 1), date(2026, 11, 30))),
        ("1.11-30.11", (date(2026, 11, 1), date(2026, 11, 30))),
        ("2026-11-01 til 2026-11-15", (date(2026, 11, 1), date(2026, 11, 15))),
    ],
)
def test_periods(text: str, expected: tuple[date, date]) -> None:
    assert parse_period(text, SUNDAY) == expected


@pytest.mark.parametrize("text", ["abc", "2026-13", "30.11 1.11 2.11", "uke 54"])
def test_not_periods(text: str) -> None:
    assert parse_period(text, SUNDAY) is None


def test_report_periods() -> None:
    assert parse_report_period("q4", date(2026, 5, 1)) == (
        "2025-Q4",
        date(2025, 10, 1),
        date(2025, 12, 31),
    )
    assert parse_report_period("2026-H2", SUNDAY) == (
        "2026-H2",
        date(2026, 7, 1),
        date(2026, 12, 31),
    )
    assert parse_report_period("2026", SUNDAY) is None


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)))
def test_every_day_written_iso_or_nordic_reads_back(d: date) -> None:
    assert parse_day(d.isoformat(), SUNDAY) == d
    assert parse_day(f"{d.day}.{d.month}.{d.year}", SUNDAY) == d
    assert parse_day(f"{d.day}/{d.month}/{d.year}", SUNDAY) == d
