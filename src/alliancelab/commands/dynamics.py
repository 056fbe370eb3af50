"""``alliancelab realign`` and ``alliancelab maintain``: the rival-patron contest and a dyad's path in time.

Thin shells: ``realign`` calls :func:`alliancelab.theory.realignment.solve_contest` (or
:func:`~alliancelab.theory.realignment.sweep_frame`), ``maintain`` calls
:func:`alliancelab.theory.maintenance.simulate`. Parameters come from a formation case (``--case``), from
``--set NAME=VALUE`` and, for the rival, from ``--rival NAME=VALUE``.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import typer

from alliancelab.cases.formation_case import FORMATION_FIELDS, LEADER_FIELDS, FormationCase, custom_case
from alliancelab.commands._common import console, parse_sweep, print_json, print_table
from alliancelab.errors import ParameterError, UserInputError
from alliancelab.io import atomic_path

RIVAL_FIELDS = tuple(f for f in ("v", "c", "d", "chi", "q0", "budget", "credibility", "package"))
CONTEST_FIELDS = ("tau", "credibility")
_CASE_FIELDS = (*FORMATION_FIELDS, *(("lambda" if n == "lambda_" else n) for n in LEADER_FIELDS))


def _pairs(option: str, items: Sequence[str] | None, allowed: Sequence[str]) -> dict[str, float]:
    """Parse repeated ``NAME=VALUE`` options; unknown names get the closest match."""
    out: dict[str, float] = {}
    for item in items or ():
        name, sep, text = item.partition("=")
        name = name.strip()
        if not sep:
            raise UserInputError(f"{option} {item!r}: expected NAME=VALUE, for example {option} d=0.6")
        if name not in allowed:
            hint = difflib.get_close_matches(name, list(allowed), n=1)
            guess = f"; did you mean {hint[0]!r}?" if hint else ""
            raise UserInputError(f"{option}: unknown parameter {name!r}{guess} Allowed: {', '.join(allowed)}")
        try:
            value = float(text)
        except ValueError:
            raise UserInputError(f"{option} {name}={text!r}: not a number") from None
        if math.isnan(value):
            raise UserInputError(f"{option} {name}: nan is not allowed")
        out[name] = value
    return out


_FIGURE_SUFFIXES = (".png", ".pdf", ".svg")


def _check_figure(plot: Path | None) -> None:
    if plot is not None and plot.suffix.lower() not in _FIGURE_SUFFIXES:
        raise UserInputError(f"--plot {plot}: the figure file must end in {', '.join(_FIGURE_SUFFIXES)}")


def _load(case: str | None, case_values: dict[str, Any]) -> FormationCase:
    from alliancelab.cases.formation_case import load_formation_case

    loaded = load_formation_case(case) if case is not None else custom_case()
    overrides = {("lambda_" if k == "lambda" else k): v for k, v in case_values.items()}
    return loaded.with_overrides(overrides, where="--set") if overrides else loaded


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


def realign_command(
    case: str | None = typer.Option(
        None,
        "--case",
        metavar="FILE|NAME",
        help="Formation case (TOML) or shipped name, e.g. us-pakistan-1954.",
    ),
    set_: list[str] = typer.Option(
        None,
        "--set",
        metavar="NAME=VALUE",
        help="Client/incumbent parameter, tau or credibility (repeatable).",
    ),
    rival_set: list[str] = typer.Option(
        None, "--rival", metavar="NAME=VALUE", help=f"Rival's terms ({', '.join(RIVAL_FIELDS)}); repeatable."
    ),
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
) -> None:
    """The rival-patron contest for one client: both best offers, the client's choice and why."""
    from alliancelab.theory.realignment import ContestParams, contest_frame, explain_contest, solve_contest

    _check_figure(plot)
    values = _pairs("--set", set_, (*_CASE_FIELDS, *CONTEST_FIELDS))
    contest_values = {k: values.pop(k) for k in CONTEST_FIELDS if k in values}
    rival_values = _pairs("--rival", rival_set, RIVAL_FIELDS)
    if no_rival and rival_values:
        raise UserInputError("--rival and --no-rival contradict each other: give one of them")
    loaded = _load(case, values)
    rival = None if no_rival else _rival(loaded, rival_values)
    try:
        params = ContestParams(loaded.formation, rival, aligned=not unaligned, **contest_values)
    except ParameterError as err:
        raise UserInputError(f"--set: {err}") from None
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
    from alliancelab.theory.realignment import sweep_frame

    rival_names = [f"rival_{n}" for n in RIVAL_FIELDS] if params.rival is not None else []
    name, grid = parse_sweep(spec, allowed=sorted({*_CASE_FIELDS, *CONTEST_FIELDS, *rival_names}))
    try:
        if name in CONTEST_FIELDS:
            swept = dataclasses.replace(params, **{name: grid})
        elif name.startswith("rival_"):
            swept = dataclasses.replace(params, rival=dataclasses.replace(params.rival, **{name[6:]: grid}))
        else:
            key = "lambda_" if name == "lambda" else name
            moved = loaded.with_overrides({key: grid}, where="--sweep")
            swept = dataclasses.replace(params, dyad=moved.formation)
    except ParameterError as err:
        raise UserInputError(f"--sweep: {err}") from None
    frame = sweep_frame(swept, name, grid)
    if plot is not None:
        plot_contest_sweep(frame, plot, title=loaded.info.title)
    if as_json:
        print_json({"case": loaded.info.name, "parameter": name, "rows": frame.to_dict(orient="records")})
        return
    shown = frame[[name, "rival", "winner", "payment", "package"]]
    print_table(
        [{str(k): v for k, v in r.items()} for r in shown.to_dict("records")],
        title=f"{loaded.info.title}: sweep over {name}",
    )
    if plot is not None:
        console.print(f"figure written to {plot}")


