"""The service loop delivers at the platform's pace and wakes when the next message is due, not at
its next 30-second tick: 30 messages for one Slack channel leave one a second, and 100 teams
sharing 10 channels go out ten channels at once. The real loop (bot.runtime.loop.scheduler_loop)
runs on a simulated clock ten times faster than real time; the fake Slack paces on that clock."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from bot.clock import SimulatedClock
from bot.runtime.loop import scheduler_loop
from bot.transports.slack.transport import SlackTransport
from tests.support.fake_slack import FakeSlack
from tests.support.outbox_bed import T0, fill, shared_channels_config, slack_app

SPEED = 10.0
START = T0 + timedelta(hours=2)  # 10:00 in Oslo: no scheduled job fires in the minute


async def run_loop(
    db_url: str, teams: int, channels: int, per_team: int
) -> tuple[FakeSlack, list[str]]:
    clock = SimulatedClock(START, SPEED)
    fake = await FakeSlack(clock=lambda: clock().timestamp()).start()
    fake.pace(rate=1.0, burst=2)
    app = slack_app(db_url, shared_channels_config(teams, channels), fake.api_url)
    app.clock = clock
    keys = fill(app.sessions, [f"channel:team-{i}" for i in range(teams)], per_team, START)
    stop = asyncio.Event()
    loop = asyncio.create_task(scheduler_loop(app, SlackTransport.from_app(app), stop))
    try:
        await fake.wait_for(lambda: len(fake.of("chat.postMessage")) >= len(keys), timeout=60)
    finally:
        stop.set()
        await loop
        await fake.stop()
        app.engine.dispose()
    return fake, keys


def seconds_after_start(at: float) -> float:
    return (datetime.fromtimestamp(at, START.tzinfo) - START) / timedelta(seconds=1)


async def test_thirty_messages_for_one_channel_take_thirty_seconds_not_fifteen_minutes(
    db_url: str,
) -> None:
    fake, keys = await run_loop(db_url, teams=1, channels=1, per_team=30)
    posts = fake.of("chat.postMessage")
    assert [c.args["metadata"]["event_payload"]["key"] for c in posts] == keys
    assert fake.ratelimited() == 0
    span = round(seconds_after_start(posts[-1].at) - seconds_after_start(posts[0].at), 2)
    # at Slack's pace (the fake notes arrivals a few simulated ms apart from the sender's own
    # clock), within the 1.2 x 30 s
    assert 28.5 <= span <= 1.2 * 30


async def test_teams_sharing_channels_go_out_channel_by_channel_at_once(db_url: str) -> None:
    fake, keys = await run_loop(db_url, teams=100, channels=10, per_team=1)
    posts = fake.of("chat.postMessage")
    assert sorted(c.args["metadata"]["event_payload"]["key"] for c in posts) == sorted(keys)
    assert fake.ratelimited() == 0
    span = round(seconds_after_start(posts[-1].at) - seconds_after_start(posts[0].at), 2)
    assert 8.5 <= span <= 1.2 * 10  # ten per channel, the channels side by side
