"""Small plain-data summaries that one feature hands to another (e.g. duty and deadlines shown in
digests and App Home), so features depend on data, not on each other's internals.

Providers (filled in by each feature):
  bot.duty_store.duty_summary(app, session, at) -> DutySummary | None
  bot.plan_store.upcoming_deadlines(app, session, today, days, team=None) -> list[DeadlineLine]
Use ``duty_summary_or_none`` / ``deadlines_or_empty`` to call them safely.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from bot.app import App


@dataclass(frozen=True)
class DutySummary:
    team_id: str
    team_name: str
    lead_id: str
    lead_name: str
    members: tuple[str, ...]  # display names of available members
    mode: str  # open | on_call | closed
    on_call_name: str | None
    shift_end: datetime | None
    next_opening: datetime | None


@dataclass(frozen=True)
class DeadlineLine:
    item_key: str
    title: str
    due: date
    owners: tuple[str, ...]  # display names
    status: str  # open | done | skipped
    category: str | None = None


def _provider(module: str, name: str) -> Any:
    try:
        return getattr(importlib.import_module(module), name)
    except ModuleNotFoundError as exc:
        if exc.name != module:
            raise
        return None


def duty_summary_or_none(app: App, session: Session, at: datetime) -> DutySummary | None:
    fn = _provider("bot.duty_store", "duty_summary")
    return fn(app, session, at) if fn else None


def deadlines_or_empty(
    app: App, session: Session, today: date, days: int, team: str | None = None
) -> list[DeadlineLine]:
    fn = _provider("bot.plan_store", "upcoming_deadlines")
    return list(fn(app, session, today, days, team)) if fn else []
