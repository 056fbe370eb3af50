"""``alliancelab realign`` and ``alliancelab maintain``: the rival-patron contest and a dyad's path in time.

Thin shells: ``realign`` calls :func:`alliancelab.theory.realignment.solve_contest` (or
:func:`~alliancelab.report.realignment_report.sweep_frame`), ``maintain`` calls
:func:`~alliancelab.report.maintenance_report.simulate`. Parameters come from a formation case
(``--case``), from named options (``--d 0.8``, ``--tau 1``, ``--theta-sd 0.03``) or ``--set NAME=VALUE``
-- the same table as ``alliancelab formation`` (:mod:`alliancelab.commands._parameters`) -- and, for the
rival, ``--rival NAME=VALUE``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import typer

from alliancelab.cases.formation_case import FormationCase, custom_case
from alliancelab.commands._common import (
    MODELS_PANEL,
    check_figure_path,
    check_output_path,
    console,
    parse_assignments,
    parse_sweep,
    print_json,
    print_table,
)
from alliancelab.commands._parameters import (
    CASE_OPTIONS,
    CONTEST_OPTIONS,
    DYNAMICS_OPTIONS,
    RIVAL_FIELDS,
    case_option,
    option_names,
    rival_option,
    with_parameters,
)
from alliancelab.errors import ParameterError, UserInputError
from alliancelab.io import atomic_path
from alliancelab.provenance import run_record

CONTEST_FIELDS = tuple(o.field for o in CONTEST_OPTIONS)
WHERE = "command-line options"  # how errors name the parameter options and --set
_CASE_FIELD = {o.name: o.field for o in CASE_OPTIONS}  # --sweep lambda -> lambda_


def _load(case: str | None, case_values: dict[str, Any]) -> FormationCase:
    from alliancelab.cases.formation_case import load_formation_case

    loaded = load_formation_case(case) if case is not None else custom_case()
    return loaded.with_overrides(case_values, where=WHERE) if case_values else loaded


def _rival(loaded: FormationCase, values: dict[str, float]) -> Any:
    """The rival: the incumbent's terms with credibility 0.8, then the ``--rival`` values."""
    from alliancelab.theory.realignment import PatronTerms

    p = loaded.formation
    base: dict[str, Any] = {"v": p.v, "c": p.c, "d": p.d, "chi": p.chi, "q0": p.q0, "budget": p.budget}
    base.update(package=p.package, credibility=0.8)
    try:
        return PatronTerms(**{**base, **values})
    except ParameterError as err:
        raise UserInputError(f"--rival: {err}") from None


# --- alliancelab realign -----------------------------------------------------------------------------------


