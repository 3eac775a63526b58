"""Annual-plan jobs: reminders and overdue notices every morning, snoozed reminders every 15 min.

``plan.reminders`` fires daily at ``plan.morning_time`` in the organisation's zone and writes
every reminder due since its previous fire (at most ``MAX_CATCH_UP`` back) to the outbox: a DM to
each owner (``user:<pid>``) and one message to the item's team channel (``channel:<team>``, or
every team's channel for an item without a team). ``plan.snoozes`` fires every 15 minutes and
sends the reminders whose snooze has ended. Outbox keys are the reminder's key (item, occurrence
and lead time, or overdue number, or snooze instant) plus the target, so a replayed tick or the
two jobs meeting on the same reminder send nothing twice.
"""

from __future__ import annotations

import hashlib
import logging
from collections import defaultdict
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger
from sqlalchemy.orm import Session

from bot.app import App
from bot.config import Config, parse_time
from bot.delivery.outbox import enqueue
from bot.i18n import fmt_weekday_date, plural, t
from bot.messages.markup import quote
from bot.messages.model import Actions, Block, Button, Context, Facts, Message, Section
from bot.plan.model import PlanItem, Reminder, reminders_due
from bot.plan.recurrence import OnDate
from bot.plan.rows import first_seen, record_first_seen
from bot.plan.store import first_snooze_after, load_items, load_states, snoozes_between
from bot.plan.when import describe_when
from bot.prefs import locale_for
from bot.store.models import JobRun
from scheduler.job import Job

log = logging.getLogger("vaktbot.plan")

REMINDERS_JOB = "plan.reminders"
SNOOZES_JOB = "plan.snoozes"
MAX_CATCH_UP = timedelta(days=7)
MAX_KEY = 200  # what fits every transport's message id (the console uses the key)
MAX_ITEM_TOKEN = 60
ACTIONS = ("plan.done", "plan.snooze_1d", "plan.snooze_1w", "plan.skip")


def action_value(item_key: str, occurrence: date) -> str:
    return f"{item_key}|{occurrence.isoformat()}"


def parse_action_value(value: str) -> tuple[str, date] | None:
    key, sep, day = value.rpartition("|")
    if not sep or not key:
        return None
    try:
        return key, date.fromisoformat(day)
    except ValueError:
        return None


def item_token(item_key: str) -> str:
    """The item key as it appears in outbox keys: long keys are shortened with a hash."""
    if len(item_key) <= MAX_ITEM_TOKEN:
        return item_key
    return f"{item_key[:40]}~{hashlib.sha256(item_key.encode()).hexdigest()[:12]}"


def outbox_key(reminder: Reminder, target: str) -> str:
    """``plan:<kind>:<item>:<occurrence>:<lead|n|UTC>:<target>`` (the reminder's own key with
    a long item key shortened), hashed down to ``MAX_KEY`` characters if still too long."""
    key = f"{reminder._replace(item_key=item_token(reminder.item_key)).key}:{target}"
    if len(key) <= MAX_KEY:
        return key
    digest = hashlib.sha256(key.encode()).hexdigest()[:24]
    return f"{key[: MAX_KEY - 25]}#{digest}"


def _when_words(locale: str, days: int) -> str:
    if days == 0:
        return t(locale, "planbot.when.today")
    if days == 1:
        return t(locale, "planbot.when.tomorrow")
    if days == -1:
        return t(locale, "planbot.when.yesterday")
    if days < 0:
        return plural(locale, "planbot.when.days_ago", -days)
    return plural(locale, "planbot.when.in_days", days)


def reminder_message(app: App, item: PlanItem, reminder: Reminder, locale: str) -> Message:
    """The reminder as a neutral message with Done / Snooze 1 day / Snooze 1 week / Skip."""
    tz = app.tz
    day = reminder.at.astimezone(ZoneInfo(tz)).date()
    days = (reminder.occurrence - day).days
    if reminder.kind == "overdue" or days < 0:
        text_key = "planbot.overdue.text"
    elif reminder.snoozed:
        text_key = "planbot.snoozed.text"
    else:
        text_key = "planbot.reminder.text"
    due = fmt_weekday_date(locale, reminder.occurrence, day)
    text = t(locale, text_key, title=quote(item.title), date=due, when=_when_words(locale, days))
    facts: list[tuple[str, str]] = [(t(locale, "planbot.fact.deadline"), due)]
    if not isinstance(item.when, OnDate):
        facts.append((t(locale, "planbot.fact.repeats"), describe_when(item.when, locale)))
    if item.owners:
        people = [(p, app.config.person(p)) for p in item.owners]
        names = [person.name if person is not None else pid for pid, person in people]
        facts.append((t(locale, "plan.field.owner"), ", ".join(names)))
    if item.category:
        facts.append((t(locale, "plan.field.category"), item.category))
    if item.channels:
        facts.append((t(locale, "plan.field.channel"), ", ".join(item.channels)))
    blocks: list[Block] = [Section(text), Facts(tuple(facts))]
    if item.description:
        blocks.append(Context(item.description))
    value = action_value(item.key, reminder.occurrence)
    blocks.append(
        Actions(
            (
                Button(t(locale, "planbot.button.done"), "plan.done", value, "primary"),
                Button(t(locale, "planbot.button.snooze_1d"), "plan.snooze_1d", value),
                Button(t(locale, "planbot.button.snooze_1w"), "plan.snooze_1w", value),
                Button(t(locale, "planbot.button.skip"), "plan.skip", value),
            )
        )
    )
    return Message(text=text, blocks=tuple(blocks), locale=locale, tz=tz)


