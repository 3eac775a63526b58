"""Where Teams conversations are: stored conversation references, channel bindings, welcomes.

No botbuilder here: references are kept as the plain JSON dicts botbuilder serialises, so the
transport can be moved to the Microsoft 365 Agents SDK without a data migration.

A ``conversation_refs`` row (platform "teams") per conversation:
  address   the conversation id (for a channel: without the ";messageid=..." thread suffix)
  scope     personal | channel | team (the team's General channel at install) | group |
            member (a member of a team the app is installed in; see "the roster" below)
  user_id   the user's AAD object id (personal chats)
  tenant_id the tenant
  reference {"ref": <ConversationReference JSON>, "email": ..., "teams_user_id": ...,
             "team_id": ...}
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.config import Config
from bot.prefs import LINK_PREFIX
from bot.store.models import ConversationRef, SeenEvent, Setting
from bot.store.upsert import claim_event, insert_ignore

PLATFORM = "teams"
WELCOME_SOURCE = "teams.welcome"
BINDING_PREFIX = LINK_PREFIX  # "teams.channel.<team>"
T = TypeVar("T")


def base_conversation_id(conversation_id: str) -> str:
    """'19:abc@thread.tacv2;messageid=123' -> '19:abc@thread.tacv2'."""
    return conversation_id.split(";messageid=", 1)[0]


def thread_conversation_id(conversation_id: str, root_message_id: str) -> str:
    return f"{base_conversation_id(conversation_id)};messageid={root_message_id}"


class _Kept(Generic[T]):
    """A value of one type kept in a :class:`StoredRef`'s data under the attribute's name."""

    def __init__(self, kind: type[T]) -> None:
        self.kind = kind
        self.key = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.key = name

    def __get__(self, ref: StoredRef, owner: type | None = None) -> T | None:
        value = ref.data.get(self.key)
        return value if isinstance(value, self.kind) else None


@dataclass(frozen=True)
class StoredRef:
    address: str
    scope: str
    user_id: str | None
    tenant_id: str | None
    data: dict[str, Any]

    @property
    def reference(self) -> dict[str, Any]:
        ref = self.data.get("ref")
        return dict(ref) if isinstance(ref, dict) else {}

    # what else is kept with the reference (None when missing or of another type)
    email = _Kept(str)
    teams_user_id = _Kept(str)
    name = _Kept(str)
    team_id = _Kept(str)
    dm_refused = _Kept(int)  # a roster member: the HTTP status their personal chat was refused with


def _row_to_ref(row: ConversationRef) -> StoredRef:
    return StoredRef(row.address, row.scope, row.user_id, row.tenant_id, dict(row.reference))


def save_reference(
    session: Session,
    *,
    address: str,
    scope: str,
    user_id: str | None,
    tenant_id: str | None,
    data: dict[str, Any],
    now: datetime,
) -> None:
    """Insert or refresh a conversation's reference (keeps a known e-mail if none is given)."""
    existing = session.scalar(
        select(ConversationRef).where(
            ConversationRef.platform == PLATFORM, ConversationRef.address == address
        )
    )
    if existing is not None:
        merged = dict(existing.reference)
        merged.update({k: v for k, v in data.items() if v is not None})
        existing.reference = merged
        existing.scope = scope
        existing.user_id = user_id or existing.user_id
        existing.tenant_id = tenant_id or existing.tenant_id
        existing.updated_at = now
        return
    insert_ignore(
        session,
        ConversationRef,
        {
            "platform": PLATFORM,
            "address": address,
            "scope": scope,
            "user_id": user_id,
            "tenant_id": tenant_id,
            "reference": data,
            "updated_at": now,
        },
        conflict=["platform", "address"],
    )


def delete_reference(session: Session, address: str) -> None:
    session.execute(
        delete(ConversationRef).where(
            ConversationRef.platform == PLATFORM, ConversationRef.address == address
        )
    )
    session.execute(
        delete(SeenEvent).where(
            SeenEvent.source == WELCOME_SOURCE, SeenEvent.event_id == _welcome_id(address)
        )
    )


