"""The service as deployed: alert latency through the real ``vaktbot run`` process, and the
scheduler's tick duration across the clock changes.

1. Alert latency. The installed ``vaktbot`` console script runs as the README tells an admin
   (fresh SQLite file, default log level, documented variables only, Slack in HTTP mode against
   tests/support/fake_slack.py, a simulated clock at real speed from Tuesday 24 November 2026
   10:00 Oslo time). Signed Meta webhooks, one question each, are POSTed at a steady rate to an
   organisation of 100 on-duty members in round-robin mode (no conversation gets more than
   Slack's one message a second, and the burst rule never groups: the single-alert path).
   Latency per comment = the fake Slack's receipt of the chat.postMessage carrying it - the
   moment the webhook POST started. Baseline in the same run: a chat.postMessage POSTed straight
   to the same fake Slack from this process (the floor any alert pays). Two rates: 300 at 5/s
   (a storm: an agency page sees a few comments a minute; target p99 < 1 s) and 1,000 at 40/s
   (past saturation: reported with the throughput, alerts delivered per second).

2. Tick duration across the clock changes. The scheduler's own path (``Runner.run_due`` with
   every registered job) on the example organisation with its sample data, a tick every
   5 minutes from 22:00 Saturday to 06:00 Sunday local time, on the autumn change (25 October
   2026), the spring change (28 March 2027) and, as the baseline, an ordinary Sunday a week
   before each. Reported: ticks run, the longest tick and the median, and the ratio against the
   ordinary night.

    .venv/bin/python bench/bench_service.py
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import aiohttp
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from bench import alert_traffic as traffic  # noqa: E402
from bot.app import App  # noqa: E402
from bot.config import load_config  # noqa: E402
from bot.runtime.sample_data import seed  # noqa: E402
from bot.store.db import make_engine, session_factory, upgrade  # noqa: E402
from scheduler.jobs import all_jobs  # noqa: E402
from scheduler.runner import Runner  # noqa: E402
from tests.production.harness import (  # noqa: E402
    META_APP_SECRET,
    Service,
    hub_signature,
    platform_env,
    simulated,
)
from tests.support.paths import EXAMPLE_CONFIG  # noqa: E402

RUNS = ((300, 5.0), (1000, 40.0))  # (webhooks, per second)
OSLO = ZoneInfo("Europe/Oslo")
START = datetime(2026, 11, 24, 10, 0, tzinfo=OSLO)  # a Tuesday, inside opening hours


async def alert_latency(tmp: Path, n_hooks: int, rate: float) -> None:
    slack = await traffic.TimedSlack().start()
    config = tmp / "vaktbot.yml"
    config.write_text(yaml.safe_dump(traffic.organisation(), allow_unicode=True), encoding="utf-8")
    env = platform_env(f"sqlite:///{tmp / 'service.db'}", slack=slack, **simulated(START))
    svc = Service(env=env, config=config, logfile=tmp / "service.log")
    await svc.start()
    started: dict[int, float] = {}
    statuses: list[int] = []
    try:
        async with aiohttp.ClientSession() as http:
            base = []
            for i in range(200):  # the floor: one chat.postMessage straight to the fake
                t0 = time.perf_counter()
                async with http.post(
                    f"{slack.api_url.rstrip('/')}/chat.postMessage",
                    json={"channel": "C0BASE", "text": f"base {i}"},
                    headers={"Authorization": "Bearer xoxb-prod-test"},
                ) as resp:
                    await resp.read()
                base.append((time.perf_counter() - t0) * 1000)

            async def post(n: int) -> None:
                body = traffic.comment_webhook(n, START + timedelta(seconds=n / rate))
                headers = {
                    "X-Hub-Signature-256": hub_signature(META_APP_SECRET, body),
                    "Content-Type": "application/json",
                }
                started[n] = time.perf_counter()
                async with http.post(f"{svc.url}/webhooks/meta", data=body, headers=headers) as r:
                    statuses.append(r.status)
                    await r.read()

            await traffic.at_steady_rate(n_hooks, rate, post)
            await traffic.until_arrived(slack, n_hooks, seconds=60)
    finally:
        await svc.stop()
        await slack.stop()
    lat = [(slack.arrived[n] - started[n]) * 1000 for n in range(n_hooks) if n in slack.arrived]
    span = max(slack.arrived.values()) - min(started.values())
    bad = len(svc.log_problems())
    print(
        f"real process: {n_hooks} webhooks at {rate:.0f}/s, answered 200: "
        f"{sum(1 for s in statuses if s == 200)}, alerts at the fake Slack: {len(lat)} "
        f"({len(lat) / span:.1f}/s delivered), log lines with ERROR or Traceback: {bad}"
    )
    print(
        f"  webhook -> chat.postMessage: p50 {statistics.median(lat):.1f} ms, "
        f"p99 {traffic.pct(lat, 99):.1f} ms, max {max(lat):.1f} ms "
        + ("(target p99 < 1000 ms)" if rate <= 5 else "(past saturation: a backlog builds)")
    )
    print(
        f"  baseline chat.postMessage straight to the fake: p50 {statistics.median(base):.1f} ms, "
        f"p99 {traffic.pct(base, 99):.1f} ms"
    )
    print(
        f"  ratio: p50 {statistics.median(lat) / statistics.median(base):.1f}x, "
        f"p99 {traffic.pct(lat, 99) / traffic.pct(base, 99):.1f}x"
    )


async def night(runner: Runner, day: datetime) -> list[float]:
    """Tick durations (ms) every 5 minutes from 22:00 the evening before ``day`` to 06:00."""
    at = datetime(day.year, day.month, day.day, tzinfo=OSLO) - timedelta(hours=2)
    end = at + timedelta(hours=8)
    out = []
    at = at.astimezone(UTC)
    while at <= end:
        t0 = time.perf_counter()
        await runner.run_due(at)
        out.append((time.perf_counter() - t0) * 1000)
        at += timedelta(minutes=5)
    return out


async def tick_durations(tmp: Path) -> None:
    config = load_config(EXAMPLE_CONFIG)
    for name, change in (
        ("autumn", datetime(2026, 10, 25, tzinfo=OSLO)),
        ("spring", datetime(2027, 3, 28, tzinfo=OSLO)),
    ):
        results = {}
        for label, day in (("ordinary", change - timedelta(days=7)), ("change", change)):
            engine = make_engine(f"sqlite:///{tmp / f'{name}-{label}.db'}")
            upgrade(engine)
            app = App(config=config, engine=engine, sessions=session_factory(engine))
            seed(app, day - timedelta(hours=3))
            runner = Runner(app, all_jobs(config))
            await runner.run_due((day - timedelta(hours=2, minutes=5)).astimezone(UTC))
            results[label] = await night(runner, day)
            engine.dispose()
        ch, base = results["change"], results["ordinary"]
        print(
            f"{name} change {change.date()}: {len(ch)} ticks over 8 local hours, "
            f"median {statistics.median(ch):.1f} ms, longest {max(ch):.1f} ms; "
            f"ordinary night {statistics.median(base):.1f} / {max(base):.1f} ms; "
            f"ratio median {statistics.median(ch) / statistics.median(base):.2f}x, "
            f"longest {max(ch) / max(base):.2f}x"
        )


async def main() -> int:
    with tempfile.TemporaryDirectory(prefix="bench-service-") as tmp:
        for i, (n_hooks, rate) in enumerate(RUNS):
            run = Path(tmp) / f"run{i}"
            run.mkdir()
            await alert_latency(run, n_hooks, rate)
        await tick_durations(Path(tmp))
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
