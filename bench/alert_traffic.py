"""What the two alert-latency benches share: the organisation alerts are routed in, the signed
Meta comment webhook each one starts from, the fake Slack that notes when each comment's
chat.postMessage arrived, and the percentile both report.

bench_alerts.py runs the path in one process; bench_service.py through the real ``vaktbot run``.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from tests.support.fake_slack import FakeSlack

MEMBERS = 100
PAGE = "100000000000001"
# each comment carries "k<n>x", so the post that alerts about it can be found again
TOKEN = re.compile(r"k(\d+)x")
WEEK = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def organisation(*, always_open: bool = False) -> dict[str, Any]:
    """100 on-duty members in round-robin mode: no conversation gets more than Slack's one
    message a second, and the burst rule never groups (the single-alert path). ``always_open``
    adds extended hours around the clock, so the real clock works too."""
    people = [
        {"id": f"p{i:03d}", "name": f"Person {i}", "slack_id": f"U0P{i:03d}"}
        for i in range(MEMBERS)
    ]
    rotation: dict[str, Any] = {"teams": ["bench"], "start": "2026-01-05"}
    if always_open:
        hours = dict.fromkeys(WEEK, "00:00-24:00")
        rotation["extended_hours"] = [{"start": "2026-01-01", "end": "2030-12-31", "hours": hours}]
    return {
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
        "rotation": rotation,
        "accounts": [
            {"id": "fb", "platform": "facebook", "external_id": PAGE, "name": "Bench (FB)"}
        ],
        "moderation": {"alert_mode": "round_robin", "batch_threshold": 1000},
    }


class TimedSlack(FakeSlack):
    """The fake Slack API, noting when each comment's chat.postMessage arrived."""

    def __init__(self) -> None:
        super().__init__()
        self.arrived: dict[int, float] = {}

    def _m_chat_postMessage(self, args: dict[str, Any]) -> dict[str, Any]:
        for m in TOKEN.finditer(str(args.get("text") or "")):
            self.arrived.setdefault(int(m.group(1)), time.perf_counter())
        return super()._m_chat_postMessage(args)


def comment_webhook(n: int, at: datetime) -> bytes:
    """The body of a Meta feed webhook with comment ``n``, one question, written at ``at``."""
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
    """The q-th percentile (nearest rank) of ``values``."""
    s = sorted(values)
    return s[min(len(s) - 1, round(q / 100 * (len(s) - 1)))]


async def at_steady_rate(n: int, rate: float, post: Callable[[int], Awaitable[None]]) -> None:
    """Start ``post(0)`` … ``post(n - 1)`` at ``rate`` per second and wait for them all."""
    begin = time.perf_counter()
    tasks = []
    for i in range(n):
        delay = begin + i / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(post(i)))
    await asyncio.gather(*tasks)


async def until_arrived(slack: TimedSlack, n: int, seconds: float) -> None:
    """Wait until ``n`` comments' alerts have reached ``slack``, or ``seconds`` have passed."""
    deadline = time.perf_counter() + seconds
    while len(slack.arrived) < n and time.perf_counter() < deadline:
        await asyncio.sleep(0.05)