def get_reference(session: Session, address: str) -> StoredRef | None:
    row = session.scalar(
        select(ConversationRef).where(
            ConversationRef.platform == PLATFORM,
            ConversationRef.address == base_conversation_id(address),
        )
    )
    return _row_to_ref(row) if row is not None else None


def any_reference(session: Session) -> StoredRef | None:
    """Some stored reference (for its serviceUrl/bot/tenant when only a channel id is known)."""
    row = session.scalar(
        select(ConversationRef)
        .where(ConversationRef.platform == PLATFORM)
        .order_by(ConversationRef.updated_at.desc(), ConversationRef.id.desc())
        .limit(1)
    )
    return _row_to_ref(row) if row is not None else None


def personal_references(session: Session) -> list[StoredRef]:
    rows = session.scalars(
        select(ConversationRef)
        .where(ConversationRef.platform == PLATFORM, ConversationRef.scope == "personal")
        .order_by(ConversationRef.updated_at.desc(), ConversationRef.id.desc())
    ).all()
    return [_row_to_ref(r) for r in rows]


def personal_reference_for_user(
    session: Session,
    *,
    aad_id: str | None = None,
    teams_user_id: str | None = None,
    email: str | None = None,
) -> StoredRef | None:
    """The personal chat with a user, by AAD object id, Teams user id (29:...) or e-mail."""
    wanted_email = email.lower() if email else None
    for ref in personal_references(session):
        if aad_id and ref.user_id == aad_id:
            return ref
        if teams_user_id and ref.teams_user_id == teams_user_id:
            return ref
        if wanted_email and ref.email and ref.email.lower() == wanted_email:
            return ref
    return None


def known_email(session: Session, aad_id: str | None, teams_user_id: str | None) -> str | None:
    ref = personal_reference_for_user(session, aad_id=aad_id, teams_user_id=teams_user_id)
    if ref is not None and ref.email:
        return ref.email
    member = member_for_user(session, aad_id=aad_id or teams_user_id, email=None)
    return member.email if member else None


# --- welcome once per install ---------------------------------------------------------------


def _welcome_id(address: str) -> str:
    return hashlib.sha256(address.encode("utf-8")).hexdigest()[:64]


def claim_welcome(session: Session, address: str, now: datetime) -> bool:
    """True exactly once per install of the bot in a conversation (atomic across replicas)."""
    return claim_event(session, WELCOME_SOURCE, _welcome_id(address), now)


def release_welcome(session: Session, address: str) -> None:
    """Forget a claimed welcome (the welcome could not be sent)."""
    session.execute(
        delete(SeenEvent).where(
            SeenEvent.source == WELCOME_SOURCE, SeenEvent.event_id == _welcome_id(address)
        )
    )


# --- channel bindings: "channel:<team>" -> a Teams channel ----------------------------------


def bind_channel(
    session: Session, team: str, conversation_id: str, now: datetime, by: str | None
) -> None:
    key = BINDING_PREFIX + team
    value = {"conversation_id": base_conversation_id(conversation_id)}
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value, updated_at=now, updated_by=by))
    else:
        row.value, row.updated_at, row.updated_by = value, now, by


def bound_channel(session: Session, team: str) -> str | None:
    row = session.get(Setting, BINDING_PREFIX + team)
    if row is None or not isinstance(row.value, dict):
        return None
    conv = row.value.get("conversation_id")
    return conv if isinstance(conv, str) and conv else None


def configured_channel(config: Config, team: str) -> str | None:
    """The Teams channel id vaktbot.yml names for a team (or "management")."""
    if team == "management":
        channel = config.digest.management_channel
        return channel.teams if channel else None
    cfg = config.team(team)
    return cfg.channel.teams if cfg else None


def channel_for_team(session: Session, config: Config, team: str) -> str | None:
    """A binding made with `link <team>` wins over the id in vaktbot.yml."""
    return bound_channel(session, team) or configured_channel(config, team)


