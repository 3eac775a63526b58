"""The App Home tab: the reader's own things first, then the team, then settings.

The reader's own things come from each feature's ``home_section(app, session, person, now)``,
in the order of PERSONAL_SECTIONS: next shifts (duty), open claims (moderation), deadlines (plan).
The team's status is the duty summary (:func:`bot.duty.store.duty_summary`).

Settings sit behind a button (``home.settings``): the reader's language for vaktbot's answers,
stored in the settings table as ``home.locale.<person>`` and preferred over Slack's locale.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.app import App
from bot.duty.store import duty_summary
from bot.i18n import LOCALES, fmt_datetime, supported_locale, t
from bot.messages import model
from bot.messages.markup import date_token
from bot.prefs import configured_locale, locale_for, preferred_locale, set_preferred_locale
from bot.requests import ActionRequest, Request
from handlers import duty
from handlers.moderation import comments as moderation
from handlers.plan import commands as plan_commands

log = logging.getLogger("vaktbot.home")

SETTINGS_ACTION = "home.settings"
SAVE_ACTION = "home.settings_save"
HELP_ACTION = "home.help"
AUTO = "auto"
DEADLINE_DAYS = 30
MAX_DEADLINES = 10

Hook = Callable[[App, Session, str | None, datetime], list[model.Block]]
PERSONAL_SECTIONS: tuple[Hook, ...] = (
    duty.home_section,
    moderation.home_section,
    plan_commands.home_section,
)


def _call(
    hook: Hook, app: App, session: Session, person: str | None, now: datetime
) -> list[model.Block]:
    try:
        return list(hook(app, session, person, now) or [])
    except Exception:
        # one feature's broken section must not take the whole home tab down
        log.exception("home section failed", extra={"hook": getattr(hook, "__module__", "?")})
        return []


def _local(locale: str, at: datetime, tz: ZoneInfo, now: datetime) -> str:
    """A time in the organisation's zone, labelled with the zone (never a bare UTC time)."""
    local = at.astimezone(tz)
    fallback = f"{fmt_datetime(locale, local, now.astimezone(tz).date())} {local.tzname()}"
    return date_token(at, fallback)


def _duty_status(app: App, session: Session, now: datetime, locale: str) -> list[model.Block]:
    summary = duty_summary(app, session, now)
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
        facts.append((t(locale, "home.shift_end"), _local(locale, summary.shift_end, tz, now)))
    blocks: list[model.Block] = [
        model.Section(f"*{t(locale, 'home.team_status')}*"),
        model.Facts(tuple(facts)),
    ]
    if summary.members:
        blocks.append(model.Context(", ".join(summary.members)))
    return blocks


def home_message(
    app: App, person: str | None, now: datetime, locale: str | None = None
) -> model.Message:
    """The App Home of ``person`` (a person id, or None for someone not in the config)."""
    loc = locale or app.config.locale_of(person)
    p = app.config.person(person) if person else None
    blocks: list[model.Block] = [
        model.Header(t(loc, "home.title", name=p.name) if p else t(loc, "home.title_anonymous"))
    ]
    if p is None:
        blocks.append(model.Section(t(loc, "home.not_registered")))
    with app.sessions() as session:
        personal: list[model.Block] = []
        team: list[model.Block] = []
        if p is not None:  # guests and strangers in the workspace see nothing of the teams
            for hook in PERSONAL_SECTIONS:
                section = _call(hook, app, session, person, now)
                if section:
                    personal.extend([*section, model.Divider()])
            if not personal:
                personal = [model.Section(t(loc, "home.nothing")), model.Divider()]
            team = _call(lambda a, s, _p, n: _duty_status(a, s, n, loc), app, session, person, now)
    blocks.extend(personal)
    if team:
        blocks.extend([*team, model.Divider()])
    blocks.append(
        model.Actions(
            (
                model.Button(t(loc, "home.settings"), SETTINGS_ACTION),
                model.Button(t(loc, "home.help"), HELP_ACTION),
            )
        )
    )
    when = _local(loc, now, ZoneInfo(app.tz), now)
    blocks.append(model.Context(t(loc, "home.updated", when=when)))
    return model.Message(text=t(loc, "home.text"), blocks=tuple(blocks), locale=loc, tz=app.tz)


