"""What every `vaktbot` command shares: the --config and --database options, the two consoles,
how an error is printed, and opening the app after the same checks as `vaktbot check-config`.
The clock is read here, at the edge, and passed inward."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape

from bot.app import App, build_app
from bot.cli.preflight import checked_config
from bot.config import ConfigError
from bot.i18n import t
from bot.settings import Secrets
from bot.store.db import DatabaseUnavailable

err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)

ConfigOpt = Annotated[
    Path | None, typer.Option("--config", "-c", help="vaktbot.yml (default: $VAKTBOT_CONFIG)")
]
DbOpt = Annotated[
    str | None, typer.Option("--database", help="database URL (default: $VAKTBOT_DATABASE_URL)")
]


def fail(message: str, code: int = 2, locale: str | None = None) -> typer.Exit:
    """Print ``message`` as an error ("feil:" / "fel:" / "error:" by ``locale``; English when
    no organisation is known yet) and return the exit to raise."""
    prefix = t(locale, "cli.error") if locale else "error"
    err.print(f"[red]{prefix}:[/red] {escape(message)}", soft_wrap=True)
    return typer.Exit(code)


def say_failed(locale: str, key: str, code: int = 2, **kw: object) -> typer.Exit:
    """``fail`` with the localised text ``key``."""
    return fail(t(locale, key, **kw), code, locale)


def note(locale: str, message: str) -> None:
    err.print(f"[yellow]{t(locale, 'cli.note')}:[/yellow] {escape(message)}", soft_wrap=True)


def parse_instant(value: str, tz: str, locale: str | None = None) -> datetime:
    """ISO 8601; a value without offset is read in the organisation's time zone."""
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        raise say_failed(locale or "en", "cli.bad_instant", value=value) from None
    return dt if dt.tzinfo else dt.replace(tzinfo=ZoneInfo(tz))


def config_problems(exc: ConfigError) -> typer.Exit:
    for problem in exc.problems:
        err.print(f"[red]error:[/red] {escape(f'{exc.path}: {problem}')}", soft_wrap=True)
    return typer.Exit(2)


def settings_or_exit() -> Secrets:
    """The environment's settings; a malformed variable is named, never a traceback."""
    try:
        return Secrets()
    except ValidationError as exc:
        for e in exc.errors(include_input=False):
            name = ".".join(str(x) for x in e["loc"])
            err.print(f"[red]error:[/red] environment {name}: {e['msg']}", markup=True)
        raise typer.Exit(2) from None


def open_app(config: Path | None, database: str | None, *, migrate: bool = True) -> App:
    """The app for a command, after the same checks as `vaktbot check-config`."""
    secrets = settings_or_exit()
    path = config or Path(secrets.config_path)
    try:
        checked_config(path, datetime.now(UTC))
        return build_app(path, database, secrets=secrets, migrate=migrate)
    except ConfigError as exc:
        raise config_problems(exc) from None
    except DatabaseUnavailable as exc:
        raise fail(str(exc), 3) from None
