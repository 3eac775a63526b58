"""A poller's call budget from Meta's usage headers, and the back-off that follows from it.

Meta reports how much of an app's or a page's hourly allowance is used in ``X-App-Usage``
(``call_count``, ``total_time``, ``total_cputime`` in percent), ``X-Business-Use-Case-Usage`` (the
same per business use case, with ``estimated_time_to_regain_access`` in minutes) and
``X-Page-Usage``. The highest figure counts.

The back-off is proportionate: nothing below ``soft`` percent, then a pause before the next call
that grows with the square of how far usage is into the band up to 100 %, reaching
``max_pause`` there; at 100 % (or when Meta says when access comes back) the wait is at least
the time to regain access. Only the poller that owns the budget waits: the scheduler and the
sender run on regardless (see :mod:`bot.runtime.pollers`).

Pure: no I/O, no clock.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

HEADERS = ("x-business-use-case-usage", "x-app-usage", "x-page-usage")


def usage_percent(headers: Mapping[str, str]) -> tuple[float, float]:
    """(highest usage %, seconds until access is regained) from the usage headers."""
    pct, regain = 0.0, 0.0
    lowered = {k.lower(): v for k, v in headers.items()}
    for name in HEADERS:
        raw = lowered.get(name)
        if not raw:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        entries: list[dict[str, Any]] = []
        if isinstance(data, dict) and any(k in data for k in ("call_count", "total_time")):
            entries = [data]
        elif isinstance(data, dict):
            for value in data.values():
                entries.extend(
                    v for v in (value if isinstance(value, list) else []) if isinstance(v, dict)
                )
        for e in entries:
            for key in ("call_count", "total_time", "total_cputime"):
                value = e.get(key)
                if isinstance(value, int | float) and not isinstance(value, bool):
                    pct = max(pct, float(value))
            minutes = e.get("estimated_time_to_regain_access")
            if isinstance(minutes, int | float) and not isinstance(minutes, bool):
                regain = max(regain, float(minutes) * 60)
    return min(pct, 1000.0), min(regain, 24 * 3600.0)


@dataclass
class UsageBudget:
    """What the last answer said about the allowance, and how long to wait before the next call."""

    soft: float = 50.0  # percent: below it, no pause
    max_pause: float = 60.0  # seconds before the next call at 100 %
    usage: float = 0.0
    regain: float = 0.0  # seconds until Meta lets calls through again (0: not blocked)

    def update(self, headers: Mapping[str, str]) -> None:
        """Read an answer's usage headers (an answer without them leaves the budget as it is)."""
        if not any(h in {k.lower() for k in headers} for h in HEADERS):
            return
        self.usage, self.regain = usage_percent(headers)

    def pause(self) -> float:
        """Seconds to wait before the next call."""
        if self.usage >= 100.0 or self.regain > 0:
            return max(self.regain, self.max_pause)
        if self.usage <= self.soft:
            return 0.0
        share = (self.usage - self.soft) / (100.0 - self.soft)
        return self.max_pause * share * share

    def rate_limited(self, attempt: int) -> float:
        """Seconds to wait after Meta refused a call for the rate limit (``attempt`` from 0)."""
        return min(max(self.regain, self.max_pause * 2**attempt), 3600.0)
