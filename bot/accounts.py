"""Accounts are configured in vaktbot.yml and mirrored into the database at start-up."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.config import Config
from bot.settings import Secrets
from bot.store.models import Account


def sync_accounts(session: Session, config: Config) -> int:
    """Insert or update one row per configured account; returns how many changed."""
    existing = {a.id: a for a in session.scalars(select(Account))}
    changed = 0
    for acc in config.accounts:
        row = existing.get(acc.id)
        values = {
            "platform": acc.platform,
            "external_id": acc.external_id,
            "name": acc.name,
            "team": acc.team,
        }
        if row is None:
            session.add(Account(id=acc.id, **values))
            changed += 1
        elif any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            changed += 1
    session.flush()
    return changed


def meta_client_factory(config: Config, secrets: Secrets) -> Callable[[Account], Any] | None:
    """For "Hide on platform": a MetaClient for an account row, using the page token in the
    environment variable its config names (``token_env``). None if no account has a token."""
    tokens = {
        a.id: os.environ[a.token_env]
        for a in config.accounts
        if a.token_env and os.environ.get(a.token_env)
    }
    if not tokens:
        return None

    def factory(account: Account) -> Any:
        from bot.sources.meta import MetaClient

        token = tokens.get(account.id)
        if token is None:
            raise LookupError(f"no token for account {account.id}")
        return MetaClient(token, base_url=secrets.graph_api_url, version=secrets.graph_api_version)

    return factory
