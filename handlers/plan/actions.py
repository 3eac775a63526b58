"""/vakt plan done / skip / snooze and the Done / Skip / Snooze buttons on reminders.

Used by :mod:`handlers.plan.commands`, which dispatches to it.
Commands: ``/vakt plan done <id>``, ``/vakt plan skip <id>``, ``/vakt plan snooze <id>
<1d|1w|3d|2h|30m>``. Buttons on reminders (value ``<item key>|<yyyy-mm-dd>``): ``plan.done``,
``plan.skip``, ``plan.snooze_1d``, ``plan.snooze_1w``; each edits the pressed message in place and
queues the same edit for the other copies of that reminder (owner DMs, team channel).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.app import App
from bot.config import parse_time
from bot.delivery.outbox import enqueue_update
from bot.i18n import fmt_datetime, fmt_day, fmt_time, plural, t
from bot.messages.markup import quote
from bot.messages.model import Actions, Block, Context, Message, Reply, Section
from bot.plan.listing import AmbiguousId, NotShown, resolve_id
from bot.plan.model import PlanItem, snooze_until
from bot.plan.store import get_item, get_state, lock_state, set_status, snooze
from bot.policy import Act, decide
from bot.requests import ActionRequest, Request
from bot.store.models import Outbox
from scheduler.plan import item_token, parse_action_value

_DURATION = re.compile(
    r"(\d{1,3})\s*(m|min|minutter|minuter|minutes|h|t|timer|timmar|hours|d|dag|dager|dagar|days"
    r"|w|u|v|uke|uker|vecka|veckor|weeks)",
    re.IGNORECASE,
)
_UNIT = {"m": 1, "h": 60, "t": 60, "d": 1440, "w": 10080, "u": 10080, "v": 10080}


def _msg(app: App, locale: str, text: str, *extra: Block) -> Message:
    return Message(text=text, blocks=(Section(text), *extra), locale=locale, tz=app.tz)


def text_reply(app: App, locale: str, text: str) -> Reply:
    return Reply(_msg(app, locale, text))


def today_in(app: App, now: datetime) -> date:
    return now.astimezone(ZoneInfo(app.tz)).date()


def team_of(app: App, request: Request) -> str | None:
    return request.team if request.team and app.config.team(request.team) else None


def person_name(app: App, pid: str | None) -> str:
    p = app.config.person(pid) if pid else None
    return p.name if p is not None else (pid or "?")


def parse_duration(text: str) -> timedelta | None:
    """``1d``, ``1w``, ``3 dager``, ``2h``, ``30m`` -> a timedelta (None if not a duration)."""
    m = _DURATION.fullmatch(text.strip())
    if not m or int(m[1]) == 0:
        return None
    unit = m[2].lower()
    minutes = _UNIT.get(unit[0], 0) if unit not in ("min", "minutter", "minuter", "minutes") else 1
    return timedelta(minutes=int(m[1]) * minutes)


# --- done / skip / snooze ------------------------------------------------------------------


def _status_line(
    app: App, locale: str, status: str, by: str | None, at: datetime, until: datetime | None = None
) -> str:
    tz = ZoneInfo(app.tz)
    if status == "snoozed" and until is not None:
        when = fmt_datetime(locale, until.astimezone(tz), at.astimezone(tz).date())
        return t(locale, "planbot.state.snoozed", name=person_name(app, by), until=when)
    return t(
        locale,
        f"planbot.state.{status}",
        name=person_name(app, by),
        when=fmt_time(locale, at.astimezone(tz)),
    )


def _edited(message: Message, line: str) -> Message:
    """The reminder without its buttons and with what happened underneath."""
    blocks = tuple(b for b in message.blocks if not isinstance(b, Actions))
    return replace(message, blocks=(*blocks, Context(line)))


def _copies(session: Session, key: str, occurrence: date) -> list[Outbox]:
    base = f"{item_token(key)}:{occurrence.isoformat()}:"
    rows: list[Outbox] = []
    for kind in ("reminder", "overdue", "snooze"):
        prefix = f"plan:{kind}:{base}"
        stmt = select(Outbox).where(
            Outbox.key.startswith(prefix, autoescape=True), Outbox.op == "post"
        )
        rows.extend(session.scalars(stmt))
    return rows


def _apply(
    app: App,
    session: Session,
    person: str,
    key: str,
    occurrence: date,
    op: str,
    now: datetime,
    delta: timedelta | None = None,
) -> tuple[str, str, datetime | None]:
    """Change the state; returns (outcome, status, snoozed until). Outcome is ``changed`` or
    ``already`` (the occurrence was resolved before, nothing changed)."""
    before = lock_state(session, key, occurrence)
    if before.status != "open":
        return "already", before.status, None
    if op == "snooze":
        assert delta is not None
        cal = app.config.work_calendar()
        until = snooze_until(cal, parse_time(app.config.plan.morning_time), now, delta)
        snooze(session, key, occurrence, until, by=person, now=now)
        return "changed", "snoozed", until
    set_status(session, key, occurrence, op, by=person, now=now)
    return "changed", op, None


def _outcome_text(
    app: App,
    locale: str,
    item: PlanItem,
    occurrence: date,
    outcome: str,
    status: str,
    until: datetime | None,
    session: Session,
    now: datetime,
) -> str:
    today = today_in(app, now)
    day = fmt_day(locale, occurrence, today)
    if outcome == "already":
        state = get_state(session, item.key, occurrence)
        at = state.at if state.at is not None else now
        when = fmt_datetime(locale, at.astimezone(ZoneInfo(app.tz)), today)
        return t(
            locale,
            "planbot.reply.already",
            title=quote(item.title),
            date=day,
            status=t(locale, f"planbot.status.{status}"),
            name=person_name(app, state.by),
            when=when,
        )
    if status == "snoozed" and until is not None:
        when = fmt_datetime(locale, until.astimezone(ZoneInfo(app.tz)), today)
        return t(locale, "planbot.reply.snoozed", title=quote(item.title), until=when)
    return t(locale, f"planbot.reply.{status}", title=quote(item.title), date=day)


def state_command(app: App, request: Request, op: str) -> Reply:
    locale = request.locale
    if request.person is None:
        return text_reply(app, locale, t(locale, "common.not_registered"))
    args = request.args[1:]
    command = t(locale, f"planbot.word.{op}")
    if not args:
        return text_reply(app, locale, t(locale, "planbot.need_id", command=command))
    delta = None
    if op == "snooze":
        delta = parse_duration(" ".join(args[1:]) or "1d")
        if delta is None:
            return text_reply(
                app, locale, t(locale, "planbot.bad_duration", value=" ".join(args[1:]))
            )
    today = today_in(app, request.now)
    with app.sessions.begin() as session:
        try:
            entry = resolve_id(
                session, args[0], today, team_of(app, request), person=request.person
            )
        except NotShown as exc:
            if not exc.shown:
                text = t(locale, "planbot.number_no_list", number=exc.number)
            else:
                text = plural(locale, "planbot.number_unseen", exc.shown, number=exc.number)
            return text_reply(app, locale, text)
        except AmbiguousId as exc:
            return text_reply(
                app,
                locale,
                t(locale, "planbot.ambiguous_id", value=exc.value, keys=", ".join(exc.keys)),
            )
        if entry is None:
            return text_reply(app, locale, t(locale, "planbot.unknown_id", value=args[0]))
        verdict = decide(app.config, request.person, Act.PLAN_ITEM, team=entry.item.team)
        if not verdict:
            return text_reply(app, locale, t(locale, verdict.reason))
        outcome, status, until = _apply(
            app, session, request.person, entry.item.key, entry.due, op, request.now, delta
        )
        if outcome == "changed":
            _update_copies(
                app,
                session,
                request.person,
                entry.item.key,
                entry.due,
                status,
                request.now,
                skip_message=None,
            )
        text = _outcome_text(
            app, locale, entry.item, entry.due, outcome, status, until, session, request.now
        )
    return text_reply(app, locale, text)


def _update_copies(
    app: App,
    session: Session,
    person: str,
    key: str,
    occurrence: date,
    status: str,
    now: datetime,
    skip_message: str | None,
) -> None:
    """Done or skipped: queue an edit of every sent copy of the occurrence's reminders (their
    buttons go, the outcome shows). A snooze leaves the other copies' buttons alone."""
    if status not in ("done", "skipped"):
        return
    for row in _copies(session, key, occurrence):
        if row.status != "sent" or (skip_message and row.platform_message_id == skip_message):
            continue
        original = Message.from_dict(row.payload)
        line = _status_line(app, original.locale, status, person, now)
        enqueue_update(
            session,
            ref_key=row.key,
            message=_edited(original, line),
            now=now,
            version=f"{status}:{now.isoformat()}",
        )


