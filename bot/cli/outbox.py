"""`vaktbot outbox list` and `vaktbot outbox resend`: what waits, what failed and what died in the
outbox, with reasons and ages, and sending dead or failed messages again. A running service picks
re-sent messages up at its next pass (at most half a minute)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated

import typer
from babel.dates import format_timedelta
from rich.markup import escape

from bot.cli.common import ConfigOpt, DbOpt, fail, open_app, out
from bot.delivery.admin import LISTABLE, list_rows, outbox_stats, resend

DEFAULT_STATUSES = ("pending", "failed", "dead")


def _age(delta: timedelta) -> str:
    if delta.total_seconds() <= 0:
        return "-"
    return format_timedelta(delta, threshold=1.0, format="short", locale="en")


def register(cli: typer.Typer) -> None:
    outbox = typer.Typer(
        help="Messages waiting, failed or dead in the outbox.", no_args_is_help=True
    )
    cli.add_typer(outbox, name="outbox")

    @outbox.command("list")
    def list_cmd(
        status: Annotated[
            list[str] | None,
            typer.Option(
                "--status",
                "-s",
                help="pending, failed, dead, dropped, sent or all (repeat for several; "
                "default: pending, failed and dead)",
            ),
        ] = None,
        limit: Annotated[int, typer.Option(min=1, max=10_000)] = 50,
        config: ConfigOpt = None,
        database: DbOpt = None,
    ) -> None:
        """Messages with their status, tries, age (since they were due) and the reason of the
        last failure, oldest first; then the totals."""

        wanted = tuple(status or DEFAULT_STATUSES)
        if "all" in wanted:
            wanted = LISTABLE
        unknown = sorted(set(wanted) - set(LISTABLE))
        if unknown:
            raise fail(f"--status: unknown {', '.join(unknown)}; use {', '.join(LISTABLE)} or all")
        app = open_app(config, database)
        now = datetime.now(UTC)
        with app.sessions() as s:
            rows = list_rows(s, wanted, limit)
            stats = outbox_stats(s, now)
        for r in rows:  # one line per message: readable, and easy to grep
            notes = []
            if r.status == "pending":
                wait = r.next_attempt_at - now
                notes.append(f"next try in {_age(wait)}" if wait.total_seconds() > 0 else "due")
                if r.check_first:
                    notes.append("will look first")
            if r.reason:
                notes.append(r.reason)
            out.print(
                f"{r.status:<8} {_age(now - r.due_at):>7} {r.attempts:>3} tries  {escape(r.key)}  "
                f"({r.kind} → {escape(r.target)})  {escape('; '.join(notes))}".rstrip()
            )
        out.print(
            f"pending {stats.pending} (due {stats.due}, oldest waiting "
            f"{_age(timedelta(seconds=stats.oldest_seconds))}), failed {stats.failed}, "
            f"dead {stats.dead}"
        )

    @outbox.command("resend")
    def resend_cmd(
        keys: Annotated[list[str] | None, typer.Argument(help="outbox keys to send again")] = None,
        all_: Annotated[
            bool, typer.Option("--all", help="every dead, failed or dropped message")
        ] = False,
        config: ConfigOpt = None,
        database: DbOpt = None,
    ) -> None:
        """Send dead, failed or dropped messages again (by key, or --all), with a fresh useful
        life. Exit 1 if a key could not be queued."""

        if bool(keys) == all_:
            raise fail("name the keys to send again, or --all (not both)")
        app = open_app(config, database)
        with app.sessions.begin() as s:
            result = resend(s, datetime.now(UTC), None if all_ else keys)
        for key in result.keys:
            out.print(f"queued again: {escape(key)}")
        for key, why in result.refused.items():
            out.print(f"not queued: {escape(key)}: {why}")
        out.print(f"{len(result.keys)} message(s) queued again")
        if result.refused:
            raise typer.Exit(1)
