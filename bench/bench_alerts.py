"""End-to-end alert latency: signed Meta webhook -> stored -> classified and routed ->
outbox -> Sender + real SlackTransport -> chat.postMessage arriving at a fake Slack API.

Everything runs on loopback in one process: the real aiohttp app (bot.web.server.build_web_app, with
the Meta webhook routes), a SQLite database, bot.moderation.pipeline.on_new_comments in the
transaction of each webhook commit, the real Sender draining the outbox through the real
SlackTransport (kicked after each routed batch, as the service should do), and tests/fake_slack.py
timestamping each chat.postMessage. 1,000 comments are POSTed at a steady 40/s (one comment per
request) to an organisation of 100 on-duty members in round-robin mode, so no conversation exceeds
Slack's 1 message/s and the burst rule (batch_threshold) never groups: we measure the single-alert
path.

Latency per comment = fake Slack's receipt of the chat.postMessage carrying it - the moment the
client started the webhook POST. Baseline in the same run: one direct SlackTransport.post
round trip to the same fake API (the floor any alert pays). Target: p99 < 250 ms.

    .venv/bin/python bench/bench_alerts.py
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from bench import alert_traffic as traffic  # noqa: E402
from bot.app import App  # noqa: E402
from bot.config import Config  # noqa: E402
from bot.delivery.sender import Sender  # noqa: E402
from bot.messages.model import Message, Section  # noqa: E402
from bot.settings import Secrets  # noqa: E402
from bot.sources.accounts import sync_accounts  # noqa: E402
from bot.sources.webhooks import sign  # noqa: E402
from bot.store.db import make_engine, session_factory, upgrade  # noqa: E402
from bot.transports.base import Envelope, Target  # noqa: E402
from bot.transports.slack.transport import SlackTransport  # noqa: E402
from bot.web.server import build_web_app  # noqa: E402
from tests.support import loopback  # noqa: E402

N = 1000
RATE = 40.0  # comments per second
SECRET = "bench-meta-secret"


def config() -> Config:
    return Config.model_validate(traffic.organisation(always_open=True))


async def main() -> int:
    slack = await traffic.TimedSlack().start()
    tmp = tempfile.mkdtemp(prefix="bench-alerts-")
    engine = make_engine(f"sqlite:///{tmp}/bench.db")
    upgrade(engine)
    secrets = Secrets(  # type: ignore[call-arg]
        META_APP_SECRET=SECRET,
        SLACK_BOT_TOKEN="xoxb-bench",
        VAKTBOT_SLACK_API_URL=slack.api_url,
        VAKTBOT_AUTHOR_SALT="bench-salt",
    )
    app = App(config=config(), engine=engine, sessions=session_factory(engine), secrets=secrets)
    with app.sessions.begin() as s:
        sync_accounts(s, app.config)

    def clock() -> datetime:
        return datetime.now(UTC)

    transport = SlackTransport.from_app(app)
    sender = Sender(app.sessions, transport)
    kick = asyncio.Event()
    app.kick = kick  # bot.web.webhooks wakes the sender through this
    web_app = build_web_app(app)
    runner, port = await loopback.serve(web_app)
    url = f"http://127.0.0.1:{port}/webhooks/meta"

    stop = asyncio.Event()

    async def sender_loop() -> None:
        while not stop.is_set():
            try:
                await asyncio.wait_for(kick.wait(), 0.05)
            except TimeoutError:
                pass
            kick.clear()
            while (await sender.drain(clock())).sent:
                pass

    # baseline: the same SlackTransport posting directly, 200 times
    base_lat = []
    for i in range(200):
        start = time.perf_counter()
        await transport.post(
            Envelope(Target("user", "p001"), f"b{i}"), Message("x", (Section("x"),))
        )
        base_lat.append(time.perf_counter() - start)

    started: dict[int, float] = {}
    answered: dict[int, float] = {}
    statuses: list[int] = []
    drain_task = asyncio.create_task(sender_loop())
    async with aiohttp.ClientSession() as http:

        async def post(n: int) -> None:
            body = traffic.comment_webhook(n, clock())
            headers = {
                "X-Hub-Signature-256": sign(SECRET, body),
                "Content-Type": "application/json",
            }
            started[n] = time.perf_counter()
            async with http.post(url, data=body, headers=headers) as resp:
                statuses.append(resp.status)
                await resp.read()
            answered[n] = time.perf_counter()

        await traffic.at_steady_rate(N, RATE, post)
        await traffic.until_arrived(slack, N, seconds=20)
    stop.set()
    await drain_task
    await runner.cleanup()
    await slack.stop()
    await transport.client.session.close() if getattr(transport.client, "session", None) else None
    if "--debug" in sys.argv:
        from sqlalchemy import select as sel

        from bot.store.models import Comment, Outbox

        with app.sessions() as s:
            rows = s.execute(sel(Outbox.created_at, Outbox.sent_at, Outbox.attempts)).all()
            recv = s.execute(sel(Comment.received_at, Comment.routed_at)).all()
        q = [(b - a).total_seconds() * 1000 for a, b, _ in rows if b]
        r = [(b - a).total_seconds() * 1000 for a, b in recv if b]
        print("outbox created->sent ms p50/p99", statistics.median(q), traffic.pct(q, 99))
        print("received->routed ms p50/p99", statistics.median(r), traffic.pct(r, 99))
        print("attempts>1:", sum(1 for *_, n in rows if n > 1))
    engine.dispose()

    lat = [(slack.arrived[n] - started[n]) * 1000 for n in range(N) if n in slack.arrived]
    base = [x * 1000 for x in base_lat]
    ok = sum(1 for s in statuses if s == 200)
    ack = [(answered[n] - started[n]) * 1000 for n in answered]
    ack_p99 = traffic.pct(ack, 99)
    print(f"webhook answered: p50 {statistics.median(ack):.1f} ms, p99 {ack_p99:.1f} ms")
    print(f"comments posted: {N} at {RATE:.0f}/s, webhook 200s: {ok}, alerts delivered: {len(lat)}")
    print(
        f"end-to-end webhook -> chat.postMessage: p50 {statistics.median(lat):.1f} ms, "
        f"p99 {traffic.pct(lat, 99):.1f} ms, max {max(lat):.1f} ms (target p99 < 250 ms)"
    )
    print(
        f"baseline direct SlackTransport.post round trip: p50 {statistics.median(base):.1f} ms, "
        f"p99 {traffic.pct(base, 99):.1f} ms"
    )
    p50_ratio = statistics.median(lat) / statistics.median(base)
    print(
        f"ratio end-to-end / baseline: p50 {p50_ratio:.1f}x, "
        f"p99 {traffic.pct(lat, 99) / traffic.pct(base, 99):.1f}x"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
