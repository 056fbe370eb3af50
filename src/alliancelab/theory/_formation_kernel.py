r"""The per-dyad equations of alliance formation, written once: the building blocks and their composition.

The building blocks (:func:`protection`, :func:`log_security_ratio`, :func:`autonomy_cost`,
:func:`deficit_at`, :func:`free_concession`, :func:`interior_concession`, :func:`max_concession`,
:func:`budget_concession`) are the equations of :mod:`alliancelab.theory.formation`'s module docstring
(section (a) of models.md), each a numpy expression over arrays of dyads; ``formation`` re-exports them and
the realignment and maintenance models reuse them. :func:`solve_block` composes them in the order of the
docstring; :func:`solve_arrays` runs it over blocks of ``BLOCK`` dyads so that the temporaries of one block
stay in the CPU cache (whole-array expressions over millions of dyads would stream every temporary through
main memory). The scalar reference ``tests/theory/reference_formation.py`` checks it dyad by dyad;
``benchmarks/bench_theory.py`` measures it against the in-place kernel it replaced
(``benchmarks/formation_kernel_2026_11.py``).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from alliancelab._types import BoolArray, FloatArray, Int8Array, IntArray, Real
from alliancelab._types import as_float as _f

__all__ = [
    "BLOCK",
    "FLOAT_OUTPUTS",
    "FREE_CONCESSIONS",
    "INPUTS",
    "NO_DEAL_NEGATIVE_SURPLUS",
    "NO_DEAL_OVER_BUDGET",
    "NO_DEAL_UNCOMPENSABLE",
    "OUTCOME_LABELS",
    "SIDE_PAYMENT",
    "SIDE_PAYMENT_BUDGET_CAPPED",
    "autonomy_cost",
    "budget_concession",
    "compensable_limit",
    "deficit_at",
    "free_concession",
    "interior_concession",
    "log_security_ratio",
    "max_concession",
    "protection",
    "solve_arrays",
    "solve_block",
]

# Outcome codes of :func:`solve` (index into OUTCOME_LABELS); solve_block's outcome arithmetic relies on
# the alliances following NO_DEAL_NEGATIVE_SURPLUS in this order.
NO_DEAL_UNCOMPENSABLE, NO_DEAL_OVER_BUDGET, NO_DEAL_NEGATIVE_SURPLUS = 0, 1, 2
FREE_CONCESSIONS, SIDE_PAYMENT, SIDE_PAYMENT_BUDGET_CAPPED = 3, 4, 5
OUTCOME_LABELS: tuple[str, ...] = (
    "no alliance: the package cannot be compensated (x*delta > 1-eps)",
    "no alliance: the reservation payment exceeds the patron's budget",
    "no alliance: the joint surplus is negative",
    "alliance without side payment (free concessions)",
    "alliance with side payment",
    "alliance with side payment, package cut to the budget",
)


def protection(q0: Real, chi: Real) -> FloatArray:
    """Protection ``q = q0 + (1-q0)*chi`` if ``chi >= 0`` else ``q0*(1+chi)``. [PROPOSED][REVISED]

    Kabir 2019 (seed 000): "in the absence of a common threat or shared interests, the trade-off tends to
    leave a deficit": a common threat (``chi > 0``) raises protection above the baseline ``q0``, and a
    patron that backs the client's adversary (``chi < 0``) protects less than ``q0`` (models.md 0.2: with
    ``max(0, chi)`` such a patron changed nothing).
    """
    q0a, chia = _f(q0), _f(chi)
    # both branches at once: q0*(1 - |chi|) + max(chi, 0) is q0 + (1-q0)*chi for chi >= 0, q0*(1+chi) below
    return np.asarray(q0a * (1 - np.abs(chia)) + np.maximum(chia, 0.0), dtype=float)


def log_security_ratio(T: Real, phi: Real, q: Real) -> FloatArray:
    """``ln(sA/s0) = ln(1 + T(1-phi)*q/(1 - T(1-phi)))``: the security gain of aligning. [PROPOSED]

    The same ratio as :func:`security_terms` (``sA/s0 = 1 + T(1-phi)q/s0``), through ``log1p`` so that a
    small gain keeps its digits.
    """
    exposure = _f(T) * (1 - _f(phi))
    return np.log1p(exposure * _f(q) / (1 - exposure))


def autonomy_cost(sal: Real, omega0: Real, d: Real) -> FloatArray:
    """``delta = sal*(omega0 + d)``: the autonomy a client gives up with the full package (x = 1)."""
    return _f(sal) * (_f(omega0) + _f(d))


def deficit_at(x: Real, alpha: Real, log_ratio: Real, delta: Real, eps: float = 1e-3) -> FloatArray:
    """``D(x) = -alpha*ln(ratio) - (1-alpha)*ln(1 - x*delta)``, ``+inf`` where ``x*delta > 1-eps``.

    Array-level form of :func:`client_deficit` for callers holding the security terms (the realignment
    model evaluates it per patron).
    """
    a, xd = _f(alpha), _f(x) * _f(delta)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = -a * _f(log_ratio) - (1 - a) * np.log1p(-np.minimum(xd, 1.0))
    return np.where(xd > compensable_limit(eps), np.inf, out)


def compensable_limit(eps: float) -> float:
    """The largest ``x*delta`` a payment can still compensate, ``1 - eps`` (with a rounding margin)."""
    # xbar = (1-eps)/delta itself must stay compensable: rounding in xbar*delta must not read as >= 1-eps
    return (1 - eps) * (1 + 8 * np.finfo(float).eps)


def free_concession(alpha: Real, log_ratio: Real, delta: Real) -> FloatArray:
    """``x0 = (1 - ratio^(-alpha/(1-alpha)))/delta``: the largest package with ``D(x) <= 0``. [PROPOSED]

    Solves ``D(x0) = 0``: the concessions a common threat buys without money (Kabir's self-enforcing case).
    """
    a = _f(alpha)
    return -np.expm1(-a / (1 - a) * _f(log_ratio)) / _f(delta)


def interior_concession(alpha: Real, delta: Real, mu: Real, v: Real) -> FloatArray:
    """``x_int = 1/delta - (1-alpha)/(mu*v)``: the FOC ``v = (1-alpha)*delta/(mu*(1-x*delta))``. [PROPOSED]

    The patron buys concessions beyond ``x0`` until their value ``v`` equals the marginal reservation price.
    """
    with np.errstate(divide="ignore", over="ignore"):
        return 1 / _f(delta) - (1 - _f(alpha)) / (_f(mu) * _f(v))


def max_concession(delta: Real, eps: float = 1e-3) -> FloatArray:
    """``xbar = min(1, (1-eps)/delta)``: the largest package that money can still compensate. [PROPOSED]"""
    return np.minimum(1.0, (1 - eps) / _f(delta))


def budget_concession(
    budget: Real,
    alpha: Real,
    log_ratio: Real,
    delta: Real,
    mu: Real,
    *,
    required_utility: Real = 0.0,
    credibility: Real = 1.0,
) -> FloatArray:
    """Largest package the budget buys, ``x_B = (1 - exp(-(mu*y + alpha*ln ratio)/(1-alpha)))/delta``.

    ``y = pi*B - U_req/mu`` (section (c), ``[REVISED]``); in a monopoly ``U_req = 0`` and ``pi = 1``. A
    negative ``x_B`` means no package meets the requirement within the budget.
    """
    a, m = _f(alpha), _f(mu)
    y = _f(credibility) * _f(budget) - _f(required_utility) / m
    with np.errstate(invalid="ignore"):
        return -np.expm1(-(m * y + a * _f(log_ratio)) / (1 - a)) / _f(delta)


# dyads per block: the ~25 temporaries (128 KiB each) stay in cache; 2^14 measured fastest of 2^13..2^16
BLOCK = 1 << 14
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
            for k in FLOAT_OUTPUTS:
                out[k][block] = floats[k]  # a 0-d value broadcasts over the block
            forms[block], outcome[block], binds[block] = forms_b, outcome_b, binds_b
    return (
        {k: v.reshape(shape) for k, v in out.items()},
        forms.reshape(shape),
        outcome.reshape(shape),
        binds.reshape(shape),
    )
