from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.dialects import sqlite

from bot.store.db import is_current, upgrade
from bot.store.models import AuditLog, Base
from bot.store.types import UTCDateTime, sqlite_utc_text


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


@given(
    st.datetimes(
        min_value=datetime(1970, 1, 2),
        max_value=datetime(2200, 1, 1),
        timezones=st.sampled_from(
            [UTC, ZoneInfo("Europe/Oslo"), ZoneInfo("America/St_Johns"), ZoneInfo("Asia/Kolkata")]
        ),
    )
)
def test_the_one_step_sqlite_timestamp_is_what_sqlalchemy_stores(value: datetime) -> None:
    dialect = sqlite.dialect()
    sqlalchemy_bind = UTCDateTime()._cached_bind_processor(dialect)  # what an INSERT uses
    assert sqlalchemy_bind is not None
    assert sqlite_utc_text(value) == sqlalchemy_bind(value)
    assert sqlite_utc_text(None) is None


def test_the_one_step_sqlite_timestamp_refuses_naive_values() -> None:
    with pytest.raises(ValueError):
        sqlite_utc_text(datetime(2026, 3, 29, 2, 30))
