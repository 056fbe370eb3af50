"""The covering program of :mod:`alliancelab.coalition.optimize` solved by enumerating every subset, for
many small programs at once (models.md (g)).

With a dozen candidates a mission has 4,096 coalitions; pricing all of them for every mission of a batch is
a few matrix products, where a search per mission (:func:`~.optimize.solve_exact`) pays Python's overhead
per mission. Exact: the optimum of each program, a tie going to the first subset in the enumeration order.
:func:`~.optimize.solve_brute_force` (the test oracle) and the composed world's crises
(:mod:`alliancelab.sim.crisis`) use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from alliancelab._types import BoolArray, FloatArray

__all__ = ["CoverArrays", "cheapest_subsets"]

_TOL = 1e-9  # absolute slack on the budget and own-troop limits (as in optimize)


@dataclass(frozen=True, slots=True)
class CoverArrays:
    """Covering programs of many missions at once, over the candidates each program may choose from
    (the last axis; an unavailable candidate has ``cost = inf``); ``required`` and ``budget`` one per
    mission. The same program as :class:`CoverProblem` (module docstring), with ``u = c_P/10^6``."""

    net: FloatArray  # cost_j - lambda_P*l_j
    cost: FloatArray
    effective: FloatArray
    must: BoolArray
    required: FloatArray
    min_flags: int
    budget: FloatArray
    own_unit: float
    own_troops: float


_CACHED_UP_TO = 14  # grids of up to 2^14 rows (1.8 MB) are kept; larger ones are rebuilt per call


def _subset_grid(size: int) -> FloatArray:
    """Every subset of ``size`` items as 0/1 rows: row ``s`` holds item ``i`` iff bit ``i`` of ``s`` is 1."""
    return _cached_grid(size) if size <= _CACHED_UP_TO else _build_grid(size)


@cache
def _cached_grid(size: int) -> FloatArray:
    grid = _build_grid(size)
    grid.flags.writeable = False  # shared between calls
    return grid


def _build_grid(size: int) -> FloatArray:
    return ((np.arange(2**size)[:, None] >> np.arange(size)[None, :]) & 1).astype(float)


def cheapest_subsets(p: CoverArrays) -> tuple[BoolArray, BoolArray]:
    """The optimum of each program by enumerating every subset of its candidates (exact; a tie goes to the
    first subset in :func:`_subset_grid`'s order): ``(found, members)``, members all False where none is
    feasible. Memory and time grow as ``2^candidates``: for a dozen or so candidates per mission, where
    one vectorised pass over many missions costs less than a search per mission."""
    grid = _subset_grid(p.net.shape[-1])
    usable = np.isfinite(p.cost)

    def total(a: FloatArray) -> FloatArray:  # (..., subsets): each subset's sum of a over its members
        return np.asarray(np.where(usable, a, 0.0) @ grid.T, dtype=float)

    troops = total(p.effective)
    own = np.maximum(0.0, p.required[..., None] - troops)
    ok = (own <= p.own_troops + _TOL) & (grid.sum(axis=1) + 1 >= p.min_flags)
    ok &= (~usable).astype(float) @ grid.T == 0  # no unavailable candidate
    ok &= p.must.astype(float) @ (1.0 - grid.T) == 0  # the whole critical set
    ok &= total(p.cost) <= p.budget[..., None] + _TOL
    objective = np.where(ok, total(p.net) + p.own_unit * own, np.inf)
    best = np.argmin(objective, axis=-1)
    found = np.asarray(ok.any(axis=-1), dtype=bool)
    members = (grid[best] > 0) & found[..., None]
    return found, np.asarray(members, dtype=bool)
