"""The `vaktbot` command line. The clock is read here, at the edge, and passed inward."""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer

from bot.cli import digest, duty, outbox, plan, sources, teams
from bot.cli.common import (
    ConfigOpt,
    DbOpt,
    config_problems,
    err,
    fail,
    open_app,
    out,
    parse_instant,
    settings_or_exit,
)
from bot.cli.preflight import checked_config
from bot.config import ConfigError
from bot.delivery.sender import DeliveryReport, Sender, deliver_due
from bot.runtime.demo import run_demo
from bot.runtime.logs import setup_logging
from bot.runtime.loop import tick_once
from bot.runtime.service import make_transport, run_service
from bot.store.db import DatabaseUnavailable, database_url, make_engine, safe_url, upgrade

cli = typer.Typer(
    name="vaktbot",
    help="Digests, on-duty rotation, moderation alerts and annual-plan reminders for comms teams.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)
db_cli = typer.Typer(help="Database schema.", no_args_is_help=True)
cli.add_typer(db_cli, name="db")


@cli.command("check-config")
def check_config(path: Annotated[Path | None, typer.Argument()] = None) -> None:
    """Validate a config file exactly as `vaktbot run` does; print every problem with its key;
    exit 2 on errors."""

    target = path or Path(settings_or_exit().config_path)
    try:
        cfg = checked_config(target, datetime.now(UTC))
    except ConfigError as exc:
        raise config_problems(exc) from None
    out.print(
        f"{target}: OK — {len(cfg.teams)} teams, {len(cfg.people)} people, "
        f"{len(cfg.accounts)} accounts, time zone {cfg.organisation.timezone}"
    )


@db_cli.command("upgrade")
def db_upgrade(database: DbOpt = None) -> None:
    """Create or migrate the schema to the newest version."""

    url = database_url(database)
    try:
        upgrade(make_engine(url))
    except DatabaseUnavailable as exc:
        raise fail(str(exc), 3) from None
    out.print(f"database {safe_url(url)} is up to date")


@cli.command()
def tick(
    at: Annotated[str, typer.Option("--at", help="ISO 8601 instant, e.g. 2026-11-23T08:00")],
    config: ConfigOpt = None,
    database: DbOpt = None,
) -> None:
    """Run everything due at AT once (the scheduler's own code path), deliver, and exit."""

    app = open_app(config, database)
    when = parse_instant(at, app.tz)
    transport = make_transport(app, clock=lambda: when)
    fired, report = asyncio.run(tick_once(app, transport, when))
    out.print(
        f"tick {when.isoformat()}: {len(fired)} job(s) ran, {len(report.sent)} message(s) sent,"
        f" {report.retried} to retry, {report.failed} failed"
    )


@cli.command()
def send(config: ConfigOpt = None, database: DbOpt = None) -> None:
    """Deliver whatever is due in the outbox now, at the platform's pace (waits for what
    becomes due within a minute)."""

    app = open_app(config, database)

    def now() -> datetime:
        return datetime.now(UTC)

    async def deliver() -> DeliveryReport:
        return await deliver_due(Sender(app.sessions, make_transport(app), clock=now), now)

    report = asyncio.run(deliver())
    out.print(
        f"{len(report.sent)} message(s) sent, {report.retried} to retry, "
        f"{report.failed + report.dead} failed"
    )


@cli.command()
def demo(
    days: Annotated[int, typer.Option(min=1, max=366)] = 14,
    start: Annotated[
        str | None, typer.Option(help="first day, YYYY-MM-DD (default: today)")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="text | jsonl")] = "text",
    config: ConfigOpt = None,
) -> None:
    """Simulate DAYS days minute by minute on sample data and print every delivered message."""

    if fmt not in ("text", "jsonl"):
        raise fail(f"--format: expected text or jsonl, got {fmt!r}")
    path = config or Path(__file__).resolve().parents[2] / "examples" / "vaktbot.yml"
    try:
        cfg = checked_config(path, datetime.now(UTC))
    except ConfigError as exc:
        raise config_problems(exc) from None

    try:
        first = (
            date.fromisoformat(start)
            if start
            else datetime.now(ZoneInfo(cfg.organisation.timezone)).date()
        )
    except ValueError:
        raise fail(f"--start: {start!r} is not a date like 2026-11-23") from None
    asyncio.run(run_demo(cfg, first, days, fmt, sys.stdout))


@cli.command()
def run(
    config: ConfigOpt = None,
    database: DbOpt = None,
    as_person: Annotated[str | None, typer.Option("--as", help="console user (person id)")] = None,
) -> None:
    """Run the bot: Slack or Teams if their credentials are set, else the interactive console."""

    app = open_app(config, database)
    asyncio.run(run_service(app, as_person=as_person))


# each feature adds its commands; an explicit list, so a missing module fails loudly
for register in (
    duty.register,
    plan.register,
    sources.register,
    digest.register,
    teams.register,
    outbox.register,
):
    register(cli)


def main() -> None:

    # read directly: a malformed variable elsewhere is reported by the command, not here
    level = os.environ.get("VAKTBOT_LOG_LEVEL", "INFO").strip().upper() or "INFO"
    if not isinstance(logging.getLevelName(level), int):
        err.print(f"warning: VAKTBOT_LOG_LEVEL={level!r} is not a log level; using INFO")
        level = "INFO"
    setup_logging(level)
    cli()


if __name__ == "__main__":
    main()