def _targets(session: Session, config: Config, item: PlanItem) -> list[tuple[str, str]]:
    """(target, locale) pairs: each owner by DM, or the team channel(s) - not both
    (``plan.notify``; an item without an owner goes to the channel)."""
    out = [(f"user:{p}", locale_for(session, config, p)) for p in item.owners if config.person(p)]
    if out and config.plan.notify == "owner":
        return out
    teams = [item.team] if item.team and config.team(item.team) else [t.id for t in config.teams]
    return [(f"channel:{tid}", config.organisation.locale) for tid in teams]


def enqueue_reminders(
    app: App, session: Session, items: list[PlanItem], reminders: list[Reminder], now: datetime
) -> int:
    by_key = {i.key: i for i in items}
    built: dict[tuple[str, str], Message] = {}
    count = 0
    for r in reminders:
        item = by_key[r.item_key]
        for target, locale in _targets(session, app.config, item):
            message = built.get((r.key, locale))
            if message is None:
                message = built[(r.key, locale)] = reminder_message(app, item, r, locale)
            kind = "plan.overdue" if r.kind == "overdue" else "plan.reminder"
            count += enqueue(
                session,
                key=outbox_key(r, target),
                kind=kind,
                target=target,
                message=message,
                now=now,
                due_at=r.at,
            )
    return count


def _since_groups(
    session: Session, items: list[PlanItem], today: date, now: datetime
) -> dict[date, list[PlanItem]]:
    """Items grouped by the date they entered the plan (unknown ones are recorded as today)."""
    seen = first_seen(session)
    missing = [i.key for i in items if i.key not in seen]
    if missing:
        record_first_seen(session, missing, today, now, "scheduler")
    groups: dict[date, list[PlanItem]] = defaultdict(list)
    for item in items:
        groups[seen.get(item.key, today)].append(item)
    return groups


def due_in_window(
    app: App, session: Session, start: datetime, end: datetime, items: list[PlanItem]
) -> list[Reminder]:
    config = app.config
    cal = config.work_calendar()
    morning = parse_time(config.plan.morning_time)
    today = end.astimezone(cal.zone).date()
    keys = {i.key for i in items}
    states = load_states(session, keys=keys if len(keys) < 500 else None)
    out: list[Reminder] = []
    for since, group in sorted(_since_groups(session, items, today, end).items()):
        out += reminders_due(
            group,
            states,
            cal,
            morning,
            start,
            end,
            since=since,
            max_overdue=config.plan.overdue_reminders,
        )
    out.sort(key=lambda r: (r.at, r.item_key, r.occurrence))
    return out


def _previous_fire(session: Session, name: str) -> datetime | None:
    row = session.get(JobRun, name)
    return row.last_fire_at if row is not None else None


def run_reminders(app: App, session: Session, fire_at: datetime) -> None:
    count_reminders(app, session, fire_at)


def run_snoozes(app: App, session: Session, fire_at: datetime) -> None:
    count_snoozes(app, session, fire_at)


def count_reminders(app: App, session: Session, fire_at: datetime) -> int:
    """Every reminder and overdue notice due in (previous fire, fire_at]."""
    prev = _previous_fire(session, REMINDERS_JOB)
    start = fire_at if prev is None else max(prev, fire_at - MAX_CATCH_UP)
    start += timedelta(microseconds=1) if prev is not None else timedelta(0)
    end = fire_at + timedelta(microseconds=1)
    items = load_items(session)
    if not items:
        return 0
    reminders = due_in_window(app, session, start, end, items)
    count = enqueue_reminders(app, session, items, reminders, fire_at)
    log.info("plan reminders", extra={"due": len(reminders), "queued": count})
    return count


def count_snoozes(app: App, session: Session, fire_at: datetime) -> int:
    """Reminders whose snooze ended in (previous fire, fire_at]."""
    prev = _previous_fire(session, SNOOZES_JOB)
    start = (
        max(prev, fire_at - MAX_CATCH_UP) if prev is not None else fire_at - timedelta(minutes=15)
    )
    end = fire_at + timedelta(microseconds=1)
    ended = snoozes_between(session, start + timedelta(microseconds=1), end)
    if not ended:
        return 0
    items = load_items(session, keys={s.item_key for s in ended})
    reminders = [
        r
        for r in due_in_window(app, session, start + timedelta(microseconds=1), end, items)
        if r.snoozed
    ]
    count = enqueue_reminders(app, session, items, reminders, fire_at)
    log.info("plan snoozes", extra={"due": len(reminders), "queued": count})
    return count


def next_snooze(app: App, session: Session, after: datetime) -> datetime | None:
    """When ``plan.snoozes`` next has work: the first open snooze ending after ``after``."""
    return first_snooze_after(session, after)


def jobs(config: Config) -> list[Job]:
    tz = config.organisation.timezone
    morning = parse_time(config.plan.morning_time)
    return [
        Job(
            name=REMINDERS_JOB,
            trigger=CronTrigger(hour=morning.hour, minute=morning.minute, timezone=tz),
            run=run_reminders,
        ),
        Job(
            name=SNOOZES_JOB,
            trigger=CronTrigger(minute="*/15", timezone=tz),
            run=run_snoozes,
            next_work=next_snooze,
            reads=("plan",),
        ),
    ]