@with_parameters(CASE_OPTIONS, CONTEST_OPTIONS)
def realign_command(
    case: str | None = case_option(),
    rival_set: list[str] = rival_option(),
    no_rival: bool = typer.Option(False, "--no-rival", help="No rival: the monopoly of section (a)."),
    unaligned: bool = typer.Option(
        False, "--unaligned", help="The client is not yet aligned with the incumbent (no switching cost)."
    ),
    as_json: bool = typer.Option(
        False, "--json", help="Print one JSON object (keys in docs/models/realignment.md)."
    ),
    sweep: str | None = typer.Option(
        None, "--sweep", metavar="PARAM=lo:hi:n", help="Sweep a parameter (rival's: rival_v, rival_d, ...)."
    ),
    plot: Path | None = typer.Option(
        None, "--plot", metavar="FILE", help="Figure (.png/.pdf/.svg) of the sweep (default sweep d=0:1:101)."
    ),
    *,
    parameters: dict[str, Any],
) -> None:
    """The rival-patron contest for one client: both best offers, the client's choice and why."""
    from alliancelab.report.realignment_report import contest_frame, explain_contest
    from alliancelab.theory.realignment import ContestParams, solve_contest

    check_figure_path(plot)
    contest_values = {k: parameters.pop(k) for k in CONTEST_FIELDS if k in parameters}
    rival_values = parse_assignments("--rival", rival_set, RIVAL_FIELDS)
    if no_rival and rival_values:
        raise UserInputError("--rival and --no-rival contradict each other: give one of them")
    loaded = _load(case, parameters)
    rival = None if no_rival else _rival(loaded, rival_values)
    try:
        params = ContestParams(loaded.formation, rival, aligned=not unaligned, **contest_values)
    except ParameterError as err:
        raise UserInputError(f"{WHERE}: {err}") from None
    if sweep is not None or plot is not None:
        _realign_sweep(loaded, params, sweep or "d=0:1:101", plot, as_json)
        return
    solution = solve_contest(params)
    row = contest_frame(params, solution).iloc[0].to_dict()
    explanation = explain_contest(params, solution)
    if as_json:
        print_json(
            {
                "case": loaded.info.name,
                "title": loaded.info.title,
                "rival_present": rival is not None,
                "aligned": not unaligned,
                "tau": params.tau,
                "credibility": params.credibility,
                "rival_terms": None if rival is None else dataclasses.asdict(rival),
                **row,
                "explanation": explanation,
                "sources": list(
                    dict.fromkeys([*loaded.citation_keys, *contest_frame(params).attrs["sources"]])
                ),
                "provenance": run_record(params=params, case=str(loaded.path)),
            }
        )
        return
    offers: list[Mapping[str, Any]] = [
        {
            "patron": "incumbent (H)",
            "offer (utils)": row["incumbent_offer"],
            "G (USD m/yr)": row["incumbent_surplus"],
            "pi": float(params.credibility),
            "x if wins": row["incumbent_package"],
            "p if wins": row["incumbent_payment"],
        }
    ]
    if rival is not None:
        offers.append(
            {
                "patron": "rival (R)",
                "offer (utils)": row["rival_offer"],
                "G (USD m/yr)": row["rival_surplus"],
                "pi": float(np.asarray(rival.credibility)),
                "x if wins": row["rival_package"],
                "p if wins": row["rival_payment"],
            }
        )
    print_table(offers, title=f"{loaded.info.title}: best offers (rival's net of the switching cost)")
    console.print(explanation, markup=False, soft_wrap=True)


def _realign_sweep(loaded: FormationCase, params: Any, spec: str, plot: Path | None, as_json: bool) -> None:
    from alliancelab.report.dynamics_plots import plot_contest_sweep
    from alliancelab.report.realignment_report import sweep_frame

    rival_names = [f"rival_{n}" for n in RIVAL_FIELDS] if params.rival is not None else []
    case_names = option_names(CASE_OPTIONS)
    name, grid = parse_sweep(spec, allowed=sorted({*case_names, *CONTEST_FIELDS, *rival_names}))
    try:
        if name in CONTEST_FIELDS:
            swept = dataclasses.replace(params, **{name: grid})
        elif name.startswith("rival_"):
            swept = dataclasses.replace(params, rival=dataclasses.replace(params.rival, **{name[6:]: grid}))
        else:
            moved = loaded.with_overrides({_CASE_FIELD[name]: grid}, where="--sweep")
            swept = dataclasses.replace(params, dyad=moved.formation)
    except ParameterError as err:
        raise UserInputError(f"--sweep: {err}") from None
    frame = sweep_frame(swept, name, grid)
    if plot is not None:
        plot_contest_sweep(frame, plot, title=loaded.info.title)
    if as_json:
        provenance = run_record(
            params=params, case=str(loaded.path), sweep={"parameter": name, "values": grid}
        )
        rows = frame.to_dict(orient="records")
        print_json({"case": loaded.info.name, "parameter": name, "rows": rows, "provenance": provenance})
        return
    shown = frame[[name, "rival", "winner", "payment", "package"]]
    print_table(
        [{str(k): v for k, v in r.items()} for r in shown.to_dict("records")],
        title=f"{loaded.info.title}: sweep over {name}",
    )
    if plot is not None:
        console.print(f"figure written to {plot}")


# --- alliancelab maintain ----------------------------------------------------------------------------------


