"""One attempt at one claimed outbox row, and what comes of it.

In order:

1. a row past its useful life is ``dead`` (bot.delivery.lifetime), whatever its tries;
2. an edit waits for the message it edits (``dropped`` if that was never delivered); a thread
   reply waits for its thread's first message;
3. a row marked ``check_first`` (an earlier attempt may have reached the platform: a crash, a
   timeout, a dropped connection, a 5xx) is looked for first (``transport.find_sent``): found, it
   is recorded as sent and not posted; not there, it is posted; and if the lookup itself fails
   (rate-limited, 5xx) the row stays as it is and the lookup is tried again later - never a blind
   post. Where the platform cannot be asked (Teams: ``can_look`` False) it is posted again, which
   is the window README.md documents;
4. the platform's pace (bot.delivery.pace): a row that may not go yet is deferred to the instant
   it may;
5. the fence (``lease.hold``) immediately before the platform call (after waiting for a free
   call slot); a row another sender has taken over is left alone;
6. the post, and its outcome: sent (with the platform's message id), retried later (backing off,
   honouring Retry-After; an ambiguous failure keeps ``check_first``), or failed for good.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from bot.delivery import lease
from bot.delivery.lifetime import expired_reason
from bot.delivery.pace import Pacer
from bot.messages.model import Message
from bot.observability import DELIVERY_LOOKUPS
from bot.store.models import Outbox
from bot.transports.base import (
    Envelope,
    PermanentError,
    Route,
    Sent,
    Target,
    TransientError,
    Transport,
    Unroutable,
)

log = logging.getLogger("vaktbot.delivery")

WAIT_FOR_ORIGINAL = timedelta(seconds=5)  # an edit or a reply whose first message is not out yet
LOOK_BACK = timedelta(minutes=5)  # our clock and the platform's may differ a little
FLUSH_EVERY = 64  # outcomes written per transaction


def backoff(attempt: int, retry_after: float | None, rng: random.Random) -> float:
    """Seconds before the next try: Retry-After if given, else full jitter on 2^n (cap 15 min)."""
    if retry_after is not None:
        return max(retry_after, 0.0) + rng.uniform(0, 1)
    return rng.uniform(0, min(900.0, 2.0 ** min(attempt, 10)))


@dataclass
class Item:
    """A claimed row, detached from its session; ``token`` is this sender's fencing token."""

    id: int
    key: str
    kind: str
    target: str
    op: str
    ref_key: str | None
    thread_key: str | None
    payload: dict[str, Any]
    attempts: int
    check_first: bool
    due_at: datetime
    expires_at: datetime
    last_error: str | None
    route: Route
    token: int = 0

    @classmethod
    def of(cls, row: Any, route: Route, expires_at: datetime) -> Item:
        """From an outbox row (an ``Outbox`` or a row of its columns)."""
        return cls(
            row.id, row.key, row.kind, row.target, row.op, row.ref_key, row.thread_key,
            row.payload, row.attempts, row.check_first, row.due_at, expires_at, row.last_error,
            route,
        )  # fmt: skip


@dataclass
class Delivered:
    """A message that reached the platform (or was found there)."""

    key: str
    kind: str
    target: str
    platform_channel: str
    platform_message_id: str
    sent_at: datetime


@dataclass
class DeliveryReport:
    sent: list[Delivered] = field(default_factory=list)
    retried: int = 0
    failed: int = 0
    deferred: int = 0
    dead: int = 0
    dropped: int = 0
    found: int = 0  # found on the platform after an uncertain attempt, not posted again

    def add(self, other: DeliveryReport) -> None:
        self.sent += other.sent
        self.retried += other.retried
        self.failed += other.failed
        self.deferred += other.deferred
        self.dead += other.dead
        self.dropped += other.dropped
        self.found += other.found


@dataclass
class Outcome:
    """What an attempt came to. ``hold_until``: the rows behind it in its conversation wait
    until then (None: they may go on)."""

    status: str  # sent | pending | failed | dead | dropped | lost
    hold_until: datetime | None = None


