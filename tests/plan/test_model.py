"""The annual plan domain: parsing deadlines, occurrences, reminders, overdue notices, digests."""

from __future__ import annotations

import gc
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.i18n import t
from bot.plan.dayshifts import DayShifts
from bot.plan.model import (
    SHIFT_MARGIN_DAYS,
    NthWeekday,
    OccurrenceState,
    OnDate,
    PlanItem,
    Reminder,
    RRule,
    WhenError,
    YearlyDate,
    deadlines_within,
    next_occurrence,
    occurrences,
    parse_when,
    reminder_key,
    reminders_due,
    snooze_until,
)
from bot.plan.when import describe_when
from bot.workdays import WorkCalendar

OSLO = ZoneInfo("Europe/Oslo")
CAL = WorkCalendar("NO", tz="Europe/Oslo")
MORNING = time(8, 30)


def item(when: str, key: str = "k", lead: tuple[int, ...] = (14, 7, 1)) -> PlanItem:
    return PlanItem(key, "Tittel", None, None, "team-a", ("kari",), (), parse_when(when), lead)


def oslo(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=OSLO)


# --- parsing -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-04-30", OnDate(date(2026, 4, 30))),
        ("30.04.2026", OnDate(date(2026, 4, 30))),
        ("30.4.26", OnDate(date(2026, 4, 30))),
        ("30/4/2026", OnDate(date(2026, 4, 30))),
        ("30. april 2026", OnDate(date(2026, 4, 30))),
        ("April 30, 2026", OnDate(date(2026, 4, 30))),
        ("2026-04-30 00:00:00", OnDate(date(2026, 4, 30))),
        ("04-30", YearlyDate(4, 30)),
        ("30.04.", YearlyDate(4, 30)),
        ("30.04", YearlyDate(4, 30)),
        ("30/4", YearlyDate(4, 30)),
        ("30. april", YearlyDate(4, 30)),
        ("30 april varje år", YearlyDate(4, 30)),
        ("30.04.2026 hvert år", YearlyDate(4, 30)),
        ("first Monday of June", NthWeekday(1, 0, 6)),
        ("last Friday of August", NthWeekday(-1, 4, 8)),
        ("første mandag i juni", NthWeekday(1, 0, 6)),
        ("siste fredag i august", NthWeekday(-1, 4, 8)),
        ("första måndagen i juni", NthWeekday(1, 0, 6)),
        ("sista fredagen i augusti", NthWeekday(-1, 4, 8)),
        ("  Tredje   MANDAG i august ", NthWeekday(3, 0, 8)),
        ("2nd Tuesday in March", NthWeekday(2, 1, 3)),
        ("fjärde torsdagen i november", NthWeekday(4, 3, 11)),
    ],
)
def test_parse_when_forms(text: str, expected: object) -> None:
    assert parse_when(text) == expected


