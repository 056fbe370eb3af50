r"""Indivisible packages: a patron's minimum package and a client's red line (episodes; models.md (a), (d)).

In FLEX mode the patron of section (a) can always fall back on the concessions the client grants for free
(``x0``), so the alliance almost never ends. Facilities are not like that: a base is hosted or it is not,
and a patron that needs the base has no use for an alliance without it. Two bounds close that gap:

.. code-block:: text

    x_min   the patron's minimum package (facilities it will not do without), [0, 1]      [PROPOSED]
    x_cap   the most the client's regime will grant at any price (its red line), [0, 1]   [PROPOSED]
    x_cap < x_min:  no alliance -- the client will not host the minimum, whatever the payment
    x*_pkg = clip(x*, x_min, x_cap)            x* the FLEX (or FIXED) package of formation.solve
    x*_pkg != x*:   the deal is the FIXED package x*_pkg:  p = p_min(x*_pkg), forms iff
                    G = v*x*_pkg - c - p_min(x*_pkg) >= 0 and p_min(x*_pkg) <= B

The surplus ``v*x - c - p_min(x)`` is concave in x (``D`` is convex), so on ``[x_min, x_cap]`` the best
package is the unconstrained one clipped to the interval, and the budget-capped package ``x_B`` of section
(a) below ``x_min`` means no package in the interval fits the budget. Everything is evaluated through
:func:`alliancelab.theory.formation.solve`; ``x_min = 0, x_cap = 1`` returns its solution unchanged.

Seed 001 (Kabir): "a regime change in small states will be likely to cause one of the following outcomes:
a) the new regime may terminate the existing alliance or b) the alliance remains intact in exchange for an
increased level of side payments." Option (a) needs a package that cannot shrink to the free concessions.

References (keys of ``references.bib``): kabir2015tradeoff, cooley2008base, kabir2019sidepayments.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from alliancelab._validate import check_range
from alliancelab.theory.formation import (
    NO_DEAL_UNCOMPENSABLE,
    FloatArray,
    FormationParams,
    FormationSolution,
    Real,
    solve,
)

__all__ = ["CITATION_KEYS", "PackageBounds", "bounded_dyad", "refuses_minimum", "solve_with_bounds"]

BoolArray = npt.NDArray[np.bool_]
CITATION_KEYS: tuple[str, ...] = ("kabir2015tradeoff", "cooley2008base", "kabir2019sidepayments")


@dataclass(frozen=True, slots=True)
class PackageBounds:
    """The patron's minimum package ``x_min`` and the client's red line ``x_cap`` (arrays broadcast)."""

    minimum: Real = 0.0  # x_min: facilities the patron will not do without
    ceiling: Real = 1.0  # x_cap: the most the client's regime grants at any price

    def __post_init__(self) -> None:
        check_range("minimum package", self.minimum, 0, 1)
        check_range("package ceiling", self.ceiling, 0, 1)


def refuses_minimum(bounds: PackageBounds) -> FloatArray:
    """``x_cap < x_min``: the client will not host the patron's minimum at any price (1.0 where true).

    Seed 001: "the new regime may terminate the existing alliance". [PROPOSED]
    """
    return np.asarray(np.asarray(bounds.ceiling, float) < np.asarray(bounds.minimum, float), dtype=float)


def _target(
    params: FormationParams, bounds: PackageBounds
) -> tuple[FormationSolution, FloatArray, BoolArray, BoolArray]:
    free = solve(params)
    lo = np.asarray(bounds.minimum, dtype=float)
    hi = np.asarray(bounds.ceiling, dtype=float)
    refused = np.broadcast_to(hi < lo, np.broadcast_shapes(free.package.shape, lo.shape, hi.shape))
    target = np.clip(free.package, lo, np.maximum(lo, hi))
    moved = ~np.isclose(target, free.package, rtol=0.0, atol=1e-12)
    return free, target, moved, refused


def bounded_dyad(params: FormationParams, bounds: PackageBounds) -> FormationParams:
    """The dyad the patron offers: FIXED at ``clip(x*, x_min, x_cap)`` where the clip binds. [PROPOSED]

    Where the client refuses the minimum (``x_cap < x_min``) the commitment cost is ``inf``: no patron
    offers the alliance. Unchanged where the bounds do not bind (``params`` itself if they bind nowhere).
    The rival contest of section (c) takes this dyad as the patron's. Seed 001: "otherwise, the alliance
    will be terminated."
    """
    free, target, moved, refused = _target(params, bounds)
    if not np.any(moved | refused):
        return params
    return dataclasses.replace(
        params,
        mode="FIXED",
        package=np.where(moved, target, free.package),
        c=np.where(refused, np.inf, np.asarray(params.c, dtype=float)),
    )


def solve_with_bounds(params: FormationParams, bounds: PackageBounds) -> FormationSolution:
    """The patron's best offer when the package must lie in ``[x_min, x_cap]``. [PROPOSED]

    ``x*_pkg = clip(x*, x_min, x_cap)``; where the clip binds, the deal is the FIXED package ``x*_pkg``
    (reservation price, surplus and budget test of section (a) at that package); where ``x_cap < x_min``
    no alliance forms (outcome ``NO_DEAL_UNCOMPENSABLE``: no payment compensates). Seed 001: "If the
    alliance remains important to the great power, it will survive albeit for a higher price; otherwise,
    the alliance will be terminated."
    """
    free, target, moved, refused = _target(params, bounds)
    if not np.any(moved | refused):
        return free
    fixed = solve(dataclasses.replace(params, mode="FIXED", package=np.where(moved, target, free.package)))
    shape = np.broadcast_shapes(free.package.shape, target.shape)

    def pick(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return np.where(moved, b, np.broadcast_to(a, shape))

    forms = pick(free.forms, fixed.forms) & ~refused
    outcome = np.where(refused, NO_DEAL_UNCOMPENSABLE, pick(free.outcome, fixed.outcome)).astype(np.int8)
    return FormationSolution(
        mode=params.mode,
        deficit=pick(free.deficit, fixed.deficit),
        reservation_payment=pick(free.reservation_payment, fixed.reservation_payment),
        patron_max=pick(free.patron_max, fixed.patron_max),
        package=pick(free.package, fixed.package),
        payment=pick(free.payment, fixed.payment),
        surplus=pick(free.surplus, fixed.surplus),
        patron_value=pick(free.patron_value, fixed.patron_value),
        forms=forms,
        outcome=outcome,
        budget_binds=pick(free.budget_binds, fixed.budget_binds) & ~refused,
        free_concession=np.broadcast_to(free.free_concession, shape),
        interior_concession=np.broadcast_to(free.interior_concession, shape),
        max_concession=np.broadcast_to(free.max_concession, shape),
        citation_keys=tuple(dict.fromkeys([*free.citation_keys, *CITATION_KEYS])),
    )
