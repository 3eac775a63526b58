"""Polling a Meta account in three steps, so that no database transaction is open while the
Graph API is asked (a slow page never holds SQLite's write lock or a PostgreSQL transaction):

1. :func:`plan_poll` reads the account's cursors and the metrics the API refused before (a short
   read, the session is closed before any network call);
2. :func:`bot.sources.meta.fetch.fetch` asks the Graph API (no session at all);
3. :func:`store_poll` (or :func:`store_error`) writes rows, cursors and refused metrics in one
   short transaction, the caller's, so the moderation pipeline can queue alerts in it too.

A metric the API refuses for an account is remembered (``refused_metrics``) and not asked again
for a week; then it is tried once more. :func:`poll_account` runs the three steps; the running
service's pollers (:mod:`bot.runtime.pollers`) add the alerts and admin notices to step 3.
Also here: hiding a comment on the platform, and the admin notice for a poll result.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from bot.i18n import t
from bot.sources.ingest import ingest_comments, ingest_posts, ingest_snapshots
from bot.sources.meta.client import MetaClient
from bot.sources.meta.errors import GraphError
from bot.sources.meta.fetch import Fetched, Target, fetch
from bot.sources.model import NormComment, NormPost, parse_time
from bot.store.models import Account, AuditLog, Comment, RefusedMetric, SyncCursor
from bot.store.upsert import insert_ignore

log = logging.getLogger("vaktbot.sources.meta")

LOOKBACK = timedelta(days=3)  # the first poll's comments
POST_WINDOW = timedelta(days=14)  # posts whose comments are polled
OVERLAP = timedelta(minutes=10)  # comments arrive late in the API
RETRY_REFUSED = timedelta(days=7)
INSIGHT_DAYS = 30  # at most this many days of insights in one poll


@dataclass
class PollResult:
    account_id: str
    new_comment_ids: list[int] = field(default_factory=list)
    posts_added: int = 0
    snapshots: int = 0
    deprecated: list[str] = field(default_factory=list)  # metrics refused for the first time
    error: GraphError | None = None
    notify: str | None = None  # error kind to report to the admin channel (only when it changed)
    calls: int = 0
    stored_at: datetime | None = None  # when these rows were stored (a long poll stores often)


@dataclass(frozen=True)
class PollPlan:
    """What one poll asks for, read from the database before any network call."""

    target: Target
    since: datetime  # comments created from here on
    posts_since: datetime
    last_seen: datetime | None  # the comment cursor
    insights: tuple[date, date] | None  # days of insights to fetch (None: done for today)
    skip: frozenset[str]  # metrics refused less than a week ago
    refused_before: frozenset[str]  # every metric on record as refused (to tell news once)
    last_error: str | None


def plan_poll(session: Session, account: Account, now: datetime) -> PollPlan:
    """Read the cursors and refused metrics (writes nothing)."""
    cur = session.get(SyncCursor, (account.id, "comments"))
    ins = session.get(SyncCursor, (account.id, "insights"))
    last_seen = parse_time(cur.cursor) if cur is not None and cur.cursor else None
    since = (last_seen - OVERLAP) if last_seen else now - LOOKBACK
    yesterday = now.date() - timedelta(days=1)
    done = date.fromisoformat(ins.cursor) if ins is not None and ins.cursor else None
    done = done or yesterday - timedelta(days=7)
    insights = None
    if done < yesterday:
        insights = (
            max(done + timedelta(days=1), yesterday - timedelta(days=INSIGHT_DAYS - 1)),
            yesterday,
        )
    refused = session.execute(
        select(RefusedMetric.metric, RefusedMetric.retry_at).where(
            RefusedMetric.account_id == account.id
        )
    ).all()
    return PollPlan(
        target=Target(account.id, account.platform, account.external_id),
        since=since,
        posts_since=now - POST_WINDOW,
        last_seen=last_seen,
        insights=insights,
        skip=frozenset(m for m, retry in refused if retry > now),
        refused_before=frozenset(m for m, _ in refused),
        last_error=cur.last_error if cur is not None else None,
    )


def _cursor(session: Session, account_id: str, stream: str, now: datetime) -> SyncCursor:
    insert_ignore(
        session,
        SyncCursor,
        {"account_id": account_id, "stream": stream, "cursor": None, "updated_at": now},
        conflict=["account_id", "stream"],
    )
    row = session.get(SyncCursor, (account_id, stream))
    assert row is not None
    return row


def store_error(session: Session, plan: PollPlan, exc: GraphError, now: datetime) -> PollResult:
    """Record a failed poll: only the error (a cursor never moves past data not stored)."""
    aid = plan.target.account_id
    cur = _cursor(session, aid, "comments", now)
    result = PollResult(account_id=aid, error=exc, stored_at=now)
    result.notify = exc.kind if cur.last_error != exc.kind else None
    cur.last_error, cur.updated_at = exc.kind, now
    session.flush()
    log.warning("poll failed", extra={"account": aid, "kind": exc.kind})
    return result


def store_found(
    session: Session,
    plan: PollPlan,
    posts: list[NormPost],
    comments: list[NormComment],
    now: datetime,
    salt: str,
) -> PollResult:
    """Store posts and comments found so far (a long poll's partial results); no cursor moves,
    so a poll that fails later fetches them again, and they are not stored twice."""
    result = PollResult(account_id=plan.target.account_id, stored_at=now)
    result.posts_added = len(ingest_posts(session, posts).added)
    result.new_comment_ids = ingest_comments(session, comments, now=now, salt=salt).added
    return result


def store_poll(
    session: Session,
    plan: PollPlan,
    got: Fetched,
    now: datetime,
    salt: str,
    *,
    newest: datetime | None = None,
) -> PollResult:
    """Write what a poll fetched, the cursors and the refused metrics (the caller commits).
    ``newest``: the newest comment of those stored on the way (:func:`store_found`)."""
    aid = plan.target.account_id
    result = store_found(session, plan, got.posts, got.comments, now, salt)
    result.snapshots = ingest_snapshots(session, got.snapshots)
    cur = _cursor(session, aid, "comments", now)
    found = [c.created_at for c in got.comments] + ([newest] if newest is not None else [])
    newest = max(found, default=None)
    if newest and (plan.last_seen is None or newest > plan.last_seen):
        cur.cursor = newest.isoformat()
    elif plan.last_seen is None:
        cur.cursor = plan.since.isoformat()
    if cur.last_error is not None:
        result.notify = "recovered"
    cur.last_error, cur.updated_at = None, now
    if plan.insights is not None:
        ins = _cursor(session, aid, "insights", now)
        ins.cursor, ins.updated_at = plan.insights[1].isoformat(), now
        _remember_refused(session, plan, got, now)
        result.deprecated = sorted(set(got.refused) - plan.refused_before)
        if result.deprecated:
            result.notify = result.notify or "deprecated_metric"
        ins.last_error = ("refused:" + ",".join(sorted(got.refused)))[:200] if got.refused else None
    session.flush()
    log.info(
        "poll done",
        extra={
            "account": aid,
            "comments": len(result.new_comment_ids),
            "posts": len(got.posts),
            "refused": len(got.refused),
        },
    )
    return result


def _remember_refused(session: Session, plan: PollPlan, got: Fetched, now: datetime) -> None:
    """Refused metrics wait a week; a metric asked again (its week was over) and answered is
    forgotten."""
    aid = plan.target.account_id
    refused = got.refused
    answered = (plan.refused_before & got.asked) - set(refused)
    if answered:
        session.execute(
            delete(RefusedMetric).where(
                RefusedMetric.account_id == aid, RefusedMetric.metric.in_(sorted(answered))
            )
        )
    for metric in refused:
        values = {"account_id": aid, "metric": metric, "refused_at": now}
        if not insert_ignore(session, RefusedMetric, {**values, "retry_at": now + RETRY_REFUSED}):
            row = session.get(RefusedMetric, (aid, metric))
            if row is not None:
                row.refused_at, row.retry_at = now, now + RETRY_REFUSED


AfterStore = Callable[[Session, PollResult], None]


async def poll_account(
    client: MetaClient,
    sessions: sessionmaker[Session],
    account_id: str,
    now: datetime,
    salt: str,
    *,
    after: AfterStore | None = None,
    stored: Callable[[PollResult], None] | None = None,
    clock: Callable[[], datetime] | None = None,
) -> PollResult | None:
    """Plan, fetch and store one poll. What a long poll finds is stored on the way, every
    :data:`~bot.sources.meta.fetch.STORE_EVERY` posts, so its new comments are alerted on at
    once, not when the last page has been paced through. ``after`` runs in each storing
    transaction (alerts; notices at the end), ``stored`` after each commit (on the event loop:
    wake the sender). Rows are stored with the time they are stored at (``clock``, default
    ``now``): a comment found late in a long poll arrived then, not when the poll began. None
    when the account is not in the database.

    The database steps run in a worker thread, so that storing and classifying a large batch
    does not hold up the event loop (the scheduler's tick, the sender, the web server)."""

    def plan() -> PollPlan | None:
        with sessions() as s:
            account = s.get(Account, account_id)
            return None if account is None else plan_poll(s, account, now)

    def write(step: Callable[[Session, datetime], PollResult]) -> PollResult:
        with sessions.begin() as s:
            result = step(s, clock() if clock is not None else now)
            if after is not None:
                after(s, result)
        return result

    the_plan = await asyncio.to_thread(plan)
    if the_plan is None:
        return None
    before = client.calls
    total = PollResult(account_id=account_id)
    newest: list[datetime] = []

    async def flush(posts: list[NormPost], comments: list[NormComment]) -> None:
        part = await asyncio.to_thread(
            write, lambda s, at: store_found(s, the_plan, posts, comments, at, salt)
        )
        newest.extend(c.created_at for c in comments)
        total.posts_added += part.posts_added
        total.new_comment_ids += part.new_comment_ids
        if stored is not None:
            stored(part)

    got: Fetched | GraphError
    try:
        got = await fetch(
            client,
            the_plan.target,
            since=the_plan.since,
            posts_since=the_plan.posts_since,
            insights=the_plan.insights,
            now=now,
            skip=the_plan.skip,
            flush=flush,
        )
    except GraphError as exc:
        got = exc
    fetched = got

    def final(s: Session, at: datetime) -> PollResult:
        if isinstance(fetched, GraphError):
            return store_error(s, the_plan, fetched, at)
        return store_poll(s, the_plan, fetched, at, salt, newest=max(newest, default=None))

    result = await asyncio.to_thread(write, final)
    if stored is not None:
        stored(result)
    result.calls = client.calls - before
    result.posts_added += total.posts_added
    result.new_comment_ids = total.new_comment_ids + result.new_comment_ids
    return result


async def hide_on_platform(
    client: MetaClient,
    sessions: sessionmaker[Session],
    comment_id: int,
    hidden: bool,
    *,
    actor: str,
    now: datetime,
) -> bool:
    """Hide/unhide a stored comment on Facebook or Instagram, mark it and write the audit log
    (read, then ask Meta with no transaction open, then write)."""
    with sessions() as s:
        comment = s.get(Comment, comment_id)
        if comment is None:
            raise LookupError(f"no comment {comment_id}")
        account = s.get(Account, comment.account_id)
        platform = account.platform if account else "facebook"
        external_id = comment.external_id
    ok = await client.hide_comment(external_id, hidden, platform=platform)
    with sessions.begin() as s:
        if ok:
            row = s.get(Comment, comment_id)
            if row is not None:
                row.is_hidden = hidden
        s.add(
            AuditLog(
                at=now,
                actor=actor,
                action="comment.hide" if hidden else "comment.unhide",
                subject=f"comment:{comment_id}",
                detail={"platform": platform, "ok": ok},
            )
        )
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
