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

import html
import logging
from dataclasses import replace
from datetime import datetime
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import (
    ChannelAccount,
    ConversationAccount,
    ConversationParameters,
    ConversationReference,
)

from bot.app import App
from bot.delivery.outbox import enqueue
from bot.i18n import t
from bot.messages.model import Message, Section
from bot.prefs import locale_for
from bot.store.db import transaction
from bot.transports import base
from bot.transports.teams import store
from bot.transports.teams.adapter import (
    Refused,
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
    def resolve(self, target: base.Target) -> store.StoredRef:
        """The stored reference a target is delivered to (Unroutable if there is none). For a
        person without a personal chat: their roster entry (scope "member"), from which
        :meth:`post` opens the chat. A team's channel before the app is installed or the channel
        linked: NotReachableYet (the message waits for it)."""
        config = self.app.config
        with self.app.sessions() as s:
            if target.kind == "user":
                person = config.person(target.id)
                if person is None:
                    raise base.Unroutable(f"unknown person {target.id!r}")
                ref = store.personal_reference_for_user(
                    s, aad_id=person.teams_id, teams_user_id=person.teams_id, email=person.email
                )
                ref = ref or store.member_for_user(s, aad_id=person.teams_id, email=person.email)
                if ref is None:
                    raise base.Unroutable(
                        f"no Teams personal chat with {target.id!r}, and not in the roster of a "
                        "team the app is installed in"
                    )
                return ref
            conversation = store.channel_for_team(s, config, target.id)
            ref = store.get_reference(s, conversation) if conversation is not None else None
            if ref is not None:
                return ref
            # a channel named in vaktbot.yml the bot has not heard from: borrow the service URL,
            # bot account and tenant of any stored reference
            other = store.any_reference(s)
        if other is None:
            raise base.NotReachableYet(
                "no Teams conversation reference stored yet (install the app in Teams)"
            )
        if conversation is None:
            raise base.NotReachableYet(
                f"no Teams channel for {target} yet (use @vaktbot link {target.id})"
            )
        return _channel_ref(other, conversation)

    def reach(self, person: str) -> base.Reach:
        """Whether a direct message to ``person`` can arrive, asked before promising one."""
        try:
            ref = self.resolve(base.Target("user", person))
        except (base.Unroutable, base.NotReachableYet):
            return base.Reach.NONE
        if ref.scope != store.MEMBER_SCOPE:
            return base.Reach.DM
        return base.Reach.CHANNEL if ref.dm_refused else base.Reach.OPEN

    def route(self, target: base.Target) -> base.Route:
        """The conversation a target's messages go to, and its tenant (the pool the tenant-wide
        limit applies to)."""
        ref = self.resolve(target)
        return base.Route(store.base_conversation_id(ref.address), ref.tenant_id or "")

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
        except (base.TransientError, base.PermanentError):
            raise
        except Exception as exc:  # token or connector set-up failed: try again later
            raise base.TransientError(f"teams: {type(exc).__name__}") from None
        if "error" in outcome:
            raise outcome["error"]
        return outcome.get("value")

    async def post_to_reference(
        self,
        ref: store.StoredRef,
        message: Message,
        *,
        thread: base.Sent | None = None,
        image_urls: dict[str, str] | None = None,
        mention: store.StoredRef | None = None,
    ) -> base.Sent:
        reference = ConversationReference().deserialize(ref.reference)
        conversation_id = ref.address
        if thread is not None and ref.scope in ("channel", "team"):
            if ";messageid=" in thread.channel:
                conversation_id = thread.channel  # already a thread: stay in it
            elif store.base_conversation_id(thread.channel) == ref.address:
                conversation_id = store.thread_conversation_id(ref.address, thread.message_id)
        payload = render(message, image_urls)
        if mention is not None:
            payload = with_mention(payload, mention, message.locale)

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
            raise base.PermanentError("teams post: the connector returned no activity id")
        return base.Sent(channel=conversation_id, message_id=message_id)

    async def post(self, envelope: base.Envelope, message: Message) -> base.Sent:
        key, target = envelope.key, envelope.target
        ref = self.resolve(target)
        urls = image_urls(self.app, key, message)
        if ref.scope == store.MEMBER_SCOPE:
            return await self._post_to_member(target, ref, message, key=key, urls=urls)
        sent = await self.post_to_reference(ref, message, thread=envelope.thread, image_urls=urls)
        log.debug(
            "teams message posted", extra={"key": key, "kind": envelope.kind, "scope": ref.scope}
        )
        return sent

    # --- proactive 1:1 -------------------------------------------------------------------------
    async def open_personal_chat(self, member: store.StoredRef) -> store.StoredRef:
        """Create the personal chat with a roster member (POST /v3/conversations, members =
        [the member], isGroup false, the tenant) and remember it as their personal reference.
        Teams answers with the same conversation for the same pair, so repeating is safe.
        Raises Refused (403/404) when the app is not installed for the member or a policy
        blocks it."""
        reference = ConversationReference().deserialize(member.reference)
        tenant = member.tenant_id or (
            reference.conversation.tenant_id if reference.conversation else None
        )
        user = ChannelAccount(id=member.teams_user_id, aad_object_id=member.user_id)
        params = ConversationParameters(
            is_group=False,
            bot=reference.bot,
            members=[ChannelAccount(id=member.teams_user_id)],
            tenant_id=tenant,
            channel_data={"tenant": {"id": tenant}},
        )

        async def logic(tc: TurnContext) -> str:
            client = connector_client(self.adapter, tc)
            response = await with_retries(
                lambda: client.conversations.create_conversation(params), self.retry, "open chat"
            )
            return str(getattr(response, "id", "") or "")

        conversation_id = await self._run(reference, logic)
        if not conversation_id:
            raise base.PermanentError("teams open chat: the connector returned no conversation id")
        personal = reference.serialize()
        personal["conversation"] = {
            "id": conversation_id,
            "conversationType": "personal",
            "tenantId": tenant,
        }
        personal["user"] = user.serialize()
        personal.pop("activityId", None)
        now = self.app.clock()
        with transaction(self.app.sessions) as s:
            store.save_reference(
                s,
                address=conversation_id,
                scope="personal",
                user_id=member.user_id,
                tenant_id=tenant,
                data={
                    "ref": personal,
                    "teams_user_id": member.teams_user_id,
                    "email": member.email,
                },
                now=now,
            )
            opened = store.get_reference(s, conversation_id)
        assert opened is not None
        log.info("teams personal chat opened")
        return opened

    async def _post_to_member(
        self,
        target: base.Target,
        member: store.StoredRef,
        message: Message,
        *,
        key: str,
        urls: dict[str, str] | None,
    ) -> base.Sent:
        """A person who never opened the bot: open the personal chat and post there; if the
        connector refuses (app not installed for them, a policy), @mention them in their team's
        channel instead and tell the admins exactly that (once per person)."""
        if member.dm_refused is None:
            try:
                personal = await self.open_personal_chat(member)
            except Refused as refused:
                if refused.status not in (403, 404):
                    raise
                with transaction(self.app.sessions) as s:
                    store.mark_dm_refused(s, member.address, refused.status, self.app.clock())
                member = replace(member, data={**member.data, "dm_refused": refused.status})
                log.warning(
                    "teams refused a personal chat; mentioning in the team channel instead",
                    extra={"status": refused.status},
                )
            else:
                return await self.post_to_reference(personal, message, image_urls=urls)
        channel = self._team_channel(member)
        sent = await self.post_to_reference(channel, message, image_urls=urls, mention=member)
        self._tell_admins_dm_refused(target.id, member)
        return sent

    def _team_channel(self, member: store.StoredRef) -> store.StoredRef:
        """The General channel of the team the member was found in."""
        team_id = member.team_id
        if not team_id:
            raise base.Unroutable("roster entry without a team")
        with self.app.sessions() as s:
            ref = store.get_reference(s, team_id)
        return ref or _channel_ref(member, team_id)

    def _tell_admins_dm_refused(self, person_id: str, member: store.StoredRef) -> None:
        config = self.app.config
        person = config.person(person_id)
        name = person.name if person else person_id
        now = self.app.clock()
        with transaction(self.app.sessions) as s:
            for admin in config.admins():
                if admin == person_id:
                    continue
                loc = locale_for(s, config, admin)
                text = t(loc, "teams.dm_refused.admin", person=name, status=member.dm_refused)
                enqueue(
                    s,
                    key=f"teams:dm-refused:{person_id}:{admin}",
                    kind="health.teams_dm_refused",
                    target=f"user:{admin}",
                    message=Message(text=text, blocks=(Section(text),), locale=loc, tz=self.app.tz),
                    now=now,
                )

    async def update(self, sent: base.Sent, message: Message) -> None:
        with self.app.sessions() as s:
            ref = store.get_reference(s, sent.channel) or store.any_reference(s)
        if ref is None:
            raise base.Unroutable("no Teams conversation reference for this message")
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
        self, envelope: base.Envelope, *, since: datetime | None = None
    ) -> base.Sent | None:
        return None  # Teams offers no way to look a message up by our key


def _channel_ref(other: store.StoredRef, conversation: str) -> store.StoredRef:
    """A channel's reference made from another one (its service URL, bot account, tenant)."""
    reference = other.reference
    reference["conversation"] = {
        "id": conversation,
        "conversationType": "channel",
        "tenantId": other.tenant_id,
        "isGroup": True,
    }
    reference.pop("user", None)
    return store.StoredRef(conversation, "channel", None, other.tenant_id, {"ref": reference})


def with_mention(payload: dict[str, Any], member: store.StoredRef, locale: str) -> dict[str, Any]:
    """The activity @mentioning a roster member (``<at>Name</at>`` and its mention entity), with
    one line saying why this came to the channel and not as a direct message."""
    name = html.escape(member.name or member.teams_user_id or "", quote=False)
    at = f"<at>{name}</at>"
    why = html.escape(t(locale, "teams.dm_refused.mention"), quote=False)
    mentioned = {"id": member.teams_user_id, "name": member.name or ""}
    return {
        **payload,
        "text": f"{at} {why}",
        "textFormat": "xml",
        "entities": [{"type": "mention", "text": at, "mentioned": mentioned}],
    }
