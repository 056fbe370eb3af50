"""What `alliancelab formation` shows: the solution table, its JSON form, an explanation, sweeps.

Pure functions of a loaded case and its solution (no printing, no files): the command prints what they
return and :mod:`alliancelab.report.formation_plots` draws the sweeps. Every model's report module uses the
same names: :func:`frame` (one row per dyad), :func:`sweep` and :func:`explain` (``sweep_frame``, the old
name of :func:`sweep`, still works, with a DeprecationWarning).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from alliancelab._deprecation import renamed_names
from alliancelab.cases.formation_case import FormationCase, custom_case, load_formation_case
from alliancelab.provenance import run_record
from alliancelab.report._grid import grid_values
from alliancelab.theory.formation import OUTCOME_LABELS, FormationSolution, security_terms, solve
from alliancelab.theory.realignment import ContestParams, PatronTerms, default_rival, solve_contest
from alliancelab.theory.selectorate import conversion_rate

__all__ = [
    "SMALL_AND_LARGE_COALITION",
    "SOLUTION_KEYS",
    "analyse_case",
    "explain",
    "frame",
    "illustrative_rival",
    "solution_json",
    "solution_table",
    "sweep",
]

# (label, leader overrides) of the two reference clients of the sweep figure
SMALL_AND_LARGE_COALITION: tuple[tuple[str, dict[str, float]], ...] = (
    ("small coalition (W = 0.1)", {"W": 0.1, "S": 1.0}),
    ("large coalition (W = 0.9)", {"W": 0.9, "S": 1.0}),
)

SOLUTION_KEYS: dict[str, str] = {
    "deficit": "client deficit D(x*) at the offered package (utils)",
    "reservation_payment": "reservation payment p_min(x*) (USD m/yr)",
    "patron_max": "patron's maximum willingness to pay for x*, v*x* - c (USD m/yr)",
    "package": "offered package x* (share of the patron's full package, 0-1)",
    "payment": "side payment p* (USD m/yr)",
    "surplus": "joint surplus G = v*x* - c - p_min(x*) (USD m/yr)",
    "patron_value": "patron's net value v*x* - c - p* (USD m/yr)",
    "forms": "whether the alliance forms",
    "outcome": "outcome in words",
    "budget_binds": "whether the budget cut the package (FLEX)",
    "free_concession": "x0: the largest package the client grants without payment",
    "interior_concession": "x_int: the patron's unconstrained optimum (FLEX)",
    "max_concession": "xbar: the largest package money can still compensate",
}


def analyse_case(
    case: str | None, overrides: Mapping[str, Any] | None = None
) -> tuple[FormationCase, FormationSolution]:
    """Load a case by name or path (``None``: the models.md defaults), apply overrides, and solve it."""
    loaded = load_formation_case(case) if case is not None else custom_case()
    if overrides:
        loaded = loaded.with_overrides(overrides, where="command-line options")
    return loaded, solve(loaded.formation)


def _scalar(value: Any) -> Any:
    arr = np.asarray(value)
    if arr.size != 1:
        return arr
    item = arr.reshape(()).item()
    return item


TABLE_LABELS: dict[str, str] = {
    "deficit": "client deficit D(x*) (utils)",
    "reservation_payment": "reservation payment p_min(x*) (USD m/yr)",
    "patron_max": "patron's maximum v*x* - c (USD m/yr)",
    "package": "offered package x* (0-1)",
    "payment": "side payment p* (USD m/yr)",
    "surplus": "joint surplus G (USD m/yr)",
    "free_concession": "free concessions x0",
    "forms": "alliance forms",
    "outcome": "outcome",
}


def frame(case: FormationCase, solution: FormationSolution | None = None) -> pd.DataFrame:
    """One row per dyad: the case's inputs (swept ones included), the solution, the outcome in words."""
    return (solve(case.formation) if solution is None else solution).to_frame(case.formation)