def test_parse_when_rrule_forms_are_canonical() -> None:
    a = parse_when("RRULE:FREQ=YEARLY;BYMONTH=6;BYDAY=1MO")
    b = parse_when("freq=yearly;bymonth=6;byday=1mo")
    assert a == b == RRule("RRULE:FREQ=YEARLY;BYMONTH=6;BYDAY=1MO")
    c = parse_when("DTSTART;VALUE=DATE:20260105 RRULE:INTERVAL=3;FREQ=MONTHLY EXDATE:20260405")
    assert c.text == "DTSTART:20260105\nRRULE:FREQ=MONTHLY;INTERVAL=3\nEXDATE:20260405"
    assert occurrences(PlanItem("q", "Q", None, None, None, (), (), c), date(2026, 1, 1),
                       date(2026, 12, 31)) == [date(2026, 1, 5), date(2026, 7, 5),
                                               date(2026, 10, 5)]  # fmt: skip
    # UNTIL with a UTC time is reduced to a date
    d = parse_when("FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=30;UNTIL=20280101T000000Z")
    assert d.text.endswith("UNTIL=20280101")
    assert d.between(date(2026, 1, 1), date(2030, 12, 31)) == [date(2026, 4, 30),
                                                               date(2027, 4, 30)]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("", "plan.when.empty"),
        ("   ", "plan.when.empty"),
        ("31.02.2026", "plan.when.no_such_date"),
        ("2026-02-30", "plan.when.no_such_date"),
        ("02-30", "plan.when.no_such_date"),
        ("30.13.", "plan.when.no_such_date"),
        ("1850-01-01", "plan.when.year_out_of_range"),
        ("sometime in spring", "plan.when.unparsable"),
        ("tredje blursdag i juni", "plan.when.bad_rule"),
        ("RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "plan.when.rrule_never"),
        ("FREQ=DAILY;BYMONTH=4;BYMONTHDAY=31", "plan.when.rrule_never"),
        ("FREQ=YEARLY;COUNT=0", "plan.when.rrule_never"),
        ("DTSTART:20260430 RRULE:FREQ=YEARLY;COUNT=1 EXDATE:20260430", "plan.when.rrule_never"),
        ("FREQ=HOURLY", "plan.when.bad_rrule"),
        ("RRULE:FREQ=YEARLY;BYMONTH=13", "plan.when.bad_rrule"),
        ("RRULE:FREQ=YEARLY;COUNT=2;UNTIL=20300101", "plan.when.bad_rrule"),
        ("RRULE:BYMONTH=6", "plan.when.bad_rrule"),
        ("RRULE:FREQ=YEARLY;COLOUR=red", "plan.when.bad_rrule"),
    ],
)
def test_parse_when_errors_carry_a_localisable_reason(text: str, key: str) -> None:
    with pytest.raises(WhenError) as info:
        parse_when(text)
    assert isinstance(info.value, ValueError)
    assert info.value.key == key
    for locale in ("nb", "sv", "en"):
        assert t(locale, key, value=info.value.value)  # every reason has all three texts


def test_a_rule_that_never_occurs_is_refused_by_the_quick_filter() -> None:
    """31 February never occurs: refused with that reason, by a bounded check (a 28-year filter,
    then the first occurrences), not by dateutil walking to the year 9999 looking for one."""
    with pytest.raises(WhenError) as info:
        parse_when("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=31;INTERVAL=1")
    assert info.value.key == "plan.when.rrule_never"


weekday_rules = st.builds(
    NthWeekday,
    nth=st.sampled_from([1, 2, 3, 4, 5, -1]),
    weekday=st.integers(0, 6),
    month=st.integers(1, 12),
)
yearly_days = st.dates(date(2000, 1, 1), date(2000, 12, 31)).map(
    lambda d: YearlyDate(d.month, d.day)
)
one_dates = st.dates(date(2000, 1, 1), date(2100, 12, 31)).map(OnDate)


@given(rec=st.one_of(weekday_rules, yearly_days, one_dates))
def test_text_and_descriptions_parse_back(rec: object) -> None:
    assert parse_when(rec.text) == rec  # type: ignore[attr-defined]
    for locale in ("nb", "sv", "en"):
        assert parse_when(describe_when(rec, locale)) == rec  # type: ignore[arg-type]


@given(rule=weekday_rules, year=st.integers(1990, 2100))
def test_nth_weekday_dates_are_right(rule: NthWeekday, year: int) -> None:
    days = rule.between(date(year, 1, 1), date(year, 12, 31))
    assert len(days) <= 1
    if rule.nth in (1, 2, 3, 4, -1):
        assert len(days) == 1
    for d in days:
        assert d.weekday() == rule.weekday and d.month == rule.month
        if rule.nth > 0:
            assert (d.day - 1) // 7 + 1 == rule.nth
        else:
            assert (d + timedelta(days=7)).month != rule.month


