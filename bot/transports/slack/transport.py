"""The Slack transport: outbox messages to Slack through the Web API (slack_sdk AsyncWebClient).

* Targets: ``channel:<team>`` -> the team's ``channel.slack``; ``channel:management`` ->
  ``digest.management_channel.slack``; ``user:<person>`` -> a DM (chat.postMessage to the user
  id, which opens the app's Messages tab). Anything without a Slack address is Unroutable.
  ``route`` names that channel (or user) id: the sender paces and orders per real channel.
* Every post carries top-level ``text`` (push notification, screen readers) and Block Kit from
  :func:`bot.messages.slack.to_slack`, plus message metadata ``vaktbot_outbox`` with the outbox
  key, so :meth:`SlackTransport.find_sent` can find a message whose post had no clear outcome
  in ``conversations.history`` (or ``conversations.replies`` for a thread reply).
* Thread replies use ``thread_ts`` (never ``reply_broadcast``); :meth:`update` is chat.update
  (an edit, no new notification); attachments (chart PNG, CSV) go into the message's thread with
  files_upload_v2.
* Retries: slack_sdk's handlers retry a 429 with a short Retry-After (Slack did not take the
  call), 5xx and dropped connections at most twice - but never a call that creates something
  (chat.postMessage, files.completeUploadExternal, ...): Slack may have carried it out before the
  connection dropped, so such a failure goes back to the outbox as an *ambiguous*
  TransientError, and the sender looks for the message before posting again. Anything longer is
  handed back to the outbox as TransientError with ``retry_after``, so the sender reschedules
  instead of sleeping.
"""

from __future__ import annotations

import asyncio
import base64
import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any

import aiohttp
from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import Config
from bot.messages.model import Message
from bot.messages.slack import to_slack
from bot.transports import base
from bot.transports.slack.bolt_app import build_bolt_app

if TYPE_CHECKING:
    from bot.app import App

log = logging.getLogger("vaktbot.slack")

DEFAULT_API_URL = "https://slack.com/api/"
METADATA_EVENT = "vaktbot_outbox"
MAX_QUICK_RETRIES = 2
QUICK_RETRY_AFTER = 3.0  # seconds: longer Retry-After waits go back to the outbox
HISTORY_LIMIT = 200
TIMEOUT = 15  # seconds per call: far below the outbox lease (bot.delivery.lease)
# calls that create something: never repeated blind by a retry handler
CREATING_METHODS = frozenset(
    {
        "chat.postMessage",
        "chat.postEphemeral",
        "chat.scheduleMessage",
        "chat.meMessage",
        "files.completeUploadExternal",
        "files.upload",
    }
)
_TRANSIENT_ERRORS = {
    "ratelimited",
    "internal_error",
    "fatal_error",
    "service_unavailable",
    "request_timeout",
}
# Slack errors after which the call may have been carried out (Slack says so of fatal_error)
_AMBIGUOUS_ERRORS = {"internal_error", "fatal_error", "service_unavailable"}
_SILENT_FIND_ERRORS = {"missing_scope", "not_in_channel", "channel_not_found", "not_allowed"}


def retry_after_of(headers: Any) -> float | None:
    """Retry-After from a response's headers (slack_sdk gives lists or strings), in seconds."""
    if not headers:
        return None
    for name, value in dict(headers).items():
        if str(name).lower() == "retry-after":
            raw = value[0] if isinstance(value, list | tuple) and value else value
            try:
                return max(float(str(raw)), 0.0)
            except ValueError:
                return None
    return None


def api_method(url: str) -> str:
    """``chat.postMessage`` of ``https://slack.com/api/chat.postMessage``."""
    return url.rstrip("/").rsplit("/", 1)[-1].split("?", 1)[0]


class Vetoed(AsyncRetryHandler):
    """A slack_sdk retry handler that asks :meth:`vetoes` before its own rule: the one place our
    limits are put in front of slack_sdk's retries (mixed in before a slack_sdk handler)."""

    def vetoes(self, request: HttpRequest, response: HttpResponse | None) -> bool:
        raise NotImplementedError

    async def can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if self.vetoes(request, response):
            return False
        return await super().can_retry_async(
            state=state, request=request, response=response, error=error
        )


