"""A daily digest is worth sending until the next one is due: the next working day at
digest.daily_time in the organisation's zone - over weekends, Norwegian holidays and clock
changes."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.config import load_config
from scheduler.digest import next_daily
from tests.support.paths import EXAMPLE_CONFIG


@pytest.mark.parametrize(
    ("day", "expires"),
    [
        (date(2026, 11, 24), datetime(2026, 11, 25, 7, 0, tzinfo=UTC)),  # Tue -> Wed 08:00 CET
        (date(2026, 11, 27), datetime(2026, 11, 30, 7, 0, tzinfo=UTC)),  # Fri -> Mon
        (date(2026, 3, 27), datetime(2026, 3, 30, 6, 0, tzinfo=UTC)),  # Fri -> Mon, now CEST
        (date(2026, 10, 23), datetime(2026, 10, 26, 7, 0, tzinfo=UTC)),  # Fri -> Mon, CET again
        (date(2026, 5, 13), datetime(2026, 5, 15, 6, 0, tzinfo=UTC)),  # Wed -> Ascension Day
        (date(2026, 5, 15), datetime(2026, 5, 18, 6, 0, tzinfo=UTC)),  # Fri -> Mon 18 May
        (date(2026, 12, 23), datetime(2026, 12, 28, 7, 0, tzinfo=UTC)),  # 24th closed, 25-27
    ],
)
def test_the_daily_digest_lives_until_the_next_one(day: date, expires: datetime) -> None:
    assert next_daily(load_config(EXAMPLE_CONFIG), day) == expires
