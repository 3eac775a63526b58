"""The interactive console: the embedded default when no Slack or Teams credentials are set.

Type `/vakt help`. Buttons are pressed with `/vakt press <action> <value>`. Scheduled messages
(digests, alerts, reminders) appear as they fall due.
"""

from __future__ import annotations

import asyncio
import shlex
from datetime import UTC, datetime
from typing import TextIO

from bot.app import App
from bot.i18n import t
from bot.messages.console import to_text
from bot.requests import ActionRequest, Request
from bot.runtime.loop import scheduler_loop
from bot.runtime.pollers import start_pollers
from bot.runtime.sample_data import seed_if_empty
from bot.transports.console import ConsoleTransport
from handlers.dispatch import dispatch, dispatch_action


def console_request(
    app: App, person: str | None, line: str, now: datetime
) -> Request | ActionRequest:
    text = line.strip()
    for prefix in ("/vakt", "vakt", "@vaktbot"):
        if text.lower().startswith(prefix):
            text = text[len(prefix) :].strip()
            break
    locale = app.config.locale_of(person)
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
    team = app.config.teams_of(person)[0].id if person and app.config.teams_of(person) else None
    return Request(
        platform="console",
        person=person,
        text=text,
        now=now,
        locale=locale,
        platform_user=person or "",
        team=team,
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


def handle_line(app: App, person: str | None, line: str, now: datetime) -> str:

    req = console_request(app, person, line, now)
    if isinstance(req, ActionRequest):
        reply = dispatch_action(app, req)
        if reply is None:
            return t(req.locale, "console.unknown_action", action=req.action)
    else:
        reply = dispatch(app, req)
    return to_text(reply.message)


def _default_person(app: App) -> str | None:
    return app.config.teams[0].lead if app.config.teams else None


async def run_console(app: App, *, as_person: str | None, stdin: TextIO) -> None:

    person = as_person or _default_person(app)
    locale = app.config.locale_of(person)
    seeded = seed_if_empty(app, datetime.now(UTC))
    transport = ConsoleTransport(clock=lambda: datetime.now(UTC))
    print(t(locale, "console.welcome", name=app.config.organisation.name, person=person or "?"))
    if seeded:
        print(t(locale, "console.seeded", comments=seeded))
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
            print(handle_line(app, person, line, datetime.now(UTC)))
    finally:
        stop.set()
        await loop_task
        await asyncio.gather(*pollers, return_exceptions=True)
