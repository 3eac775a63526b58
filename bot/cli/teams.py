"""`vaktbot teams-package [--out PATH] [--url URL]`: build the Teams app package to upload."""

from pathlib import Path
from typing import Annotated

import typer

from bot.cli.common import ConfigOpt, fail, note, out
from bot.config import ConfigError, load_config
from bot.i18n import t
from bot.settings import Secrets
from bot.transports.teams.package import (
    PLACEHOLDER_URL,
    AppInfo,
    TeamsPackageError,
    build_package,
)
from handlers import dispatch


def register(cli: typer.Typer) -> None:

    @cli.command("teams-package")
    def teams_package(
        out_path: Annotated[Path, typer.Option("--out", help="zip to write")] = Path(
            "vaktbot-teams.zip"
        ),
        url: Annotated[
            str | None,
            typer.Option(
                "--url",
                help="public https address of the bot (developer links and validDomains)",
            ),
        ] = None,
        version: Annotated[
            str | None,
            typer.Option("--app-version", help="app version, e.g. 1.0.1 (bump on every upload)"),
        ] = None,
        config: ConfigOpt = None,
    ) -> None:
        """Build the Teams app package (manifest.json, icons, nb/sv texts) from MicrosoftAppId."""

        secrets = Secrets()
        org_name, loc = "", "en"
        path = config or Path(secrets.config_path)
        if path.exists():
            try:
                cfg = load_config(path)
            except ConfigError as exc:
                raise fail(f"{exc.path}: {exc.problems[0]}") from None
            org_name, loc = cfg.organisation.name, cfg.organisation.locale
        try:
            app = AppInfo(
                secrets.teams_app_id,
                dispatch.help_entries(),
                org_name=org_name,
                url=url,
                version=version,
            )
            written = build_package(out_path, app)
        except TeamsPackageError as exc:
            raise fail(str(exc), locale=loc) from None
        if url is None:
            note(loc, t(loc, "cli.teams.placeholder", url=PLACEHOLDER_URL))
        out.print(t(loc, "cli.teams.wrote", path=written), markup=False)
