"""/vakt help: every subcommand with an example."""

from __future__ import annotations

from collections.abc import Sequence

from bot.app import App
from bot.i18n import t
from bot.messages.markup import quote
from bot.messages.model import Block, Header, ListBlock, Message, Reply, Section
from bot.requests import Request

PREFIX = {"slack": "/vakt ", "console": "/vakt ", "teams": "@vaktbot "}


def help_message(
    app: App,
    locale: str,
    entries: Sequence[tuple[str, str]],
    intro: str | None = None,
    platform: str = "slack",
) -> Message:
    """Every subcommand with its one-line help (``entries``: (subcommand, text key))."""

    prefix = PREFIX.get(platform, "/vakt ")
    lines = []
    for cmd, key in entries:
        line = t(locale, key)
        if platform == "teams":
            line = line.replace("`/vakt ", "`@vaktbot ")
        lines.append(f"`{prefix}{quote(cmd)}` — {line}")
    blocks: list[Block] = [Header(t(locale, "help.title"))]
    if intro:
        blocks.append(Section(intro))
    blocks.append(ListBlock(tuple(lines)))
    return Message(
        text=intro or t(locale, "help.title"),
        blocks=tuple(blocks),
        locale=locale,
        tz=app.config.organisation.timezone,
    )


def help_reply(app: App, request: Request, entries: Sequence[tuple[str, str]]) -> Reply:
    return Reply(help_message(app, request.locale, entries, platform=request.platform))


def unknown_reply(app: App, request: Request, entries: Sequence[tuple[str, str]]) -> Reply:
    intro = t(request.locale, "common.unknown_command", command=request.command)
    return Reply(help_message(app, request.locale, entries, intro, request.platform))


def not_a_command_reply(app: App, request: Request, entries: Sequence[tuple[str, str]]) -> Reply:
    """Text that starts like a command but is not one ("Who is Ezra?")."""
    intro = t(request.locale, "common.not_a_command", text=request.text.strip()[:80])
    return Reply(help_message(app, request.locale, entries, intro, request.platform))


NAMES = ("help", "hjelp", "hjälp")
HELP = [("help", "help.help")]
