"""iCalendar export of the rotation, parsed back with icalendar."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events

from bot.duty.ics import parse_rotation_ics, rotation_ics
from bot.duty.model import Absence, Deviations, DutyTeam, OnCall, Rotation, Swap
from bot.duty.rotation import upcoming_shifts
from bot.workdays import WorkCalendar

OSLO = ZoneInfo("Europe/Oslo")
T1 = DutyTeam("t1", "Team 1", "a1", tuple(f"a{i}" for i in range(1, 8)))
T2 = DutyTeam("t2", "Team 2", "b1", tuple(f"b{i}" for i in range(1, 8)))


def rotation(tz: str = "Europe/Oslo") -> Rotation:
    return Rotation(
        "comms",
        (T1, T2),
        date(2026, 1, 5),
        tz=tz,
        calendar=WorkCalendar("SE" if "Stockholm" in tz else "NO", tz=tz),
        on_call=OnCall({d: ((time(17), time(22)),) for d in range(5)}),
    )


@pytest.mark.parametrize("tz", ["Europe/Oslo", "Europe/Stockholm"])
def test_export_parses_back_to_the_same_shifts(tz: str) -> None:
    zone = ZoneInfo(tz)
    rot = rotation(tz)
    start, end = datetime(2026, 1, 1, tzinfo=zone), datetime(2027, 1, 1, tzinfo=zone)
    data = rotation_ics(rot, start, end)
    parsed = parse_rotation_ics(data)
    expected = [
        (s.team.id, s.start, s.end) for s in upcoming_shifts(rot, start, weeks=53) if s.start < end
    ]
    assert len(parsed) == 27  # the shift running into 2026 plus 26 handoffs in 2026
    assert [(tid, s.astimezone(UTC), e.astimezone(UTC)) for tid, s, e in parsed] == [
        (tid, s.astimezone(UTC), e.astimezone(UTC)) for tid, s, e in expected
    ]
    # across both DST changes the shifts still start at 08:00 local
    assert all(s.astimezone(zone).time() == time(8) for _, s, _ in parsed)
    assert all(str(s.tzinfo) == tz for _, s, _ in parsed)


def test_events_carry_tzid_stable_uids_team_and_lead() -> None:
    rot = rotation()
    a = rotation_ics(rot, datetime(2026, 3, 1, tzinfo=OSLO), datetime(2026, 5, 1, tzinfo=OSLO))
    b = rotation_ics(rot, datetime(2026, 4, 1, tzinfo=OSLO), datetime(2026, 6, 1, tzinfo=OSLO))
    text = a.decode()
    assert "DTSTART;TZID=Europe/Oslo:20260330T080000" in text
    assert "BEGIN:VTIMEZONE" in text and "TZID:Europe/Oslo" in text
    cal_a, cal_b = icalendar.Calendar.from_ical(a), icalendar.Calendar.from_ical(b)
    uids_a = {str(e["uid"]): e for e in cal_a.walk("VEVENT")}
    uids_b = {str(e["uid"]): e for e in cal_b.walk("VEVENT")}
    shared = set(uids_a) & set(uids_b)
    assert shared and "comms-shift-6@vaktbot" in shared
    for uid in shared:
        assert uids_a[uid].decoded("dtstart") == uids_b[uid].decoded("dtstart")
    ev = uids_a["comms-shift-6@vaktbot"]
    assert str(ev["summary"]) == "Vakt: Team 1"
    assert "Leder: a1" in str(ev["description"])
    assert "a7" in str(ev["description"])
    # deterministic output: same input, same bytes (no clock in DTSTAMP)
    assert a == rotation_ics(
        rot, datetime(2026, 3, 1, tzinfo=OSLO), datetime(2026, 5, 1, tzinfo=OSLO)
    )


def test_swaps_absences_holidays_and_locale_in_the_feed() -> None:
    rot = rotation()
    deviations = Deviations(
        absences=(Absence("a3", date(2026, 3, 31), date(2026, 4, 2), "sick"),),
        swaps=(
            Swap.team("t2", "t1", date(2026, 4, 27), date(2026, 5, 10)),  # the whole shift
            Swap.member("a2", "b6", date(2026, 4, 1), date(2026, 4, 1)),
        ),
    )
    data = rotation_ics(
        rot,
        datetime(2026, 3, 30, 8, tzinfo=OSLO),
        datetime(2026, 5, 11, 8, tzinfo=OSLO),
        deviations,
        locale="sv",
        names={"a3": "Åsa Öberg", "b6": "Björn"},
    )
    events = {str(e["uid"]): e for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}
    easter = str(events["comms-shift-6@vaktbot"]["description"])
    assert "Frånvarande: Åsa Öberg" in easter
    assert "Björn tar passet för a2" in easter
    assert "Helgdagar:" in easter and "Good Friday" in easter
    assert "sick" not in data.decode()  # absence reasons never leave the bot
    covered = events["comms-shift-8@vaktbot"]
    assert str(covered["summary"]) == "Jour: Team 2"
    assert [tid for tid, _, _ in parse_rotation_ics(data)] == ["t1", "t2", "t2"]
    en = rotation_ics(
        rot, datetime(2026, 3, 30, 8, tzinfo=OSLO), datetime(2026, 3, 31, tzinfo=OSLO), locale="en"
    )
    assert b"SUMMARY:On duty: Team 1" in en


def test_feed_expands_with_recurring_ical_events_and_rejects_naive_range() -> None:
    rot = rotation()
    data = rotation_ics(rot, datetime(2026, 1, 1, tzinfo=OSLO), datetime(2026, 7, 1, tzinfo=OSLO))
    cal = icalendar.Calendar.from_ical(data)
    between = recurring_ical_events.of(cal).between(
        datetime(2026, 3, 1, tzinfo=OSLO), datetime(2026, 4, 1, tzinfo=OSLO)
    )
    between.sort(key=lambda e: e.decoded("dtstart"))
    # Feb 16 - Mar 2 (t2), Mar 2 - 16 (t1), Mar 16 - 30 (t2), Mar 30 - Apr 13 (t1)
    assert [str(e["x-vaktbot-team"]) for e in between] == ["t2", "t1", "t2", "t1"]
    with pytest.raises(ValueError, match="aware"):
        rotation_ics(rot, datetime(2026, 1, 1), datetime(2026, 2, 1))