# --- alliancelab maintain ----------------------------------------------------------------------------------


def _maintenance_fields() -> tuple[str, ...]:
    from alliancelab.theory.maintenance import MaintenanceParams

    skip = {"dyad", "leader", "rival", "coup_W", "democracy_W", "reform"}
    return tuple(f.name for f in dataclasses.fields(MaintenanceParams) if f.name not in skip)


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
    if "new_leader_periods" in world:
        world = {**world, "new_leader_periods": int(world["new_leader_periods"])}
    try:
        return MaintenanceParams(dyad=loaded.formation, leader=leader, rival=rival, reform=reform, **world)
    except ParameterError as err:
        raise UserInputError(f"--set: {err}") from None


def maintain_command(
    years: int = typer.Option(30, "--years", metavar="N", help="Number of years after formation."),
    rng: int | None = typer.Option(
        None, "--rng", metavar="SEED", help="Seed (integer >= 0); omitted: fresh entropy, printed for reuse."
    ),
    case: str | None = typer.Option(
        None,
        "--case",
        metavar="FILE|NAME",
        help="Formation case (TOML) or shipped name, e.g. us-pakistan-1954.",
    ),
    set_: list[str] = typer.Option(
        None,
        "--set",
        metavar="NAME=VALUE",
        help="Case or dynamics parameter, e.g. theta_sd=0.05 (repeatable).",
    ),
    rival_set: list[str] = typer.Option(
        None, "--rival", metavar="NAME=VALUE", help="Add a rival patron with these terms (repeatable)."
    ),
    with_rival: bool = typer.Option(False, "--with-rival", help="Add a rival patron with default terms."),
    no_reform: bool = typer.Option(False, "--no-reform", help="A terminated alliance is not re-formed."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object: run record, events, path."),
    out: Path | None = typer.Option(None, "--out", metavar="FILE", help="Write the path (.csv or .parquet)."),
    plot: Path | None = typer.Option(
        None, "--plot", metavar="FILE", help="Figure of the path (.png/.pdf/.svg)."
    ),
) -> None:
    """One dyad's path through time: reviews, renegotiations, leader and regime changes, with their years."""
    from alliancelab.report.dynamics_plots import plot_path
    from alliancelab.theory.maintenance import simulate

    if rng is not None and rng < 0:
        raise UserInputError(f"--rng {rng}: the seed must be an integer >= 0")
    _check_figure(plot)
    if out is not None and out.suffix.lower() not in (".csv", ".parquet"):
        raise UserInputError(f"--out {out}: the file must end in .csv or .parquet")
    world_fields = _maintenance_fields()
    values = _pairs("--set", set_, (*_CASE_FIELDS, *world_fields))
    world: dict[str, Any] = {k: values.pop(k) for k in world_fields if k in values and k not in _CASE_FIELDS}
    loaded = _load(case, values)
    rival_values = _pairs("--rival", rival_set, RIVAL_FIELDS)
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
                "run_record": run.record,
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
    app.command("realign")(realign_command)
    app.command("maintain")(maintain_command)
