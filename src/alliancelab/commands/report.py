"""``alliancelab report TARGET --out report.html``: one self-contained HTML report of a case, a mission, ...

A thin shell over :func:`alliancelab.report.html_kinds.build_report`, which recognises the target (see
:data:`~alliancelab.report.html_kinds.KINDS`) and builds the :class:`~alliancelab.report.html.Report`; the
page is written atomically. A target that is none of the kinds prints one line saying what it is not (exit 2).
"""

from __future__ import annotations

from pathlib import Path

import typer

from alliancelab.commands._common import REPORTS_PANEL, check_output_path, console
from alliancelab.commands.coalition import MAX_DRAWS
from alliancelab.errors import UserInputError

__all__ = ["register"]


def report_command(
    target: str = typer.Argument(
        ...,
        metavar="TARGET",
        help="A formation case, coalition operation, mission or episode (a shipped name or a .toml), a "
        "dyad-year .parquet, a simulated run folder or an evidence folder.",
    ),
    out: Path = typer.Option(Path("report.html"), "--out", "-o", metavar="FILE", help="The HTML file."),
    draws: int = typer.Option(
        500, "--draws", min=0, max=MAX_DRAWS, metavar="N", help="Missions: Monte Carlo draws (0: none)."
    ),
    rng: int | None = typer.Option(
        None, "--rng", metavar="SEED", help="Missions, episodes: seed of the random generator (recorded)."
    ),
) -> None:
    """Write one self-contained HTML report: figures, tables, the run manifest and the BibTeX used."""
    from alliancelab.report.html_kinds import build_report

    check_output_path(out, (".html", ".htm"))
    if rng is not None and rng < 0:
        raise UserInputError(f"--rng {rng}: the seed must be an integer >= 0")
    report = build_report(target, out=str(out), draws=draws, rng=rng)
    report.write(out)
    console.print(f"{report.kind} report written to {out}", markup=False, soft_wrap=True)


def register(app: typer.Typer) -> None:
    """Add ``alliancelab report`` to the main app."""
    app.command("report", rich_help_panel=REPORTS_PANEL)(report_command)
