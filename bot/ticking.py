"""One tick: run the jobs that are due, then deliver the outbox. Used by the service loop,
`vaktbot tick` and `vaktbot demo` alike."""

from __future__ import annotations

from datetime import datetime

from bot.app import App
from bot.delivery import DeliveryReport, Sender
from bot.transports.base import Transport
from scheduler.runner import Runner


async def tick_once(
    app: App,
    transport: Transport,
    at: datetime,
    *,
    runner: Runner | None = None,
    sender: Sender | None = None,
) -> tuple[list[tuple[str, datetime]], DeliveryReport]:
    runner = runner or Runner(app)
    sender = sender or Sender(app.sessions, transport)
    fired = await runner.run_due(at)
    report = await sender.drain(at)
    return fired, report
