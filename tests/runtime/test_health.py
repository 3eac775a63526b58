"""The health watch tells the admins once about undelivered and stuck messages and refused
webhook requests, in the organisation's language, and never about its own notices."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select

from bot.app import App
from bot.config import load_config
from bot.delivery.outbox import enqueue
from bot.messages.model import Message
from bot.settings import Secrets
from bot.store.db import session_factory
from bot.store.models import Outbox
from bot.web.server import build_web_app
from scheduler.health import next_work, watch
from tests.support.paths import EXAMPLE_CONFIG

EXAMPLE = EXAMPLE_CONFIG
NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def notices(app: App) -> list[Outbox]:
    with app.sessions() as s:
        return list(s.scalars(select(Outbox).where(Outbox.kind == "health.notice")))


def add(
    app: App, key: str, status: str, error: str | None, due: datetime, attempts: int = 1
) -> None:
    with app.sessions.begin() as s:
        enqueue(s, key=key, kind="digest.daily", target="channel:team-1",
                message=Message(text=key), now=due)  # fmt: skip
        row = s.scalar(select(Outbox).where(Outbox.key == key))
        assert row is not None
        row.status, row.last_error, row.attempts = status, error, attempts


def run(app: App, at: datetime) -> None:
    with app.sessions.begin() as s:
        watch(app, s, at)


def test_failures_are_told_once_and_new_ones_again(engine) -> None:  # type: ignore[no-untyped-def]
    app = App(config=load_config(EXAMPLE), engine=engine, sessions=session_factory(engine))
    run(app, NOW)
    assert notices(app) == []  # nothing wrong: nothing said
    add(app, "a", "dead", "slack: ratelimited", NOW - timedelta(hours=1))
    add(app, "b", "failed", "slack: channel_not_found", NOW - timedelta(hours=1))
    add(app, "c", "pending", None, NOW - timedelta(minutes=40))
    run(app, NOW)
    first = notices(app)
    # the example has no admin: the first team's lead is told
    assert [n.target for n in first] == ["user:kari"]
    text = first[0].payload["text"]
    assert "ikke levert: 2" in text and "venter: 1" in text
    blocks = str(first[0].payload["blocks"])
    assert "slack" in blocks and "09:20" in blocks  # the stuck message's due time, Oslo time
    run(app, NOW + timedelta(minutes=5))
    assert len(notices(app)) == 1  # the same problems: not said again
    add(app, "d", "dead", "teams: 503", NOW)
    run(app, NOW + timedelta(minutes=10))
    latest = notices(app)
    assert len(latest) == 2 and "ikke levert: 1" in latest[-1].payload["text"]


def test_a_failed_notice_does_not_notice_itself(engine) -> None:  # type: ignore[no-untyped-def]
    app = App(config=load_config(EXAMPLE), engine=engine, sessions=session_factory(engine))
    add(app, "a", "dead", "slack: token_revoked", NOW)
    run(app, NOW)
    with app.sessions.begin() as s:
        for n in s.scalars(select(Outbox).where(Outbox.kind == "health.notice")):
            n.status = "dead"
    run(app, NOW + timedelta(minutes=5))
    assert len(notices(app)) == 1


async def test_refused_webhooks_are_told_with_what_to_check(engine) -> None:  # type: ignore[no-untyped-def]
    secrets = Secrets(META_APP_SECRET="s3cret")  # type: ignore[call-arg]
    app = App(
        config=load_config(EXAMPLE),
        engine=engine,
        sessions=session_factory(engine),
        secrets=secrets,
    )
    other = App(config=app.config, engine=engine, sessions=app.sessions, secrets=secrets)
    async with TestClient(TestServer(build_web_app(app), host="127.0.0.1", port=0)) as client:
        for _ in range(3):
            resp = await client.post(
                "/webhooks/meta",
                data=b'{"object": "page", "entry": []}',
                headers={"X-Hub-Signature-256": "sha256=" + "0" * 64},
            )
            assert resp.status == 403
    run(other, NOW)  # another process (App) saw no refusals: nothing to tell
    assert notices(app) == []
    run(app, NOW + timedelta(hours=1))
    told = notices(app)
    assert len(told) == 1
    assert "avviste webhook-kall: 3" in told[-1].payload["text"]
    assert "feil signatur" in str(told[-1].payload["blocks"])
    run(app, NOW + timedelta(hours=2))
    assert len(notices(app)) == 1


def test_a_restart_after_downtime_is_not_a_stuck_outbox(engine) -> None:  # type: ignore[no-untyped-def]
    """The service was down for an hour: what fell due meanwhile waits in the outbox, never
    tried. That is not "stuck" - the sender is about to send it. Only once a message has been
    tried and is still pending 15 minutes after it fell due are the admins told."""
    app = App(config=load_config(EXAMPLE), engine=engine, sessions=session_factory(engine))
    for i in range(20):
        add(app, f"down-{i}", "pending", None, NOW - timedelta(minutes=60 - i), attempts=0)
    run(app, NOW)
    assert notices(app) == []
    with app.sessions() as s:
        assert next_work(app, s, NOW) is None  # nothing can become stuck until it is tried
    with app.sessions.begin() as s:  # the first one was tried: Slack answered 503
        row = s.scalar(select(Outbox).where(Outbox.key == "down-0"))
        assert row is not None
        row.attempts, row.last_error = 1, "slack: 503"
    with app.sessions() as s:
        assert next_work(app, s, NOW) == NOW - timedelta(minutes=45, microseconds=-1)
    run(app, NOW + timedelta(minutes=5))
    [notice] = notices(app)
    assert "venter: 1" in notice.payload["text"]
