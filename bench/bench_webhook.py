"""Benchmark: sustained Meta webhook events/s on loopback, none lost.

    .venv/bin/python bench/bench_webhook.py [--events 4000] [--concurrency 32]

The real webhook routes (signature check, parsing, SQLite storage in a worker thread with
group commit, the on_stored hand-off inside that transaction) run in an aiohttp server on
127.0.0.1 in a child process. An aiohttp client load generator in this process sends N distinct
signed Page ``feed`` comment events with bounded concurrency. Baseline, same run and server: an
endpoint that only reads the body and answers 200 (the HTTP floor). Checks that every event was
answered 200, stored once and handed to on_stored. Exits 0.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing as mp
import sys
import tempfile
import time
from datetime import UTC, datetime
from multiprocessing.connection import Connection
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aiohttp import ClientSession, TCPConnector, web  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from bot.settings import Secrets  # noqa: E402
from bot.sources.webhooks import WebhookStats, sign, webhook_routes  # noqa: E402
from bot.store.db import make_engine, session_factory, upgrade  # noqa: E402
from bot.store.models import Account, Comment  # noqa: E402
from tests.support import loopback  # noqa: E402

SECRET = "bench-app-secret"
PAGE = "1001"


def event(i: int) -> bytes:
    post = f"{PAGE}_{i // 20}"
    payload = {"object": "page", "entry": [{"id": PAGE, "time": 1773144000 + i, "changes": [{
        "field": "feed", "value": {
            "from": {"id": str(5000 + i % 700), "name": f"Bruker {i % 700}"},
            "post": {"id": post, "status_type": "added_photos", "is_published": True},
            "message": f"Kommentar nummer {i}: når åpner svømmehallen?",
            "post_id": post, "comment_id": f"{post}_{i}", "created_time": 1773144000 + i,
            "item": "comment", "parent_id": post, "verb": "add"}}]}]}  # fmt: skip
    return json.dumps(payload).encode()


async def blast(url: str, bodies: list[bytes], concurrency: int) -> tuple[float, dict[int, int]]:
    statuses: dict[int, int] = {}
    sem = asyncio.Semaphore(concurrency)
    async with ClientSession(connector=TCPConnector(limit=concurrency)) as http:

        async def one(body: bytes) -> None:
            async with sem:
                headers = {"X-Hub-Signature-256": sign(SECRET, body),
                           "Content-Type": "application/json"}  # fmt: skip
                async with http.post(url, data=body, headers=headers) as r:
                    await r.read()
                    statuses[r.status] = statuses.get(r.status, 0) + 1

        t = time.perf_counter()
        await asyncio.gather(*(one(b) for b in bodies))
        return time.perf_counter() - t, statuses


async def serve(db: str, conn: Connection) -> None:
    """The server process: the real webhook routes plus a bare floor endpoint."""
    engine = make_engine(db)
    sessions = session_factory(engine)
    handed: list[int] = []

    def on_stored(session: object, ids: list[int], now: datetime) -> None:
        handed.extend(ids)

    async def floor(request: web.Request) -> web.Response:
        await request.read()
        return web.json_response({"ok": True})

    stats = WebhookStats()
    app = web.Application(client_max_size=1024 * 1024)
    settings = Secrets(META_APP_SECRET=SECRET)
    app.add_routes(webhook_routes(settings, on_stored, sessions=sessions,
                                  author_salt=lambda: "bench", now=lambda: datetime.now(UTC),
                                  stats=stats))  # fmt: skip
    app.router.add_post("/floor", floor)
    runner, port = await loopback.serve(app, access_log=None)
    conn.send(port)
    await asyncio.get_running_loop().run_in_executor(None, conn.recv)  # wait for "stop"
    await runner.cleanup()
    engine.dispose()
    conn.send(len(set(handed)))


def server_process(db: str, conn: Connection) -> None:
    asyncio.run(serve(db, conn))


def run(events: int, concurrency: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{Path(tmp) / 'bench.db'}"
        engine = make_engine(db)
        upgrade(engine)
        sessions = session_factory(engine)
        with sessions() as s, s.begin():
            s.add(Account(id="fb", platform="facebook", external_id=PAGE, name="Kommunen"))
        parent, child = mp.get_context("fork").Pipe()
        proc = mp.get_context("fork").Process(target=server_process, args=(db, child))
        proc.start()
        base = f"http://127.0.0.1:{parent.recv()}"
        bodies = [event(i) for i in range(events)]
        asyncio.run(blast(f"{base}/floor", bodies[:200], concurrency))  # warm-up
        floor_s, floor_status = asyncio.run(blast(f"{base}/floor", bodies, concurrency))
        hook_s, hook_status = asyncio.run(blast(f"{base}/webhooks/meta", bodies, concurrency))
        parent.send("stop")
        handed = parent.recv()
        proc.join(30)
        with sessions() as s:
            stored = s.scalar(select(func.count()).select_from(Comment)) or 0
        engine.dispose()

    floor_rate, hook_rate = events / floor_s, events / hook_s
    ok = hook_status == {200: events} and stored == events and handed == events
    print(f"events: {events:,}, concurrency: {concurrency}, SQLite, loopback, "
          "server and load generator in separate processes")  # fmt: skip
    print(f"HTTP floor (read body, 200) : {floor_rate:>8,.0f} req/s    ({floor_s:.2f} s, "
          f"{floor_status})")  # fmt: skip
    print(f"/webhooks/meta (verify+store): {hook_rate:>8,.0f} events/s ({hook_s:.2f} s, "
          f"{hook_status})")  # fmt: skip
    print(f"ratio webhook / floor        : {hook_rate / floor_rate:.2f}x")
    print(f"stored {stored:,} rows, handed {handed:,} ids to on_stored: "
          f"{'none lost' if ok else 'LOST EVENTS'}")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=4000)
    ap.add_argument("--concurrency", type=int, default=32)
    args = ap.parse_args()
    run(args.events, args.concurrency)


if __name__ == "__main__":
    main()
