"""An annual plan file read against the config: owners are the config's people (by name, id or
@mention), teams its teams (by id or name), categories and default lead days its ``plan``
settings. `vaktbot import plan` and the sample data of `make run` and `vaktbot demo` read files
this way."""

from __future__ import annotations

from bot.config import Config
from bot.people import resolve_mention
from bot.plan.importer import ImportResult, parse_plan


def parse_for_config(
    config: Config, data: bytes, filename: str, *, team: str | None = None
) -> ImportResult:
    def person(name: str) -> str | None:
        p = resolve_mention(config, name)
        return p.id if p is not None else None

    teams = {tm.id.casefold(): tm.id for tm in config.teams}
    teams.update({tm.name.casefold(): tm.id for tm in config.teams})

    def team_of(name: str) -> str | None:
        return teams.get(name.strip().casefold())

    return parse_plan(
        data,
        filename,
        known_people={p.id for p in config.people},
        resolve_person=person,
        categories=config.plan.categories or None,
        default_team=team,
        default_lead_days=tuple(config.plan.lead_days),
        resolve_team=team_of,
    )