def test_occurrences_are_inclusive_and_handle_leap_days() -> None:
    feb29 = item("02-29")
    assert occurrences(feb29, date(2027, 1, 1), date(2028, 12, 31)) == [
        date(2027, 2, 28),
        date(2028, 2, 29),
    ]
    assert occurrences(item("04-30"), date(2026, 4, 30), date(2026, 4, 30)) == [date(2026, 4, 30)]
    assert occurrences(item("04-30"), date(2026, 5, 1), date(2026, 4, 1)) == []
    fifth = occurrences(item("fifth Monday of February"), date(2000, 1, 1), date(2030, 12, 31))
    assert fifth == [date(2016, 2, 29)]
    assert next_occurrence(item("30.04."), date(2026, 5, 1)) == date(2027, 4, 30)
    assert next_occurrence(item("2026-04-30"), date(2026, 5, 1)) is None


def test_plan_item_and_state_validation() -> None:
    with pytest.raises(ValueError):
        item("04-30", lead=(7, -1))
    with pytest.raises(ValueError):
        PlanItem("", "x", None, None, None, (), (), parse_when("04-30"))
    with pytest.raises(ValueError):
        OccurrenceState("k", date(2026, 1, 1), "finished")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        OccurrenceState("k", date(2026, 1, 1), "done", "kari", datetime(2026, 1, 1))


# --- reminders ---------------------------------------------------------------------------


def due(items: list[PlanItem], states: list[OccurrenceState], start: datetime, end: datetime,
        **kw: object) -> list[Reminder]:  # fmt: skip
    return reminders_due(items, states, CAL, MORNING, start, end, **kw)  # type: ignore[arg-type]


def test_lead_time_reminders_move_off_holidays_to_the_previous_working_day() -> None:
    # Deadline Saturday 2 January 2027: 14 days before is Saturday 19 Dec -> Friday 18 Dec;
    # 7 days before is Saturday 26 Dec (also Boxing Day) -> Christmas Day is a holiday too ->
    # Thursday 24 Dec; 1 day before is New Year's Day -> Thursday 31 December, a working day.
    plan = [item("2027-01-02")]
    got = [r for r in due(plan, [], oslo(2026, 12, 1), oslo(2027, 1, 3)) if r.kind == "reminder"]
    assert [(r.lead_days, r.at) for r in got] == [
        (14, oslo(2026, 12, 18, 8, 30)),
        (7, oslo(2026, 12, 24, 8, 30)),
        (1, oslo(2026, 12, 31, 8, 30)),
    ]
    assert [r.key for r in got] == [
        "plan:reminder:k:2027-01-02:14",
        "plan:reminder:k:2027-01-02:7",
        "plan:reminder:k:2027-01-02:1",
    ]
    assert CAL.holiday_name(date(2027, 1, 1)) is not None


def test_reminders_on_plain_working_days_and_17_may() -> None:
    # 17 May 2027 is a Monday: the 1-day reminder (Sunday 16th) moves to Friday 14th;
    # the 7-day one is Monday 10th and the 14-day one Monday 3rd.
    got = due([item("05-17")], [], oslo(2027, 4, 1), oslo(2027, 5, 17), since=date(2027, 1, 1))
    assert [(r.lead_days, r.at.date()) for r in got] == [
        (14, date(2027, 5, 3)),
        (7, date(2027, 5, 10)),
        (1, date(2027, 5, 14)),
    ]


def test_two_lead_times_on_the_same_working_day_give_one_reminder() -> None:
    # Deadline Monday 2026-06-01: 1 and 2 days before are Sunday and Saturday -> both Friday.
    got = due([item("2026-06-01", lead=(2, 1))], [], oslo(2026, 5, 1), oslo(2026, 6, 1))
    assert [(r.lead_days, r.at.date()) for r in got] == [(1, date(2026, 5, 29))]


