"""Alembic environment: the engine comes from vaktbot (never from an ini file)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, text

from bot.store.db import make_engine
from bot.store.models import Base

MIGRATION_LOCK = 0x7661_6B74  # "vakt": the advisory lock key that serialises migrations


def serialise(connection: Connection) -> None:
    """Several processes may start on one fresh database at once (replicas, a command beside
    the service): the first one migrates inside this transaction, the others wait for its
    commit here and then find the schema current, instead of creating the same tables."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
    elif connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")  # the write lock, before reading anything


config = context.config
engine = config.attributes.get("engine") or make_engine()

with engine.begin() as connection:
    serialise(connection)
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    context.run_migrations()