def maintenance_params(
    loaded: FormationCase, world: dict[str, Any], rival: Any, *, reform: bool = True
) -> Any:
    """Maintenance parameters from a case: its leader table, or a default leader calibrated to its ``mu``."""
    from alliancelab.theory.maintenance import MaintenanceParams
    from alliancelab.theory.selectorate import SelectorateParams, conversion_rate

    leader = loaded.leader
    if leader is None:  # keep the case's mu at year 0: scale mu0 of the default leader
        default = SelectorateParams()
        mu0 = float(np.asarray(loaded.formation.mu)) / float(conversion_rate(default)) * float(default.mu0)
        leader = dataclasses.replace(default, mu0=mu0)
    try:
        return MaintenanceParams(dyad=loaded.formation, leader=leader, rival=rival, reform=reform, **world)
    except ParameterError as err:
        raise UserInputError(f"{WHERE}: {err}") from None


_WORLD_FIELDS = tuple(o.field for o in (*CONTEST_OPTIONS, *DYNAMICS_OPTIONS))


@with_parameters(CASE_OPTIONS, CONTEST_OPTIONS, DYNAMICS_OPTIONS)
def maintain_command(
    years: int = typer.Option(30, "--years", metavar="N", help="Number of years after formation."),
    rng: int | None = typer.Option(
        None, "--rng", metavar="SEED", help="Seed (integer >= 0); omitted: fresh entropy, printed for reuse."
    ),
    case: str | None = case_option(),
    rival_set: list[str] = rival_option("Add a rival patron with these terms"),
    with_rival: bool = typer.Option(False, "--with-rival", help="Add a rival patron with default terms."),
    no_reform: bool = typer.Option(False, "--no-reform", help="A terminated alliance is not re-formed."),
    as_json: bool = typer.Option(
        False, "--json", help="Print one JSON object: summary, events, path, provenance."
    ),
    out: Path | None = typer.Option(None, "--out", metavar="FILE", help="Write the path (.csv or .parquet)."),
    plot: Path | None = typer.Option(
        None, "--plot", metavar="FILE", help="Figure of the path (.png/.pdf/.svg)."
    ),
    *,
    parameters: dict[str, Any],
) -> None:
    """One dyad's path through time: reviews, renegotiations, leader and regime changes, with their years."""
    from alliancelab.report.dynamics_plots import plot_path
    from alliancelab.report.maintenance_report import simulate

    if rng is not None and rng < 0:
        raise UserInputError(f"--rng {rng}: the seed must be an integer >= 0")
    check_figure_path(plot)
    check_output_path(out, (".csv", ".parquet"))
    world = {k: parameters.pop(k) for k in _WORLD_FIELDS if k in parameters}
    loaded = _load(case, parameters)
    rival_values = parse_assignments("--rival", rival_set, RIVAL_FIELDS)
    rival = _rival(loaded, rival_values) if (with_rival or rival_values) else None
    params = maintenance_params(loaded, world, rival, reform=not no_reform)
    run = simulate(params, years, rng=rng)
    if out is not None:
        with atomic_path(out) as tmp:
            if out.suffix.lower() == ".csv":
                run.path.to_csv(tmp, index=False)
            else:
                run.path.to_parquet(tmp, index=False)
    if plot is not None:
        plot_path(run.path, run.events, plot, title=f"{loaded.info.title}: seed {run.record['seed']}")
    counts = run.path.loc[run.path["year"] > 0, "alignment"].value_counts()
    summary = {
        "seed": run.record["seed"],
        "years": years,
        "years aligned with H": int(counts.get("H", 0)),
        "years aligned with R": int(counts.get("R", 0)),
        "years unaligned": int(counts.get("none", 0)),
        "final alignment": str(run.path["alignment"].iloc[-1]),
        "final payment (USD m/yr)": float(run.path["payment"].iloc[-1]),
    }
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
    for written in (p for p in (out, plot) if p is not None):
        console.print(f"written: {written}")


def register(app: typer.Typer) -> None:
    """Add ``alliancelab realign`` and ``alliancelab maintain`` to the main app."""
    app.command("realign", rich_help_panel=MODELS_PANEL)(realign_command)
    app.command("maintain", rich_help_panel=MODELS_PANEL)(maintain_command)
