"""Secrets the service makes itself: a random value generated on first use and kept in the
database (the settings table), so every replica and every restart signs and hashes alike, and no
secret is ever a constant in the code. An environment variable, when set, wins."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy.orm import Session

from bot.store.models import Setting
from bot.store.upsert import insert_ignore

PREFIX = "secret."


def stored_secret(session: Session, name: str, now: datetime) -> str:
    """The secret ``name``, generated (256 random bits) the first time it is asked for."""
    key = PREFIX + name
    insert_ignore(
        session,
        Setting,
        {"key": key, "value": secrets.token_urlsafe(32), "updated_at": now, "updated_by": None},
        conflict=["key"],
    )
    row = session.get(Setting, key, populate_existing=True)
    assert row is not None and isinstance(row.value, str)
    return row.value
