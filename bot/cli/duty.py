"""`vaktbot export ics`, `vaktbot export hours` and `vaktbot feed-urls`."""

import csv
import io
import sys
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer

from bot.cli.common import ConfigOpt, DbOpt, open_app, out, say_failed
from bot.cli.groups import group
from bot.dateparse import parse_day
from bot.duty.calendar import duty_hours
from bot.duty.ics import rotation_ics
from bot.duty.store import load_deviations, rotation_for
from bot.i18n import t
from bot.web.feeds import ALL_TEAMS
from bot.web.urls import feed_url


def register(cli: typer.Typer) -> None:

    export = group(cli, "export", "Export the rotation, hours and the annual plan.")

    @export.command("ics")
    def export_ics(
        weeks: Annotated[int, typer.Option(min=1, max=260, help="weeks ahead")] = 26,
        output: Annotated[Path | None, typer.Option("--out", help="file (default: stdout)")] = None,
        config: ConfigOpt = None,
        database: DbOpt = None,
    ) -> None:
        """The duty rotation as an iCalendar file (shifts, leads, holidays)."""

        app = open_app(config, database)
        loc = app.config.organisation.locale
        rotation = rotation_for(app)
        if rotation is None:
            raise say_failed(loc, "cli.no_rotation")
        now = datetime.now(UTC)
        with app.sessions() as s:
            deviations = load_deviations(s)
        data = rotation_ics(
            rotation,
            now,
            now + timedelta(weeks=weeks),
            deviations,
            locale=app.config.organisation.locale,
            names={p.id: p.name for p in app.config.people},
            stamp=now,
        )
        if output:
            output.write_bytes(data)
            out.print(t(loc, "cli.wrote", path=output), markup=False)
        else:
            sys.stdout.buffer.write(data)

    @export.command("hours")
    def export_hours(
        start: Annotated[str, typer.Option("--from", help="first day, e.g. 2026-11-01 or 1.11")],
        end: Annotated[str, typer.Option("--to", help="last day, e.g. 2026-11-30 or 30.11")],
        output: Annotated[
            Path | None, typer.Option("--out", help="CSV file (default: stdout)")
        ] = None,
        config: ConfigOpt = None,
        database: DbOpt = None,
    ) -> None:
        """Duty hours per person as CSV (opening hours and on-call hours), for fairness and pay."""

        app = open_app(config, database)
        loc = app.config.organisation.locale
        today = datetime.now(ZoneInfo(app.tz)).date()
        first, last = parse_day(start, today), parse_day(end, today)
        if first is None:
            raise say_failed(loc, "cli.bad_date", option="--from", value=start)
        if last is None:
            raise say_failed(loc, "cli.bad_date", option="--to", value=end)
        if last < first:
            raise say_failed(loc, "cli.hours.reversed", first=first, last=last)
        rotation = rotation_for(app)
        if rotation is None:
            raise say_failed(loc, "cli.no_rotation")
        with app.sessions() as s:
            deviations = load_deviations(s)
        a = datetime.combine(first, time(0), tzinfo=rotation.zone)
        b = datetime.combine(last + timedelta(days=1), time(0), tzinfo=rotation.zone)
        table = duty_hours(rotation, a, b, deviations)
        buf = io.StringIO()
        w = csv.writer(buf, delimiter=";")
        w.writerow(["person", "name", "open_hours", "on_call_hours", "total_hours"])
        for pid, h in sorted(table.items()):
            p = app.config.person(pid)
            w.writerow(
                [
                    pid,
                    p.name if p else pid,
                    f"{h.open_hours:.2f}",
                    f"{h.on_call_hours:.2f}",
                    f"{h.total:.2f}",
                ]
            )
        if output:
            output.write_text(buf.getvalue(), encoding="utf-8-sig")
            out.print(t(loc, "cli.wrote", path=output), markup=False)
        else:
            sys.stdout.write(buf.getvalue())

    @cli.command("feed-urls")
    def feed_urls(
        base: Annotated[
            str, typer.Option(help="public base URL of the bot")
        ] = "http://localhost:3978",
        config: ConfigOpt = None,
        database: DbOpt = None,
    ) -> None:
        """Print each team's calendar feed URLs (rotation and annual plan) to subscribe to."""

        app = open_app(config, database)
        loc = app.config.organisation.locale
        rota, plan = t(loc, "cli.feed.rotation"), t(loc, "cli.feed.plan")
        for team in app.config.teams:
            out.print(f"{team.id} {rota}: {feed_url(app, base, 'duty', team.id)}", markup=False)
            out.print(f"{team.id} {plan}: {feed_url(app, base, 'plan', team.id)}", markup=False)
        everyone = t(loc, "cli.feed.all")
        out.print(f"{everyone}: {feed_url(app, base, 'duty', ALL_TEAMS)}", markup=False)
