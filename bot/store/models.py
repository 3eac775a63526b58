"""SQLAlchemy models. Every schema change goes with an Alembic migration in migrations/versions."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bot.store.types import JSONText, UTCDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Outbox(Base):
    """A message the bot sends on its own; written in the same transaction as its cause."""

    __tablename__ = "outbox"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str] = mapped_column(String(60))
    target: Mapped[str] = mapped_column(String(200))  # "channel:<team>", "user:<person>", ...
    op: Mapped[str] = mapped_column(String(10), default="post")  # post | update
    ref_key: Mapped[str | None] = mapped_column(
        String(300)
    )  # update: the row whose message to edit
    thread_key: Mapped[str | None] = mapped_column(String(300))  # reply in that row's thread
    payload: Mapped[dict[str, Any]] = mapped_column(JSONText)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # pending | sent | failed (refused by the platform) | dead (its useful life ended
    # undelivered) | dropped (no longer needed: the alert was handled, the original never went)
    status: Mapped[str] = mapped_column(String(12), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    lease_owner: Mapped[str | None] = mapped_column(String(80))
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # fencing token: raised by every claim; a sender posts only while the row still carries its own
    lease_token: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    # an attempt may have reached the platform (a crash, a timeout, a dropped connection, a 5xx):
    # look for the message before posting it again
    check_first: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # end of its useful life
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(String(500))
    platform: Mapped[str | None] = mapped_column(String(20))
    platform_channel: Mapped[str | None] = mapped_column(String(200))
    platform_message_id: Mapped[str | None] = mapped_column(String(200))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # set when retention removed the rendered content (the payload is then an empty message)
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (Index("ix_outbox_status_next", "status", "next_attempt_at"),)


class AuditLog(Base):
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(80))
    subject: Mapped[str] = mapped_column(String(300))
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSONText)


class JobRun(Base):
    """The last fire time the scheduler ran for each job, so a tick never runs a fire twice."""

    __tablename__ = "job_runs"
    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    # None: the row exists (replicas lock it) but the job has never fired
    last_fire_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class Setting(Base):
    """Settings changed from chat (overrides on top of vaktbot.yml), e.g. DM opt-outs."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    value: Mapped[Any] = mapped_column(JSONText)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_by: Mapped[str | None] = mapped_column(String(120))


class SeenEvent(Base):
    """Platform event ids already handled (Slack retries, Meta webhook redelivery)."""

    __tablename__ = "seen_events"
    source: Mapped[str] = mapped_column(String(40), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)


class ConversationRef(Base):
    """Where a platform conversation is: Teams conversation references, Slack DM channels."""

    __tablename__ = "conversation_refs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    address: Mapped[str] = mapped_column(String(300))  # platform conversation id / user id
    scope: Mapped[str] = mapped_column(String(20))  # personal | channel | team
    user_id: Mapped[str | None] = mapped_column(String(300))
    tenant_id: Mapped[str | None] = mapped_column(String(100))
    reference: Mapped[dict[str, Any]] = mapped_column(JSONText)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    __table_args__ = (UniqueConstraint("platform", "address", name="uq_convref_platform_address"),)


# --- sources -----------------------------------------------------------------------------


class Account(Base):
    __tablename__ = "accounts"
    id: Mapped[str] = mapped_column(String(80), primary_key=True)  # config id
    platform: Mapped[str] = mapped_column(String(20))
    external_id: Mapped[str] = mapped_column(String(120))
    name: Mapped[str] = mapped_column(String(200))
    team: Mapped[str | None] = mapped_column(String(80))
    # vaktbot.yml is the source of truth: an account removed from it is disabled (its history
    # stays), and enabled again if it comes back
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    __table_args__ = (UniqueConstraint("platform", "external_id", name="uq_accounts_ext"),)


class Post(Base):
    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"))
    external_id: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    text: Mapped[str | None] = mapped_column(Text)
    permalink: Mapped[str | None] = mapped_column(String(500))
    kind: Mapped[str | None] = mapped_column(String(40))
    __table_args__ = (UniqueConstraint("account_id", "external_id", name="uq_posts_ext"),)


class Comment(Base):
    __tablename__ = "comments"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"))
    external_id: Mapped[str] = mapped_column(String(120))
    post_external_id: Mapped[str | None] = mapped_column(String(120))
    parent_external_id: Mapped[str | None] = mapped_column(String(120))
    text: Mapped[str | None] = mapped_column(Text)  # purged after the retention period
    author_hash: Mapped[str | None] = mapped_column(String(64))
    author_name: Mapped[str | None] = mapped_column(String(200))  # purged after retention
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    permalink: Mapped[str | None] = mapped_column(String(500))
    from_page: Mapped[bool] = mapped_column(default=False)  # written by the account itself
    is_hidden: Mapped[bool] = mapped_column(default=False)
    deleted: Mapped[bool] = mapped_column(default=False)
    labels: Mapped[str | None] = mapped_column(String(200))  # comma-separated, None = unclassified
    state: Mapped[str] = mapped_column(String(12), default="new")
    state_by: Mapped[str | None] = mapped_column(String(120))
    state_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    routed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    __table_args__ = (
        UniqueConstraint("account_id", "external_id", name="uq_comments_ext"),
        Index("ix_comments_account_created", "account_id", "created_at"),
        Index("ix_comments_state", "state"),
    )


