"""Two processes migrating one fresh database at once (replicas starting together, a command
beside the service): one migrates, the other waits and finds the schema current - neither
fails with "table already exists"."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from bot.store.db import is_current, make_engine

VAKTBOT = Path(sys.executable).with_name("vaktbot")
PG_URL = os.environ.get("VAKTBOT_TEST_POSTGRES_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])  # as tests/conftest.py


@pytest.fixture(params=BACKENDS)
def fresh_dbs(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], str]]:
    """A maker of empty databases (no schema at all)."""
    schemas: list[str] = []

    def make() -> str:
        name = uuid.uuid4().hex[:12]
        if request.param == "sqlite":
            return f"sqlite:///{tmp_path / f'{name}.db'}"
        assert PG_URL
        schemas.append(f"mig_{name}")
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schemas[-1]}"'))
        sep = "&" if "?" in PG_URL else "?"
        return f"{PG_URL}{sep}options=-csearch_path%3D{schemas[-1]}"

    admin = make_engine(PG_URL) if request.param == "postgresql" else None
    yield make
    if admin is not None:
        with admin.begin() as conn:
            for schema in schemas:
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


def test_two_processes_upgrade_one_fresh_database_at_once(fresh_dbs: Callable[[], str]) -> None:
    env = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/")}
    for _ in range(3):  # a race shows in some rounds, not all
        url = fresh_dbs()
        procs = [
            subprocess.Popen(
                [str(VAKTBOT), "db", "upgrade", "--database", url],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        for p in procs:
            out, err = p.communicate(timeout=120)
            assert p.returncode == 0, err
            assert "Traceback" not in err and "up to date" in out
        engine = make_engine(url)
        assert is_current(engine) and inspect(engine).has_table("outbox")
        engine.dispose()
