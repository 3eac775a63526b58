"""Sub-command groups (`vaktbot import`, `vaktbot export`) that several features add to."""

from __future__ import annotations

import typer


def group(cli: typer.Typer, name: str, help_text: str) -> typer.Typer:
    """The sub-app registered under ``name``, created on first use."""
    for info in cli.registered_groups:
        if info.name == name and info.typer_instance is not None:
            return info.typer_instance
    sub = typer.Typer(help=help_text, no_args_is_help=True)
    cli.add_typer(sub, name=name)
    return sub