def button_action(app: App, request: ActionRequest) -> Reply:
    """A Done / Skip / Snooze button on a reminder."""
    locale = request.locale
    if request.person is None:
        return text_reply(app, locale, t(locale, "common.not_registered"))
    parsed = parse_action_value(request.value)
    op, delta = {
        "plan.done": ("done", None),
        "plan.skip": ("skipped", None),
        "plan.snooze_1d": ("snooze", timedelta(days=1)),
        "plan.snooze_1w": ("snooze", timedelta(days=7)),
    }[request.action]
    with app.sessions.begin() as session:
        item = get_item(session, parsed[0]) if parsed else None
        if parsed is None or item is None:
            return text_reply(app, locale, t(locale, "planbot.reply.gone"))
        verdict = decide(app.config, request.person, Act.PLAN_ITEM, team=item.team)
        if not verdict:
            return text_reply(app, locale, t(locale, verdict.reason))
        key, occurrence = parsed
        outcome, status, until = _apply(
            app, session, request.person, key, occurrence, op, request.now, delta
        )
        if outcome == "already":
            state = get_state(session, key, occurrence)
            by, at = state.by, state.at or request.now
        else:
            by, at = request.person, request.now
            _update_copies(
                app,
                session,
                request.person,
                key,
                occurrence,
                status,
                request.now,
                skip_message=request.message_id,
            )
        pressed = None
        if request.message_id:
            stmt = select(Outbox).where(
                Outbox.platform_message_id == request.message_id, Outbox.op == "post"
            )
            if request.message_channel:
                stmt = stmt.where(Outbox.platform_channel == request.message_channel)
            pressed = session.scalars(stmt.limit(1)).first()
        if pressed is not None and pressed.key.startswith("plan:"):
            original = Message.from_dict(pressed.payload)
        else:
            text = _outcome_text(
                app, locale, item, occurrence, outcome, status, until, session, request.now
            )
            original = _msg(app, locale, text)
        line = _status_line(app, original.locale, status, by, at, until)
    return Reply(_edited(original, line), ephemeral=False, replace_original=True)
