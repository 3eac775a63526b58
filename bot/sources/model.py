"""Normalised records every source (Graph API, webhooks, exports) produces for ingestion.

Pure: no I/O and no clock. Authors are pseudonymous: the platform id is kept only as an
HMAC-SHA256 under a secret salt (``VAKTBOT_AUTHOR_SALT``), the display name separately so that
retention can purge it.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Literal

METRIC_FIELDS = (
    "followers",
    "reach",
    "views",
    "reactions",
    "comments",
    "shares",
    "clicks",
    "posts_published",
)

CommentVerb = Literal["add", "edited", "remove", "hide", "unhide"]


@dataclass(frozen=True, slots=True)
class NormPost:
    account_id: str
    external_id: str
    created_at: datetime
    text: str | None = None
    permalink: str | None = None
    kind: str | None = None


@dataclass(frozen=True, slots=True)
class NormComment:
    account_id: str
    external_id: str
    post_external_id: str | None
    parent_external_id: str | None
    text: str | None
    author_platform_id: str | None
    author_name: str | None
    created_at: datetime
    permalink: str | None = None
    is_hidden: bool = False
    from_page: bool = False


@dataclass(frozen=True, slots=True)
class NormSnapshot:
    """Daily figures for an account (post_external_id == "") or one post; None = not known."""

    account_id: str
    day: date
    post_external_id: str = ""
    followers: int | None = None
    reach: int | None = None
    views: int | None = None
    reactions: int | None = None
    comments: int | None = None
    shares: int | None = None
    clicks: int | None = None
    posts_published: int | None = None
    source: str | None = None

    def figures(self) -> dict[str, int | None]:
        return {f: getattr(self, f) for f in METRIC_FIELDS}


@dataclass(frozen=True, slots=True)
class CommentEvent:
    """A change to a comment reported by the platform (webhook verb) or found by a poll."""

    account_id: str
    external_id: str
    verb: CommentVerb
    text: str | None = None  # new text for "edited"
    comment: NormComment | None = field(default=None)  # full record when the source has one


def author_hash(platform_id: str | None, salt: str) -> str | None:
    """Pseudonymous, stable author key: hex HMAC-SHA256 of the platform id under ``salt``."""
    if not platform_id:
        return None
    return hmac.new(salt.encode(), str(platform_id).encode(), hashlib.sha256).hexdigest()


def parse_time(value: str | int | float | None) -> datetime | None:
    """Graph API times ("2025-01-02T10:00:00+0000"), ISO 8601 with a zone, or unix seconds.

    Naive ISO values are read as UTC (exports give local-less timestamps in UTC).
    """
    if value is None or value == "":
        return None
    if isinstance(value, int | float) or (isinstance(value, str) and value.isdigit()):
        return datetime.fromtimestamp(int(value), tz=UTC)
    text = str(value).strip().replace("Z", "+00:00")
    if len(text) >= 5 and text[-5] in "+-" and text[-3] != ":" and "T" in text:
        text = text[:-2] + ":" + text[-2:]
    dt = datetime.fromisoformat(text)
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)
