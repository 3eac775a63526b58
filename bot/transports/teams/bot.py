"""The Teams bot: what happens when Teams sends an Activity to /api/messages.

* conversationUpdate / installationUpdate: the conversation reference is stored (personal chat,
  channel or team) so digests, alerts and reminders can reach it later, and ONE welcome goes out
  per install (personal chat: what the bot can do; channel: a short introduction).
* message: a command (``@vaktbot who`` in a channel, ``vakt who`` or ``who`` in personal chat)
  -> handlers.dispatch -> an Adaptive Card. Teams has no ephemeral messages: an answer meant for
  the asker alone, asked in a channel, goes to their personal chat when one is known, else into
  the thread. ``link <team-id>`` binds a channel to a configured team.
* message with a card payload (Action.Submit {"action", "value", ...form fields}):
  handlers.dispatch_action; the card is updated in place when the reply says so.
* Anything else, activities from another tenant and card payloads that match no action are
  ignored with a debug log.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from botbuilder.core import ActivityHandler, InvokeResponse, TurnContext
from botbuilder.core.teams import TeamsInfo
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import Activity, ActivityTypes, ConversationAccount

from bot.app import App
from bot.config import Person
from bot.messages.model import Reply
from bot.people import person_for_platform_user
from bot.prefs import reader_locale
from bot.requests import ActionRequest, Request
from bot.store.db import transaction
from bot.transports.base import PermanentError, TransientError
from bot.transports.teams import store
from bot.transports.teams.adapter import (
    CardActionResponse,
    RetryPolicy,
    connector_client,
    to_activity,
    with_retries,
)
from bot.transports.teams.replies import (
    command_text,
    error_reply,
    legacy_reply_to,
    link_reply,
    render,
    scope_of,
    sent_channel,
    team_id_of,
    tenant_of,
    welcome_message,
)
from handlers import dispatch

if TYPE_CHECKING:
    from bot.transports.teams.transport import TeamsTransport

log = logging.getLogger("vaktbot.teams")


class VaktbotTeamsBot(ActivityHandler):
    def __init__(
        self,
        app: App,
        adapter: CloudAdapter,
        transport: TeamsTransport,
        *,
        clock: Callable[[], datetime] | None = None,
        retry: RetryPolicy | None = None,
    ):
        self.app = app
        self.adapter = adapter
        self.transport = transport
        self._clock = clock  # None: the app's clock, read at every request
        self.retry = retry or transport.retry
        self._emails: dict[str, str | None] = {}

    def clock(self) -> datetime:
        return (self._clock or self.app.clock)()

    # --- routing -------------------------------------------------------------------------
    async def on_turn(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        wanted = self.app.secrets.teams_tenant_id
        if wanted and tenant_of(activity) != wanted:
            log.debug("ignored activity from another tenant", extra={"type": activity.type})
            return
        if activity.type == "message":
            await self._on_message(turn_context)
        elif activity.type == "conversationUpdate":
            await self._on_conversation_update(turn_context)
        elif activity.type == "installationUpdate":
            await self._on_installation_update(turn_context)
        elif activity.type == "invoke" and activity.name == "adaptiveCard/action":
            await self._on_card_invoke(turn_context)
        else:
            log.debug("ignored activity", extra={"activity_type": activity.type})

    async def _on_conversation_update(self, tc: TurnContext) -> None:
        a = tc.activity
        bot_id = a.recipient.id if a.recipient else None
        if any(m.id == bot_id for m in a.members_removed or []):
            self._forget(a)
            return
        ref = await self._remember(tc)
        bot_added = any(m.id == bot_id for m in a.members_added or [])
        people_added = any(m.id != bot_id for m in a.members_added or [])
        team_id = team_id_of(a)
        if team_id and (bot_added or people_added):
            await self._read_roster(tc, team_id)
        if bot_added:
            await self._welcome(tc, ref)

    async def _on_installation_update(self, tc: TurnContext) -> None:
        action = (tc.activity.action or "").lower()
        if action.startswith("remove"):
            self._forget(tc.activity)
            return
        ref = await self._remember(tc)
        team_id = team_id_of(tc.activity)
        if action.startswith("add") and team_id:
            await self._read_roster(tc, team_id)
        if action.startswith("add"):
            await self._welcome(tc, ref)

    # --- references ------------------------------------------------------------------------
    async def _remember(self, tc: TurnContext) -> store.StoredRef:
        """Store (or refresh) the reference of the conversation this activity came from."""
        a = tc.activity
        address = store.base_conversation_id(a.conversation.id)
        scope = scope_of(a)
        ref = TurnContext.get_conversation_reference(a).serialize()
        ref.pop("activityId", None)
        ref.setdefault("conversation", {})["id"] = address
        tenant = tenant_of(a)
        if tenant:
            ref["conversation"]["tenantId"] = tenant
        user = a.from_property
        data: dict[str, Any] = {"ref": ref, "team_id": team_id_of(a)}
        aad = None
        if scope == "personal" and user is not None:
            aad = user.aad_object_id or user.id
            data["teams_user_id"] = user.id
            data["email"] = await self._email(tc)
        with transaction(self.app.sessions) as s:
            store.save_reference(
                s,
                address=address,
                scope=scope,
                user_id=aad,
                tenant_id=tenant,
                data=data,
                now=self.clock(),
            )
            stored = store.get_reference(s, address)
        assert stored is not None
        return stored

    async def _read_roster(self, tc: TurnContext, team_id: str) -> int:
        """Keep every member of the team (Entra object id, Teams user id, tenant, e-mail or UPN,
        name), read through the Bot Connector (TeamsInfo: GET /v3/conversations/{team}/members),
        so a direct message can reach someone who never opened the bot. A failure only means
        the roster waits for the next install or membership change."""
        a = tc.activity
        tenant = tenant_of(a)
        try:
            client = connector_client(self.adapter, tc)
            found = await with_retries(
                lambda: client.conversations.get_conversation_members(team_id),
                self.retry,
                "roster",
            )
        except Exception as exc:
            log.warning("teams roster could not be read", extra={"error": type(exc).__name__})
            return 0
        reference = TurnContext.get_conversation_reference(a).serialize()
        reference.pop("activityId", None)
        reference.pop("user", None)
        reference["conversation"] = {
            "id": team_id,
            "conversationType": "channel",
            "tenantId": tenant,
            "isGroup": True,
        }
        kept = 0
        now = self.clock()
        with transaction(self.app.sessions) as s:
            for member in found or []:
                extra = getattr(member, "additional_properties", None) or {}
                aad = member.aad_object_id or extra.get("objectId")
                if not aad or not member.id:
                    continue
                email = extra.get("email") or extra.get("userPrincipalName")
                store.save_member(
                    s,
                    tenant_id=str(extra.get("tenantId") or tenant or "") or None,
                    aad_id=str(aad),
                    teams_user_id=str(member.id),
                    name=member.name,
                    email=str(email) if email else None,
                    team_id=team_id,
                    reference=reference,
                    now=now,
                )
                kept += 1
        log.info("teams roster read", extra={"members": kept})
        return kept

    def _forget(self, a: Activity) -> None:
        address = store.base_conversation_id(a.conversation.id)
        team_id = team_id_of(a)
        with transaction(self.app.sessions) as s:
            store.delete_reference(s, address)
            if team_id and address == team_id:  # removed from the team, not from one chat
                store.forget_team(s, team_id)
        log.info("teams app removed from a conversation", extra={"scope": scope_of(a)})

    # --- who is talking ------------------------------------------------------------------
    async def _email(self, tc: TurnContext) -> str | None:
        """The sender's e-mail: stored with their personal chat, else asked of Teams (cached)."""
        user = tc.activity.from_property
        if user is None or not user.id:
            return None
        if user.id in self._emails:
            return self._emails[user.id]
        with self.app.sessions() as s:
            email = store.known_email(s, user.aad_object_id, user.id)
        if email is None:
            try:
                connector_client(self.adapter, tc)
                member = await TeamsInfo.get_member(tc, user.id)
                email = member.email or member.user_principal_name
            except Exception as exc:  # a lookup failure only means "unknown person" (for now)
                log.debug("teams member lookup failed", extra={"error": type(exc).__name__})
                return None
        self._emails[user.id] = email
        return email

    async def _person(self, tc: TurnContext) -> Person | None:
        user = tc.activity.from_property
        if user is None:
            return None
        config = self.app.config
        person = person_for_platform_user(config, "teams", user.aad_object_id)
        person = person or person_for_platform_user(config, "teams", user.id)
        if person is not None:
            return person
        email = await self._email(tc)
        return person_for_platform_user(config, "teams", None, email) if email else None

    def _person_of_mention(self, user_id: str) -> str | None:
        """The configured person a mentioned Teams user (29:... id) is: by teams_id, or through
        their personal chat or roster entry (Entra object id, e-mail)."""
        config = self.app.config
        person = person_for_platform_user(config, "teams", user_id)
        if person is None:
            with self.app.sessions() as s:
                ref = store.personal_reference_for_user(s, teams_user_id=user_id)
                ref = ref or store.member_for_user(s, aad_id=user_id, email=None)
            if ref is not None:
                person = person_for_platform_user(config, "teams", ref.user_id, ref.email)
        return person.id if person else None

    def _locale(self, a: Activity, person: Person | None) -> str:
        """bot.prefs.pick_locale: saved choice > people[].locale > the Teams client's locale
        (the activity's) > organisation's."""
        return reader_locale(
            self.app.sessions, self.app.config, person.id if person else None, a.locale
        )

    # --- welcome ---------------------------------------------------------------------------
    async def _welcome(self, tc: TurnContext, ref: store.StoredRef) -> None:
        now = self.clock()
        with transaction(self.app.sessions) as s:
            first = store.claim_welcome(s, ref.address, now)
        if not first:
            log.debug("welcome already sent for this install", extra={"scope": ref.scope})
            return
        person = await self._person(tc) if ref.scope == "personal" else None
        message = welcome_message(self.app, ref.scope, self._locale(tc.activity, person))
        try:
            await self._send(tc, render(message), ref.address)
        except Exception:
            with transaction(self.app.sessions) as s:
                store.release_welcome(s, ref.address)
            raise
        log.info("teams welcome sent", extra={"scope": ref.scope})

    # --- sending within a turn -------------------------------------------------------------
    async def _send(
        self,
        tc: TurnContext,
        payload: dict[str, Any],
        conversation_id: str,
        reply_to: str | None = None,
    ) -> str | None:
        """Post into a conversation of this turn (reply_to: thread under that activity)."""
        client = connector_client(self.adapter, tc)
        activity = to_activity(payload)
        ref = TurnContext.get_conversation_reference(tc.activity)
        ref.activity_id = reply_to
        ref.conversation = ConversationAccount(
            id=conversation_id,
            conversation_type=tc.activity.conversation.conversation_type,
            tenant_id=tenant_of(tc.activity),
        )
        activity = TurnContext.apply_conversation_reference(activity, ref)
        if reply_to:
            call = lambda: client.conversations.reply_to_activity(  # noqa: E731
                conversation_id, reply_to, activity
            )
        else:
            call = lambda: client.conversations.send_to_conversation(  # noqa: E731
                conversation_id, activity
            )
        response = await with_retries(call, self.retry, "reply")
        return getattr(response, "id", None)

    async def _update(self, tc: TurnContext, payload: dict[str, Any], activity_id: str) -> None:
        client = connector_client(self.adapter, tc)
        activity = to_activity(payload)
        ref = TurnContext.get_conversation_reference(tc.activity)
        activity = TurnContext.apply_conversation_reference(activity, ref)
        activity.id = activity_id
        activity.reply_to_id = None
        conv = tc.activity.conversation.id
        await with_retries(
            lambda: client.conversations.update_activity(conv, activity_id, activity),
            self.retry,
            "update",
        )

    async def _answer(
        self, tc: TurnContext, reply: Reply, person: Person | None, *, card_id: str | None = None
    ) -> None:
        """Deliver a handler's reply: in place, to the personal chat, or into the thread."""
        a = tc.activity
        payload = render(reply.message)
        if reply.replace_original and card_id:
            await self._update(tc, payload, card_id)
            return
        conv_type = a.conversation.conversation_type or "personal"
        if reply.ephemeral and conv_type != "personal" and a.from_property is not None:
            with self.app.sessions() as s:
                personal = store.personal_reference_for_user(
                    s,
                    aad_id=a.from_property.aad_object_id,
                    teams_user_id=a.from_property.id,
                    email=person.email if person else None,
                )
            if personal is not None:
                await self.transport.post_to_reference(personal, reply.message)
                return
        if card_id:  # a button: answer in the card's conversation (its thread in a channel)
            await self._send(tc, payload, a.conversation.id)
        else:
            await self._send(tc, payload, a.conversation.id, reply_to=a.id)

    # --- messages ----------------------------------------------------------------------------
    async def _on_message(self, tc: TurnContext) -> None:
        a = tc.activity
        if isinstance(a.value, dict) and not command_text(a):
            await self._on_submit(tc, a.value)
            return
        if a.value is not None and not (a.text or "").strip():
            log.debug("ignored card payload that is not an object")
            return
        await self._remember(tc)
        person = await self._person(tc)
        locale = self._locale(a, person)
        now = self.clock()
        with self.app.sessions() as s:
            team = store.team_for_channel(s, self.app.config, a.conversation.id)
        request = Request(
            platform="teams",
            person=person.id if person else None,
            text=command_text(a, self._person_of_mention),
            now=now,
            locale=locale,
            platform_user=a.from_property.id if a.from_property else "",
            channel=store.base_conversation_id(a.conversation.id),
            team=team,
        )
        try:
            if request.command == "link":
                reply = link_reply(self.app, a, request)
            else:
                reply = await asyncio.to_thread(dispatch.dispatch, self.app, request)
                self.app.wake_sender()  # what the command queued goes out at once
        except (TransientError, PermanentError):
            raise
        except Exception:
            log.exception("teams command failed", extra={"command": request.command})
            reply = error_reply(locale)
        await self._answer(tc, reply, person)

    async def _on_card_invoke(self, tc: TurnContext) -> None:
        """Universal Actions: an ``invoke`` ``adaptiveCard/action`` (Action.Execute, or an
        Action.Submit Teams sends that way): the same action as a legacy submit, answered in
        the invoke response - the updated card when the reply replaces the card, else a
        message - so Teams shows no error on the button."""
        a = tc.activity
        value: dict[str, Any] = a.value if isinstance(a.value, dict) else {}
        raw_action = value.get("action")
        action: dict[str, Any] = raw_action if isinstance(raw_action, dict) else {}
        raw_data = action.get("data")
        data: dict[str, Any] = raw_data if isinstance(raw_data, dict) else {}
        verb = action.get("verb") if isinstance(action.get("verb"), str) else None
        payload = dict(data)
        if verb and not isinstance(payload.get("action"), str):
            payload["action"] = verb
        reply = await self._on_submit(tc, payload, answer=False)
        if reply is None:
            body = CardActionResponse(
                status_code=400,
                type="application/vnd.microsoft.error",
                value={"code": "BadRequest", "message": "unknown action"},
            )
        elif reply.replace_original:
            card = render(reply.message)["attachments"][0]["content"]
            body = CardActionResponse(
                status_code=200, type="application/vnd.microsoft.card.adaptive", value=card
            )
        else:
            person = await self._person(tc)
            card_id = a.reply_to_id or legacy_reply_to(a) or "invoke"
            await self._answer(tc, reply, person, card_id=card_id)
            body = CardActionResponse(
                status_code=200,
                type="application/vnd.microsoft.activity.message",
                value=reply.message.text,
            )
        await tc.send_activity(
            Activity(
                type=ActivityTypes.invoke_response, value=InvokeResponse(status=200, body=body)
            )
        )

    async def _on_submit(
        self, tc: TurnContext, value: dict[str, Any], *, answer: bool = True
    ) -> Reply | None:
        a = tc.activity
        action = value.get("action")
        if not isinstance(action, str) or action not in dispatch.actions():
            log.debug("ignored card payload matching no action")
            return None
        person = await self._person(tc)
        locale = self._locale(a, person)
        form = {
            str(k): "" if v is None else str(v)
            for k, v in value.items()
            if k not in ("action", "value", "msteams")
        }
        card_id = a.reply_to_id or legacy_reply_to(a)
        request = ActionRequest(
            platform="teams",
            person=person.id if person else None,
            action=action,
            value="" if value.get("value") is None else str(value.get("value")),
            now=self.clock(),
            locale=locale,
            platform_user=a.from_property.id if a.from_property else "",
            form=form,
            message_channel=sent_channel(a.conversation.id, card_id),
            message_id=card_id,
            client_locale=a.locale,
        )
        try:
            reply = await asyncio.to_thread(dispatch.dispatch_action, self.app, request)
            self.app.wake_sender()  # e.g. "claimed by" edits of the other copies of an alert
        except Exception:
            log.exception("teams action failed", extra={"action": action})
            reply = error_reply(locale)
        if reply is None or not answer:
            return reply
        await self._answer(tc, reply, person, card_id=card_id)
        return reply
