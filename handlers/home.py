"""The App Home tab: the reader's own things first, then the team, then settings.

Built from each handlers module's optional hooks (iterated through ``handlers._modules()``):
  home_section(app, session, person, now) -> list[Block]        the reader's own things
  home_team_section(app, session, person, now) -> list[Block]   the team's status (optional)
Personal sections come in the order: next shifts (duty), open claims (moderation), deadlines
(plan), then any other feature. Where no feature provides its own section yet, the shared
summaries in :mod:`bot.summaries` fill in "my deadlines" and the duty status.

Settings sit behind a button (``home.settings``): the reader's language for vaktbot's answers,
stored in the settings table as ``home.locale.<person>`` and preferred over Slack's locale.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from types import ModuleType
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.app import App
from bot.i18n import LOCALES, fmt_date, fmt_datetime, t
from bot.messages.model import (
    Actions,
    Block,
    Button,
    Context,
    Divider,
    Facts,
    Field,
    Form,
    Header,
    ListBlock,
    Message,
    Reply,
    Section,
)
from bot.requests import ActionRequest, Request
from bot.store.models import Setting
from bot.summaries import deadlines_or_empty, duty_summary_or_none

log = logging.getLogger("vaktbot.home")

SETTINGS_ACTION = "home.settings"
SAVE_ACTION = "home.settings_save"
HELP_ACTION = "home.help"
LOCALE_SETTING = "home.locale.{person}"
AUTO = "auto"
PERSONAL_ORDER = ("duty", "moderation", "plan")
DEADLINE_DAYS = 30
MAX_DEADLINES = 10

Hook = Callable[[App, Session, str | None, datetime], list[Block]]


def _feature_modules() -> list[ModuleType]:
    import handlers

    mods = [m for m in handlers._modules() if m.__name__ != __name__]
    rank = {name: i for i, name in enumerate(PERSONAL_ORDER)}
    return sorted(mods, key=lambda m: rank.get(m.__name__.rsplit(".", 1)[-1], len(rank)))


def _call(hook: Hook, app: App, session: Session, person: str | None, now: datetime) -> list[Block]:
    try:
        return list(hook(app, session, person, now) or [])
    except Exception:
        # one feature's broken section must not take the whole home tab down
        log.exception("home section failed", extra={"hook": getattr(hook, "__module__", "?")})
        return []


def _local(locale: str, at: datetime, tz: ZoneInfo) -> str:
    """A time in the organisation's zone, labelled with the zone (never a bare UTC time)."""
    local = at.astimezone(tz)
    return f"{fmt_datetime(locale, local)} {local.tzname()}"


def _my_deadlines(
    app: App, session: Session, person: str, now: datetime, locale: str
) -> list[Block]:
    p = app.config.person(person)
    if p is None:
        return []
    today = now.astimezone(ZoneInfo(app.tz)).date()
    lines = [
        d
        for d in deadlines_or_empty(app, session, today, DEADLINE_DAYS)
        if p.name in d.owners and d.status == "open"
    ]
    if not lines:
        return []
    items = tuple(
        t(locale, "home.deadline_line", date=fmt_date(locale, d.due), title=d.title)
        for d in lines[:MAX_DEADLINES]
    )
    more = max(len(lines) - MAX_DEADLINES, 0)
    return [ListBlock(items, title=t(locale, "home.my_deadlines"), more=more)]


def _duty_status(app: App, session: Session, now: datetime, locale: str) -> list[Block]:
    summary = duty_summary_or_none(app, session, now)
    if summary is None:
        return []
    tz = ZoneInfo(app.tz)
    facts: list[tuple[str, str]] = [
        (t(locale, "home.on_duty"), summary.team_name),
        (t(locale, "home.lead"), summary.lead_name),
    ]
    mode_key = f"home.mode.{summary.mode}"
    if summary.mode in ("open", "on_call", "closed"):
        facts.append((t(locale, "home.mode"), t(locale, mode_key)))
    if summary.on_call_name:
        facts.append((t(locale, "home.on_call"), summary.on_call_name))
    if summary.shift_end is not None:
        facts.append((t(locale, "home.shift_end"), _local(locale, summary.shift_end, tz)))
    blocks: list[Block] = [Section(f"*{t(locale, 'home.team_status')}*"), Facts(tuple(facts))]
    if summary.members:
        blocks.append(Context(", ".join(summary.members)))
    return blocks


