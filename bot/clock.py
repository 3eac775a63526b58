"""The process's clock: real UTC time, or - for tests and trials only - a simulated one.

A simulated clock starts at a given instant and runs ``speed`` simulated seconds per real
second, so the real service (scheduler, sender, transports, web routes: everything that reads
``App.clock``) can live through a DST change or a holiday week in minutes. It is switched on by
three environment variables (see README, "Trying it on a simulated clock"):

* ``VAKTBOT_SIMULATED_START`` - ISO 8601 instant with an offset, e.g. 2026-10-24T20:00+02:00;
* ``VAKTBOT_SIMULATED_SPEED`` - simulated seconds per real second (default 1, > 0);
* ``VAKTBOT_ALLOW_SIMULATED_CLOCK=yes`` - required: without it a simulated start is refused, so
  a stray variable can never put a production bot on a fake clock.

Simulated time stands still while the service works (a tick, a delivery: :func:`held`) and runs
at ``speed`` while it waits. A tick that takes half a real second therefore does not make a fast
clock jump hours ahead past fire times with a short grace: how late a fire runs depends on the
speed and the loop's shortest sleep, not on how fast the machine is.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import UTC, datetime, timedelta

from bot.config import ConfigError
from bot.settings import Secrets

_YES = frozenset({"yes", "true", "1", "on", "y"})


def utc_now() -> datetime:
    """The real clock. Only the edges call it (through ``App.clock``)."""
    return datetime.now(UTC)


class SimulatedClockRefused(ConfigError):
    """The simulated-clock variables are inconsistent or not allowed (one line per problem)."""


class SimulatedClock:
    """Aware UTC datetimes from ``start``, advancing ``speed`` times as fast as real time.

    The clock stands at ``start`` until :meth:`begin` (the service loop calls it before its first
    tick), so start-up work - migrations, syncing the config, connecting - does not eat into
    the simulated time however fast it runs; and it stands still inside :meth:`hold`.
    """

    def __init__(
        self,
        start: datetime,
        speed: float = 1.0,
        *,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        if start.tzinfo is None or start.utcoffset() is None:
            raise ValueError("the simulated start needs an offset, e.g. 2026-10-24T20:00+02:00")
        if not speed > 0:
            raise ValueError(f"the simulated speed must be > 0, got {speed!r}")
        self.start = start.astimezone(UTC)
        self.speed = float(speed)
        self._monotonic = monotonic
        self._base = self.start  # the simulated time at the real instant _origin
        self._origin = 0.0
        self._running = False
        self._holds = 0
        self._limit: datetime | None = None

    def begin(self) -> None:
        """Let simulated time run from now on (idempotent)."""
        if not self._running:
            self._running, self._origin = True, self._monotonic()

    def __call__(self) -> datetime:
        if not self._running or self._holds:
            return self._base
        now = self._monotonic()
        current = self._base + timedelta(seconds=(now - self._origin) * self.speed)
        if self._limit is not None and current > self._limit:
            self._base, self._origin = max(self._limit, self._base), now  # wait there
            return self._base
        return current

    def stop_at(self, instant: datetime | None) -> None:
        """Run no further than ``instant`` until told otherwise (None: no limit). The service
        loop stops the clock at the outbox's next attempt, so a message deferred for a second
        by a rate limit goes out a simulated second later, not a whole sleep later."""
        self._base, self._origin = self(), self._monotonic()
        self._limit = instant

    @contextmanager
    def hold(self) -> Iterator[None]:
        """Simulated time stands still inside (holds nest)."""
        if not self._holds:
            self._base = self()
        self._holds += 1
        try:
            yield
        finally:
            self._holds -= 1
            if not self._holds:
                self._origin = self._monotonic()

    def __repr__(self) -> str:
        return f"SimulatedClock(start={self.start.isoformat()}, speed={self.speed:g})"


def begin(clock: Callable[[], datetime]) -> None:
    """Start a simulated clock running (the real clock always runs)."""
    if isinstance(clock, SimulatedClock):
        clock.begin()


def stop_at(clock: Callable[[], datetime], instant: datetime | None) -> None:
    """Let a simulated clock run no further than ``instant`` (the real clock runs on)."""
    if isinstance(clock, SimulatedClock):
        clock.stop_at(instant)


def held(clock: Callable[[], datetime]) -> AbstractContextManager[None]:
    """Stop a simulated clock while the service works (the real clock never stops)."""
    return clock.hold() if isinstance(clock, SimulatedClock) else nullcontext()


def speed_of(clock: Callable[[], datetime]) -> float:
    """Simulated seconds per real second of ``clock`` (1 for the real clock)."""
    speed = getattr(clock, "speed", 1.0)
    return float(speed) if isinstance(speed, int | float) and speed > 0 else 1.0


def real_seconds_until(clock: Callable[[], datetime], instant: datetime) -> float:
    """Real seconds until ``clock`` shows ``instant`` (0 if it already has)."""
    ahead = (instant - clock()).total_seconds()
    return max(ahead, 0.0) / speed_of(clock)


def clock_from_secrets(secrets: Secrets) -> SimulatedClock | None:
    """The simulated clock the environment asks for, None for the real clock.

    Raises SimulatedClockRefused (a ConfigError: the CLI prints it on one line and exits 2) when
    a simulated start is set without VAKTBOT_ALLOW_SIMULATED_CLOCK, or a value is malformed.
    """
    raw_start = (secrets.simulated_start or "").strip()
    raw_speed = (secrets.simulated_speed or "").strip()
    if not raw_start:
        if raw_speed:
            raise SimulatedClockRefused(
                "VAKTBOT_SIMULATED_SPEED",
                ["is set but VAKTBOT_SIMULATED_START is not (the speed needs a start instant)"],
            )
        return None
    allowed = (secrets.allow_simulated_clock or "").strip().lower() in _YES
    if not allowed:
        raise SimulatedClockRefused(
            "VAKTBOT_SIMULATED_START",
            [
                "a simulated clock is for tests and trials only; refused unless "
                "VAKTBOT_ALLOW_SIMULATED_CLOCK=yes is set as well"
            ],
        )
    try:
        start = datetime.fromisoformat(raw_start)
    except ValueError:
        start = None
    if start is None or start.tzinfo is None:
        raise SimulatedClockRefused(
            "VAKTBOT_SIMULATED_START",
            [
                "expected an ISO 8601 instant with an offset, e.g. 2026-10-24T20:00+02:00, "
                f"got {raw_start!r}"
            ],
        )
    try:
        speed = float(raw_speed) if raw_speed else 1.0
    except ValueError:
        speed = float("nan")
    if not speed > 0 or speed == float("inf"):
        raise SimulatedClockRefused(
            "VAKTBOT_SIMULATED_SPEED",
            [f"expected a number of simulated seconds per real second > 0, got {raw_speed!r}"],
        )
    return SimulatedClock(start, speed)
