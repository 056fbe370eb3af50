"""`alliancelab data build`: registered on the `data` group of :mod:`.data`."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add `build` to the `data` command group."""
