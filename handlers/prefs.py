"""/vakt mute <kind> and /vakt unmute <kind>: every kind of DM can be turned off."""

from __future__ import annotations

from collections.abc import Callable

from bot.app import App
from bot.i18n import t
from bot.messages.model import Message, Reply, Section
from bot.prefs import MUTABLE, mute_kind, set_muted
from bot.requests import ActionRequest, Request


def _reply(app: App, locale: str, text: str) -> Reply:
    return Reply(Message(text=text, blocks=(Section(text),), locale=locale, tz=app.tz))


def _set(app: App, req: Request, muted: bool) -> Reply:
    loc = req.locale
    if req.person is None:
        return _reply(app, loc, t(loc, "common.not_registered"))
    kind = mute_kind(req.args[0]) if req.args else None
    if kind is None:
        kinds = ", ".join(t(loc, f"prefs.word.{k}") for k in MUTABLE)
        return _reply(app, loc, t(loc, "prefs.usage", kinds=kinds))
    with app.sessions.begin() as s:
        set_muted(s, req.person, kind, muted, req.now)
    name = t(loc, f"prefs.kind.{kind}")
    return _reply(app, loc, t(loc, "prefs.muted" if muted else "prefs.unmuted", kind=name))


def mute(app: App, req: Request) -> Reply:
    return _set(app, req, True)


def unmute(app: App, req: Request) -> Reply:
    return _set(app, req, False)


ACTIONS: dict[str, Callable[[App, ActionRequest], Reply]] = {}
COMMANDS = {"mute": mute, "unmute": unmute}
BARE: tuple[str, ...] = ()
HELP = [("mute", "prefs.help.mute")]
