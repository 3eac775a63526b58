"""The message budget (issue 15): counting, and the budget held over the 14-day demo."""

from __future__ import annotations

import asyncio
import io
import json
from collections import Counter
from datetime import UTC, date, datetime, time

import pytest

from bot.config import load_config
from bot.runtime.budget import CHANNEL_PER_DAY, DMS_PER_DAY, Budget, Sent, count, table
from bot.runtime.demo import run_demo
from tests.support.paths import EXAMPLE_CONFIG

OSLO = "Europe/Oslo"


def weekday_8_to_17(at: datetime) -> bool:
    local = at.astimezone(load_config(EXAMPLE_CONFIG).work_calendar().zone)
    return local.weekday() < 5 and time(8) <= local.time() < time(17)


def test_count_per_channel_day_person_day_and_outside_hours() -> None:
    def sent(kind: str, target: str, iso: str) -> Sent:
        return Sent(kind, target, datetime.fromisoformat(iso))

    b = count(
        [
            sent("alert.reminder", "channel:team-2", "2026-12-07T05:22:00+01:00"),  # night
            sent("alert.breach", "channel:team-2", "2026-12-07T09:00:00+01:00"),
            sent("digest.daily", "channel:team-1", "2026-12-07T08:00:00+01:00"),
            # 23:30 UTC on Monday is Tuesday 00:30 in Oslo: Tuesday's DM
            sent("alert.comment", "user:kari", "2026-12-07T23:30:00+00:00"),
            sent("alert.comment", "user:kari", "2026-12-08T10:00:00+01:00"),
            sent("alert.comment", "user:ola", "2026-12-07T10:00:00+01:00"),
        ],
        OSLO,
        weekday_8_to_17,
        edits=4,
    )
    assert b.total == 6 and b.by_kind["alert.comment"] == 3 and b.edits == 4
    assert b.channel_day[("team-2", date(2026, 12, 7))] == 2
    assert b.channel_day[("team-1", date(2026, 12, 7))] == 1
    assert (
        b.dm_day[("kari", date(2026, 12, 8))] == 2 and ("kari", date(2026, 12, 7)) not in b.dm_day
    )
    assert [m.kind for m in b.outside_hours] == ["alert.reminder"]
    assert b.max_channel_day == 2 and b.max_dm_day == 2 and not b.within()


def test_within_needs_every_alert_worthy_comment_to_reach_someone() -> None:
    b = Budget(alert_worthy=10, reached=8, waiting=2)
    assert b.lost == 0 and b.within()
    b.reached = 7
    assert b.lost == 1 and not b.within()


def test_table_has_a_row_per_day_and_the_verdict() -> None:
    at = datetime(2026, 12, 7, 9, tzinfo=UTC)
    b = count([Sent("digest.daily", "channel:team-1", at)], OSLO, weekday_8_to_17)
    text = table(b, "en")
    assert "team-1" in text and "Monday 7 Dec" in text and "Within the budget." in text
    assert "Messages: 1 (digest.daily 1); edits in place: 0" in text


@pytest.fixture(scope="module")
def tax_season() -> tuple[Budget, list[dict[str, str]]]:
    """14 demo days from Monday 15 March 2027: the budget and the delivered messages."""
    config = load_config(EXAMPLE_CONFIG)
    buf = io.StringIO()
    budgets: list[Budget] = []
    asyncio.run(run_demo(config, date(2027, 3, 15), 14, "jsonl", buf, on_budget=budgets.append))
    (b,) = budgets
    return b, [json.loads(line) for line in buf.getvalue().splitlines()]


def test_the_14_day_demo_keeps_the_budget(tax_season: tuple[Budget, list[dict[str, str]]]) -> None:
    """Two weeks from Monday 15 March 2027: the tax-return season (longer opening hours, a
    Saturday opening), Palm Sunday to Easter Saturday (Maundy Thursday and Good Friday are
    holidays) and the change to summer time on Sunday 28 March. At most 12 posts per team
    channel per day, at most 15 DMs per person per day, no channel post outside opening hours,
    and every comment worth an alert reaches a person (or waits for the next opening)."""
    config = load_config(EXAMPLE_CONFIG)
    b, events = tax_season
    posts = [e for e in events if e["op"] == "post"]
    # the budget counts what the demo printed
    assert b.total == len(posts) and b.by_kind == Counter(e["kind"] for e in posts)
    per_channel = Counter(
        (e["target"], e["at"][:10]) for e in posts if e["target"].startswith("channel:")
    )
    per_person = Counter(
        (e["target"], e["at"][:10]) for e in posts if e["target"].startswith("user:")
    )
    assert max(per_channel.values()) == b.max_channel_day <= CHANNEL_PER_DAY
    assert max(per_person.values()) == b.max_dm_day <= DMS_PER_DAY
    assert b.outside_hours == []
    assert b.alert_worthy > 100 and b.reached > 0.9 * b.alert_worthy
    assert b.reached + b.waiting == b.alert_worthy and b.lost == 0
    assert b.within()
    # no channel post at night, on a holiday or on Sunday; the breaches told at all went out
    # inside opening hours
    cal = config.work_calendar()
    for e in posts:
        if e["target"].startswith("channel:"):
            at = datetime.fromisoformat(e["at"])
            assert at.weekday() == 5 or cal.is_working_day(at.date()), e["key"]
            assert time(7) <= at.time() < time(20), e["key"]


def test_a_week_reads_the_same_in_every_weekly_digest() -> None:
    """Week 49 (30 Nov - 6 Dec 2026) is "this week" in the digest of Monday 7 December and "last
    week" in the one of 14 December: its figure for answered within target is the same in both,
    although comments of that week were answered in between."""
    buf = io.StringIO()
    asyncio.run(run_demo(load_config(EXAMPLE_CONFIG), date(2026, 12, 7), 8, "jsonl", buf))
    events = [json.loads(line) for line in buf.getvalue().splitlines()]
    weekly = [e for e in events if e["kind"] == "digest.weekly" and e["op"] == "post"]
    assert [e["at"][:10] for e in weekly] == ["2026-12-07", "2026-12-14"]
    first, second = (e["body"].splitlines() for e in weekly)
    i = next(k for k, line in enumerate(first) if line.startswith("Besvart innen fristen:"))
    this_week = first[i].removeprefix("Besvart innen fristen: ")
    j = next(k for k, line in enumerate(second) if line.startswith("Besvart innen fristen:"))
    last_week = second[j + 1].removeprefix("forrige uke ").split(" (")[0]
    assert this_week.endswith("%") and this_week == last_week