def home_message(app: App, person: str | None, now: datetime, locale: str | None = None) -> Message:
    """The App Home of ``person`` (a person id, or None for someone not in the config)."""
    loc = locale or app.config.locale_of(person)
    p = app.config.person(person) if person else None
    blocks: list[Block] = [
        Header(t(loc, "home.title", name=p.name) if p else t(loc, "home.title_anonymous"))
    ]
    if p is None:
        blocks.append(Section(t(loc, "home.not_registered")))
    mods = _feature_modules()
    with app.sessions() as session:
        personal: list[Block] = []
        if p is not None:
            for mod in mods:
                hook = getattr(mod, "home_section", None)
                if hook is not None:
                    section = _call(hook, app, session, person, now)
                    if section:
                        personal.extend([*section, Divider()])
            plan_has_section = any(
                m.__name__.endswith(".plan") and hasattr(m, "home_section") for m in mods
            )
            if not plan_has_section:
                mine = _call(
                    lambda a, s, pid, n: _my_deadlines(a, s, pid or "", n, loc),
                    app,
                    session,
                    p.id,
                    now,
                )
                if mine:
                    personal.extend([*mine, Divider()])
            if not personal:
                personal = [Section(t(loc, "home.nothing")), Divider()]
        team: list[Block] = []
        if p is not None:  # guests and strangers in the workspace see nothing of the teams
            team_hooks = [m for m in mods if hasattr(m, "home_team_section")]
            for mod in team_hooks:
                team.extend(_call(mod.home_team_section, app, session, person, now))
            if not team_hooks:
                team = _call(
                    lambda a, s, _p, n: _duty_status(a, s, n, loc), app, session, person, now
                )
    blocks.extend(personal)
    if team:
        blocks.extend([*team, Divider()])
    blocks.append(
        Actions(
            (
                Button(t(loc, "home.settings"), SETTINGS_ACTION),
                Button(t(loc, "home.help"), HELP_ACTION),
            )
        )
    )
    when = _local(loc, now, ZoneInfo(app.tz))
    blocks.append(Context(t(loc, "home.updated", when=when)))
    return Message(text=t(loc, "home.text"), blocks=tuple(blocks), locale=loc, tz=app.tz)


# --- settings ------------------------------------------------------------------------------


def preferred_locale(session: Session, person: str | None) -> str | None:
    """The language the person chose in settings, or None to follow Slack."""
    if not person:
        return None
    row = session.get(Setting, LOCALE_SETTING.format(person=person))
    value = row.value if row is not None else None
    return value if isinstance(value, str) and value in LOCALES else None


def settings_form(app: App, person: str | None, locale: str) -> Message:
    with app.sessions() as session:
        current = preferred_locale(session, person) or AUTO
    options = (
        (AUTO, t(locale, "home.settings.language_auto")),
        ("nb", "Norsk bokmål"),
        ("sv", "Svenska"),
        ("en", "English"),
    )
    form = Form(
        title=t(locale, "home.settings.title"),
        action=SAVE_ACTION,
        submit_label=t(locale, "home.settings.save"),
        fields=(
            Field(
                name="locale",
                label=t(locale, "home.settings.language"),
                kind="select",
                options=options,
                initial=current,
                error=t(locale, "home.settings.language_error"),
            ),
        ),
    )
    return Message(
        text=t(locale, "home.settings.title"),
        blocks=(Section(t(locale, "home.settings.intro")), form),
        locale=locale,
        tz=app.tz,
    )


def settings_action(app: App, request: ActionRequest) -> Reply:
    if request.person is None:
        text = t(request.locale, "common.not_registered")
        return Reply(Message(text, (Section(text),), locale=request.locale, tz=app.tz))
    return Reply(settings_form(app, request.person, request.locale), open_form=True)


def settings_command(app: App, request: Request) -> Reply:
    return settings_action(
        app,
        ActionRequest(
            platform=request.platform,
            person=request.person,
            action=SETTINGS_ACTION,
            value="",
            now=request.now,
            locale=request.locale,
            platform_user=request.platform_user,
        ),
    )


def save_settings(app: App, request: ActionRequest) -> Reply:
    locale = request.locale
    if request.person is None:
        text = t(locale, "common.not_registered")
        return Reply(Message(text, (Section(text),), locale=locale, tz=app.tz))
    choice = request.form.get("locale", "")
    if choice != AUTO and choice not in LOCALES:
        return Reply(
            settings_form(app, request.person, locale),
            open_form=True,
            extra={"errors": {"locale": t(locale, "home.settings.language_error")}},
        )
    key = LOCALE_SETTING.format(person=request.person)
    with app.sessions.begin() as session:
        row = session.get(Setting, key)
        value: Any = None if choice == AUTO else choice
        if row is None:
            session.add(
                Setting(key=key, value=value, updated_at=request.now, updated_by=request.person)
            )
        else:
            row.value, row.updated_at, row.updated_by = value, request.now, request.person
    new_locale = choice if choice in LOCALES else locale
    text = t(new_locale, "home.settings.saved")
    return Reply(Message(text, (Section(text),), locale=new_locale, tz=app.tz))


def help_action(app: App, request: ActionRequest) -> Reply:
    from handlers.help import help_reply

    return help_reply(
        app,
        Request(
            platform=request.platform,
            person=request.person,
            text="help",
            now=request.now,
            locale=request.locale,
            platform_user=request.platform_user,
        ),
    )


ACTIONS: dict[str, Callable[[App, ActionRequest], Reply]] = {
    SETTINGS_ACTION: settings_action,
    SAVE_ACTION: save_settings,
    HELP_ACTION: help_action,
}
COMMANDS: dict[str, Callable[[App, Request], Reply]] = {"settings": settings_command}
HELP = [("settings", "home.help.settings")]
