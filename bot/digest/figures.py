"""Metric snapshots for digests and reports: the stored daily figures of a set of accounts (for
:mod:`bot.digest.figmap`, which turns them into per-account, per-platform and weekly figures)
and the top posts (SQLAlchemy Core, GROUP BY in the database).

Used by :mod:`bot.digest.queries` and :mod:`bot.digest.collect`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import String, and_, func, or_, select, type_coerce
from sqlalchemy.orm import Session

from bot.digest.figmap import AccountDays
from bot.digest.model import COLUMNS, TopPost
from bot.store.models import Comment, MetricSnapshot, Post

ms, cm = MetricSnapshot.__table__.c, Comment.__table__.c


def visible() -> Any:
    """Comments by others, not deleted (also used by :mod:`bot.digest.queries`)."""
    return and_(cm.from_page.is_(False), cm.deleted.is_(False))


def posts_by_key(session: Session, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], Any]:
    """Text and permalink of posts by (account id, external id), in one query."""
    pc = Post.__table__.c
    return {
        (r.account_id, r.external_id): r
        for r in session.execute(
            select(pc.account_id, pc.external_id, pc.text, pc.permalink).where(
                or_(*[and_(pc.account_id == a, pc.external_id == p) for a, p in keys])
            )
        )
    }


def load_days(
    session: Session, platforms: Mapping[str, str], first: date, last: date, tz: Any
) -> dict[str, AccountDays]:
    """The stored figures of the accounts (id -> platform) for the days first..last, for
    :mod:`bot.digest.figmap`: account-level rows, per-post rows summed by day (one GROUP BY in
    the database), and the posts published each local day (``tz``: the organisation's zone)."""
    table = {a: AccountDays(platform=p) for a, p in platforms.items()}
    if not table:
        return table
    ids = list(table)
    cols = [ms[c] for c in COLUMNS]
    # the day as the driver gives it (SQLite: ISO text, read by date.fromisoformat in _day):
    # SQLAlchemy's own date parsing costs more than the rest of the query
    day_text = type_coerce(ms.day, String)
    own = select(ms.account_id, day_text, ms.followers, *cols).where(
        ms.account_id.in_(ids), ms.post_external_id == "", ms.day >= first, ms.day <= last
    )
    counted = set()  # accounts that report how many posts they published
    posts_col = COLUMNS.index("posts_published")
    for account_id, day, followers, *values in session.execute(own):
        acc, d = table[account_id], _day(day)
        if followers is not None:
            acc.followers[d] = followers
        if any(v is not None for v in values):
            acc.own[d] = tuple(values)
            if values[posts_col] is not None:
                counted.add(account_id)
    per_post = (
        select(ms.account_id, day_text, *[func.sum(c) for c in cols])
        .where(ms.account_id.in_(ids), ms.post_external_id > "")  # range scan, not !=
        .where(ms.day >= first, ms.day <= last)
        .group_by(ms.account_id, ms.day)
    )
    for account_id, day, *values in session.execute(per_post):
        if any(v is not None for v in values):  # SUM() of BIGINT: Decimal on PostgreSQL
            table[account_id].posts[_day(day)] = tuple(
                None if v is None else int(v) for v in values
            )
    uncounted = [a for a in ids if a not in counted]
    if not uncounted:
        return table
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    start = datetime.combine(first, time(0), zone).astimezone(UTC)
    end = datetime.combine(last + timedelta(days=1), time(0), zone).astimezone(UTC)
    pc = Post.__table__.c
    stored = select(pc.account_id, pc.created_at).where(  # only where no source counted
        pc.account_id.in_(uncounted), pc.created_at >= start, pc.created_at < end
    )
    for account_id, created in session.execute(stored):
        if isinstance(created, str):  # SQLite may hand a raw value back
            created = datetime.fromisoformat(created)
        when = created if created.tzinfo else created.replace(tzinfo=UTC)
        d = when.astimezone(zone).date()
        published = table[account_id].published
        published[d] = published.get(d, 0) + 1
    return table


def _day(value: Any) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


def top_posts(
    session: Session, names: dict[str, str], first: date, last: date, limit: int = 3
) -> list[TopPost]:
    """Posts with most interactions in the period (per-post figures), else most comments."""
    if not names:
        return []
    inter = func.sum(
        func.coalesce(ms.reactions, 0) + func.coalesce(ms.comments, 0) + func.coalesce(ms.shares, 0)
    ).label("inter")
    q = (
        select(ms.account_id, ms.post_external_id, inter, func.sum(ms.comments))
        .where(ms.account_id.in_(list(names)), ms.post_external_id > "")  # range scan, not !=
        .where(ms.day >= first, ms.day <= last)
        .group_by(ms.account_id, ms.post_external_id)
        .order_by(inter.desc(), ms.post_external_id)
        .limit(limit)
    )
    ranked: list[tuple[str, str, int | None, int]] = [
        (a, p, int(i or 0), int(c or 0)) for a, p, i, c in session.execute(q)
    ]
    if not ranked:
        start = datetime.combine(first, datetime.min.time(), UTC) - timedelta(hours=2)
        end = datetime.combine(last + timedelta(days=1), datetime.min.time(), UTC)
        n = func.count().label("n")
        q2 = (
            select(cm.account_id, cm.post_external_id, n)
            .where(cm.account_id.in_(list(names)), cm.created_at >= start, cm.created_at < end)
            .where(visible(), cm.post_external_id.is_not(None))
            .group_by(cm.account_id, cm.post_external_id)
            .order_by(n.desc(), cm.post_external_id)
            .limit(limit)
        )
        ranked = [(a, p, None, int(c)) for a, p, c in session.execute(q2)]
    if not ranked:
        return []
    posts = posts_by_key(session, [(a, p) for a, p, _, _ in ranked])
    out = []
    for a, p, i, c in ranked:
        post = posts.get((a, p))
        out.append(
            TopPost(names[a], post.text if post else None, post.permalink if post else None, i, c)
        )
    return out


__all__ = ["load_days", "posts_by_key", "top_posts", "visible"]
