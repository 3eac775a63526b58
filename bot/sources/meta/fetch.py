"""What one poll asks the Graph API for, Facebook Page or Instagram account: posts (media) and
their comments since the cursor, and - once a day - the account's daily insights and the
lifetime insights of its recent posts. Network only: nothing here touches the database (the
poll reads its plan before and stores the result after, :mod:`bot.sources.meta.poll`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from bot.sources.meta.client import MetaClient
from bot.sources.meta.facebook import fb_comment, fb_post, snapshots_from_insights
from bot.sources.meta.instagram import ig_comment, ig_post
from bot.sources.model import NormComment, NormPost, NormSnapshot

RECENT = timedelta(days=7)  # posts whose lifetime insights are fetched again each day
IG_TOTAL_DAYS = 3  # Instagram totals come per requested range: the last days, one by one
STORE_EVERY = 25  # posts: what a long (paced) poll found so far is stored, so alerts go out

# hands the posts and comments found so far to be stored (they are not returned again)
Flush = Callable[[list[NormPost], list[NormComment]], Awaitable[None]]


@dataclass(frozen=True)
class Target:
    """The account a poll is for (plain values: no database row travels over the network)."""

    account_id: str
    platform: str  # facebook | instagram
    external_id: str  # page id or Instagram user id


@dataclass
class Fetched:
    posts: list[NormPost] = field(default_factory=list)
    comments: list[NormComment] = field(default_factory=list)
    snapshots: list[NormSnapshot] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # metrics the API refused this time
    asked: set[str] = field(default_factory=set)  # insight metrics asked this time


async def fetch_comments(
    client: MetaClient,
    target: Target,
    since: datetime,
    posts_since: datetime,
    flush: Flush | None = None,
    every: int = STORE_EVERY,
) -> tuple[list[NormPost], list[NormComment]]:
    """The posts (media) since ``posts_since`` and their comments since ``since``. With
    ``flush``, every ``every`` posts what was found since the last flush is handed over to be
    stored; returns every post, and the comments not flushed."""
    instagram = target.platform == "instagram"
    aid, ext = target.account_id, target.external_id
    if instagram:
        listed = await client.ig_media(ext, posts_since)
    else:
        listed = await client.page_posts(ext, posts_since)
    posts: list[NormPost] = []
    comments: list[NormComment] = []
    pending: list[NormPost] = []
    for raw_post in listed:
        post = ig_post(aid, raw_post) if instagram else fb_post(aid, raw_post)
        if post is None:
            continue
        posts.append(post)
        pending.append(post)
        pid = post.external_id
        if instagram:
            if raw_post.get("comments_count", 1):  # none: no call
                for raw in await client.ig_comments(pid):
                    c = ig_comment(aid, ext, pid, raw)
                    if c is not None and c.created_at >= since:
                        comments.append(c)
        else:
            for raw in await client.post_comments(pid, since):
                c = fb_comment(aid, ext, pid, raw)
                if c is not None:
                    comments.append(c)
        if flush is not None and len(pending) >= every:
            await flush(pending, comments)
            pending, comments = [], []
    return posts, comments


async def fetch_insights(
    client: MetaClient,
    target: Target,
    first: date,
    last: date,
    posts: list[NormPost],
    skip: Collection[str] = (),
) -> tuple[list[NormSnapshot], list[str]]:
    """Daily figures for first..last and the lifetime figures of ``posts``; metrics in
    ``skip`` (refused before) are not asked. Returns (snapshots, metrics refused now)."""
    snaps: list[NormSnapshot] = []
    refused: list[str] = []
    aid = target.account_id
    instagram = target.platform == "instagram"
    if instagram:
        day = max(first, last - timedelta(days=IG_TOTAL_DAYS - 1))
        while day <= last:
            data, bad = await client.ig_insights(
                target.external_id, day, day + timedelta(days=1), skip
            )
            snaps += snapshots_from_insights(aid, data, source="graph", day=day)
            refused += bad
            day += timedelta(days=1)
        info = await client.ig_account(target.external_id)
        if isinstance(info.get("followers_count"), int):
            snaps.append(NormSnapshot(aid, last, followers=info["followers_count"], source="graph"))
    else:
        data, bad = await client.page_insights(
            target.external_id, first, last + timedelta(days=1), skip
        )
        snaps += snapshots_from_insights(aid, data, source="graph")
        refused += bad
    per_post = client.ig_media_insights if instagram else client.post_insights
    for post in posts:  # a metric refused for one post is not asked for the next
        data, bad = await per_post(post.external_id, {*skip, *refused})
        snaps += snapshots_from_insights(
            aid,
            data,
            source="graph",
            post_external_id=post.external_id,
            day=post.created_at.date(),
        )
        refused += bad
    return snaps, sorted(set(refused))


async def fetch(
    client: MetaClient,
    target: Target,
    *,
    since: datetime,
    posts_since: datetime,
    insights: tuple[date, date] | None,
    now: datetime,
    skip: Collection[str] = (),
    flush: Flush | None = None,
) -> Fetched:
    """Everything one poll asks for (raises :class:`~bot.sources.meta.errors.GraphError`);
    ``flush`` stores what is found on the way (see :func:`fetch_comments`)."""
    posts, comments = await fetch_comments(client, target, since, posts_since, flush)
    out = Fetched(posts=posts, comments=comments)
    if insights is not None:
        recent = [p for p in posts if p.created_at >= now - RECENT]
        client.asked.clear()
        out.snapshots, out.refused = await fetch_insights(
            client, target, insights[0], insights[1], recent, skip
        )
        out.asked = set(client.asked)
    return out
