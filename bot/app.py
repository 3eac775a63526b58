"""The running application's context: config, database and secrets, handed to handlers and jobs.

Nothing here reads the clock: the edges (CLI, service loop, transports) pass ``now`` in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Config, load_config
from bot.settings import Secrets
from bot.store.db import check_connection, make_engine, session_factory, upgrade


def utc_now() -> datetime:
    """The real clock. Only the edges call it (through ``App.clock``)."""
    return datetime.now(UTC)


@dataclass
class App:
    config: Config
    engine: Engine
    sessions: sessionmaker[Session]
    secrets: Secrets = field(default_factory=Secrets)
    config_path: str = "vaktbot.yml"
    # the one clock of the running process: the service, transports and web routes read it
    clock: Callable[[], datetime] = utc_now
    # optional services wired by the service (e.g. a Meta client for "hide on platform")
    services: dict[str, Any] = field(default_factory=dict)

    @property
    def tz(self) -> str:
        return self.config.organisation.timezone


def build_app(
    config_path: str | Path | None = None,
    database_url: str | None = None,
    *,
    secrets: Secrets | None = None,
    migrate: bool = True,
) -> App:
    """Load and validate config, connect, and (by default) bring the schema up to date."""
    secrets = secrets or Secrets()
    path = str(config_path or secrets.config_path)
    config = load_config(path)
    engine = make_engine(database_url or secrets.database_url)
    check_connection(engine)
    if migrate:
        upgrade(engine)
    from bot.accounts import meta_client_factory

    app = App(
        config=config,
        engine=engine,
        sessions=session_factory(engine),
        secrets=secrets,
        config_path=path,
    )
    meta = meta_client_factory(config, secrets)
    if meta is not None:
        app.services["meta"] = meta
    return app
