"""Digest jobs: the daily team digest, the weekly manager digest, period-end reports.

Triggers fire in the organisation's zone; each job skips non-working days itself (WorkCalendar),
so 17 May, Christmas and weekends get no digest and the next one covers the whole closure.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, timedelta

from apscheduler.triggers.cron import CronTrigger
from sqlalchemy.orm import Session

from bot.app import App
from bot.config import WEEKDAYS, Config, parse_time
from bot.delivery.outbox import enqueue
from bot.digest.collect import collect_daily, collect_report, collect_weekly
from bot.digest.daily import build_daily
from bot.digest.model import Audience
from bot.digest.queries import daily_key
from bot.digest.reports import build_report, previous_periods
from bot.digest.weekly import build_weekly
from bot.prefs import has_management_channel, locale_for
from scheduler.job import Job

log = logging.getLogger("vaktbot.digest")


def _cron(config: Config, at: str, day_of_week: str = "*") -> CronTrigger:
    hm = parse_time(at)
    return CronTrigger(
        day_of_week=day_of_week,
        hour=hm.hour,
        minute=hm.minute,
        timezone=config.organisation.timezone,
    )


def run_daily(app: App, session: Session, fire_at: datetime, team_id: str) -> bool:
    """Enqueue the team's daily digest for the fire day; False if it is not a working day."""

    cal = app.config.work_calendar()
    day = fire_at.astimezone(cal.zone).date()
    if not cal.is_working_day(day):
        return False
    message = build_daily(collect_daily(app, session, team_id, fire_at))
    added = enqueue(
        session,
        key=daily_key(team_id, day),
        kind="digest.daily",
        target=f"channel:{team_id}",
        message=message,
        now=fire_at,
        expires_at=next_daily(app.config, day),  # a digest is worth sending until the next one
    )
    log.info("daily digest", extra={"team": team_id, "queued": added})
    return added


def next_daily(config: Config, day: date) -> datetime:
    """When the daily digest after the one of ``day`` is due (the next working day, at
    digest.daily_time in the organisation's zone), in UTC."""
    cal = config.work_calendar()
    nxt = cal.next_working_day(day)
    return cal.local(nxt, parse_time(config.digest.daily_time)).astimezone(UTC)


def weekly_due(config: Config, day: date) -> date | None:
    """The configured weekly day this ``day`` delivers for (moved to the next working day when it
    falls on a holiday), or None."""
    cal = config.work_calendar()
    wanted = WEEKDAYS.index(config.digest.weekly_weekday)
    for weeks_back in (0, 1):
        monday = day - timedelta(days=day.weekday(), weeks=weeks_back)
        nominal = monday + timedelta(days=wanted)
        if cal.on_or_after(nominal) == day:
            return nominal
    return None


def run_weekly(app: App, session: Session, fire_at: datetime) -> int:
    """Enqueue the weekly digest to each manager by DM and to the management channel."""

    config = app.config
    cal = config.work_calendar()
    nominal = weekly_due(config, fire_at.astimezone(cal.zone).date())
    if nominal is None:
        return 0
    year, week, _ = nominal.isocalendar()
    tag = f"{year}-W{week:02d}"
    targets = [
        (f"user:{pid}", pid, locale_for(session, config, pid)) for pid in config.digest.managers
    ]
    if has_management_channel(session, config):
        targets.append(("channel:management", "management", config.organisation.locale))
    built: dict[str, object] = {}
    count = 0
    for target, who, locale in targets:
        if locale not in built:
            built[locale] = build_weekly(
                collect_weekly(app, session, fire_at, Audience(locale=locale))
            )
        count += enqueue(
            session,
            key=f"digest:weekly:{who}:{tag}",
            kind="digest.weekly",
            target=target,
            message=built[locale],  # type: ignore[arg-type]
            now=fire_at,
        )
    return count


def run_period_reports(app: App, session: Session, fire_at: datetime) -> int:
    """On the first working day of a quarter: the report for the quarter (and half-year) that
    just ended, to the management channel or else to each manager."""

    config = app.config
    cal = config.work_calendar()
    today = fire_at.astimezone(cal.zone).date()
    quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    if cal.on_or_after(quarter_start) != today:
        return 0
    if has_management_channel(session, config):
        targets = [("channel:management", "management", config.organisation.locale)]
    else:
        targets = [(f"user:{p}", p, locale_for(session, config, p)) for p in config.digest.managers]
    count = 0
    for period in previous_periods(today):
        for target, who, locale in targets:
            data = collect_report(app, session, period, fire_at, Audience(locale=locale))
            count += enqueue(
                session,
                key=f"digest:report:{period.label}:{who}",
                kind="digest.report",
                target=target,
                message=build_report(data, today),
                now=fire_at,
            )
    return count


def jobs(config: Config) -> list[Job]:
    out: list[Job] = []
    for team in config.teams:

        def daily(app: App, session: Session, fire_at: datetime, team_id: str = team.id) -> None:
            run_daily(app, session, fire_at, team_id)

        out.append(
            Job(
                name=f"digest.daily.{team.id}",
                trigger=_cron(config, config.digest.daily_time),
                run=daily,
            )
        )
    if config.digest.managers or config.digest.management_channel is not None:

        def weekly(app: App, session: Session, fire_at: datetime) -> None:
            run_weekly(app, session, fire_at)

        def reports(app: App, session: Session, fire_at: datetime) -> None:
            run_period_reports(app, session, fire_at)

        out.append(
            Job(name="digest.weekly", trigger=_cron(config, config.digest.weekly_time), run=weekly)
        )
        out.append(
            Job(
                name="digest.reports", trigger=_cron(config, config.digest.weekly_time), run=reports
            )
        )
    return out
