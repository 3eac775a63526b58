"""Surge detection for comments on one post, and the surge alert cool-down.

Pure functions of the arrival times and ``now``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta


def _aware(value: datetime, name: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")


@dataclass(frozen=True, slots=True)
class SurgeStats:
    recent: int  # comments in the window ending at ``now``
    usual: float  # the post's usual number per window, from the baseline period
    surging: bool


def surge_stats(
    arrivals: Sequence[datetime],
    now: datetime,
    *,
    window: timedelta = timedelta(hours=1),
    baseline_hours: float = 24,
    threshold: float = 3.0,
    min_count: int = 10,
) -> SurgeStats:
    """Compare the comments in the last ``window`` with the post's own rate over the
    ``baseline_hours`` before it.

    The baseline rate is spread over the part of the baseline period the post has existed
    (from its first earlier comment, at least one hour), so a young post is not judged against
    a day of silence. Surging means at least ``min_count`` recent comments AND at least
    ``threshold`` times the usual number per window. Arrivals after ``now`` are ignored.
    """
    _aware(now, "now")
    if window <= timedelta(0) or baseline_hours <= 0:
        raise ValueError("window and baseline_hours must be positive")
    window_start = now - window
    baseline_start = window_start - timedelta(hours=baseline_hours)
    recent = 0
    before = 0
    first: datetime | None = None
    for at in arrivals:
        _aware(at, "arrival")
        if window_start < at <= now:
            recent += 1
        elif baseline_start < at <= window_start:
            before += 1
            if first is None or at < first:
                first = at
    usual = 0.0
    if before:
        assert first is not None
        span = max(window_start - first, timedelta(hours=1))
        usual = before * (window / span)
    surging = recent >= min_count and recent >= threshold * usual
    return SurgeStats(recent, usual, surging)


def surge_should_alert(
    last_alert_at: datetime | None, now: datetime, cooldown: timedelta = timedelta(hours=2)
) -> bool:
    """True unless a surge alert for the same post was sent less than ``cooldown`` ago."""
    _aware(now, "now")
    if last_alert_at is None:
        return True
    _aware(last_alert_at, "last_alert_at")
    return now - last_alert_at >= cooldown
