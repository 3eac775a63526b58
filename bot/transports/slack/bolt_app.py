"""Slack's incoming side: the bolt AsyncApp behind Socket Mode and the HTTP events endpoint.

* ``/vakt <subcommand>``: ack() at once, then handlers.dispatch; the answer goes back through
  respond() as an ephemeral message (in_channel only when the Reply says ``ephemeral=False``);
  a Reply with ``open_form`` and a Form opens a modal with views.open (trigger_id).
* block_actions: the action_id is decoded with bot.messages.slack.parse_block_action and
  handed to handlers.dispatch_action; ``replace_original`` edits the message the button was on
  (chat.update, or respond(replace_original) for an ephemeral one) instead of posting anew. A
  button on a message the bot did not send is refused politely.
* view_submission: the form values go to handlers.dispatch_action; validation errors come back
  as ``response_action: errors`` (from ``Reply.extra["errors"]``, {field name: message});
  otherwise the modal shows the result.
* app_home_opened: views.publish of the App Home (the ``home`` command of handlers.home).
  Slack's retries of an event already handled (same event_id, X-Slack-Retry-Num) are acknowledged
  and skipped, using the seen_events table.

Who is asking comes from the config (bot.people); the language from the reader's setting, then
Slack's users.info (include_locale, cached per user), then the person's or organisation's locale.
The clock is read here, at the edge, and passed in as ``now``.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

from slack_bolt.app.async_app import AsyncApp
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from bot.app import App
from bot.i18n import t
from bot.messages.model import Form, Message, Reply, Section
from bot.messages.slack import (
    parse_block_action,
    parse_view_values,
    to_slack,
    to_slack_home,
    to_slack_modal,
    to_slack_view,
)
from bot.people import person_for_platform_user
from bot.prefs import configured_locale, pick_locale, preferred_locale
from bot.requests import ActionRequest, Request
from bot.store.upsert import claim_event
from handlers import dispatch
from handlers.home import HOME_COMMAND

log = logging.getLogger("vaktbot.slack")

EVENT_SOURCE = "slack.event"
_LOCALE_CACHE_SIZE = 5000


def form_errors(reply: Reply | None) -> dict[str, str]:
    """Field errors of a submitted form: ``Reply.extra["errors"]`` = {field name: message}.

    (A Field's own ``error`` is the static hint shown for a missing value, not a verdict.)
    """
    explicit = reply.extra.get("errors") if reply is not None else None
    if isinstance(explicit, dict):
        return {str(k): str(v) for k, v in explicit.items() if v}
    return {}


def first_form(message: Message) -> Form | None:
    return next((b for b in message.blocks if isinstance(b, Form)), None)


def render(message: Message) -> dict[str, Any]:
    """to_slack, with a text-only answer shown as a section (so it reads the same as others)."""
    if not message.blocks and message.text.strip():
        message = replace(message, blocks=(Section(message.text),))
    return to_slack(message)


def _text_message(app: App, locale: str, key: str) -> Message:
    text = t(locale, key)
    return Message(text, (Section(text),), locale=locale, tz=app.tz)


_USER = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
_CHANNEL = re.compile(r"<#([CG][A-Z0-9]+)(?:\|([^>]*))?>")
_LINK = re.compile(r"<((?:https?|mailto):[^|>]+)(?:\|[^>]*)?>")


def command_text(text: str) -> str:
    """A slash command's text as the manifest's ``should_escape: true`` sends it: a person as
    ``<@U123>`` (``<@U123|name>`` from older clients; the name may hold spaces, so it is
    dropped), a channel as ``#name``, a link as its URL, and ``&amp; &lt; &gt;`` decoded."""
    text = _USER.sub(r"<@\1>", text)
    text = _CHANNEL.sub(lambda m: f"#{m.group(2) or m.group(1)}", text)
    text = _LINK.sub(r"\1", text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


class SlackEdge:
    """What the bolt listeners do; kept apart from bolt so each step is plain async code."""

    def __init__(
        self, app: App, client: AsyncWebClient, clock: Callable[[], datetime] | None = None
    ):
        self.app = app
        self.client = client
        self._clock = clock  # None: the app's clock, read at every request
        self._slack_locales: dict[str, str | None] = {}
        self._lookups: dict[str, asyncio.Future[str | None]] = {}

    def clock(self) -> datetime:
        return (self._clock or self.app.clock)()

    # --- who and which language ---------------------------------------------------------
    def person_id(self, user_id: str | None) -> str | None:
        p = person_for_platform_user(self.app.config, "slack", user_id)
        return p.id if p else None

    def team_of_channel(self, channel: str | None) -> str | None:
        if not channel:
            return None
        return next((tm.id for tm in self.app.config.teams if tm.channel.slack == channel), None)

    async def slack_locale(self, user_id: str) -> str | None:
        """Slack's locale of the user, looked up once (concurrent first requests share it)."""
        if user_id in self._slack_locales:
            return self._slack_locales[user_id]
        pending = self._lookups.get(user_id)
        if pending is None:
            pending = asyncio.ensure_future(self._users_info_locale(user_id))
            self._lookups[user_id] = pending
        try:
            value = await asyncio.shield(pending)
        finally:
            self._lookups.pop(user_id, None)
        if len(self._slack_locales) >= _LOCALE_CACHE_SIZE:
            self._slack_locales.clear()
        self._slack_locales[user_id] = value
        return value

    async def _users_info_locale(self, user_id: str) -> str | None:
        try:
            resp = await self.client.users_info(user=user_id, include_locale=True)
        except (SlackApiError, SlackClientError, OSError):
            log.debug("users.info failed; using the configured locale")
            return None
        value = (resp.get("user") or {}).get("locale")
        return value if isinstance(value, str) else None

    async def locale(self, user_id: str | None, person: str | None) -> str:
        """bot.prefs.pick_locale: saved choice > people[].locale > Slack's > organisation's
        (Slack is asked only when neither of the first two says)."""
        config = self.app.config
        with self.app.sessions() as session:
            saved = preferred_locale(session, person)
        configured = configured_locale(config, person)
        raw = None
        if not (saved or configured) and user_id:
            raw = await self.slack_locale(user_id)
        return pick_locale(saved, configured, raw, config.organisation.locale)

    # --- dispatch ------------------------------------------------------------------------
    def _dispatch(self, request: Request) -> Reply:
        try:
            return dispatch.dispatch(self.app, request)
        except Exception:
            log.exception("slack command failed", extra={"command": request.command})
            return Reply(_text_message(self.app, request.locale, "home.slack.error"))

    def _dispatch_action(self, request: ActionRequest) -> tuple[bool, Reply | None]:
        """(known action?, reply)."""
        handler = dispatch.actions().get(request.action)
        if handler is None:
            log.debug("unknown slack action", extra={"action": request.action})
            return False, None
        try:
            return True, handler(self.app, request)
        except Exception:
            log.exception("slack action failed", extra={"action": request.action})
            return True, Reply(_text_message(self.app, request.locale, "home.slack.error"))

    async def _open_modal(self, trigger_id: str | None, reply: Reply, *, push: bool) -> bool:
        form = first_form(reply.message)
        if form is None or not trigger_id:
            return False
        view = to_slack_modal(form, reply.message)
        try:
            if push:
                await self.client.views_push(trigger_id=trigger_id, view=view)
            else:
                await self.client.views_open(trigger_id=trigger_id, view=view)
        except (SlackApiError, SlackClientError):
            log.warning("slack modal could not be opened", extra={"action": form.action})
            return False
        return True

    # --- /vakt -----------------------------------------------------------------------------
    async def command(self, body: dict[str, Any], respond: Any) -> None:
        user = body.get("user_id")
        person = self.person_id(user)
        channel = body.get("channel_id")
        request = Request(
            platform="slack",
            person=person,
            text=command_text(str(body.get("text") or "")),
            now=self.clock(),
            locale=await self.locale(user, person),
            platform_user=user or "",
            channel=channel,
            team=self.team_of_channel(channel),
        )
        # handlers are synchronous (database, a Meta call for Hide): keep the event loop free
        reply = await asyncio.to_thread(self._dispatch, request)
        self.app.wake_sender()  # what the command queued (e.g. notices) goes out at once
        if reply.open_form and await self._open_modal(body.get("trigger_id"), reply, push=False):
            return
        payload = render(reply.message)
        await respond(
            text=payload["text"],
            blocks=payload["blocks"],
            response_type="ephemeral" if reply.ephemeral else "in_channel",
        )

    # --- buttons ---------------------------------------------------------------------------
    def sent_by_bot(self, body: dict[str, Any], context: Any) -> bool:
        container = body.get("container") or {}
        if container.get("type") == "view":
            view = body.get("view") or {}
            return not view.get("app_id") or view.get("app_id") == body.get("api_app_id")
        if container.get("is_ephemeral"):
            return True  # only this app can put an ephemeral message with its buttons there
        msg = body.get("message") or {}
        bot_id, bot_user = context.get("bot_id"), context.get("bot_user_id")
        return bool(
            (bot_id and msg.get("bot_id") == bot_id) or (bot_user and msg.get("user") == bot_user)
        )

    async def action(self, body: dict[str, Any], respond: Any, context: Any) -> None:
        raw = (body.get("actions") or [{}])[0]
        if raw.get("url"):
            return  # a link button: Slack opened the URL, nothing to do
        name, value = parse_block_action(raw)
        user = (body.get("user") or {}).get("id")
        person = self.person_id(user)
        locale = await self.locale(user, person)
        container = body.get("container") or {}
        in_view = container.get("type") == "view"
        view_type = (body.get("view") or {}).get("type")
        if not self.sent_by_bot(body, context):
            log.info("refused a button on a message the bot did not send")
            refusal = _text_message(self.app, locale, "home.slack.refused")
            await self._answer(respond, user if in_view else None, refusal)
            return
        channel = container.get("channel_id") or (body.get("channel") or {}).get("id")
        ts = container.get("message_ts")
        request = ActionRequest(
            platform="slack",
            person=person,
            action=name,
            value=value,
            now=self.clock(),
            locale=locale,
            platform_user=user or "",
            message_channel=None if in_view else channel,
            message_id=None if in_view else ts,
        )
        known, reply = await asyncio.to_thread(self._dispatch_action, request)
        self.app.wake_sender()  # e.g. "claimed by" edits of the other copies of an alert
        if not known:
            msg = _text_message(self.app, locale, "home.slack.stale_button")
            await self._answer(respond, user if in_view else None, msg)
            return
        if in_view and view_type == "home":
            await self.publish_home(user, person, locale)
        if reply is None:
            return
        if reply.open_form and await self._open_modal(
            body.get("trigger_id"), reply, push=in_view and view_type == "modal"
        ):
            return
        payload = render(reply.message)
        if reply.replace_original and not in_view:
            if container.get("is_ephemeral") or not (channel and ts):
                await respond(replace_original=True, text=payload["text"], blocks=payload["blocks"])
            else:
                # an edit: the message changes in place and nobody is notified again
                await self.client.chat_update(
                    channel=channel, ts=ts, text=payload["text"], blocks=payload["blocks"]
                )
            return
        if in_view and view_type == "home" and reply.replace_original:
            return  # the home tab was just published again
        await self._answer(respond, user if in_view else None, reply.message, reply.ephemeral)

    async def _answer(
        self, respond: Any, dm_user: str | None, message: Message, ephemeral: bool = True
    ) -> None:
        """Answer the clicker: ephemerally where the button was, or in the app's Messages tab
        when the button was in a view (App Home, modal), which has no response_url."""
        payload = render(message)
        if dm_user:
            await self.client.chat_postMessage(
                channel=dm_user, text=payload["text"], blocks=payload["blocks"]
            )
            return
        await respond(
            text=payload["text"],
            blocks=payload["blocks"],
            response_type="ephemeral" if ephemeral else "in_channel",
            replace_original=False,
        )

    # --- modals ----------------------------------------------------------------------------
    async def view_submission(self, ack: Any, body: dict[str, Any]) -> None:
        view = body.get("view") or {}
        user = (body.get("user") or {}).get("id")
        person = self.person_id(user)
        locale = await self.locale(user, person)
        request = ActionRequest(
            platform="slack",
            person=person,
            action=str(view.get("callback_id") or ""),
            value=str(view.get("private_metadata") or ""),
            now=self.clock(),
            locale=locale,
            platform_user=user or "",
            form=parse_view_values((view.get("state") or {}).get("values") or {}),
            client_locale=await self.slack_locale(user) if user else None,
        )
        known, reply = await asyncio.to_thread(self._dispatch_action, request)
        self.app.wake_sender()  # e.g. "claimed by" edits of the other copies of an alert
        if not known:
            msg = _text_message(self.app, locale, "home.slack.stale_button")
            await ack(response_action="update", view=to_slack_view(msg, view_type="modal"))
            return
        errors = form_errors(reply)
        if errors:
            await ack(response_action="errors", errors=errors)
            return
        if reply is None:
            await ack()
            return
        form = first_form(reply.message) if reply.open_form else None
        if form is not None:
            await ack(response_action="update", view=to_slack_modal(form, reply.message))
            return
        await ack(response_action="update", view=to_slack_view(reply.message, view_type="modal"))
        if reply.extra.get("refresh_home"):
            await self.publish_home(user, person, await self.locale(user, person))

    # --- App Home --------------------------------------------------------------------------
    async def publish_home(self, user: str | None, person: str | None, locale: str) -> None:
        if not user:
            return
        request = Request(
            platform="slack",
            person=person,
            text=HOME_COMMAND,
            now=self.clock(),
            locale=locale,
            platform_user=user,
        )
        reply = await asyncio.to_thread(self._dispatch, request)
        await self.client.views_publish(user_id=user, view=to_slack_home(reply.message))

    async def home_opened(self, body: dict[str, Any], event: dict[str, Any]) -> None:
        if event.get("tab", "home") != "home":
            return
        event_id = str(body.get("event_id") or "")
        if event_id:
            with self.app.sessions.begin() as session:
                if not claim_event(session, EVENT_SOURCE, event_id[:200], self.clock()):
                    log.info("slack event retry skipped", extra={"event_id": event_id})
                    return
        user = event.get("user")
        person = self.person_id(user)
        await self.publish_home(user, person, await self.locale(user, person))


class TokenUnusedNotice(logging.Filter):
    """bolt reads SLACK_BOT_TOKEN itself and, as vaktbot hands it a client made from that same
    token, warns at every start that the token "will be unused": true and harmless, so left out
    of the log an admin reads."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


def quiet_token_notice() -> None:
    bolt_log = logging.getLogger("slack_bolt.AsyncApp")
    if not any(isinstance(f, TokenUnusedNotice) for f in bolt_log.filters):
        bolt_log.addFilter(TokenUnusedNotice())


def build_bolt_app(
    app: App,
    client: AsyncWebClient,
    *,
    socket_mode: bool = False,
    signing_secret: str | None = None,
    clock: Callable[[], datetime] | None = None,
) -> AsyncApp:
    """The bolt app with vaktbot's listeners. HTTP mode needs the signing secret (bolt checks
    every request's signature and timestamp); Socket Mode needs none."""
    edge = SlackEdge(app, client, clock)
    quiet_token_notice()
    if socket_mode:
        bolt = AsyncApp(client=client, signing_secret="", request_verification_enabled=False)
    else:
        secret = signing_secret or (
            app.secrets.slack_signing_secret.get_secret_value()
            if app.secrets.slack_signing_secret
            else None
        )
        if not secret:
            raise ValueError("SLACK_SIGNING_SECRET is required for VAKTBOT_SLACK_MODE=http")
        bolt = AsyncApp(client=client, signing_secret=secret)

    @bolt.command("/vakt")
    async def _vakt(ack: Any, body: dict[str, Any], respond: Any) -> None:
        await ack()
        await edge.command(body, respond)

    @bolt.action(re.compile(".*"))
    async def _action(ack: Any, body: dict[str, Any], respond: Any, context: Any) -> None:
        await ack()
        await edge.action(body, respond, context)

    @bolt.view(re.compile(".*"))
    async def _view(ack: Any, body: dict[str, Any]) -> None:
        await edge.view_submission(ack, body)

    @bolt.event("app_home_opened")
    async def _home(body: dict[str, Any], event: dict[str, Any]) -> None:
        await edge.home_opened(body, event)

    @bolt.error
    async def _unreadable(error: Exception, response: BoltResponse | None) -> BoltResponse | None:
        # vaktbot's listeners answer their own failures (SlackEdge replies with an error
        # message); what reaches this handler is a request bolt itself could not read (a body,
        # timestamp or payload of a shape Slack does not send: 400, with the reason), or a
        # follow-up that failed after the request was acknowledged (nothing left to answer)
        log.warning("slack request not understood", extra={"error": type(error).__name__})
        if response is None:
            return None
        return BoltResponse(status=400, body={"error": "malformed Slack request"})

    return bolt