class MetricSnapshot(Base):
    """Daily figures per account (post_external_id = "") or per post.

    ``followers`` is a lifetime total (the count at the end of the day); ``new_follows`` and the
    other figures are what happened that day. A per-post row holds the post's figures for that
    day, or - from a "lifetime" export - its totals, on the day it was published.
    """

    __tablename__ = "metric_snapshots"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"))
    post_external_id: Mapped[str] = mapped_column(String(120), default="")
    day: Mapped[date] = mapped_column(Date)
    followers: Mapped[int | None] = mapped_column(BigInteger)
    new_follows: Mapped[int | None] = mapped_column(BigInteger)
    reach: Mapped[int | None] = mapped_column(BigInteger)
    views: Mapped[int | None] = mapped_column(BigInteger)
    reactions: Mapped[int | None] = mapped_column(BigInteger)
    comments: Mapped[int | None] = mapped_column(BigInteger)
    shares: Mapped[int | None] = mapped_column(BigInteger)
    saves: Mapped[int | None] = mapped_column(BigInteger)
    clicks: Mapped[int | None] = mapped_column(BigInteger)
    # reactions + comments + shares (+ saves) as the platform counts them, when it gives only
    # the total (Facebook's page-level "Content interactions")
    interactions: Mapped[int | None] = mapped_column(BigInteger)
    posts_published: Mapped[int | None] = mapped_column(BigInteger)
    source: Mapped[str | None] = mapped_column(String(40))
    __table_args__ = (
        UniqueConstraint("account_id", "post_external_id", "day", name="uq_metric_day"),
    )


class RefusedMetric(Base):
    """A metric the Graph API refused for an account (retired or not available for it): not
    asked again before ``retry_at`` (a week later), so a poll wastes no calls on it."""

    __tablename__ = "refused_metrics"
    account_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    metric: Mapped[str] = mapped_column(String(120), primary_key=True)
    refused_at: Mapped[datetime] = mapped_column(UTCDateTime)
    retry_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SyncCursor(Base):
    __tablename__ = "sync_cursors"
    account_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    stream: Mapped[str] = mapped_column(String(60), primary_key=True)
    cursor: Mapped[str | None] = mapped_column(String(500))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(String(200))


# --- duty --------------------------------------------------------------------------------


class AbsenceRow(Base):
    __tablename__ = "absences"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person: Mapped[str] = mapped_column(String(80))
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(20))  # sick | vacation | other
    note: Mapped[str | None] = mapped_column(String(200))  # the reason as written, if free text
    created_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SwapRow(Base):
    __tablename__ = "swaps"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # member | team
    from_id: Mapped[str] = mapped_column(String(80))  # person or team handing over duty
    to_id: Mapped[str] = mapped_column(String(80))  # person or team taking it
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12))  # pending|accepted|declined|forced|cancelled
    requested_by: Mapped[str] = mapped_column(String(80))
    decided_by: Mapped[str | None] = mapped_column(String(80))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


# --- annual plan -------------------------------------------------------------------------


class PlanItemRow(Base):
    __tablename__ = "plan_items"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    team: Mapped[str | None] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(String(120))
    owners: Mapped[list[str]] = mapped_column(JSONText)
    channels: Mapped[list[str]] = mapped_column(JSONText)
    when_text: Mapped[str] = mapped_column(String(500))
    lead_days: Mapped[list[int]] = mapped_column(JSONText)
    source: Mapped[str | None] = mapped_column(String(300))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class PlanOccurrenceRow(Base):
    __tablename__ = "plan_occurrences"
    item_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    occurrence: Mapped[date] = mapped_column(Date, primary_key=True)
    status: Mapped[str] = mapped_column(String(10), default="open")
    by: Mapped[str | None] = mapped_column(String(80))
    at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    snoozed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)


# --- moderation --------------------------------------------------------------------------


class AlertDelivery(Base):
    """Which outbox messages carry an alert for a comment, so a button press can edit all."""

    __tablename__ = "alert_deliveries"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    comment_id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))
    outbox_key: Mapped[str] = mapped_column(String(300))
    person: Mapped[str | None] = mapped_column(String(80))
    level: Mapped[str] = mapped_column(String(20), default="alert")  # alert|escalation|reminder
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    __table_args__ = (Index("ix_alert_deliveries_comment", "comment_id"),)


class PlatformAction(Base):
    """One moderation call to Meta (hide, unhide, reply), performed once: the row (with its
    idempotency ``key``) is written before the call, claimed with a lease and a fencing token,
    marked ``check_first`` while a call may be in flight, and closed with the outcome."""

    __tablename__ = "platform_actions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    comment_id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))
    kind: Mapped[str] = mapped_column(String(12))  # hide | unhide | reply
    actor: Mapped[str] = mapped_column(String(120))  # a person id, or "vaktbot" (a rule)
    rule: Mapped[str | None] = mapped_column(String(20))  # premoderate | links | personal_data
    text: Mapped[str | None] = mapped_column(Text)  # the reply
    # pending | done | failed (refused by the platform)
    status: Mapped[str] = mapped_column(String(12), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lease_token: Mapped[int] = mapped_column(Integer, default=0)
    check_first: Mapped[bool] = mapped_column(Boolean, default=False)
    result_id: Mapped[str | None] = mapped_column(String(120))  # the reply's id on the platform
    error_kind: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    __table_args__ = (
        Index("ix_platform_actions_comment", "comment_id"),
        Index("ix_platform_actions_status", "status"),
    )


class SavedAnswer(Base):
    """A reply a team gives again and again, in one language, with placeholders ({first_name},
    {link})."""

    __tablename__ = "saved_answers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(60))
    locale: Mapped[str] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text)
    link: Mapped[str | None] = mapped_column(String(500))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_by: Mapped[str] = mapped_column(String(120))
    __table_args__ = (UniqueConstraint("team", "name", "locale", name="uq_saved_answers_name"),)
