"""Property tests for the rotation: invariants over random rotations and instants, and the
precomputed timeline checked against a direct, unoptimised reading of the rules."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.duty.model import DutyTeam, ExtendedHours, OnCall, Rotation
from bot.duty.rotation import duty_at, handoffs_between, shift_at
from bot.duty.timeline import local_to_utc, transitions
from bot.workdays import WorkCalendar

ZONES = ("Europe/Oslo", "Europe/Stockholm")
HANDOFF_TIMES = (time(0), time(2, 30), time(8), time(9, 15), time(23, 30))
LO = datetime(2019, 1, 1, tzinfo=UTC).timestamp()
HI = datetime(2032, 12, 31, tzinfo=UTC).timestamp()
ONE = timedelta(microseconds=1)


@st.composite
def rotations(draw: st.DrawFn) -> Rotation:
    tz = draw(st.sampled_from(ZONES))
    n = draw(st.integers(1, 5))
    teams = tuple(
        DutyTeam(f"t{i}", f"Team {i}", f"p{i}0", tuple(f"p{i}{j}" for j in range(7)))
        for i in range(n)
    )
    weekday = draw(st.integers(0, 6))
    start = draw(st.dates(date(2020, 1, 1), date(2030, 12, 31)))
    start += timedelta(days=(weekday - start.weekday()) % 7)
    on_call = draw(
        st.sampled_from(
            [
                None,
                OnCall({d: ((time(17), time(22)),) for d in range(5)}),
                OnCall(
                    {
                        **{d: ((time(16), time(8)),) for d in range(5)},  # overnight
                        5: ((time(0), time(0)),),
                        6: ((time(0), time(0)),),
                    }
                ),
            ]
        )
    )
    extended: tuple[ExtendedHours, ...] = ()
    if draw(st.booleans()):
        e_start = draw(st.dates(date(2020, 1, 1), date(2031, 12, 1)))
        hours = {**{d: ((time(7), time(21)),) for d in range(5)}, 5: ((time(10), time(15)),)}
        extended = (ExtendedHours(e_start, e_start + timedelta(days=40), hours),)
    country = "SE" if tz == "Europe/Stockholm" else "NO"
    return Rotation(
        id="r",
        teams=teams,
        start=start,
        shift_weeks=draw(st.integers(1, 3)),
        handoff_weekday=weekday,
        handoff_time=draw(st.sampled_from(HANDOFF_TIMES)),
        tz=tz,
        on_call=on_call,
        extended=extended,
        calendar=WorkCalendar(country, tz=tz),
    )


instants = st.floats(LO, HI).map(lambda ts: datetime.fromtimestamp(round(ts), UTC))


def reference_mode(rot: Rotation, t: datetime) -> str:
    """The rules read directly: intervals built with datetime.combine for the local date of t
    and the day before (intervals may run past midnight)."""
    zone, cal = rot.zone, rot.cal
    local = t.astimezone(zone).date()

    def inside(d: date, spans: tuple[tuple[time, time], ...]) -> bool:
        for a, b in spans:
            lo = datetime.combine(d, a, tzinfo=zone)
            hi = datetime.combine(d + timedelta(days=1) if b <= a else d, b, tzinfo=zone)
            if lo.timestamp() <= t.timestamp() < hi.timestamp():
                return True
        return False

    for d in (local - timedelta(days=1), local):
        if cal.is_holiday(d):
            continue
        hours = rot.opening if d.weekday() < 5 else {}
        for ext in rot.extended:
            if ext.start <= d <= ext.end:
                hours = ext.hours
        if inside(d, hours.get(d.weekday(), ())):
            return "open"
    oc = rot.on_call
    if oc is not None:
        for d in (local - timedelta(days=1), local):
            key = oc.holiday_weekday if cal.is_holiday(d) else d.weekday()
            if key is not None and inside(d, oc.hours.get(key, ())):
                return "on_call"
    return "closed"


@settings(max_examples=300, deadline=None)
@given(rotations(), instants)
def test_exactly_one_team_and_the_rules_hold_at_every_instant(rot: Rotation, t: datetime) -> None:
    d = duty_at(rot, t)
    assert d.team in rot.teams
    assert d.shift_start <= t < d.shift_end
    assert d.team == rot.teams[d.shift_index % len(rot.teams)]
    assert shift_at(rot, t) == (d.shift_index, d.team, d.shift_start, d.shift_end)
    assert d.mode == reference_mode(rot, t)
    if d.mode == "on_call":
        assert d.on_call_person == d.lead
    else:
        assert d.on_call_person is None
    assert d.members == d.team.members


@settings(max_examples=200, deadline=None)
@given(rotations(), instants)
def test_shift_boundaries_fall_at_the_local_handoff_time(rot: Rotation, t: datetime) -> None:
    zone = rot.zone
    s = shift_at(rot, t)
    for edge in (s.start, s.end):
        local = edge.astimezone(zone)
        assert local.weekday() == rot.handoff_weekday
        wall = datetime.combine(local.date(), rot.handoff_time, tzinfo=zone)
        assert local.timestamp() == wall.timestamp()  # (a nonexistent wall time moves forward)
    assert (s.end.astimezone(zone).date() - s.start.astimezone(zone).date()).days == (
        7 * rot.shift_weeks
    )
    assert duty_at(rot, s.start).shift_index == s.index
    assert duty_at(rot, s.start - ONE).shift_index == s.index - 1
    assert duty_at(rot, s.end).shift_index == s.index + 1
    assert duty_at(rot, s.end - ONE).shift_index == s.index


@settings(max_examples=200, deadline=None)
@given(rotations(), instants, st.floats(0, 1))
def test_duty_is_constant_within_a_shift(rot: Rotation, t: datetime, frac: float) -> None:
    d = duty_at(rot, t)
    span = d.shift_end.timestamp() - d.shift_start.timestamp()
    u = datetime.fromtimestamp(d.shift_start.timestamp() + int(frac * (span - 1)), UTC)
    e = duty_at(rot, u)
    assert (e.team, e.lead, e.shift_index, e.shift_start, e.shift_end) == (
        d.team,
        d.lead,
        d.shift_index,
        d.shift_start,
        d.shift_end,
    )


@settings(max_examples=200, deadline=None)
@given(rotations(), instants, st.integers(1, 4))
def test_alternation_period_is_teams_times_shift_length(rot: Rotation, t: datetime, j: int) -> None:
    n, zone = len(rot.teams), rot.zone
    local = t.astimezone(zone)

    def later(weeks: int) -> datetime:
        # the same local wall time `weeks` later (the shift grid is on local dates)
        moved = datetime.combine(local.date() + timedelta(weeks=weeks), local.time(), zone)
        return moved.replace(fold=local.fold)

    here = duty_at(rot, t)
    period = duty_at(rot, later(j * rot.period_weeks))
    assert period.team == here.team
    assert period.shift_index == here.shift_index + j * n
    for i in range(1, n):
        assert duty_at(rot, later(i * rot.shift_weeks)).team != here.team
    handoffs = handoffs_between(rot, here.shift_start, later(rot.period_weeks))
    assert len(handoffs) in (n, n + 1)
    assert [h.incoming for h in handoffs[:n]] == [
        rot.teams[(here.shift_index + i) % n] for i in range(n)
    ]


@settings(max_examples=300, deadline=None)
@given(rotations(), instants)
def test_next_opening_and_mode_until(rot: Rotation, t: datetime) -> None:
    d = duty_at(rot, t)
    assert d.next_opening is not None and d.mode_until is not None
    assert d.next_opening >= t
    assert duty_at(rot, d.next_opening).mode == "open"
    assert duty_at(rot, d.next_opening - ONE).mode != "open" or d.next_opening == t
    if d.mode != "open":
        assert duty_at(rot, d.next_opening - ONE).mode != "open"
    assert d.mode_until > t
    assert duty_at(rot, d.mode_until).mode != d.mode
    assert duty_at(rot, d.mode_until - ONE).mode == d.mode


@settings(max_examples=30, deadline=None)
@given(rotations(), st.lists(instants, min_size=5, max_size=15))
def test_answers_do_not_depend_on_query_order(rot: Rotation, ts: list[datetime]) -> None:
    """One rotation queried far apart and back (cache extension and reset) agrees with fresh
    rotations queried once each."""
    for t in ts + ts[::-1]:
        fresh = Rotation(**{f: getattr(rot, f) for f in ("id", "teams", "start", "shift_weeks",
                         "handoff_weekday", "handoff_time", "tz", "opening", "extended",
                         "on_call", "calendar")})  # fmt: skip
        assert duty_at(rot, t) == duty_at(fresh, t)


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(ZONES + ("America/Santiago", "Australia/Lord_Howe", "UTC")),
    st.dates(date(2000, 1, 1), date(2035, 12, 31)),
    st.integers(0, 48 * 4 - 1),
)
def test_wall_time_conversion_matches_zoneinfo(tz: str, d: date, quarter: int) -> None:
    zone = ZoneInfo(tz)
    off0, steps = transitions(zone, d - timedelta(days=3), d + timedelta(days=3))
    secs = quarter * 900
    day = d + timedelta(days=secs // 86400)
    wall = time(secs % 86400 // 3600, secs % 3600 // 60)
    expected = datetime.combine(day, wall, tzinfo=zone)  # fold=0, like the builder
    local = (d.toordinal() - date(1970, 1, 1).toordinal()) * 86400 + secs
    assert local_to_utc(local, off0, steps) == expected.timestamp()
