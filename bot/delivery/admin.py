"""The admin's view of the outbox, read from the database (so every replica and the command line
see the same): counts and the oldest wait (``/metrics``), rows by status with their reasons and
ages (`vaktbot outbox list`), and sending dead or failed messages again (`vaktbot outbox
resend`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.delivery.lifetime import useful_until
from bot.store.models import Outbox

RESENDABLE = ("dead", "failed", "dropped")
LISTABLE = ("pending", "failed", "dead", "dropped", "sent")


@dataclass(frozen=True)
class OutboxStats:
    pending: int  # waiting, due or not
    due: int  # waiting and due now
    dead: int
    failed: int
    oldest_seconds: float  # how long the oldest due message has waited (0: none)


def outbox_stats(session: Session, now: datetime) -> OutboxStats:
    counts = {
        str(status): int(n)
        for status, n in session.execute(
            select(Outbox.status, func.count()).group_by(Outbox.status)
        ).all()
    }
    due, oldest = session.execute(
        select(func.count(), func.min(Outbox.due_at)).where(
            Outbox.status == "pending", Outbox.due_at <= now
        )
    ).one()
    return OutboxStats(
        pending=int(counts.get("pending", 0)),
        due=int(due or 0),
        dead=int(counts.get("dead", 0)),
        failed=int(counts.get("failed", 0)),
        oldest_seconds=max((now - oldest).total_seconds(), 0.0) if oldest is not None else 0.0,
    )


@dataclass(frozen=True)
class Listed:
    key: str
    kind: str
    target: str
    status: str
    attempts: int
    due_at: datetime
    next_attempt_at: datetime
    expires_at: datetime | None
    reason: str
    check_first: bool


def list_rows(session: Session, statuses: Sequence[str], limit: int = 50) -> list[Listed]:
    """Rows with these statuses, oldest due first."""
    rows = session.scalars(
        select(Outbox)
        .where(Outbox.status.in_(list(statuses)))
        .order_by(Outbox.due_at, Outbox.id)
        .limit(limit)
    ).all()
    return [
        Listed(
            r.key,
            r.kind,
            r.target,
            r.status,
            r.attempts,
            r.due_at,
            r.next_attempt_at,
            r.expires_at,
            r.last_error or "",
            r.check_first,
        )  # fmt: skip
        for r in rows
    ]


@dataclass(frozen=True)
class Resent:
    keys: list[str]  # queued again
    refused: dict[str, str]  # key -> why not (unknown, still pending, already sent)


def resend(session: Session, now: datetime, keys: Sequence[str] | None = None) -> Resent:
    """Queue dead, failed or dropped messages again, due now, with a fresh useful life: the
    ones named by ``keys``, or all of them. A message whose last attempt had an unknown outcome
    keeps its mark, so the sender still looks for it on the platform before posting."""
    query = select(Outbox)
    if keys is not None:
        query = query.where(Outbox.key.in_(list(keys)))
    else:
        query = query.where(Outbox.status.in_(RESENDABLE))
    rows = {r.key: r for r in session.scalars(query.order_by(Outbox.id))}
    out = Resent([], {})
    for key in keys if keys is not None else list(rows):
        row = rows.get(key)
        if row is None:
            out.refused[key] = "no such message"
        elif row.status not in RESENDABLE:
            out.refused[key] = f"it is {row.status}"
        else:
            row.status, row.next_attempt_at = "pending", now
            row.expires_at = useful_until(row.kind, now)
            row.lease_owner = row.lease_until = None
            out.keys.append(key)
    return out
