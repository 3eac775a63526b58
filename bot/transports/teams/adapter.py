"""The botbuilder side of the Teams transport: the CloudAdapter, and sends with retries.

botbuilder itself does not retry (and the msrest/urllib3 retries underneath are switched off per
connector client, so there is exactly one retry policy): every call to the Bot Connector goes
through :func:`with_retries`, bounded by a timeout, which retries 429/412/502/503/504 and
connection errors a few times with exponential backoff and full jitter, honouring Retry-After,
and then raises TransientError so the outbox retries later.

A call that creates a message (``creates=True``: send to conversation) is retried inline only
when the connector certainly did not take it (429, 412, a connection that could not be opened).
After a 5xx, a timeout or a dropped connection the message may exist already, and the Bot
Connector offers no way to ask: the failure goes back to the outbox marked ambiguous, once, and
is posted again from there (README.md, "Delivery guarantees", documents that window). Edits
(PUT) repeat safely and are retried on every transient failure.

Everything botbuilder-specific stays in bot/transports/teams*.py.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, TypeVar

import aiohttp
from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity, ChannelAccount, Entity, Mention
from msrest.exceptions import ClientRequestError, HttpOperationError
from msrest.serialization import Model

from bot.observability import MESSAGES_RETRIED
from bot.settings import Secrets
from bot.transports.base import PermanentError, TransientError

log = logging.getLogger("vaktbot.teams")

T = TypeVar("T")

RETRY_STATUSES = frozenset({429, 412, 502, 503, 504})
NOT_TAKEN_STATUSES = frozenset({429, 412})  # the connector refused the call: nothing was created
PERMANENT_STATUSES = frozenset({400, 401, 403, 404, 405, 413})


class Refused(PermanentError):
    """The connector refused the call for good (403, 404, ...); ``status`` says how."""

    def __init__(self, reason: str, status: int):
        super().__init__(reason)
        self.status = status


class AdapterSettings:
    """The configuration object ConfigurationBotFrameworkAuthentication reads (by attribute)."""

    def __init__(self, secrets: Secrets):
        self.APP_ID = secrets.teams_app_id or ""
        self.APP_PASSWORD = (
            secrets.teams_app_password.get_secret_value() if secrets.teams_app_password else ""
        )
        self.APP_TENANTID = secrets.teams_tenant_id or ""
        # Without an app id, authentication is disabled (as in the Bot Framework Emulator); the
        # SDK only allows that for its MultiTenant credential factory.
        self.APP_TYPE = secrets.teams_app_type if self.APP_ID else "MultiTenant"


def auth_disabled(secrets: Secrets) -> bool:
    return not secrets.teams_app_id


def make_adapter(secrets: Secrets) -> CloudAdapter:
    adapter = CloudAdapter(ConfigurationBotFrameworkAuthentication(AdapterSettings(secrets)))

    async def on_error(context: TurnContext, error: Exception) -> None:
        activity = context.activity
        log.error(
            "teams turn failed",
            exc_info=error,
            extra={"activity_type": activity.type, "activity_id": activity.id},
        )

    adapter.on_turn_error = on_error
    return adapter


def connector_client(adapter: CloudAdapter, context: TurnContext) -> Any:
    """The turn's ConnectorClient, with the SDK's own HTTP retries switched off."""
    client = context.turn_state.get(adapter.BOT_CONNECTOR_CLIENT_KEY)
    if client is None:
        raise PermanentError("no Bot Connector client in this turn")
    policy = getattr(getattr(client, "config", None), "retry_policy", None)
    if policy is not None and policy.retries != 0:
        policy.retries = 0  # one retry policy only: ours
    return client


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Retry-After as seconds: a number, or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - (now or datetime.now(UTC))).total_seconds(), 0.0)


def classify(exc: BaseException) -> tuple[int | None, float | None]:
    """(HTTP status or None for a connection problem, Retry-After seconds) of a connector error."""
    response = getattr(exc, "response", None)
    status = getattr(response, "status_code", None)
    headers = getattr(response, "headers", None) or {}
    retry_after = parse_retry_after(headers.get("Retry-After")) if headers else None
    return (int(status) if status is not None else None), retry_after


@dataclass
class RetryPolicy:
    attempts: int = 4  # tries in all, inline
    base: float = 0.5  # seconds; doubled each try, full jitter
    cap: float = 8.0
    max_inline_wait: float = 20.0  # a longer Retry-After goes back to the outbox instead
    timeout: float = 30.0  # seconds per call; far below the outbox lease (bot.delivery.lease)
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    rng: random.Random = field(default_factory=random.Random)

    def delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return retry_after + self.rng.uniform(0, min(0.25, retry_after / 4 + 0.05))
        return self.rng.uniform(0, min(self.cap, self.base * 2 ** (attempt - 1)))


async def with_retries(
    call: Callable[[], Awaitable[T]], policy: RetryPolicy, what: str, *, creates: bool = False
) -> T:
    """Run ``call``; retry throttling and transient failures; map errors to the Transport ones.
    ``creates``: the call makes a new message, so a failure after which it may exist is not
    repeated here but handed back as an ambiguous TransientError."""
    attempt = 0
    while True:
        attempt += 1
        try:
            return await asyncio.wait_for(call(), policy.timeout)
        except (HttpOperationError, ClientRequestError) as exc:
            status, retry_after = classify(exc)
            if isinstance(exc, HttpOperationError) and status is not None:
                if status in PERMANENT_STATUSES:
                    raise Refused(f"teams {what}: HTTP {status}", status) from None
                if status not in RETRY_STATUSES:
                    raise TransientError(
                        f"teams {what}: HTTP {status}", retry_after, ambiguous=creates
                    ) from None
            reason = f"teams {what}: " + (f"HTTP {status}" if status else "connection failed")
            ambiguous = creates and status not in NOT_TAKEN_STATUSES
        except aiohttp.ClientConnectorError:
            status, retry_after, ambiguous = None, None, False  # never reached the connector
            reason = f"teams {what}: connection failed"
        except (TimeoutError, aiohttp.ClientError, ConnectionError) as exc:
            status, retry_after, ambiguous = None, None, creates
            reason = f"teams {what}: {type(exc).__name__}"
        too_long = retry_after is not None and retry_after > policy.max_inline_wait
        if ambiguous or attempt >= policy.attempts or too_long:
            raise TransientError(reason, retry_after, ambiguous=ambiguous) from None
        delay = policy.delay(attempt, retry_after)
        MESSAGES_RETRIED.labels("teams").inc()
        log.info(
            "teams call throttled or failed, retrying",
            extra={"what": what, "status": status, "attempt": attempt, "delay": delay},
        )
        await policy.sleep(delay)


class CardActionResponse(Model):  # type: ignore[misc]
    """The body of an ``adaptiveCard/action`` invoke response: botbuilder's
    AdaptiveCardInvokeResponse takes only an object as ``value``, but a message answer is a
    string."""

    _attribute_map = {
        "status_code": {"key": "statusCode", "type": "int"},
        "type": {"key": "type", "type": "str"},
        "value": {"key": "value", "type": "object"},
    }

    def __init__(self, *, status_code: int, type: str, value: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.status_code, self.type, self.value = status_code, type, value


def to_activity(payload: dict[str, Any]) -> Activity:
    """An Activity dict from the renderer -> a botbuilder Activity."""
    activity = Activity().deserialize(payload)
    # botbuilder's Entity keeps no properties of its own: mentions must be Mention objects
    activity.entities = [
        Mention(
            mentioned=ChannelAccount().deserialize(e.get("mentioned") or {}),
            text=e.get("text"),
            type="mention",
        )
        if e.get("type") == "mention"
        else Entity().deserialize(e)
        for e in payload.get("entities") or []
        if isinstance(e, dict)
    ] or None
    if not activity.type:
        activity.type = "message"
    return activity