def solution_table(solution: FormationSolution) -> dict[str, Any]:
    """Rows of the printed table: quantity -> value (scalars for a single dyad)."""
    rows = {label: _scalar(getattr(solution, k)) for k, label in TABLE_LABELS.items() if k != "outcome"}
    rows[TABLE_LABELS["outcome"]] = _scalar(solution.outcome_labels())
    return rows


def solution_json(
    case: FormationCase, solution: FormationSolution, *, explanation: bool = True
) -> dict[str, Any]:
    """One JSON-ready object: case, parameters, solution, observed outcome, citations, provenance."""
    body: dict[str, Any] = {k: _scalar(getattr(solution, k)) for k in SOLUTION_KEYS if k != "outcome"}
    body["outcome"] = _scalar(solution.outcome_labels())
    body["outcome_code"] = _scalar(solution.outcome)
    observed = case.observed.model_dump() if case.observed is not None else None
    parameters = dataclasses.asdict(case.formation)
    leader = dataclasses.asdict(case.leader) if case.leader is not None else None
    result: dict[str, Any] = {
        "case": {
            "name": case.info.name,
            "title": case.info.title,
            "patron": case.info.patron,
            "client": case.info.client,
            "year": case.info.year,
            "mode": case.formation.mode,
            "file": str(case.path),
        },
        "units": {"money": "USD m per year", "deficit": "utils", "package": "share of the full package"},
        "parameters": parameters,
        "leader": leader,
        "solution": body,
        "observed": observed,
        "citation_keys": case.citation_keys,
        "provenance": run_record(params={"formation": parameters, "leader": leader}, case=str(case.path)),
    }
    if explanation:
        result["explanation"] = explain(case, solution)
    return result


def explain(case: FormationCase, solution: FormationSolution | None = None) -> str:
    """A short plain-language account of one dyad's solution (Kabir's trade-off, step by step)."""
    p, info = case.formation, case.info
    solution = solve(p) if solution is None else solution
    st = security_terms(p)
    s0, sa, alpha, delta = (
        float(np.asarray(a).reshape(-1)[0])
        for a in (st.security_alone, st.security_aligned, st.alpha, st.delta)
    )
    x_free, x_star = float(solution.free_concession), float(solution.package)
    deficit, p_min, pay = (
        float(solution.deficit),
        float(solution.reservation_payment),
        float(solution.payment),
    )
    mu, patron_max = float(np.asarray(p.mu)), float(solution.patron_max)
    gain = alpha * np.log(sa / s0)
    cost = -(1 - alpha) * np.log1p(-min(x_star * delta, 1.0)) if x_star * delta < 1 else float("inf")
    lines = [
        f"{info.title} ({p.mode} package).",
        f"Aligning with {info.patron} raises {info.client}'s security from {s0:.3f} to {sa:.3f}: worth "
        f"{gain:.3f} utils, enough to grant {min(x_free, 1):.0%} of the patron's package for free (x0 = "
        f"{x_free:.2f}).",
    ]
    if not np.isfinite(deficit):
        lines.append(
            f"The package x* = {x_star:.2f} would cost {info.client} more autonomy than any payment can "
            f"make up (x*delta = {x_star * delta:.3f} > 1 - eps = {1 - p.eps:g})."
        )
    elif x_star > x_free:
        leader = ""
        if case.leader is not None:
            w, s, h = (float(np.asarray(getattr(case.leader, k))) for k in ("W", "S", "h"))
            leader = f" (W = {w:g}, S = {s:g}, h = {h:g})"
        lines.append(
            f"The patron's package x* = {x_star:.2f} costs {info.client} {cost:.3f} utils of autonomy: a "
            f"deficit of {deficit:.3f} utils that security does not cover. Its leader{leader} values "
            f"1 USD m at {mu:.3g} utils, so the deficit needs a side payment of {p_min:,.1f} USD m/yr."
        )
    else:
        lines.append(
            f"The patron takes only the concessions {info.client} grants for free (x* = {x_star:.2f}): "
            "no side payment is needed."
        )
    lines.append(
        f"{info.patron[:1].upper()}{info.patron[1:]} values the package at {patron_max:,.1f} USD m/yr net of "
        "its commitment cost; "
        f"the joint surplus is {float(solution.surplus):,.1f}. "
        f"Outcome: {OUTCOME_LABELS[int(solution.outcome)]}"
        + (f", paying {pay:,.1f} USD m/yr." if bool(solution.forms) and pay > 0 else ".")
    )
    if case.observed is not None:
        obs = case.observed
        seen = "formed" if obs.formed else "did not form" if obs.formed is not None else "unknown"
        paid = f", about {obs.payment.value:,.0f} USD m/yr" if obs.payment is not None else ""
        lines.append(f"Observed: the alliance {seen}{f' in {obs.year}' if obs.year else ''}{paid}.")
    return "\n".join(lines)


