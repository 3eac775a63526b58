from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select

from bot.store.db import is_current, upgrade
from bot.store.models import AuditLog, Base


def test_migrations_match_models(engine) -> None:
    assert is_current(engine)
    with engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata
        )
    assert diff == []


def test_upgrade_is_idempotent(engine) -> None:
    upgrade(engine)
    upgrade(engine)
    assert is_current(engine)


def test_timestamps_round_trip_as_aware_utc(sessions) -> None:
    oslo_summer = datetime(2026, 7, 1, 9, 30, tzinfo=timezone(timedelta(hours=2)))
    with sessions.begin() as s:
        s.add(AuditLog(at=oslo_summer, actor="kari", action="test", subject="x", detail={"ø": 1}))
    with sessions() as s:
        row = s.scalars(select(AuditLog)).one()
    assert row.at == oslo_summer
    assert row.at.tzinfo is not None and row.at.utcoffset() == timedelta(0)
    assert row.at.hour == 7
    assert row.detail == {"ø": 1}


def test_naive_datetime_is_refused(sessions) -> None:
    with pytest.raises(Exception, match="naive"):
        with sessions.begin() as s:
            s.add(AuditLog(at=datetime(2026, 1, 1), actor="a", action="b", subject="c"))
            s.flush()
    with sessions() as s:
        assert s.scalars(select(AuditLog)).all() == []
