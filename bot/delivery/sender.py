"""The sender: drains the outbox through a transport.

* Rows are claimed with a lease (a conditional UPDATE), so several replicas never send the same
  row, and a crashed sender's rows become claimable again when its lease runs out.
* A claimed row whose previous lease expired without a recorded outcome ("uncertain") is checked
  with ``transport.find_sent`` before it is sent again, so a crash after the platform accepted the
  message but before we recorded it does not post it twice where the platform can tell us.
* Per-conversation rate limits (Slack 1/s per channel; Teams 7/s and 1,800/h per conversation).
* Retries with exponential backoff and full jitter on TransientError, honouring Retry-After.
"""

from __future__ import annotations

import logging
import random
import uuid
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.messages.model import Message
from bot.observability import record_report
from bot.store.models import Outbox
from bot.transports.base import PermanentError, Sent, Target, TransientError, Transport

log = logging.getLogger("vaktbot.delivery")

LEASE = timedelta(seconds=120)
MAX_ATTEMPTS = 10

# (max messages, per seconds) per conversation
RATE_LIMITS: dict[str, tuple[tuple[int, float], ...]] = {
    "slack": ((1, 1.0),),
    "teams": ((7, 1.0), (1800, 3600.0)),
    "console": (),
}


@dataclass
class RateLimiter:
    """Sliding-window limits per conversation, on the injected clock."""

    limits: tuple[tuple[int, float], ...]
    _sent: dict[str, deque[datetime]] = field(default_factory=lambda: defaultdict(deque))

    def wait_for(self, conversation: str, now: datetime) -> float:
        """Seconds until a message to ``conversation`` may go (0 = now)."""
        history = self._sent[conversation]
        wait = 0.0
        for count, window in self.limits:
            recent = [t for t in history if (now - t).total_seconds() < window]
            if len(recent) >= count:
                oldest = recent[-count]
                wait = max(wait, window - (now - oldest).total_seconds())
        return wait

    def record(self, conversation: str, now: datetime) -> None:
        history = self._sent[conversation]
        history.append(now)
        longest = max((w for _, w in self.limits), default=0.0)
        while history and (now - history[0]).total_seconds() > longest:
            history.popleft()


def backoff(attempt: int, retry_after: float | None, rng: random.Random) -> float:
    """Seconds before the next try: Retry-After if given, else full jitter on 2^n (cap 15 min)."""
    if retry_after is not None:
        return max(retry_after, 0.0) + rng.uniform(0, 1)
    return rng.uniform(0, min(900.0, 2.0 ** min(attempt, 10)))


@dataclass
class DeliveryReport:
    sent: list[Outbox] = field(default_factory=list)
    retried: int = 0
    failed: int = 0
    deferred: int = 0


