"""The one-process HTTP server: /healthz and Prometheus /metrics."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

from aiohttp import ClientSession
from sqlalchemy import select

from bot.app import App
from bot.config import load_config
from bot.delivery.outbox import enqueue
from bot.delivery.sender import Sender
from bot.messages.model import Message
from bot.settings import Secrets
from bot.store.db import session_factory
from bot.store.models import Outbox
from bot.transports.console import ConsoleTransport
from bot.web.server import build_web_app
from tests.support import loopback
from tests.support.paths import EXAMPLE_CONFIG

EXAMPLE = EXAMPLE_CONFIG


async def test_healthz_and_metrics_report_queue_and_sends(engine) -> None:
    app = App(
        config=load_config(EXAMPLE),
        engine=engine,
        sessions=session_factory(engine),
        secrets=Secrets(VAKTBOT_PLATFORM="console"),
    )  # type: ignore[call-arg]
    now = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    with app.sessions.begin() as s:
        for i in range(3):
            enqueue(
                s,
                key=f"k{i}",
                kind="test.metric",
                target=f"user:p{i}",
                message=Message(text=str(i)),
                now=now,
            )
    runner, port = await loopback.serve(build_web_app(app))
    base = f"http://127.0.0.1:{port}"
    try:
        async with ClientSession() as http:
            async with http.get(f"{base}/healthz") as r:
                assert r.status == 200 and (await r.json()) == {"status": "ok"}
            async with http.get(f"{base}/metrics") as r:
                body = await r.text()
            assert "vaktbot_outbox_pending 3.0" in body
            await Sender(app.sessions, ConsoleTransport(stream=io.StringIO())).drain(now)
            async with http.get(f"{base}/metrics") as r:
                body = await r.text()
            assert "vaktbot_outbox_pending 0.0" in body
            assert 'vaktbot_messages_sent_total{kind="test.metric",platform="console"}' in body
            async with http.get(f"{base}/nothing-here") as r:
                assert r.status == 404
    finally:
        await runner.cleanup()


async def test_metrics_gauge_pending_dead_failed_and_the_oldest_wait_from_the_database(
    engine,
) -> None:  # type: ignore[no-untyped-def]
    now = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    app = App(
        config=load_config(EXAMPLE),
        engine=engine,
        sessions=session_factory(engine),
        secrets=Secrets(VAKTBOT_PLATFORM="console"),
        clock=lambda: now,
    )  # type: ignore[call-arg]
    states = {"a": ("pending", 40), "b": ("pending", 5), "c": ("dead", 90),
              "d": ("dead", 80), "e": ("failed", 70), "f": ("sent", 60)}  # fmt: skip
    with app.sessions.begin() as s:
        for key, (_, minutes) in states.items():
            enqueue(s, key=key, kind="t", target="channel:team-1", message=Message(text=key),
                    now=now - timedelta(minutes=minutes))  # fmt: skip
        s.flush()
        for row in s.scalars(select(Outbox)):
            row.status = states[row.key][0]
        enqueue(s, key="later", kind="t", target="channel:team-1", message=Message(text="x"),
                now=now, due_at=now + timedelta(hours=1))  # fmt: skip
    runner, port = await loopback.serve(build_web_app(app))
    try:
        async with ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{port}/metrics") as r:
                body = await r.text()
    finally:
        await runner.cleanup()
    assert "vaktbot_outbox_pending 3.0" in body  # two waiting since, one due in an hour
    assert "vaktbot_outbox_dead 2.0" in body
    assert "vaktbot_outbox_failed 1.0" in body
    assert "vaktbot_outbox_oldest_pending_seconds 2400.0" in body  # 40 minutes