class QuickRateLimitRetryHandler(Vetoed, AsyncRateLimitErrorRetryHandler):
    """Retries a 429 only when Slack asks for a short wait; otherwise the outbox reschedules."""

    def __init__(
        self, max_retry_count: int = MAX_QUICK_RETRIES, max_wait: float = QUICK_RETRY_AFTER
    ):
        super().__init__(max_retry_count=max_retry_count)
        self.max_wait = max_wait

    def vetoes(self, request: HttpRequest, response: HttpResponse | None) -> bool:
        wait = retry_after_of(response.headers) if response is not None else None
        return wait is not None and wait > self.max_wait


class NeverRepeatCreating(Vetoed):
    """Never repeats a call that creates something (:data:`CREATING_METHODS`): after a 5xx or a
    dropped connection Slack may already have posted the message, and repeating it blind is how
    a message appears twice."""

    def vetoes(self, request: HttpRequest, response: HttpResponse | None) -> bool:
        return api_method(request.url) in CREATING_METHODS


class ServerErrorRetryHandler(NeverRepeatCreating, AsyncServerErrorRetryHandler):
    """slack_sdk's retry of a 500 or 503, except for a call that creates something."""


class ConnectionErrorRetryHandler(NeverRepeatCreating, AsyncConnectionErrorRetryHandler):
    """slack_sdk's retry of a dropped or reset connection, except for a call that creates
    something."""


def retry_handlers(
    max_retries: int = MAX_QUICK_RETRIES, backoff_factor: float = 0.25
) -> list[AsyncRetryHandler]:
    interval = BackoffRetryIntervalCalculator(backoff_factor=backoff_factor)
    return [
        QuickRateLimitRetryHandler(max_retry_count=max_retries),  # 429: Slack did not take it
        ServerErrorRetryHandler(max_retry_count=max_retries, interval_calculator=interval),
        ConnectionErrorRetryHandler(max_retry_count=max_retries, interval_calculator=interval),
    ]


def make_client(
    token: str | None, base_url: str | None = None, *, timeout: int = TIMEOUT
) -> AsyncWebClient:
    """An AsyncWebClient for ``base_url`` (VAKTBOT_SLACK_API_URL) with the quick-retry handlers."""
    url = base_url or DEFAULT_API_URL
    if not url.endswith("/"):
        url += "/"
    return AsyncWebClient(
        token=token, base_url=url, timeout=timeout, retry_handlers=retry_handlers()
    )


def classify(exc: Exception) -> Exception:
    """A slack_sdk / network failure as the outbox's TransientError or PermanentError.

    Ambiguous (the call may have been carried out): a 5xx, Slack's internal/fatal errors, a
    timeout, a connection dropped or reset once the request was on its way. Not ambiguous: a
    429 (Slack refused it), a connection that could not even be opened."""
    if isinstance(exc, SlackApiError):
        resp = exc.response
        status = getattr(resp, "status_code", 200) or 200
        error = str(resp.get("error", "")) if resp is not None else ""
        if status == 429 or error == "ratelimited":
            return base.TransientError("slack: ratelimited", retry_after_of(resp.headers))
        if status >= 500 or error in _TRANSIENT_ERRORS:
            ambiguous = status >= 500 or error in _AMBIGUOUS_ERRORS
            return base.TransientError(
                f"slack: {error or status}", retry_after_of(resp.headers), ambiguous=ambiguous
            )
        return base.PermanentError(f"slack: {error or status}")
    if isinstance(exc, aiohttp.ClientConnectorError):
        return base.TransientError(f"slack: {type(exc).__name__}")  # never reached Slack
    if isinstance(exc, asyncio.TimeoutError | aiohttp.ClientError | ConnectionError):
        return base.TransientError(f"slack: {type(exc).__name__}", ambiguous=True)
    if isinstance(exc, SlackClientError):
        # e.g. a 5xx with a non-JSON body, or a failed file upload
        return base.TransientError(f"slack: {type(exc).__name__}", ambiguous=True)
    return exc


