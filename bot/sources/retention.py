"""Retention: after the configured number of days, comment text and author display names are
blanked (``purged_at`` set). Ids, author hashes, labels, states and timestamps stay, so counts,
response times and reports keep working."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.store.models import Comment


def purge_expired(session: Session, now: datetime, days: int) -> int:
    """Blank text and author_name of comments created more than ``days`` days before ``now``
    that are not purged yet. Returns how many comments were purged (the caller commits)."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    if days < 1:
        raise ValueError("retention must be at least one day")
    cutoff = now - timedelta(days=days)
    result = session.execute(
        update(Comment)
        .where(Comment.created_at < cutoff, Comment.purged_at.is_(None))
        .values(text=None, author_name=None, purged_at=now)
        .execution_options(synchronize_session=False)
    )
    session.expire_all()
    return int(getattr(result, "rowcount", 0) or 0)
