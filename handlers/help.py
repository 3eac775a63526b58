"""/vakt help: every subcommand with an example."""

from __future__ import annotations

from bot.app import App
from bot.i18n import t
from bot.messages.model import Block, Header, ListBlock, Message, Reply, Section
from bot.requests import Request

PREFIX = {"slack": "/vakt ", "console": "/vakt ", "teams": "@vaktbot "}


def _help_message(
    app: App, locale: str, intro: str | None = None, platform: str = "slack"
) -> Message:
    from handlers import help_entries

    prefix = PREFIX.get(platform, "/vakt ")
    lines = []
    for cmd, key in help_entries():
        line = t(locale, key)
        if platform == "teams":
            line = line.replace("`/vakt ", "`@vaktbot ")
        lines.append(f"`{prefix}{cmd}` — {line}")
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


def help_reply(app: App, request: Request) -> Reply:
    return Reply(_help_message(app, request.locale, platform=request.platform))


def unknown_reply(app: App, request: Request) -> Reply:
    intro = t(request.locale, "common.unknown_command", command=request.command)
    return Reply(_help_message(app, request.locale, intro, request.platform))


COMMANDS = {"help": help_reply, "hjelp": help_reply, "hjälp": help_reply}
HELP = [("help", "help.help")]
