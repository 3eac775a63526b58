"""Reading Graph API answers: typed errors, usage headers, and normalised records (posts,
comments, daily snapshots), plus the fetch sequences ``meta_poll.poll_account`` runs.
Instagram records live in :mod:`bot.sources.meta.instagram` (re-exported here).

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

import json
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import httpx

from bot.sources.meta.instagram import _ig_change
from bot.sources.meta.instagram import ig_comment as ig_comment
from bot.sources.meta.instagram import ig_post as ig_post
from bot.sources.model import CommentEvent, NormComment, NormPost, NormSnapshot, Parsed, parse_time
from bot.store.models import Account

if TYPE_CHECKING:
    from bot.sources.meta.client import MetaClient

RATE_LIMIT_CODES = frozenset({4, 17, 32, 613, *range(80000, 80015)})
TRANSIENT_CODES = frozenset({1, 2})


class GraphError(Exception):
    """An error answer from the Graph API. ``kind`` is a stable key for messages and cursors."""

    kind = "graph_error"

    def __init__(
        self, message: str, *, code: int | None = None, subcode: int | None = None, status: int = 0
    ):
        super().__init__(message)
        self.message = message
        self.code = code
        self.subcode = subcode
        self.status = status


class TokenExpired(GraphError):
    kind = "token_expired"


class PermissionMissing(GraphError):
    kind = "permission_missing"


class DeprecatedMetric(GraphError):
    kind = "deprecated_metric"

    def __init__(self, message: str, *, metrics: tuple[str, ...] = (), **kw: Any):
        super().__init__(message, **kw)
        self.metrics = metrics


class RateLimited(GraphError):
    kind = "rate_limited"


class GraphUnavailable(GraphError):
    kind = "unavailable"


def classify_error(
    payload: dict[str, Any], status: int, metrics: tuple[str, ...] = ()
) -> GraphError:
    code = payload.get("code")
    code = int(code) if isinstance(code, int | str) and str(code).isdigit() else None
    subcode = payload.get("error_subcode")
    message = str(payload.get("message") or "Graph API error")[:300]
    kw: dict[str, Any] = {"code": code, "subcode": subcode, "status": status}
    if code == 190:
        return TokenExpired(message, **kw)
    if code == 10 or (code is not None and 200 <= code <= 299):
        return PermissionMissing(message, **kw)
    if code == 100 and "metric" in message.lower():
        return DeprecatedMetric(message, metrics=metrics, **kw)
    if code in RATE_LIMIT_CODES or status == 429:
        return RateLimited(message, **kw)
    if code in TRANSIENT_CODES or payload.get("is_transient") or status >= 500:
        return GraphUnavailable(message, **kw)
    return GraphError(message, **kw)


def usage_percent(headers: httpx.Headers) -> tuple[float, float]:
    """(highest usage %, seconds until access is regained) from the usage headers."""
    pct, regain = 0.0, 0.0
    for name in ("x-business-use-case-usage", "x-app-usage", "x-page-usage"):
        raw = headers.get(name)
        if not raw:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        entries: list[dict[str, Any]] = []
        if isinstance(data, dict) and "call_count" in data:
            entries = [data]
        elif isinstance(data, dict):
            for value in data.values():
                entries.extend(
                    v for v in (value if isinstance(value, list) else []) if isinstance(v, dict)
                )
        for e in entries:
            for key in ("call_count", "total_time", "total_cputime"):
                if isinstance(e.get(key), int | float):
                    pct = max(pct, float(e[key]))
            regain = max(regain, float(e.get("estimated_time_to_regain_access") or 0) * 60)
    return pct, regain


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


def fb_post(account_id: str, data: dict[str, Any]) -> NormPost | None:
    created = parse_time(data.get("created_time"))
    if not data.get("id") or created is None:
        return None
    return NormPost(
        account_id=account_id,
        external_id=str(data["id"]),
        created_at=created,
        text=data.get("message"),
        permalink=data.get("permalink_url"),
        kind=data.get("status_type"),
    )


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


# --- fetching (used by meta_poll.poll_account) -----------------------------------------


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


# --- webhook payloads (used by bot.sources.webhooks) ---------------------------------

_VERBS = {
    "add": "add",
    "edited": "edited",
    "edit": "edited",
    "remove": "remove",
    "delete": "remove",
    "hide": "hide",
    "unhide": "unhide",
}


def parse_meta(payload: dict[str, Any], now: datetime) -> Parsed:
    """Meta webhook JSON -> comments/events keyed by the *platform* account id."""
    out = Parsed()
    obj = payload.get("object")
    if obj not in ("page", "instagram"):
        out.skipped["unknown_object"] += 1
        return out
    platform = "facebook" if obj == "page" else "instagram"
    for entry in payload.get("entry") or []:
        if not isinstance(entry, dict) or not entry.get("id"):
            out.skipped["malformed"] += 1
            continue
        owner = str(entry["id"])
        for change in entry.get("changes") or []:
            value = change.get("value") if isinstance(change, dict) else None
            if not isinstance(value, dict):
                out.skipped["malformed"] += 1
                continue
            try:
                if platform == "facebook" and change.get("field") == "feed":
                    _feed_change(out, owner, value, now)
                elif platform == "instagram" and change.get("field") in (
                    "comments",
                    "live_comments",
                ):
                    _ig_change(out, owner, value, entry.get("time"), now)
                else:
                    out.skipped["unsupported_field"] += 1
            except (KeyError, TypeError, ValueError):
                out.skipped["malformed"] += 1
    return out


def _feed_change(out: Parsed, page: str, v: dict[str, Any], now: datetime) -> None:
    if v.get("item") != "comment":
        out.skipped["not_comment"] += 1
        return
    verb = _VERBS.get(str(v.get("verb")))
    if verb is None:
        out.skipped["unknown_verb"] += 1
        return
    cid, post_id = str(v["comment_id"]), v.get("post_id")
    author = v.get("from") or {}
    parent = v.get("parent_id")
    comment = NormComment(
        account_id=f"facebook:{page}",
        external_id=cid,
        post_external_id=str(post_id) if post_id else None,
        parent_external_id=str(parent) if parent and parent != post_id else None,
        text=v.get("message"),
        author_platform_id=str(author["id"]) if author.get("id") else None,
        author_name=author.get("name"),
        created_at=parse_time(v.get("created_time")) or now,
        permalink=(v.get("post") or {}).get("permalink_url"),
        is_hidden=verb == "hide",
        from_page=str(author.get("id")) == page,
    )
    if verb == "add":
        out.comments.append(comment)
    else:
        event = CommentEvent(comment.account_id, cid, verb, v.get("message"), comment)  # type: ignore[arg-type]
        out.events.append(event)