def test_overdue_notices_the_working_day_after_then_weekly() -> None:
    plan = [item("2027-01-02")]
    got = [r for r in due(plan, [], oslo(2027, 1, 2), oslo(2027, 2, 1)) if r.kind == "overdue"]
    assert [(r.number, r.at.date()) for r in got] == [
        (1, date(2027, 1, 4)),
        (2, date(2027, 1, 11)),
        (3, date(2027, 1, 18)),
        (4, date(2027, 1, 25)),
    ]
    assert got[0].key == "plan:overdue:k:2027-01-02:1"
    capped = due(plan, [], oslo(2027, 1, 2), oslo(2028, 1, 1), max_overdue=3)
    assert [r.number for r in capped if r.kind == "overdue"] == [1, 2, 3]


def test_overdue_notices_move_off_easter() -> None:
    # Easter 2027 in Norway: Maundy Thursday 25 March, Good Friday 26, Easter Monday 29.
    # Deadline Wednesday 17 March: first notice Thursday 18th; a week later is Maundy Thursday,
    # so that notice moves back to Wednesday 24th; then Thursday 1 April.
    got = due([item("2027-03-17")], [], oslo(2027, 3, 17), oslo(2027, 4, 3))
    assert [(r.number, r.at.date()) for r in got] == [
        (1, date(2027, 3, 18)),
        (2, date(2027, 3, 24)),
        (3, date(2027, 4, 1)),
    ]
    # Deadline Wednesday 24 March: the next working day is Tuesday 30 March.
    got = due([item("2027-03-24")], [], oslo(2027, 3, 24), oslo(2027, 4, 7))
    assert [r.at.date() for r in got] == [date(2027, 3, 30), date(2027, 4, 6)]


def test_done_or_skipped_stops_everything() -> None:
    plan = [item("2027-01-02")]
    for status in ("done", "skipped"):
        state = OccurrenceState("k", date(2027, 1, 2), status, "kari", oslo(2026, 12, 20, 10))
        assert due(plan, [state], oslo(2026, 12, 1), oslo(2027, 6, 1)) == []
    # a state for another occurrence or item changes nothing
    other = OccurrenceState("k", date(2026, 1, 2), "done", "kari", oslo(2026, 1, 2, 10))
    assert len(due(plan, [other], oslo(2026, 12, 1), oslo(2027, 1, 3))) == 3


def test_snooze_moves_the_next_reminder() -> None:
    plan = [item("2027-01-02")]
    # After the 7-day reminder on 24 Dec the owner snoozes to Tuesday 29 Dec 10:00.
    until = oslo(2026, 12, 29, 10)
    state = OccurrenceState("k", date(2027, 1, 2), "open", snoozed_until=until)
    got = due(plan, [state], oslo(2026, 12, 24, 9), oslo(2027, 1, 5))
    assert [(r.kind, r.snoozed, r.at) for r in got] == [
        ("reminder", True, until),
        ("reminder", False, oslo(2026, 12, 31, 8, 30)),
        ("overdue", False, oslo(2027, 1, 4, 8, 30)),
    ]
    assert got[0].key == "plan:snooze:k:2027-01-02:20261229T0900Z"
    # snoozing past the 1-day reminder swallows it; snoozing past the deadline makes it overdue
    late = OccurrenceState("k", date(2027, 1, 2), "open", snoozed_until=oslo(2027, 1, 6, 8))
    got = due(plan, [late], oslo(2026, 12, 24, 9), oslo(2027, 1, 12))
    assert [(r.kind, r.snoozed, r.at.date()) for r in got] == [
        ("overdue", True, date(2027, 1, 6)),
        ("overdue", False, date(2027, 1, 11)),
    ]


