"""Meta Graph API versions: which one vaktbot asks for by default, and until when Meta serves each.

Every Graph API version is available for at least two years after the next one is introduced;
Meta publishes the date a version stops answering in its changelog:
https://developers.facebook.com/docs/graph-api/changelog (table "Versions", column "Available
until"). Keep :data:`AVAILABLE_UNTIL` in step with it when a version is added. A test fails when
:data:`DEFAULT_VERSION` is within :data:`WARN_DAYS` of its retirement, and the service logs a
warning at start when the configured version (``VAKTBOT_GRAPH_API_VERSION``) is.

Pure: no I/O, no clock (``today`` is passed in).
"""

from __future__ import annotations

import re
from datetime import date

DEFAULT_VERSION = "v26.0"
WARN_DAYS = 90

# version -> (introduced, available until); None = no retirement date published yet (current).
# From https://developers.facebook.com/docs/graph-api/changelog as of 2026-12.
VERSIONS: dict[str, tuple[date, date | None]] = {
    "v26.0": (date(2026, 7, 29), None),
    "v25.0": (date(2026, 2, 18), date(2028, 7, 29)),
    "v24.0": (date(2025, 10, 8), date(2028, 2, 18)),
    "v23.0": (date(2025, 5, 29), date(2027, 10, 8)),
    "v22.0": (date(2025, 1, 21), date(2027, 5, 20)),
    "v21.0": (date(2024, 10, 2), date(2027, 1, 21)),
    "v20.0": (date(2024, 5, 21), date(2026, 9, 24)),
}
AVAILABLE_UNTIL: dict[str, date | None] = {v: until for v, (_, until) in VERSIONS.items()}
_FORMAT = re.compile(r"^v\d{1,3}\.\d$")


def is_version(value: str) -> bool:
    """Whether ``value`` is written like a Graph API version ("v26.0")."""
    return bool(_FORMAT.match(value))


def days_left(version: str, today: date) -> int | None:
    """Days until Meta stops serving ``version`` (negative: retired already); None when no
    retirement date is published (the current version) or the version is not in the table."""
    until = AVAILABLE_UNTIL.get(version)
    return None if until is None else (until - today).days


def retiring(version: str, today: date, within: int = WARN_DAYS) -> bool:
    """True when ``version`` stops working within ``within`` days of ``today`` (or already
    has). An unknown "available until" counts as not retiring."""
    left = days_left(version, today)
    return left is not None and left <= within
