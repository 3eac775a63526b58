"""A digest due while large pages are polled: the running service's scheduler loop and pollers
on a simulated clock, against the fake Graph API and the fake Slack Web API.

``digest_delay`` builds an organisation whose first team has ``pages`` Facebook pages of
``posts`` posts each (two fresh comments on every post, daily page insights and per-post
insights), serves them from :class:`~tests.support.fake_graph.FakeGraph` with
``X-Business-Use-Case-Usage`` at ``usage`` percent, starts the real ``scheduler_loop`` with the
Slack transport and, when ``polling`` is on, the real pollers, on a simulated clock (30 times
real speed) at 07:58:50, ten simulated seconds before the pollers' first fire and a minute
before the morning digest is due, so the polls are under way when the digest falls due (a poll
of a large page takes seconds of real time, minutes at this speed). It measures how
long after its due instant (in real time) the digest reaches Slack's ``chat.postMessage``.

Used by tests/runtime/test_pollers.py (the acceptance bound) and bench/bench_polling.py (the
figures, against the same run without polling).
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from sqlalchemy import func, select

from bot.app import App
from bot.clock import SimulatedClock
from bot.config import load_config
from bot.runtime.loop import scheduler_loop
from bot.runtime.pollers import Poller, make_pollers, start_pollers
from bot.settings import Secrets
from bot.sources.accounts import sync_accounts
from bot.sources.meta.budget import UsageBudget
from bot.store.db import make_engine, session_factory
from bot.store.models import Comment
from bot.transports.slack.transport import SlackTransport
from tests.support.fake_graph import FakeGraph
from tests.support.fake_slack import FakeSlack
from tests.support.paths import EXAMPLE_CONFIG

OSLO = ZoneInfo("Europe/Oslo")
DUE = datetime(2026, 11, 24, 8, 0, tzinfo=OSLO)  # a Tuesday: the morning digest
BEFORE = timedelta(seconds=70)  # the clock starts here before it; the pollers fire at 07:59
SPEED = 30.0  # simulated seconds per real second
LEAD = BEFORE.total_seconds() / SPEED  # real seconds from the start to the digest's due instant
TOKEN_ENV = "VAKTBOT_BUSY_PAGE_TOKEN"


@dataclass
class Outcome:
    delay: float  # real seconds from the digest's due instant to its arrival at Slack
    graph_calls: int  # Graph API calls made until the digest arrived
    comments_stored: int  # comments stored by the time the run stopped
    polls: int  # polls finished by the time the run stopped
    usage: float  # the usage the pollers last saw (percent)


def stamp(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")


def fill(graph: FakeGraph, pages: int, posts: int, now: datetime) -> list[str]:
    """``pages`` pages of ``posts`` posts in the last 13 days, two comments each."""
    ids = []
    for p in range(pages):
        page = f"20000000000{p:02d}"
        ids.append(page)
        items = []
        for k in range(posts):
            created = now - timedelta(days=13) + timedelta(minutes=(13 * 24 * 60 - 90) * k / posts)
            post = f"{page}_{k}"
            items.append({"id": post, "message": f"Innlegg {k}", "created_time": stamp(created),
                          "permalink_url": f"https://www.facebook.com/{post}"})  # fmt: skip
            graph.comments[post] = [
                {
                    "id": f"{post}_c{j}",
                    "message": ("Når kommer skattemeldingen?", "Takk for svar!")[j],
                    "from": {"id": f"u{k}{j}", "name": f"Person {k}"},
                    "created_time": stamp(now - timedelta(minutes=30 + j)),
                    "is_hidden": False,
                    "can_hide": True,
                }
                for j in range(2)
            ]
            graph.insights[post] = {
                "post_total_media_view_unique": {None: 400 + k},
                "post_media_view": {None: 900 + k},
                "post_reactions_by_type_total": {None: {"like": 10 + k % 7, "love": 1}},
                "post_clicks": {None: 5},
            }
        graph.posts[page] = items[::-1]  # newest first, as Meta lists them
        days = [now.date() - timedelta(days=d) for d in range(1, 9)]
        graph.insights[page] = {
            "page_follows": {d: 40_000 + p * 1000 - i for i, d in enumerate(days)},
            "page_daily_follows_unique": {d: 30 for d in days},
            "page_total_media_view_unique": {d: 5000 for d in days},
            "page_media_view": {d: 9000 for d in days},
            "page_post_engagements": {d: 700 for d in days},
        }
    return ids


def configure(tmp: Path, pages: list[str]) -> Path:
    data = yaml.safe_load(EXAMPLE_CONFIG.read_text(encoding="utf-8"))
    data["accounts"] = [
        {"id": f"page-{i}", "platform": "facebook", "external_id": page, "name": f"Side {i}",
         "team": "team-1", "poll_minutes": 1, "token_env": TOKEN_ENV}
        for i, page in enumerate(pages)
    ]  # fmt: skip
    data["digest"]["daily_time"] = "08:00"
    path = tmp / "vaktbot.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


async def digest_delay(
    db_url: str,
    tmp: Path,
    *,
    pages: int = 3,
    posts: int = 300,
    usage: float = 95.0,
    budget: Callable[[], UsageBudget] = UsageBudget,
    polling: bool = True,
    linger: float = 1.0,
) -> Outcome:
    """Run the service across the digest's due instant and measure the digest's delay."""
    graph = await FakeGraph(page_size=100).start()
    slack = await FakeSlack().start()
    start = DUE - BEFORE
    page_ids = fill(graph, pages, posts, start)
    graph.usage = {
        page: [{"type": "pages", "call_count": usage, "total_cputime": 10, "total_time": 10,
                "estimated_time_to_regain_access": 0}]
        for page in page_ids
    }  # fmt: skip
    os.environ[TOKEN_ENV] = graph.token
    engine = make_engine(db_url)
    secrets = Secrets(  # type: ignore[call-arg]
        SLACK_BOT_TOKEN="xoxb-busy", VAKTBOT_SLACK_API_URL=f"{slack.url}/api/",
        VAKTBOT_GRAPH_API_URL=graph.url,
    )  # fmt: skip
    app = App(
        config=load_config(configure(tmp, page_ids)),
        engine=engine,
        sessions=session_factory(engine),
        secrets=secrets,
    )
    with app.sessions.begin() as s:
        sync_accounts(s, app.config, start)
    app.clock = SimulatedClock(start, speed=SPEED)
    transport = SlackTransport.from_app(app)
    pollers: list[Poller] = make_pollers(app, budget=budget) if polling else []
    stop = asyncio.Event()
    t0 = time.monotonic()
    tasks = [asyncio.create_task(scheduler_loop(app, transport, stop))]
    tasks += start_pollers(app, stop, pollers)
    channel = app.config.team("team-1").channel.slack  # type: ignore[union-attr]
    arrived = None
    calls_then = 0
    try:
        while time.monotonic() - t0 < LEAD + 30:
            if any(
                c.method == "chat.postMessage" and c.args.get("channel") == channel
                and "Morgenoppsummering" in str(c.args.get("text"))
                for c in slack.calls
            ):  # fmt: skip
                arrived = time.monotonic()
                calls_then = len(graph.requests)
                break
            await asyncio.sleep(0.002)
        await asyncio.sleep(linger)
    finally:
        stop.set()
        await asyncio.gather(*tasks, return_exceptions=True)
        with app.sessions() as s:
            stored = s.scalar(select(func.count()).select_from(Comment))
        engine.dispose()
        await graph.stop()
        await slack.stop()
        del os.environ[TOKEN_ENV]
    if arrived is None:
        raise AssertionError("the digest never reached Slack")
    return Outcome(
        delay=arrived - (t0 + LEAD),
        graph_calls=calls_then,
        comments_stored=int(stored),
        polls=sum(p.polls for p in pollers),
        usage=max((p.budget.usage for p in pollers), default=0.0),
    )


def unpaced() -> UsageBudget:
    """A budget that never waits: the poll runs flat out beside the digest (the worst case
    for the event loop and the database)."""
    return UsageBudget(soft=100.0, max_pause=0.0)
