"""The `vaktbot` command line. The clock is read here, at the edge, and passed inward."""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import tempfile
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
    say_failed,
    settings_or_exit,
)
from bot.cli.preflight import checked_config
from bot.config import ConfigError
from bot.delivery.sender import DeliveryReport, Sender, deliver_due
from bot.i18n import fmt_number, plural, t
from bot.runtime.budget import Budget, table
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
    loc = cfg.organisation.locale
    out.print(
        t(
            loc,
            "cli.check_ok",
            path=target,
            teams=plural(loc, "cli.n_teams", len(cfg.teams)),
            people=plural(loc, "cli.n_people", len(cfg.people)),
            accounts=plural(loc, "cli.n_accounts", len(cfg.accounts)),
            tz=cfg.organisation.timezone,
        ),
        markup=False,
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
    loc = app.config.organisation.locale
    when = parse_instant(at, app.tz, loc)
    transport = make_transport(app, clock=lambda: when)
    fired, report = asyncio.run(tick_once(app, transport, when))
    out.print(
        t(
            loc,
            "cli.tick",
            at=when.isoformat(),
            jobs=plural(loc, "cli.n_jobs", len(fired)),
            sent=plural(loc, "cli.n_messages", len(report.sent)),
            retry=fmt_number(loc, report.retried),
            failed=fmt_number(loc, report.failed),
        ),
        markup=False,
    )


@cli.command()
def send(config: ConfigOpt = None, database: DbOpt = None) -> None:
    """Deliver whatever is due in the outbox now, at the platform's pace (waits for what
    becomes due within a minute)."""

    app = open_app(config, database)
    loc = app.config.organisation.locale

    async def deliver() -> DeliveryReport:
        return await deliver_due(
            Sender(app.sessions, make_transport(app), clock=app.clock), app.clock
        )

    report = asyncio.run(deliver())
    sent = plural(loc, "cli.n_messages", len(report.sent))
    out.print(t(loc, "cli.send", sent=sent, retry=fmt_number(loc, report.retried)), markup=False)


LogFileOpt = Annotated[
    str | None,
    typer.Option(
        "--log-file",
        help="where log lines go (default: a file, its path printed once; - for stderr)",
    ),
]


def _log_to(target: str | None, default: Path, *, mode: str = "a") -> str | None:
    """Send the log to a file (``target``, $VAKTBOT_LOG_FILE or ``default``) so that log lines
    never mix with the chat; "-" keeps stderr. Returns the file's path (None: stderr)."""
    chosen = target or os.environ.get("VAKTBOT_LOG_FILE") or str(default)
    if chosen == "-":
        return None
    path = Path(chosen).resolve()
    setup_logging(log_level(), path, mode=mode)
    return str(path)


@cli.command()
def demo(
    days: Annotated[int, typer.Option(min=1, max=366)] = 14,
    start: Annotated[
        str | None, typer.Option(help="first day, YYYY-MM-DD (default: today)")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="text | jsonl")] = "text",
    config: ConfigOpt = None,
    log_file: LogFileOpt = None,
) -> None:
    """Simulate DAYS days on sample data (jumping from one due instant to the next through the
    service's own scheduler and sender) and print every delivered message."""

    path = config or Path(__file__).resolve().parents[2] / "examples" / "vaktbot.yml"
    try:
        cfg = checked_config(path, datetime.now(UTC))
    except ConfigError as exc:
        raise config_problems(exc) from None
    loc = cfg.organisation.locale
    if fmt not in ("text", "jsonl"):
        raise say_failed(loc, "cli.demo.bad_format", value=fmt)
    try:
        first = (
            date.fromisoformat(start)
            if start
            else datetime.now(ZoneInfo(cfg.organisation.timezone)).date()
        )
    except ValueError:
        raise say_failed(loc, "cli.bad_date", option="--start", value=start) from None
    logged = _log_to(log_file, Path(tempfile.gettempdir()) / "vaktbot-demo.log", mode="w")
    if logged:
        err.print(t(loc, "cli.log_file", path=logged), markup=False, soft_wrap=True)
    budgets: list[Budget] = []
    asyncio.run(run_demo(cfg, first, days, fmt, sys.stdout, on_budget=budgets.append))
    # the budget table closes the text output; with --format jsonl it goes to stderr, so
    # stdout stays one JSON object per line
    for b in budgets:
        print("\n" + table(b, loc), file=sys.stdout if fmt == "text" else sys.stderr)


@cli.command()
def run(
    config: ConfigOpt = None,
    database: DbOpt = None,
    as_person: Annotated[
        str | None, typer.Option("--as", help="console: who you are at start (/vakt as changes it)")
    ] = None,
    log_file: LogFileOpt = None,
) -> None:
    """Run the bot: Slack or Teams if their credentials are set, else the interactive console
    (whose log goes to a file, vaktbot.log unless --log-file says otherwise)."""

    secrets = settings_or_exit()
    logged = None
    try:
        cfg = checked_config(config or Path(secrets.config_path), datetime.now(UTC))
    except ConfigError as exc:
        raise config_problems(exc) from None
    if secrets.chosen_platform(cfg.platform) == "console":
        logged = _log_to(log_file, Path("vaktbot.log"))
    app = open_app(config, database)
    asyncio.run(run_service(app, as_person=as_person, log_path=logged))


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


def log_level() -> str:
    # read directly: a malformed variable elsewhere is reported by the command, not here
    level = os.environ.get("VAKTBOT_LOG_LEVEL", "INFO").strip().upper() or "INFO"
    return level if isinstance(logging.getLevelName(level), int) else "INFO"


def main() -> None:

    raw = os.environ.get("VAKTBOT_LOG_LEVEL", "INFO").strip().upper() or "INFO"
    if raw != log_level():
        err.print(f"warning: VAKTBOT_LOG_LEVEL={raw!r} is not a log level; using INFO")
    setup_logging(log_level())
    cli()


if __name__ == "__main__":
    main()
