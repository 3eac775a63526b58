"""Polling off the critical path: a digest due in the minute three busy pages are polled at 95 %
of Meta's allowance goes out on time, through the real scheduler loop and pollers, the fake
Graph API and the fake Slack Web API (tests/support/busy_pages.py; the figures with a poll
running flat out are in bench/bench_polling.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.runtime.pollers import next_poll
from tests.support.busy_pages import digest_delay


async def test_a_digest_due_while_three_large_pages_are_polled_at_95_percent_is_on_time(
    db_url: str, tmp_path: Path
) -> None:
    outcome = await digest_delay(db_url, tmp_path, pages=3, posts=300, usage=95.0)
    # the polls were under way: each page's first call made, then paced by its own budget
    assert outcome.graph_calls >= 3 and outcome.usage == 95.0
    # before, the client slept 60 s after every call inside the tick: the digest waited
    assert outcome.delay < 1.0, f"the digest went out {outcome.delay:.2f} s late"


def test_fire_times_are_on_a_fixed_grid() -> None:
    at = datetime(2026, 11, 24, 7, 0, 30, tzinfo=UTC)
    assert next_poll(at, 1) == datetime(2026, 11, 24, 7, 1, tzinfo=UTC)
    assert next_poll(at, 10) == datetime(2026, 11, 24, 7, 10, tzinfo=UTC)
    on_the_dot = datetime(2026, 11, 24, 7, 10, tzinfo=UTC)
    assert next_poll(on_the_dot, 10) == on_the_dot + timedelta(minutes=10)  # strictly after
