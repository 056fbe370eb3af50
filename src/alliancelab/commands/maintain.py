"""``alliancelab maintain``: one dyad's path through time (section (d)), from an explicit seed.

A shell: parse the options, build :func:`~alliancelab.cases.dyad_params.maintenance_params` from a formation
case, the named options or ``--set`` (the table of :mod:`alliancelab.commands._parameters`) and an optional
rival (``--with-rival``: :func:`~alliancelab.theory.realignment.default_rival`; ``--rival NAME=VALUE``: its
terms); one call of :func:`alliancelab.report.maintenance_report.simulate`; then write (all outputs or none)
and print :func:`alliancelab.report.maintenance_report.path_summary` and the path in words
(:func:`~alliancelab.report.maintenance_report.explain`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from alliancelab.commands._common import (
    MODELS_PANEL,
    check_figure_path,
    check_output_path,
    check_seed,
    json_option,
    out_option,
    parse_assignments,
    plot_option,
    print_json,
    print_table,
    rng_option,
    say,
)
from alliancelab.commands._parameters import (
    CASE_OPTIONS,
    CONTEST_OPTIONS,
    DYNAMICS_OPTIONS,
    RIVAL_FIELDS,
    case_option,
    rival_option,
    with_parameters,
)
from alliancelab.io import atomic_outputs

WHERE = "command-line options"
PATH_SUFFIXES = (".csv", ".parquet")
_WORLD_FIELDS = tuple(o.field for o in (*CONTEST_OPTIONS, *DYNAMICS_OPTIONS))


@with_parameters(CASE_OPTIONS, CONTEST_OPTIONS, DYNAMICS_OPTIONS)
def maintain_command(
    years: int = typer.Option(
        30, "--years", metavar="N", show_default=False, help="Number of years after formation. Default 30."
    ),
    rng: int | None = rng_option(),
    case: str | None = case_option(),
    rival_set: list[str] = rival_option("Add a rival patron with these terms"),
    with_rival: bool = typer.Option(
        False, "--with-rival", help="Add the default rival: the incumbent's terms, credibility 0.8."
    ),
    no_reform: bool = typer.Option(False, "--no-reform", help="A terminated alliance is not re-formed."),
    as_json: bool = json_option("maintain"),
    out: Path | None = out_option("the path, one row per year", PATH_SUFFIXES),
    plot: Path | None = plot_option("the path's figure"),
    *,
    parameters: dict[str, Any],
) -> None:
    """One dyad's path in time: reviews, renegotiations, leader and regime changes.

    Every event is listed with its year; the seed (--rng) is recorded, so the run can be repeated.
    """
    from alliancelab.cases.dyad_params import load_case, maintenance_params, rival_terms
    from alliancelab.report.dynamics_plots import plot_path
    from alliancelab.report.maintenance_report import explain, path_summary, simulate

    check_seed(rng)
    check_figure_path(plot)
    check_output_path(out, PATH_SUFFIXES)
    world = {k: parameters.pop(k) for k in _WORLD_FIELDS if k in parameters}
    loaded = load_case(case, parameters, where=WHERE)
    rival_values = parse_assignments("--rival", rival_set, RIVAL_FIELDS)
    rival = rival_terms(loaded, rival_values, where="--rival") if (with_rival or rival_values) else None
    params = maintenance_params(loaded, rival, reform=not no_reform, where=WHERE, **world)
    run = simulate(params, years, rng=rng)
    with atomic_outputs(out, plot) as (table, figure):  # both written, or neither
        if table is not None and table.suffix.lower() == ".csv":
            run.path.to_csv(table, index=False)
        elif table is not None:
            run.path.to_parquet(table, index=False)
        if figure is not None:
            plot_path(run.path, run.events, figure, title=f"{loaded.info.title}: seed {run.record['seed']}")
    summary = path_summary(run)
    if as_json:
        print_json(
            {
                "case": loaded.info.name,
                "summary": summary,
                "events": run.events.drop(columns="dyad").to_dict(orient="records"),
                "path": run.path.drop(columns="dyad").to_dict(orient="records"),
                "provenance": run.record,
            }
        )
        return
    print_table(summary, title=f"{loaded.info.title}: {years} years")
    events = run.events.drop(columns="dyad").to_dict("records")
    if events:
        print_table([{str(k): v for k, v in e.items()} for e in events], title="Events")
    say(explain(params, run))
    for written in (p for p in (out, plot) if p is not None):
        say(f"written: {written}")


def register(app: typer.Typer) -> None:
    """Add ``alliancelab maintain`` to the main app."""
    app.command("maintain", rich_help_panel=MODELS_PANEL)(maintain_command)
