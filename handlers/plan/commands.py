"""/vakt plan: coming deadlines, adding one, and Done / Skip / Snooze from commands and buttons.

Commands: ``/vakt plan [weeks]``, ``/vakt plan add`` (a form; one line in the console:
``/vakt plan add <date|rule> ; <title> ; [owner] ; [category]``), ``/vakt plan done <id>``,
``/vakt plan skip <id>``, ``/vakt plan snooze <id> <1d|1w|3d|2h|30m>`` (also in Norwegian and
Swedish: ``ferdig``/``klar``, ``hopp``/``hoppa``, ``utsett``/``skjut``, ``ny``). Ids are the
numbers of the list the person was last shown by ``/vakt plan``, or an item key or its start
(see :mod:`bot.plan.listing`).
Buttons on reminders (value ``<item key>|<yyyy-mm-dd>``): ``plan.done``, ``plan.skip``,
``plan.snooze_1d``, ``plan.snooze_1w``; each edits the pressed message in place and queues the
same edit for the other copies of that reminder (owner DMs, team channel). Done / skip / snooze
and the buttons live in :mod:`handlers.plan.actions` .
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.app import App
from bot.i18n import fmt_datetime, fmt_weekday_date, plural, t
from bot.messages.markup import quote
from bot.messages.model import Block, Context, Header, ListBlock, Message, Reply
from bot.plan.listing import listing, remember_shown
from bot.prefs import locale_for
from bot.requests import Request
from handlers.plan.actions import (
    button_action,
    person_name,
    state_command,
    team_of,
    text_reply,
    today_in,
)
from handlers.plan.add import ADD_ACTION, add_action, add_command

DEFAULT_WEEKS = 4
MAX_LINES = 25


# --- listing -------------------------------------------------------------------------------


def list_command(app: App, request: Request, weeks_text: str | None) -> Reply:
    """``/vakt plan [weeks]``: numbered lines; the numbers are remembered for the asker, so
    ``/vakt plan done 3`` means line 3 of this list and nothing else."""
    locale = request.locale
    weeks = DEFAULT_WEEKS
    if weeks_text is not None:
        if not weeks_text.isdigit() or not 1 <= int(weeks_text) <= 52:
            return text_reply(app, locale, t(locale, "planbot.bad_weeks", value=weeks_text))
        weeks = int(weeks_text)
    today = today_in(app, request.now)
    with app.sessions.begin() as session:
        entries = listing(session, today, weeks * 7, team_of(app, request))[:MAX_LINES]
        if request.person is not None:
            remember_shown(session, request.person, entries, request.now)
    if not entries:
        weeks_words = plural(locale, "planbot.the_next_weeks", weeks)
        return text_reply(app, locale, t(locale, "planbot.list.empty", weeks=weeks_words))
    tz = ZoneInfo(app.tz)
    lines = []
    for n, e in enumerate(entries, start=1):
        line = f"{n}. {fmt_weekday_date(locale, e.due, today)} – {quote(e.item.title)}"
        if e.item.owners:
            line += f" ({', '.join(person_name(app, p) for p in e.item.owners)})"
        if e.overdue:
            line += f" – *{t(locale, 'planbot.list.overdue')}*"
        if e.state.status != "open":
            line += f" – {t(locale, f'plan.status.{e.state.status}')}"
        elif e.state.snoozed_until is not None and e.state.snoozed_until > request.now:
            until = fmt_datetime(locale, e.state.snoozed_until.astimezone(tz), today)
            line += f" – {t(locale, 'planbot.list.snoozed', until=until)}"
        lines.append(line)
    title = t(locale, "planbot.list.title", weeks=plural(locale, "planbot.the_next_weeks", weeks))
    blocks: tuple[Block, ...] = (
        Header(title),
        ListBlock(tuple(lines)),
        Context(t(locale, "planbot.list.hint")),
    )
    return Reply(Message(text=title, blocks=blocks, locale=locale, tz=app.tz))


# --- dispatch, help, App Home --------------------------------------------------------------

_SUBCOMMANDS = {
    "add": "add",
    "ny": "add",
    "leggtil": "add",
    "ny-frist": "add",
    "lägg": "add",
    "done": "done",
    "ferdig": "done",
    "klar": "done",
    "skip": "skipped",
    "hopp": "skipped",
    "hoppa": "skipped",
    "snooze": "snooze",
    "utsett": "snooze",
    "skjut": "snooze",
}


def plan_command(app: App, request: Request) -> Reply:
    args = request.args
    if not args or args[0].isdigit():
        return list_command(app, request, args[0] if args else None)
    sub = _SUBCOMMANDS.get(args[0].lower())
    if sub == "add":
        return add_command(app, request)
    if sub is not None:
        return state_command(app, request, sub)
    return text_reply(app, request.locale, t(request.locale, "planbot.unknown_sub", value=args[0]))


def home_section(app: App, session: Session, person: str | None, now: datetime) -> list[Block]:
    """My open deadlines (overdue and the next 30 days) for App Home. Without numbers: the
    numbers of `/vakt plan done <nr>` belong to the list that command showed."""
    if person is None:
        return []
    locale = locale_for(session, app.config, person)
    today = today_in(app, now)
    mine = [
        e
        for e in listing(session, today, 30)
        if person in e.item.owners and e.state.status == "open"
    ]
    if not mine:
        return []
    lines = []
    for e in mine[:10]:
        line = f"{fmt_weekday_date(locale, e.due, today)} – {quote(e.item.title)}"
        if e.overdue:
            line += f" – *{t(locale, 'planbot.list.overdue')}*"
        lines.append(line)
    return [
        ListBlock(tuple(lines), title=t(locale, "planbot.home.title"), more=max(len(mine) - 10, 0))
    ]


COMMANDS = {"plan": plan_command, "årshjul": plan_command, "arshjul": plan_command}
BARE: tuple[str, ...] = ()
ACTIONS = {
    "plan.done": button_action,
    "plan.skip": button_action,
    "plan.snooze_1d": button_action,
    "plan.snooze_1w": button_action,
    ADD_ACTION: add_action,
}
HELP = [
    ("plan", "planbot.help.plan"),
    ("plan add", "planbot.help.add"),
    ("plan done <nr>", "planbot.help.done"),
    ("plan skip <nr>", "planbot.help.skip"),
    ("plan snooze <nr> 1d", "planbot.help.snooze"),
]
