"""Olson-Zeckhauser free riding as tables and words: the Nash equilibrium of an alliance's defence spending.

The same three names as every model's report module: :func:`frame` (one row per member: the inputs, the
contribution and the burden), :func:`sweep` (one row per value of a taste parameter or of the threat: total
spending, free riders, the larger half's shares) and :func:`explain`. The members' sizes (incomes, e.g.
GDP) are data, given as ``sizes=``. The equilibrium is deterministic: these describe it; the exploitation
test of observed burdens is :func:`alliancelab.analysis.exploitation.exploitation_test`.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import numpy.typing as npt
import pandas as pd

from alliancelab._results import data_frame
from alliancelab._types import FloatArray
from alliancelab.errors import ParameterError
from alliancelab.report._grid import grid_values, with_values
from alliancelab.theory.burden.olson import (
    CITATION_KEYS,
    PublicGoodEquilibrium,
    PublicGoodParams,
    nash_equilibrium,
)

__all__ = ["THREAT", "explain", "frame", "sweep"]

THREAT = "threat"  # the members' threat T, swept like a parameter (tastes b = b0 + b1*T)


def _solved(
    params: PublicGoodParams,
    equilibrium: PublicGoodEquilibrium | None,
    sizes: npt.ArrayLike | None,
    threat: npt.ArrayLike,
) -> PublicGoodEquilibrium:
    if equilibrium is not None:
        return equilibrium
    if sizes is None:
        raise ParameterError("public good: give the members' sizes (sizes=[...]) or an equilibrium")
    return nash_equilibrium(sizes, params, threat=threat)


def frame(
    params: PublicGoodParams,
    equilibrium: PublicGoodEquilibrium | None = None,
    *,
    sizes: npt.ArrayLike | None = None,
    labels: npt.ArrayLike | None = None,
    threat: npt.ArrayLike = 0.0,
) -> pd.DataFrame:
    """One row per member: ``member``, ``income``, the tastes' inputs (``threat``, ``taste_base``,
    ``taste_threat``, ``joint_product``), ``contribution``, ``burden`` (milex/GDP), ``contributor``."""
    eq = _solved(params, equilibrium, sizes, threat)
    table = eq.to_frame(labels)
    n = len(table)
    inputs = {
        THREAT: threat,
        "taste_base": params.taste_base,
        "taste_threat": params.taste_threat,
        "joint_product": params.joint_product,
    }
    for position, (name, value) in enumerate(inputs.items(), start=2):
        table.insert(position, name, np.broadcast_to(np.asarray(value, dtype=float), (n,)))
    return table


def _larger_half_shares(incomes: FloatArray, spending: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Shares of income and spending of the members at or above the median size (per alliance row)."""
    larger = incomes >= np.median(incomes, axis=-1, keepdims=True)
    total = spending.sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        spent = np.where(total > 0, (spending * larger).sum(axis=-1) / total, np.nan)
    return (incomes * larger).sum(axis=-1) / incomes.sum(axis=-1), spent


def sweep(
    params: PublicGoodParams,
    parameter: str,
    values: npt.ArrayLike,
    *,
    sizes: npt.ArrayLike,
    threat: npt.ArrayLike = 0.0,
) -> pd.DataFrame:
    """Comparative statics: one row per value of ``parameter`` (``taste_base``, ``taste_threat``,
    ``joint_product`` or ``threat``), solved for all values at once (the values on a leading axis).

    Columns: the swept parameter, ``total_spending``, ``contributors``, ``free_riders``,
    ``largest_burden`` (the largest member's), ``larger_half_income_share``, ``larger_half_spending_share``.
    """
    grid = grid_values(parameter, values)
    k = np.asarray(sizes, dtype=float).ravel()
    if parameter == THREAT:
        eq = nash_equilibrium(k, params, threat=grid[:, None])
    else:
        with_values(params, parameter, grid)  # checks the name and the values
        stacked = dataclasses.replace(params, **{parameter: grid[:, None]})
        eq = nash_equilibrium(k, stacked, threat=threat)
    incomes = np.broadcast_to(eq.incomes, eq.contributions.shape)
    income_share, spending_share = _larger_half_shares(incomes, eq.contributions)
    contributors = eq.contributors.sum(axis=-1)
    columns = {
        parameter: grid,
        "total_spending": eq.aggregate,
        "contributors": contributors,
        "free_riders": k.size - contributors,
        "largest_burden": eq.burdens[..., int(np.argmax(k))],
        "larger_half_income_share": income_share,
        "larger_half_spending_share": spending_share,
    }
    return data_frame(columns, sources=CITATION_KEYS, parameter=parameter)


def explain(
    params: PublicGoodParams,
    equilibrium: PublicGoodEquilibrium | None = None,
    *,
    sizes: npt.ArrayLike | None = None,
    labels: npt.ArrayLike | None = None,
    threat: npt.ArrayLike = 0.0,
) -> str:
    """The equilibrium in words: who rides free, and what share of income and spending the larger half has.

    Seed 003: "The conventional wisdom on alliance burden-sharing, based on the logic of collective goods,
    suggests that larger partners in an alliance inevitably pay a disproportionate share of the alliance's
    defense burden."
    """
    eq = _solved(params, equilibrium, sizes, threat)
    if eq.incomes.ndim != 1:
        raise ParameterError("public good: explain one alliance at a time (a 1-d array of sizes)")
    k, spending = eq.incomes, eq.contributions
    names = [str(v) for v in (np.asarray(labels).ravel() if labels is not None else np.arange(1, k.size + 1))]
    riders = [name for name, paid in zip(names, eq.contributors, strict=True) if not paid]
    income_share, spending_share = (float(v) for v in _larger_half_shares(k, spending))
    largest = int(np.argmax(k))
    ride = (
        f"{len(riders)} of {k.size} members ride free ({', '.join(riders[:8])}"
        f"{', ...' if len(riders) > 8 else ''})"
        if riders
        else f"none of the {k.size} members rides free"
    )
    return (
        f"Nash equilibrium (Olson-Zeckhauser): {ride}; the larger half (size at or above the median) holds "
        f"{income_share:.0%} of income and pays {spending_share:.0%} of defence spending. The largest member "
        f"({names[largest]}) spends {float(eq.burdens[largest]):.2%} of its income; total spending "
        f"{float(eq.aggregate):,.4g}."
    )
