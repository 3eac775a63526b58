"""Low-level helpers of :mod:`bot.plan.store`: plan rows <-> domain objects, the first-seen
setting and audit rows. Every function takes the caller's session and never commits. All names
are used by :mod:`bot.plan.store`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import or_
from sqlalchemy.orm import Session

from bot.plan.model import OccurrenceState, PlanItem, Status, parse_when
from bot.store.models import AuditLog, PlanItemRow, PlanOccurrenceRow, Setting

FIRST_SEEN = "plan.first_seen"
FIELDS = ("title", "description", "category", "team", "owners", "channels", "when", "lead_days")


def row_to_item(row: PlanItemRow) -> PlanItem:
    return PlanItem(
        row.key,
        row.title,
        row.description,
        row.category,
        row.team,
        tuple(row.owners or ()),
        tuple(row.channels or ()),
        parse_when(row.when_text),
        tuple(int(n) for n in row.lead_days or ()),
    )


def row_values(item: PlanItem) -> dict[str, Any]:
    return {
        "key": item.key,
        "team": item.team,
        "title": item.title,
        "description": item.description,
        "category": item.category,
        "owners": list(item.owners),
        "channels": list(item.channels),
        "when_text": item.when.text,
        "lead_days": list(item.lead_days),
    }


def changed_fields(old: PlanItem, new: PlanItem) -> tuple[str, ...]:
    return tuple(f for f in FIELDS if getattr(old, f) != getattr(new, f))


def row_to_state(row: PlanOccurrenceRow) -> OccurrenceState:
    status = cast(Status, row.status)
    return OccurrenceState(row.item_key, row.occurrence, status, row.by, row.at, row.snoozed_until)


def team_filter(team: str | None) -> Any:
    return or_(PlanItemRow.team == team, PlanItemRow.team.is_(None)) if team else True


def first_seen(session: Session) -> dict[str, date]:
    """The date each item entered the plan (see the :mod:`bot.plan.store` docstring)."""
    row = session.get(Setting, FIRST_SEEN)
    value = row.value if row is not None and isinstance(row.value, dict) else {}
    return {k: date.fromisoformat(v) for k, v in value.items()}


def record_first_seen(
    session: Session, keys: Iterable[str], day: date, now: datetime, actor: str
) -> None:
    new = list(keys)
    if not new:
        return
    row = session.get(Setting, FIRST_SEEN, with_for_update=True)
    value = dict(row.value) if row is not None and isinstance(row.value, dict) else {}
    for k in new:
        value.setdefault(k, day.isoformat())
    if row is None:
        session.add(Setting(key=FIRST_SEEN, value=value, updated_at=now, updated_by=actor))
    else:
        row.value, row.updated_at, row.updated_by = value, now, actor


def audit(
    session: Session,
    *,
    now: datetime,
    actor: str,
    action: str,
    subject: str,
    detail: dict[str, Any] | None = None,
) -> None:
    session.add(AuditLog(at=now, actor=actor, action=action, subject=subject[:300], detail=detail))
