"""Pure moderation rules: routing, deadlines, escalation timing and batching."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.duty.model import Absence, Deviations, DutyTeam, OnCall, Rotation
from bot.duty.rotation import duty_at
from bot.moderation.rules import (
    RoutingDecision,
    batch_split,
    breached,
    escalate_after,
    escalation_due,
    format_labels,
    may_message,
    parse_labels,
    priority_class,
    reminder_due,
    response_deadline,
    route,
)
from bot.workdays import WorkCalendar

OSLO = ZoneInfo("Europe/Oslo")
CAL = WorkCalendar("NO", tz="Europe/Oslo")
HOURS = {d: ((time(8), time(17)),) for d in range(5)}
A = DutyTeam("a", "Team A", "kari", ("kari", "ola", "ingrid"))
B = DutyTeam("b", "Team B", "erik", ("erik", "hanna", "jonas"))
EVENINGS = {d: ((time(17), time(21)),) for d in range(7)}
ROT = Rotation(
    id="org",
    teams=(A, B),
    start=date(2026, 1, 5),
    on_call=OnCall(hours=EVENINGS, rule="lead"),
    calendar=CAL,
)


def at(y: int, m: int, d: int, h: int, mi: int = 0) -> datetime:
    return datetime(y, m, d, h, mi, tzinfo=OSLO)


# --- routing ---------------------------------------------------------------------------------


def test_open_all_members_or_round_robin() -> None:
    duty = duty_at(ROT, at(2026, 1, 6, 10))  # Tuesday, team A
    assert route(duty, ["needs_answer"]) == RoutingDecision(("kari", "ola", "ingrid"), "alert")
    picked = [route(duty, ["link"], "round_robin", i).recipients for i in range(4)]
    assert picked == [("kari",), ("ola",), ("ingrid",), ("kari",)]


def test_on_call_priority_labels_only() -> None:
    duty = duty_at(ROT, at(2026, 1, 6, 19))
    assert duty.mode == "on_call"
    for label in ("personal_data", "hate", "surge"):
        assert route(duty, [label, "needs_answer"]) == RoutingDecision(("kari",), "on_call")
    for label in ("needs_answer", "troll", "link"):
        assert route(duty, [label]) == RoutingDecision((), "queue")


def test_closed_and_nothing_to_say_queue() -> None:
    night = duty_at(ROT, at(2026, 1, 6, 23))
    assert night.mode == "closed"
    assert route(night, ["personal_data", "hate"]).level == "queue"
    assert route(duty_at(ROT, at(2026, 1, 6, 10)), []).level == "queue"
    assert route(None, ["hate"]).level == "queue"


def test_everyone_absent_queues() -> None:
    absences = tuple(Absence(p, date(2026, 1, 6), date(2026, 1, 6)) for p in A.members)
    duty = duty_at(ROT, at(2026, 1, 6, 10), Deviations(absences=absences))
    assert route(duty, ["needs_answer"]) == RoutingDecision((), "queue")


def test_handoff_switches_recipients() -> None:
    """Team A's first shift ends Monday 19 Jan 08:00; opening starts at the same minute."""
    assert route(duty_at(ROT, at(2026, 1, 16, 16, 59)), ["link"]).recipients == A.members
    assert route(duty_at(ROT, at(2026, 1, 19, 8, 0)), ["link"]).recipients == B.members
    sunday = duty_at(ROT, at(2026, 1, 18, 20))  # on call: A's lead until the handoff
    assert route(sunday, ["hate"]).recipients == ("kari",)


@settings(max_examples=300, deadline=None)
@given(
    minutes=st.integers(0, 60 * 24 * 365),
    labels=st.sets(
        st.sampled_from(["personal_data", "hate", "surge", "troll", "needs_answer", "link"])
    ),
    mode=st.sampled_from(["all", "round_robin"]),
    rr=st.integers(0, 100),
)
def test_route_never_names_anyone_off_duty(
    minutes: int, labels: set[str], mode: str, rr: int
) -> None:
    t = at(2026, 1, 1, 0) + timedelta(minutes=minutes)
    duty = duty_at(ROT, t)
    decision = route(duty, labels, mode, rr)
    for person in decision.recipients:
        assert may_message(duty, person, labels)
        if duty.mode == "open":
            assert person in duty.members
        else:
            assert duty.mode == "on_call" and person == duty.on_call_person


# --- deadlines -------------------------------------------------------------------------------


def test_24h_stops_on_weekends_and_holidays() -> None:
    assert response_deadline(at(2026, 1, 6, 10), "24h", CAL, HOURS) == at(2026, 1, 7, 10)
    assert response_deadline(at(2026, 1, 9, 15), "24h", CAL, HOURS) == at(2026, 1, 12, 15)
    # Wednesday 13 May 2026 15:00: Thursday 14 May is Ascension Day -> Friday 15:00
    assert response_deadline(at(2026, 5, 13, 15), "24h", CAL, HOURS) == at(2026, 5, 15, 15)
    # a comment on Saturday: the clock starts on Monday 00:00; Tuesday 00:00 is outside the
    # opening hours, so the deadline is the close before it, Monday 17:00
    assert response_deadline(at(2026, 1, 10, 12), "24h", CAL, HOURS) == at(2026, 1, 12, 17)


