"""Facebook Pages from the Graph API: normalised records (posts, comments, daily snapshots) and
the fetch sequences :func:`bot.sources.meta.poll.poll_account` runs. Instagram records live in
:mod:`bot.sources.meta.instagram`, the webhook payloads in :mod:`bot.sources.meta.webhook`.

Metric names are the current ones; deprecated names (``page_impressions_unique``, ``page_fans``,
``page_engaged_users``, Instagram ``impressions``) are never asked for.

=================================  ===========================================================
Graph metric                       snapshot figure
=================================  ===========================================================
page_follows                       followers (page total on that day)
page_total_media_view_unique       reach
page_media_view                    views
page_post_engagements              (fetched, no column to store it: engagement is computed
                                   from reactions + comments + shares)
post_total_media_view_unique       reach (per post, lifetime)
post_reactions_by_type_total       reactions (sum over the reaction types)
post_clicks                        clicks
IG reach (day)                     reach
IG follower_count (day)            not stored: it counts *new* followers; ``followers_count``
                                   from the account node is stored as followers
IG views/likes/comments/shares     views / reactions / comments / shares (total_value per day)
IG saves, replies                  not stored (no column)
=================================  ===========================================================
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from bot.sources.meta.client import MetaClient
from bot.sources.meta.instagram import ig_comment, ig_post
from bot.sources.model import NormComment, NormPost, NormSnapshot, PostFields, norm_post, parse_time
from bot.store.models import Account

METRIC_MAP: dict[str, str | None] = {
    "page_follows": "followers",
    "page_total_media_view_unique": "reach",
    "page_media_view": "views",
    "page_post_engagements": None,
    "post_total_media_view_unique": "reach",
    "post_reactions_by_type_total": "reactions",
    "post_clicks": "clicks",
    "reach": "reach",
    "follower_count": None,
    "views": "views",
    "likes": "reactions",
    "comments": "comments",
    "shares": "shares",
    "saves": None,
    "replies": None,
}


def _number(value: Any) -> int | None:
    """A metric value: a number, or a breakdown dict (reactions by type) summed."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return int(value)
    if isinstance(value, dict):
        parts = [_number(v) for v in value.values()]
        known = [p for p in parts if p is not None]
        return sum(known) if known else None
    return None


def series_day(end_time: str) -> date:
    """The day a daily value belongs to: Graph reports it with the *end* of that day."""
    end = parse_time(end_time)
    if end is None:
        raise ValueError("missing end_time")
    return (end - timedelta(days=1)).date()


def snapshots_from_insights(
    account_id: str,
    data: list[dict[str, Any]],
    *,
    source: str,
    post_external_id: str = "",
    day: date | None = None,
) -> list[NormSnapshot]:
    """Daily series become one snapshot per day; lifetime/total values go on ``day``."""
    by_day: dict[date, dict[str, int]] = {}
    for series in data:
        figure = METRIC_MAP.get(str(series.get("name")))
        if figure is None:
            continue
        total = series.get("total_value")
        if isinstance(total, dict) and day is not None:
            value = _number(total.get("value"))
            if value is not None:
                by_day.setdefault(day, {})[figure] = value
            continue
        for point in series.get("values") or []:
            value = _number(point.get("value"))
            if value is None:
                continue
            when = day if series.get("period") == "lifetime" or "end_time" not in point else None
            d = when or series_day(str(point["end_time"]))
            by_day.setdefault(d, {})[figure] = value
    return [
        NormSnapshot(
            account_id=account_id, day=d, post_external_id=post_external_id, source=source, **f
        )
        for d, f in sorted(by_day.items())
    ]


FB_POST = PostFields(
    created="created_time", text="message", permalink="permalink_url", kind="status_type"
)


def fb_post(account_id: str, data: dict[str, Any]) -> NormPost | None:
    return norm_post(account_id, data, FB_POST)


def fb_comment(
    account_id: str, page_id: str, post_id: str, data: dict[str, Any]
) -> NormComment | None:
    created = parse_time(data.get("created_time"))
    if not data.get("id") or created is None:
        return None
    author = data.get("from") or {}
    parent = data.get("parent") or {}
    return NormComment(
        account_id=account_id,
        external_id=str(data["id"]),
        post_external_id=post_id,
        parent_external_id=str(parent["id"]) if parent.get("id") else None,
        text=data.get("message"),
        author_platform_id=str(author["id"]) if author.get("id") else None,
        author_name=author.get("name"),
        created_at=created,
        permalink=data.get("permalink_url"),
        is_hidden=bool(data.get("is_hidden", False)),
        from_page=str(author.get("id")) == str(page_id),
    )


# --- fetching (used by bot.sources.meta.poll) -----------------------------------------


async def fetch_comments(
    client: MetaClient, account: Account, since: datetime, posts_since: datetime
) -> tuple[list[NormPost], list[NormComment]]:
    posts: list[NormPost] = []
    comments: list[NormComment] = []
    if account.platform == "instagram":
        for media in await client.ig_media(account.external_id, posts_since):
            post = ig_post(account.id, media)
            if post is None:
                continue
            posts.append(post)
            for raw in await client.ig_comments(post.external_id):
                c = ig_comment(account.id, account.external_id, post.external_id, raw)
                if c is not None and c.created_at >= since:
                    comments.append(c)
        return posts, comments
    for raw_post in await client.page_posts(account.external_id, posts_since):
        post = fb_post(account.id, raw_post)
        if post is None:
            continue
        posts.append(post)
        for raw in await client.post_comments(post.external_id, since):
            c = fb_comment(account.id, account.external_id, post.external_id, raw)
            if c is not None:
                comments.append(c)
    return posts, comments


async def fetch_insights(
    client: MetaClient, account: Account, first: date, last: date, posts: list[NormPost]
) -> tuple[list[NormSnapshot], list[str]]:
    snaps: list[NormSnapshot] = []
    deprecated: list[str] = []
    if account.platform == "instagram":
        day = max(first, last - timedelta(days=2))  # totals come per requested range: day by day
        while day <= last:
            data, bad = await client.ig_insights(account.external_id, day, day + timedelta(days=1))
            snaps += snapshots_from_insights(account.id, data, source="graph", day=day)
            deprecated += bad
            day += timedelta(days=1)
        info = await client.ig_account(account.external_id)
        if isinstance(info.get("followers_count"), int):
            snaps.append(
                NormSnapshot(account.id, last, followers=info["followers_count"], source="graph")
            )
        return snaps, sorted(set(deprecated))
    data, bad = await client.page_insights(account.external_id, first, last + timedelta(days=1))
    snaps += snapshots_from_insights(account.id, data, source="graph")
    deprecated += bad
    for post in posts:
        data, bad = await client.post_insights(post.external_id)
        snaps += snapshots_from_insights(
            account.id,
            data,
            source="graph",
            post_external_id=post.external_id,
            day=post.created_at.date(),
        )
        deprecated += bad
    return snaps, sorted(set(deprecated))
