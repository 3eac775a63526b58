"""Benchmark: how late the morning digest reaches Slack while three pages of 300 posts each are
polled at 95 % of Meta's allowance, against the same service with no polling, in the same run.

    .venv/bin/python bench/bench_polling.py [--pages 3] [--posts 300] [--repeat 3]

The real scheduler loop and pollers run on a simulated clock against the fake Graph API and the
fake Slack Web API (tests/support/busy_pages.py), in a fresh SQLite file per run. Three cases:

* baseline: no pollers;
* paced: the pollers' own budget at 95 % usage (a ~49 s pause between calls, in the poller);
* flat out: the same polls with no pause at all, the worst case for the event loop and the
  database: hundreds of Graph calls a second and 1,800 new comments classified and stored while
  the digest is built and sent (the fake Graph API runs in the same process, so its work is on
  the same event loop too).

Prints each case's median delay (real seconds from the digest's due instant to Slack) and its
ratio to the baseline. Target (issue #16): under 1 s at 95 % usage.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.store.db import make_engine, upgrade  # noqa: E402
from tests.support.busy_pages import Outcome, digest_delay, unpaced  # noqa: E402


async def run(case: str, pages: int, posts: int) -> Outcome:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        if case == "baseline":
            return await digest_delay(url, Path(tmp), pages=pages, posts=posts, polling=False)
        if case == "paced":
            return await digest_delay(url, Path(tmp), pages=pages, posts=posts)
        return await digest_delay(url, Path(tmp), pages=pages, posts=posts, budget=unpaced)


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=3)
    ap.add_argument("--posts", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    cases = ("baseline", "paced", "flat out")
    results: dict[str, list[Outcome]] = {c: [] for c in cases}
    for _ in range(args.repeat):  # the cases take turns, so machine load falls on all alike
        for case in cases:
            results[case].append(await run(case, args.pages, args.posts))
    base = statistics.median(o.delay for o in results["baseline"])
    print(f"{args.pages} pages x {args.posts} posts at 95 % usage, {args.repeat} runs per case")
    for case in cases:
        runs = results[case]
        delay = statistics.median(o.delay for o in runs)
        calls = statistics.median(o.graph_calls for o in runs)
        print(
            f"{case:<9}: digest {delay * 1000:7.1f} ms after it was due "
            f"(max {max(o.delay for o in runs) * 1000:.1f} ms), {calls:5.0f} Graph calls by "
            f"then, {delay / base:4.2f}x the baseline"
            + ("" if case == "baseline" else f"  {'OK' if delay < 1.0 else 'OVER 1 s'}")
        )


if __name__ == "__main__":
    asyncio.run(main())
