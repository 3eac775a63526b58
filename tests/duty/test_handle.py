"""The on-duty handle in Slack: the user groups (@vakt for whoever is on duty now, @vakt-team1 per
team) and the team channels' topic change exactly at each handoff - and never otherwise - when
`vaktbot.yml` asks for them. Driven hour by hour over six weeks through the real Slack transport
against the fake Slack Web API."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.app import App
from bot.config import load_config
from bot.duty.rotation import duty_at
from bot.duty.store import rotation_for
from bot.runtime.handles import sync_handles
from bot.settings import Secrets
from bot.store.db import make_engine, session_factory
from bot.transports.slack.transport import SlackTransport
from tests.support.fake_slack import FakeSlack
from tests.support.paths import EXAMPLE_CONFIG

OSLO = ZoneInfo("Europe/Oslo")
START = datetime(2026, 11, 23, 0, 30, tzinfo=OSLO).astimezone(UTC)
HOURS = 6 * 7 * 24


def config_with_handles(tmp: Path) -> Path:
    text = EXAMPLE_CONFIG.read_text("utf-8")
    text = text.replace(
        "channel: {slack: C01TEAM1,", "slack_usergroup: S0TEAM1\n    channel: {slack: C01TEAM1,", 1
    )
    text += "\nhandle:\n  slack_usergroup: S0ONDUTY\n  topic: true\n"
    path = tmp / "vaktbot.yml"
    path.write_text(text, "utf-8")
    return path


@pytest.fixture
async def slack(
    db_url: str, tmp_path: Path
) -> AsyncIterator[tuple[App, FakeSlack, SlackTransport]]:
    fake = await FakeSlack().start()
    path = config_with_handles(tmp_path)
    engine = make_engine(db_url)
    app = App(
        config=load_config(path),
        engine=engine,
        sessions=session_factory(engine),
        secrets=Secrets(
            VAKTBOT_PLATFORM="slack",
            SLACK_BOT_TOKEN="xoxb-test",
            VAKTBOT_SLACK_API_URL=fake.api_url,
        ),
        config_path=str(path),
    )
    yield app, fake, SlackTransport.from_app(app)
    await fake.stop()
    engine.dispose()


async def test_handles_change_exactly_at_each_handoff(
    slack: tuple[App, FakeSlack, SlackTransport],
) -> None:
    app, fake, transport = slack
    rotation = rotation_for(app)
    assert rotation is not None
    changes: dict[str, list[datetime]] = {}
    teams_on_duty: list[tuple[datetime, str]] = []
    for hour in range(HOURS):
        now = START + timedelta(hours=hour)
        team = duty_at(rotation, now).team.id
        if not teams_on_duty or teams_on_duty[-1][1] != team:
            teams_on_duty.append((now, team))
        before = len(fake.calls)
        await sync_handles(app, transport, now)
        for call in fake.calls[before:]:
            target = call.args.get("usergroup") or call.args.get("channel")
            changes.setdefault(f"{call.method}:{target}", []).append(now)
    handoffs = [at for at, _ in teams_on_duty]
    assert len(handoffs) >= 4  # the start and three handoffs in six weeks
    # @vakt and both channel topics: set at the start, then at every handoff, never otherwise
    for key in (
        "usergroups.users.update:S0ONDUTY",
        "conversations.setTopic:C01TEAM1",
        "conversations.setTopic:C02TEAM2",
    ):
        assert changes[key] == handoffs, key
    # @vakt-team1: all of team 1 - the same people whether on duty or not (no absences): set once
    assert changes["usergroups.users.update:S0TEAM1"] == [START]
    team1 = {p.slack_id for p in app.config.people if p.id in app.config.team("team-1").members}
    assert set(fake.usergroups["S0TEAM1"]) == team1
    last_team = teams_on_duty[-1][1]
    on_duty = {p.slack_id for p in app.config.people if p.id in app.config.team(last_team).members}
    assert set(fake.usergroups["S0ONDUTY"]) == on_duty
    lead = app.config.person(app.config.team(last_team).lead)
    assert lead is not None and lead.name in fake.topics["C01TEAM1"]
