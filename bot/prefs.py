"""Per-person preferences set from chat: muting a kind of DM, the language vaktbot answers in.
Stored in the settings table."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.i18n import LOCALES
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


def locale_key(person: str) -> str:
    return f"home.locale.{person}"


def preferred_locale(session: Session, person: str | None) -> str | None:
    """The language the person chose in settings, or None to follow Slack."""
    if not person:
        return None
    row = session.get(Setting, locale_key(person))
    value = row.value if row is not None else None
    return value if isinstance(value, str) and value in LOCALES else None
