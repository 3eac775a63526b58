"""`vaktbot demo`: simulate days minute by minute through the real scheduler code path.

A temporary SQLite database is seeded with sample history; sample comments arrive at their
creation times as if from the Meta webhook; every minute the scheduler runner runs what is due
and the sender delivers the outbox through the console transport. Minutes in which nothing can
happen are skipped (the next job fire, comment arrival or outbox retry is known).
"""

from __future__ import annotations

import tempfile
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from bot.app import App
from bot.config import Config
from bot.delivery.sender import Sender
from bot.moderation.pipeline import on_new_comments
from bot.runtime.sample_data import comments_between, insert_comments, seed
from bot.settings import Secrets
from bot.store.db import make_engine, session_factory, upgrade
from bot.store.models import Outbox
from bot.transports.console import ConsoleTransport
from scheduler.runner import Runner

MINUTE = timedelta(minutes=1)


def _ceil_minute(t: datetime) -> datetime:
    floored = t.replace(second=0, microsecond=0)
    return floored if floored == t else floored + MINUTE


def _next_pending(app: App) -> datetime | None:
    with app.sessions() as s:
        return s.scalar(select(func.min(Outbox.next_attempt_at)).where(Outbox.status == "pending"))


async def run_demo(
    config: Config, first: date, days: int, fmt: str, stream: TextIO, *, workdir: Path | None = None
) -> int:
    zone = ZoneInfo(config.organisation.timezone)
    start = datetime.combine(first, time(0), tzinfo=zone).astimezone(UTC)
    end = datetime.combine(first + timedelta(days=days), time(0), tzinfo=zone).astimezone(UTC)
    with tempfile.TemporaryDirectory(prefix="vaktbot-demo-") as tmp:
        db = Path(workdir or tmp) / "demo.db"
        engine = make_engine(f"sqlite:///{db}")
        upgrade(engine)
        app = App(
            config=config,
            engine=engine,
            sessions=session_factory(engine),
            secrets=Secrets(VAKTBOT_PLATFORM="console"),  # type: ignore[call-arg]
        )
        seed(app, start)
        arrivals = comments_between(config, start, end)
        now = start
        transport = ConsoleTransport(stream, fmt=fmt, clock=lambda: now.astimezone(zone))
        runner, sender = Runner(app), Sender(app.sessions, transport)
        i = 0
        delivered = 0
        while now < end:
            batch = []
            while i < len(arrivals) and arrivals[i].created_at <= now:
                batch.append(arrivals[i])
                i += 1
            if batch:
                with app.sessions.begin() as s:
                    ids = insert_comments(s, batch, now)
                    if ids:
                        on_new_comments(app, s, ids, now)
            await runner.run_due(now)
            nxt_out = _next_pending(app)
            if nxt_out is not None and nxt_out <= now:
                delivered += len((await sender.drain(now)).sent)
                nxt_out = _next_pending(app)
            # jump to the next minute in which something can happen
            nxt_comment = arrivals[i].created_at if i < len(arrivals) else None
            later = [t for t in (runner.next_due(now), nxt_comment, nxt_out) if t is not None]
            now = min(max(now + MINUTE, _ceil_minute(min(later))), end) if later else end
        engine.dispose()
        return delivered
