"""The ``platform_actions`` rows: what is to be done on Meta (hide, unhide, reply), under an
idempotency key, written before the call (performed by :mod:`bot.moderation.actions`)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.store.models import PlatformAction
from bot.store.upsert import insert_ignore

RULE_ACTOR = "vaktbot"  # the actor of an automatic action (its rule is named beside it)


def reply_key(comment_id: int, text: str) -> str:
    """The same reply to the same comment is posted once, however often it is sent."""
    digest = hashlib.sha256(" ".join(text.split()).encode()).hexdigest()[:24]
    return f"reply:{comment_id}:{digest}"


def next_toggle_key(session: Session, kind: str, comment_id: int) -> str:
    """The key of the next hide or unhide of a comment by a person: one per shown/hidden
    change, so pressing Show twice on the same alert performs one unhide."""
    n = session.scalar(
        select(func.count())
        .select_from(PlatformAction)
        .where(
            PlatformAction.comment_id == comment_id,
            PlatformAction.kind.in_(("hide", "unhide")),
            PlatformAction.status == "done",
        )
    )
    return f"{kind}:{comment_id}:{int(n or 0)}"


def request_action(
    session: Session,
    *,
    key: str,
    comment_id: int,
    kind: str,
    actor: str,
    now: datetime,
    rule: str | None = None,
    text: str | None = None,
) -> PlatformAction:
    """The action under ``key``: written now, or the one written before (a double press)."""
    insert_ignore(
        session,
        PlatformAction,
        {
            "key": key,
            "comment_id": comment_id,
            "kind": kind,
            "actor": actor,
            "rule": rule,
            "text": text,
            "status": "pending",
            "attempts": 0,
            "lease_token": 0,
            "check_first": False,
            "created_at": now,
        },
        conflict=["key"],
    )
    return session.scalars(select(PlatformAction).where(PlatformAction.key == key)).one()


def retry_failed(session: Session, action_id: int) -> bool:
    """A refused action asked for again (after the permission was granted): pending again."""
    res = session.execute(
        update(PlatformAction)
        .where(PlatformAction.id == action_id, PlatformAction.status == "failed")
        .values(status="pending", error_kind=None, check_first=False, lease_until=None)
        .execution_options(synchronize_session=False)
    )
    return getattr(res, "rowcount", 0) == 1


def actions_of(session: Session, comment_ids: Iterable[int]) -> dict[int, list[PlatformAction]]:
    """The actions of each comment, oldest first."""
    ids = list(comment_ids)
    out: dict[int, list[PlatformAction]] = {i: [] for i in ids}
    if not ids:
        return out
    rows = session.scalars(
        select(PlatformAction).where(PlatformAction.comment_id.in_(ids)).order_by(PlatformAction.id)
    )
    for row in rows:
        out[row.comment_id].append(row)
    return out
