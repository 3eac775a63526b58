"""Neutral requests to the feature that answers them: an explicit list of features, each with
  COMMANDS: {"who": fn(app, request) -> Reply, ...}   subcommands of /vakt
  ACTIONS:  {"duty.swap_accept": fn(app, action_request) -> Reply, ...}   buttons and forms
  HELP:     [("who", "duty.help.who"), ...]   (subcommand, text key of its one-line help)
  BARE:     ("who", ...)   the commands that take no arguments (more words: not that command)
Transports call only ``dispatch`` and ``dispatch_action`` (and ``commands`` / ``actions`` /
``help_entries`` to know what exists).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from bot.app import App
from bot.i18n import t
from bot.messages.model import Message, Reply, Section
from bot.requests import ActionRequest, Request
from handlers import digest, duty, help, home, prefs
from handlers.moderation import comments as moderation
from handlers.plan import commands as plan

log = logging.getLogger("vaktbot.handlers")

FEATURES = (duty, plan, moderation, digest, prefs, home)


def help_entries() -> list[tuple[str, str]]:
    return [*help.HELP, *(entry for f in FEATURES for entry in f.HELP)]


def _help(app: App, request: Request) -> Reply:
    return help.help_reply(app, request, help_entries())


def _help_button(app: App, request: ActionRequest) -> Reply:
    return help.help_reply(app, request.as_command("help"), help_entries())


def commands() -> dict[str, Callable[[App, Request], Reply]]:
    out: dict[str, Any] = dict.fromkeys(help.NAMES, _help)
    for f in FEATURES:
        out.update(f.COMMANDS)
    return out


def bare_commands() -> set[str]:
    """Commands that take no arguments (each feature's BARE)."""
    return {name for f in FEATURES for name in f.BARE}


def is_whole_command(request: Request) -> bool:
    """Only a whole command is one: a command that takes no arguments followed by more words
    ("Who is Ezra?") is something else. (A question mark alone decides nothing: a plan item
    may well be called "Hvem tar julen?".)"""
    return not (request.command in bare_commands() and request.args)


def actions() -> dict[str, Callable[[App, ActionRequest], Reply]]:
    out: dict[str, Any] = {home.HELP_ACTION: _help_button}
    for f in FEATURES:
        out.update(f.ACTIONS)
    return out


def _not_set_up(app: App, locale: str) -> Reply:
    text = t(locale, "common.not_registered")
    return Reply(Message(text, (Section(text),), locale=locale, tz=app.tz))


def dispatch(app: App, request: Request) -> Reply:
    """The feature's answer; someone not in vaktbot.yml gets help and nothing else."""
    handler = commands().get(request.command)
    if handler is None:
        return help.unknown_reply(app, request, help_entries())
    if not is_whole_command(request):
        return help.not_a_command_reply(app, request, help_entries())
    if request.person is None and request.command not in (*help.NAMES, home.HOME_COMMAND):
        return _not_set_up(app, request.locale)
    return handler(app, request)


def dispatch_action(app: App, request: ActionRequest) -> Reply | None:
    handler = actions().get(request.action)
    if handler is None:
        log.debug("unknown action", extra={"action": request.action})
        return None
    if request.person is None and request.action != home.HELP_ACTION:
        return _not_set_up(app, request.locale)
    return handler(app, request)
