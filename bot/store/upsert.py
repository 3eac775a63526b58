"""Insert, ignoring a row that is already there: the one helper for idempotent writes, on SQLite
and PostgreSQL alike (``INSERT … ON CONFLICT DO NOTHING``), and the seen-event claim built on it
(a webhook body, a Slack event or a Teams activity handled once, however often it arrives)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import DeclarativeBase, Session

from bot.store.models import SeenEvent


def insert_for(bind: Session | Connection, table: type[DeclarativeBase] | Table) -> Any:
    """The dialect's INSERT (SQLite or PostgreSQL), which has ``on_conflict_do_nothing``."""
    dialect = (bind.get_bind() if isinstance(bind, Session) else bind).dialect.name
    if dialect not in ("sqlite", "postgresql"):
        raise NotImplementedError(f"vaktbot supports SQLite and PostgreSQL, not {dialect}")
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


def insert_ignore(
    session: Session,
    table: type[DeclarativeBase] | Table,
    values: dict[str, Any],
    *,
    conflict: list[str] | None = None,
) -> bool:
    """Insert one row unless one with the same ``conflict`` columns (default: any unique
    constraint) exists. True when this call inserted it. RETURNING, because ``rowcount`` is not
    reliable for ON CONFLICT DO NOTHING on every driver."""
    key = _first_key_column(table)
    stmt = (
        insert_for(session, table)
        .values(**values)
        .on_conflict_do_nothing(index_elements=conflict)
        .returning(key)
    )
    return session.execute(stmt).first() is not None


def claim_event(session: Session, source: str, event_id: str, now: datetime) -> bool:
    """Remember that ``event_id`` from ``source`` was handled; False if it was before."""
    return insert_ignore(
        session,
        SeenEvent,
        {"source": source, "event_id": event_id, "at": now},
        conflict=["source", "event_id"],
    )


def _first_key_column(table: type[DeclarativeBase] | Table) -> Any:
    t = table if isinstance(table, Table) else table.__table__
    return next(iter(t.primary_key))
