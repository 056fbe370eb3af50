"""``alliancelab legitimacy``: score states for a contested action (Istomin & Baikov 2019).

A shell: parse the action's options (the table of :mod:`alliancelab.commands._parameters`), read the states
with :func:`alliancelab.io.read_csv`, one call of
:func:`alliancelab.report.legitimacy_report.frame` (its words: ``explain``), then
write (``--out`` and ``--plot``: all or none) and print.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import typer

from alliancelab.commands._common import (
    MODELS_PANEL,
    check_figure_path,
    check_output_path,
    json_option,
    out_option,
    plot_option,
    print_json,
    print_table,
    say,
)
from alliancelab.commands._parameters import ACTION_OPTIONS, with_parameters
from alliancelab.errors import UserInputError
from alliancelab.io import atomic_outputs, read_csv
from alliancelab.provenance import run_record


@with_parameters(ACTION_OPTIONS)
def legitimacy_command(
    states: Path = typer.Argument(..., metavar="STATES.csv", help="CSV of states (columns below)."),
    out: Path | None = out_option("the scored table", (".csv",)),
    plot: Path | None = plot_option("a bar chart of the states' marginal value"),
    as_json: bool = json_option("legitimacy"),
    *,
    parameters: dict[str, Any],
) -> None:
    """Score states for a contested action: legitimating weight, vote and support.

    The security-for-legitimacy exchange of Istomin & Baikov (2019).

    Required columns: state, ideal_point, formal_obligation (0-1), visible_payment (0-1). Optional: size
    (> 0, default 1), distance (0-1, default |ideal_point - theta_H|), benefit (Ben, USD m/yr, default 0 =
    non-ally), marginal_utility (> 0, default .01), democracy (0-1), participation_cost (USD m). An example
    ships as src/alliancelab/cases/examples/states.csv.
    """
    from alliancelab.report.legitimacy_plots import plot_state_scores
    from alliancelab.report.legitimacy_report import explain, frame
    from alliancelab.theory.legitimacy import ContestedAction

    check_figure_path(plot)
    check_output_path(out, (".csv",))
    if out is not None and out.resolve() == states.resolve():
        raise UserInputError(f"--out {out}: is the input table; give another file name")
    action = ContestedAction(**parameters)
    scored = frame(read_csv(states), action=action, source=str(states))
    with atomic_outputs(out, plot) as (table, figure):  # both written, or neither
        if table is not None:
            scored.to_csv(table, index=False)
        if figure is not None:
            plot_state_scores(scored, figure)
    summary = {
        "states": len(scored),
        "expected_legitimacy": scored.attrs["expected_legitimacy"],
        "expected_legitimacy_value": scored.attrs["expected_legitimacy_value"],
    }
    if as_json:
        top = scored.nlargest(5, "marginal_value")[["state", "marginal_value", "support_probability"]]
        print_json(
            {
                **summary,
                "top": top.to_dict("records"),
                "out": str(out) if out else None,
                "plot": str(plot) if plot else None,
                "provenance": run_record(params=action, states=str(states)),
            }
        )
        return
    print_table(summary, title="Legitimacy of the contested action")
    columns = ["state", "legitimating_weight", "vote_probability", "support_probability", "marginal_value"]
    top_rows: list[Mapping[str, Any]] = [
        {str(k): v for k, v in row.items()}
        for row in scored.nlargest(10, "marginal_value")[columns].to_dict("records")
    ]
    print_table(top_rows, title="Top states")
    say(explain(scored, scored, action=action))
    for written in (p for p in (out, plot) if p is not None):
        say(f"written: {written}")


def register(app: typer.Typer) -> None:
    """Add ``alliancelab legitimacy`` to the main app."""
    app.command("legitimacy", rich_help_panel=MODELS_PANEL)(legitimacy_command)
