"""`vaktbot import plan FILE` and `vaktbot export plan --format ics|xlsx`.

``import`` and ``export`` are typer groups shared with other features (``import export``,
``export ics``): :func:`get_import_cli` / :func:`get_export_cli` return the group already
registered on the app under that name, or create and register it.

Import: every bad row is printed with its row number and column, nothing is stored, and the
exit code is 1. A good file is stored in one transaction (re-import updates in place by key);
``--dry-run`` prints what would change and stores nothing. ``--team`` sets the team of rows
without one and limits "removed from the file" to that team's items.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from bot.app import App
from bot.cli.common import ConfigOpt, DbOpt, open_app
from bot.i18n import plural, t
from bot.plan.config_import import parse_for_config
from bot.plan.export import plan_ics, plan_xlsx
from bot.plan.importer import format_error
from bot.plan.store import apply_import, load_items, load_states
from bot.web.feeds import FUTURE_DAYS, PAST_DAYS

err = Console(stderr=True, highlight=False)
out = Console(highlight=False)

import_cli = typer.Typer(help="Import data (annual plan, platform exports).", no_args_is_help=True)
export_cli = typer.Typer(help="Export data (annual plan, duty rota).", no_args_is_help=True)


def _group(cli: typer.Typer, name: str, mine: typer.Typer) -> typer.Typer:
    for info in cli.registered_groups:
        if info.name == name and info.typer_instance is not None:
            return info.typer_instance
    cli.add_typer(mine, name=name)
    return mine


def get_import_cli(cli: typer.Typer) -> typer.Typer:
    """The ``vaktbot import`` group: the one already registered on ``cli``, else ours."""
    return _group(cli, "import", import_cli)


def get_export_cli(cli: typer.Typer) -> typer.Typer:
    """The ``vaktbot export`` group: the one already registered on ``cli``, else ours."""
    return _group(cli, "export", export_cli)


def say(text: str) -> None:
    """Print data from the file as it is (no rich markup: "[key]" stays visible)."""
    out.print(text, markup=False, soft_wrap=True)


def import_plan(app: App, file: Path, dry_run: bool = False, team: str | None = None) -> None:
    locale = app.config.organisation.locale
    if team is not None and app.config.team(team) is None:
        err.print(f"[red]error:[/red] {escape(t(locale, 'planbot.cli.unknown_team', value=team))}")
        raise typer.Exit(2)
    if not file.is_file():
        err.print(f"[red]error:[/red] {escape(t(locale, 'planbot.cli.no_file', file=file))}")
        raise typer.Exit(2)
    now = datetime.now(UTC)  # the CLI is the edge: the clock is read here
    today = now.astimezone(ZoneInfo(app.tz)).date()
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as progress:
        reading = progress.add_task(t(locale, "planbot.cli.reading", file=file.name), total=1)
        result = parse_for_config(app.config, file.read_bytes(), file.name, team=team)
        progress.update(reading, completed=1)
        for w in result.warnings:
            err.print(
                f"[yellow]warning:[/yellow] {escape(format_error(locale, w))}", soft_wrap=True
            )
        if result.errors:
            for e in result.errors:
                err.print(f"[red]error:[/red] {escape(format_error(locale, e))}", soft_wrap=True)
            failed = plural(locale, "planbot.cli.failed", len(result.errors), file=file.name)
            err.print(failed, markup=False, soft_wrap=True)
            raise typer.Exit(1)
        saving = progress.add_task(t(locale, "planbot.cli.saving"), total=len(result.items))
        with app.sessions() as session, session.begin():
            diff = apply_import(
                session,
                result.items,
                source=file.name,
                now=now,
                today=today,
                actor="cli",
                team=team,
                dry_run=dry_run,
                progress=lambda n: progress.advance(saving, n),
            )
            if dry_run:
                session.rollback()
    for item in diff.added:
        say(f"+ {t(locale, 'planbot.cli.added')}: {item.title} [{item.key}]")
    for _old, new, fields in diff.changed:
        say(f"~ {t(locale, 'planbot.cli.changed')}: {new.title} ({', '.join(fields)})")
    for item in diff.removed:
        say(f"- {t(locale, 'planbot.cli.removed')}: {item.title} [{item.key}]")
    counts = {k: plural(locale, f"planbot.cli.n_{k}", n) for k, n in diff.counts.items()}
    say(t(locale, "planbot.cli.summary", file=file.name, **counts))
    if dry_run:
        say(t(locale, "planbot.cli.dry_run"))


def export_plan(app: App, fmt: str, out_path: str | None = None, team: str | None = None) -> None:
    locale = app.config.organisation.locale
    if fmt not in ("ics", "xlsx"):
        err.print(f"[red]error:[/red] {t(locale, 'planbot.cli.bad_format')}")
        raise typer.Exit(2)
    if team is not None and app.config.team(team) is None:
        err.print(f"[red]error:[/red] {escape(t(locale, 'planbot.cli.unknown_team', value=team))}")
        raise typer.Exit(2)
    now = datetime.now(UTC)
    today = now.astimezone(ZoneInfo(app.tz)).date()
    with app.sessions() as session:
        items = load_items(session, team=team)
        states = load_states(session, keys={i.key for i in items})
    if fmt == "ics":
        cfg = app.config.team(team) if team else None
        label = cfg.name if cfg else app.config.organisation.name
        name = t(locale, "planbot.feed.name", team=label)
        start, end = today - timedelta(days=PAST_DAYS), today + timedelta(days=FUTURE_DAYS)
        data = plan_ics(items, states, start, end, app.tz, name=name, stamp=now)
    else:
        data = plan_xlsx(items, states, locale=locale, stamp=now)
    target = out_path or f"arshjul.{fmt}"
    if target == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    Path(target).write_bytes(data)
    say(plural(locale, "planbot.cli.exported", len(items), file=target))


def register(cli: typer.Typer) -> None:
    imports, exports = get_import_cli(cli), get_export_cli(cli)

    @imports.command("plan")
    def _import(
        file: Annotated[Path, typer.Argument(help="XLSX, CSV or ICS file")],
        dry_run: Annotated[bool, typer.Option("--dry-run", help="show changes, store nothing")] = (
            False
        ),
        team: Annotated[str | None, typer.Option("--team", help="team id for rows without one")] = (
            None
        ),
        config: ConfigOpt = None,
        database: DbOpt = None,
    ) -> None:
        """Import the annual plan from XLSX, CSV or ICS (every bad row reported, all or nothing)."""
        import_plan(open_app(config, database), file, dry_run, team)

    @exports.command("plan")
    def _export(
        fmt: Annotated[str, typer.Option("--format", help="ics | xlsx")] = "ics",
        out_path: Annotated[
            str | None, typer.Option("--out", help="file to write; - for stdout")
        ] = None,
        team: Annotated[str | None, typer.Option("--team", help="only this team's items")] = None,
        config: ConfigOpt = None,
        database: DbOpt = None,
    ) -> None:
        """Export the annual plan as an ICS calendar or an XLSX sheet that imports back."""
        export_plan(open_app(config, database), fmt, out_path, team)