def illustrative_rival(case: FormationCase) -> PatronTerms:
    """The rival of the with/without-rival curves: :func:`~alliancelab.theory.realignment.default_rival` at
    the case (the incumbent's terms delivered with credibility 0.8; not part of any case's evidence)."""
    return default_rival(case.formation)


def sweep(
    case: FormationCase,
    parameter: str,
    values: npt.ArrayLike,
    *,
    clients: tuple[tuple[str, Mapping[str, Any]], ...] | None = None,
    rival: PatronTerms | None = None,
) -> pd.DataFrame:
    """Comparative statics: the solution along ``parameter = values`` for several clients, long format.

    ``clients`` are (label, overrides) pairs; by default the case's own leader plus a small- and a large-W
    leader (for sweeps over W or S: the case's leader in its own mode and with a FIXED package). With
    ``rival``, each client is also solved in the contest of section (c)
    (:func:`alliancelab.theory.realignment.solve_contest`, client not yet aligned, so no switching cost) and
    the rows are marked ``rival=True``.
    """
    values = grid_values(parameter, values)
    if clients is None:
        label = "this case"
        if case.leader is not None and np.size(case.leader.W) == 1 and parameter != "W":
            label += f" (W = {float(np.asarray(case.leader.W)):g})"  # on a W axis, W is the axis
        own: tuple[tuple[str, Mapping[str, Any]], ...] = ((label, {}),)
        fixed: tuple[tuple[str, Mapping[str, Any]], ...] = (("this case, FIXED package", {"mode": "FIXED"}),)
        clients = own + fixed if parameter in ("W", "S") else own + SMALL_AND_LARGE_COALITION
    frames = []
    for label, overrides in clients:
        varied = case.with_overrides({**overrides, parameter: values}, where=f"--sweep {parameter}")
        solution = solve(varied.formation)
        base = {
            parameter: values,
            "client": label,
            "mu": np.broadcast_to(conversion_rate(varied.leader), values.shape)
            if varied.leader is not None
            else np.broadcast_to(np.asarray(varied.formation.mu, dtype=float), values.shape),
        }
        frames.append(
            pd.DataFrame(
                {
                    **base,
                    "rival": False,
                    "payment": np.where(solution.forms, solution.payment, 0.0),
                    "package": np.where(solution.forms, solution.package, 0.0),
                    "reservation_payment": solution.reservation_payment,
                    "forms": solution.forms,
                    "outcome": solution.outcome_labels(),
                }
            )
        )
        if rival is not None:
            contest = solve_contest(ContestParams(varied.formation, rival, credibility=1.0, aligned=False))
            formed = contest.winner > 0
            frames.append(
                pd.DataFrame(
                    {
                        **base,
                        "rival": True,
                        "payment": contest.payment,
                        "package": contest.package,
                        "reservation_payment": np.nan,
                        "forms": formed,
                        "outcome": np.char.add("won by: ", contest.winner_labels()),
                    }
                )
            )
    frame = pd.concat(frames, ignore_index=True)
    frame.attrs["sources"] = list(case.citation_keys)
    frame.attrs["parameter"] = parameter
    return frame


__getattr__ = renamed_names(__name__, {"sweep_frame": "sweep"})
