"""Moderation calls to Meta - hide, unhide, reply - each performed once.

An action is a ``platform_actions`` row written BEFORE the call, under an idempotency key
(``hide:comment:<id>:rule`` for a rule's hide on arrival, ``unhide:<comment>:<n>`` for a Show,
``reply:<comment>:<digest of the text>`` for a reply), so a double press finds the row that is
already there instead of making a second one. Performing it (:func:`perform`) follows the
outbox's lease-and-fence pattern (bot.delivery.lease):

1. claim: one conditional UPDATE takes a pending row whose lease is free, raises its fencing
   token, starts a lease and sets ``check_first`` (a call is about to be in flight);
2. the call, with no transaction open. A reply whose row had ``check_first`` set already (an
   earlier attempt may have reached Meta: a restart mid-call, a timeout) first looks for its
   text among the comment's replies and does not post it again when it is there; hide and
   unhide set a flag, so repeating them is harmless;
3. release: the outcome is written only where the row still carries our token, with its effect
   on the comment (hidden, shown, answered with the response time), the audit line (naming the
   rule that caused an automatic action) and an in-place edit of every copy of the alert.

A refusal (permission missing, comment deleted, token expired, other Graph errors) closes the
row as ``failed`` with its kind, shown on the alert in each reader's language. No answer, a
timeout or a 5xx leaves the row pending with its lease: :func:`perform_pending` (the moderation
job, every minute, and after a restart) takes it up again once the lease has run out.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any, Literal

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.app import App, MetaFactory
from bot.audit import audit
from bot.moderation.rules import OPEN_STATES
from bot.moderation.states import edit_deliveries, transition
from bot.sources.meta.errors import (
    GraphError,
    GraphUnavailable,
    PermissionMissing,
    RateLimited,
    TokenExpired,
)
from bot.store.models import Account, Comment, PlatformAction

log = logging.getLogger("vaktbot.moderation.actions")

LEASE = timedelta(seconds=60)  # far above CALL_TIMEOUT: nobody else takes a row mid-call
CALL_TIMEOUT = 8.0  # seconds to wait for Meta before the outcome counts as unknown
REFUSALS = ("permission_missing", "token_expired", "deleted", "refused", "unsupported")
HIDEABLE = ("facebook", "instagram")
_POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="meta-action")

Status = Literal["done", "failed", "busy", "unknown"]


@dataclass(frozen=True)
class Outcome:
    """What became of an action: ``done`` (now or before), ``failed`` (refused: ``error``
    says why), ``busy`` (someone else is performing it right now) or ``unknown`` (no answer
    from Meta: it is tried again, looking first, once its lease has run out)."""

    status: Status
    action_id: int
    error: str | None = None
    fresh: bool = False  # this call performed it


@dataclass(frozen=True)
class _Claimed:
    action_id: int
    token: int
    kind: str
    look_first: bool
    text: str | None
    external_id: str
    platform: str
    account: Account


# --- performing ------------------------------------------------------------------------------


def _claim(session: Session, action_id: int, now: datetime) -> _Claimed | Outcome:
    row = session.get(PlatformAction, action_id)
    if row is None:
        raise LookupError(f"no platform action {action_id}")
    if row.status == "done":
        return Outcome("done", action_id)
    if row.status == "failed":
        return Outcome("failed", action_id, row.error_kind)
    if row.lease_until is not None and row.lease_until > now:
        return Outcome("busy", action_id)
    res = session.execute(
        update(PlatformAction)
        .where(
            PlatformAction.id == action_id,
            PlatformAction.status == "pending",
            PlatformAction.lease_token == row.lease_token,
        )
        .values(
            lease_token=row.lease_token + 1,
            lease_until=now + LEASE,
            check_first=True,
            attempts=PlatformAction.attempts + 1,
        )
        .execution_options(synchronize_session=False)
    )
    if getattr(res, "rowcount", 0) != 1:
        return Outcome("busy", action_id)
    comment = session.get(Comment, row.comment_id)
    account = session.get(Account, comment.account_id) if comment is not None else None
    if comment is None or account is None:
        raise LookupError(f"the comment of platform action {action_id} is gone")
    session.expunge(account)
    return _Claimed(
        action_id=action_id,
        token=row.lease_token + 1,
        kind=row.kind,
        look_first=row.check_first,
        text=row.text,
        external_id=comment.external_id,
        platform=account.platform,
        account=account,
    )


async def _call(factory: MetaFactory, c: _Claimed) -> str | None:
    client = factory(c.account)
    try:
        if c.kind == "reply":
            assert c.text is not None
            if c.look_first:
                found = await client.find_reply(c.external_id, c.text, platform=c.platform)
                if found:
                    log.info("reply found on the platform; not posted again")
                    return str(found)
            return str(await client.reply_comment(c.external_id, c.text, platform=c.platform))
        ok = await client.hide_comment(c.external_id, c.kind == "hide", platform=c.platform)
        if not ok:
            raise GraphError("Meta answered success=false")
        return None
    finally:
        closer = getattr(client, "aclose", None)
        if closer is not None:
            await closer()


def refusal_kind(exc: BaseException) -> str | None:
    """The refusal an error means, or None when the outcome is unknown (no answer, a timeout,
    a rate limit, a 5xx: the call is tried again later, looking first)."""
    if isinstance(exc, TokenExpired):
        return "token_expired"
    if isinstance(exc, PermissionMissing):
        return "permission_missing"
    if isinstance(exc, RateLimited | GraphUnavailable):
        return None
    if isinstance(exc, GraphError):
        message = exc.message.lower()
        if exc.subcode == 33 or "does not exist" in message or exc.code == 1705:
            return "deleted"
        return "refused"
    return None


def perform(app: App, action_id: int, now: datetime, timeout: float | None = None) -> Outcome:
    """Perform one action if it is still to be done (synchronous: a worker thread of the
    handlers, the job or the webhook's after-commit; the Meta call runs on its own loop).
    After ``timeout`` seconds (default CALL_TIMEOUT) the outcome is ``unknown`` to the caller;
    when Meta answers later, the answer is still written (under the same fence)."""
    with app.sessions.begin() as s:
        claimed = _claim(s, action_id, now)
    if isinstance(claimed, Outcome):
        return claimed
    factory = app.meta
    result: str | None = None
    error: str | None = None
    if factory is None or claimed.platform not in HIDEABLE:
        error = "unsupported"
    else:
        future = _POOL.submit(asyncio.run, _call(factory, claimed))
        try:
            result = future.result(CALL_TIMEOUT if timeout is None else timeout)
        except FutureTimeout:
            log.warning("no answer from Meta in time", extra={"action": action_id})
            future.add_done_callback(partial(_late, app, claimed, now))
            return Outcome("unknown", action_id)
        except Exception as exc:  # every failure is reported, never pretended away
            error = refusal_kind(exc)
            log.warning(
                "moderation call failed",
                extra={"action": action_id, "error": type(exc).__name__, "kind": error},
            )
            if error is None:
                return Outcome("unknown", action_id)
    with app.sessions.begin() as s:
        return _release(app, s, claimed, result, error, now)


def _late(app: App, claimed: _Claimed, now: datetime, future: Future[str | None]) -> None:
    """Meta answered after the caller stopped waiting: write the outcome now (a refusal too);
    no answer at all leaves the row to the job, which looks first."""
    try:
        result, error = future.result(), None
    except Exception as exc:
        result, error = None, refusal_kind(exc)
        if error is None:
            return
    try:
        with app.sessions.begin() as s:
            _release(app, s, claimed, result, error, now)
    except Exception:  # the job takes the row up again once the lease has run out
        log.exception("a late answer from Meta could not be written")


def _release(
    app: App, s: Session, c: _Claimed, result: str | None, error: str | None, now: datetime
) -> Outcome:
    values: dict[str, Any] = {"lease_until": None, "done_at": now}
    values.update(
        {"status": "failed", "error_kind": error}
        if error
        else {"status": "done", "result_id": result, "check_first": False}
    )
    res = s.execute(
        update(PlatformAction)
        .where(
            PlatformAction.id == c.action_id,
            PlatformAction.lease_token == c.token,
            PlatformAction.status == "pending",
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if getattr(res, "rowcount", 0) != 1:  # taken over meanwhile: its holder writes the outcome
        return Outcome("busy", c.action_id)
    row = s.get(PlatformAction, c.action_id)
    assert row is not None
    s.refresh(row)
    _effect(app, s, row, now)
    if error:
        return Outcome("failed", c.action_id, error, fresh=True)
    return Outcome("done", c.action_id, fresh=True)


def _effect(app: App, s: Session, row: PlatformAction, now: datetime) -> None:
    """The outcome's mark on the comment, the audit line and the edit of every alert copy."""
    comment = s.get(Comment, row.comment_id)
    if comment is None:
        return
    detail: dict[str, Any] = {"key": row.key}
    if row.rule:
        detail["rule"] = row.rule
    if row.status == "failed":
        detail["error"] = row.error_kind
        audit(
            s,
            actor=row.actor,
            action=f"comment.{row.kind}_failed",
            subject=f"comment:{row.comment_id}",
            now=now,
            detail=detail,
        )
    elif row.kind == "reply":
        if row.result_id:
            detail["reply_id"] = row.result_id
        if comment.state in OPEN_STATES:
            done = transition(app, s, comment.id, "answered", row.actor, now, detail=detail)
            if done is not None:
                return  # transition wrote the audit line and the edits
        if comment.answered_at is None:
            comment.answered_at = now
        audit(
            s,
            actor=row.actor,
            action="comment.reply",
            subject=f"comment:{comment.id}",
            now=now,
            detail=detail,
        )
    else:
        comment.is_hidden = row.kind == "hide"
        s.flush()
        # a moderator's hide resolves the comment; a Show of a hidden one brings it back as
        # claimed by whoever showed it (audited and edited by the transition); a rule's hide
        # leaves it open, waiting for review
        step = {"hide": "hide", "unhide": "show"}[row.kind] if not row.rule else None
        if (
            step is not None
            and transition(app, s, comment.id, step, row.actor, now, detail=detail) is not None
        ):
            return
        name = "comment.auto_hide" if row.rule else f"comment.{row.kind}"
        audit(
            s, actor=row.actor, action=name, subject=f"comment:{comment.id}", now=now, detail=detail
        )
    s.flush()
    edit_deliveries(app, s, comment, now, version=f"a{row.id}:{row.status}")


def perform_pending(app: App, now: datetime, comment_ids: Iterable[int] | None = None) -> int:
    """Perform the pending actions whose lease is free (those of ``comment_ids`` only, when
    given): on arrival of comments hidden by a rule, every minute, and after a restart."""
    q = select(PlatformAction.id).where(PlatformAction.status == "pending")
    if comment_ids is not None:
        ids = list(comment_ids)
        if not ids:
            return 0
        q = q.where(PlatformAction.comment_id.in_(ids))
    with app.sessions() as s:
        pending = list(s.scalars(q.order_by(PlatformAction.id)))
    done = 0
    for action_id in pending:
        try:
            outcome = perform(app, action_id, now)
        except LookupError:
            continue
        done += outcome.fresh
    return done


_RUNNING: set[asyncio.Task[int]] = set()


def start_pending(app: App, comment_ids: Iterable[int]) -> asyncio.Task[int] | None:
    """Perform the actions of newly stored comments (a rule's hide on arrival) now, in a worker
    thread, without waiting for the next tick; the edits of the alerts are then sent at once.
    Call it on the event loop's thread, after the commit that stored the comments."""
    ids = list(comment_ids)
    if not ids or app.meta is None:
        return None

    async def run() -> int:
        try:
            return await asyncio.to_thread(perform_pending, app, app.clock(), ids)
        finally:
            app.wake_sender()

    task = asyncio.get_running_loop().create_task(run())
    _RUNNING.add(task)
    task.add_done_callback(_RUNNING.discard)
    return task
