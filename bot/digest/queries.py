"""SQL aggregates for digests and reports (SQLAlchemy Core, GROUP BY in the database).

Windows are computed in the organisation's zone and compared as UTC instants. "Open" and
"answered in time" are :mod:`bot.moderation.status`'s, the same as `/vakt queue`'s: a comment
that needs no reply (no label, never answered) is never unanswered. The stored daily figures
are read by :mod:`bot.digest.figures` and combined by :mod:`bot.digest.figmap`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from itertools import compress
from typing import Any

import numpy as np
from sqlalchemy import Float, and_, case, func, literal, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement

from bot.config import Config, TeamCfg, parse_time
from bot.digest.figures import posts_by_key, visible
from bot.digest.model import Figures, PeriodStats, Thread, add_figures
from bot.metrics import ResponseJudge, ResponseStats
from bot.moderation.status import counts_for_response, is_open
from bot.store.models import Comment, Outbox

OPEN_STATES = ("new", "claimed")
MAX_WINDOW = timedelta(days=14)
CHUNK = 256  # rows per fetch when reading comment rows
cm = Comment.__table__.c


class epoch(FunctionElement[float]):  # noqa: N801 - SQL function style
    """Seconds since 1970 of a UTC timestamp column, computed in the database."""

    type = Float()
    inherit_cache = True


@compiles(epoch, "sqlite")
def _epoch_sqlite(element: Any, compiler: Any, **kw: Any) -> str:
    return f"((julianday({compiler.process(element.clauses, **kw)}) - 2440587.5) * 86400.0)"


@compiles(epoch, "postgresql")
def _epoch_pg(element: Any, compiler: Any, **kw: Any) -> str:
    return f"CAST(EXTRACT(EPOCH FROM {compiler.process(element.clauses, **kw)}) AS FLOAT)"


class rare(FunctionElement[bool]):  # noqa: N801 - SQL function style
    """A condition few rows meet (a planner hint on SQLite, the plain condition elsewhere)."""

    inherit_cache = True


@compiles(rare)
def _rare_default(element: Any, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(element.clauses, **kw))


@compiles(rare, "sqlite")
def _rare_sqlite(element: Any, compiler: Any, **kw: Any) -> str:
    return f"likelihood({compiler.process(element.clauses, **kw)}, 0.001)"


def _has_label(label: str) -> Any:
    return (literal(",") + func.coalesce(cm.labels, "") + literal(",")).like(f"%,{label},%")


def _open() -> Any:
    return is_open()  # bot.moderation.status: the one definition


# --- windows --------------------------------------------------------------------------------


def team_of(config: Config, team_id: str) -> TeamCfg:
    team = config.team(team_id)
    if team is None:
        raise KeyError(f"unknown team {team_id!r}")
    return team


def daily_key(team_id: str, local_day: date) -> str:
    return f"digest:daily:{team_id}:{local_day.isoformat()}"


def daily_since(session: Session, config: Config, team_id: str, now: datetime) -> datetime:
    """When the previous daily digest for the team went out (or would have, on the previous
    working day at the digest time): after a weekend or holiday this spans the whole closure."""
    cal = config.work_calendar()
    today = now.astimezone(cal.zone).date()
    prefix = f"digest:daily:{team_id}:"
    row = session.execute(
        select(Outbox.created_at)
        .where(Outbox.key > prefix, Outbox.key <= daily_key(team_id, today))
        .where(Outbox.created_at < now)
        .order_by(Outbox.key.desc())
        .limit(1)
    ).first()
    if row is not None:
        since: datetime = row[0]
    else:
        at = parse_time(config.digest.daily_time)
        since = cal.local(cal.previous_working_day(today), at)
    return max(since, now - MAX_WINDOW).astimezone(UTC)


# --- comments -------------------------------------------------------------------------------


def comment_counts(
    session: Session, account_ids: Sequence[str], start: datetime, end: datetime
) -> dict[str, tuple[int, int, int]]:
    """Per account: comments created in [start, end), of them flagged personal data, hate."""
    if not account_ids:
        return {}
    q = (
        select(
            cm.account_id,
            func.count(),
            func.sum(case((_has_label("personal_data"), 1), else_=0)),
            func.sum(case((_has_label("hate"), 1), else_=0)),
        )
        .where(cm.account_id.in_(account_ids), cm.created_at >= start, cm.created_at < end)
        .where(visible())
        .group_by(cm.account_id)
    )
    return {a: (int(n), int(p or 0), int(h or 0)) for a, n, p, h in session.execute(q)}


def open_counts(
    session: Session, account_ids: Sequence[str], now: datetime
) -> dict[str, tuple[int, datetime]]:
    """Per account: comments still unanswered, and when the oldest of them arrived."""
    if not account_ids:
        return {}
    q = (
        select(cm.account_id, func.count(), func.min(cm.created_at))
        # open comments are few: telling SQLite so makes it use the index on state instead of
        # walking every comment of the accounts (comments never lie in the future)
        .where(cm.account_id.in_(account_ids), rare(cm.state.in_(OPEN_STATES)), _open())
        .group_by(cm.account_id)
    )
    out = {}
    for a, n, oldest in session.execute(q):
        if isinstance(oldest, str):  # SQLite MIN() over a TypeDecorator may come back raw
            oldest = datetime.fromisoformat(oldest)
        out[a] = (int(n), oldest if oldest.tzinfo else oldest.replace(tzinfo=UTC))
    return out


def top_threads(
    session: Session,
    names: dict[str, str],
    start: datetime,
    end: datetime,
    limit: int = 3,
) -> list[Thread]:
    """The posts with most new comments in [start, end), with their link and latest comment."""
    if not names:
        return []
    n = func.count().label("n")
    q = (
        select(cm.account_id, cm.post_external_id, n, func.max(cm.id).label("latest"))
        .where(cm.account_id.in_(list(names)), cm.created_at >= start, cm.created_at < end)
        .where(visible(), cm.post_external_id.is_not(None))
        .group_by(cm.account_id, cm.post_external_id)
        .order_by(n.desc(), cm.post_external_id)
        .limit(limit)
    )
    rows = session.execute(q).all()
    if not rows:
        return []
    posts = posts_by_key(session, [(a, p) for a, p, _, _ in rows])
    latest = {
        r.id: r
        for r in session.execute(
            select(cm.id, cm.text, cm.author_name).where(cm.id.in_([r[3] for r in rows]))
        )
    }
    out = []
    for account_id, post_id, count, latest_id in rows:
        post = posts.get((account_id, post_id))
        last = latest.get(latest_id)
        out.append(
            Thread(
                account_name=names[account_id],
                comments=int(count),
                post_text=post.text if post else None,
                permalink=post.permalink if post else None,
                latest_text=last.text if last else None,
                latest_author=last.author_name if last else None,
            )
        )
    return out


def response_stats(
    session: Session,
    account_ids: Sequence[str],
    start: datetime,
    end: datetime,
    judge: ResponseJudge,
    now: datetime,
) -> tuple[dict[str, ResponseStats], ResponseStats, dict[str, int]]:
    """Response-time compliance per account and in total for comments created in [start, end),
    plus how many comments each account received."""
    if not account_ids:
        return {}, ResponseStats(), {}
    window = and_(cm.account_id.in_(account_ids), cm.created_at >= start, cm.created_at < end)
    needs = counts_for_response()
    q = select(
        cm.account_id, epoch(cm.created_at), epoch(cm.answered_at), case((needs, 1), else_=0)
    ).where(window, visible())
    # one pass gives the received counts and the response times; read in chunks, each turned
    # into arrays at once: tens of thousands of live row tuples would survive into the oldest
    # garbage-collector generation and trigger a full collection of the whole process heap
    received: Counter[str] = Counter()
    keys: list[str] = []
    created: list[np.ndarray] = []
    answered: list[np.ndarray] = []
    for chunk in session.execute(q).partitions(CHUNK):
        accounts, created_at, answered_at, need = zip(*chunk, strict=True)
        received.update(accounts)
        needed = np.fromiter(need, dtype=bool, count=len(need))
        keys.extend(compress(accounts, need))
        created.append(np.array(created_at, dtype=float)[needed])
        answered.append(np.array(answered_at, dtype=float)[needed])  # None (open) -> NaN
    if not received:
        return {}, ResponseStats(), {}
    # as of ``now``: an answer given after it is not known yet (a week's figure is computed as
    # of its first report, so every later message repeats it)
    done = np.concatenate(answered)
    done[done > now.timestamp()] = np.nan
    stats, total = judge.stats_grouped(keys, np.concatenate(created), done, now.timestamp())
    return stats, total, dict(received)


# --- periods --------------------------------------------------------------------------------


def period_stats(
    session: Session,
    account_ids: Sequence[str],
    first: date,
    last: date,
    judge: ResponseJudge,
    now: datetime,
    tz: Any,
    figs: dict[str, Figures],
) -> tuple[dict[str, PeriodStats], PeriodStats]:
    """Comments received and response compliance per account and in total, with the period's
    figures (``figs``, from :func:`bot.digest.figmap.figure_map`)."""

    start = datetime.combine(first, datetime.min.time(), tz).astimezone(UTC)
    end = datetime.combine(last + timedelta(days=1), datetime.min.time(), tz).astimezone(UTC)
    resp, total_resp, received = response_stats(session, account_ids, start, end, judge, now)
    per = {
        a: PeriodStats(first, last, figs.get(a), received.get(a, 0), resp.get(a, ResponseStats()))
        for a in account_ids
    }
    total = PeriodStats(
        first,
        last,
        add_figures(list(figs.values()), (last - first).days + 1),
        sum(received.values()),
        total_resp,
    )
    return per, total


__all__ = [
    "OPEN_STATES",
    "comment_counts",
    "daily_key",
    "daily_since",
    "open_counts",
    "period_stats",
    "response_stats",
    "top_threads",
]
