"""Per-person preferences set from chat: muting a kind of DM, the language vaktbot answers in.
Stored in the settings table."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from bot.config import Config
from bot.i18n import LOCALES, keywords, supported_locale
from bot.store.models import Setting

MUTABLE = ("duty", "plan", "digest")
# what people type after /vakt mute, in Norwegian, Swedish and English
MUTE_WORDS = keywords(
    {
        "duty": "duty vakt vakter vaktmeldinger jour jourmeddelanden shifts",
        "plan": "plan planen årshjul årshjulet arshjul frister deadlines deadline",
        "digest": "digest digests oppsummering oppsummeringer sammendrag sammanfattning "
        "sammanfattningar",
    }
)


def mute_kind(word: str) -> str | None:
    """The kind of DM a word names ("vakt", "jour", "duty" -> "duty"), or None."""
    return MUTE_WORDS.get(word.strip().casefold())


def _key(person: str, kind: str) -> str:
    return f"mute:{person}:{kind}"


def is_muted(session: Session, person: str, kind: str) -> bool:
    row = session.get(Setting, _key(person, kind))
    return bool(row and row.value)


def set_muted(session: Session, person: str, kind: str, muted: bool, now: datetime) -> None:
    if kind not in MUTABLE:
        raise ValueError(kind)
    session.merge(Setting(key=_key(person, kind), value=muted, updated_at=now, updated_by=person))


def locale_key(person: str) -> str:
    return f"home.locale.{person}"


def preferred_locale(session: Session, person: str | None) -> str | None:
    """The language the person chose in settings, or None to follow Slack."""
    if not person:
        return None
    row = session.get(Setting, locale_key(person))
    value = row.value if row is not None else None
    return value if isinstance(value, str) and value in LOCALES else None


def set_preferred_locale(session: Session, person: str, locale: str | None, now: datetime) -> None:
    """Choose the language vaktbot answers ``person`` in; None goes back to the platform's
    (or the configured) language by removing the choice."""
    row = session.get(Setting, locale_key(person))
    if locale is None:
        if row is not None:
            session.delete(row)
        return
    if locale not in LOCALES:
        raise ValueError(locale)
    if row is None:
        session.add(
            Setting(key=locale_key(person), value=locale, updated_at=now, updated_by=person)
        )
    else:
        row.value, row.updated_at, row.updated_by = locale, now, person


# --- which language, in every transport -----------------------------------------------------


def pick_locale(
    saved: str | None, person: str | None, client: str | None, organisation: str
) -> str:
    """The one precedence: the person's saved choice > their ``people[].locale`` in
    vaktbot.yml > the client's locale (Slack's users.info, the Teams activity; none in the
    console or for a message the bot sends on its own) > the organisation's."""
    for candidate in (saved, person, client):
        chosen = supported_locale(candidate)
        if chosen:
            return chosen
    return supported_locale(organisation) or "nb"


def configured_locale(config: Config, person: str | None) -> str | None:
    p = config.person(person) if person else None
    return p.locale if p is not None and p.locale else None


def locale_for(
    session: Session, config: Config, person: str | None, client: str | None = None
) -> str:
    return pick_locale(
        preferred_locale(session, person),
        configured_locale(config, person),
        client,
        config.organisation.locale,
    )


def reader_locale(
    sessions: sessionmaker[Session], config: Config, person: str | None, client: str | None = None
) -> str:
    """:func:`locale_for` in a session of its own (a message to ``person`` the bot sends on
    its own: no client locale)."""
    with sessions() as session:
        return locale_for(session, config, person, client)


# --- channels linked from chat ---------------------------------------------------------------

# `@vaktbot link <team>` in a Teams channel stores "<prefix><team>" (bot.transports.teams.store)
LINK_PREFIX = "teams.channel."


def linked(session: Session, team: str) -> bool:
    """Whether a channel was linked from chat to ``team`` (or "management")."""
    return session.get(Setting, LINK_PREFIX + team) is not None


def has_management_channel(session: Session, config: Config) -> bool:
    """A management channel named in vaktbot.yml, or linked with `@vaktbot link management`."""
    return config.digest.management_channel is not None or linked(session, "management")
