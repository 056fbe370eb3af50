"""``alliancelab formation``: solve a patron-client dyad (a case file, options, or both) and explain it.

A thin shell over :func:`alliancelab.report.formation_report.analyse_case`; sweeps call
:func:`~alliancelab.report.formation_report.sweep_frame`, figures :mod:`alliancelab.report.formation_plots`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import typer

from alliancelab.cases.formation_case import FORMATION_FIELDS, LEADER_FIELDS
from alliancelab.commands._common import console, parse_sweep, print_json, print_table
from alliancelab.errors import UserInputError

# Options that set a model parameter: option name -> parameter name (formation fields, then the leader's).
PARAMETER_OPTIONS: dict[str, str] = {
    **{name: name for name in FORMATION_FIELDS},
    **{("lambda" if name == "lambda_" else name): name for name in LEADER_FIELDS},
}


def _number(option: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise UserInputError(f"option --{option}: {text!r} is not a number") from None
    if math.isnan(value):
        raise UserInputError(f"option --{option}: nan is not allowed")
    return value


def _overrides(values: dict[str, str | None], mode: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {
        PARAMETER_OPTIONS[opt]: _number(opt, text) for opt, text in values.items() if text is not None
    }
    if mode is not None:
        out["mode"] = mode.upper()
    return out


def formation_command(
    case: str | None = typer.Option(
        None,
        "--case",
        metavar="FILE|NAME",
        help="Case file (TOML) or shipped case name, e.g. us-pakistan-1954.",
    ),
    as_json: bool = typer.Option(
        False, "--json", help="Print one JSON object (keys in docs/cli/formation.md)."
    ),
    explain_: bool = typer.Option(
        False, "--explain", help="Print a plain-language explanation of the solution."
    ),
    plot: Path | None = typer.Option(
        None,
        "--plot",
        metavar="FILE",
        help="Write a figure (.png/.pdf/.svg): the case's figure, or the sweep's with --sweep.",
    ),
    sweep: str | None = typer.Option(
        None,
        "--sweep",
        metavar="PARAM=lo:hi:n",
        help="Comparative statics: PARAM=lo:hi:n, e.g. d=0:1:101 or W=0.05:1:50.",
    ),
    rival: bool = typer.Option(
        True, "--rival/--no-rival", help="Figures and sweeps: add curves with an illustrative rival patron."
    ),
    mode: str | None = typer.Option(
        None, "--mode", metavar="FIXED|FLEX", help="Package mode: FIXED or FLEX."
    ),
    T: str | None = typer.Option(None, "--T", metavar="NUM", help="Threat intensity, [0, 1)."),
    phi: str | None = typer.Option(None, "--phi", metavar="NUM", help="Own-capability ratio, [0, 1]."),
    chi: str | None = typer.Option(
        None, "--chi", metavar="NUM", help="Common-threat share with the patron, [-1, 1]."
    ),
    q0: str | None = typer.Option(None, "--q0", metavar="NUM", help="Patron's baseline protection, [0, 1]."),
    d: str | None = typer.Option(None, "--d", metavar="NUM", help="Interest divergence, [0, 1]."),
    sal: str | None = typer.Option(None, "--sal", metavar="NUM", help="Salience of concessions, > 0."),
    omega0: str | None = typer.Option(
        None, "--omega0", metavar="NUM", help="Baseline autonomy cost, [0, 1)."
    ),
    mu: str | None = typer.Option(
        None, "--mu", metavar="NUM", help="Leader's utils per USD m (overrides the leader table)."
    ),
    v: str | None = typer.Option(
        None, "--v", metavar="NUM", help="Patron's value of full concessions, USD m/yr."
    ),
    c: str | None = typer.Option(None, "--c", metavar="NUM", help="Patron's commitment cost, USD m/yr."),
    budget: str | None = typer.Option(
        None, "--budget", metavar="NUM", help="Patron's side-payment budget, USD m/yr."
    ),
    alpha: str | None = typer.Option(None, "--alpha", metavar="NUM", help="Weight on security, (0, 1)."),
    a0: str | None = typer.Option(None, "--a0", metavar="NUM", help="alpha = clip(a0 + a1*T) intercept."),
    a1: str | None = typer.Option(None, "--a1", metavar="NUM", help="alpha = clip(a0 + a1*T) slope."),
    package: str | None = typer.Option(None, "--package", metavar="NUM", help="FIXED package, [0, 1]."),
    beta0: str | None = typer.Option(None, "--beta0", metavar="NUM", help="Client's Nash weight, [0, 1]."),
    eps: str | None = typer.Option(None, "--eps", metavar="NUM", help="Domain guard on x*delta."),
    W: str | None = typer.Option(None, "--W", metavar="NUM", help="Winning coalition, (0, 1], W <= S."),
    S: str | None = typer.Option(None, "--S", metavar="NUM", help="Selectorate, (0, 1]."),
    r: str | None = typer.Option(None, "--r", metavar="NUM", help="Leader's domestic revenue, USD m/yr."),
    h: str | None = typer.Option(None, "--h", metavar="NUM", help="Leader's deposition hazard, [0, 1]."),
    mu0: str | None = typer.Option(None, "--mu0", metavar="NUM", help="Scale of mu."),
    gamma: str | None = typer.Option(None, "--gamma", metavar="NUM", help="Elasticity of the payment in W."),
    lambda_: str | None = typer.Option(None, "--lambda", metavar="NUM", help="Elasticity of mu in S."),
    eta: str | None = typer.Option(
        None, "--eta", metavar="NUM", help="Elasticity of the payment in 1 + r/rbar."
    ),
    zeta: str | None = typer.Option(
        None, "--zeta", metavar="NUM", help="Signed effect of instability on mu."
    ),
    rbar: str | None = typer.Option(None, "--rbar", metavar="NUM", help="Revenue scale, USD m/yr."),
) -> None:
    """Solve the alliance-formation bargain: deficit, reservation payment, patron's maximum, offer."""
    from alliancelab.report.formation_plots import plot_case, plot_sweep
    from alliancelab.report.formation_report import (
        analyse_case,
        explain,
        illustrative_rival,
        solution_json,
        solution_table,
        sweep_frame,
    )

    options = {
        "T": T, "phi": phi, "chi": chi, "q0": q0, "d": d, "sal": sal, "omega0": omega0, "mu": mu, "v": v,
        "c": c, "budget": budget, "alpha": alpha, "a0": a0, "a1": a1, "package": package, "beta0": beta0,
        "eps": eps, "W": W, "S": S, "r": r, "h": h, "mu0": mu0, "gamma": gamma, "lambda": lambda_,
        "eta": eta, "zeta": zeta, "rbar": rbar,
    }  # fmt: skip
    loaded, solution = analyse_case(case, _overrides(options, mode))
    if sweep is not None:
        name, values = parse_sweep(sweep, allowed=sorted(PARAMETER_OPTIONS))
        frame = sweep_frame(
            loaded,
            PARAMETER_OPTIONS[name],
            values,
            rival=illustrative_rival(loaded) if rival else None,
        )
        if plot is not None:
            plot_sweep(frame, plot, title=loaded.info.title)
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
            console.print(f"figure written to {plot}")
        return
    if plot is not None:
        plot_case(loaded, plot, with_rival=rival)
    if as_json:
        print_json(solution_json(loaded, solution, explanation=explain_))
        return
    print_table(solution_table(solution), title=loaded.info.title)
    if explain_:
        console.print(explain(loaded, solution), markup=False, soft_wrap=True)
    if plot is not None:
        console.print(f"figure written to {plot}")


def register(app: typer.Typer) -> None:
    """Add ``alliancelab formation`` to the main app."""
    app.command("formation")(formation_command)
