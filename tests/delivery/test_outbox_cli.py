"""`vaktbot outbox list` and `vaktbot outbox resend` on a real database (SQLite and PostgreSQL),
through the real command line; then the re-sent messages go out through the real sender."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import time_machine
from sqlalchemy import select
from typer.testing import CliRunner, Result

from bot.cli.main import cli
from bot.delivery.outbox import enqueue
from bot.delivery.sender import Sender
from bot.messages.model import Message
from bot.store.db import make_engine, session_factory
from bot.store.models import Outbox
from bot.transports.console import ConsoleTransport
from tests.support.paths import EXAMPLE_CONFIG

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def run(*args: str) -> Result:
    with time_machine.travel(NOW, tick=False):
        return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def seed(db_url: str) -> None:
    engine = make_engine(db_url)
    sessions = session_factory(engine)
    rows = [  # key, kind, status, due, last error, look first
        ("digest:daily:team-1:2026-11-23", "digest.daily", "dead", NOW - timedelta(hours=5),
         "expired; last error: slack: ratelimited", False),
        ("alert:comment:7:kari", "alert.comment", "pending", NOW - timedelta(minutes=40),
         "lookup: slack: ratelimited", True),
        ("plan:reminder:x:2026-11-30:7:user:ola", "plan.reminder", "failed",
         NOW - timedelta(hours=1), "slack: channel_not_found", False),
        ("duty:handoff:team-2:2026-11-23", "duty.handoff", "sent", NOW - timedelta(hours=2),
         None, False),
    ]  # fmt: skip
    with sessions.begin() as s:
        for key, kind, status, due, error, look in rows:
            enqueue(s, key=key, kind=kind, target="channel:team-1", message=Message(text=key),
                    now=due)  # fmt: skip
            row = s.scalars(select(Outbox).where(Outbox.key == key)).one()
            row.status, row.last_error, row.check_first, row.attempts = status, error, look, 3
            row.next_attempt_at = NOW + timedelta(seconds=20)
    engine.dispose()


def test_list_shows_what_waits_failed_and_died_with_reasons_and_ages(db_url: str) -> None:
    seed(db_url)
    args = ["--config", str(EXAMPLE_CONFIG), "--database", db_url]
    res = run("outbox", "list", *args)
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    keys = [line.split(" tries  ")[1].split()[0] for line in lines[:-1]]
    # oldest due first; the delivered handoff is not listed by default
    assert keys == [
        "digest:daily:team-1:2026-11-23",
        "plan:reminder:x:2026-11-30:7:user:ola",
        "alert:comment:7:kari",
    ]
    assert lines[0] == (
        "dead        5 hr   3 tries  digest:daily:team-1:2026-11-23  "
        "(digest.daily → channel:team-1)  expired; last error: slack: ratelimited"
    )
    assert lines[2] == (
        "pending   40 min   3 tries  alert:comment:7:kari  (alert.comment → channel:team-1)  "
        "next try in 20 sec; will look first; lookup: slack: ratelimited"
    )
    assert lines[-1] == "pending 1 (due 1, oldest waiting 40 min), failed 1, dead 1"
    only_dead = run("outbox", "list", "--status", "dead", *args)
    assert [ln.split(" tries  ")[1].split()[0] for ln in only_dead.output.splitlines()[:-1]] == [
        "digest:daily:team-1:2026-11-23"
    ]
    bad = run("outbox", "list", "--status", "lost", *args)
    assert bad.exit_code == 2 and "unknown lost" in bad.output


def test_resend_by_key_or_all_then_the_sender_delivers_them(db_url: str) -> None:
    seed(db_url)
    args = ["--config", str(EXAMPLE_CONFIG), "--database", db_url]
    res = run("outbox", "resend", "digest:daily:team-1:2026-11-23", "nope",
              "duty:handoff:team-2:2026-11-23", *args)  # fmt: skip
    assert res.exit_code == 1
    assert "queued again: digest:daily:team-1:2026-11-23" in res.output
    assert "not queued: nope: no such message" in res.output
    assert "not queued: duty:handoff:team-2:2026-11-23: it is sent" in res.output
    rest = run("outbox", "resend", "--all", *args)
    assert (
        rest.exit_code == 0 and "queued again: plan:reminder:x:2026-11-30:7:user:ola" in rest.output
    )
    assert "1 message(s) queued again" in rest.output
    assert run("outbox", "resend", *args).exit_code == 2  # neither keys nor --all
    engine = make_engine(db_url)
    transport = ConsoleTransport(path=None)
    report = asyncio.run(Sender(session_factory(engine), transport).drain(NOW))
    engine.dispose()
    assert sorted(d.key for d in report.sent) == [
        "digest:daily:team-1:2026-11-23",
        "plan:reminder:x:2026-11-30:7:user:ola",
    ]
