"""Scenario 4: the real service on a simulated clock across the autumn and spring clock changes,
Easter and 17 May (Norway, Europe/Oslo), in Slack HTTP mode with the page polled throughout;
four runs of two to three simulated days, each well under a minute of real time.

What the product promises on those days (README, scheduler/*.py):

* daily digest per team at 08:00 local time on working days only - none on weekends, Maundy
  Thursday, Good Friday, Easter Monday or 17 May (Constitution Day, also Whit Monday in 2027);
* the weekly manager digest on Mondays at 08:00, moved to the next working day when Monday is a
  holiday; the editorial-meeting reminder at 08:45 on working days;
* the handoff message at the handoff instant (Monday 08:00 every second week, holiday or not)
  to the incoming and outgoing teams' channels, and the day-before notice to each incoming
  member at 14:00 on the working day before a shift starts.

Each run asserts exactly those messages, each fired at its local wall-clock time and delivered
exactly once, that the service kept ticking (its /healthz clock passed the end of the window and
answered 200 all along), and that it stops cleanly on SIGTERM with a clean log.
"""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.production.harness import (
    OutboxRow,
    platform_env,
    running,
    simulated,
    slack_exactly_once,
    slack_post_keys,
    wait_outbox_settled,
)
from tests.support.fake_graph import FakeGraph
from tests.support.fake_slack import FakeSlack

OSLO = ZoneInfo("Europe/Oslo")
SPEED = 18_000  # five simulated hours per real second: a fire runs at most 15 minutes late
TEAM_1 = ["kari", "ola", "ingrid", "lars", "sofie", "magnus", "nora"]
SCHEDULED = {"digest.daily", "digest.weekly", "duty.handoff", "duty.meeting", "duty.notice"}


def oslo(*args: int) -> datetime:
    return datetime(*args, tzinfo=OSLO)  # type: ignore[misc]


async def live_through(
    slack: FakeSlack, graph: FakeGraph, db_url: str, tmp_path: Path, start: datetime, end: datetime
) -> list[OutboxRow]:
    """Run the service from ``start`` until its clock passes ``end``; the outbox then."""
    env = platform_env(db_url, slack=slack, graph=graph, **simulated(start, SPEED))
    real_seconds = (end - start).total_seconds() / SPEED
    async with running(env, logfile=tmp_path / "service.log") as svc:
        # generous: it only has to tell a slow machine from a service that stopped ticking
        reached = await svc.wait_clock(end, timeout=real_seconds * 4 + 60)
        assert reached >= end
        rows = await wait_outbox_settled(db_url)
        assert await svc.stop() == 0, svc.log_tail()
    problems = slack_exactly_once(rows, slack)
    assert problems == [], problems
    # only what the calendar asks for: no admin notice (nothing failed, nothing was stuck)
    assert {r.kind for r in rows} <= SCHEDULED, {r.key for r in rows if r.kind not in SCHEDULED}
    assert slack_post_keys(slack).get(None, 0) == 0, "a post that did not come from the outbox"
    assert graph.calls("/posts"), "the page was never polled"
    svc.assert_clean(min_polls=int(real_seconds))
    assert "SIMULATED CLOCK" in svc.log
    return rows


