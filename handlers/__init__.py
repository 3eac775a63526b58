"""What the bot does when someone talks to it.

Each feature module here exports
  COMMANDS: {"who": fn(app, request) -> Reply, ...}   subcommands of /vakt
  ACTIONS:  {"duty.swap_accept": fn(app, action_request) -> Reply, ...}   buttons and forms
  HELP:     [("who", "duty.help.who"), ...]   (subcommand, text key of its one-line help)
and this package dispatches neutral requests to them. Transports call only ``dispatch`` and
``dispatch_action``.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from functools import lru_cache
from types import ModuleType
from typing import Any

from bot.app import App
from bot.messages.model import Reply
from bot.requests import ActionRequest, Request

log = logging.getLogger("vaktbot.handlers")

FEATURES = ("help", "duty", "plan", "moderation", "digest", "prefs", "home")


@lru_cache(maxsize=1)
def _modules() -> tuple[ModuleType, ...]:
    mods = []
    for name in FEATURES:
        try:
            mods.append(importlib.import_module(f"handlers.{name}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"handlers.{name}":
                raise
    return tuple(mods)


def commands() -> dict[str, Callable[[App, Request], Reply]]:
    out: dict[str, Any] = {}
    for mod in _modules():
        out.update(getattr(mod, "COMMANDS", {}))
    return out


def actions() -> dict[str, Callable[[App, ActionRequest], Reply]]:
    out: dict[str, Any] = {}
    for mod in _modules():
        out.update(getattr(mod, "ACTIONS", {}))
    return out


def help_entries() -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for mod in _modules():
        out.extend(getattr(mod, "HELP", []))
    return out


def dispatch(app: App, request: Request) -> Reply:
    from handlers.help import help_reply, unknown_reply

    handler = commands().get(request.command)
    if handler is None:
        if request.command == "help":
            return help_reply(app, request)
        return unknown_reply(app, request)
    return handler(app, request)


def dispatch_action(app: App, request: ActionRequest) -> Reply | None:
    handler = actions().get(request.action)
    if handler is None:
        log.debug("unknown action", extra={"action": request.action})
        return None
    return handler(app, request)
