"""Plain data that the digest queries produce and the pure digest builders consume."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from bot.duty.model import DutySummary
from bot.metrics import ResponseStats, band, engagement_rate
from bot.plan.model import DeadlineLine


@dataclass(frozen=True)
class Figures:
    """Account-level metric figures for a period of ``days`` days (sums; followers at the end)."""

    days: int
    days_with_data: int
    followers: int | None = None
    followers_change: int | None = None  # against the day before the period
    reach: int | None = None
    reactions: int | None = None
    comments: int | None = None
    shares: int | None = None
    clicks: int | None = None
    posts: int | None = None

    @property
    def interactions(self) -> int | None:
        """Reactions + comments + shares (None when none of them was reported)."""
        parts = [x for x in (self.reactions, self.comments, self.shares) if x is not None]
        return sum(parts) if parts else None

    def rate(self, formula: str) -> float | None:
        return engagement_rate(
            formula,
            followers=self.followers,
            reach=self.reach,
            reactions=self.reactions,
            comments=self.comments,
            shares=self.shares,
            clicks=self.clicks,
            days=self.days,
        )


def add_figures(items: list[Figures], days: int) -> Figures | None:
    """The total of several accounts' figures for the same period (None if none has data)."""
    items = [f for f in items if f.days_with_data]
    if not items:
        return None

    def total(name: str) -> int | None:
        vals = [getattr(f, name) for f in items if getattr(f, name) is not None]
        return sum(vals) if vals else None

    return Figures(
        days=days,
        days_with_data=max(f.days_with_data for f in items),
        followers=total("followers"),
        followers_change=total("followers_change"),
        reach=total("reach"),
        reactions=total("reactions"),
        comments=total("comments"),
        shares=total("shares"),
        clicks=total("clicks"),
        posts=total("posts"),
    )


@dataclass(frozen=True)
class CommentCounts:
    new: int = 0
    unanswered: int = 0
    oldest_unanswered: datetime | None = None
    oldest_deadline: datetime | None = None  # when the oldest unanswered one is due
    personal_data: int = 0
    hate: int = 0


@dataclass(frozen=True)
class Thread:
    """A post with many new comments since the last digest."""

    account_name: str
    comments: int
    post_text: str | None
    permalink: str | None
    latest_text: str | None = None
    latest_author: str | None = None


@dataclass(frozen=True)
class AccountDaily:
    account_id: str
    name: str
    platform: str
    comments: CommentCounts
    figures: Figures | None  # since the last digest (None: no figures at all)
    week: Figures | None  # the last 7 days, for the engagement rate


@dataclass(frozen=True)
class Engagement:
    formula: str
    target: tuple[float, float]

    def judge(self, figures: Figures | None) -> tuple[float | None, str | None]:
        rate = figures.rate(self.formula) if figures else None
        return rate, band(rate, self.target)


@dataclass(frozen=True)
class DailyData:
    team_id: str
    team_name: str
    locale: str
    tz: str
    now: datetime
    since: datetime  # comments created in [since, now)
    first: date  # figures for the days first..last
    last: date
    engagement: Engagement
    response_rule: str
    accounts: tuple[AccountDaily, ...] = ()
    threads: tuple[Thread, ...] = ()
    duty: DutySummary | None = None
    deadlines: tuple[DeadlineLine, ...] = ()
    show_author_names: bool = False
    total_comments: CommentCounts = field(default_factory=CommentCounts)


@dataclass(frozen=True)
class PeriodStats:
    """One account's (or the total's) figures for a period: a week, a quarter, a half-year."""

    first: date
    last: date
    figures: Figures | None
    comments: int = 0
    response: ResponseStats = field(default_factory=ResponseStats)


@dataclass(frozen=True)
class AccountWeeks:
    account_id: str  # "" for the total
    name: str
    this: PeriodStats
    last: PeriodStats
    quarter_ago: PeriodStats


@dataclass(frozen=True)
class TopPost:
    account_name: str
    text: str | None
    permalink: str | None
    interactions: int | None  # None when the platform gave no per-post figures
    comments: int


@dataclass(frozen=True)
class TrendPoint:
    week_start: date
    followers: int | None
    rate: float | None


@dataclass(frozen=True)
class WeeklyData:
    scope_name: str  # the organisation (manager digest) or a team
    locale: str
    tz: str
    now: datetime
    engagement: Engagement
    response_rule: str
    total: AccountWeeks
    accounts: tuple[AccountWeeks, ...] = ()
    top_posts: tuple[TopPost, ...] = ()
    duty: DutySummary | None = None
    deadlines: tuple[DeadlineLine, ...] = ()
    trend: tuple[TrendPoint, ...] = ()


@dataclass(frozen=True)
class AccountPeriod:
    account_id: str
    name: str
    stats: PeriodStats


@dataclass(frozen=True)
class ReportData:
    period: str  # "2026-Q3", "2026-H1"
    scope_name: str
    locale: str
    tz: str
    engagement: Engagement
    response_rule: str
    total: PeriodStats
    accounts: tuple[AccountPeriod, ...] = ()
    trend: tuple[TrendPoint, ...] = ()
