"""Faults the fake platforms inject after carrying a call out: the connection dropped without
an answer, or the answer held back past the client's timeout. Shared by fake_slack.py and
fake_connector.py."""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass, field

from aiohttp import web


@dataclass
class Chaos:
    """``drop`` or ``hang`` (for ``seconds``), ``times`` times or at a seeded random ``rate``."""

    kind: str  # "drop" | "hang"
    times: int = 0
    rate: float = 0.0
    seconds: float = 0.0
    rng: random.Random = field(default_factory=lambda: random.Random(7))

    def fires(self) -> bool:
        if self.times > 0:
            self.times -= 1
            return True
        return self.rate > 0 and self.rng.random() < self.rate


async def after_the_call(request: web.Request, faults: list[Chaos]) -> None:
    """The call was carried out: drop the connection or hang, if a fault fires."""
    for chaos in faults:
        if not chaos.fires():
            continue
        if chaos.kind == "drop":
            assert request.transport is not None
            request.transport.abort()  # no answer: the client sees the connection drop
            raise asyncio.CancelledError
        await asyncio.sleep(chaos.seconds)  # the client has given up by now
