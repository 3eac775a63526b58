"""`vaktbot import export FILE`: figures from Meta Business Suite and LinkedIn exports."""

from pathlib import Path
from typing import Annotated

import typer

from bot.cli.common import ConfigOpt, DbOpt, fail, open_app, out
from bot.cli.groups import group
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
        if account is not None and all(a.id != account for a in app.config.accounts):
            raise fail(f"--account: unknown account {account!r}; see accounts: in vaktbot.yml")
        mapping = {a.external_id: a.id for a in app.config.accounts}
        try:
            result = import_export(
                path, account_id=account, accounts=mapping, tz=app.config.organisation.timezone
            )
        except ExportError as exc:
            raise fail(str(exc)) from None
        except OSError as exc:
            raise fail(f"{path}: cannot read the file ({exc.strerror})") from None
        if result.unresolved and not account:
            raise fail(
                f"{path}: rows for unknown page/account ids {sorted(result.unresolved)}; "
                "add them to accounts: in vaktbot.yml or pass --account"
            )
        platform = next((a.platform for a in app.config.accounts if a.id == account), None)
        if platform and result.platform and platform != result.platform:
            raise fail(
                f"{path}: the file holds {result.platform} figures, but account {account!r} is a "
                f"{platform} "
                "account in vaktbot.yml; pass the id of the right account"
            )
        with app.sessions.begin() as s:
            sync_accounts(s, app.config)
            posts = ingest_posts(s, result.posts)
            snaps = ingest_snapshots(s, result.snapshots)
        out.print(
            f"{path}: {result.kind} ({result.platform or 'platform not named'}) — "
            f"{result.rows} rows, "
            f"{len(posts.added)} new posts, {snaps} daily figures stored, {result.skipped} skipped",
            markup=False,
        )
        if result.unknown:
            out.print(
                f"columns not understood, not imported: {', '.join(result.unknown)} "
                "(tell the vaktbot maintainers if one of them holds a figure you need)",
                markup=False,
            )