@dataclass
class Attempts:
    """Everything one attempt needs; shared by the lanes of a pass."""

    sessions: sessionmaker[Session]
    transport: Transport
    pacer: Pacer
    rng: random.Random
    report: DeliveryReport
    gate: asyncio.Semaphore  # at most this many platform calls at once
    lease_now: Callable[[], datetime]  # the pass's time plus the real time it has taken
    lease_term: timedelta = lease.LEASE
    outcomes: list[tuple[int, int, dict[str, Any]]] = field(default_factory=list)
    holding: list[tuple[Item, asyncio.Future[bool]]] = field(default_factory=list)

    # --- the database ----------------------------------------------------------------------
    def _release(self, item: Item, **values: Any) -> None:
        self.outcomes.append((item.id, item.token, values))
        if len(self.outcomes) >= FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        """Write the outcomes gathered so far in one transaction (the sender flushes at the end
        of every pass and lane). Until then a row keeps its lease and, if it was posted, its
        in-flight mark: after a crash before the flush it is looked up, found and recorded,
        never posted twice."""
        if not self.outcomes:
            return
        batch, self.outcomes = self.outcomes, []
        with self.engine.begin() as conn:
            kept = lease.release_many(conn, batch)
        if kept < len(batch):
            log.warning(
                "outbox rows taken over while in flight", extra={"count": len(batch) - kept}
            )

    async def _hold(self, item: Item) -> bool:
        """The fence for ``item``. The rows that reach it in the same turn of the event loop
        (the lanes let through together) are fenced in one statement."""
        future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        if not self.holding:
            asyncio.get_running_loop().call_soon(self._hold_together)
        self.holding.append((item, future))
        return await future

    def _hold_together(self) -> None:
        batch, self.holding = self.holding, []
        try:
            with self.engine.begin() as conn:
                rows = [(it.id, it.token) for it, _ in batch]
                held = lease.hold_many(conn, rows, self.lease_now(), self.lease_term)
        except Exception as exc:  # noqa: BLE001 - each waiting attempt gets the error
            for _, future in batch:
                if not future.done():
                    future.set_exception(exc)
            return
        for it, future in batch:
            if not future.done():
                future.set_result(it.id in held)

    @property
    def engine(self) -> Engine:
        bind: Engine = self.sessions.kw["bind"]
        return bind

    def _original(self, key: str | None) -> tuple[str, Sent | None]:
        """Status of the row ``key`` names, and where it landed if it was sent."""
        if not key:
            return "missing", None
        self.flush()  # the row may be among this pass's outcomes
        with self.sessions() as s:
            row = s.execute(
                select(Outbox.status, Outbox.platform_channel, Outbox.platform_message_id).where(
                    Outbox.key == key
                )
            ).one_or_none()
        if row is None:
            return "missing", None
        status, channel, message_id = row
        if status == "sent" and channel is not None and message_id is not None:
            return "sent", Sent(channel, message_id)
        return str(status), None

    # --- outcomes --------------------------------------------------------------------------
    def sent(self, item: Item, sent: Sent, now: datetime) -> Outcome:
        self._release(
            item,
            status="sent",
            sent_at=now,
            platform=self.transport.platform,
            platform_channel=sent.channel,
            platform_message_id=sent.message_id,
            check_first=False,
            last_error=None,
        )
        self.report.sent.append(
            Delivered(item.key, item.kind, item.target, sent.channel, sent.message_id, now)
        )
        return Outcome("sent")

    def retry(
        self, item: Item, now: datetime, exc: TransientError, *, check_first: bool
    ) -> Outcome:
        delay = backoff(item.attempts + 1, exc.retry_after, self.rng)
        at = now + timedelta(seconds=delay)
        self._release(item, next_attempt_at=at, check_first=check_first, last_error=str(exc)[:500])
        log.warning(
            "delivery failed, retrying in %.1fs",
            delay,
            extra={
                "key": item.key,
                "attempt": item.attempts + 1,
                "reason": str(exc)[:200],
                "look_first": check_first,
            },
        )
        self.report.retried += 1
        return Outcome("pending", at)

    def defer(self, item: Item, at: datetime, *, check_first: bool | None = None) -> Outcome:
        values: dict[str, Any] = {"next_attempt_at": at}
        if check_first is not None:
            values["check_first"] = check_first
        self._release(item, **values)
        self.report.deferred += 1
        return Outcome("pending", at)

    def failed(self, item: Item, exc: Exception) -> Outcome:
        self._release(item, status="failed", check_first=False, last_error=str(exc)[:500])
        log.error("delivery failed permanently", extra={"key": item.key, "reason": str(exc)})
        self.report.failed += 1
        return Outcome("failed")

    def dead(self, item: Item, now: datetime) -> Outcome:
        self._release(item, status="dead", last_error=expired_reason(item.last_error))
        log.error(
            "delivery gave up: the message is past its useful life",
            extra={"key": item.key, "kind": item.kind, "attempts": item.attempts},
        )
        self.report.dead += 1
        return Outcome("dead")

    def dropped(self, item: Item, why: str) -> Outcome:
        self._release(item, status="dropped", last_error=why)
        self.report.dropped += 1
        return Outcome("dropped")

    # --- one attempt -----------------------------------------------------------------------
    async def run(self, item: Item, now: datetime) -> Outcome:
        if now >= item.expires_at:
            return self.dead(item, now)
        try:
            target = Target.parse(item.target)
        except ValueError as exc:
            return self.failed(item, PermanentError(str(exc)))
        if item.op == "update":
            return await self._update(item, now)
        thread = None
        if item.thread_key:
            status, thread = self._original(item.thread_key)
            if status == "pending":
                return self.defer(item, now + WAIT_FOR_ORIGINAL)
        envelope = Envelope(target, item.key, item.kind, thread)
        check_first = item.check_first
        if check_first:
            if not self.transport.can_look:
                DELIVERY_LOOKUPS.labels(self.transport.platform, "impossible").inc()
                log.warning(
                    "delivery outcome unknown and the platform cannot be asked: posting again",
                    extra={"key": item.key, "platform": self.transport.platform},
                )
            else:
                try:
                    found = await self.transport.find_sent(envelope, since=item.due_at - LOOK_BACK)
                except Unroutable as exc:
                    return self.failed(item, exc)
                except TransientError as exc:
                    DELIVERY_LOOKUPS.labels(self.transport.platform, "failed").inc()
                    lookup = TransientError(f"lookup: {exc}", exc.retry_after)
                    return self.retry(item, now, lookup, check_first=True)
                except PermanentError as exc:
                    DELIVERY_LOOKUPS.labels(self.transport.platform, "failed").inc()
                    return self.failed(item, exc)
                if found is not None:
                    DELIVERY_LOOKUPS.labels(self.transport.platform, "found").inc()
                    log.info("message found on the platform, not posted again",
                             extra={"key": item.key})  # fmt: skip
                    self.report.found += 1
                    return self.sent(item, found, now)
                DELIVERY_LOOKUPS.labels(self.transport.platform, "absent").inc()
                check_first = False  # certainly not there: this post is the first
        wait = self.pacer.wait(item.route, now)
        if wait > 0:
            return self.defer(item, now + timedelta(seconds=wait), check_first=check_first)
        message = Message.from_dict(item.payload)
        try:
            async with self.gate:  # the fence comes last, right before the call
                if not await self._hold(item):
                    return Outcome("lost")
                self.pacer.record(item.route, now)
                sent = await self.transport.post(envelope, message)
        except TransientError as exc:
            ambiguous = exc.ambiguous or (check_first and not self.transport.can_look)
            return self.retry(item, now, exc, check_first=ambiguous)
        except PermanentError as exc:
            return self.failed(item, exc)
        return self.sent(item, sent, now)

    async def _update(self, item: Item, now: datetime) -> Outcome:
        status, ref = self._original(item.ref_key)
        if status == "pending":
            return self.defer(item, now + WAIT_FOR_ORIGINAL)
        if ref is None:
            return self.dropped(item, f"the message to edit was not delivered ({status})")
        message = Message.from_dict(item.payload)
        try:
            async with self.gate:
                if not await self._hold(item):
                    return Outcome("lost")
                await self.transport.update(ref, message)  # an edit repeats safely
        except TransientError as exc:
            return self.retry(item, now, exc, check_first=False)
        except PermanentError as exc:
            return self.failed(item, exc)
        return self.sent(item, ref, now)
