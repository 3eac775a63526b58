"""Retention: after the configured number of days, comment text leaves every copy vaktbot keeps.

* comments: text and author display names are blanked (``purged_at`` set); ids, author hashes,
  labels, states and timestamps stay, so counts, response times and reports keep working;
* the outbox: every message created before the cutoff loses its rendered content (alerts and
  digests quote comments, redacted but still their words); key, kind, target, status, times
  and the platform's ids stay, so crash recovery, threads and "already sent" checks still work.
  A message still waiting to be sent after the whole retention period is given up (``dead``);
* replies sent from chat (``platform_actions.text``, which may name the asker) are blanked.

On SQLite every connection overwrites deleted content with zeros (``secure_delete``, set in
:func:`bot.store.db.make_engine`) and the write-ahead log is checkpointed and truncated after a
purge (:func:`checkpoint`), so the text is gone from the files too, not only from the rows. On
PostgreSQL the old row versions go with the next (auto)vacuum.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, update
from sqlalchemy.orm import Session

from bot.store.models import Comment, Outbox, PlatformAction

# what a purged outbox row keeps as its payload: a valid, empty message
PURGED_PAYLOAD = {"text": "", "blocks": [], "attachments": [], "purged": True}
EXPIRED = "expired: not sent within the retention period"


@dataclass(frozen=True)
class Purged:
    comments: int = 0
    messages: int = 0


def purge_expired(session: Session, now: datetime, days: int) -> Purged:
    """Blank comment text and author names, and the content of outbox messages, older than
    ``days`` days before ``now`` (those not purged yet). The caller commits."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    if days < 1:
        raise ValueError("retention must be at least one day")
    cutoff = now - timedelta(days=days)
    comments = session.execute(
        update(Comment)
        .where(Comment.created_at < cutoff, Comment.purged_at.is_(None))
        .values(text=None, author_name=None, purged_at=now)
        .execution_options(synchronize_session=False)
    )
    session.execute(  # a message that waited the whole period is given up, then purged
        update(Outbox)
        .where(Outbox.created_at < cutoff, Outbox.purged_at.is_(None))
        .where(Outbox.status == "pending")
        .values(status="dead", last_error=EXPIRED, lease_owner=None, lease_until=None)
        .execution_options(synchronize_session=False)
    )
    messages = session.execute(
        update(Outbox)
        .where(Outbox.created_at < cutoff, Outbox.purged_at.is_(None))
        .values(payload=PURGED_PAYLOAD, purged_at=now)
        .execution_options(synchronize_session=False)
    )
    # a reply sent from chat may name the asker ({first_name}); done or refused ones lose it
    session.execute(
        update(PlatformAction)
        .where(PlatformAction.created_at < cutoff, PlatformAction.text.is_not(None))
        .where(PlatformAction.status != "pending")
        .values(text=None)
        .execution_options(synchronize_session=False)
    )
    session.expire_all()
    return Purged(
        comments=int(getattr(comments, "rowcount", 0) or 0),
        messages=int(getattr(messages, "rowcount", 0) or 0),
    )


def checkpoint(engine: Engine) -> None:
    """SQLite: copy the write-ahead log into the database file and truncate it, so purged text
    does not linger in the log (no-op on other databases)."""
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
