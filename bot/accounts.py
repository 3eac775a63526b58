"""Accounts are configured in vaktbot.yml and mirrored into the database at start-up."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.config import Config
from bot.store.models import Account


def sync_accounts(session: Session, config: Config) -> int:
    """Insert or update one row per configured account; returns how many changed."""
    existing = {a.id: a for a in session.scalars(select(Account))}
    changed = 0
    for acc in config.accounts:
        row = existing.get(acc.id)
        values = {
            "platform": acc.platform,
            "external_id": acc.external_id,
            "name": acc.name,
            "team": acc.team,
        }
        if row is None:
            session.add(Account(id=acc.id, **values))
            changed += 1
        elif any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            changed += 1
    session.flush()
    return changed
