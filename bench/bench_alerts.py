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
import json
import re
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

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
from tests.support.fake_slack import FakeSlack  # noqa: E402

N = 1000
RATE = 40.0  # comments per second
MEMBERS = 100
PAGE = "100000000000001"
SECRET = "bench-meta-secret"
TOKEN = re.compile(r"k(\d+)x")


def config() -> Config:
    people = [
        {"id": f"p{i:03d}", "name": f"Person {i}", "slack_id": f"U0P{i:03d}"}
        for i in range(MEMBERS)
    ]
    always = {d: "00:00-24:00" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    return Config.model_validate(
        {
            "organisation": {"name": "Bench", "timezone": "Europe/Oslo", "country": "NO"},
            "people": people,
            "teams": [
                {
                    "id": "bench",
                    "name": "Bench",
                    "lead": "p000",
                    "members": [p["id"] for p in people],
                    "channel": {"slack": "C0BENCH"},
                }
            ],
            "rotation": {
                "teams": ["bench"],
                "start": "2026-01-05",
                # open around the clock, so the real clock works too (not on public holidays)
                "extended_hours": [{"start": "2026-01-01", "end": "2030-12-31", "hours": always}],
            },
            "accounts": [
                {"id": "fb", "platform": "facebook", "external_id": PAGE, "name": "Bench (FB)"}
            ],
            "moderation": {"alert_mode": "round_robin", "batch_threshold": 1000},
        }
    )


class TimedSlack(FakeSlack):
    """The fake Slack API, noting when each alert's chat.postMessage arrived."""

    def __init__(self) -> None:
        super().__init__()
        self.arrived: dict[int, float] = {}

    def _m_chat_postMessage(self, args: dict[str, Any]) -> dict[str, Any]:
        m = TOKEN.search(str(args.get("text") or ""))
        if m:
            self.arrived.setdefault(int(m.group(1)), time.perf_counter())
        return super()._m_chat_postMessage(args)


def event(n: int, at: datetime) -> bytes:
    value = {
        "item": "comment",
        "verb": "add",
        "comment_id": f"{PAGE}_{n}",
        "post_id": f"{PAGE}_post{n % 50}",
        "message": f"k{n}x: hvorfor har jeg ikke fått pengene mine ennå?",
        "from": {"id": f"user{n}", "name": "Per"},
        "created_time": int(at.timestamp()),
    }
    body = {
        "object": "page",
        "entry": [{"id": PAGE, "changes": [{"field": "feed", "value": value}]}],
    }
    return json.dumps(body).encode()


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, round(q / 100 * (len(s) - 1)))]


async def main() -> int:
    slack = await TimedSlack().start()
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
    runner = web.AppRunner(web_app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
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
            body = event(n, clock())
            headers = {
                "X-Hub-Signature-256": sign(SECRET, body),
                "Content-Type": "application/json",
            }
            started[n] = time.perf_counter()
            async with http.post(url, data=body, headers=headers) as resp:
                statuses.append(resp.status)
                await resp.read()
            answered[n] = time.perf_counter()

        begin = time.perf_counter()
        tasks = []
        for n in range(N):
            delay = begin + n / RATE - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(post(n)))
        await asyncio.gather(*tasks)
        deadline = time.perf_counter() + 20
        while len(slack.arrived) < N and time.perf_counter() < deadline:
            await asyncio.sleep(0.05)
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
        print("outbox created->sent ms p50/p99", statistics.median(q), pct(q, 99))
        print("received->routed ms p50/p99", statistics.median(r), pct(r, 99))
        print("attempts>1:", sum(1 for *_, n in rows if n > 1))
    engine.dispose()

    lat = [(slack.arrived[n] - started[n]) * 1000 for n in range(N) if n in slack.arrived]
    base = [x * 1000 for x in base_lat]
    ok = sum(1 for s in statuses if s == 200)
    ack = [(answered[n] - started[n]) * 1000 for n in answered]
    print(f"webhook answered: p50 {statistics.median(ack):.1f} ms, p99 {pct(ack, 99):.1f} ms")
    print(f"comments posted: {N} at {RATE:.0f}/s, webhook 200s: {ok}, alerts delivered: {len(lat)}")
    print(
        f"end-to-end webhook -> chat.postMessage: p50 {statistics.median(lat):.1f} ms, "
        f"p99 {pct(lat, 99):.1f} ms, max {max(lat):.1f} ms (target p99 < 250 ms)"
    )
    print(
        f"baseline direct SlackTransport.post round trip: p50 {statistics.median(base):.1f} ms, "
        f"p99 {pct(base, 99):.1f} ms"
    )
    p50_ratio = statistics.median(lat) / statistics.median(base)
    print(
        f"ratio end-to-end / baseline: p50 {p50_ratio:.1f}x, "
        f"p99 {pct(lat, 99) / pct(base, 99):.1f}x"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
