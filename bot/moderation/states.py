"""Moving a comment between states, and every copy of its alert edited in place.

``transition`` moves a comment with ONE conditional UPDATE (``WHERE state IN (...)``) as the
first statement of its transaction, so when two people press Claim at the same moment exactly
one row update succeeds (SQLite serialises writers; PostgreSQL re-checks the condition after the
row lock). The winner's press is written to the audit log and every message that carried the
comment is queued for an in-place edit (``edit_deliveries``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from bot.app import App
from bot.audit import audit
from bot.delivery.outbox import enqueue_update, retire
from bot.moderation.messages import LIST_KINDS, list_message
from bot.moderation.pipeline import alert_message, load_contexts
from bot.moderation.rules import OPEN_STATES, TRANSITIONS
from bot.prefs import locale_for
from bot.store.models import AlertDelivery, Comment


def edit_deliveries(
    app: App, session: Session, comment: Comment, now: datetime, version: str = ""
) -> int:
    """Queue an in-place edit of every message that carried this comment; returns how many.
    ``version`` tells this edit apart from earlier ones of the same state (an action's
    outcome)."""
    rows = session.scalars(
        select(AlertDelivery).where(
            AlertDelivery.comment_id == comment.id, AlertDelivery.level != "batched"
        )
    ).all()
    version = (
        f"{comment.id}:{comment.state}:{comment.state_by}:{comment.state_at}:"
        f"{comment.is_hidden}:{version}"
    )
    edited = 0
    for d in rows:
        loc = locale_for(session, app.config, d.person)
        if d.level in LIST_KINDS:
            members = session.scalars(
                select(Comment)
                .join(AlertDelivery, AlertDelivery.comment_id == Comment.id)
                .where(AlertDelivery.outbox_key == d.outbox_key)
                .order_by(Comment.received_at, Comment.id)
            ).all()
            ctxs = load_contexts(app, session, members)
            msg = list_message(app, [ctxs[m.id] for m in members], loc, now, d.level)
        else:
            ctx = load_contexts(app, session, [comment])[comment.id]
            msg = alert_message(app, ctx, loc, now, d.level)
        edited += enqueue_update(
            session, ref_key=d.outbox_key, message=msg, now=now, version=version
        )
    return edited


def purge_held(session: Session, comment_id: int) -> None:
    """Drop held (not yet grouped) alerts of a comment that was just resolved."""
    session.execute(
        delete(AlertDelivery).where(
            AlertDelivery.comment_id == comment_id, AlertDelivery.level == "batched"
        )
    )


def retire_alerts(session: Session, comment_id: int, state: str) -> int:
    """A handled comment's alerts that have not gone out yet are no longer worth sending
    (grouped messages stay: they carry other comments too)."""
    keys = session.scalars(
        select(AlertDelivery.outbox_key).where(
            AlertDelivery.comment_id == comment_id,
            AlertDelivery.level.in_(("alert", "escalation", "reminder")),
        )
    ).all()
    return retire(session, list(keys), f"the comment was {state} before delivery")


def transition(
    app: App,
    session: Session,
    comment_id: int,
    action: str,
    person: str,
    now: datetime,
    *,
    detail: dict[str, Any] | None = None,
) -> Comment | None:
    """Apply ``action`` if the comment is still in a state it may start from; the updated
    comment, or None when someone else got there first (nothing changed then)."""
    allowed, new_state = TRANSITIONS[action]
    values: dict[str, Any] = {"state": new_state, "state_by": person, "state_at": now}
    if new_state == "answered":
        values["answered_at"] = now
    if new_state == "hidden":
        values["is_hidden"] = True
    res = session.execute(
        update(Comment)
        .where(Comment.id == comment_id, Comment.state.in_(allowed))
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if getattr(res, "rowcount", 0) != 1:
        return None
    c = session.get(Comment, comment_id)
    assert c is not None
    session.refresh(c)
    audit(
        session,
        actor=person,
        action=f"comment.{action}",
        subject=f"comment:{comment_id}",
        now=now,
        detail=detail,
    )
    purge_held(session, comment_id)
    if c.state not in OPEN_STATES:
        retire_alerts(session, comment_id, c.state)
    edit_deliveries(app, session, c, now)
    return c
