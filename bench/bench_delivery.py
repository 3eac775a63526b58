"""Delivery under the platform's pace: how close the sender gets to the fastest Slack allows.

A fake Slack (tests/support/fake_slack.py, a real aiohttp server on loopback) enforces 1 message
per second per channel and answers 429 beyond it. Everything runs on the real clock, SQLite.

1. 30 messages due for one channel, delivered by the real service loop
   (bot.runtime.loop.scheduler_loop): the pace's minimum is 29 s after the first; target
   <= 1.2 x 30 s.
2. 100 teams sharing 10 channels, 10 messages per channel (the real Sender, waking at the next
   due instant like the service): minimum 9 s.
3. 500 channels' digests, one per channel, and then three per channel (the real Sender), against
   the *floor* measured in the same run: the same 500 (1,500) posts sent straight through the
   same SlackTransport, as many at once as the sender allows, with no outbox at all. The
   rate-limit minimum of posting time is max(the pace's minimum, that floor); target <= 1.5 x.

    .venv/bin/python bench/bench_delivery.py
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from bot.app import App  # noqa: E402
from bot.delivery.sender import CONCURRENCY, Sender, deliver_due  # noqa: E402
from bot.messages.model import Facts, Header, Message, Section  # noqa: E402
from bot.runtime.loop import scheduler_loop  # noqa: E402
from bot.store.db import make_engine, upgrade  # noqa: E402
from bot.transports.base import Envelope, Target  # noqa: E402
from bot.transports.slack.transport import SlackTransport  # noqa: E402
from tests.support.fake_slack import FakeSlack  # noqa: E402
from tests.support.outbox_bed import (  # noqa: E402
    fill,
    shared_channels_config,
    slack_app,
    target_of,
)


def now() -> datetime:
    return datetime.now(UTC)


def digest(key: str) -> Message:
    return Message(
        text=f"Morgenoversikt {key}: 12 nye kommentarer",
        blocks=(
            Header("Morgenoversikt"),
            Section("*12* nye kommentarer siden i går, *3* trenger svar"),
            Facts((("Følgere", "48 213"), ("Rekkevidde", "120 455"), ("Engasjement", "5,8 %"))),
        ),
        locale="nb",
        tz="Europe/Oslo",
    )


async def bed(teams: int, channels: int) -> tuple[FakeSlack, App]:
    fake = await FakeSlack().start()
    fake.pace(rate=1.0, burst=2)
    url = f"sqlite:///{tempfile.mkdtemp(prefix='bench-delivery-')}/bench.db"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return fake, slack_app(url, shared_channels_config(teams, channels), fake.api_url)


async def close(fake: FakeSlack, app: App) -> None:
    await fake.stop()
    app.engine.dispose()


def first_to_last(fake: FakeSlack, started: float) -> tuple[float, float]:
    """(seconds from start to the last post, 429s seen)."""
    posts = fake.of("chat.postMessage")
    return max(c.at for c in posts) - started, float(fake.ratelimited())


async def one_channel_under_the_service_loop() -> None:
    fake, app = await bed(1, 1)
    fill(app.sessions, ["channel:team-0"], 30, now())
    stop = asyncio.Event()
    started = time.monotonic()
    task = asyncio.create_task(scheduler_loop(app, SlackTransport.from_app(app), stop))
    await fake.wait_for(lambda: len(fake.of("chat.postMessage")) >= 30, timeout=120)
    took, limited = first_to_last(fake, started)
    stop.set()
    await task
    await close(fake, app)
    print(
        f"30 messages, one channel, `vaktbot run` loop: {took:.1f} s (pace minimum 29.0 s; "
        f"429s: {limited:.0f}); ratio to 30 s: {took / 30:.2f} (target <= 1.2)"
    )


async def with_sender(app: App, keys: int) -> float:
    sender = Sender(app.sessions, SlackTransport.from_app(app), clock=now)
    started = time.monotonic()
    report = await deliver_due(sender, now)
    took = time.monotonic() - started
    assert len(report.sent) == keys, (len(report.sent), keys)
    return took


async def shared_channels() -> None:
    fake, app = await bed(100, 10)
    fill(app.sessions, [f"channel:team-{i}" for i in range(100)], 1, now())
    took = await with_sender(app, 100)
    limited = fake.ratelimited()
    await close(fake, app)
    print(
        f"100 teams sharing 10 channels, 10 per channel: {took:.1f} s (pace minimum 9.0 s; "
        f"429s: {limited}); ratio: {took / 9.0:.2f}"
    )


async def floor(app: App, keys: list[str], per_channel: int) -> float:
    """The bare fake: the same posts straight through SlackTransport, CONCURRENCY at once,
    each channel's posts spaced by the pace (which the fake enforces)."""
    transport = SlackTransport.from_app(app)
    gate = asyncio.Semaphore(CONCURRENCY)
    started = time.monotonic()

    async def post(key: str, turn: int) -> None:
        await asyncio.sleep(max(started + turn - time.monotonic(), 0))  # 1 per s per channel
        async with gate:
            await transport.post(Envelope(Target.parse(target_of(key)), key), digest(key))

    await asyncio.gather(*(post(k, int(k.rsplit(":", 1)[1])) for k in keys))
    return time.monotonic() - started


async def many_channels(per_channel: int, rounds: int = 3) -> None:
    """Best of ``rounds`` for the bare floor and for the sender (a shared machine is noisy)."""
    n = 500
    fake, app = await bed(n, n)
    targets = [f"channel:team-{i}" for i in range(n)]
    bare, took, limited = [], [], 0
    for r in range(rounds):
        keys = [f"floor{r}:{t}:{k}" for k in range(per_channel) for t in targets]
        bare.append(await floor(app, keys, per_channel))
        await asyncio.sleep(per_channel)  # the channels' pace starts afresh
        fill(app.sessions, targets, per_channel, now(), prefix=f"run{r}", message=digest)
        took.append(await with_sender(app, n * per_channel))
        limited += fake.ratelimited()
        fake.calls.clear()
        await asyncio.sleep(per_channel)
    await close(fake, app)
    minimum = max(float(per_channel - 1), min(bare))
    print(
        f"{n} channels x {per_channel} digest(s), best of {rounds}: sender {min(took):.2f} s; "
        f"bare fake floor {min(bare):.2f} s (pace minimum {per_channel - 1}.0 s); ratio to the "
        f"rate-limit minimum {min(took) / minimum:.2f} (target <= 1.5); 429s: {limited}"
    )


async def main() -> int:
    await one_channel_under_the_service_loop()
    await shared_channels()
    await many_channels(1)
    await many_channels(3)
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