class Sender:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        transport: Transport,
        *,
        owner: str | None = None,
        rng: random.Random | None = None,
        on_sent: Callable[[Outbox, Message], None] | None = None,
    ):
        self.sessions = sessions
        self.transport = transport
        self.owner = owner or f"sender-{uuid.uuid4().hex[:8]}"
        self.rng = rng or random.Random()
        self.limiter = RateLimiter(RATE_LIMITS.get(transport.platform, ()))
        self.on_sent = on_sent

    def _claim(self, now: datetime, limit: int) -> list[tuple[Outbox, bool]]:
        """Claim due rows; each comes with whether its previous attempt's outcome is unknown."""
        claimed: list[tuple[Outbox, bool]] = []
        with self.sessions.begin() as s:
            candidates = s.scalars(
                select(Outbox)
                .where(Outbox.status == "pending", Outbox.next_attempt_at <= now)
                .where(or_(Outbox.lease_until.is_(None), Outbox.lease_until < now))
                .order_by(Outbox.next_attempt_at, Outbox.id)
                .limit(limit)
            ).all()
            for row in candidates:
                uncertain = row.lease_until is not None  # a sender died holding it
                res = s.execute(
                    update(Outbox)
                    .where(Outbox.id == row.id, Outbox.status == "pending")
                    .where(or_(Outbox.lease_until.is_(None), Outbox.lease_until < now))
                    .values(
                        lease_owner=self.owner,
                        lease_until=now + LEASE,
                        attempts=Outbox.attempts + 1,
                    )
                    .execution_options(synchronize_session=False)
                )
                if getattr(res, "rowcount", 0) == 1:
                    claimed.append((row, uncertain))
        return claimed

    def _finish(self, row_id: int, now: datetime, **values: object) -> None:
        with self.sessions.begin() as s:
            s.execute(
                update(Outbox)
                .where(Outbox.id == row_id, Outbox.lease_owner == self.owner)
                .values(lease_owner=None, lease_until=None, **values)
            )

    def _sent_ref(self, key: str | None) -> Sent | None:
        return self._original(key)[0]

    def _original(self, key: str | None) -> tuple[Sent | None, str | None]:
        """Where the message sent under ``key`` landed (None until it is delivered), and the
        status of its outbox row (None when there is no such row)."""
        if not key:
            return None, None
        with self.sessions() as s:
            row = s.scalar(select(Outbox).where(Outbox.key == key))
        if row is None:
            return None, None
        if row.platform_message_id is None or row.platform_channel is None:
            return None, row.status
        return Sent(row.platform_channel, row.platform_message_id), row.status

    async def drain(self, now: datetime, limit: int = 500) -> DeliveryReport:
        """Send every due row once (or schedule its retry). Safe to run concurrently."""

        report = DeliveryReport()
        for row, uncertain in self._claim(now, limit):
            await self._deliver(row, uncertain, now, report)
        record_report(self.transport.platform, report)
        return report

    async def _deliver(
        self, row: Outbox, uncertain: bool, now: datetime, report: DeliveryReport
    ) -> None:
        message = Message.from_dict(row.payload)
        target = Target.parse(row.target)
        attempts = row.attempts + 1
        try:
            if row.op == "update":
                ref, original = self._original(row.ref_key)
                if ref is None and original in ("failed", "dead"):
                    # the original will never be delivered: neither will an edit of it
                    self._finish(row.id, now, status="failed", last_error="original not delivered")
                    log.warning(
                        "edit dropped: its message was never delivered", extra={"key": row.key}
                    )
                    report.failed += 1
                    return
                if ref is None:
                    # the original is not delivered yet: try again shortly
                    self._finish(row.id, now, next_attempt_at=now + timedelta(seconds=5))
                    report.deferred += 1
                    return
                await self.transport.update(ref, message)
                sent = ref
            else:
                sent_before = await self.transport.find_sent(target, row.key) if uncertain else None
                if sent_before is not None:
                    sent = sent_before
                    log.info("outbox row already delivered before a crash", extra={"key": row.key})
                else:
                    wait = self.limiter.wait_for(row.target, now)
                    if wait > 0:
                        self._finish(
                            row.id,
                            now,
                            attempts=row.attempts,
                            next_attempt_at=now + timedelta(seconds=wait),
                        )
                        report.deferred += 1
                        return
                    thread = self._sent_ref(row.thread_key)
                    sent = await self.transport.post(
                        target, message, key=row.key, kind=row.kind, thread=thread
                    )
                    self.limiter.record(row.target, now)
        except TransientError as exc:
            delay = backoff(attempts, exc.retry_after, self.rng)
            dead = attempts >= MAX_ATTEMPTS
            self._finish(
                row.id,
                now,
                status="dead" if dead else "pending",
                last_error=str(exc)[:500],
                next_attempt_at=now + timedelta(seconds=delay),
            )
            log.warning(
                "delivery failed, %s",
                "giving up" if dead else f"retrying in {delay:.1f}s",
                extra={"key": row.key, "attempt": attempts, "reason": str(exc)[:200]},
            )
            report.failed += dead
            report.retried += not dead
            return
        except PermanentError as exc:
            self._finish(row.id, now, status="failed", last_error=str(exc)[:500])
            log.error("delivery failed permanently", extra={"key": row.key, "reason": str(exc)})
            report.failed += 1
            return
        self._finish(
            row.id,
            now,
            status="sent",
            sent_at=now,
            platform=self.transport.platform,
            platform_channel=sent.channel,
            platform_message_id=sent.message_id,
            last_error=None,
        )
        row.platform_channel, row.platform_message_id, row.sent_at = (
            sent.channel,
            sent.message_id,
            now,
        )
        report.sent.append(row)
        if self.on_sent:
            self.on_sent(row, message)
