"""Microsoft Teams: the Transport the outbox sends through, and POST /api/messages.

Built on botbuilder-core + botbuilder-integration-aiohttp (``CloudAdapter`` with
``ConfigurationBotFrameworkAuthentication``: MicrosoftAppId / MicrosoftAppPassword /
MicrosoftAppTenantId / MicrosoftAppType, SingleTenant by default). Without MicrosoftAppId,
authentication is disabled as in the Bot Framework Emulator; then only loopback service URLs are
accepted, and the route exists only when Teams is the chosen platform.

All botbuilder code lives in bot/transports/teams*.py, so the transport can be replaced by the
Microsoft 365 Agents SDK without touching handlers or jobs.

Targets: "channel:<team>" -> the channel bound with ``@vaktbot link <team>`` or named in
vaktbot.yml (teams.<n>.channel.teams; "channel:management" -> digest.management_channel.teams);
"user:<person>" -> the person's personal chat (by teams_id or e-mail), stored at install.
Teams cannot tell us whether a message was already delivered (``can_look`` is False, and
``find_sent`` returns None). Rate limits (per conversation, and per tenant) are the sender's job
(bot.delivery.pace): ``route`` names the conversation and the tenant.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import ConversationAccount, ConversationReference

from bot.app import App
from bot.messages.model import Message
from bot.transports.base import (
    PermanentError,
    Route,
    Sent,
    Target,
    TransientError,
    Unroutable,
)
from bot.transports.teams import store
from bot.transports.teams.adapter import (
    RetryPolicy,
    connector_client,
    make_adapter,
    to_activity,
    with_retries,
)
from bot.transports.teams.replies import render
from bot.web.urls import image_urls

log = logging.getLogger("vaktbot.teams")


class TeamsTransport:
    platform = "teams"
    can_look = False  # the Bot Connector cannot list a conversation's messages

    def __init__(
        self, app: App, adapter: CloudAdapter | None = None, *, retry: RetryPolicy | None = None
    ):
        self.app = app
        self.adapter = adapter or make_adapter(app.secrets)
        self.retry = retry or RetryPolicy()
        self.bot_app_id = app.secrets.teams_app_id or ""

    @classmethod
    def from_app(cls, app: App) -> TeamsTransport:
        """One transport (and adapter) per App, shared by the sender and /api/messages."""
        if isinstance(app.transport, cls):
            return app.transport
        transport = cls(app)
        app.transport = transport
        return transport

    # --- addressing -------------------------------------------------------------------------
    def resolve(self, target: Target) -> store.StoredRef:
        """The stored reference a target is delivered to (Unroutable if there is none)."""
        config = self.app.config
        with self.app.sessions() as s:
            if target.kind == "user":
                person = config.person(target.id)
                if person is None:
                    raise Unroutable(f"unknown person {target.id!r}")
                ref = store.personal_reference_for_user(
                    s, aad_id=person.teams_id, teams_user_id=person.teams_id, email=person.email
                )
                if ref is None:
                    raise Unroutable(f"no Teams personal chat with {target.id!r} (not installed)")
                return ref
            conversation = store.channel_for_team(s, config, target.id)
            if conversation is None:
                raise Unroutable(f"no Teams channel for {target} (use @vaktbot link {target.id})")
            ref = store.get_reference(s, conversation)
            if ref is not None:
                return ref
            # a channel named in vaktbot.yml the bot has not heard from: borrow the service URL,
            # bot account and tenant of any stored reference
            other = store.any_reference(s)
        if other is None:
            raise Unroutable("no Teams conversation reference stored yet (install the app first)")
        reference = other.reference
        reference["conversation"] = {
            "id": conversation,
            "conversationType": "channel",
            "tenantId": other.tenant_id,
            "isGroup": True,
        }
        reference.pop("user", None)
        return store.StoredRef(conversation, "channel", None, other.tenant_id, {"ref": reference})

    def route(self, target: Target) -> Route:
        """The conversation a target's messages go to, and its tenant (the pool the tenant-wide
        limit applies to)."""
        ref = self.resolve(target)
        return Route(store.base_conversation_id(ref.address), ref.tenant_id or "")

    # --- sending ----------------------------------------------------------------------------
    async def _run(self, reference: ConversationReference, logic: Any) -> Any:
        """Run ``logic(turn_context)`` in a proactive turn; its errors reach the caller."""
        outcome: dict[str, Any] = {}

        async def turn(tc: TurnContext) -> None:
            try:
                outcome["value"] = await logic(tc)
            except BaseException as exc:  # keep it away from on_turn_error, raise it below
                outcome["error"] = exc

        try:
            await self.adapter.continue_conversation(reference, turn, self.bot_app_id)
        except (TransientError, PermanentError):
            raise
        except Exception as exc:  # token or connector set-up failed: try again later
            raise TransientError(f"teams: {type(exc).__name__}") from None
        if "error" in outcome:
            raise outcome["error"]
        return outcome.get("value")

    async def post_to_reference(
        self,
        ref: store.StoredRef,
        message: Message,
        *,
        thread: Sent | None = None,
        image_urls: dict[str, str] | None = None,
    ) -> Sent:
        reference = ConversationReference().deserialize(ref.reference)
        conversation_id = ref.address
        if thread is not None and ref.scope in ("channel", "team"):
            if ";messageid=" in thread.channel:
                conversation_id = thread.channel  # already a thread: stay in it
            elif store.base_conversation_id(thread.channel) == ref.address:
                conversation_id = store.thread_conversation_id(ref.address, thread.message_id)
        payload = render(message, image_urls)

        async def logic(tc: TurnContext) -> str:
            client = connector_client(self.adapter, tc)
            activity = TurnContext.apply_conversation_reference(to_activity(payload), reference)
            activity.conversation = ConversationAccount(
                id=conversation_id,
                conversation_type=reference.conversation.conversation_type,
                tenant_id=ref.tenant_id or reference.conversation.tenant_id,
            )
            activity.reply_to_id = None
            response = await with_retries(
                lambda: client.conversations.send_to_conversation(conversation_id, activity),
                self.retry,
                "post",
                creates=True,
            )
            return str(response.id) if response is not None and response.id else ""

        message_id = await self._run(reference, logic)
        if not message_id:
            raise PermanentError("teams post: the connector returned no activity id")
        return Sent(channel=conversation_id, message_id=message_id)

    async def post(
        self,
        target: Target,
        message: Message,
        *,
        key: str,
        kind: str = "",
        thread: Sent | None = None,
    ) -> Sent:

        ref = self.resolve(target)
        urls = image_urls(self.app, key, message)
        sent = await self.post_to_reference(ref, message, thread=thread, image_urls=urls)
        log.debug("teams message posted", extra={"key": key, "kind": kind, "scope": ref.scope})
        return sent

    async def update(self, sent: Sent, message: Message) -> None:
        with self.app.sessions() as s:
            ref = store.get_reference(s, sent.channel) or store.any_reference(s)
        if ref is None:
            raise Unroutable("no Teams conversation reference for this message")
        reference = ConversationReference().deserialize(ref.reference)
        payload = render(message)

        async def logic(tc: TurnContext) -> None:
            client = connector_client(self.adapter, tc)
            activity = TurnContext.apply_conversation_reference(to_activity(payload), reference)
            activity.conversation = ConversationAccount(id=sent.channel)
            activity.id = sent.message_id
            activity.reply_to_id = None
            await with_retries(
                lambda: client.conversations.update_activity(
                    sent.channel, sent.message_id, activity
                ),
                self.retry,
                "update",
            )

        await self._run(reference, logic)

    async def find_sent(
        self,
        target: Target,
        key: str,
        *,
        thread: Sent | None = None,
        since: datetime | None = None,
    ) -> Sent | None:
        return None  # Teams offers no way to look a message up by our key


# --- /api/messages ----------------------------------------------------------------------------
