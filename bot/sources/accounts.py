"""Accounts are configured in vaktbot.yml and mirrored into the database at start-up."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.config import AccountCfg, Config
from bot.settings import Secrets
from bot.sources.meta.client import MetaClient
from bot.store.models import Account
from bot.store.upsert import insert_ignore


@dataclass
class AccountSync:
    """What one start-up sync changed (ids)."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    disabled: list[str] = field(default_factory=list)
    enabled: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.disabled or self.enabled)


class AccountConflict(ValueError):
    """A configured account reuses the page id of another account id in the database."""


def sync_accounts(session: Session, config: Config, now: datetime | None = None) -> AccountSync:
    """Make the accounts table follow vaktbot.yml: configured accounts are inserted or updated
    and active; accounts no longer configured are disabled (never deleted: their comments and
    figures stay). Safe when several replicas start at once."""
    result = AccountSync()
    existing = {a.id: a for a in session.scalars(select(Account))}
    by_page = {(a.platform, a.external_id): a.id for a in existing.values()}
    configured = {acc.id for acc in config.accounts}
    for acc in config.accounts:
        owner = by_page.get((acc.platform, acc.external_id))
        if owner is not None and owner != acc.id:
            raise AccountConflict(
                f"accounts.{acc.id}: {acc.platform} id {acc.external_id} belongs to account "
                f"{owner!r} in the database (its comments and figures are stored under that id); "
                f"use id {owner!r} in vaktbot.yml"
            )
    for acc in config.accounts:
        values = {
            "platform": acc.platform,
            "external_id": acc.external_id,
            "name": acc.name,
            "team": acc.team,
        }
        row = existing.get(acc.id)
        if row is None:
            if insert_ignore(session, Account, {"id": acc.id, "active": True, **values}):
                result.added.append(acc.id)
            continue
        if not row.active:
            row.active, row.disabled_at = True, None
            result.enabled.append(acc.id)
        if any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            result.changed.append(acc.id)
    for row in existing.values():
        if row.id not in configured and row.active:
            row.active, row.disabled_at = False, now
            result.disabled.append(row.id)
    session.flush()
    return result


def graph_url(account: AccountCfg, secrets: Secrets) -> str:
    """The Graph API host an account is reached on: graph.instagram.com for an Instagram
    account with Instagram Login, else graph.facebook.com (both configurable)."""
    if account.platform == "instagram" and account.login == "instagram":
        return secrets.instagram_api_url
    return secrets.graph_api_url


def pollable(config: Config) -> list[tuple[AccountCfg, str]]:
    """The Facebook and Instagram accounts whose token is in the environment, with it."""
    return [
        (a, os.environ[a.token_env])
        for a in config.accounts
        if a.platform in ("facebook", "instagram") and a.token_env and os.environ.get(a.token_env)
    ]


def meta_client_factory(config: Config, secrets: Secrets) -> Callable[[Account], Any] | None:
    """For "Hide on platform": a MetaClient for an account row, using the page token in the
    environment variable its config names (``token_env``). None if no account has a token. The
    caller closes the client."""
    tokens = {a.id: (a, token) for a, token in pollable(config)}
    if not tokens:
        return None

    def factory(account: Account) -> Any:
        found = tokens.get(account.id)
        if found is None:
            raise LookupError(f"no token for account {account.id}")
        cfg, token = found
        return MetaClient(
            token, base_url=graph_url(cfg, secrets), version=secrets.graph_api_version
        )

    return factory