class SlackTransport:
    """Delivers outbox rows to Slack. ``client`` is an AsyncWebClient (see :func:`make_client`)."""

    platform = "slack"
    can_look = True  # conversations.history / replies with our message metadata

    def __init__(self, config: Config, client: AsyncWebClient, *, app: App | None = None):
        self.config = config
        self.client = client
        self.app = app
        self._dm_channels: dict[str, str] = {}

    @classmethod
    def from_app(cls, app: App, *, timeout: int = TIMEOUT) -> SlackTransport:
        token = app.secrets.slack_bot_token
        client = make_client(
            token.get_secret_value() if token else None, app.secrets.slack_api_url, timeout=timeout
        )
        return cls(app.config, client, app=app)

    # --- addresses -----------------------------------------------------------------------
    def resolve(self, target: base.Target) -> str:
        """The Slack channel or user id a neutral target goes to."""
        if target.kind == "user":
            person = self.config.person(target.id)
            if person is None or not person.slack_id:
                raise base.Unroutable(f"slack: no slack_id for {target}")
            return person.slack_id
        if target.id == "management":
            channel = self.config.digest.management_channel
            if channel is None or not channel.slack:
                raise base.Unroutable("slack: no digest.management_channel.slack")
            return channel.slack
        team = self.config.team(target.id)
        if team is None or not team.channel.slack:
            raise base.Unroutable(f"slack: no channel.slack for {target}")
        return team.channel.slack

    def reach(self, person: str) -> base.Reach:
        """Slack opens the app's Messages tab with anyone in the workspace: a person with a
        slack_id can always be reached."""
        p = self.config.person(person)
        return base.Reach.DM if p is not None and p.slack_id else base.Reach.NONE

    def route(self, target: base.Target) -> base.Route:
        """The Slack channel (or, for a DM, the user) a target's messages go to."""
        return base.Route(self.resolve(target))

    async def _call(self, method: str, **kwargs: Any) -> Any:
        try:
            return await getattr(self.client, method)(**kwargs)
        except Exception as exc:  # noqa: BLE001 - mapped to the outbox's error types
            mapped = classify(exc)
            if mapped is exc:
                raise
            raise mapped from exc

    # --- Transport ----------------------------------------------------------------------
    async def post(self, envelope: base.Envelope, message: Message) -> base.Sent:
        key, thread = envelope.key, envelope.thread
        channel = thread.channel if thread is not None else self.resolve(envelope.target)
        payload = to_slack(message)
        args: dict[str, Any] = {
            "channel": channel,
            "text": payload["text"],
            "blocks": payload["blocks"],
            "metadata": {"event_type": METADATA_EVENT, "event_payload": {"key": key}},
            "unfurl_links": False,
            "unfurl_media": False,
        }
        if thread is not None:
            args["thread_ts"] = thread.message_id
        resp = await self._call("chat_postMessage", **args)
        sent = base.Sent(str(resp["channel"]), str(resp["ts"]))
        log.info(
            "slack message posted",
            extra={"key": key, "kind": envelope.kind, "in_thread": bool(thread)},
        )
        if message.attachments:
            await self._upload(sent, message, key)
        return sent

    # --- the on-duty handle (bot.runtime.handles decides when) ------------------------------
    async def set_usergroup(self, usergroup: str, users: list[str]) -> None:
        """usergroups.users.update (scope usergroups:write): the group's members, all at once."""
        await self._call("usergroups_users_update", usergroup=usergroup, users=",".join(users))
        log.info("slack user group updated", extra={"usergroup": usergroup, "users": len(users)})

    async def set_topic(self, channel: str, topic: str) -> None:
        """conversations.setTopic (scope channels:manage): the team channel's topic."""
        await self._call("conversations_setTopic", channel=channel, topic=topic[:250])
        log.info("slack channel topic updated", extra={"channel": channel})

    async def _upload(self, sent: base.Sent, message: Message, key: str) -> None:
        """Attachments into the message's thread. The message is already out, so a failure here
        is logged, not raised: raising would make the outbox post the message a second time."""
        uploads = [
            {
                "content": base64.b64decode(a.data_b64),
                "filename": a.name,
                "title": a.title or a.name,
            }
            for a in message.attachments
        ]
        thread_ts = sent.message_id
        try:
            await self._call(
                "files_upload_v2", file_uploads=uploads, channel=sent.channel, thread_ts=thread_ts
            )
        except (base.TransientError, base.PermanentError) as exc:
            log.warning(
                "slack attachment upload failed",
                extra={"key": key, "files": len(uploads), "reason": str(exc)[:200]},
            )

    async def update(self, sent: base.Sent, message: Message) -> None:
        payload = to_slack(message)
        await self._call(
            "chat_update",
            channel=sent.channel,
            ts=sent.message_id,
            text=payload["text"],
            blocks=payload["blocks"],
        )

    async def _history_channel(self, target: base.Target) -> str:
        address = self.resolve(target)
        if target.kind != "user":
            return address
        if address not in self._dm_channels:
            resp = await self._call("conversations_open", users=address)
            self._dm_channels[address] = str(resp["channel"]["id"])
        return self._dm_channels[address]

    async def find_sent(
        self, envelope: base.Envelope, *, since: datetime | None = None
    ) -> base.Sent | None:
        """Our message with this outbox key, posted since ``since``, if Slack has it: among the
        conversation's messages (``conversations.history``), or a thread's replies
        (``conversations.replies``), page by page, by the metadata every post carries.

        Raises TransientError when Slack cannot be asked right now (rate-limited, 5xx): the
        sender keeps the row and asks again later. Without the history scopes (missing_scope)
        it cannot look at all and returns None - README.md documents that trade-off.
        """
        key, thread = envelope.key, envelope.thread
        oldest = f"{since.timestamp():.6f}" if since is not None else None
        try:
            if thread is not None:
                channel = thread.channel
            else:
                channel = await self._history_channel(envelope.target)
            cursor: str | None = None
            while True:
                args: dict[str, Any] = {
                    "channel": channel,
                    "limit": HISTORY_LIMIT,
                    "include_all_metadata": True,
                }
                if oldest:
                    args["oldest"] = oldest
                if cursor:
                    args["cursor"] = cursor
                if thread is not None:
                    resp = await self._call("conversations_replies", ts=thread.message_id, **args)
                else:
                    resp = await self._call("conversations_history", **args)
                for msg in resp.get("messages", []) or []:
                    meta = msg.get("metadata") or {}
                    if meta.get("event_type") != METADATA_EVENT:
                        continue
                    if (meta.get("event_payload") or {}).get("key") == key:
                        return base.Sent(channel, str(msg["ts"]))
                cursor = ((resp.get("response_metadata") or {}).get("next_cursor")) or None
                if not resp.get("has_more") or not cursor:
                    return None
        except base.PermanentError as exc:
            if isinstance(exc, base.Unroutable):
                raise
            reason = str(exc).removeprefix("slack: ")
            if reason in _SILENT_FIND_ERRORS:
                log.warning("slack find_sent not possible", extra={"reason": reason})
                return None
            raise

    # --- incoming ------------------------------------------------------------------------
    async def start_socket_mode(self, stop: asyncio.Event) -> None:
        """Receive commands, buttons and events over Socket Mode until ``stop`` is set."""

        if self.app is None:
            raise RuntimeError("start_socket_mode needs SlackTransport.from_app(app)")
        app_token = self.app.secrets.slack_app_token
        if app_token is None:
            raise base.PermanentError("SLACK_APP_TOKEN is required for Socket Mode")
        bolt = build_bolt_app(self.app, self.client, socket_mode=True)
        handler = AsyncSocketModeHandler(
            bolt, app_token=app_token.get_secret_value(), web_client=self.client
        )
        await handler.connect_async()
        log.info("slack socket mode connected")
        try:
            await stop.wait()
        finally:
            await handler.close_async()
            log.info("slack socket mode closed")
