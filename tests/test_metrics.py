"""Engagement-rate and response-time rules: formulas, target band, working time with weekends,
public holidays, closure days and seasonal opening hours."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.metrics import (
    ResponseJudge,
    Schedule,
    WorkingClock,
    band,
    engagement_rate,
    median,
    response_deadline,
    response_seconds,
    within_target,
)
from bot.workdays import DEFAULT_OPENING, WorkCalendar, working_seconds_between

OSLO = ZoneInfo("Europe/Oslo")
CAL = WorkCalendar("NO", None, frozenset({date(2026, 12, 24), date(2026, 12, 31)}), "Europe/Oslo")
SE = WorkCalendar("SE", None, frozenset(), "Europe/Stockholm")


def at(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=OSLO)


# --- engagement rate --------------------------------------------------------------------------


def test_reactions_per_followers_is_the_default_formula_per_7_days() -> None:
    assert engagement_rate("reactions_per_followers", followers=10_000, reactions=550) == 5.5
    # a single day is scaled to 7 days, a quarter down to 7 days
    assert engagement_rate(
        "reactions_per_followers", followers=10_000, reactions=100, days=1
    ) == pytest.approx(7.0)
    assert engagement_rate(
        "reactions_per_followers", followers=10_000, reactions=6_500, days=91
    ) == pytest.approx(5.0)


def test_engagements_per_reach_counts_all_interactions() -> None:
    rate = engagement_rate(
        "engagements_per_reach", reach=2_000, reactions=50, comments=20, shares=20, clicks=10
    )
    assert rate == 5.0
    # missing parts count as nothing, but some part must be there
    assert engagement_rate("engagements_per_reach", reach=1_000, reactions=30) == 3.0
    assert engagement_rate("engagements_per_reach", reach=1_000) is None


@pytest.mark.parametrize(
    "kwargs",
    [
        {"followers": 0, "reactions": 10},
        {"followers": None, "reactions": 10},
        {"followers": 100, "reactions": None},
        {"followers": -5, "reactions": 10},
    ],
)
def test_zero_or_missing_followers_give_none_not_nan(kwargs: dict[str, int | None]) -> None:
    assert engagement_rate("reactions_per_followers", **kwargs) is None  # type: ignore[arg-type]


def test_zero_reach_gives_none_and_unknown_formula_is_refused() -> None:
    assert engagement_rate("engagements_per_reach", reach=0, reactions=5) is None
    with pytest.raises(ValueError, match="unknown engagement formula"):
        engagement_rate("likes_per_moon", followers=1, reactions=1)


counts = st.one_of(st.none(), st.integers(min_value=0, max_value=10**9))


@given(
    formula=st.sampled_from(["reactions_per_followers", "engagements_per_reach"]),
    followers=counts,
    reach=counts,
    reactions=counts,
    comments=counts,
    shares=counts,
    clicks=counts,
    days=st.integers(min_value=1, max_value=400),
)
def test_rate_is_never_nan_or_infinite(formula: str, **kw: int) -> None:
    rate = engagement_rate(formula, **kw)  # type: ignore[arg-type]
    assert rate is None or (math.isfinite(rate) and rate >= 0)


@given(
    reach=st.integers(min_value=1, max_value=10**7),
    parts=st.lists(st.integers(min_value=0, max_value=10**6), min_size=4, max_size=4),
    k=st.integers(min_value=2, max_value=50),
)
def test_engagements_per_reach_is_scale_invariant(reach: int, parts: list[int], k: int) -> None:
    r, c, s, cl = parts
    one = engagement_rate(
        "engagements_per_reach", reach=reach, reactions=r, comments=c, shares=s, clicks=cl
    )
    many = engagement_rate(
        "engagements_per_reach",
        reach=reach * k,
        reactions=r * k,
        comments=c * k,
        shares=s * k,
        clicks=cl * k,
    )
    assert one == pytest.approx(many)


def test_band_is_inclusive_and_order_of_target_does_not_matter() -> None:
    assert band(4.99, (5, 7)) == "below"
    assert band(5.0, (5, 7)) == "within"
    assert band(7.0, (7, 5)) == "within"
    assert band(7.01, (5, 7)) == "above"
    assert band(None, (5, 7)) is None


# --- response-time rules ----------------------------------------------------------------------


def test_24h_rule_stops_the_clock_over_the_weekend() -> None:
    assert response_deadline(CAL, at(2026, 11, 20, 15), "24h") == at(2026, 11, 23, 15)
    # arriving on Saturday: the clock starts on Monday at midnight; Tuesday 00:00 lies outside
    # the opening hours, so the deadline is Monday's close
    assert response_deadline(CAL, at(2026, 11, 21, 10), "24h") == at(2026, 11, 23, 17)


def test_24h_rule_skips_public_holidays_and_closure_days() -> None:
    # Ascension Day 2026 is Thursday 14 May
    assert response_deadline(CAL, at(2026, 5, 13, 12), "24h") == at(2026, 5, 15, 12)
    # 17 May 2027 is a Monday: Friday 14 May 10:00 -> Tuesday 18 May 10:00
    assert response_deadline(CAL, at(2027, 5, 14, 10), "24h") == at(2027, 5, 18, 10)
    # 23 Dec 2026 12:00; 24 Dec is a closure day, 25 Dec Christmas, then the weekend
    assert response_deadline(CAL, at(2026, 12, 23, 12), "24h") == at(2026, 12, 28, 12)


def test_24h_rule_across_the_clock_change_counts_real_hours() -> None:
    # 25 Oct 2026 (Sunday) is the change; Friday 23 Oct 12:00 -> Monday 26 Oct 12:00 local
    assert response_deadline(CAL, at(2026, 10, 23, 12), "24h") == at(2026, 10, 26, 12)


def test_next_working_day_rule_ends_with_the_opening_hours() -> None:
    assert response_deadline(CAL, at(2026, 11, 20, 16, 59), "next_working_day") == at(
        2026, 11, 23, 17
    )
    assert response_deadline(CAL, at(2026, 11, 18, 9), "next_working_day") == at(2026, 11, 19, 17)
    # Wednesday before Ascension Day -> Friday
    assert response_deadline(CAL, at(2026, 5, 13, 9), "next_working_day") == at(2026, 5, 15, 17)
    # Sweden's National Day, Friday 6 June 2025, is a red day in the SE calendar
    sthlm = ZoneInfo("Europe/Stockholm")
    due = response_deadline(SE, datetime(2025, 6, 5, 10, tzinfo=sthlm), "next_working_day")
    assert due == datetime(2025, 6, 9, 17, tzinfo=sthlm)


def test_within_target_and_unknown_rule() -> None:
    created = at(2026, 11, 20, 15)
    assert within_target(CAL, created, at(2026, 11, 23, 14, 59), "24h")
    assert not within_target(CAL, created, at(2026, 11, 23, 15, 1), "24h")
    with pytest.raises(ValueError, match="unknown response target"):
        response_deadline(CAL, created, "48h")


def test_response_time_is_counted_in_opening_hours() -> None:
    # Friday 16:00 -> Monday 09:00 = one hour on Friday and one on Monday
    assert response_seconds(CAL, at(2026, 11, 20, 16), at(2026, 11, 23, 9)) == 2 * 3600
    # a comment answered on a Sunday evening took no working time at all
    assert response_seconds(CAL, at(2026, 11, 22, 10), at(2026, 11, 22, 20)) == 0
    # Wednesday 16:00 -> Friday 09:00 over Ascension Day
    assert response_seconds(CAL, at(2026, 5, 13, 16), at(2026, 5, 15, 9)) == 2 * 3600


def test_seasonal_extended_hours_count_in_their_period() -> None:
    long_days = {d: ((time(7), time(20)),) for d in range(5)} | {5: ((time(10), time(14)),)}
    season = Schedule(DEFAULT_OPENING, ((date(2027, 3, 15), date(2027, 4, 30), long_days),))
    # weekdays count the longer hours inside the season and the normal ones outside it
    assert response_seconds(CAL, at(2027, 5, 11, 6), at(2027, 5, 11, 21), season) == 9 * 3600
    # weekends stay excluded from response time even when the season opens on Saturday
    assert response_seconds(CAL, at(2027, 3, 20, 9), at(2027, 3, 20, 18), season) == 0
    assert response_seconds(CAL, at(2027, 3, 16, 6), at(2027, 3, 16, 21), season) == 13 * 3600
    nwd = response_deadline(CAL, at(2027, 3, 19, 12), "next_working_day", season)
    assert nwd == at(2027, 3, 22, 20)


instants = st.datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC)
)


@settings(max_examples=150, deadline=None)
@given(a=instants, b=instants)
def test_clock_agrees_with_working_seconds_between(a: datetime, b: datetime) -> None:
    a, b = min(a, b), max(a, b)
    clock = WorkingClock(CAL, Schedule(), a, b)
    expected = working_seconds_between(CAL, a, b, DEFAULT_OPENING)
    assert clock.between(a.timestamp(), b.timestamp()) == pytest.approx(expected, abs=1e-3)


@settings(max_examples=150, deadline=None)
@given(a=instants, hours=st.floats(min_value=0.01, max_value=200))
def test_clock_add_is_the_inverse_of_between(a: datetime, hours: float) -> None:
    clock = WorkingClock(CAL, Schedule(), a, a + timedelta(days=60))
    due = clock.add(a.timestamp(), hours * 3600)
    assert due is not None and due >= a.timestamp()
    assert clock.between(a.timestamp(), due) == pytest.approx(hours * 3600, abs=1e-3)


@settings(max_examples=100, deadline=None)
@given(created=instants, rule=st.sampled_from(["24h", "next_working_day"]))
def test_deadline_never_falls_on_a_non_working_day(created: datetime, rule: str) -> None:
    due = response_deadline(CAL, created, rule).astimezone(OSLO)
    day = due.date() if due.time() != time(0) else due.date() - timedelta(days=1)
    assert CAL.is_working_day(day)
    assert due > created
    judge = ResponseJudge(CAL, rule, Schedule(), created, created + timedelta(days=10))
    assert judge.deadline(created) == due


def test_judge_counts_compliance_and_median() -> None:
    first, now = at(2026, 11, 16), at(2026, 11, 23, 8)
    judge = ResponseJudge(CAL, "24h", Schedule(), first, now)
    mon9 = at(2026, 11, 16, 9).timestamp()
    pairs = [
        (mon9, mon9 + 3600),  # 1 working hour, in time
        (mon9, mon9 + 2 * 3600),  # 2 hours, in time
        (mon9, mon9 + 30 * 3600),  # Tuesday 15:00: too late; 8 working hours
        (mon9, None),  # still open, long overdue -> a breach
        (now.timestamp() - 3600, None),  # still open, not yet due -> not counted
    ]
    stats = judge.stats(pairs, now.timestamp())
    assert (stats.considered, stats.within, stats.answered) == (4, 2, 3)
    assert stats.share == 50.0
    assert stats.median_seconds == 2 * 3600
    empty = judge.stats([], now.timestamp())
    assert empty.share is None and empty.median_seconds is None


def test_median() -> None:
    assert median([]) is None
    assert median([3.0]) == 3.0
    assert median([4.0, 1.0, 3.0, 2.0]) == 2.5


@settings(max_examples=40, deadline=None)
@given(
    rule=st.sampled_from(["24h", "next_working_day"]),
    rows=st.lists(
        st.tuples(
            st.sampled_from(["a", "b", "c"]),
            st.floats(min_value=0, max_value=20 * 86400),
            st.one_of(st.none(), st.floats(min_value=0, max_value=5 * 86400)),
        ),
        max_size=40,
    ),
)
def test_vectorised_stats_match_the_plain_rule(rule: str, rows: list) -> None:  # type: ignore[type-arg]
    import numpy as np

    base = at(2026, 12, 14).timestamp()  # spans Christmas and the closure days
    now = base + 21 * 86400
    judge = ResponseJudge(CAL, rule, Schedule(), at(2026, 12, 13), at(2027, 1, 10))
    pairs = [(k, base + c, None if a is None else base + c + a) for k, c, a in rows]
    per, total = judge.stats_grouped(
        [k for k, _, _ in pairs],
        np.array([c for _, c, _ in pairs], dtype=float),
        np.array([np.nan if a is None else a for _, _, a in pairs], dtype=float),
        now,
    )
    plain = judge.stats([(c, a) for _, c, a in pairs], now)
    assert (total.considered, total.within, total.answered) == (
        plain.considered,
        plain.within,
        plain.answered,
    )
    assert (total.median_seconds is None) == (plain.median_seconds is None)
    if plain.median_seconds is not None:
        assert total.median_seconds == pytest.approx(plain.median_seconds, abs=1e-3)
    assert list(per) == list(dict.fromkeys(k for k, _, _ in pairs))  # in order of appearance
    for key in per:
        mine = judge.stats([(c, a) for k, c, a in pairs if k == key], now)
        assert (per[key].considered, per[key].within) == (mine.considered, mine.within)
        assert per[key].answered == mine.answered
        assert (per[key].median_seconds is None) == (mine.median_seconds is None)
        if mine.median_seconds is not None:
            assert per[key].median_seconds == pytest.approx(mine.median_seconds, abs=1e-3)
