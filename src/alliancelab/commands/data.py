"""`alliancelab data ...`: fetch, list, info, cite (and `build`, from :mod:`.data_build`)."""

from __future__ import annotations

import typer

data_app = typer.Typer(
    help="Real data: fetch, list, describe, cite and build dyad-years.", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    """Add the `data` command group to the main app."""
    app.add_typer(data_app, name="data")
