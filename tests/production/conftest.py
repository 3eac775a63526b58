"""Fixtures of the production-path suite: a fresh database per backend and the fake platforms
as real local servers (see harness.py for the service itself)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from tests.production.harness import BACKENDS, PAGE_TOKEN, fresh_database
from tests.support.fake_connector import FakeConnector  # tests/ is on sys.path (tests/conftest.py)
from tests.support.fake_graph import FakeGraph
from tests.support.fake_slack import FakeSlack


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def fresh_db(backend: str, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database: the service creates the schema itself."""
    with fresh_database(backend, tmp_path) as url:
        yield url


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlack]:
    fake = await FakeSlack().start()
    yield fake
    await fake.stop()


@pytest.fixture
async def graph() -> AsyncIterator[FakeGraph]:
    fake = await FakeGraph(token=PAGE_TOKEN).start()
    yield fake
    await fake.stop()


@pytest.fixture
async def connector() -> AsyncIterator[FakeConnector]:
    fake = await FakeConnector().start()
    yield fake
    await fake.stop()
