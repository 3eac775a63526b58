"""/vakt digest (the current morning digest, only for the asker) and /vakt report (quarter or
half-year figures)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from bot.app import App
from bot.dateparse import parse_report_period
from bot.digest.collect import collect_daily, collect_report
from bot.digest.daily import build_daily
from bot.digest.model import Audience
from bot.digest.reports import build_report
from bot.i18n import t
from bot.messages.model import Context, Message, Reply
from bot.policy import Act, decide
from bot.requests import ActionRequest, Request


def _text_reply(app: App, locale: str, text: str) -> Reply:
    return Reply(Message(text=text, locale=locale, tz=app.config.organisation.timezone))


def _team_for(app: App, request: Request) -> str | None:
    arg = request.args[0] if request.args else None
    if arg and app.config.team(arg):
        return arg
    if request.team and app.config.team(request.team):
        return request.team
    if request.person:
        teams = app.config.teams_of(request.person)
        if len(teams) == 1:
            return teams[0].id
    return None


def digest_command(app: App, request: Request) -> Reply:
    """The daily digest as it would look now, shown only to the asker (nothing is posted)."""

    locale = request.locale
    if request.person is None:
        return _text_reply(app, locale, t(locale, "common.not_registered"))
    team_id = _team_for(app, request)
    if team_id is None:
        example = app.config.teams[0].id if app.config.teams else "team-1"
        return _text_reply(app, locale, t(locale, "digest.no_team", example=example))
    with app.sessions() as session:
        data = collect_daily(app, session, team_id, request.now, locale=locale)
        message = build_daily(data)
    preview = Context(t(locale, "digest.preview"))
    return Reply(replace(message, blocks=(preview, *message.blocks)), ephemeral=True)


def report_command(app: App, request: Request) -> Reply:
    """/vakt report q3 | 2026-H1 [team]: the period's figures per account, with chart and CSV."""

    locale = request.locale
    verdict = decide(app.config, request.person, Act.READ_REPORTS)
    if not verdict:
        return _text_reply(app, locale, t(locale, verdict.reason))
    cal = app.config.work_calendar()
    today = request.now.astimezone(cal.zone).date()
    value = request.args[0] if request.args else ""
    period = parse_report_period(value, today) if value else None
    if period is None:
        return _text_reply(app, locale, t(locale, "digest.report.bad_period", value=value))
    team_id = (
        request.args[1] if len(request.args) > 1 and app.config.team(request.args[1]) else None
    )
    with app.sessions() as session:
        data = collect_report(app, session, period, request.now, Audience(team_id, locale))
    return Reply(build_report(data, today), ephemeral=True)


ACTIONS: dict[str, Callable[[App, ActionRequest], Reply]] = {}
COMMANDS = {
    "digest": digest_command,
    "oppsummering": digest_command,
    "sammanfattning": digest_command,
    "report": report_command,
    "rapport": report_command,
}
HELP = [("digest", "digest.help.digest"), ("report", "digest.help.report")]
BARE: tuple[str, ...] = ()
