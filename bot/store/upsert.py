"""Insert, ignoring a row that is already there: the one helper for idempotent writes, on SQLite
and PostgreSQL alike (``INSERT … ON CONFLICT DO NOTHING``), and the claims built on it: the
seen-event claim (a webhook body, a Slack event or a Teams activity handled once, however often
it arrives) and the fire claim (a scheduled job or a poll runs once per fire time)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import DeclarativeBase, Session

from bot.store.models import JobRun, SeenEvent


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


def claim_fire(session: Session, name: str, fire: datetime) -> JobRun | None:
    """Lock the row of the job ``name`` for ``fire``: None when that fire ran already (here or
    on another replica), else the row, whose ``last_fire_at`` (the previous fire) the caller
    sets to ``fire`` once the job has run, in the same transaction. The first write takes
    SQLite's write lock; on PostgreSQL the row lock makes a second replica wait for the commit
    and then see the fire as done."""
    insert_ignore(session, JobRun, {"name": name, "last_fire_at": None}, conflict=["name"])
    row = session.execute(select(JobRun).where(JobRun.name == name).with_for_update()).scalar_one()
    if row.last_fire_at is not None and row.last_fire_at >= fire:
        return None
    return row


def _first_key_column(table: type[DeclarativeBase] | Table) -> Any:
    t = table if isinstance(table, Table) else table.__table__
    return next(iter(t.primary_key))
