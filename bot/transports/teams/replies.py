"""The Teams bot's own replies and the small parsers of incoming Activities."""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Callable
from typing import Any

from botbuilder.schema import Activity

from bot.app import App
from bot.i18n import t
from bot.messages.model import Context, Header, ListBlock, Message, Reply, Section
from bot.messages.teams import to_teams_activity
from bot.policy import Act, decide
from bot.requests import Request
from bot.store.db import transaction
from bot.transports.teams import store
from handlers import dispatch

log = logging.getLogger("vaktbot.teams")

_MENTION = re.compile(r"<at[^>]*>.*?</at>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_PREFIX = re.compile(r"^(?:/?vakt|@?vaktbot)\b[:,]?\s*", re.IGNORECASE)
_SCOPES = {"personal": "personal", "channel": "channel", "groupChat": "group"}


def render(message: Message, image_urls: dict[str, str] | None = None) -> dict[str, Any]:

    return to_teams_activity(message, image_urls=image_urls)


def _bot_mentions(activity: Activity) -> set[str]:
    """The texts of the mentions of the bot itself ("<at>vaktbot</at>" or just "vaktbot")."""
    bot = activity.recipient
    names = {bot.name.lower()} if bot is not None and bot.name else set()
    for entity in activity.entities or []:
        props = getattr(entity, "additional_properties", None) or {}
        mentioned = props.get("mentioned") or {}
        if entity.type == "mention" and bot is not None and mentioned.get("id") == bot.id:
            text = _TAG.sub("", str(props.get("text") or "")).strip().lower()
            if text:
                names.add(text)
    return names


def _mentioned(activity: Activity) -> dict[str, str]:
    """The people mentioned in a message: the mention's name (lower case) -> their Teams id."""
    out: dict[str, str] = {}
    for entity in activity.entities or []:
        props = getattr(entity, "additional_properties", None) or {}
        mentioned = props.get("mentioned") or {}
        if entity.type == "mention" and mentioned.get("id"):
            name = html.unescape(_TAG.sub("", str(props.get("text") or ""))).strip().lower()
            out.setdefault(name, str(mentioned["id"]))
    return out


def command_text(activity: Activity, person_of: Callable[[str], str | None] | None = None) -> str:
    """The command in a message: the bot's mention, markup and a leading 'vakt' removed. Other
    people's mentions become one word each: ``@<person id>`` when ``person_of`` knows the
    mentioned Teams user (``<at>Ola Hansen</at>`` with its entity -> ``@ola``), else the name
    with underscores (``@Ola_Hansen``), so a name of two words stays one argument."""
    bot_names = _bot_mentions(activity)
    mentioned = _mentioned(activity)

    def mention(m: re.Match[str]) -> str:
        name = " ".join(html.unescape(_TAG.sub("", m.group(0))).split())
        if name.lower() in bot_names:
            return " "
        user_id = mentioned.get(name.lower())
        person = person_of(user_id) if person_of is not None and user_id else None
        return f" @{person} " if person else f" @{name.replace(' ', '_')} "

    text = _MENTION.sub(mention, activity.text or "")
    text = html.unescape(_TAG.sub(" ", text)).replace("\xa0", " ")
    text = " ".join(text.split())
    for name in sorted(bot_names, key=len, reverse=True):
        if text.lower().startswith("@" + name):
            text = text[len(name) + 1 :].strip()
            break
    return _PREFIX.sub("", text, count=1).strip()


def tenant_of(activity: Activity) -> str | None:
    conv = activity.conversation
    if conv is not None and conv.tenant_id:
        return str(conv.tenant_id)
    data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    tenant = data.get("tenant") if isinstance(data.get("tenant"), dict) else None
    return str(tenant["id"]) if tenant and tenant.get("id") else None


def team_id_of(activity: Activity) -> str | None:
    data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    team = data.get("team") if isinstance(data.get("team"), dict) else None
    return str(team["id"]) if team and team.get("id") else None


def legacy_reply_to(activity: Activity) -> str | None:
    """The card a button was on, where Teams says it only in ``channelData.legacy.replyToId``
    (an Action.Submit in a channel from some clients)."""
    data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    legacy = data.get("legacy") if isinstance(data.get("legacy"), dict) else None
    value = legacy.get("replyToId") if legacy else None
    return value if isinstance(value, str) and value else None


def sent_channel(conversation_id: str, card_id: str | None) -> str:
    """The conversation a card was posted to, as the transport recorded it in Sent.channel."""
    if card_id and conversation_id.endswith(f";messageid={card_id}"):
        return store.base_conversation_id(conversation_id)
    return conversation_id


def scope_of(a: Activity) -> str:
    """personal | channel | team (a team's General channel) | group."""
    conv_type = (a.conversation.conversation_type if a.conversation else None) or "personal"
    scope = _SCOPES.get(conv_type, conv_type[:20])
    team_id = team_id_of(a)
    address = store.base_conversation_id(a.conversation.id)
    if scope == "channel" and team_id and address == team_id:
        return "team"  # the team's General channel, where an install in a team lands
    return scope


def welcome_message(app: App, scope: str, locale: str) -> Message:
    """Personal chat: what the bot can do; a channel or group chat: a short introduction."""
    tz = app.config.organisation.timezone
    if scope != "personal":
        return Message(
            text=t(locale, "teams.welcome.channel.text"),
            blocks=(
                Section(t(locale, "teams.welcome.channel.text")),
                Context(t(locale, "teams.welcome.channel.hint")),
            ),
            locale=locale,
            tz=tz,
        )
    examples = tuple(
        f"{cmd} — {t(locale, key)}".replace("/vakt ", "")
        for cmd, key in dispatch.help_entries()[:8]
    )
    return Message(
        text=t(locale, "teams.welcome.personal.text"),
        blocks=(
            Header(t(locale, "teams.welcome.personal.title")),
            Section(t(locale, "teams.welcome.personal.intro")),
            ListBlock(examples, title=t(locale, "teams.welcome.personal.commands")),
            Context(t(locale, "teams.welcome.personal.footer")),
        ),
        locale=locale,
        tz=tz,
    )


def error_reply(locale: str) -> Reply:
    text = t(locale, "teams.error")
    return Reply(Message(text=text, blocks=(Section(text),), locale=locale))


def link_reply(app: App, activity: Activity, request: Request) -> Reply:
    """`link <team-id>` in a channel: deliver "channel:<team>" messages here."""
    a, loc, config = activity, request.locale, app.config
    names = ", ".join([tm.id for tm in config.teams] + ["management"])

    def say(text: str, ephemeral: bool = True) -> Reply:
        return Reply(Message(text=text, blocks=(Section(text),), locale=loc), ephemeral)

    if (a.conversation.conversation_type or "personal") != "channel":
        return say(t(loc, "teams.link.channel_only"))
    if not request.args:
        return say(t(loc, "teams.link.usage", teams=names))
    team = request.args[0].strip().lower()
    if not decide(config, request.person, Act.LINK_CHANNEL, team=team):
        return say(t(loc, "teams.link.not_allowed"))
    cfg = config.team(team)
    if cfg is None and team != "management":
        return say(t(loc, "teams.link.unknown", team=team, teams=names))
    with transaction(app.sessions) as s:
        store.bind_channel(s, team, a.conversation.id, request.now, request.person)
    label = cfg.name if cfg else t(loc, "teams.link.management")
    log.info("teams channel linked", extra={"team": team})
    return say(t(loc, "teams.link.done", team=label), ephemeral=False)
