"""Scalar reference for the formation model (section (a)): plain-Python ``math``, one dyad at a time.

Written from models.md directly, without numpy and without importing :mod:`alliancelab.theory.formation`,
so that agreement with the vectorised kernel checks the kernel, not a copy of it.
"""

from __future__ import annotations

import math
from typing import Any


def reference_solve(p: dict[str, Any]) -> dict[str, Any]:
    """Solve one dyad; ``p`` holds scalar values for every field of ``FormationParams``."""
    T, phi, chi, q0 = p["T"], p["phi"], p["chi"], p["q0"]
    eps = p.get("eps", 1e-3)
    alpha = p.get("alpha")
    if alpha is None:
        alpha = min(0.95, max(0.05, p.get("a0", 0.3) + p.get("a1", 0.6) * T))
    q = q0 + (1 - q0) * chi if chi >= 0 else q0 * (1 + chi)
    s0 = 1 - T * (1 - phi)
    # ln(sA/s0) with sA = 1 - T(1-phi)(1-q): sA/s0 = 1 + T(1-phi)q/s0 (log1p: accurate for tiny gains)
    log_ratio = math.log1p(T * (1 - phi) * q / s0)
    delta = p["sal"] * (p["omega0"] + p["d"])
    mu, v, c, budget = p["mu"], p["v"], p["c"], p["budget"]

    def beyond_compensation(x: float) -> bool:
        return x * delta > (1 - eps) * (1 + 8 * 2.220446049250313e-16)  # xbar itself is compensable

    def deficit(x: float) -> float:
        if beyond_compensation(x):
            return math.inf
        return -alpha * log_ratio - (1 - alpha) * math.log1p(-x * delta)

    x_free = -math.expm1(-alpha / (1 - alpha) * log_ratio) / delta
    x_int = 1 / delta - (1 - alpha) / (mu * v) if mu * v > 0 else -math.inf
    x_max = min(1.0, (1 - eps) / delta)
    budget_binds = False
    if p["mode"] == "FLEX":
        x = min(max(max(x_free, x_int), 0.0), x_max)
        if x > x_free and max(0.0, deficit(x)) / mu > budget:
            x_budget = -math.expm1(-(mu * budget + alpha * log_ratio) / (1 - alpha)) / delta
            x = min(x, x_budget)
            budget_binds = True
    else:
        x = p["package"]
    free = x <= x_free
    dx = deficit(x)
    if free:
        dx = min(dx, 0.0)
    p_min = 0.0 if free else max(0.0, dx) / mu
    if budget_binds:
        p_min = min(p_min, budget)
    patron_max = v * x - c
    surplus = patron_max - p_min
    # the autonomy bound decides "cannot be compensated", not p_min = inf (a tiny mu overflows p_min too)
    uncompensable = beyond_compensation(x)
    over_budget = (not uncompensable) and p_min > budget and p["mode"] == "FIXED"
    forms = surplus >= 0 and not uncompensable and not over_budget
    payment = p_min
    if forms:
        payment = min(p_min + p.get("beta0", 0.0) * surplus, max(budget, p_min))
    if uncompensable:
        outcome = "uncompensable"
    elif over_budget:
        outcome = "over budget"
    elif not forms:
        outcome = "negative surplus"
    elif payment <= 0:
        outcome = "free concessions"
    else:
        outcome = "side payment, package cut to the budget" if budget_binds else "side payment"
    return {
        "deficit": dx,
        "reservation_payment": p_min,
        "patron_max": patron_max,
        "package": x,
        "payment": payment,
        "surplus": surplus,
        "forms": forms,
        "budget_binds": budget_binds,
        "free_concession": x_free,
        "interior_concession": x_int,
        "max_concession": x_max,
        "outcome": outcome,
    }
