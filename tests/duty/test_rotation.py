"""On-duty rotation: two teams x two-week shifts x 7 members, DST, holidays, absences, swaps."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.duty.calendar import duty_hours, year_calendar
from bot.duty.model import Absence, Deviations, DutyTeam, ExtendedHours, OnCall, Rotation, Swap
from bot.duty.rotation import (
    duty_at,
    handoffs_between,
    is_member_on_duty,
    mode_windows,
    next_shifts_for,
    shift_at,
    upcoming_shifts,
)
from bot.workdays import WorkCalendar

OSLO = ZoneInfo("Europe/Oslo")
STOCKHOLM = ZoneInfo("Europe/Stockholm")
T1 = DutyTeam("t1", "Team 1", "a1", tuple(f"a{i}" for i in range(1, 8)))
T2 = DutyTeam("t2", "Team 2", "b1", tuple(f"b{i}" for i in range(1, 8)))
EVENINGS_WEEKENDS = {
    **{d: ((time(17), time(22)),) for d in range(5)},
    5: ((time(10), time(18)),),
    6: ((time(10), time(18)),),
}


def rotation(tz: str = "Europe/Oslo", **kw: object) -> Rotation:
    country = "SE" if tz == "Europe/Stockholm" else "NO"
    args: dict[str, object] = {
        "id": "comms",
        "teams": (T1, T2),
        "start": date(2026, 1, 5),
        "tz": tz,
        "calendar": WorkCalendar(country, tz=tz),
        "on_call": OnCall(EVENINGS_WEEKENDS),
    }
    args.update(kw)
    return Rotation(**args)  # type: ignore[arg-type]


def at(y: int, mo: int, d: int, h: int = 12, mi: int = 0, tz: ZoneInfo = OSLO) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=tz)


# -- validation --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"teams": ()}, "has no teams"),
        ({"shift_weeks": 0}, "shift_weeks"),
        ({"teams": (T1, T1)}, "duplicate team ids t1"),
        ({"start": date(2026, 1, 6)}, "is a Tuesday, but handoffs are on Monday"),
        ({"tz": "Europe/Nowhere", "calendar": WorkCalendar(tz="Europe/Nowhere")}, "time zone"),
        ({"calendar": WorkCalendar(tz="Europe/Stockholm")}, "calendar zone"),
        ({"opening": {5: ((time(10), time(14)),)}}, "weekends are outside opening hours"),
        (
            {
                "extended": (
                    ExtendedHours(date(2026, 3, 1), date(2026, 4, 30), {}),
                    ExtendedHours(date(2026, 4, 1), date(2026, 5, 31), {}),
                )
            },
            "extended periods overlap",
        ),
    ],
)
def test_invalid_rotation_is_rejected_with_a_clear_message(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        rotation(**kwargs)


def test_invalid_parts_are_rejected() -> None:
    with pytest.raises(ValueError, match="lead 'x' is not a member"):
        DutyTeam("t", "T", "x", ("a", "b"))
    with pytest.raises(ValueError, match="no members"):
        DutyTeam("t", "T", "a", ())
    with pytest.raises(ValueError, match="end 2026-01-01 is before start"):
        Absence("a1", date(2026, 1, 2), date(2026, 1, 1))
    with pytest.raises(ValueError, match="reason"):
        Absence("a1", date(2026, 1, 2), date(2026, 1, 2), "holiday")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="oneself"):
        Swap.member("a1", "a1", date(2026, 1, 2), date(2026, 1, 2))
    with pytest.raises(ValueError, match="oneself"):
        Swap.team("t1", "t1", date(2026, 1, 2), date(2026, 1, 2))
    with pytest.raises(ValueError, match="either between two persons or between two teams"):
        Swap(date(2026, 1, 2), date(2026, 1, 2), from_person="a1")
    with pytest.raises(ValueError, match="non-empty roster"):
        OnCall(EVENINGS_WEEKENDS, rule="roster")
    with pytest.raises(ValueError, match="weekday must be"):
        OnCall({7: ((time(1), time(2)),)})
    with pytest.raises(ValueError, match="aware"):
        duty_at(rotation(), datetime(2026, 3, 2, 12))


# -- alternation, handoffs and DST -------------------------------------------------------------


def test_two_teams_alternate_every_two_weeks_at_monday_0800() -> None:
    rot = rotation()
    assert duty_at(rot, at(2026, 1, 5, 8)).team == T1
    assert duty_at(rot, at(2026, 1, 19, 7, 59)).team == T1
    assert duty_at(rot, at(2026, 1, 19, 8)).team == T2
    assert duty_at(rot, at(2026, 2, 1, 23, 59)).team == T2
    assert duty_at(rot, at(2026, 2, 2, 8)).team == T1
    # before the start the rotation extends backwards: exactly one team at every instant
    assert duty_at(rot, at(2025, 12, 25)).team == T2
    d = duty_at(rot, at(2026, 1, 20, 10))
    assert (d.lead, d.members, d.mode) == ("b1", T2.members, "open")
    assert (d.shift_start, d.shift_end) == (at(2026, 1, 19, 8), at(2026, 2, 2, 8))
    assert rot.period_weeks == 4


@pytest.mark.parametrize("tz", ["Europe/Oslo", "Europe/Stockholm"])
def test_shift_across_spring_dst_change_hands_off_at_local_0800(tz: str) -> None:
    zone = ZoneInfo(tz)
    rot = rotation(tz)
    # shift 2026-03-16 .. 2026-03-30 contains Sunday 2026-03-29, 02:00 -> 03:00
    d = duty_at(rot, datetime(2026, 3, 29, 12, tzinfo=zone))
    assert d.team == T2
    assert d.shift_start == datetime(2026, 3, 16, 8, tzinfo=zone)
    assert d.shift_end == datetime(2026, 3, 30, 8, tzinfo=zone)
    assert d.shift_end.utcoffset() == timedelta(hours=2)
    assert d.shift_end.astimezone(UTC) == datetime(2026, 3, 30, 6, tzinfo=UTC)
    # aware datetimes sharing a tzinfo subtract as wall times, so compare in UTC
    assert d.shift_end.astimezone(UTC) - d.shift_start.astimezone(UTC) == timedelta(
        days=14, hours=-1
    )
    before = datetime(2026, 3, 30, 6, tzinfo=UTC) - timedelta(microseconds=1)
    assert duty_at(rot, before).team == T2
    assert duty_at(rot, datetime(2026, 3, 30, 6, tzinfo=UTC)).team == T1
    assert duty_at(rot, datetime(2026, 3, 30, 6, tzinfo=UTC)).mode == "open"


@pytest.mark.parametrize("tz", ["Europe/Oslo", "Europe/Stockholm"])
def test_shift_across_autumn_dst_change_hands_off_at_local_0800(tz: str) -> None:
    zone = ZoneInfo(tz)
    rot = rotation(tz)
    # shift 2026-10-12 .. 2026-10-26 contains Sunday 2026-10-25, 03:00 -> 02:00
    s = shift_at(rot, datetime(2026, 10, 25, 2, 30, tzinfo=zone, fold=1))
    assert (s.index, s.team) == (20, T1)
    assert s.end == datetime(2026, 10, 26, 8, tzinfo=zone)
    assert s.end.astimezone(UTC) == datetime(2026, 10, 26, 7, tzinfo=UTC)
    assert s.end.astimezone(UTC) - s.start.astimezone(UTC) == timedelta(days=14, hours=1)
    assert duty_at(rot, datetime(2026, 10, 26, 6, 59, tzinfo=UTC)).team == T1
    assert duty_at(rot, datetime(2026, 10, 26, 7, tzinfo=UTC)).team == T2
    # the repeated hour is closed (no on-call at night) and both of its instants agree
    first = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert duty_at(rot, first).mode == duty_at(rot, first + timedelta(hours=1)).mode == "closed"


def test_handoff_inside_the_spring_gap_moves_forward_with_the_clock() -> None:
    # handoff on Sunday 02:30: on 2026-03-29 that wall time does not exist in Oslo
    rot = rotation(start=date(2026, 1, 4), handoff_weekday=6, handoff_time=time(2, 30))
    s = shift_at(rot, datetime(2026, 3, 29, 12, tzinfo=OSLO))
    assert s.start.astimezone(UTC) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert s.start.hour == 3 and s.start.minute == 30  # normalised to a real local time
    assert shift_at(rot, datetime(2026, 3, 29, 1, 29, tzinfo=UTC)).index == s.index - 1
    assert shift_at(rot, datetime(2026, 4, 12, 2, 30, tzinfo=OSLO)).start.hour == 2


def test_year_boundary_and_leap_day() -> None:
    rot = rotation()
    late, early = at(2027, 12, 31, 23, 59), at(2028, 1, 1, 0, 1)
    assert duty_at(rot, late).shift_index == duty_at(rot, early).shift_index
    assert duty_at(rot, early).shift_start == at(2027, 12, 20, 8)
    assert duty_at(rot, early).shift_end == at(2028, 1, 3, 8)
    leap = duty_at(rot, at(2028, 2, 29, 10))
    assert leap.mode == "open"
    assert leap.shift_start == at(2028, 2, 28, 8)
    assert leap.shift_index == (date(2028, 2, 28) - date(2026, 1, 5)).days // 14
    assert leap.team == (T1, T2)[leap.shift_index % 2]
    assert duty_at(rot, at(2028, 3, 13, 7, 59)).shift_start == at(2028, 2, 28, 8)


# -- opening hours, holidays, extended hours, on-call ------------------------------------------


def test_norwegian_holidays_are_outside_opening_hours() -> None:
    rot = rotation()
    # 17 May 2028 is a Wednesday: holiday on-call hours (Sunday's, 10-18) apply
    constitution = duty_at(rot, at(2028, 5, 17, 12))
    assert constitution.mode == "on_call"
    assert constitution.on_call_person == constitution.lead
    assert constitution.next_opening == at(2028, 5, 18, 8)
    assert duty_at(rot, at(2028, 5, 17, 9)).mode == "closed"
    # Ascension Day 2028-05-25 (Thursday), in the shift that started 2028-05-22
    ascension = duty_at(rot, at(2028, 5, 25, 9))
    assert ascension.mode == "closed"
    assert ascension.next_opening == at(2028, 5, 26, 8)
    assert ascension.mode_until == at(2028, 5, 25, 10)
    # Christmas 2028: Monday 25 and Tuesday 26 December
    assert duty_at(rot, at(2028, 12, 25, 9)).next_opening == at(2028, 12, 27, 8)
    assert duty_at(rot, at(2028, 12, 26, 15)).mode == "on_call"
    assert duty_at(rot, at(2028, 12, 27, 15)).mode == "open"
    # a normal weekday and its evening
    assert duty_at(rot, at(2028, 5, 16, 16, 59)).mode == "open"
    assert duty_at(rot, at(2028, 5, 16, 17)).mode == "on_call"
    assert duty_at(rot, at(2028, 5, 16, 22)).mode == "closed"


def test_closure_days_and_next_opening() -> None:
    cal = WorkCalendar("NO", closure_days=frozenset({date(2026, 12, 24)}), tz="Europe/Oslo")
    rot = rotation(calendar=cal, on_call=None)
    assert duty_at(rot, at(2026, 12, 24, 10)).mode == "closed"
    assert duty_at(rot, at(2026, 12, 23, 17)).next_opening == at(2026, 12, 28, 8)
    friday = duty_at(rot, at(2026, 3, 6, 17))
    assert (friday.mode, friday.on_call_person, friday.next_opening) == (
        "closed",
        None,
        at(2026, 3, 9, 8),
    )
    exactly = duty_at(rot, at(2026, 3, 9, 8))
    assert exactly.next_opening == at(2026, 3, 9, 8)  # an opening starting at t counts
    inside = duty_at(rot, at(2026, 3, 9, 8, 1))
    assert inside.next_opening == at(2026, 3, 10, 8)
    assert inside.mode_until == at(2026, 3, 9, 17)


def test_extended_hours_override_weekly_hours_but_not_holidays() -> None:
    tax = ExtendedHours(
        date(2028, 4, 3),
        date(2028, 4, 30),
        {**{d: ((time(8), time(20)),) for d in range(5)}, 5: ((time(10), time(14)),)},
    )
    rot = rotation(extended=(tax,))
    assert duty_at(rot, at(2028, 4, 5, 19)).mode == "open"
    assert duty_at(rot, at(2028, 4, 5, 21)).mode == "on_call"  # on-call still after 20:00
    assert duty_at(rot, at(2028, 4, 8, 11)).mode == "open"  # Saturday in the peak period
    assert duty_at(rot, at(2028, 4, 8, 15)).mode == "on_call"
    assert duty_at(rot, at(2028, 4, 14, 11)).mode == "on_call"  # Good Friday
    assert duty_at(rot, at(2028, 5, 3, 19)).mode == "on_call"  # after the period
    assert duty_at(rot, at(2028, 4, 5, 17)).mode_until == at(2028, 4, 5, 20)


def test_on_call_roster_rotates_per_shift_and_skips_absent_people() -> None:
    rot = rotation(on_call=OnCall(EVENINGS_WEEKENDS, rule="roster", roster=("a2", "b2", "x9")))
    evenings = [at(2026, 1, 5, 18) + timedelta(days=14 * i) for i in range(4)]
    assert [duty_at(rot, t).on_call_person for t in evenings] == ["a2", "b2", "x9", "a2"]
    sick = Deviations(absences=(Absence("b2", date(2026, 1, 19), date(2026, 1, 19), "sick"),))
    assert duty_at(rot, evenings[1], sick).on_call_person == "x9"
    assert duty_at(rot, at(2026, 1, 19, 12)).on_call_person is None  # open: nobody on call


# -- absences and swaps ------------------------------------------------------------------------


def test_absence_removes_a_member_for_its_dates_only() -> None:
    rot = rotation()
    away = Deviations(absences=(Absence("a3", date(2026, 3, 3), date(2026, 3, 4), "vacation"),))
    assert "a3" not in duty_at(rot, at(2026, 3, 3, 10), away).members
    assert len(duty_at(rot, at(2026, 3, 4, 16), away).members) == 6
    assert "a3" in duty_at(rot, at(2026, 3, 5, 10), away).members
    assert not is_member_on_duty(rot, "a3", at(2026, 3, 3, 10), away)
    assert is_member_on_duty(rot, "a3", at(2026, 3, 5, 10), away)


def test_absent_lead_hands_on_call_to_the_first_available_member() -> None:
    rot = rotation()
    sick = Deviations(absences=(Absence("a1", date(2026, 3, 3), date(2026, 3, 3), "sick"),))
    d = duty_at(rot, at(2026, 3, 3, 18), sick)
    assert d.lead == "a1" and "a1" not in d.members
    assert d.on_call_person == "a2"
    assert duty_at(rot, at(2026, 3, 3, 18)).on_call_person == "a1"


def test_member_swap_moves_duty_and_lead_role() -> None:
    rot = rotation()
    swaps = Deviations(
        swaps=(
            Swap.member("a2", "b5", date(2026, 3, 3), date(2026, 3, 4)),
            Swap.member("a1", "b2", date(2026, 3, 4), date(2026, 3, 4)),
        )
    )
    d = duty_at(rot, at(2026, 3, 3, 10), swaps)
    assert "b5" in d.members and "a2" not in d.members
    assert d.members.index("b5") == 1  # takes the place of the person swapped out
    lead_day = duty_at(rot, at(2026, 3, 4, 19), swaps)
    assert (lead_day.lead, lead_day.on_call_person) == ("b2", "b2")
    assert duty_at(rot, at(2026, 3, 5, 10), swaps).members == T1.members
    assert is_member_on_duty(rot, "b5", at(2026, 3, 3, 10), swaps)
    assert not is_member_on_duty(rot, "b5", at(2026, 3, 3, 23), swaps)
    assert is_member_on_duty(rot, "b5", at(2026, 3, 3, 23), swaps, hours_only=False)


def test_team_swap_covers_only_the_covered_teams_shift() -> None:
    rot = rotation()
    swaps = Deviations(swaps=(Swap.team("t2", "t1", date(2026, 3, 2), date(2026, 3, 6)),))
    d = duty_at(rot, at(2026, 3, 3, 10), swaps)
    assert (d.team, d.scheduled_team, d.lead, d.members) == (T2, T1, "b1", T2.members)
    assert duty_at(rot, at(2026, 3, 9, 10), swaps).team == T1
    # t2 on duty anyway: the swap changes nothing
    assert (
        duty_at(
            rot,
            at(2026, 3, 17, 10),
            Deviations(swaps=(Swap.team("t2", "t1", date(2026, 3, 17), date(2026, 3, 17)),)),
        ).team
        == T2
    )
    # a declined swap is simply never passed to the domain
    assert duty_at(rot, at(2026, 3, 3, 10)).team == T1
    with pytest.raises(ValueError, match="no team 'zz'"):
        duty_at(
            rot,
            at(2026, 3, 3, 10),
            Deviations(swaps=(Swap.team("zz", "t1", date(2026, 3, 3), date(2026, 3, 3)),)),
        )


# -- helpers -----------------------------------------------------------------------------------


def test_handoffs_between_is_half_open_and_alternates() -> None:
    rot = rotation()
    hs = handoffs_between(rot, at(2026, 1, 5, 8), at(2027, 1, 4, 8))
    assert len(hs) == 26
    assert hs[0].at == at(2026, 1, 5, 8) and hs[-1].at == at(2026, 12, 21, 8)
    for h in hs:
        assert (h.at.weekday(), h.at.hour, h.at.minute) == (0, 8, 0)
        assert h.incoming != h.outgoing
        assert duty_at(rot, h.at).team == h.incoming
        assert duty_at(rot, h.at - timedelta(microseconds=1)).team == h.outgoing
    swapped = handoffs_between(
        rot,
        at(2026, 3, 1),
        at(2026, 3, 3),
        [Swap.team("t2", "t1", date(2026, 3, 2), date(2026, 3, 2))],
    )
    assert [(h.outgoing, h.incoming) for h in swapped] == [(T2, T2)]


def test_upcoming_shifts_mark_holidays_in_the_right_shift() -> None:
    rot = rotation()
    shifts = upcoming_shifts(rot, at(2026, 5, 1), weeks=8)
    assert [s.start.date() for s in shifts] == [
        date(2026, 4, 27),
        date(2026, 5, 11),
        date(2026, 5, 25),
        date(2026, 6, 8),
        date(2026, 6, 22),
    ]
    assert set(shifts[0].holidays) == {date(2026, 5, 1)}
    assert set(shifts[1].holidays) == {date(2026, 5, 14), date(2026, 5, 17), date(2026, 5, 24)}
    assert set(shifts[2].holidays) == {date(2026, 5, 25)}  # Whit Monday, the handoff day
    assert shifts[1].team == T2 and shifts[2].team == T1


def test_next_shifts_for_a_person_with_absence_and_swap() -> None:
    rot = rotation()
    mine = next_shifts_for(rot, "a3", at(2026, 3, 10), count=3)
    assert [s.start.date() for s in mine] == [
        date(2026, 3, 2),
        date(2026, 3, 30),
        date(2026, 4, 27),
    ]
    assert mine[0].days[0] == date(2026, 3, 10) and mine[0].days[-1] == date(2026, 3, 15)
    whole = Deviations(absences=(Absence("a3", date(2026, 3, 30), date(2026, 4, 12), "vacation"),))
    assert [s.start.date() for s in next_shifts_for(rot, "a3", at(2026, 3, 20), 2, whole)] == [
        date(2026, 4, 27),
        date(2026, 5, 25),
    ]
    swap = Deviations(swaps=(Swap.member("b4", "a3", date(2026, 3, 18), date(2026, 3, 19)),))
    got = next_shifts_for(rot, "a3", at(2026, 3, 17), 2, swap)
    assert (got[0].team, got[0].days) == (T2, (date(2026, 3, 18), date(2026, 3, 19)))
    assert next_shifts_for(rot, "nobody", at(2026, 3, 17)) == []


def test_mode_windows_split_at_handoffs() -> None:
    rot = rotation()
    ws = mode_windows(rot, at(2026, 3, 28, 0, 0), at(2026, 3, 30, 12))
    assert [(w.mode, w.start, w.end) for w in ws][:3] == [
        ("closed", at(2026, 3, 28, 0), at(2026, 3, 28, 10)),
        ("on_call", at(2026, 3, 28, 10), at(2026, 3, 28, 18)),
        ("closed", at(2026, 3, 28, 18), at(2026, 3, 29, 10)),
    ]
    assert ws[-1] == type(ws[-1])(at(2026, 3, 30, 8), at(2026, 3, 30, 12), "open", 6)
    assert ws[-2].end == at(2026, 3, 30, 8) and ws[-2].shift_index == 5


# -- year calendar and duty hours --------------------------------------------------------------


def test_year_calendar_lists_every_handoff_holiday_and_on_call_window() -> None:
    rot = rotation()
    events = year_calendar(rot, 2028)
    kinds = {
        k: [e for e in events if e.kind == k] for k in ("shift", "handoff", "holiday", "on_call")
    }
    assert len(kinds["handoff"]) == 26
    assert len(kinds["shift"]) == 27  # the one running over New Year included
    assert len(kinds["holiday"]) == len(
        rot.cal.holidays_between(date(2028, 1, 1), date(2028, 12, 31))
    )
    assert {e.name for e in kinds["holiday"]} >= {
        "Constitution Day",
        "Ascension Day",
        "Christmas Day",
    }
    assert [e.start for e in events] == sorted(e.start for e in events)
    for a, b in zip(kinds["shift"], kinds["shift"][1:], strict=False):
        assert a.end == b.start
    for ev in kinds["on_call"]:
        d = duty_at(rot, ev.start)
        assert d.mode == "on_call" and d.on_call_person == ev.person and d.team == ev.team
        assert duty_at(rot, ev.end - timedelta(microseconds=1)).mode == "on_call"
        assert (
            duty_at(rot, ev.end).mode != "on_call"
            or duty_at(rot, ev.end).shift_index != d.shift_index
        )
    # 2028 has 366 days; every day has on-call hours (evenings, weekends, holidays)
    assert len({e.start.date() for e in kinds["on_call"]}) == 366


def test_duty_hours_for_a_full_rotation_period() -> None:
    rot = rotation()
    start, end = at(2028, 1, 31, 8), at(2028, 2, 28, 8)  # no holidays in February
    hours = duty_hours(rot, start, end)
    for m in T1.members + T2.members:
        assert hours[m].open_hours == 90.0  # 10 working days x 9 h each team
    assert hours["a1"].on_call_hours == hours["b1"].on_call_hours == 82.0  # 10x5 h + 4x8 h
    assert hours["a2"].on_call_hours == 0.0
    away = duty_hours(
        rot, start, end, Deviations(absences=(Absence("a3", date(2028, 2, 1), date(2028, 2, 2)),))
    )
    assert away["a3"].open_hours == 72.0
    lend = Swap.member("a1", "b7", date(2028, 2, 5), date(2028, 2, 5))
    swapped = duty_hours(rot, start, end, Deviations(swaps=(lend,)))
    assert swapped["a1"].on_call_hours == 74.0 and swapped["b7"].on_call_hours == 8.0
    assert swapped["b7"].open_hours == 90.0  # Saturday: no opening hours
    by_dates = duty_hours(rot, date(2028, 2, 1), date(2028, 2, 1))
    assert by_dates["a1"].open_hours == 9.0 and by_dates["a1"].total == 14.0


def test_duty_hours_count_real_time_across_dst_nights() -> None:
    full_weekend = {5: ((time(0), time(0)),), 6: ((time(0), time(0)),)}
    rot = rotation(on_call=OnCall(full_weekend))
    spring = duty_hours(rot, date(2026, 3, 28), date(2026, 3, 29))
    autumn = duty_hours(rot, date(2026, 10, 24), date(2026, 10, 25))
    assert spring["b1"].on_call_hours == 47.0
    assert autumn["a1"].on_call_hours == 49.0


def test_rotation_without_opening_hours_has_no_next_opening() -> None:
    rot = rotation(opening={}, on_call=None)
    d = duty_at(rot, at(2026, 3, 3, 10))
    assert (d.mode, d.next_opening, d.mode_until) == ("closed", None, None)
    assert d.team == T1  # still exactly one team on duty


def test_concurrent_queries_across_years_agree_with_a_fresh_rotation() -> None:
    shared = rotation()
    instants = [
        at(2020 + (i * 7) % 13, 1 + i % 12, 1 + i % 28, i % 24, (i * 13) % 60) for i in range(600)
    ]
    expected = [duty_at(rotation(), t) for t in instants]
    results: dict[int, list[object]] = {}

    def work(n: int) -> None:
        order = instants[n:] + instants[:n] if n % 2 else instants[::-1]
        results[n] = [duty_at(shared, t) for t in order]

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    for n, got in results.items():
        order = instants[n:] + instants[:n] if n % 2 else instants[::-1]
        want = {t: e for t, e in zip(instants, expected, strict=True)}
        assert got == [want[t] for t in order]
