"""The running application's context: config, database and secrets, handed to handlers and jobs.

Nothing here reads the clock: the edges (CLI, service loop, transports) pass ``now`` in.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import SecretStr
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import clock_from_secrets, utc_now
from bot.config import Config, ConfigError, load_config
from bot.duty.model import Rotation
from bot.metrics import ResponseJudge
from bot.moderation.classify import ClassifierSettings
from bot.settings import Secrets
from bot.sources.accounts import AccountConflict, meta_client_factory, sync_accounts
from bot.store.db import check_connection, make_engine, session_factory, upgrade
from bot.store.models import Account
from bot.store.secrets import stored_secret
from bot.transports.base import Transport

log = logging.getLogger("vaktbot.app")


MetaFactory = Callable[[Account], Any]  # a Meta Graph client for an account row


@dataclass
class Caches:
    """What features build once per App from the config (the config does not change at run
    time): the rotation and its timeline, the classifier's settings, response-time judges."""

    rotation: Rotation | None = None
    rotation_built: bool = False
    classifier: ClassifierSettings | None = None
    deadline_judges: dict[tuple[int, int], ResponseJudge] = field(default_factory=dict)
    secrets: dict[str, str] = field(default_factory=dict)  # generated ones, from the database


@dataclass
class Refusals:
    """This process's refused webhook requests by "source:reason" since it started, and how many
    of them the admins have been told about (the health watch tells each refusal once)."""

    counts: Counter[str] = field(default_factory=Counter)
    told: Counter[str] = field(default_factory=Counter)

    def untold(self) -> Counter[str]:
        return self.counts - self.told


@dataclass
class App:
    config: Config
    engine: Engine
    sessions: sessionmaker[Session]
    secrets: Secrets = field(default_factory=Secrets)
    config_path: str = "vaktbot.yml"
    # the one clock of the running process: the service, transports and web routes read it
    clock: Callable[[], datetime] = utc_now
    # "Hide on platform": page tokens from the environment (None: no account has one)
    meta: MetaFactory | None = None
    # the process's chat transport, set by the runtime (the web routes of Teams share it)
    transport: Transport | None = None
    # the service loop's wake-up: set it to deliver what was just queued without waiting
    kick: asyncio.Event | None = None
    caches: Caches = field(default_factory=Caches)
    refusals: Refusals = field(default_factory=Refusals)

    @property
    def tz(self) -> str:
        return self.config.organisation.timezone

    def feed_secret(self) -> str:
        """Signs feed and media URLs: VAKTBOT_FEED_SECRET, else one generated and stored."""
        return self._secret("feed", self.secrets.feed_secret)

    def author_salt(self) -> str:
        """Salts the pseudonymous author hash: VAKTBOT_AUTHOR_SALT, else generated and stored."""
        return self._secret("author_salt", self.secrets.author_salt)

    def _secret(self, name: str, configured: SecretStr | None) -> str:
        if configured is not None and configured.get_secret_value():
            return configured.get_secret_value()
        if name not in self.caches.secrets:
            with self.sessions.begin() as s:
                self.caches.secrets[name] = stored_secret(s, name, self.clock())
        return self.caches.secrets[name]

    def wake_sender(self) -> None:
        """Have the running service deliver what was just queued (an alert, the edits a button
        press made to other copies) now instead of at its next tick. Call it on the event
        loop's thread; without a running service loop it does nothing."""
        if self.kick is not None:
            self.kick.set()


def build_app(
    config_path: str | Path | None = None,
    database_url: str | None = None,
    *,
    secrets: Secrets | None = None,
    migrate: bool = True,
) -> App:
    """Load and validate config, connect, and (by default) bring the schema up to date.

    The process's clock is real UTC time unless the environment asks for a simulated one
    (tests and trials only, see bot.clock); a refused simulated clock raises before anything
    touches the database.
    """
    secrets = secrets or Secrets()
    path = str(config_path or secrets.config_path)
    config = load_config(path)
    simulated = clock_from_secrets(secrets)
    engine = make_engine(database_url or secrets.database_url)
    check_connection(engine)
    if migrate:
        upgrade(engine)
    app = App(
        config=config,
        engine=engine,
        sessions=session_factory(engine),
        secrets=secrets,
        config_path=path,
    )
    if simulated is not None:
        app.clock = simulated
        log.warning(
            "SIMULATED CLOCK: time is not real (tests and trials only)",
            extra={"start": simulated.start.isoformat(), "speed": simulated.speed},
        )
    if migrate:
        sync_config_to_database(app)
    app.meta = meta_client_factory(config, secrets)
    return app


def sync_config_to_database(app: App) -> None:
    """vaktbot.yml is the source of truth at every start: accounts are mirrored into the
    database (added, changed, removed -> disabled, never deleted). Teams and people live only
    in the config; rows that name a removed person or team keep their history."""
    try:
        with app.sessions.begin() as s:
            changes = sync_accounts(s, app.config, app.clock())
    except AccountConflict as exc:
        raise ConfigError(app.config_path, [str(exc)]) from None
    if changes:
        log.info(
            "accounts follow vaktbot.yml",
            extra={
                "added": changes.added,
                "changed": changes.changed,
                "disabled": changes.disabled,
                "enabled": changes.enabled,
            },
        )
