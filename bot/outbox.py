"""The outbox: every message the bot sends on its own is written here first.

``enqueue`` runs inside the caller's transaction, so the message exists if and only if the state
change that caused it was committed. The unique ``key`` makes every cause idempotent: enqueueing
the same key twice keeps the first row and reports False.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.messages.model import Message
from bot.store.models import Outbox
from bot.transports.base import Target


def _insert(session: Session):  # type: ignore[no-untyped-def]
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(Outbox)


def enqueue(
    session: Session,
    *,
    key: str,
    kind: str,
    target: Target | str,
    message: Message,
    now: datetime,
    due_at: datetime | None = None,
    thread_key: str | None = None,
) -> bool:
    """Queue a new message. Returns False if a message with this key already exists."""
    due = due_at or now
    stmt = (
        _insert(session)
        .values(
            key=key,
            kind=kind,
            target=str(target),
            op="post",
            thread_key=thread_key,
            payload=message.to_dict(),
            created_at=now,
            due_at=due,
            next_attempt_at=due,
            status="pending",
            attempts=0,
        )
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(Outbox.id)
    )
    # rowcount is not reliable for ON CONFLICT DO NOTHING on every driver; RETURNING is
    return session.execute(stmt).scalar() is not None


def enqueue_update(
    session: Session, *, ref_key: str, message: Message, now: datetime, version: str
) -> bool:
    """Queue an in-place edit of the message sent under ``ref_key`` (e.g. "Claimed by Kari")."""
    original = session.scalar(select(Outbox).where(Outbox.key == ref_key))
    if original is None:
        return False
    stmt = (
        _insert(session)
        .values(
            key=f"{ref_key}#update:{version}",
            kind=original.kind + ".update",
            target=original.target,
            op="update",
            ref_key=ref_key,
            payload=message.to_dict(),
            created_at=now,
            due_at=now,
            next_attempt_at=now,
            status="pending",
            attempts=0,
        )
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(Outbox.id)
    )
    # rowcount is not reliable for ON CONFLICT DO NOTHING on every driver; RETURNING is
    return session.execute(stmt).scalar() is not None


def pending_count(session: Session) -> int:
    return int(
        session.scalar(select(func.count()).select_from(Outbox).where(Outbox.status == "pending"))
        or 0
    )


def next_attempt(session: Session) -> datetime | None:
    """When the sender next has something to try: the earliest pending row's next attempt, or
    the end of its lease when another sender holds it (None when nothing is pending)."""
    when = case(
        (Outbox.lease_until > Outbox.next_attempt_at, Outbox.lease_until),
        else_=Outbox.next_attempt_at,
    )
    return session.scalar(select(func.min(when)).where(Outbox.status == "pending"))
