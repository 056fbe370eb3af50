"""The formation solver as it was until 2026-12 (blocked, in-place ufuncs): the peer of bench_theory.py.

Kept verbatim so that the benchmark measures the readable kernel of
:mod:`alliancelab.theory._formation_kernel` against it in the same run; nothing in the package imports it.

The solver of :func:`alliancelab.theory.formation.solve`, written for speed.

Same equations as the module docstring of :mod:`alliancelab.theory.formation` (section (a) of models.md),
evaluated block by block so that the working arrays stay in the CPU cache, with in-place ufuncs and three
transcendental calls per dyad (``log1p`` for the security ratio, ``expm1`` for ``x0``, ``log1p`` for
``D(x*)``); the budget cap ``x_B`` is evaluated only for the dyads whose budget binds. The scalar reference
``tests/theory/reference_formation.py`` checks it dyad by dyad.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]  # this frozen copy keeps its own aliases
Operand = float | FloatArray

BLOCK = 1 << 14  # dyads per block: about 30 work arrays of 128 KiB stay in L2
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
_WORK = (
    "exposure",
    "protection",
    "log_ratio",
    "alpha_log_ratio",
    "one_minus_alpha",
    "delta",
    "inv_delta",
    "xd",
)

# outcome codes, as in formation.OUTCOME_LABELS
_UNCOMPENSABLE, _OVER_BUDGET, _NEGATIVE_SURPLUS = 0, 1, 2  # then 3 free, 4 paid, 5 paid with capped package


def _flat(value: FloatArray, shape: tuple[int, ...]) -> Operand:
    """A scalar stays a Python float; an array becomes a flat array of the full broadcast size."""
    if value.size == 1:
        return float(value.reshape(()))
    if value.shape == shape:
        return value.reshape(-1)
    return np.broadcast_to(value, shape).reshape(-1)


def _part(value: Operand, index: slice | npt.NDArray[np.intp]) -> Operand:
    return value if isinstance(value, float) else value[index]


def solve_arrays(
    inputs: Mapping[str, FloatArray], *, fixed: bool, eps: float, guard: float
) -> tuple[dict[str, FloatArray], npt.NDArray[np.bool_], npt.NDArray[np.int8], npt.NDArray[np.bool_]]:
    """Solve every dyad; ``inputs`` holds float arrays (``alpha`` already resolved). Returns the float
    outputs, ``forms``, ``outcome`` and ``budget_binds``, each in the broadcast shape of the inputs."""
    shape = np.broadcast_shapes(*(inputs[k].shape for k in INPUTS))
    n = int(np.prod(shape))
    flat = {k: _flat(inputs[k], shape) for k in INPUTS}
    out = {k: np.empty(n) for k in FLOAT_OUTPUTS}
    forms = np.empty(n, dtype=bool)
    outcome = np.empty(n, dtype=np.int8)
    binds = np.zeros(n, dtype=bool)
    work = {k: np.empty(min(n, BLOCK)) for k in _WORK}
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        for start in range(0, n, BLOCK):
            block = slice(start, min(start + BLOCK, n))
            m = block.stop - block.start
            _block(
                {k: _part(v, block) for k, v in flat.items()},
                {k: v[block] for k, v in out.items()},
                {k: v[:m] for k, v in work.items()},
                forms[block],
                outcome[block],
                binds[block],
                fixed=fixed,
                eps=eps,
                guard=guard,
            )
    return (
        {k: v.reshape(shape) for k, v in out.items()},
        forms.reshape(shape),
        outcome.reshape(shape),
        binds.reshape(shape),
    )


def _block(
    p: Mapping[str, Operand],
    out: Mapping[str, FloatArray],
    w: Mapping[str, FloatArray],
    forms: npt.NDArray[np.bool_],
    outcome: npt.NDArray[np.int8],
    binds: npt.NDArray[np.bool_],
    *,
    fixed: bool,
    eps: float,
    guard: float,
) -> None:
    T, phi, chi, q0, mu, v, c, budget = (p[k] for k in ("T", "phi", "chi", "q0", "mu", "v", "c", "budget"))
    alpha = p["alpha"]
    e, q, lr, alr, oma = (
        w["exposure"],
        w["protection"],
        w["log_ratio"],
        w["alpha_log_ratio"],
        w["one_minus_alpha"],
    )
    delta, inv_delta, xd = w["delta"], w["inv_delta"], w["xd"]
    x, x_free, x_int, x_max = (
        out["package"],
        out["free_concession"],
        out["interior_concession"],
        out["max_concession"],
    )
    deficit, p_min, patron_max = out["deficit"], out["reservation_payment"], out["patron_max"]

    # security: e = T(1-phi); q = q0*(1 - |chi|) + max(chi, 0), which is q0 + (1-q0)*chi for chi >= 0 and
    # q0*(1+chi) below (no branch); ln(sA/s0) = ln(1 + e*q/(1-e))
    np.subtract(1.0, phi, out=e)
    np.multiply(e, T, out=e)
    if isinstance(chi, float):
        q.fill(abs(chi))
    else:
        np.abs(chi, out=q)
    np.subtract(1.0, q, out=q)
    np.multiply(q, q0, out=q)
    np.add(q, np.maximum(chi, 0.0), out=q)
    np.multiply(e, q, out=lr)
    np.subtract(1.0, e, out=e)  # e now holds s0 = 1 - T(1-phi)
    np.divide(lr, e, out=lr)
    np.log1p(lr, out=lr)
    np.multiply(alpha, lr, out=alr)
    np.subtract(1.0, alpha, out=oma)
    # autonomy: delta = sal*(omega0 + d)
    np.add(p["omega0"], p["d"], out=delta)
    np.multiply(delta, p["sal"], out=delta)
    np.divide(1.0, delta, out=inv_delta)
    # x0 = -expm1(-alpha*ln(ratio)/(1-alpha))/delta; x_int = 1/delta - (1-alpha)/(mu*v)
    # xbar = min(1, (1-eps)/delta)
    np.divide(alr, oma, out=x_free)
    np.negative(x_free, out=x_free)
    np.expm1(x_free, out=x_free)
    np.multiply(x_free, inv_delta, out=x_free)
    np.negative(x_free, out=x_free)
    np.multiply(mu, v, out=x_int)
    np.divide(oma, x_int, out=x_int)
    np.subtract(inv_delta, x_int, out=x_int)
    np.multiply(inv_delta, 1.0 - eps, out=x_max)
    np.minimum(x_max, 1.0, out=x_max)
    if fixed:
        np.copyto(x, p["package"])
    else:
        np.maximum(x_free, x_int, out=x)
        np.minimum(x, x_max, out=x)
        np.maximum(x, 0.0, out=x)
    # D(x) = -alpha*ln(ratio) - (1-alpha)*ln(1 - x*delta); p_min = max(0, D)/mu, exactly 0 up to x0
    np.multiply(x, delta, out=xd)
    np.negative(xd, out=deficit)
    np.log1p(deficit, out=deficit)
    np.multiply(deficit, oma, out=deficit)
    np.add(deficit, alr, out=deficit)
    np.negative(deficit, out=deficit)
    uncompensable = None
    if fixed:  # x*delta > 1-eps: no payment compensates (FLEX never goes beyond xbar)
        uncompensable = np.greater(xd, guard)
        np.copyto(deficit, np.inf, where=uncompensable)
    free = np.less_equal(x, x_free)
    np.copyto(
        deficit, np.minimum(deficit, 0.0), where=free
    )  # D(x0) = 0 exactly: no residue reads as a payment
    np.maximum(deficit, 0.0, out=p_min)
    np.divide(p_min, mu, out=p_min)
    over = np.greater(p_min, budget)
    over_budget = None
    if uncompensable is not None:
        # by x*delta, not by p_min = inf: a tiny mu can overflow p_min for a compensable package, and that
        # dyad fails on the budget or the surplus, not on the autonomy bound
        over_budget = over & ~uncompensable
    elif over.any():  # [REVISED] the budget caps the package: x_B with U_req = 0
        binds |= over
        idx = np.flatnonzero(over)
        _cap_to_budget(idx, p, out, w, free)
    np.multiply(v, x, out=patron_max)
    np.subtract(patron_max, c, out=patron_max)
    surplus, payment = out["surplus"], out["payment"]
    np.subtract(patron_max, p_min, out=surplus)
    np.greater_equal(surplus, 0.0, out=forms)
    if over_budget is not None:
        forms &= ~over_budget
    beta0 = p["beta0"]
    if isinstance(beta0, float) and beta0 == 0.0:
        np.copyto(payment, p_min)
    else:  # generalised Nash: the client takes beta0 of the surplus, within the budget
        share = np.where(forms, np.multiply(beta0, surplus), 0.0)
        np.add(p_min, share, out=payment)
        np.minimum(payment, np.maximum(budget, p_min), out=payment)
    np.subtract(patron_max, payment, out=out["patron_value"])
    # outcome = 2 (no surplus) + forms*(1 (free) + paid*(1 (paid) + capped)), without masked assignments
    paid = np.greater(payment, 0.0)
    np.add(binds, 1, out=outcome)
    np.multiply(outcome, paid, out=outcome)
    np.add(outcome, 1, out=outcome)
    np.multiply(outcome, forms, out=outcome)
    np.add(outcome, _NEGATIVE_SURPLUS, out=outcome)
    if over_budget is not None and uncompensable is not None:
        outcome[over_budget] = _OVER_BUDGET
        outcome[uncompensable] = _UNCOMPENSABLE


def _cap_to_budget(
    idx: npt.NDArray[np.intp],
    p: Mapping[str, Operand],
    out: Mapping[str, FloatArray],
    w: Mapping[str, FloatArray],
    free: npt.NDArray[np.bool_],
) -> None:
    """FLEX dyads whose reservation payment exceeds the budget: ``x = min(x, x_B)``, ``p = min(p_min, B)``."""
    mu, budget = _part(p["mu"], idx), _part(p["budget"], idx)
    alr, oma, delta = w["alpha_log_ratio"][idx], w["one_minus_alpha"][idx], w["delta"][idx]
    x_budget = -np.expm1(-(np.multiply(mu, budget) + alr) / oma) / delta
    x = np.minimum(out["package"][idx], x_budget)
    deficit = -alr - oma * np.log1p(-x * delta)
    now_free = x <= out["free_concession"][idx]
    deficit = np.where(now_free, np.minimum(deficit, 0.0), deficit)
    out["package"][idx] = x
    out["deficit"][idx] = deficit
    out["reservation_payment"][idx] = np.where(
        now_free, 0.0, np.minimum(np.maximum(deficit, 0.0) / mu, budget)
    )
    free[idx] = now_free
