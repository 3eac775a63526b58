"""The `vaktbot` command line. The clock is read here, at the edge, and passed inward."""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from bot.config import ConfigError
from bot.store.db import DatabaseUnavailable

cli = typer.Typer(
    name="vaktbot",
    help="Digests, on-duty rotation, moderation alerts and annual-plan reminders for comms teams.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)
db_cli = typer.Typer(help="Database schema.", no_args_is_help=True)
cli.add_typer(db_cli, name="db")
err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)

ConfigOpt = Annotated[
    Path | None, typer.Option("--config", "-c", help="vaktbot.yml (default: $VAKTBOT_CONFIG)")
]
DbOpt = Annotated[
    str | None, typer.Option("--database", help="database URL (default: $VAKTBOT_DATABASE_URL)")
]


def fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"[red]error:[/red] {message}", soft_wrap=True)
    return typer.Exit(code)


def parse_instant(value: str, tz: str) -> datetime:
    """ISO 8601; a value without offset is read in the organisation's time zone."""
    from zoneinfo import ZoneInfo

    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        raise fail(
            f"--at: {value!r} is not an ISO 8601 time, e.g. 2026-11-23T08:00+01:00"
        ) from None
    return dt if dt.tzinfo else dt.replace(tzinfo=ZoneInfo(tz))


def config_problems(exc: ConfigError) -> typer.Exit:
    for problem in exc.problems:
        err.print(f"[red]error:[/red] {escape(f'{exc.path}: {problem}')}", soft_wrap=True)
    return typer.Exit(2)


def settings_or_exit():  # type: ignore[no-untyped-def]
    """The environment's settings; a malformed variable is named, never a traceback."""
    from pydantic import ValidationError

    from bot.settings import Secrets

    try:
        return Secrets()
    except ValidationError as exc:
        for e in exc.errors(include_input=False):
            name = ".".join(str(x) for x in e["loc"])
            err.print(f"[red]error:[/red] environment {name}: {e['msg']}", markup=True)
        raise typer.Exit(2) from None


def open_app(config: Path | None, database: str | None, *, migrate: bool = True):  # type: ignore[no-untyped-def]
    """The app for a command, after the same checks as `vaktbot check-config`."""
    from bot.app import build_app
    from bot.preflight import checked_config

    secrets = settings_or_exit()
    path = config or Path(secrets.config_path)
    try:
        checked_config(path, datetime.now(UTC))
        return build_app(path, database, secrets=secrets, migrate=migrate)
    except ConfigError as exc:
        raise config_problems(exc) from None
    except DatabaseUnavailable as exc:
        raise fail(str(exc), 3) from None


@cli.command("check-config")
def check_config(path: Annotated[Path | None, typer.Argument()] = None) -> None:
    """Validate a config file exactly as `vaktbot run` does; print every problem with its key;
    exit 2 on errors."""
    from bot.preflight import checked_config

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
    from bot.store.db import database_url, make_engine, safe_url, upgrade

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
    from bot.service import make_transport
    from bot.ticking import tick_once

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
    """Deliver whatever is due in the outbox now."""
    from bot.delivery import Sender
    from bot.service import make_transport

    app = open_app(config, database)
    now = datetime.now(UTC)
    report = asyncio.run(Sender(app.sessions, make_transport(app)).drain(now))
    out.print(f"{len(report.sent)} message(s) sent, {report.retried} to retry")


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
    from bot.demo import run_demo
    from bot.preflight import checked_config

    if fmt not in ("text", "jsonl"):
        raise fail(f"--format: expected text or jsonl, got {fmt!r}")
    path = config or Path(__file__).resolve().parent.parent / "examples" / "vaktbot.yml"
    try:
        cfg = checked_config(path, datetime.now(UTC))
    except ConfigError as exc:
        raise config_problems(exc) from None
    from datetime import date
    from zoneinfo import ZoneInfo

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
    from bot.service import run_service

    app = open_app(config, database)
    asyncio.run(run_service(app, as_person=as_person))


def _register_feature_commands() -> None:
    import importlib

    for name in ("cli_duty", "cli_plan", "cli_sources", "cli_digest", "cli_teams"):
        try:
            mod = importlib.import_module(f"bot.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"bot.{name}":
                raise
            continue
        mod.register(cli)


_register_feature_commands()


def main() -> None:
    import logging
    import os

    from bot.logging_setup import setup_logging

    # read directly: a malformed variable elsewhere is reported by the command, not here
    level = os.environ.get("VAKTBOT_LOG_LEVEL", "INFO").strip().upper() or "INFO"
    if not isinstance(logging.getLevelName(level), int):
        err.print(f"warning: VAKTBOT_LOG_LEVEL={level!r} is not a log level; using INFO")
        level = "INFO"
    setup_logging(level)
    cli()


if __name__ == "__main__":
    main()
