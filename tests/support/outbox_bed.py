"""A test bed for delivery: an organisation of N teams whose team channels share M Slack channels,
an outbox filled with messages for them, a clock the test moves (the fakes read the same clock),
and a loop that drives the real Sender the way the service does: drain, then wake at the next due
instant. Used by tests/delivery/ and bench/bench_delivery.py."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.app import App
from bot.config import Config
from bot.delivery.attempt import DeliveryReport
from bot.delivery.outbox import enqueue
from bot.delivery.sender import Sender
from bot.messages.model import Message, Section
from bot.settings import Secrets
from bot.store.db import make_engine, session_factory
from bot.store.models import Outbox

T0 = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)  # Monday 08:00 in Oslo


class ManualClock:
    """Aware UTC time that moves only when told; ``seconds`` is the same instant for the fakes."""

    def __init__(self, start: datetime = T0):
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def seconds(self) -> float:
        return self.now.timestamp()

    def to(self, when: datetime) -> None:
        self.now = max(self.now, when)


def shared_channels_config(teams: int, channels: int) -> Config:
    """``teams`` teams (one lead each) whose Slack channels are ``channels`` real channels."""
    people = [{"id": f"p{i}", "name": f"Person {i}", "slack_id": f"U{i:05d}"} for i in range(teams)]
    return Config.model_validate(
        {
            "organisation": {"name": "Bed", "timezone": "Europe/Oslo", "country": "NO"},
            "people": people,
            "teams": [
                {
                    "id": f"team-{i}",
                    "name": f"Team {i}",
                    "lead": f"p{i}",
                    "members": [f"p{i}"],
                    "channel": {"slack": f"C{i % channels:05d}"},
                }
                for i in range(teams)
            ],
        }
    )


def slack_app(db_url: str, config: Config, api_url: str) -> App:
    engine = make_engine(db_url)
    secrets = Secrets(  # type: ignore[call-arg]
        VAKTBOT_PLATFORM="slack", SLACK_BOT_TOKEN="xoxb-bed", VAKTBOT_SLACK_API_URL=api_url
    )
    return App(config=config, engine=engine, sessions=session_factory(engine), secrets=secrets)


def text_of(key: str) -> Message:
    return Message(text=f"message {key}", blocks=(Section(f"message {key}"),))


def fill(
    sessions: sessionmaker[Session],
    targets: list[str],
    per_target: int,
    at: datetime,
    *,
    kind: str = "digest.daily",
    prefix: str = "k",
    message: Callable[[str], Message] = text_of,
) -> list[str]:
    """``per_target`` messages for each target, written round by round (so a shared channel
    gets them interleaved); returns the keys in the order they were written."""
    keys = []
    with sessions.begin() as s:
        for n in range(per_target):
            for target in targets:
                key = f"{prefix}:{target}:{n}"
                enqueue(s, key=key, kind=kind, target=target, message=message(key), now=at)
                keys.append(key)
    return keys


def target_of(key: str) -> str:
    """The target a key made by ``fill`` was written for."""
    return key.split(":", 1)[1].rsplit(":", 1)[0]


def statuses(sessions: sessionmaker[Session]) -> dict[str, int]:
    with sessions() as s:
        rows = s.execute(select(Outbox.status, func.count()).group_by(Outbox.status)).all()
    return {status: int(n) for status, n in rows}


async def run_until_delivered(
    senders: list[Sender],
    clock: ManualClock,
    *,
    steps: int = 10_000,
    between: Callable[[], Awaitable[None]] | None = None,
) -> tuple[DeliveryReport, int]:
    """Drain at the clock's time, then move the clock to the next due instant, until nothing is
    pending; returns the combined report and the number of passes. Like the service, the clock
    never waits for a tick: it jumps to exactly when the sender next has something to do."""
    total = DeliveryReport()
    for n in range(1, steps + 1):
        for sender in senders:
            total.add(await sender.drain(clock()))
        if between is not None:
            await between()
        nxt = senders[0].next_due()
        if nxt is None:
            return total, n
        clock.to(nxt if nxt > clock() else clock() + timedelta(milliseconds=1))
    raise AssertionError(f"the outbox did not empty in {steps} passes")