def test_snooze_until_lands_on_a_working_morning() -> None:
    friday = oslo(2026, 12, 18, 14, 5)
    assert snooze_until(CAL, MORNING, friday, timedelta(hours=1)) == friday + timedelta(hours=1)
    assert snooze_until(CAL, MORNING, friday, timedelta(days=1)) == oslo(2026, 12, 21, 8, 30)
    # one week from Friday 18 Dec is Christmas Day -> Monday 28 Dec (26-27 are the weekend)
    assert snooze_until(CAL, MORNING, friday, timedelta(weeks=1)) == oslo(2026, 12, 28, 8, 30)
    utc_now = datetime(2026, 12, 18, 13, 5, tzinfo=UTC)
    assert snooze_until(CAL, MORNING, utc_now, timedelta(days=1)) == oslo(2026, 12, 21, 8, 30)


def test_since_ignores_old_years_and_naive_windows_are_refused() -> None:
    plan = [item("30.04.")]
    got = due(plan, [], oslo(2026, 3, 1), oslo(2026, 6, 1))
    assert {r.occurrence for r in got} == {date(2026, 4, 30), date(2025, 4, 30)}
    got = due(plan, [], oslo(2026, 3, 1), oslo(2026, 6, 1), since=date(2026, 1, 1))
    assert {r.occurrence for r in got} == {date(2026, 4, 30)}
    # at most max_overdue weekly notices (52 by default): none left for 2025 after April 2026
    got = due(plan, [], oslo(2026, 5, 1), oslo(2026, 6, 1))
    assert {r.occurrence for r in got} == {date(2026, 4, 30)}
    with pytest.raises(ValueError):
        reminders_due(plan, [], CAL, MORNING, datetime(2026, 5, 1), datetime(2026, 6, 1))
    assert due(plan, [], oslo(2026, 6, 1), oslo(2026, 5, 1)) == []


def test_reminders_keep_local_morning_across_daylight_saving() -> None:
    plan = [item("2026-04-08", lead=(14, 7, 1))]  # Oslo switches to summer time on 29 March
    got = due(plan, [], datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 4, 9, tzinfo=UTC))
    assert all(r.at.astimezone(OSLO).time() == MORNING for r in got)
    assert {r.at.utcoffset() for r in got} == {timedelta(hours=1), timedelta(hours=2)}


def test_reminder_key_is_deterministic() -> None:
    r = Reminder("a", date(2026, 4, 30), 14, oslo(2026, 4, 16, 8), "reminder")
    assert reminder_key(r) == r.key == "plan:reminder:a:2026-04-30:14"
    o = Reminder("a", date(2026, 4, 30), 0, oslo(2026, 5, 4, 8), "overdue", 2)
    assert o.key == "plan:overdue:a:2026-04-30:2"


