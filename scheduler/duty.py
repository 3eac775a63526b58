"""Duty on the clock: the handoff message at the handoff instant, a DM to incoming members the
working day before, and the optional editorial-meeting reminder."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.app import App
from bot.config import Config, parse_time
from bot.delivery.outbox import enqueue
from bot.duty.rotation import duty_at, handoffs_between, upcoming_shifts
from bot.duty.store import load_deviations, rotation_for
from bot.i18n import fmt_datetime, fmt_number, fmt_time, t
from bot.messages.model import Context, Facts, Header, Message, Section
from bot.prefs import is_muted, locale_for
from bot.store.models import Comment
from scheduler.job import Job

NOTICE_TIME = time(14, 0)  # the working day before a shift: DM incoming members at 14:00
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _name(app: App, pid: str | None) -> str:
    p = app.config.person(pid) if pid else None
    return p.name if p else (pid or "?")


def _post(
    session: Session, fire: datetime, kind: str, target: str, msg: Message, *key: object
) -> None:
    """Queue a duty message of ``kind`` (handoff: ``duty.handoff``) under its idempotency key
    ``duty:<kind>:<key parts>`` (the shift and team, the shift and person, the day)."""
    enqueue(
        session,
        key=":".join(["duty", kind, *map(str, key)]),
        kind=f"duty.{kind}",
        target=target,
        message=msg,
        now=fire,
    )


def handoff_job(app: App, session: Session, fire: datetime) -> None:
    rotation = rotation_for(app)
    if rotation is None:
        return
    deviations = load_deviations(session)
    for h in handoffs_between(
        rotation, fire - timedelta(minutes=1), fire + timedelta(minutes=1), deviations.swaps
    ):
        if h.incoming.id == h.outgoing.id:
            continue  # nothing changes: do not re-announce
        duty = duty_at(rotation, h.at, deviations)
        open_items = (
            session.scalar(
                select(func.count())
                .select_from(Comment)
                .where(Comment.state.in_(("new", "claimed")))
            )
            or 0
        )
        for team_id in dict.fromkeys((h.incoming.id, h.outgoing.id)):
            team_cfg = app.config.team(team_id)
            loc = app.config.organisation.locale
            text = t(
                loc,
                "duty.handoff.text",
                incoming=h.incoming.name,
                outgoing=h.outgoing.name,
                lead=_name(app, duty.lead),
            )
            facts = (
                (t(loc, "duty.label.lead"), _name(app, duty.lead)),
                (
                    t(loc, "duty.handoff.until"),
                    fmt_datetime(
                        loc,
                        duty.shift_end.astimezone(rotation.zone),
                        fire.astimezone(rotation.zone).date(),
                    ),
                ),
                (t(loc, "duty.handoff.open_items"), fmt_number(loc, open_items)),
            )
            members = ", ".join(_name(app, m) for m in duty.members)
            msg = Message(
                text=text,
                blocks=(
                    Header(t(loc, "duty.handoff.header")),
                    Section(text),
                    Facts(facts),
                    Context(f"{t(loc, 'duty.label.members')}: {members}"),
                ),
                locale=loc,
                tz=app.tz,
            )
            if team_cfg is not None:
                _post(session, fire, "handoff", f"channel:{team_id}", msg, h.index, team_id)


def notice_job(app: App, session: Session, fire: datetime) -> None:
    """On the working day before a handoff: "you are on duty from Monday 08:00"."""
    rotation = rotation_for(app)
    if rotation is None:
        return
    today = fire.astimezone(rotation.zone).date()
    if not rotation.cal.is_working_day(today):
        return
    deviations = load_deviations(session)
    for shift in upcoming_shifts(rotation, fire, 3)[1:]:
        start_day = shift.start.astimezone(rotation.zone).date()
        if rotation.cal.previous_working_day(start_day) != today:
            continue
        duty = duty_at(rotation, shift.start, deviations)
        for pid in duty.members:
            if is_muted(session, pid, "duty"):
                continue
            loc = locale_for(session, app.config, pid)
            when = fmt_datetime(loc, shift.start.astimezone(rotation.zone), today)
            text = t(
                loc, "duty.notice.text", when=when, team=duty.team.name, lead=_name(app, duty.lead)
            )
            msg = Message(
                text=text,
                blocks=(Section(text), Context(t(loc, "duty.notice.mute"))),
                locale=loc,
                tz=app.tz,
            )
            _post(session, fire, "notice", f"user:{pid}", msg, shift.index, pid)


def meeting_job(app: App, session: Session, fire: datetime) -> None:
    rotation = rotation_for(app)
    if rotation is None:
        return
    local = fire.astimezone(rotation.zone)
    if not rotation.cal.is_working_day(local.date()):
        return
    duty = duty_at(rotation, fire, load_deviations(session))
    loc = app.config.organisation.locale
    text = t(loc, "duty.meeting.text", time=fmt_time(loc, local), team=duty.team.name)
    msg = Message(text=text, blocks=(Section(text),), locale=loc, tz=app.tz)
    _post(session, fire, "meeting", f"channel:{duty.team.id}", msg, local.date().isoformat())


def jobs(config: Config) -> list[Job]:
    rc = config.rotation
    if rc is None:
        return []
    tz = config.organisation.timezone
    handoff = parse_time(rc.handoff_time)
    out = [
        Job(
            name="duty.handoff",
            trigger=CronTrigger(
                day_of_week=_DAYS.index(rc.handoff_weekday),
                hour=handoff.hour,
                minute=handoff.minute,
                timezone=tz,
            ),
            run=handoff_job,
            misfire_grace_seconds=3600,
        ),
        Job(
            name="duty.notice",
            trigger=CronTrigger(hour=NOTICE_TIME.hour, minute=NOTICE_TIME.minute, timezone=tz),
            run=notice_job,
            misfire_grace_seconds=3 * 3600,
        ),
    ]
    if rc.editorial_meeting:
        mt = parse_time(rc.editorial_meeting)
        out.append(
            Job(
                name="duty.meeting",
                trigger=CronTrigger(
                    day_of_week="mon-fri", hour=mt.hour, minute=mt.minute, timezone=tz
                ),
                run=meeting_job,
                misfire_grace_seconds=1800,
            )
        )
    return out
