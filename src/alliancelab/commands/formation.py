"""``alliancelab formation``: solve a patron-client dyad (a case file, options, or both) and explain it.

A thin shell over :func:`alliancelab.report.formation_report.analyse_case`; sweeps call
:func:`~alliancelab.report.formation_report.sweep`, figures :mod:`alliancelab.report.formation_plots`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import typer

from alliancelab.commands._common import (
    MODELS_PANEL,
    check_figure_path,
    json_option,
    named_by_option,
    parse_sweep,
    plot_option,
    print_json,
    print_table,
    say,
)
from alliancelab.commands._parameters import (
    CASE_OPTIONS,
    case_option,
    option_names,
    resolve_name,
    with_parameters,
)
from alliancelab.errors import ParameterError

PARAMETER_NAMES = option_names(CASE_OPTIONS)
_FIELD = {o.name: o.field for o in CASE_OPTIONS}


@with_parameters(CASE_OPTIONS)
def formation_command(
    case: str | None = case_option(),
    as_json: bool = json_option("formation"),
    explain_: bool = typer.Option(
        False, "--explain", help="Print a plain-language explanation of the solution."
    ),
    plot: Path | None = plot_option("the case's figure, or the sweep's with --sweep"),
    sweep: str | None = typer.Option(
        None,
        "--sweep",
        metavar="PARAM=lo:hi:n",
        help="Comparative statics: PARAM=lo:hi:n, e.g. d=0:1:101 or W=0.05:1:50 (at most 10,001 values).",
    ),
    rival: bool = typer.Option(
        True,
        "--rival/--no-rival",
        show_default=False,
        help="Figures and sweeps: add (default) or leave out curves with the default rival patron.",
    ),
    *,
    parameters: dict[str, Any],
) -> None:
    """Solve the formation bargain: deficit, reservation payment, patron's maximum, offer."""
    from alliancelab.report.formation_plots import plot_case, plot_sweep
    from alliancelab.report.formation_report import (
        analyse_case,
        explain,
        illustrative_rival,
        solution_json,
        solution_table,
    )
    from alliancelab.report.formation_report import sweep as sweep_model

    check_figure_path(plot)
    loaded, solution = analyse_case(case, parameters)
    if sweep is not None:
        swept, sep, grid = sweep.partition("=")
        sweep = resolve_name("--sweep", swept.strip(), CASE_OPTIONS) + sep + grid
        name, values = parse_sweep(sweep, allowed=sorted(PARAMETER_NAMES))
        try:
            frame = sweep_model(
                loaded, _FIELD[name], values, rival=illustrative_rival(loaded) if rival else None
            )
        except ParameterError as err:  # the swept option as the user named it (--sweep threat, not T)
            raise named_by_option(err, {_FIELD[name]: f"--sweep {name}"}) from None
        if plot is not None:  # one output: the figure is written atomically by itself
            plot_sweep(frame, plot, title=loaded.info.title)
        frame = frame.rename(columns={_FIELD[name]: name})  # the swept column under the name the user gave
        if as_json:
            body = solution_json(loaded, solution, explanation=explain_)
            body["sweep"] = {"parameter": name, "rows": frame.to_dict(orient="records")}
            print_json(body)
        else:
            shown = frame[[frame.columns[0], "client", "rival", "payment", "package", "forms"]]
            records = shown.rename(columns={"payment": "p* (USD m/yr)", "package": "x*"}).to_dict("records")
            rows: list[Mapping[str, Any]] = [{str(k): val for k, val in row.items()} for row in records]
            print_table(rows, title=f"{loaded.info.title}: sweep over {name}")
        if plot is not None and not as_json:
            say(f"figure written to {plot}")
        return
    if plot is not None:
        plot_case(loaded, plot, with_rival=rival)
    if as_json:
        print_json(solution_json(loaded, solution, explanation=explain_))
        return
    print_table(solution_table(solution), title=loaded.info.title)
    if explain_:
        say(explain(loaded, solution))
    if plot is not None:
        say(f"figure written to {plot}")


def register(app: typer.Typer) -> None:
    """Add ``alliancelab formation`` to the main app."""
    app.command("formation", rich_help_panel=MODELS_PANEL)(formation_command)