def scheduled(rows: list[OutboxRow]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {kind: set() for kind in SCHEDULED}
    for r in rows:
        if r.kind in SCHEDULED:
            out[r.kind].add(r.key)
    return out


def fired_at_local(rows: list[OutboxRow], kind: str) -> set[tuple[str, time]]:
    """(local date, local wall time) of each message of ``kind``'s fire."""
    return {
        (r.created_at.astimezone(OSLO).date().isoformat(), r.created_at.astimezone(OSLO).time())
        for r in rows
        if r.kind == kind
    }


def daily(*days: str) -> set[str]:
    return {f"digest:daily:{team}:{day}" for day in days for team in ("team-1", "team-2")}


async def test_autumn_clock_change(
    slack: FakeSlack, graph: FakeGraph, fresh_db: str, tmp_path: Path
) -> None:
    """Saturday 24 October 2026 20:00 CEST to Monday 26 October 09:30 CET: the clocks go back
    on Sunday at 03:00 (to 02:00); Monday 26th is a handoff day."""
    rows = await live_through(
        slack, graph, fresh_db, tmp_path, oslo(2026, 10, 24, 20, 0), oslo(2026, 10, 26, 9, 30)
    )
    got = scheduled(rows)
    assert got["digest.daily"] == daily("2026-10-26")  # none on the weekend
    assert got["digest.weekly"] == {
        "digest:weekly:direktor:2026-W44",
        "digest:weekly:management:2026-W44",
    }
    assert got["duty.handoff"] == {"duty:handoff:21:team-1", "duty:handoff:21:team-2"}
    assert got["duty.meeting"] == {"duty:meeting:2026-10-26"}
    assert got["duty.notice"] == set()  # the next shift starts 9 November
    # every fire at its local wall-clock time, after the change as before it
    assert fired_at_local(rows, "digest.daily") == {("2026-10-26", time(8, 0))}
    assert fired_at_local(rows, "duty.handoff") == {("2026-10-26", time(8, 0))}
    assert fired_at_local(rows, "duty.meeting") == {("2026-10-26", time(8, 45))}


async def test_maundy_thursday_and_good_friday(
    slack: FakeSlack, graph: FakeGraph, fresh_db: str, tmp_path: Path
) -> None:
    """Wednesday 24 March 2027 07:30 to Saturday 27 March 12:00 (CET): a working Wednesday, then
    Maundy Thursday and Good Friday, days off. The next shift starts on Easter Monday, so its
    members hear about it on Wednesday, the last working day before it."""
    rows = await live_through(
        slack, graph, fresh_db, tmp_path, oslo(2027, 3, 24, 7, 30), oslo(2027, 3, 27, 12, 0)
    )
    got = scheduled(rows)
    assert got["digest.daily"] == daily("2027-03-24")  # none on the 25th and 26th
    assert fired_at_local(rows, "digest.daily") == {("2027-03-24", time(8, 0))}
    assert got["duty.meeting"] == {"duty:meeting:2027-03-24"}
    assert got["duty.notice"] == {f"duty:notice:32:{p}" for p in TEAM_1}
    assert fired_at_local(rows, "duty.notice") == {("2027-03-24", time(14, 0))}
    assert got["digest.weekly"] == set() and got["duty.handoff"] == set()


async def test_spring_clock_change_and_easter_monday(
    slack: FakeSlack, graph: FakeGraph, fresh_db: str, tmp_path: Path
) -> None:
    """Saturday 27 March 2027 12:00 CET to Tuesday 30 March 09:30 CEST: the clocks go forward on
    Easter Sunday at 02:00 (to 03:00); Easter Monday is a holiday and a handoff day; the weekly
    digest moves from Monday to Tuesday."""
    rows = await live_through(
        slack, graph, fresh_db, tmp_path, oslo(2027, 3, 27, 12, 0), oslo(2027, 3, 30, 9, 30)
    )
    got = scheduled(rows)
    assert got["digest.daily"] == daily("2027-03-30")  # none on Easter Monday
    assert fired_at_local(rows, "digest.daily") == {("2027-03-30", time(8, 0))}
    assert got["duty.meeting"] == {"duty:meeting:2027-03-30"}
    assert got["digest.weekly"] == {
        "digest:weekly:direktor:2027-W13",
        "digest:weekly:management:2027-W13",
    }
    assert fired_at_local(rows, "digest.weekly") == {("2027-03-30", time(8, 0))}
    # the handoff is at its instant even on Easter Monday, in summer time: Vaktlag 1 takes over
    assert got["duty.handoff"] == {"duty:handoff:32:team-1", "duty:handoff:32:team-2"}
    assert fired_at_local(rows, "duty.handoff") == {("2027-03-29", time(8, 0))}
    assert got["duty.notice"] == set()  # told on Wednesday (the test above)


async def test_17_may(slack: FakeSlack, graph: FakeGraph, fresh_db: str, tmp_path: Path) -> None:
    """Whit Sunday 16 May 2027 12:00 to Tuesday 18 May 09:30: Monday 17 May (Constitution Day
    and Whit Monday) has no digest and no meeting; the weekly digest comes on Tuesday."""
    rows = await live_through(
        slack, graph, fresh_db, tmp_path, oslo(2027, 5, 16, 12, 0), oslo(2027, 5, 18, 9, 30)
    )
    got = scheduled(rows)
    assert got["digest.daily"] == daily("2027-05-18")
    assert got["duty.meeting"] == {"duty:meeting:2027-05-18"}
    assert got["digest.weekly"] == {
        "digest:weekly:direktor:2027-W20",
        "digest:weekly:management:2027-W20",
    }
    assert fired_at_local(rows, "digest.weekly") == {("2027-05-18", time(8, 0))}
    assert got["duty.handoff"] == set()  # 17 May is not a handoff Monday (10th and 24th are)
    assert got["duty.notice"] == set()