plans = st.lists(
    st.tuples(
        st.one_of(
            weekday_rules, yearly_days, st.dates(date(2025, 6, 1), date(2027, 6, 1)).map(OnDate)
        ),  # fmt: skip
        st.lists(st.integers(0, 30), max_size=4).map(tuple),
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=60, deadline=None)
@given(
    plan=plans,
    start=st.datetimes(datetime(2026, 1, 1), datetime(2026, 12, 31)),
    hours=st.integers(1, 24 * 120),
    cut=st.floats(0, 1),
    done=st.sets(st.integers(0, 5), max_size=3),
)
def test_reminder_rules_hold_for_any_plan(
    plan: list[tuple[object, tuple[int, ...]]],
    start: datetime,
    hours: int,
    cut: float,
    done: set[int],
) -> None:
    items = [
        PlanItem(f"i{n}", "T", None, None, None, (), (), rec, lead)  # type: ignore[arg-type]
        for n, (rec, lead) in enumerate(plan)
    ]
    a = start.replace(tzinfo=OSLO)
    c = a + timedelta(hours=hours)
    b = a + (c - a) * cut
    states = []
    for n in done:
        if n < len(items):
            first = next_occurrence(items[n], date(2025, 1, 1))
            if first is not None:
                states.append(OccurrenceState(f"i{n}", first, "done", "x", a))
    whole = due(items, states, a, c, since=date(2025, 1, 1))
    # splitting the window changes nothing: the scheduler may run at any cadence
    assert whole == due(items, states, a, b, since=date(2025, 1, 1)) + due(
        items, states, b, c, since=date(2025, 1, 1)
    )
    assert len({r.key for r in whole}) == len(whole)
    resolved = {(s.item_key, s.occurrence) for s in states}
    for r in whole:
        local = r.at.astimezone(OSLO)
        assert a <= r.at < c
        assert CAL.is_working_day(local.date()) and local.time() == MORNING
        assert (r.item_key, r.occurrence) not in resolved
        if r.kind == "reminder":
            assert local.date() <= r.occurrence - timedelta(days=r.lead_days)
            assert (r.occurrence - timedelta(days=r.lead_days) - local.date()).days < 7
        else:
            assert local.date() > r.occurrence and r.number >= 1


# --- the optimised reminders against a plain reference ----------------------------------


def reference_reminders(
    items: list[PlanItem],
    states: list[OccurrenceState],
    cal: WorkCalendar,
    morning: time,
    start: datetime,
    end: datetime,
    *,
    since: date | None = None,
    max_overdue: int = 52,
) -> list[Reminder]:
    """The reminder rules of the ``bot.plan.model`` docstring written the plain way: every deadline
    date by date, straight calendar calls, every notice built, filtered and sorted at the end."""
    zone = cal.zone
    index = {(s.item_key, s.occurrence): s for s in states}
    first, last = start.astimezone(zone).date(), end.astimezone(zone).date()
    # the horizon of reminders_due: deadlines more than max_overdue weeks and a month before the
    # window, or more than the longest lead time and a month after it, raise nothing in it (not
    # even a snooze); a working day is never that far away
    lead = max((max(i.lead_days, default=0) for i in items), default=0)
    lo = first - timedelta(days=7 * max(max_overdue, 0) + SHIFT_MARGIN_DAYS)
    lo = max(lo, since) if since is not None else lo
    hi = last + timedelta(days=lead + SHIFT_MARGIN_DAYS)
    out: list[Reminder] = []
    for it in items:
        for d in it.when.between(lo, hi):
            state = index.get((it.key, d), OccurrenceState(it.key, d))
            if state.status != "open":
                continue
            found: list[Reminder] = []
            used: set[date] = set()
            for n in sorted(set(it.lead_days)):  # the shorter lead time wins a shared day
                day = cal.on_or_before(d - timedelta(days=n))
                if day not in used:
                    used.add(day)
                    found.append(Reminder(it.key, d, n, cal.local(day, morning), "reminder"))
            after, prev = cal.next_working_day(d), None
            for number in range(1, max_overdue + 1):
                day = cal.on_or_before(after + timedelta(weeks=number - 1))
                if day != prev:
                    found.append(Reminder(it.key, d, 0, cal.local(day, morning), "overdue", number))
                prev = day
            if state.snoozed_until is not None:
                until = state.snoozed_until.astimezone(zone)
                found = [r for r in found if r.at > until]
                kind = "overdue" if until.date() > d else "reminder"
                found.append(Reminder(it.key, d, 0, until, kind, 0, True))  # type: ignore[arg-type]
            out += [r for r in found if start <= r.at < end]
    return sorted(out, key=lambda r: (r.at, r.item_key, r.occurrence))


CHRISTMAS_WEEK = [date(2026, 12, 28), date(2026, 12, 29), date(2026, 12, 30)]
CALENDARS = {
    "NO": WorkCalendar("NO", tz="Europe/Oslo"),
    "SE": WorkCalendar("SE", tz="Europe/Stockholm"),
    "FI": WorkCalendar("FI", tz="Europe/Helsinki"),
}
RRULES = [
    "RRULE:FREQ=WEEKLY;BYDAY=MO",
    "DTSTART:20250106 RRULE:FREQ=MONTHLY;INTERVAL=2;BYDAY=1TU",
    "RRULE:FREQ=MONTHLY;BYMONTHDAY=-1",
    "RRULE:FREQ=YEARLY;BYMONTH=1,4,7,10;BYMONTHDAY=5",
    "DTSTART:20260105 RRULE:FREQ=DAILY;INTERVAL=10;COUNT=30 EXDATE:20260115",
]
recurrences = st.one_of(
    weekday_rules,
    yearly_days,
    st.dates(date(2024, 6, 1), date(2028, 6, 1)).map(OnDate),
    st.sampled_from(RRULES).map(parse_when),
)
lead_lists = st.lists(
    st.one_of(st.integers(0, 7), st.integers(0, 30), st.integers(0, 900)), max_size=4
).map(tuple)


@st.composite
def closures(draw: st.DrawFn) -> frozenset[date]:
    """Closure days: a few single days and runs of up to two weeks."""
    days: set[date] = set()
    for begin in draw(st.lists(st.dates(date(2024, 12, 1), date(2028, 3, 31)), max_size=8)):
        days.update(begin + timedelta(days=k) for k in range(draw(st.integers(1, 14))))
    return frozenset(days)


@st.composite
def states_for(draw: st.DrawFn, items: list[PlanItem], zone: ZoneInfo) -> list[OccurrenceState]:
    out = []
    for it in items:
        days = it.when.between(date(2024, 1, 1), date(2028, 12, 31))
        for d in draw(st.lists(st.sampled_from(days), max_size=3, unique=True)) if days else []:
            status = draw(st.sampled_from(["open", "done", "skipped"]))
            until = None
            if status == "open":
                moment = draw(st.datetimes(datetime(2024, 1, 1), datetime(2028, 12, 31)))
                until = moment.replace(tzinfo=draw(st.sampled_from([zone, UTC])))
            out.append(OccurrenceState(it.key, d, status, snoozed_until=until))  # type: ignore[arg-type]
    return out


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_reminders_due_matches_a_plain_reference(data: st.DataObject) -> None:
    country = data.draw(st.sampled_from(sorted(CALENDARS)))
    base = CALENDARS[country]
    cal = WorkCalendar(country, closure_days=data.draw(closures()), tz=base.tz)
    zone = cal.zone
    plan = data.draw(st.lists(st.tuples(recurrences, lead_lists), min_size=0, max_size=6))
    items = [
        PlanItem(f"i{n}", "T", None, None, None, (), (), rec, lead)  # type: ignore[arg-type]
        for n, (rec, lead) in enumerate(plan)
    ]
    items.reverse()  # the result is in key order whatever the input order
    states = data.draw(states_for(items, zone))
    morning = time(data.draw(st.integers(6, 11)), data.draw(st.sampled_from([0, 15, 30])))
    start = data.draw(st.datetimes(datetime(2025, 1, 1), datetime(2027, 12, 31)))
    start = start.replace(tzinfo=data.draw(st.sampled_from([zone, UTC])))
    end = start + timedelta(hours=data.draw(st.integers(1, 24 * 400)))
    since = data.draw(st.none() | st.dates(date(2024, 1, 1), date(2027, 12, 31)))
    max_overdue = data.draw(st.integers(0, 60))
    got = reminders_due(items, states, cal, morning, start, end, since=since,
                        max_overdue=max_overdue)  # fmt: skip
    want = reference_reminders(items, states, cal, morning, start, end, since=since,
                               max_overdue=max_overdue)  # fmt: skip
    assert got == want
    assert all(type(r) is Reminder for r in got)


def test_reminders_due_matches_the_reference_on_a_busy_year() -> None:
    # a few hundred open deadlines, some of them snoozed, over a whole year
    rules = ["30.04.", "first Monday of June", "last Friday of August", *RRULES]
    items = [
        PlanItem(
            f"k{n:03d}",
            "T",
            None,
            None,
            None,
            (),
            (),
            parse_when(rules[n % len(rules)]),
            ((14, 7, 1), (7, 1), (), (3,))[n % 4],
        )  # fmt: skip
        for n in range(120)
    ]
    states = [
        OccurrenceState(i.key, d, "open", snoozed_until=oslo(d.year, d.month, d.day, 10))
        for i in items[::7]
        for d in i.when.between(date(2026, 3, 1), date(2026, 6, 30))
    ] + [OccurrenceState(i.key, date(2026, 4, 30), "done") for i in items[::9]]
    # three weeks' summer closure and the days between Christmas and New Year
    summer = [date(2026, 7, 6) + timedelta(days=k) for k in range(19)]
    cal = WorkCalendar("NO", closure_days=frozenset([*summer, *CHRISTMAS_WEEK]), tz="Europe/Oslo")
    start, end = oslo(2026, 1, 1), oslo(2027, 1, 1)
    for calendar_ in (CAL, cal):
        got = reminders_due(items, states, calendar_, MORNING, start, end)
        assert len(got) > 5000
        assert got == reference_reminders(items, states, calendar_, MORNING, start, end)


def test_day_shifts_agree_with_the_calendar_inside_and_outside_their_range() -> None:
    closed = frozenset(date(2026, 7, 1) + timedelta(days=k) for k in range(21))  # July closure
    cal = WorkCalendar("NO", closure_days=closed, tz="Europe/Oslo")
    lo, hi = date(2026, 7, 10).toordinal(), date(2026, 12, 27).toordinal()
    shifts = DayShifts(cal, MORNING, oslo(2026, 1, 1), oslo(2027, 1, 1), lo, hi)
    for o in range(lo - 40, hi + 40):
        d = date.fromordinal(o)
        assert shifts.back(o) == cal.on_or_before(d).toordinal(), d
        assert shifts.next(o) == cal.next_working_day(d).toordinal(), d
    assert shifts.at(lo) == oslo(2026, 7, 10, 8, 30)
    assert shifts.at(date(2027, 1, 1).toordinal()) is None  # outside [start, end)


def test_reminders_due_leaves_the_garbage_collector_as_it_found_it() -> None:
    plan = [item("2027-01-02")]
    assert gc.isenabled()
    assert len(due(plan, [], oslo(2026, 12, 1), oslo(2027, 2, 1))) == 7
    assert gc.isenabled()
    gc.disable()
    try:
        assert len(due(plan, [], oslo(2026, 12, 1), oslo(2027, 2, 1))) == 7
        assert not gc.isenabled()
    finally:
        gc.enable()


# --- digests -----------------------------------------------------------------------------


def test_deadlines_within_lists_the_coming_days_with_state() -> None:
    plan = [item("30.04.", "skatt"), item("05-17", "mai"), item("2026-05-05", "once")]
    states = [OccurrenceState("once", date(2026, 5, 5), "done", "kari", oslo(2026, 5, 2, 9))]
    week = deadlines_within(plan, states, date(2026, 4, 28), 7)
    assert [(i.key, d, s.status) for i, d, s in week] == [("skatt", date(2026, 4, 30), "open")]
    month = deadlines_within(plan, states, date(2026, 4, 28), 28)
    assert [(i.key, d, s.status) for i, d, s in month] == [
        ("skatt", date(2026, 4, 30), "open"),
        ("once", date(2026, 5, 5), "done"),
        ("mai", date(2026, 5, 17), "open"),
    ]
    # the window is [today, today + days): 17 May is 19 days after 28 April
    assert [d for _, d, _ in deadlines_within(plan, states, date(2026, 4, 28), 19)][-1] == date(
        2026, 5, 5
    )
    late = deadlines_within(plan, states, date(2026, 5, 6), 7, overdue_since=date(2026, 4, 1))
    assert [(i.key, d) for i, d, _ in late] == [("skatt", date(2026, 4, 30))]
