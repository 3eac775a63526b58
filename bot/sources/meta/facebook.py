"""Facebook Pages from the Graph API: normalised records (posts, comments, daily snapshots).
Instagram records live in :mod:`bot.sources.meta.instagram`, the webhook payloads in
:mod:`bot.sources.meta.webhook`, the fetch sequences in :mod:`bot.sources.meta.fetch`.

Metric names are the current ones; retired names (``page_impressions_unique``, ``page_fans``,
``page_engaged_users``, Instagram ``impressions``) are never asked for.

=================================  ===========================================================
Graph metric                       snapshot figure
=================================  ===========================================================
page_follows                       followers (the page's total on that day)
page_daily_follows_unique          new_follows (follows gained that day)
page_total_media_view_unique       reach
page_media_view                    views
page_post_engagements              interactions (the page's total, no breakdown)
post_total_media_view_unique       reach (per post, lifetime)
post_media_view                    views (per post, lifetime)
post_reactions_by_type_total       reactions (sum over the reaction types)
post_clicks                        clicks
IG reach (day)                     reach
IG follower_count (day)            new_follows (new followers that day); ``followers_count``
                                   from the account node is stored as followers
IG views/likes/comments/shares     views / reactions / comments / shares (total_value per day)
IG saves; media saved              saves
IG replies                         not stored (replies to stories)
=================================  ===========================================================
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from bot.sources.model import NormComment, NormPost, NormSnapshot, PostFields, norm_post, parse_time

METRIC_MAP: dict[str, str | None] = {
    "page_follows": "followers",
    "page_daily_follows_unique": "new_follows",
    "page_total_media_view_unique": "reach",
    "page_media_view": "views",
    "page_post_engagements": "interactions",
    "post_total_media_view_unique": "reach",
    "post_media_view": "views",
    "post_reactions_by_type_total": "reactions",
    "post_clicks": "clicks",
    "reach": "reach",
    "follower_count": "new_follows",
    "views": "views",
    "likes": "reactions",
    "comments": "comments",
    "shares": "shares",
    "saves": "saves",
    "saved": "saves",
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
