"""Collect the plain data for a daily digest, a weekly digest or a period report from the database
(the queries live in bot.digest.queries; duty from bot.duty.store, deadlines from
bot.plan.store)."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.app import App
from bot.config import AccountCfg, Config, parse_time
from bot.dateparse import ReportPeriod
from bot.digest.figmap import figure_map, trend
from bot.digest.figures import load_days, top_posts
from bot.digest.model import (
    ORGANISATION,
    AccountDaily,
    AccountPeriod,
    AccountWeeks,
    Audience,
    CommentCounts,
    DailyData,
    Engagement,
    PeriodStats,
    ReportData,
    WeeklyData,
)
from bot.digest.queries import (
    comment_counts,
    daily_since,
    open_counts,
    period_stats,
    top_threads,
)
from bot.duty.model import DutySummary
from bot.duty.store import duty_summary
from bot.i18n import normalise_locale
from bot.metrics import ResponseJudge, schedule_from_config
from bot.plan.model import DeadlineLine
from bot.plan.store import upcoming_deadlines

TREND_WEEKS = 12
OVERDUE_DAYS = 365  # the weekly digest lists open plan items overdue for up to a year
log = logging.getLogger("vaktbot.digest")


def _duty(app: App, session: Session, now: datetime) -> DutySummary | None:
    """Who is on duty; a failing duty provider must not stop the digest (logged, shown as
    "not configured")."""
    try:
        return duty_summary(app, session, now)
    except Exception:
        log.exception("duty summary failed; digest shows none")
        return None


def _deadlines(
    app: App,
    session: Session,
    today: date,
    days: int,
    team_id: str | None,
    overdue_days: int = 0,
) -> tuple[DeadlineLine, ...]:
    try:
        found = upcoming_deadlines(app, session, today, days, team_id, overdue_days=overdue_days)
        return tuple(found)
    except Exception:
        log.exception("deadline provider failed; digest shows none")
        return ()


def engagement_of(config: Config) -> Engagement:
    low, high = config.digest.engagement_target
    return Engagement(config.digest.engagement_formula, (low, high))


def judge_for(config: Config, first: datetime, last: datetime) -> ResponseJudge:
    cal = config.work_calendar()
    return ResponseJudge(
        cal, config.moderation.response_target, schedule_from_config(config), first, last
    )


def _accounts(config: Config, team_id: str | None) -> list[AccountCfg]:
    return config.accounts_of(team_id) if team_id else list(config.accounts)


def _platforms(accounts: list[AccountCfg]) -> dict[str, str]:
    return {a.id: a.platform for a in accounts}


def _read_by(config: Config, audience: Audience) -> tuple[str, str]:
    """The name of whose figures ``audience`` reads (a team, or the organisation) and the
    language it reads them in."""
    team = config.team(audience.team_id) if audience.team_id else None
    name = team.name if team else config.organisation.name
    return name, normalise_locale(audience.locale or config.organisation.locale)


def collect_daily(
    app: App, session: Session, team_id: str, now: datetime, locale: str | None = None
) -> DailyData:
    config = app.config
    team = config.team(team_id)
    if team is None:
        raise KeyError(f"unknown team {team_id!r}")
    cal = config.work_calendar()
    zone = cal.zone
    today = now.astimezone(zone).date()
    since = daily_since(session, config, team_id, now)
    last = today - timedelta(days=1)
    first = min(max(since.astimezone(zone).date(), last - timedelta(days=13)), last)
    accounts = _accounts(config, team_id)
    ids = [a.id for a in accounts]
    names = {a.id: a.name for a in accounts}
    new = comment_counts(session, ids, since, now)
    open_ = open_counts(session, ids, now)
    week_first = today - timedelta(days=7)
    table = load_days(
        session, _platforms(accounts), min(first, week_first) - timedelta(days=1), last, zone
    )
    figs = figure_map(table, first, last)
    week = figure_map(table, week_first, last)
    oldest = min((o for _, o in open_.values()), default=None)
    judge = None
    if oldest is not None:
        judge = judge_for(config, oldest, now)
    rows = []
    for a in accounts:
        n, pd, hate = new.get(a.id, (0, 0, 0))
        count, first_open = open_.get(a.id, (0, None))
        rows.append(
            AccountDaily(
                account_id=a.id,
                name=a.name,
                platform=a.platform,
                comments=CommentCounts(
                    new=n,
                    unanswered=count,
                    oldest_unanswered=first_open,
                    oldest_deadline=judge.deadline(first_open) if judge and first_open else None,
                    personal_data=pd,
                    hate=hate,
                ),
                figures=figs.get(a.id),
                week=week.get(a.id),
            )
        )
    total = CommentCounts(
        new=sum(r.comments.new for r in rows),
        unanswered=sum(r.comments.unanswered for r in rows),
        oldest_unanswered=oldest,
        oldest_deadline=judge.deadline(oldest) if judge and oldest else None,
        personal_data=sum(r.comments.personal_data for r in rows),
        hate=sum(r.comments.hate for r in rows),
    )
    return DailyData(
        team_id=team_id,
        team_name=team.name,
        locale=normalise_locale(locale or config.organisation.locale),
        tz=config.organisation.timezone,
        now=now,
        since=since,
        first=first,
        last=last,
        engagement=engagement_of(config),
        response_rule=config.moderation.response_target,
        accounts=tuple(rows),
        threads=tuple(top_threads(session, names, since, now)),
        duty=_duty(app, session, now),
        deadlines=_deadlines(app, session, today, 7, team_id),
        show_author_names=config.digest.show_author_names,
        total_comments=total,
    )


def _span(first: date, last: date, zone: object) -> tuple[datetime, datetime]:
    a = datetime.combine(first, time(0), tzinfo=zone).astimezone(UTC)  # type: ignore[arg-type]
    b = datetime.combine(last + timedelta(days=1), time(0), tzinfo=zone)  # type: ignore[arg-type]
    return a, b.astimezone(UTC)


def _as_of(last: date, at: time, zone: ZoneInfo, now: datetime) -> datetime:
    """The instant a week's response figure is computed as of: the weekly digest's time on the
    day after its last day (never later than ``now``), so the week reads the same in this
    digest and as "last week" in the next one."""
    return min(now, datetime.combine(last + timedelta(days=1), at, zone))


def collect_weekly(
    app: App, session: Session, now: datetime, audience: Audience = ORGANISATION
) -> WeeklyData:
    """The 7 days that ended yesterday, the 7 before, and the same 7 days 13 weeks earlier."""
    config = app.config
    zone = config.work_calendar().zone
    today = now.astimezone(zone).date()
    first, last = today - timedelta(days=7), today - timedelta(days=1)
    windows = [(first - timedelta(days=k), last - timedelta(days=k)) for k in (0, 7, 91)]
    accounts = _accounts(config, audience.team_id)
    ids = [a.id for a in accounts]
    names = {a.id: a.name for a in accounts}
    judge = judge_for(config, _span(*windows[2], zone)[0], now)
    trend_first = first - timedelta(weeks=TREND_WEEKS - 1)
    table = load_days(
        session,
        _platforms(accounts),
        min(windows[2][0], trend_first) - timedelta(days=1),
        last,
        zone,
    )
    lag = parse_time(config.digest.weekly_time)
    results = [
        period_stats(
            session, ids, a, b, judge, _as_of(b, lag, zone, now), zone, figure_map(table, a, b)
        )
        for a, b in windows
    ]
    per_account = tuple(
        AccountWeeks(a.id, a.name, *(r[0][a.id] for r in results)) for a in accounts
    )
    total = AccountWeeks("", "", *(r[1] for r in results))
    eng = engagement_of(config)
    scope_name, locale = _read_by(config, audience)
    return WeeklyData(
        scope_name=scope_name,
        locale=locale,
        tz=config.organisation.timezone,
        now=now,
        engagement=eng,
        response_rule=config.moderation.response_target,
        total=total,
        accounts=per_account,
        top_posts=tuple(top_posts(session, names, first, last)),
        duty=_duty(app, session, now),
        # overdue items are reminded once (scheduler.plan), then listed here every week
        deadlines=_deadlines(app, session, today, 28, audience.team_id, OVERDUE_DAYS),
        trend=trend(table, first, TREND_WEEKS, eng.formula),
    )


def collect_report(
    app: App, session: Session, period: ReportPeriod, now: datetime, audience: Audience
) -> ReportData:
    """Figures per account for first..last (a quarter or half-year; cut at yesterday)."""
    config = app.config
    zone = config.work_calendar().zone
    _, first, last = period
    accounts = _accounts(config, audience.team_id)
    ids = [a.id for a in accounts]
    judge = judge_for(config, _span(first, last, zone)[0], max(now, _span(first, last, zone)[1]))
    eng = engagement_of(config)
    weeks = max(1, ((last - first).days + 1 + 6) // 7)
    last_week_start = first + timedelta(weeks=weeks - 1)
    end = max(last, last_week_start + timedelta(days=6))
    table = load_days(session, _platforms(accounts), first - timedelta(days=1), end, zone)
    per, total = period_stats(
        session, ids, first, last, judge, now, zone, figure_map(table, first, last)
    )
    scope_name, locale = _read_by(config, audience)
    return ReportData(
        period=period.label,
        scope_name=scope_name,
        locale=locale,
        tz=config.organisation.timezone,
        engagement=eng,
        response_rule=config.moderation.response_target,
        total=total,
        accounts=tuple(AccountPeriod(a.id, a.name, per[a.id]) for a in accounts),
        trend=trend(table, last_week_start, weeks, eng.formula),
    )


__all__ = ["PeriodStats", "collect_daily", "collect_report", "collect_weekly", "engagement_of"]
