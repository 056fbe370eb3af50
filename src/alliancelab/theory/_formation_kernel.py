r"""The solver of :func:`alliancelab.theory.formation.solve`: the per-dyad equations, written once.

:func:`solve_block` composes the building blocks of :mod:`alliancelab.theory.formation` in the order of its
module docstring (section (a) of models.md); :func:`solve_arrays` runs it over blocks of ``BLOCK`` dyads so
that the temporaries of one block stay in the CPU cache (whole-array expressions over millions of dyads
would stream every temporary through main memory). The scalar reference
``tests/theory/reference_formation.py`` checks it dyad by dyad; ``benchmarks/bench_theory.py`` measures it
against the in-place kernel it replaced (``benchmarks/formation_kernel_2026_11.py``).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from alliancelab._types import BoolArray, FloatArray, Int8Array, IntArray
from alliancelab.theory.formation import (
    FREE_CONCESSIONS,
    NO_DEAL_NEGATIVE_SURPLUS,
    NO_DEAL_OVER_BUDGET,
    NO_DEAL_UNCOMPENSABLE,
    SIDE_PAYMENT,
    SIDE_PAYMENT_BUDGET_CAPPED,
    autonomy_cost,
    budget_concession,
    compensable_limit,
    deficit_at,
    free_concession,
    interior_concession,
    log_security_ratio,
    max_concession,
    protection,
)

__all__ = ["BLOCK", "FLOAT_OUTPUTS", "INPUTS", "solve_arrays", "solve_block"]

# the outcome arithmetic of solve_block relies on this order of the codes
assert tuple(NO_DEAL_NEGATIVE_SURPLUS + k for k in (1, 2, 3)) == (
    FREE_CONCESSIONS,
    SIDE_PAYMENT,
    SIDE_PAYMENT_BUDGET_CAPPED,
)

BLOCK = 1 << 13  # dyads per block: the ~25 temporaries of a block (64 KiB each) stay in the L2 cache
INPUTS = (
    "T",
    "phi",
    "chi",
    "q0",
    "d",
    "sal",
    "omega0",
    "mu",
    "v",
    "c",
    "budget",
    "alpha",
    "package",
    "beta0",
)
FLOAT_OUTPUTS = (
    "deficit",
    "reservation_payment",
    "patron_max",
    "package",
    "payment",
    "surplus",
    "patron_value",
    "free_concession",
    "interior_concession",
    "max_concession",
)


def _at(value: FloatArray, index: IntArray) -> FloatArray:
    """The dyads ``index`` of a block input (a 0-d input is the same for every dyad)."""
    return value if value.ndim == 0 else value[index]


def _reservation(
    x: FloatArray,
    x_free: FloatArray,
    alpha: FloatArray,
    log_ratio: FloatArray,
    delta: FloatArray,
    mu: FloatArray,
    eps: float,
) -> tuple[FloatArray, FloatArray]:
    """``D(x)`` and ``p_min(x) = max(0, D)/mu``, exactly 0 up to ``x0`` (no rounding residue is a payment)."""
    deficit = deficit_at(x, alpha, log_ratio, delta, eps)  # +inf beyond the compensable limit
    deficit = np.where(x <= x_free, np.minimum(deficit, 0.0), deficit)
    return deficit, np.maximum(deficit, 0.0) / mu


def solve_block(
    p: Mapping[str, FloatArray], *, fixed: bool, eps: float
) -> tuple[dict[str, FloatArray], BoolArray, Int8Array, BoolArray]:
    """Solve the dyads of one block (1-d arrays of one length, or 0-d arrays the same for every dyad)."""
    alpha, mu, v, c, budget = p["alpha"], p["mu"], p["v"], p["c"], p["budget"]
    log_ratio = log_security_ratio(p["T"], p["phi"], protection(p["q0"], p["chi"]))  # ln(sA/s0)
    delta = autonomy_cost(p["sal"], p["omega0"], p["d"])
    x_free = free_concession(alpha, log_ratio, delta)  # x0: D(x0) = 0
    x_int = interior_concession(alpha, delta, mu, v)  # the FOC v = marginal reservation price
    x_max = max_concession(delta, eps)  # xbar
    if fixed:  # FIXED: the package is given
        x = np.broadcast_arrays(p["package"], x_free)[0].astype(float)
    else:  # FLEX: x* = clip(max(x0, x_int), 0, xbar)
        x = np.clip(np.maximum(x_free, x_int), 0.0, x_max)
    deficit, p_min = _reservation(x, x_free, alpha, log_ratio, delta, mu, eps)
    over_budget = p_min > budget
    # the autonomy bound decides "cannot be compensated", not p_min = inf (a tiny mu overflows p_min too)
    uncompensable = x * delta > compensable_limit(eps)
    budget_binds = np.zeros(np.shape(over_budget), dtype=bool)
    if not fixed and over_budget.any():  # [REVISED] the budget caps the package at x_B (U_req = 0)
        budget_binds, over_budget = np.atleast_1d(over_budget), budget_binds
        i = np.flatnonzero(budget_binds)  # evaluated for these dyads only: a few percent of a block
        a, lr, dl, m, b = (_at(value, i) for value in (alpha, log_ratio, delta, mu, budget))
        x, deficit, p_min = (
            np.array(np.broadcast_to(value, budget_binds.shape)) for value in (x, deficit, p_min)
        )
        x[i] = np.minimum(x[i], budget_concession(b, a, lr, dl, m))
        deficit[i], capped = _reservation(x[i], _at(x_free, i), a, lr, dl, m, eps)
        p_min[i] = np.minimum(capped, b)
    over_budget &= ~uncompensable
    patron_max = v * x - c  # the most the patron would pay for x
    surplus = patron_max - p_min  # G = v*x - c - p_min(x)
    forms = (surplus >= 0) & ~over_budget & ~uncompensable
    payment = p_min  # p* = p_min + beta0*G (beta0 = 0: the monopolist takes the surplus), within the budget
    if np.any(p["beta0"] != 0):
        payment = np.where(forms, np.minimum(p_min + p["beta0"] * surplus, np.maximum(budget, p_min)), p_min)
    # outcome codes without masked assignments: 2 (no surplus) + forms*(1 (free) + paid*(1 (paid) + capped))
    outcome = NO_DEAL_NEGATIVE_SURPLUS + forms * (1 + (payment > 0) * (1 + budget_binds))
    outcome = np.where(over_budget, NO_DEAL_OVER_BUDGET, outcome)
    outcome = np.where(uncompensable, NO_DEAL_UNCOMPENSABLE, outcome).astype(np.int8)
    floats = {
        "deficit": deficit,
        "reservation_payment": p_min,
        "patron_max": patron_max,
        "package": x,
        "payment": payment,
        "surplus": surplus,
        "patron_value": patron_max - payment,
        "free_concession": x_free,
        "interior_concession": x_int,
        "max_concession": x_max,
    }
    return floats, forms, outcome, budget_binds


def solve_arrays(
    inputs: Mapping[str, FloatArray], *, fixed: bool, eps: float, block_size: int = BLOCK
) -> tuple[dict[str, FloatArray], BoolArray, Int8Array, BoolArray]:
    """Solve every dyad; ``inputs`` holds float arrays (``alpha`` already resolved). Returns the float
    outputs, ``forms``, ``outcome`` and ``budget_binds``, each in the broadcast shape of the inputs."""
    shape = np.broadcast_shapes(*(inputs[k].shape for k in INPUTS))
    n = int(np.prod(shape))
    # a scalar input stays 0-d and broadcasts inside a block; an array input is flattened once
    flat = {
        k: inputs[k] if inputs[k].size == 1 else np.broadcast_to(inputs[k], shape).reshape(-1) for k in INPUTS
    }
    out = {k: np.empty(n) for k in FLOAT_OUTPUTS}
    forms, binds = np.empty(n, dtype=bool), np.empty(n, dtype=bool)
    outcome = np.empty(n, dtype=np.int8)
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        for start in range(0, n, block_size):
            block = slice(start, min(start + block_size, n))
            part = {k: value.reshape(()) if value.size == 1 else value[block] for k, value in flat.items()}
            floats, forms_b, outcome_b, binds_b = solve_block(part, fixed=fixed, eps=eps)
            m = block.stop - block.start
            for k in FLOAT_OUTPUTS:
                out[k][block] = np.broadcast_to(floats[k], (m,))
            forms[block], outcome[block], binds[block] = forms_b, outcome_b, binds_b
    return (
        {k: v.reshape(shape) for k, v in out.items()},
        forms.reshape(shape),
        outcome.reshape(shape),
        binds.reshape(shape),
    )
