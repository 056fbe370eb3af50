"""Tables, sweeps and plain-language explanations of the rival-patron contest (section (c)).

The same three names as every model's report module: :func:`frame`, :func:`sweep`, :func:`explain` (the
old names ``contest_frame``, ``sweep_frame`` and ``explain_contest`` still work, with a DeprecationWarning).
Moved here from ``theory/realignment/analysis.py``: theory is numpy only.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from alliancelab._deprecation import renamed_names
from alliancelab.errors import ParameterError
from alliancelab.report._grid import field_path, grid_values, with_values
from alliancelab.theory.formation import deficit_at, security_terms
from alliancelab.theory.realignment.contest import (
    CITATION_KEYS,
    WINNER_LABELS,
    ContestParams,
    ContestSolution,
    patron_dyad,
    solve_contest,
)

__all__ = ["explain", "frame", "sweep"]

_COLUMNS = (
    "incumbent_offer",
    "rival_offer",
    "incumbent_surplus",
    "rival_surplus",
    "need",
    "package",
    "payment",
    "delivered_payment",
    "budget_binds",
    "incumbent_package",
    "incumbent_payment",
    "rival_package",
    "rival_payment",
)


def _flat(value: Any, shape: tuple[int, ...]) -> npt.NDArray[Any]:
    return np.broadcast_to(np.asarray(value), shape).ravel()


def frame(params: ContestParams, solution: ContestSolution | None = None) -> pd.DataFrame:
    """One row per client: the winner, both best offers and the contract signed (``attrs["sources"]``).

    Utilities (``*_offer``, ``need``) are in utils over being unaligned; money in nominal USD m/yr.
    """
    sol = solve_contest(params) if solution is None else solution
    shape = sol.winner.shape
    table = pd.DataFrame(
        {
            "winner": _flat(np.asarray(WINNER_LABELS)[sol.winner], shape),
            "realigns": _flat(sol.realigns, shape),
            **{name: _flat(getattr(sol, name), shape) for name in _COLUMNS},
        }
    )
    table.attrs["sources"] = list(CITATION_KEYS)
    return table


def sweep(params: ContestParams, parameter: str, values: npt.ArrayLike) -> pd.DataFrame:
    """Comparative statics: the contest along ``parameter = values``, with the rival and without it.

    ``parameter`` is a field of the contest (``tau``, ``credibility``), of the client dyad (``d``, ``T``,
    ...) or of the rival (``rival_v``, ``rival.d``, ...), set to ``values``. Any other name labels a grid
    the caller has already put into ``params`` (a leader's ``W``, which reaches the dyad through ``mu``):
    the parameters must then give one client per value. Solves the contest with the rival and again
    without it (the monopoly of section (a)); long format with a boolean ``rival`` column, for figures of
    payment against the parameter with and without a rival.
    """
    grid = grid_values(parameter, values)
    if field_path(params, parameter) is not None:
        params = with_values(params, parameter, grid)
    parts = []
    for with_rival, current in ((False, dataclasses.replace(params, rival=None)), (True, params)):
        if with_rival and params.rival is None:
            continue
        table = frame(current)
        if len(table) == 1 and len(grid) > 1:  # the swept field belongs to the rival: monopoly is flat
            table = pd.concat([table] * len(grid), ignore_index=True)
        if len(table) != len(grid):
            raise ParameterError(
                f"sweep of {parameter}: the parameters give {len(table)} clients for {len(grid)} values"
            )
        table.insert(0, "rival", with_rival)
        table.insert(0, parameter, grid)
        parts.append(table)
    out = pd.concat(parts, ignore_index=True)
    out.attrs["parameter"] = parameter
    out.attrs["sources"] = list(CITATION_KEYS)
    return out


def explain(params: ContestParams, solution: ContestSolution | None = None) -> str:
    """Plain-language account of who wins the client and why (the first client if arrays were given).

    Seed 001: "a small state leader chooses to realign with another great power when the leader expects a
    higher payoffs of net value from the new alliance."
    """
    sol = solve_contest(params) if solution is None else solution

    def first(value: Any) -> float:
        return float(np.asarray(value, dtype=float).ravel()[0])

    winner = int(np.asarray(sol.winner).ravel()[0])
    u_h, u_r, x, p = (
        first(sol.incumbent_offer),
        first(sol.rival_offer),
        first(sol.package),
        first(sol.payment),
    )
    pi_h, tau = first(params.credibility), first(params.tau) if params.aligned else 0.0
    lines = [
        f"Incumbent's best offer: {u_h:.4g} utils over staying unaligned "
        f"(surplus G_H = {first(sol.incumbent_surplus):.4g} USD m/yr in the client's money)."
    ]
    if params.rival is None:
        lines.append("No rival patron: the incumbent is a monopolist (BdM&S 2016).")
    else:
        lines.append(
            f"Rival's best offer net of the switching cost tau = {tau:.3g}: {u_r:.4g} utils "
            f"(surplus G_R = {first(sol.rival_surplus):.4g} USD m/yr; credibility pi_R = "
            f"{first(params.rival.credibility):.3g})."
        )
    if winner == 0:
        lines.append(
            "Outcome: no alliance. Neither patron can give the client more than staying unaligned while "
            "breaking even within its budget."
        )
        return "\n".join(lines)
    dyad = params.dyad if winner == 1 else patron_dyad(params.dyad, params.rival)  # type: ignore[arg-type]
    pi = pi_h if winner == 1 else first(params.rival.credibility)  # type: ignore[union-attr]
    st = security_terms(dyad)
    deficit = first(deficit_at(x, st.alpha, np.log(st.ratio), st.delta, dyad.eps))
    reservation = max(0.0, deficit) / (first(dyad.mu) * pi)
    who = (
        "incumbent keeps"
        if winner == 1
        else ("client realigns to the rival" if params.aligned else "rival wins")
    )
    lines.append(f"Outcome: the {who} the client." if winner == 1 else f"Outcome: the {who}.")
    if winner == 1 and params.rival is None:
        lines.append(f"It pays the reservation price p = p_min(x)/pi_H = {p:.4g} USD m/yr for x = {x:.3g}.")
    elif winner == 1 and u_r <= 0:
        lines.append(
            f"Why: the rival's offer net of the switching cost is worth less than staying unaligned "
            f"({u_r:.4g} utils), so it does not bind: the incumbent pays the reservation price "
            f"p = {p:.4g} USD m/yr for x = {x:.3g}."
        )
    elif winner == 1:
        lines.append(
            f"Why: its offer beats the rival's ({u_h:.4g} >= {u_r:.4g} utils), so it matches the rival: "
            f"p = {p:.4g} USD m/yr for x = {x:.3g}, {p - reservation:.4g} above the reservation price "
            f'{reservation:.4g} (seed 001: alternative donors "affect the flow of aid").'
        )
    else:
        lines.append(
            f"Why: the rival's offer net of switching cost beats the incumbent's ({u_r:.4g} > "
            f"{max(u_h, 0.0):.4g} utils); it pays p = {p:.4g} USD m/yr for x = {x:.3g} (reservation price "
            f"{reservation:.4g})."
        )
    if bool(np.asarray(sol.budget_binds).ravel()[0]):
        lines.append("The winner's budget binds: it pays its whole budget and asks for fewer concessions.")
    return "\n".join(lines)


__getattr__ = renamed_names(
    __name__, {"contest_frame": "frame", "sweep_frame": "sweep", "explain_contest": "explain"}
)
