"""The sender: drains the outbox through a transport, every platform conversation in order and at
the platform's pace, all conversations at once.

A pass (``drain`` delivers and waits; ``dispatch`` starts the same work in the background, for the
service loop, and returns at once):

1. rows whose useful life ended are marked ``dead`` (bot.delivery.lifetime);
2. due rows are picked in order and grouped into *lanes* by the platform conversation they land in
   (``transport.route``: the real Slack channel or Teams conversation, so two teams sharing one
   channel share its pace); a conversation with an older message still waiting for its retry
   waits behind it;
3. each lane's rows are claimed with a fencing token (bot.delivery.lease) and delivered one at a
   time (bot.delivery.attempt); lanes run concurrently, with at most ``concurrency`` platform
   calls in flight; while a pass runs, its leases are renewed, so a long pass behind a slow
   platform never lets another replica take a row over;
4. when a row may not go yet (the pace, a retry), it and every row behind it in its lane are
   deferred to the exact instants their turns come (``Pacer.slots``): the service wakes then
   (``next_due``), not at its next tick.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Collection
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Row, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import held
from bot.delivery import lease
from bot.delivery.attempt import Attempts, DeliveryReport, Item
from bot.delivery.lifetime import EXPIRED, useful_until
from bot.delivery.outbox import next_attempt
from bot.delivery.pace import PACES, Pace, Pacer
from bot.observability import record_report
from bot.store.models import Outbox
from bot.transports.base import (
    NotReachableYet,
    PermanentError,
    Route,
    Target,
    TransientError,
    Transport,
)

log = logging.getLogger("vaktbot.delivery")

BATCH = 500  # rows picked per pass
CONCURRENCY = 32  # platform calls in flight at once, over all conversations
CRASH_PAUSE = timedelta(seconds=30)  # a bug in an attempt: try that row again a little later
# what a pass reads of a due row (columns, not ORM objects: a pass may read hundreds)
DUE_COLUMNS = (
    Outbox.id, Outbox.key, Outbox.kind, Outbox.target, Outbox.op, Outbox.ref_key,
    Outbox.thread_key, Outbox.payload, Outbox.attempts, Outbox.check_first, Outbox.due_at,
    Outbox.expires_at, Outbox.last_error,
)  # fmt: skip


@dataclass
class Lane:
    route: Route
    items: list[Item] = field(default_factory=list)


class Sender:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        transport: Transport,
        *,
        owner: str | None = None,
        rng: random.Random | None = None,
        clock: Callable[[], datetime] | None = None,
        lease_term: timedelta = lease.LEASE,
        concurrency: int = CONCURRENCY,
        batch: int = BATCH,
        on_idle: Callable[[], None] | None = None,
    ):
        self.sessions = sessions
        self.transport = transport
        self.owner = owner or f"sender-{uuid.uuid4().hex[:8]}"
        self.rng = rng or random.Random()
        self.clock = clock  # the service's clock: a simulated one stands still while lanes work
        self.lease_term = lease_term
        self.batch = batch
        self.on_idle = on_idle  # called when a background lane finishes (the loop looks again)
        self.pacer = Pacer(PACES.get(transport.platform, Pace(())))
        self.concurrency = concurrency
        self._gate: tuple[asyncio.AbstractEventLoop, asyncio.Semaphore] | None = None
        self._held: dict[int, int] = {}  # row id -> fencing token, while this sender holds it
        self._lanes: dict[str, asyncio.Task[None]] = {}  # background lanes by conversation
        self._lease_now: Callable[[], datetime] | None = None  # the latest pass's time
        self._renewer: asyncio.Task[None] | None = None

    # --- the service loop ------------------------------------------------------------------
    def next_due(self, now: datetime | None = None) -> datetime | None:
        """When this sender next has something to try (None: nothing pending). While lanes are
        running, rows already due at ``now`` are theirs to pick up when they finish (they call
        ``on_idle``), so only what comes due later counts."""
        with self.sessions() as s:
            return next_attempt(s, after=now if self._lanes and now is not None else None)

    def dispatch(self, now: datetime) -> int:
        """Start delivering what is due at ``now`` in the background and return at once (a
        conversation that is already being delivered to waits for its lane's next pass);
        returns how many rows were started. ``on_idle`` is called as each lane finishes."""
        lanes = self._plan(now, DeliveryReport(), busy=set(self._lanes))
        for ln in lanes:
            attempts = self._attempts(now, DeliveryReport())
            self._lanes[ln.route.conversation] = asyncio.create_task(
                self._background(ln, now, attempts)
            )
        if lanes and self._renewer is None:
            self._renewer = asyncio.create_task(self._renew_while_busy())
        return sum(len(ln.items) for ln in lanes)

    async def settle(self) -> None:
        """Wait for the background lanes (at shutdown)."""
        while self._lanes:
            await asyncio.gather(*list(self._lanes.values()), return_exceptions=True)
        if self._renewer is not None:
            self._renewer.cancel()  # nothing left to renew
            with contextlib.suppress(asyncio.CancelledError):
                await self._renewer

    # --- a pass that waits -----------------------------------------------------------------
    async def drain(self, now: datetime, limit: int | None = None) -> DeliveryReport:
        """Deliver every row due at ``now`` once (or schedule its next try). Safe to run in
        several processes at once."""
        report = DeliveryReport()
        attempts = self._attempts(now, report)
        lanes = self._plan(now, report, limit=limit)
        async with self._renewing():
            await asyncio.gather(*(self._lane(ln, now, attempts) for ln in lanes))
        attempts.flush()
        record_report(self.transport.platform, report)
        return report

    # --- planning a pass -------------------------------------------------------------------
    def _attempts(self, now: datetime, report: DeliveryReport) -> Attempts:
        started = time.monotonic()

        def lease_now() -> datetime:  # the pass's time, moved on by the real time it takes
            return now + timedelta(seconds=time.monotonic() - started)

        self._lease_now = lease_now
        loop = asyncio.get_running_loop()
        if self._gate is None or self._gate[0] is not loop:  # one gate per event loop
            self._gate = (loop, asyncio.Semaphore(self.concurrency))
        return Attempts(
            self.sessions,
            self.transport,
            self.pacer,
            self.rng,
            report,
            self._gate[1],
            lease_now,
            self.lease_term,
        )

    def _plan(
        self,
        now: datetime,
        report: DeliveryReport,
        *,
        busy: Collection[str] = (),
        limit: int | None = None,
    ) -> list[Lane]:
        """Pick the due rows, group them into lanes, claim them. A lane whose conversation has
        an older row still waiting (for its retry or its turn) is deferred behind it."""
        self._sweep(now)
        with self.sessions() as s:
            rows = s.execute(
                select(*DUE_COLUMNS)
                .where(Outbox.status == "pending", Outbox.next_attempt_at <= now)
                .where(lease.free_at(now))
                .order_by(Outbox.next_attempt_at, Outbox.id)
                .limit(limit or self.batch)
            ).all()
            waiting = self._waiting(s, now) if rows else {}
        lanes: dict[str, Lane] = {}
        unroutable: list[tuple[Row[Any], Exception]] = []
        not_yet: list[tuple[Row[Any], NotReachableYet]] = []
        for row in rows:
            try:
                route = self.transport.route(Target.parse(row.target))
            except (PermanentError, ValueError) as exc:
                unroutable.append((row, exc))
                continue
            except NotReachableYet as exc:
                not_yet.append((row, exc))
                continue
            except TransientError:
                continue  # the address cannot be looked up right now: next pass
            if route.conversation in busy:
                continue
            life = useful_until(row.kind, row.due_at, row.expires_at)
            lanes.setdefault(route.conversation, Lane(route)).items.append(
                Item.of(row, route, life)
            )
        report.failed += self._fail_unroutable(now, unroutable)
        report.deferred += self._wait_for_address(now, not_yet)
        ids = [it.id for ln in lanes.values() for it in ln.items]
        with self.sessions.begin() as s:
            tokens = lease.claim(s, ids, self.owner, now, self.lease_term)
        out = []
        for ln in lanes.values():
            ln.items = sorted((it for it in ln.items if it.id in tokens), key=lambda it: it.id)
            for it in ln.items:
                it.token = tokens[it.id]
                self._held[it.id] = it.token
            if not ln.items:
                continue
            first = ln.items[0].id
            behind = [at for t in {it.target for it in ln.items} if t in waiting
                      for older, at in [waiting[t]] if older < first]  # fmt: skip
            if behind:  # an older message of this conversation goes first
                self._defer(ln.route, ln.items, min(behind), include_head=False)
                continue
            out.append(ln)
        return out

    @staticmethod
    def _waiting(s: Session, now: datetime) -> dict[str, tuple[int, datetime]]:
        """Per target: the oldest row that was due but waits for a later try or its turn
        (id, next attempt). Rows scheduled for later do not count."""
        rows = s.execute(
            select(Outbox.target, func.min(Outbox.id), func.min(Outbox.next_attempt_at))
            .where(Outbox.status == "pending", Outbox.due_at <= now)
            .where(Outbox.next_attempt_at > now)
            .group_by(Outbox.target)
        ).all()
        return {t: (int(i), at) for t, i, at in rows}

    def _sweep(self, now: datetime) -> None:
        """Rows whose useful life is over, and that nobody is working on, are dead."""
        with self.sessions.begin() as s:
            res = s.execute(
                update(Outbox)
                .where(Outbox.status == "pending", Outbox.expires_at <= now)
                .where(lease.free_at(now))
                .values(
                    status="dead",
                    last_error=func.substr(
                        func.coalesce(EXPIRED + "; last error: " + Outbox.last_error, EXPIRED),
                        1,
                        500,
                    ),
                )
                .execution_options(synchronize_session=False)
            )
        n = int(getattr(res, "rowcount", 0) or 0)
        if n:
            log.error("delivery gave up: messages past their useful life", extra={"count": n})

    def _fail_unroutable(self, now: datetime, rows: list[tuple[Row[Any], Exception]]) -> int:
        if not rows:
            return 0
        failed = 0
        with self.sessions.begin() as s:
            tokens = lease.claim(s, [r.id for r, _ in rows], self.owner, now, self.lease_term)
            for row, exc in rows:
                if row.id in tokens:
                    reason = str(exc)[:500]
                    lease.release(s, row.id, tokens[row.id], status="failed", last_error=reason)
                    failed += 1
                    log.error("delivery failed permanently",
                              extra={"key": row.key, "reason": reason})  # fmt: skip
        return failed

    def _wait_for_address(self, now: datetime, rows: list[tuple[Row[Any], NotReachableYet]]) -> int:
        """Rows whose target has no address yet (the Teams app not installed, a channel not
        linked) wait and are looked at again later, until their useful life ends; one warning
        per reason and pass, so the admin sees what to do without a line per message."""
        if not rows:
            return 0
        reasons: dict[str, int] = {}
        with self.sessions.begin() as s:
            tokens = lease.claim(s, [r.id for r, _ in rows], self.owner, now, self.lease_term)
            for row, exc in rows:
                if row.id in tokens:
                    reason = str(exc)[:500]
                    at = now + timedelta(seconds=exc.retry_after or NotReachableYet.WAIT)
                    lease.release(s, row.id, tokens[row.id], next_attempt_at=at, last_error=reason)
                    reasons[reason] = reasons.get(reason, 0) + 1
        for reason, count in reasons.items():
            log.warning("delivery waits for an address", extra={"reason": reason, "count": count})
        return sum(reasons.values())

    # --- lanes -----------------------------------------------------------------------------
    async def _lane(self, ln: Lane, now: datetime, attempts: Attempts) -> None:
        """Deliver a lane's rows in order; when one must wait, the rest wait behind it."""
        items = list(ln.items)
        try:
            for i, item in enumerate(items):
                try:
                    outcome = await attempts.run(item, now)
                except Exception:
                    log.exception("delivery attempt crashed", extra={"key": item.key})
                    outcome = attempts.defer(item, now + CRASH_PAUSE)
                self._held.pop(item.id, None)
                if outcome.hold_until is not None:
                    rest = items[i + 1 :]
                    self._defer(ln.route, rest, outcome.hold_until, include_head=True)
                    attempts.report.deferred += len(rest)
                    return
        finally:
            for item in items:
                self._held.pop(item.id, None)

    def _defer(
        self, route: Route, rows: list[Item], after: datetime, *, include_head: bool
    ) -> None:
        """Release ``rows`` with next attempts at the pace's slots from ``after`` on (after
        the row at the head of the lane, which goes at ``after`` itself, if included)."""
        if not rows:
            return
        slots = self.pacer.slots(route, after, len(rows) + include_head)[include_head:]
        with self.sessions.begin() as s:
            lease.defer(s, [(it.id, it.token, at) for it, at in zip(rows, slots, strict=True)])
        for it in rows:
            self._held.pop(it.id, None)

    async def _background(self, ln: Lane, now: datetime, attempts: Attempts) -> None:
        try:
            with held(self.clock) if self.clock is not None else contextlib.nullcontext():
                await self._lane(ln, now, attempts)
                attempts.flush()
            record_report(self.transport.platform, attempts.report)
        except Exception:
            log.exception("delivery lane failed")
        finally:
            self._lanes.pop(ln.route.conversation, None)
            if self.on_idle is not None:
                self.on_idle()

    # --- leases of long passes -------------------------------------------------------------
    def _renew(self) -> None:
        held_now = dict(self._held)
        if not held_now or self._lease_now is None:
            return
        with self.sessions.begin() as s:
            lease.renew(s, held_now, self.owner, self._lease_now(), self.lease_term)

    def _renew_safely(self) -> None:
        try:
            self._renew()
        except Exception:
            log.exception("could not renew delivery leases")

    async def _renew_while_busy(self) -> None:
        try:
            while self._lanes:
                await asyncio.sleep(self.lease_term.total_seconds() / 3)
                self._renew_safely()
        finally:
            self._renewer = None

    @contextlib.asynccontextmanager
    async def _renewing(self) -> AsyncIterator[None]:
        """Renew this sender's leases every third of their term while the block runs."""
        stop = asyncio.Event()

        async def renew() -> None:
            period = self.lease_term.total_seconds() / 3
            while not stop.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), period)
                if not stop.is_set():
                    self._renew_safely()

        task = asyncio.create_task(renew())
        try:
            yield
        finally:
            stop.set()
            await task


async def deliver_due(
    sender: Sender,
    clock: Callable[[], datetime],
    *,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    wait: timedelta = timedelta(seconds=60),
) -> DeliveryReport:
    """Deliver what is due, following the pace, until nothing is due within ``wait`` (what
    `vaktbot send` does). Returns the combined report."""
    total = DeliveryReport()
    while True:
        total.add(await sender.drain(clock()))
        nxt = sender.next_due()
        now = clock()
        if nxt is None or nxt > now + wait:
            return total
        await sleep(max((nxt - now).total_seconds(), 0.0))
