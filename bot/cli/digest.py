"""`vaktbot report --period 2026-H1 --format xlsx|csv|md [--out PATH]`: quarter and half-year
figures per account, for interim and annual reports. The clock is read here, at the edge."""

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from bot.cli.common import ConfigOpt, DbOpt, open_app, out, say_failed
from bot.dateparse import parse_report_period
from bot.digest.collect import collect_report
from bot.digest.model import Audience
from bot.digest.reports import report_csv, report_md, report_xlsx
from bot.i18n import plural, t


def register(cli: typer.Typer) -> None:

    @cli.command()
    def report(
        period: Annotated[str, typer.Option("--period", help="e.g. 2026-Q3, 2026-H1, q3")],
        fmt: Annotated[str, typer.Option("--format", help="xlsx | csv | md")] = "md",
        out_path: Annotated[
            Path | None,
            typer.Option("--out", help="file to write (default: stdout; xlsx needs it)"),
        ] = None,
        team: Annotated[str | None, typer.Option("--team", help="one team's accounts")] = None,
        locale: Annotated[str | None, typer.Option("--locale", help="nb | sv | en")] = None,
        config: ConfigOpt = None,
        database: DbOpt = None,
    ) -> None:
        """Figures per account for a quarter or half-year, with a chart (xlsx)."""

        app = open_app(config, database)
        loc = app.config.organisation.locale
        if fmt not in ("xlsx", "csv", "md"):
            raise say_failed(loc, "cli.report.bad_format", value=fmt)
        if fmt == "xlsx" and out_path is None:
            raise say_failed(loc, "cli.report.xlsx_needs_out")
        if team is not None and app.config.team(team) is None:
            raise say_failed(loc, "cli.unknown_team", value=team)
        now = datetime.now(UTC)
        today = now.astimezone(app.config.work_calendar().zone).date()
        parsed = parse_report_period(period, today)
        if parsed is None:
            raise say_failed(loc, "cli.report.bad_period", value=period)
        with app.sessions() as session:
            data = collect_report(app, session, parsed, now, Audience(team, locale))
        if fmt == "xlsx":
            payload: bytes = report_xlsx(data, today)
        elif fmt == "csv":
            payload = report_csv(data)
        else:
            payload = report_md(data, today).encode("utf-8")
        if out_path is None:
            sys.stdout.buffer.write(payload)
            sys.stdout.flush()
        else:
            out_path.write_bytes(payload)
            size = plural(loc, "cli.n_bytes", len(payload))
            wrote = t(loc, "cli.report.wrote", label=parsed.label, path=out_path, size=size)
            out.print(wrote, markup=False)
