"""The one-process HTTP server: /healthz and Prometheus /metrics."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from aiohttp import ClientSession, web

from bot.app import App
from bot.config import load_config
from bot.delivery.outbox import enqueue
from bot.delivery.sender import Sender
from bot.messages.model import Message
from bot.settings import Secrets
from bot.store.db import session_factory
from bot.transports.console import ConsoleTransport
from bot.web.server import build_web_app
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
    runner = web.AppRunner(build_web_app(app))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
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
