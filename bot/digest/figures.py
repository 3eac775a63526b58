"""Metric-snapshot aggregates for digests and reports: per-account figures over a period, the
weekly follower/engagement trend and the top posts (SQLAlchemy Core, GROUP BY in the database).

Used by :mod:`bot.digest.queries` and :mod:`bot.digest.collect`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from bot.digest.model import Figures, TopPost, TrendPoint
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


def figures(
    session: Session, account_ids: Sequence[str], first: date, last: date
) -> dict[str, Figures]:
    """Per account: sums over the days first..last, followers at the end and their change.

    One indexed range scan over the day before ``first`` through ``last``: the day before only
    gives the followers to compare with. Followers "at the end" are those of the last day in the
    period that has a follower count; only when that is not ``last`` itself (a gap in the data)
    is a second, exact look-up needed.
    """
    if not account_ids:
        return {}
    days = (last - first).days + 1
    before = first - timedelta(days=1)
    base = and_(ms.account_id.in_(account_ids), ms.post_external_id == "")
    inside = ms.day >= first

    def in_period(col: Any) -> Any:
        return func.sum(case((inside, col)))

    q = (
        select(
            ms.account_id,
            func.count(case((inside, 1))),
            in_period(ms.reach),
            in_period(ms.reactions),
            in_period(ms.comments),
            in_period(ms.shares),
            in_period(ms.clicks),
            in_period(ms.posts_published),
            func.max(case((and_(inside, ms.followers.is_not(None)), ms.day))),
            func.max(case((ms.day == last, ms.followers))),
            func.max(case((ms.day == before, ms.followers))),
        )
        .where(base, ms.day >= before, ms.day <= last)
        .group_by(ms.account_id)
    )
    rows = [r for r in session.execute(q) if r[1]]  # accounts with data in the period
    end_followers: dict[str, int | None] = {}
    gaps: list[tuple[str, date]] = []
    for r in rows:
        fday = date.fromisoformat(r[8]) if isinstance(r[8], str) else r[8]
        if fday is None or fday == last:
            end_followers[r[0]] = None if r[9] is None else int(r[9])
        else:
            gaps.append((r[0], fday))
    if gaps:
        found = {
            (a, d if isinstance(d, date) else date.fromisoformat(d)): int(f)
            for a, d, f in session.execute(
                select(ms.account_id, ms.day, ms.followers).where(
                    ms.post_external_id == "",
                    or_(*[and_(ms.account_id == a, ms.day == d) for a, d in gaps]),
                )
            )
        }
        end_followers.update({a: found.get((a, d)) for a, d in gaps})

    def num(x: Any) -> int | None:
        return None if x is None else int(x)

    out: dict[str, Figures] = {}
    for a, n, reach, reactions, comments, shares, clicks, posts, _, _, f_before in rows:
        end_f = end_followers.get(a)
        change = end_f - int(f_before) if end_f is not None and f_before is not None else None
        out[a] = Figures(
            days=days,
            days_with_data=int(n),
            followers=end_f,
            followers_change=change,
            reach=num(reach),
            reactions=num(reactions),
            comments=num(comments),
            shares=num(shares),
            clicks=num(clicks),
            posts=num(posts),
        )
    return out


def trend(
    session: Session, account_ids: Sequence[str], last_week_start: date, formula: str, weeks: int
) -> tuple[TrendPoint, ...]:
    """Total followers (at each week's end) and engagement rate for ``weeks`` 7-day periods,
    the last one starting on ``last_week_start``."""
    if not account_ids:
        return ()
    first = last_week_start - timedelta(weeks=weeks - 1)
    end = last_week_start + timedelta(days=6)
    q = (
        select(
            ms.day,
            func.sum(ms.followers),
            func.sum(ms.reach),
            func.sum(ms.reactions),
            func.sum(ms.comments),
            func.sum(ms.shares),
            func.sum(ms.clicks),
        )
        .where(ms.account_id.in_(account_ids), ms.post_external_id == "")
        .where(ms.day >= first, ms.day <= end)
        .group_by(ms.day)
    )
    by_week: dict[date, list[Any]] = {}
    for day, *vals in session.execute(q):
        if isinstance(day, str):
            day = date.fromisoformat(day)
        start = first + timedelta(weeks=(day - first).days // 7)
        by_week.setdefault(start, []).append((day, vals))
    points = []
    for i in range(weeks):
        ws = first + timedelta(weeks=i)
        rows = sorted(by_week.get(ws, []), key=lambda r: r[0])
        if not rows:
            points.append(TrendPoint(ws, None, None))
            continue

        def total(j: int, rows: list[Any] = rows) -> int | None:
            vals = [r[1][j] for r in rows if r[1][j] is not None]
            return int(sum(vals)) if vals else None

        fol = next((int(r[1][0]) for r in reversed(rows) if r[1][0] is not None), None)
        fig = Figures(7, len(rows), fol, None, total(1), total(2), total(3), total(4), total(5))
        points.append(TrendPoint(ws, fol, fig.rate(formula)))
    return tuple(points)


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


__all__ = ["figures", "top_posts", "trend"]
