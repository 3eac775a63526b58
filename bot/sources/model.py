"""Normalised records every source (Graph API, webhooks, exports) produces for ingestion.

Pure: no I/O and no clock. Authors are pseudonymous: the platform id is kept only as an
HMAC-SHA256 under a secret salt (``VAKTBOT_AUTHOR_SALT``), the display name separately so that
retention can purge it.
"""

from __future__ import annotations

import hmac
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, TypeAdapter

# ``followers`` is a lifetime total (the count at the end of the day); every other figure is what
# happened that day (or, on a per-post row from a "lifetime" export, the post's totals)
METRIC_FIELDS = (
    "followers",
    "new_follows",
    "reach",
    "views",
    "reactions",
    "comments",
    "shares",
    "saves",
    "clicks",
    "interactions",
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


@dataclass(frozen=True, slots=True, kw_only=True)
class SpanFigures:
    """The figures that count what happened in a span of time: one day (a snapshot) or the sum
    over a period's days (bot.digest.model.Figures). None = not reported."""

    new_follows: int | None = None  # follows gained
    reach: int | None = None
    views: int | None = None
    reactions: int | None = None
    comments: int | None = None
    shares: int | None = None
    saves: int | None = None
    clicks: int | None = None


@dataclass(frozen=True, slots=True)
class NormSnapshot(SpanFigures):
    """Daily figures for an account (post_external_id == "") or one post; None = not known.

    ``followers`` is the total at the end of ``day``; ``new_follows`` the follows gained that day.
    ``interactions`` is the platform's own total when it gives no breakdown."""

    account_id: str
    day: date
    post_external_id: str = ""
    followers: int | None = None
    interactions: int | None = None
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


@dataclass
class Parsed:
    """What a webhook body asks for, keyed by platform account ids (resolved when storing)."""

    comments: list[NormComment] = field(default_factory=list)
    events: list[CommentEvent] = field(default_factory=list)
    snapshots: list[NormSnapshot] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)


def author_hash(platform_id: str | None, salt: str) -> str | None:
    """Pseudonymous, stable author key: hex HMAC-SHA256 of the platform id under ``salt``."""
    if not platform_id:
        return None
    return _hmac_hex(str(platform_id), salt)


@lru_cache(maxsize=1 << 16)  # the same authors come back poll after poll
def _hmac_hex(platform_id: str, salt: str) -> str:
    return hmac.digest(salt.encode(), platform_id.encode(), "sha256").hex()


def parse_time(value: str | int | float | None) -> datetime | None:
    """Graph API times ("2025-01-02T10:00:00+0000"), ISO 8601 with a zone, or unix seconds.

    Naive ISO values are read as UTC (exports give local-less timestamps in UTC).
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(f"not a time: {type(value).__name__}")
    try:
        if isinstance(value, int | float) or value.isdigit():
            return datetime.fromtimestamp(int(value), tz=UTC)
        text = value.strip().replace("Z", "+00:00")
        if len(text) >= 5 and text[-5] in "+-" and text[-3] != ":" and "T" in text:
            text = text[:-2] + ":" + text[-2:]
        dt = datetime.fromisoformat(text)
        return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)
    except (OverflowError, OSError) as exc:  # a unix time or year no calendar holds
        raise ValueError(f"not a time: {exc}") from None


# --- generic webhook schema (documented in bot/sources/webhooks.py) --------------------


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_max_length=20_000)


class GenericComment(_Model):
    id: str = Field(min_length=1, max_length=120)
    post_id: str | None = Field(None, max_length=120)
    parent_id: str | None = Field(None, max_length=120)
    text: str | None = None
    author_id: str | None = Field(None, max_length=200)
    author_name: str | None = Field(None, max_length=200)
    permalink: str | None = Field(None, max_length=500)
    created_at: AwareDatetime
    hidden: bool = False
    from_account: bool = False


class GenericSnapshot(_Model):
    day: date
    post_id: str = Field("", max_length=120)
    followers: int | None = Field(None, ge=0)
    new_follows: int | None = Field(None, ge=0)
    reach: int | None = Field(None, ge=0)
    views: int | None = Field(None, ge=0)
    reactions: int | None = Field(None, ge=0)
    comments: int | None = Field(None, ge=0)
    shares: int | None = Field(None, ge=0)
    saves: int | None = Field(None, ge=0)
    clicks: int | None = Field(None, ge=0)
    interactions: int | None = Field(None, ge=0)
    posts_published: int | None = Field(None, ge=0)


class CommentEnvelope(_Model):
    type: Literal["comment"]
    account: str
    comment: GenericComment


class SnapshotEnvelope(_Model):
    type: Literal["snapshot"]
    account: str
    snapshot: GenericSnapshot


Envelope = Annotated[CommentEnvelope | SnapshotEnvelope, Field(discriminator="type")]


class Batch(_Model):
    events: list[Envelope] = Field(max_length=1000)


_ENVELOPE: TypeAdapter[CommentEnvelope | SnapshotEnvelope] = TypeAdapter(Envelope)


def parse_generic(data: object) -> Batch | CommentEnvelope | SnapshotEnvelope:
    """Validate a decoded generic webhook body (raises pydantic.ValidationError)."""
    if isinstance(data, dict) and "events" in data:
        return Batch.model_validate(data)
    return _ENVELOPE.validate_python(data)


def generic_records(
    model: Batch | CommentEnvelope | SnapshotEnvelope,
) -> tuple[list[NormComment], list[NormSnapshot]]:
    """Validated generic webhook events -> records keyed by the account ids of vaktbot.yml."""
    comments: list[NormComment] = []
    snapshots: list[NormSnapshot] = []
    for ev in model.events if isinstance(model, Batch) else [model]:
        if isinstance(ev, CommentEnvelope):
            c = ev.comment
            comments.append(
                NormComment(
                    account_id=ev.account,
                    external_id=c.id,
                    post_external_id=c.post_id,
                    parent_external_id=c.parent_id,
                    text=c.text,
                    author_platform_id=c.author_id,
                    author_name=c.author_name,
                    created_at=c.created_at.astimezone(UTC),
                    permalink=c.permalink,
                    is_hidden=c.hidden,
                    from_page=c.from_account,
                )
            )
        else:
            snap = ev.snapshot.model_dump()
            day, post = snap.pop("day"), snap.pop("post_id")
            snapshots.append(
                NormSnapshot(ev.account, day, post_external_id=post, source="webhook", **snap)
            )
    return comments, snapshots


@dataclass(frozen=True)
class PostFields:
    """Where a platform's post (media) object keeps the fields of a :class:`NormPost`."""

    created: str
    text: str
    permalink: str
    kind: str


def norm_post(account_id: str, data: dict[str, Any], fields: PostFields) -> NormPost | None:
    """A platform's post object as a NormPost (None without an id or a readable time)."""
    created = parse_time(data.get(fields.created))
    if not data.get("id") or created is None:
        return None
    return NormPost(
        account_id=account_id,
        external_id=str(data["id"]),
        created_at=created,
        text=data.get(fields.text),
        permalink=data.get(fields.permalink),
        kind=data.get(fields.kind),
    )


def payload_text(value: Any, limit: int = 20_000) -> str | None:
    """Text from a webhook or API payload (None when absent), cut to ``limit``; anything but
    text or a number is malformed (ValueError: the item is skipped and counted)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError("not text")
    return str(value)[:limit]