def test_24h_deadline_falls_inside_opening_hours() -> None:
    """The deadlines of issue 15 ("Svar innen: tirsdag 8 des. 00:00", "mandag 7 des. 06:21"):
    never later than 24 h of working-day clock, and always inside 08-17 on a working day."""
    # Sunday 6 Dec 2026 10:09 -> the 24 h clock gives Tuesday 00:00 -> Monday 17:00
    assert response_deadline(at(2026, 12, 6, 10, 9), "24h", CAL, HOURS) == at(2026, 12, 7, 17)
    # Friday 4 Dec 06:21 -> Monday 06:21 is before the opening -> Friday 17:00
    assert response_deadline(at(2026, 12, 4, 6, 21), "24h", CAL, HOURS) == at(2026, 12, 4, 17)
    # Monday 18:09 -> Tuesday 18:09 -> Tuesday 17:00
    assert response_deadline(at(2026, 12, 7, 18, 9), "24h", CAL, HOURS) == at(2026, 12, 8, 17)
    # Friday 20:00 before the DST change (Sunday 29 March 2026) -> Monday 20:00 CEST ->
    # Monday 17:00 CEST, 15:00 UTC
    due = response_deadline(at(2026, 3, 27, 20), "24h", CAL, HOURS)
    assert due == at(2026, 3, 30, 17) and due.utcoffset() == timedelta(hours=2)
    # Wednesday 23 Dec 2026 18:00 with Christmas Eve closed: the clock stops on the 24th
    # (closure), 25th and 26th (holidays) and the 27th (Sunday) -> Monday 28th 18:00 -> 17:00
    closed = WorkCalendar("NO", closure_days=frozenset({date(2026, 12, 24)}))
    assert response_deadline(at(2026, 12, 23, 18), "24h", closed, HOURS) == at(2026, 12, 28, 17)
    for hour in range(24):
        for day in (date(2026, 12, 4), date(2026, 12, 5), date(2027, 3, 26), date(2027, 5, 16)):
            created = datetime.combine(day, time(hour, 30), CAL.zone)
            d = response_deadline(created, "24h", CAL, HOURS).astimezone(CAL.zone)
            assert CAL.is_working_day(d.date()), (created, d)
            assert time(8) < d.time() <= time(17), (created, d)
            assert d > created


def test_next_working_day_is_end_of_its_opening_hours() -> None:
    assert response_deadline(at(2026, 1, 6, 10), "next_working_day", CAL, HOURS) == at(
        2026, 1, 7, 17
    )
    assert response_deadline(at(2026, 1, 9, 16), "next_working_day", CAL, HOURS) == at(
        2026, 1, 12, 17
    )
    # 16 May 2027 (Sunday) -> 17 May is Constitution Day -> Tuesday 18 May
    assert response_deadline(at(2027, 5, 16, 9), "next_working_day", CAL, HOURS) == at(
        2027, 5, 18, 17
    )


def test_deadline_rejects_naive_and_unknown() -> None:
    with pytest.raises(ValueError):
        response_deadline(datetime(2026, 1, 6, 10), "24h", CAL)
    with pytest.raises(ValueError):
        response_deadline(at(2026, 1, 6, 10), "48h", CAL)


def test_reminder_and_breach_windows() -> None:
    due = at(2026, 1, 7, 10)
    hour = timedelta(hours=1)
    assert not reminder_due(due, due - hour - timedelta(minutes=1), hour)
    assert reminder_due(due, due - hour, hour) and reminder_due(
        due, due - timedelta(seconds=1), hour
    )
    assert not reminder_due(due, due, hour)
    assert breached(due, due) and breached(due, due + timedelta(hours=23))
    assert not breached(due, due - timedelta(seconds=1))
    assert not breached(due, due + timedelta(days=2))  # an old backlog is not re-announced


# --- escalation and batching -----------------------------------------------------------------


def test_escalation_minutes_per_priority() -> None:
    cfg = {"high": 15, "normal": 60}
    assert priority_class(["hate"]) == "high" and priority_class(["link"]) == "normal"
    assert escalate_after(["personal_data"], cfg) == timedelta(minutes=15)
    assert escalate_after(["needs_answer"], cfg) == timedelta(minutes=60)
    assert escalate_after(["needs_answer"], {**cfg, "needs_answer": 30}) == timedelta(minutes=30)
    routed = at(2026, 1, 6, 10)
    assert not escalation_due(routed, ["hate"], routed + timedelta(minutes=14, seconds=59), cfg)
    assert escalation_due(routed, ["hate"], routed + timedelta(minutes=15), cfg)
    assert not escalation_due(routed, ["link"], routed + timedelta(minutes=59), cfg)
    assert not escalation_due(None, ["hate"], routed + timedelta(hours=5), cfg)  # queued
    assert not escalation_due(routed, [], routed + timedelta(hours=5), cfg)


def test_batch_split() -> None:
    assert batch_split(0, 3, 5) == (3, 0)
    assert batch_split(0, 8, 5) == (5, 3)
    assert batch_split(4, 3, 5) == (1, 2)
    assert batch_split(7, 2, 5) == (0, 2)
    assert batch_split(0, 0, 5) == (0, 0)


def test_label_column_round_trip() -> None:
    assert format_labels({"link", "hate", "needs_answer"}) == "hate,needs_answer,link"
    assert parse_labels("link,personal_data") == ("personal_data", "link")
    assert parse_labels("") == () and parse_labels(None) == ()
