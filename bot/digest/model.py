"""Plain data that the digest queries produce and the pure digest builders consume."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from bot.duty.model import DutySummary
from bot.metrics import ResponseStats, band, engagement_rate
from bot.plan.model import DeadlineLine
from bot.sources.model import METRIC_FIELDS, SpanFigures

# the stored snapshot columns that are summed over a period's days (followers is a count at the
# period's end), and the Figures field each fills
COLUMNS = tuple(f for f in METRIC_FIELDS if f != "followers")
_FIELD = {"interactions": "reported_interactions", "posts_published": "posts"}
SUMMED = tuple(_FIELD.get(c, c) for c in COLUMNS)


@dataclass(frozen=True)
class Figures(SpanFigures):
    """Metric figures of one account (or several) for a period of ``days`` days: sums over the
    days (the daily increments of ``new_follows`` too), and the followers at the end of the
    period. None = not reported by any source."""

    days: int
    days_with_data: int
    followers: int | None = None  # lifetime total at the period's end
    followers_change: int | None = None  # against the day before the period
    reported_interactions: int | None = None  # the platform's total when it gives no breakdown
    posts: int | None = None

    @property
    def interactions(self) -> int | None:
        """Reactions + comments + shares, or the platform's own total of them (None when none of
        them was reported)."""
        parts = [x for x in (self.reactions, self.comments, self.shares) if x is not None]
        if parts:
            return sum(parts)
        return self.reported_interactions

    @property
    def reported(self) -> bool:
        """Whether any figure is known (a platform with figures is never "not reported")."""
        return self.followers is not None or any(getattr(self, f) is not None for f in SUMMED)

    def rate(self, formula: str) -> float | None:
        return engagement_rate(
            formula,
            followers=self.followers,
            reach=self.reach,
            reactions=self.reactions,
            comments=self.comments,
            shares=self.shares,
            clicks=self.clicks,
            interactions=self.reported_interactions,
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
        **{name: total(name) for name in SUMMED},
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
class Audience:
    """Whom a weekly digest or a period report is for: one team's accounts (None: the whole
    organisation's), read in ``locale`` (None: the organisation's language)."""

    team_id: str | None = None
    locale: str | None = None


ORGANISATION = Audience()


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
class PlatformTrend:
    """One platform's weekly series (one value per week of :class:`Trend`; None = no figures)."""

    platform: str
    followers: tuple[int | None, ...]  # at each week's end
    interactions: tuple[int | None, ...]  # in each week
    rate: tuple[float | None, ...]  # engagement rate of each week (the configured formula)
    new_follows: tuple[int | None, ...] = ()  # gained in each week
    reach: tuple[int | None, ...] = ()  # in each week


@dataclass(frozen=True)
class Trend:
    """Weekly figures per platform for the chart: whatever platforms have figures."""

    weeks: tuple[date, ...] = ()
    platforms: tuple[PlatformTrend, ...] = ()

    def __len__(self) -> int:
        return len(self.weeks)


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
    trend: Trend = field(default_factory=Trend)


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
    trend: Trend = field(default_factory=Trend)