def team_for_channel(session: Session, config: Config, conversation_id: str) -> str | None:
    """Which configured team (or "management") a channel belongs to, if any."""
    base = base_conversation_id(conversation_id)
    candidates = [t.id for t in config.teams] + ["management"]
    for team in candidates:
        if channel_for_team(session, config, team) == base:
            return team
    return None


# --- the roster: members of the teams the app is installed in -------------------------------
#
# A ``conversation_refs`` row with scope "member" per (tenant, Entra object id), read through the
# Bot Connector when the app is installed in a team (TeamsInfo: GET /v3/conversations/{team}/
# members). ``reference`` holds the team's conversation reference (service URL, bot, tenant),
# the member's Teams user id (29:...), e-mail or UPN, display name and Teams team id, and,
# once the connector refused to open a personal chat with them, ``dm_refused`` (the HTTP status).
# The personal chat itself is created on the first message that needs it (transport.py).

MEMBER_SCOPE = "member"


def member_address(tenant_id: str | None, aad_id: str) -> str:
    return f"member:{tenant_id or ''}:{aad_id}"


def save_member(
    session: Session,
    *,
    tenant_id: str | None,
    aad_id: str,
    teams_user_id: str,
    name: str | None,
    email: str | None,
    team_id: str,
    reference: dict[str, Any],
    now: datetime,
) -> None:
    save_reference(
        session,
        address=member_address(tenant_id, aad_id),
        scope=MEMBER_SCOPE,
        user_id=aad_id,
        tenant_id=tenant_id,
        data={
            "ref": reference,
            "teams_user_id": teams_user_id,
            "name": name,
            "email": email,
            "team_id": team_id,
        },
        now=now,
    )


def members(session: Session) -> list[StoredRef]:
    rows = session.scalars(
        select(ConversationRef)
        .where(ConversationRef.platform == PLATFORM, ConversationRef.scope == MEMBER_SCOPE)
        .order_by(ConversationRef.updated_at.desc(), ConversationRef.id.desc())
    ).all()
    return [_row_to_ref(r) for r in rows]


def member_for_user(session: Session, *, aad_id: str | None, email: str | None) -> StoredRef | None:
    """A roster member by Entra object id / Teams user id (``teams_id`` in vaktbot.yml) or
    e-mail / UPN."""
    wanted_email = email.lower() if email else None
    for ref in members(session):
        if aad_id and aad_id in (ref.user_id, ref.teams_user_id):
            return ref
        if wanted_email and ref.email and ref.email.lower() == wanted_email:
            return ref
    return None


def mark_dm_refused(session: Session, address: str, status: int, now: datetime) -> None:
    """The connector refused to open a personal chat with this member (403/404)."""
    row = session.scalar(
        select(ConversationRef).where(
            ConversationRef.platform == PLATFORM, ConversationRef.address == address
        )
    )
    if row is not None:
        row.reference = {**row.reference, "dm_refused": status}
        row.updated_at = now


def forget_team(session: Session, team_id: str) -> int:
    """The app was removed from a team: drop its roster, the references of its channels (so a
    new install is welcomed again) and every `link` binding to one of them. Returns how many
    rows went."""
    rows = session.scalars(
        select(ConversationRef).where(ConversationRef.platform == PLATFORM)
    ).all()
    addresses = {team_id}
    gone = 0
    for row in rows:
        if row.scope in (MEMBER_SCOPE, "channel", "team") and (
            row.reference.get("team_id") == team_id or row.address == team_id
        ):
            if row.scope != MEMBER_SCOPE:
                addresses.add(row.address)
            session.delete(row)
            gone += 1
    for address in addresses:
        release_welcome(session, address)
    bindings = session.scalars(select(Setting).where(Setting.key.startswith(BINDING_PREFIX)))
    for setting in bindings.all():
        value = setting.value if isinstance(setting.value, dict) else {}
        if value.get("conversation_id") in addresses:
            session.delete(setting)
            gone += 1
    return gone
