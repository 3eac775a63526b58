"""Benchmark: `vaktbot demo`, jumping from one due instant to the next.

    .venv/bin/python bench/bench_demo.py [--days 91]

Baseline, in the same run: the same demo with ``skip_idle=False`` - the runner asked every
minute, as the service's loop and the old demo did - over the first three days (the two runs
deliver the same messages at the same instants; tests/runtime/test_demo.py checks that). Then
the jumping demo alone over 14 and 91 days from Monday 4 January 2027 (the figures the README
quotes). Times are wall-clock and CPU seconds of this process, without the interpreter's start
(`time vaktbot demo ...` adds about 1.5 s of imports). Prints absolute numbers and the ratio;
always exits 0.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.config import load_config  # noqa: E402
from bot.runtime.demo import run_demo  # noqa: E402

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "vaktbot.yml"
START = date(2027, 1, 4)


def timed(days: int, skip_idle: bool) -> tuple[float, float, int]:
    config = load_config(EXAMPLE)
    wall, cpu = time.perf_counter(), time.process_time()
    sent = asyncio.run(run_demo(config, START, days, "jsonl", io.StringIO(), skip_idle=skip_idle))
    return time.perf_counter() - wall, time.process_time() - cpu, sent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--days", type=int, default=91)
    args = parser.parse_args()
    jump = timed(3, True)
    poll = timed(3, False)
    line = "{:<34}{:7.2f} s wall, {:7.2f} s CPU, {} messages"
    print(line.format("demo, 3 days, jumping:", *jump))
    print(line.format("baseline, 3 days, every minute:", *poll))
    print(f"ratio (jumping / every minute):   {jump[1] / poll[1]:.3f} of the CPU time")
    for days in sorted({14, args.days}):
        print(line.format(f"demo, {days} days, jumping:", *timed(days, True)))


if __name__ == "__main__":
    main()
