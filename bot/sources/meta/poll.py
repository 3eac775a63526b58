"""Polling a Meta account: fetch what is new since the account's cursors and ingest it, hide
comments on the platform, and word the admin-channel notice for a poll result.

The client is :mod:`bot.sources.meta.client`; the fetch sequences are in
:mod:`bot.sources.meta.facebook`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from bot.i18n import t
from bot.sources.ingest import ingest_comments, ingest_posts, ingest_snapshots
from bot.sources.meta.client import MetaClient
from bot.sources.meta.errors import GraphError
from bot.sources.meta.facebook import fetch_comments, fetch_insights
from bot.sources.model import NormSnapshot, parse_time
from bot.store.models import Account, AuditLog, Comment, SyncCursor

log = logging.getLogger("vaktbot.sources.meta")


@dataclass
class PollResult:
    account_id: str
    new_comment_ids: list[int] = field(default_factory=list)
    posts_added: int = 0
    snapshots: int = 0
    deprecated: list[str] = field(default_factory=list)
    error: GraphError | None = None
    notify: str | None = None  # error kind to report to the admin channel (only when it changed)


def _cursor(session: Session, account_id: str, stream: str, now: datetime) -> SyncCursor:
    row = session.get(SyncCursor, (account_id, stream))
    if row is None:
        row = SyncCursor(account_id=account_id, stream=stream, cursor=None, updated_at=now)
        session.add(row)
    return row


async def poll_account(
    client: MetaClient,
    session: Session,
    account: Account,
    now: datetime,
    salt: str,
    *,
    lookback: timedelta = timedelta(days=3),
    post_window: timedelta = timedelta(days=14),
    overlap: timedelta = timedelta(minutes=10),
    insights: bool = True,
) -> PollResult:
    """Fetch what is new since the account's cursors and ingest it. Rows and cursors are written
    to ``session`` together (the caller commits), and nothing but the error is written when a
    call fails, so a failed poll never moves a cursor past data it did not store."""
    result = PollResult(account_id=account.id)
    cur = _cursor(session, account.id, "comments", now)
    ins = _cursor(session, account.id, "insights", now)
    last_seen = parse_time(cur.cursor) if cur.cursor else None
    since = (last_seen - overlap) if last_seen else now - lookback
    yesterday = now.date() - timedelta(days=1)
    done = date.fromisoformat(ins.cursor) if ins.cursor else yesterday - timedelta(days=7)
    try:
        posts, comments = await fetch_comments(client, account, since, now - post_window)
        snaps: list[NormSnapshot] = []
        if insights and done < yesterday:
            recent = [p for p in posts if p.created_at >= now - timedelta(days=7)]
            snaps, result.deprecated = await fetch_insights(
                client,
                account,
                max(done + timedelta(days=1), yesterday - timedelta(days=29)),
                yesterday,
                recent,
            )
    except GraphError as exc:
        result.error = exc
        result.notify = exc.kind if cur.last_error != exc.kind else None
        cur.last_error = exc.kind
        cur.updated_at = now
        session.flush()
        log.warning("poll failed", extra={"account": account.id, "kind": exc.kind})
        return result
    result.posts_added = len(ingest_posts(session, posts).added)
    result.new_comment_ids = ingest_comments(session, comments, now=now, salt=salt).added
    result.snapshots = ingest_snapshots(session, snaps)
    newest = max((c.created_at for c in comments), default=None)
    if newest and (last_seen is None or newest > last_seen):
        cur.cursor = newest.isoformat()
    elif last_seen is None:
        cur.cursor = since.isoformat()
    if cur.last_error is not None:
        result.notify = "recovered"
    cur.last_error = None
    cur.updated_at = now
    if insights and done < yesterday:
        ins.cursor = yesterday.isoformat()
        error = "deprecated_metric:" + ",".join(result.deprecated) if result.deprecated else None
        if error and ins.last_error != error:
            result.notify = result.notify or "deprecated_metric"
        ins.last_error = error[:200] if error else None
        ins.updated_at = now
    session.flush()
    log.info(
        "poll done",
        extra={"account": account.id, "comments": len(result.new_comment_ids), "posts": len(posts)},
    )
    return result


async def hide_on_platform(
    client: MetaClient,
    session: Session,
    comment_id: int,
    hidden: bool,
    *,
    actor: str,
    now: datetime,
) -> bool:
    """Hide/unhide a stored comment on Facebook or Instagram, mark it and write the audit log."""
    comment = session.get(Comment, comment_id)
    if comment is None:
        raise LookupError(f"no comment {comment_id}")
    account = session.get(Account, comment.account_id)
    platform = account.platform if account else "facebook"
    ok = await client.hide_comment(comment.external_id, hidden, platform=platform)
    if ok:
        comment.is_hidden = hidden
    session.add(
        AuditLog(
            at=now,
            actor=actor,
            action="comment.hide" if hidden else "comment.unhide",
            subject=f"comment:{comment_id}",
            detail={"platform": platform, "ok": ok},
        )
    )
    session.flush()
    return ok


def poll_notice(
    locale: str, account_name: str, result: PollResult, *, token_env: str = "the token variable"
) -> str | None:
    """The admin-channel message for a poll result, or None when there is nothing new to say."""

    if result.notify is None:
        return None
    if result.notify == "recovered":
        return t(locale, "sources.recovered", account=account_name)
    if result.notify == "deprecated_metric" and result.error is None:
        return t(
            locale,
            "sources.error.deprecated_metric",
            account=account_name,
            metrics=", ".join(result.deprecated),
        )
    err = result.error
    kind = err.kind if err is not None else result.notify
    detail = {"env": token_env, "detail": err.message[:120] if err else "", "metrics": ""}
    return t(
        locale,
        f"sources.error.{kind}",
        account=account_name,
        code=err.code if err else "",
        **detail,
    )