# --- settings ------------------------------------------------------------------------------


def auto_label(app: App, person: str | None, platform: str, locale: str) -> str:
    """What "no choice of my own" means here (bot.prefs.pick_locale): the language vaktbot.yml
    gives the person, else the client's where the platform tells it (Slack, Teams), else the
    organisation's. Only what the platform supports is offered."""
    configured = configured_locale(app.config, person)
    if configured is None and platform in ("slack", "teams"):
        return t(locale, f"home.settings.language_auto.{platform}")
    fallback = configured or app.config.organisation.locale
    name = dict(LANGUAGE_NAMES).get(supported_locale(fallback) or "nb", fallback)
    return t(locale, "home.settings.language_auto.default", language=name)


LANGUAGE_NAMES = (("nb", "Norsk bokmål"), ("sv", "Svenska"), ("en", "English"))


def settings_form(
    app: App, person: str | None, locale: str, platform: str = "console"
) -> model.Message:
    with app.sessions() as session:
        current = preferred_locale(session, person) or AUTO
    options = (
        (AUTO, auto_label(app, person, platform, locale)),
        *LANGUAGE_NAMES,
    )
    form = model.Form(
        title=t(locale, "home.settings.title"),
        action=SAVE_ACTION,
        submit_label=t(locale, "home.settings.save"),
        fields=(
            model.Field(
                name="locale",
                label=t(locale, "home.settings.language"),
                kind="select",
                options=options,
                initial=current,
                error=t(locale, "home.settings.language_error"),
            ),
        ),
    )
    return model.Message(
        text=t(locale, "home.settings.title"),
        blocks=(model.Section(t(locale, "home.settings.intro")), form),
        locale=locale,
        tz=app.tz,
    )


def settings_action(app: App, request: ActionRequest) -> model.Reply:
    if request.person is None:
        text = t(request.locale, "common.not_registered")
        return model.Reply(
            model.Message(text, (model.Section(text),), locale=request.locale, tz=app.tz)
        )
    return model.Reply(
        settings_form(app, request.person, request.locale, request.platform), open_form=True
    )


def settings_command(app: App, request: Request) -> model.Reply:
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


def save_settings(app: App, request: ActionRequest) -> model.Reply:
    locale = request.locale
    if request.person is None:
        text = t(locale, "common.not_registered")
        return model.Reply(model.Message(text, (model.Section(text),), locale=locale, tz=app.tz))
    choice = request.form.get("locale", "")
    if choice != AUTO and choice not in LOCALES:
        return model.Reply(
            settings_form(app, request.person, locale, request.platform),
            open_form=True,
            extra={"errors": {"locale": t(locale, "home.settings.language_error")}},
        )
    with app.sessions.begin() as session:
        # "auto" removes the choice (the row), so the platform's or configured language applies
        set_preferred_locale(
            session, request.person, None if choice == AUTO else choice, request.now
        )
    with app.sessions() as session:
        # the language that applies now (with "auto": people[].locale, the client's, ...)
        new_locale = locale_for(session, app.config, request.person, request.client_locale)
    text = t(new_locale, "home.settings.saved")
    return model.Reply(
        model.Message(text, (model.Section(text),), locale=new_locale, tz=app.tz),
        extra={"refresh_home": True},  # the App Home shows the new language at once
    )


def home_view(app: App, request: Request) -> model.Reply:
    """The reader's App Home as a message (Slack publishes it as the Home tab)."""
    return model.Reply(home_message(app, request.person, request.now, locale=request.locale))


ACTIONS: dict[str, Callable[[App, ActionRequest], model.Reply]] = {
    SETTINGS_ACTION: settings_action,
    SAVE_ACTION: save_settings,
}
HOME_COMMAND = "home"
COMMANDS: dict[str, Callable[[App, Request], model.Reply]] = {
    "settings": settings_command,
    HOME_COMMAND: home_view,
}
HELP = [("settings", "home.help.settings")]
BARE = ("settings", HOME_COMMAND)
