"""`alliancelab data ...`: fetch, list, info, cite (and `build`, from :mod:`.data_build`).

Each command calls one library function of :mod:`alliancelab.data`; errors are one line (exit 2).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from os.path import commonpath
from typing import Any

import typer
from rich.progress import BarColumn, DownloadColumn, Progress, TaskID, TextColumn, TransferSpeedColumn

from alliancelab.commands._common import DATA_PANEL, console, error_console, print_json, print_table
from alliancelab.data.fetch import fetch, verify
from alliancelab.data.inventory import catalogue, describe
from alliancelab.data.registry import get_source
from alliancelab.provenance import run_record
from alliancelab.references import cite

data_app = typer.Typer(
    help="Real data: fetch, list, describe, cite and build dyad-years.", no_args_is_help=True
)


@data_app.command("fetch")
def fetch_command(
    names: list[str] = typer.Argument(
        None, metavar="NAME", help="Data set names (see `data list`); none fetches all."
    ),
    mirror: str = typer.Option(
        None,
        "--mirror",
        metavar="URL",
        help="Base URL laid out like shared/data (default $ALLIANCELAB_DATA_MIRROR or GitHub).",
    ),
    force: bool = typer.Option(False, "--force", help="Download again even if a verified copy exists."),
) -> None:
    """Download data sets into the user cache, verifying each file's SHA-256 (resumable)."""
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        console=error_console,  # progress on stderr, and only on a terminal: stdout keeps only the result
        transient=True,
        disable=not error_console.is_terminal,
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def progress(relative: str, done: int, total: int) -> None:
            if relative not in tasks:
                tasks[relative] = bar.add_task(relative, total=total)
            bar.update(tasks[relative], completed=done)

        paths = fetch(names or None, mirror=mirror, force=force, progress=progress)
    folder = commonpath([str(p.parent) for p in paths]) if paths else "-"
    console.print(f"{len(paths)} file(s) verified (sha256) in {folder}", highlight=False, markup=False)


@data_app.command("list")
def list_command(
    check: bool = typer.Option(False, "--verify", help="Also check every file's SHA-256."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
) -> None:
    """List every data set: name, years, unit, rows, present/absent."""
    rows = catalogue()
    if check:
        bad = {s.dataset for s in verify() if s.status == "modified"}
        for row in rows:
            if row["name"] in bad:
                row["status"] = "modified (sha256 differs)"
    if as_json:
        print_json({"datasets": rows, "provenance": _provenance()})
    else:
        print_table([{k: v for k, v in row.items() if k != "title"} for row in rows])


@data_app.command("info")
def info_command(
    name: str = typer.Argument(..., metavar="NAME", help="Data set name (see `data list`)."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
) -> None:
    """Describe one data set: schema, rows, years, files, citation."""
    info = describe(name)
    if as_json:
        print_json({**info, "provenance": _provenance()})
        return
    summary = {k: info[k] for k in ("name", "title", "unit", "format", "status", "rows", "years")}
    summary["citations"] = ", ".join(info["citations"])
    print_table(summary, title=f"data set {name}")
    columns: list[Mapping[str, Any]] = list(info["columns"])
    print_table(columns, title="columns")
    files = info["files"]
    shown = files if len(files) <= 5 else files[:5]
    table: list[Mapping[str, Any]] = [
        {k: f[k] for k in ("relative", "size", "sha256", "found")} for f in shown
    ]
    print_table(table, title="files")
    if len(files) > len(shown):
        console.print(f"... and {len(files) - len(shown)} more files", highlight=False)
    if info["notes"]:
        console.print(info["notes"], highlight=False, markup=False)


@data_app.command("cite")
def cite_command(
    names: list[str] = typer.Argument(..., metavar="NAME", help="Data set names (see `data list`)."),
) -> None:
    """Print BibTeX for the named data sets."""
    keys = [key for name in names for key in get_source(name).citations]
    sys.stdout.write(cite(*keys) + "\n")  # plain text: BibTeX must not be re-wrapped to the terminal width


def _provenance() -> dict[str, Any]:
    """Versions and the data folder the listing describes (nothing random, no parameters)."""
    from alliancelab.data.paths import data_root

    root = data_root()
    return run_record(data_root=str(root) if root is not None else None)


def register(app: typer.Typer) -> None:
    """Add the `data` command group to the main app."""
    app.add_typer(data_app, name="data", rich_help_panel=DATA_PANEL)
