"""`vaktbot import export FILE`: figures from Meta Business Suite and LinkedIn exports."""

from pathlib import Path
from typing import Annotated

import typer

from bot.cli.common import ConfigOpt, DbOpt, fail, open_app, out, say_failed
from bot.cli.groups import group
from bot.i18n import fmt_number, plural, t
from bot.sources.accounts import sync_accounts
from bot.sources.exports.cells import ExportError
from bot.sources.exports.importer import import_export
from bot.sources.ingest import ingest_posts, ingest_snapshots


def register(cli: typer.Typer) -> None:

    imports = group(cli, "import", "Import the annual plan or exported figures.")

    @imports.command("export")
    def import_export_cmd(
        path: Annotated[Path, typer.Argument(help="CSV or XLSX downloaded from Meta or LinkedIn")],
        account: Annotated[
            str | None, typer.Option(help="account id from vaktbot.yml the rows belong to")
        ] = None,
        config: ConfigOpt = None,
        database: DbOpt = None,
    ) -> None:
        """Import posts and daily figures from an export (Meta Business Suite, LinkedIn)."""

        app = open_app(config, database)
        loc = app.config.organisation.locale
        if account is not None and all(a.id != account for a in app.config.accounts):
            raise say_failed(loc, "cli.export.unknown_account", value=account)
        mapping = {a.external_id: a.id for a in app.config.accounts}
        try:
            result = import_export(
                path, account_id=account, accounts=mapping, tz=app.config.organisation.timezone
            )
        except ExportError as exc:
            raise fail(str(exc), locale=loc) from None
        except OSError as exc:
            raise say_failed(loc, "cli.export.unreadable", path=path, reason=exc.strerror) from None
        if result.unresolved and not account:
            ids = ", ".join(sorted(result.unresolved))
            raise say_failed(loc, "cli.export.unresolved", path=path, ids=ids)
        platform = next((a.platform for a in app.config.accounts if a.id == account), None)
        if platform and result.platform and platform != result.platform:
            raise say_failed(
                loc,
                "cli.export.wrong_platform",
                path=path,
                found=result.platform,
                account=account,
                platform=platform,
            )
        with app.sessions.begin() as s:
            sync_accounts(s, app.config)
            posts = ingest_posts(s, result.posts)
            snaps = ingest_snapshots(s, result.snapshots)
        out.print(
            t(
                loc,
                "cli.export.done",
                path=path,
                kind=result.kind,
                platform=result.platform or t(loc, "cli.export.no_platform"),
                rows=plural(loc, "cli.n_rows", result.rows),
                posts=plural(loc, "cli.n_new_posts", len(posts.added)),
                figures=plural(loc, "cli.n_daily_figures", snaps),
                skipped=fmt_number(loc, result.skipped),
            ),
            markup=False,
        )
        if result.unknown:
            out.print(
                t(loc, "cli.export.unknown_columns", columns=", ".join(result.unknown)),
                markup=False,
            )
