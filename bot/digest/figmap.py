"""The one figure map: per account, per platform and per week, from the stored daily figures.

Every digest, report and the chart reads its figures from here, so a figure that is stored
reaches every message. An account's figure for a period is the sum of its account-level daily
values; where a source gives no account-level value for that figure (an Instagram post export,
the LinkedIn "All posts" sheet), it is the sum over the account's per-post figures instead. So
Instagram reach and interactions from a post export show up in the daily digest and the
quarterly report, not only in the weekly top posts. Followers are a count (the last one in the
period), never a sum; daily new follows are summed like every other figure.

Pure: the rows come from :mod:`bot.digest.figures`; no I/O, no clock.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from bot.digest.model import SUMMED, Figures, PlatformTrend, Trend, add_figures

PLATFORMS = ("facebook", "instagram", "linkedin", "youtube", "x", "other")

Values = tuple[int | None, ...]  # one value per COLUMNS entry (bot.digest.model)


@dataclass
class AccountDays:
    """One account's stored figures by day: account-level rows, the sums of its per-post rows,
    and how many of its posts were published each (local) day."""

    platform: str
    followers: dict[date, int] = field(default_factory=dict)
    own: dict[date, Values] = field(default_factory=dict)
    posts: dict[date, Values] = field(default_factory=dict)
    published: dict[date, int] = field(default_factory=dict)


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _sums(rows: Mapping[date, Values], days: Sequence[date]) -> list[int | None]:
    """Per figure: the sum over ``days`` (None when no day has a value)."""
    out: list[int | None] = [None] * len(SUMMED)
    for d in days:
        values = rows.get(d)
        if values is None:
            continue
        for i, x in enumerate(values):
            if x is not None:
                total = out[i]
                out[i] = x if total is None else total + x
    return out


def account_figures(acc: AccountDays, first: date, last: date) -> Figures | None:
    """The account's figures for the days first..last (None: nothing stored for them)."""
    days = _days(first, last)
    with_data = [d for d in days if d in acc.own or d in acc.posts or d in acc.followers]
    if not with_data:
        return None
    known = [d for d in days if d in acc.followers]
    followers = acc.followers[known[-1]] if known else None
    before = acc.followers.get(first - timedelta(days=1))
    change = followers - before if followers is not None and before is not None else None
    own, posts = _sums(acc.own, days), _sums(acc.posts, days)
    sums = {name: own[i] if own[i] is not None else posts[i] for i, name in enumerate(SUMMED)}
    if sums["posts"] is None and acc.published:  # posts stored, though no source counted them
        sums["posts"] = sum(acc.published.get(d, 0) for d in days)
    return Figures(
        days=len(days),
        days_with_data=len(with_data),
        followers=followers,
        followers_change=change,
        **sums,
    )


def figure_map(table: Mapping[str, AccountDays], first: date, last: date) -> dict[str, Figures]:
    """Per account id: the figures for first..last (accounts without any are left out)."""
    out = {}
    for account_id, acc in table.items():
        fig = account_figures(acc, first, last)
        if fig is not None:
            out[account_id] = fig
    return out


def platform_figures(
    table: Mapping[str, AccountDays], figures: Mapping[str, Figures], days: int
) -> dict[str, Figures]:
    """Per platform (in :data:`PLATFORMS` order): the total of its accounts' figures."""
    out = {}
    for platform in PLATFORMS:
        items = [f for a, f in figures.items() if a in table and table[a].platform == platform]
        total = add_figures(items, days)
        if total is not None and total.reported:
            out[platform] = total
    return out


def trend(
    table: Mapping[str, AccountDays], last_week_start: date, weeks: int, formula: str
) -> Trend:
    """``weeks`` 7-day periods, the last starting on ``last_week_start``: per platform that has
    figures, followers at each week's end, interactions and the engagement rate in each week."""
    starts = tuple(last_week_start - timedelta(weeks=weeks - 1 - i) for i in range(weeks))
    per_week = [
        platform_figures(table, figure_map(table, ws, ws + timedelta(days=6)), 7) for ws in starts
    ]
    series = []
    for platform in PLATFORMS:
        figs = [w.get(platform) for w in per_week]
        if not any(f is not None for f in figs):
            continue
        series.append(
            PlatformTrend(
                platform=platform,
                followers=tuple(f.followers if f else None for f in figs),
                interactions=tuple(f.interactions if f else None for f in figs),
                rate=tuple(f.rate(formula) if f else None for f in figs),
                new_follows=tuple(f.new_follows if f else None for f in figs),
                reach=tuple(f.reach if f else None for f in figs),
            )
        )
    return Trend(weeks=starts, platforms=tuple(series))
