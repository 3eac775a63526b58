"""Per-person preferences set from chat, e.g. muting a kind of DM. Stored in the settings table."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.store.models import Setting

MUTABLE = ("duty", "plan", "digest")


def _key(person: str, kind: str) -> str:
    return f"mute:{person}:{kind}"


def is_muted(session: Session, person: str, kind: str) -> bool:
    row = session.get(Setting, _key(person, kind))
    return bool(row and row.value)


def set_muted(session: Session, person: str, kind: str, muted: bool, now: datetime) -> None:
    if kind not in MUTABLE:
        raise ValueError(kind)
    session.merge(Setting(key=_key(person, kind), value=muted, updated_at=now, updated_by=person))
