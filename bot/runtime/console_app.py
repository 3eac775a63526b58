"""The interactive console: the embedded default when no Slack or Teams credentials are set.

Type `/vakt help`. Buttons are pressed with `/vakt press <action> <value>`, forms are filled in
the same way (`/vakt press home.settings_save locale=sv`). `/vakt as <person>` switches who you
are. Scheduled messages (digests, alerts, reminders) appear as they fall due; log lines go to a
file (see `vaktbot run --log-file`), never into the chat.

A console request is like a direct message to the bot in Slack: it comes from no team channel,
and its language is the person's choice in `/vakt settings`, else their configured language.
"""

from __future__ import annotations

import asyncio
import logging
import shlex
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TextIO
from zoneinfo import ZoneInfo

from aiohttp import web

from bot.app import App
from bot.config import Person
from bot.i18n import plural, t
from bot.messages.console import to_text
from bot.people import resolve_mention
from bot.prefs import reader_locale
from bot.requests import ActionRequest, Request
from bot.runtime.loop import scheduler_loop
from bot.runtime.pollers import start_pollers
from bot.runtime.sample_data import seed_if_empty
from bot.transports.console import ConsoleTransport
from bot.web.server import start_server
from handlers.dispatch import dispatch, dispatch_action

log = logging.getLogger("vaktbot.console")

PREFIXES = ("/vakt", "vakt", "@vaktbot")


def locale_for(app: App, person: str | None) -> str:
    """bot.prefs.pick_locale without a client: the chosen language (`/vakt settings`), else
    people[].locale, else the organisation's."""
    return reader_locale(app.sessions, app.config, person)


def _strip_prefix(line: str) -> str:
    text = line.strip()
    for prefix in PREFIXES:
        if text.lower().startswith(prefix):
            return text[len(prefix) :].strip()
    return text


def console_request(
    app: App, person: str | None, line: str, now: datetime
) -> Request | ActionRequest:
    text = _strip_prefix(line)
    locale = locale_for(app, person)
    parts = text.split(None, 2)
    if parts and parts[0].lower() == "press" and len(parts) >= 2:
        value, form = _press_args(parts[2] if len(parts) > 2 else "")
        return ActionRequest(
            platform="console",
            person=person,
            action=parts[1],
            value=value,
            now=now,
            locale=locale,
            platform_user=person or "",
            form=form,
        )
    return Request(
        platform="console",
        person=person,
        text=text,
        now=now,
        locale=locale,
        platform_user=person or "",
    )


def _press_args(rest: str) -> tuple[str, dict[str, str]]:
    """'7 title="Julekampanje" due=2026-12-01' -> ("7", {"title": ..., "due": ...})."""
    try:
        tokens = shlex.split(rest)
    except ValueError:
        tokens = rest.split()
    value = [tok for tok in tokens if "=" not in tok]
    form = dict(tok.split("=", 1) for tok in tokens if "=" in tok)
    return " ".join(value), form


@dataclass
class ConsoleSession:
    """Who is typing (``/vakt as <person>`` changes it) and what they see."""

    app: App
    person: str | None

    def handle(self, line: str, now: datetime) -> str:
        words = _strip_prefix(line).split(None, 1)
        if words and words[0].lower() in ("as", "som"):
            return self.switch(words[1] if len(words) > 1 else "")
        req = console_request(self.app, self.person, line, now)
        if isinstance(req, ActionRequest):
            reply = dispatch_action(self.app, req)
            if reply is None:
                return t(req.locale, "console.unknown_action", action=req.action)
        else:
            reply = dispatch(self.app, req)
        # a refused form comes back with its errors per field (Slack shows them in the modal)
        errors = reply.extra.get("errors") if isinstance(reply.extra, dict) else None
        body = to_text(reply.message)
        shown = [str(m) for m in errors.values()] if isinstance(errors, dict) else []
        return "\n".join([*(m for m in shown if m not in body), body])

    def switch(self, who: str) -> str:
        loc = locale_for(self.app, self.person)
        if not who.strip():
            people = ", ".join(f"{p.id} ({p.name})" for p in self.app.config.people)
            return t(loc, "console.as.usage", people=people)
        person = resolve_mention(self.app.config, who.strip())
        if person is None:
            return t(loc, "common.unknown_person", who=who.strip())
        self.person = person.id
        return self.whoami(person)

    def whoami(self, person: Person) -> str:
        loc = locale_for(self.app, person.id)
        teams = ", ".join(tm.name for tm in self.app.config.teams_of(person.id))
        role = t(loc, f"console.role.{person.role}")
        key = "console.as.switched" if teams else "console.as.switched_no_team"
        return t(loc, key, name=person.name, id=person.id, role=role, teams=teams)


def handle_line(app: App, person: str | None, line: str, now: datetime) -> str:
    """One line as ``person`` (``/vakt as`` only lasts for that line here)."""
    return ConsoleSession(app, person).handle(line, now)


def _default_person(app: App) -> str | None:
    return app.config.teams[0].lead if app.config.teams else None


async def run_console(
    app: App, *, as_person: str | None, stdin: TextIO, log_path: str | None = None
) -> None:
    session = ConsoleSession(app, as_person or _default_person(app))
    now = app.clock()
    seeded = seed_if_empty(app, now)
    loc = locale_for(app, session.person)
    zone = ZoneInfo(app.tz)
    # the chat shows local, labelled times and no internal keys
    transport = ConsoleTransport(clock=lambda: app.clock().astimezone(zone), keys=False)
    print(t(loc, "console.welcome", name=app.config.organisation.name, person=session.person))
    if log_path:
        print(t(loc, "console.log_file", path=log_path))
    if seeded is not None:
        comments = plural(loc, "console.n_comments", seeded.comments)
        if seeded.plan_items:
            items = plural(loc, "console.n_plan_items", seeded.plan_items)
            print(t(loc, "console.seeded_plan", comments=comments, items=items))
        else:
            print(t(loc, "console.seeded", comments=comments))
        print(session.handle("/vakt plan 6", now))  # the coming deadlines, from the first start
    try:  # webhooks, calendar feeds and /healthz answer in the console too
        runner: web.AppRunner | None = await start_server(app)
    except OSError as exc:
        runner = None
        log.warning(
            "http server not started",
            extra={"host": app.secrets.http_host, "port": app.secrets.http_port, "error": str(exc)},
        )
    stop = asyncio.Event()
    loop_task = asyncio.create_task(scheduler_loop(app, transport, stop))
    pollers = start_pollers(app, stop)
    loop = asyncio.get_running_loop()
    try:
        while True:
            line = await loop.run_in_executor(None, stdin.readline)
            if not line:
                break
            if line.strip().lower() in ("quit", "exit", "/quit"):
                break
            if not line.strip():
                continue
            print(session.handle(line, app.clock().astimezone(UTC)))
    finally:
        stop.set()
        await loop_task
        await asyncio.gather(*pollers, return_exceptions=True)
        if runner is not None:
            await runner.cleanup()
