"""The audit log: who changed what, when (absences, swaps, comment states, plan statuses)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.store.models import AuditLog


def audit(
    session: Session,
    *,
    actor: str,
    action: str,
    subject: str,
    now: datetime,
    detail: dict[str, Any] | None = None,
) -> None:
    session.add(AuditLog(at=now, actor=actor, action=action, subject=subject, detail=detail))
