"""What one poll asks the Graph API for, Facebook Page or Instagram account: posts (media) and
their comments since the cursor, and - once a day - the account's daily insights and the
lifetime insights of its recent posts. Network only: nothing here touches the database (the
poll reads its plan before and stores the result after, :mod:`bot.sources.meta.poll`).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from bot.sources.meta.client import MetaClient
from bot.sources.meta.facebook import fb_comment, fb_post, snapshots_from_insights
from bot.sources.meta.instagram import ig_comment, ig_post
from bot.sources.model import NormComment, NormPost, NormSnapshot

RECENT = timedelta(days=7)  # posts whose lifetime insights are fetched again each day
IG_TOTAL_DAYS = 3  # Instagram totals come per requested range: the last days, one by one


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
    client: MetaClient, target: Target, since: datetime, posts_since: datetime
) -> tuple[list[NormPost], list[NormComment]]:
    posts: list[NormPost] = []
    comments: list[NormComment] = []
    if target.platform == "instagram":
        for media in await client.ig_media(target.external_id, posts_since):
            post = ig_post(target.account_id, media)
            if post is None:
                continue
            posts.append(post)
            if not media.get("comments_count", 1):
                continue  # Instagram says there are none: no call
            for raw in await client.ig_comments(post.external_id):
                c = ig_comment(target.account_id, target.external_id, post.external_id, raw)
                if c is not None and c.created_at >= since:
                    comments.append(c)
        return posts, comments
    for raw_post in await client.page_posts(target.external_id, posts_since):
        post = fb_post(target.account_id, raw_post)
        if post is None:
            continue
        posts.append(post)
        for raw in await client.post_comments(post.external_id, since):
            c = fb_comment(target.account_id, target.external_id, post.external_id, raw)
            if c is not None:
                comments.append(c)
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
    for post in posts:
        data, bad = await per_post(post.external_id, skip)
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
) -> Fetched:
    """Everything one poll asks for (raises :class:`~bot.sources.meta.errors.GraphError`)."""
    posts, comments = await fetch_comments(client, target, since, posts_since)
    out = Fetched(posts=posts, comments=comments)
    if insights is not None:
        recent = [p for p in posts if p.created_at >= now - RECENT]
        client.asked.clear()
        out.snapshots, out.refused = await fetch_insights(
            client, target, insights[0], insights[1], recent, skip
        )
        out.asked = set(client.asked)
    return out
