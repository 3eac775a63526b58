"""The outbox: every message the bot sends on its own is written here first.

``enqueue`` runs inside the caller's transaction, so the message exists if and only if the state
change that caused it was committed. The unique ``key`` makes every cause idempotent: enqueueing
the same key twice keeps the first row and reports False. Each row carries its useful life
(``expires_at``, bot.delivery.lifetime): the sender tries it until then, and ``retire`` drops the
rows a state change made pointless (an alert whose comment was handled).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import case, func, select, update
from sqlalchemy.orm import Session

from bot.delivery.lifetime import useful_until
from bot.messages.model import Message
from bot.store.models import Outbox
from bot.store.upsert import insert_ignore
from bot.transports.base import Target


def _queue(
    session: Session,
    *,
    key: str,
    kind: str,
    target: str,
    message: Message,
    now: datetime,
    due: datetime,
    expires_at: datetime | None,
    **extra: str | None,
) -> bool:
    return insert_ignore(
        session,
        Outbox,
        {
            "key": key,
            "kind": kind,
            "target": target,
            "payload": message.to_dict(),
            "created_at": now,
            "due_at": due,
            "next_attempt_at": due,
            "expires_at": useful_until(kind, due, expires_at),
            "status": "pending",
            "attempts": 0,
            "lease_token": 0,
            "check_first": False,
            **extra,
        },
        conflict=["key"],
    )


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
    expires_at: datetime | None = None,
) -> bool:
    """Queue a new message. Returns False if a message with this key already exists.
    ``expires_at``: when it stops being worth sending (default: by its kind, see lifetime)."""
    return _queue(
        session,
        key=key,
        kind=kind,
        target=str(target),
        message=message,
        now=now,
        due=due_at or now,
        expires_at=expires_at,
        op="post",
        thread_key=thread_key,
    )


def enqueue_update(
    session: Session, *, ref_key: str, message: Message, now: datetime, version: str
) -> bool:
    """Queue an in-place edit of the message sent under ``ref_key`` (e.g. "Claimed by Kari")."""
    original = session.scalar(select(Outbox).where(Outbox.key == ref_key))
    if original is None or original.status not in ("pending", "sent"):
        return False  # nothing to edit: it never went out and never will
    return _queue(
        session,
        key=f"{ref_key}#update:{version}",
        kind=original.kind + ".update",
        target=original.target,
        message=message,
        now=now,
        due=now,
        expires_at=None,  # bot.delivery.lifetime.EDIT_LIFE
        op="update",
        ref_key=ref_key,
    )


def retire(session: Session, keys: list[str], reason: str) -> int:
    """Drop the still-undelivered messages among ``keys``: no longer worth sending (the alert's
    comment was handled). A sender that is posting one right now finishes; one that has not
    started yet sees the row is no longer pending and leaves it. Returns how many."""
    if not keys:
        return 0
    res = session.execute(
        update(Outbox)
        .where(Outbox.key.in_(keys), Outbox.status == "pending")
        .values(status="dropped", last_error=reason[:500])
        .execution_options(synchronize_session=False)
    )
    return int(getattr(res, "rowcount", 0) or 0)


def next_attempt(session: Session, after: datetime | None = None) -> datetime | None:
    """When the sender next has something to try: the earliest pending row's next attempt, or
    the end of its lease when another sender holds it (None when nothing is pending). With
    ``after``: the earliest such instant later than it."""

    when = case(
        (Outbox.lease_until > Outbox.next_attempt_at, Outbox.lease_until),
        else_=Outbox.next_attempt_at,
    )
    query = select(func.min(when)).where(Outbox.status == "pending")
    if after is not None:
        query = query.where(when > after)
    return session.scalar(query)
