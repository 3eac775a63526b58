"""Who is who: platform user ids to configured people, and mentions in commands."""

from __future__ import annotations

import re

from bot.config import Config, Person

_SLACK_MENTION = re.compile(r"^<@([A-Z0-9]+)(?:\|[^>]*)?>$")


def person_for_platform_user(
    config: Config, platform: str, user_id: str | None, email: str | None = None
) -> Person | None:
    for p in config.people:
        if platform == "slack" and user_id and p.slack_id == user_id:
            return p
        if platform == "teams" and user_id and p.teams_id == user_id:
            return p
        if platform == "console" and user_id and p.id == user_id:
            return p
    if email:
        return next(
            (p for p in config.people if p.email and p.email.lower() == email.lower()), None
        )
    return None


def resolve_mention(config: Config, text: str) -> Person | None:
    """'@kari', 'kari', '<@U01KARI>' (Slack), 'Kari Nordmann' or an e-mail -> the person."""
    raw = text.strip()
    m = _SLACK_MENTION.match(raw)
    if m:
        return person_for_platform_user(config, "slack", m.group(1))
    raw = raw.lstrip("@").strip().lower()
    if not raw:
        return None
    # "@Ola_Hansen": a mention of a name in several words, kept as one argument
    wanted = {raw, raw.replace("_", " ")}
    for p in config.people:
        names = {p.id.lower(), p.name.lower(), p.name.split()[0].lower()}
        if p.email:
            names.add(p.email.lower())
        if wanted & names:
            return p
    return None
