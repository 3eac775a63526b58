"""The platforms' pace: how many messages a conversation, and a pool of conversations, may take.

Each limit is a sliding window, "at most n in any w seconds", on the time the sender passes in
(never the clock). Slack: 1 message per second per channel (Slack tolerates short bursts above
that, which absorbs the jitter between our clock and its arrival times). Teams, per conversation
(thread): 7 per second, 8 per 2 s, 60 per 30 s and 1,800 per hour; and 50 per second for the
whole tenant (the pool).

``slots`` projects when the next n messages of a conversation may go, so a lane of 30 messages is
deferred to 30 exact instants at once instead of being re-deferred second by second.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.transports.base import Route

Windows = tuple[tuple[int, float], ...]  # (at most n messages, in any w seconds)


@dataclass(frozen=True)
class Pace:
    conversation: Windows
    pool: Windows = ()


PACES: dict[str, Pace] = {
    "slack": Pace(((1, 1.0),)),
    "teams": Pace(((7, 1.0), (8, 2.0), (60, 30.0), (1800, 3600.0)), ((50, 1.0),)),
    "console": Pace(()),
}


def _wait(history: Iterable[datetime], limits: Windows, now: datetime) -> float:
    """Seconds from ``now`` until one more message fits every window (0: now)."""
    recent = sorted(history)
    wait = 0.0
    for count, window in limits:
        inside = [t for t in recent if (now - t).total_seconds() < window]
        if len(inside) >= count:
            oldest = inside[-count]
            wait = max(wait, window - (now - oldest).total_seconds())
    return wait


@dataclass
class RateLimiter:
    """Sliding-window limits per key (a conversation or a pool), on the injected time."""

    limits: Windows
    _sent: dict[str, deque[datetime]] = field(default_factory=lambda: defaultdict(deque))

    def wait_for(self, key: str, now: datetime) -> float:
        """Seconds until a message for ``key`` may go (0 = now)."""
        if not self.limits or key not in self._sent:
            return 0.0
        return _wait(self._sent[key], self.limits, now)

    def record(self, key: str, now: datetime) -> None:
        if not self.limits:
            return
        history = self._sent[key]
        history.append(now)
        longest = max(w for _, w in self.limits)
        while history and (now - history[0]).total_seconds() > longest:
            history.popleft()

    def slots(self, key: str, now: datetime, n: int) -> list[datetime]:
        """The earliest instants the next ``n`` messages for ``key`` may go, one after another
        (a projection: nothing is recorded)."""
        history = list(self._sent.get(key, ()))
        out: list[datetime] = []
        at = now
        for _ in range(n):
            at = at + timedelta(seconds=_wait(history, self.limits, at)) if self.limits else at
            history.append(at)
            out.append(at)
        return out


class Pacer:
    """A platform's pace: per conversation, and per pool (the Teams tenant)."""

    def __init__(self, pace: Pace):
        self.conversations = RateLimiter(pace.conversation)
        self.pools = RateLimiter(pace.pool)

    def wait(self, route: Route, now: datetime) -> float:
        wait = self.conversations.wait_for(route.conversation, now)
        if route.pool:
            wait = max(wait, self.pools.wait_for(route.pool, now))
        return wait

    def record(self, route: Route, now: datetime) -> None:
        self.conversations.record(route.conversation, now)
        if route.pool:
            self.pools.record(route.pool, now)

    def slots(self, route: Route, now: datetime, n: int) -> list[datetime]:
        """When the next ``n`` messages of the route's conversation may go. The pool is left
        out of the projection: its waits are short and checked again when each one is due."""
        return self.conversations.slots(route.conversation, now, n)
