"""`vaktbot send` killed with SIGKILL again and again while it posts to a fake Slack (1 message
per second per channel): after the last restart every message is in Slack exactly once. A row
the killed process was posting is looked up by its metadata before it is posted again."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import sys
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import update

from bot.delivery.admin import outbox_stats
from bot.store.models import Outbox
from tests.support.fake_slack import FakeSlack
from tests.support.outbox_bed import fill, shared_channels_config, slack_app, statuses
from tests.support.paths import ROOT

CHANNELS, PER_CHANNEL, KILLS = 30, 10, 5


def write_config(path: Path) -> None:
    teams = "\n".join(
        f"  - {{id: team-{i}, name: Team {i}, lead: p{i}, members: [p{i}], "
        f"channel: {{slack: C{i:05d}}}}}"
        for i in range(CHANNELS)
    )
    people = "\n".join(f"  - {{id: p{i}, name: Person {i}}}" for i in range(CHANNELS))
    path.write_text(
        "organisation: {name: Bed, timezone: Europe/Oslo, country: NO}\n"
        f"people:\n{people}\nteams:\n{teams}\n",
        encoding="utf-8",
    )


async def send(config: Path, db_url: str, fake: FakeSlack, kill_after: float | None = None) -> int:
    """`vaktbot send` in a child process; with ``kill_after``: SIGKILL that many seconds after
    its first post reached the fake Slack."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/"),
        "PYTHONPATH": str(ROOT),
        "VAKTBOT_PLATFORM": "slack",
        "SLACK_BOT_TOKEN": "xoxb-kill",
        "VAKTBOT_SLACK_API_URL": fake.api_url,
    }
    before = len(fake.of("chat.postMessage"))
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli.main",
        "send",
        "--config",
        str(config),
        "--database",
        db_url,
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    if kill_after is None:
        return await asyncio.wait_for(proc.wait(), 180)
    await fake.wait_for(lambda: len(fake.of("chat.postMessage")) > before, timeout=60)
    await asyncio.sleep(kill_after)
    proc.send_signal(signal.SIGKILL)
    return await proc.wait()


async def test_killed_again_and_again_while_posting_then_restarted(
    db_url: str, tmp_path: Path
) -> None:
    fake = await FakeSlack().start()
    fake.pace(rate=1.0, burst=2)
    config = tmp_path / "vaktbot.yml"
    write_config(config)
    app = slack_app(db_url, shared_channels_config(CHANNELS, CHANNELS), fake.api_url)
    try:
        targets = [f"channel:team-{i}" for i in range(CHANNELS)]
        keys = fill(app.sessions, targets, PER_CHANNEL, datetime.now(UTC))
        rng = random.Random(9)
        seen = []
        for _ in range(KILLS):
            code = await send(config, db_url, fake, kill_after=rng.uniform(0.0, 1.5))
            assert code == -signal.SIGKILL
            seen.append(len(fake.of("chat.postMessage")))
            # time passes: the killed process's leases run out (as they would after 120 s)
            with app.sessions.begin() as s:
                s.execute(update(Outbox).where(Outbox.lease_until.is_not(None))
                          .values(lease_until=Outbox.due_at))  # fmt: skip
        assert seen[-1] < len(keys)  # the kills came while there was still work to do
        assert await send(config, db_url, fake) == 0
        posted = fake.posted_keys()
        assert sorted(posted) == sorted(keys)
        assert {k: n for k, n in posted.items() if n != 1} == {}
        assert statuses(app.sessions) == {"sent": len(keys)}
        with app.sessions() as s:
            assert outbox_stats(s, datetime.now(UTC)).pending == 0
    finally:
        await fake.stop()
        app.engine.dispose()
