"""Scalar reference implementations of models.md (e), written independently of the vectorised kernels.

Plain Python floats and loops, straight from the equations; the tests check the vectorised library
against these (vectorised == scalar) and the O&Z solver against best-response iteration.
"""

from __future__ import annotations

import math

from scipy.optimize import brentq


def best_response(income: float, taste: float, joint: float, others: float) -> float:
    """Member's best response to the others' total spending ``X_-j`` (maximises ``U_j`` over ``m``)."""
    if joint == 0.0:
        # FOC of ln(K - m) + b ln(m + X_-j): K - m = (m + X_-j)/b
        return max(0.0, (taste * income - others) / (1.0 + taste))

    def foc(m: float) -> float:
        return -1.0 / (income - m) + taste / (m + others) + joint / m

    tiny = income * 1e-15
    return float(brentq(foc, tiny, income - tiny, xtol=1e-14 * income, rtol=1e-14, maxiter=500))


def nash_by_iteration(
    incomes: list[float], tastes: list[float], joints: list[float], *, sweeps: int = 20000, tol: float = 1e-12
) -> list[float]:
    """Gauss–Seidel best-response iteration from everyone spending nothing (pure) or 1% of income."""
    m = [0.01 * k if c > 0 else 0.0 for k, c in zip(incomes, joints, strict=True)]
    for _ in range(sweeps):
        biggest_move = 0.0
        for j, (k, b, c) in enumerate(zip(incomes, tastes, joints, strict=True)):
            new = best_response(k, b, c, sum(m) - m[j])
            biggest_move = max(biggest_move, abs(new - m[j]))
            m[j] = new
        if biggest_move <= tol * max(1.0, sum(m)):
            break
    return m


def credibility(k0: float, k1: float, k2: float, k3: float, rho: float, psi: float, v_rel: float) -> float:
    return min(1.0, max(0.0, k0 + k1 * rho + k2 * psi - k3 * v_rel))


def exit_risk(spending: float, threshold: float) -> float:
    return min(1.0, (spending / threshold) ** 2)


def pressure_value(
    potential: float,
    *,
    threat: float = 0.5,
    strain: float = 0.5,
    demand: float = 0.01,
    baseline: float = 0.02,
    control_value: float = 500.0,
    cost: float = 5.0,
    zbar: float = 400.0,
    s0: float = 1.0,
    horizon: float = 1.0,
) -> float:
    """``N(K)`` with the quadratic exit stand-in read at the horizon stock ``Hz*e*K``, one ally at a time."""
    s_h = s0 * (1 + threat) * (1 + strain)
    m_star = threat * zbar
    pressed, baseline_stock = horizon * (baseline + demand) * potential, horizon * baseline * potential
    loss = exit_risk(pressed, m_star) - exit_risk(baseline_stock, m_star)
    return s_h * demand * potential - control_value * loss - cost


def reassurance_value(
    potential: float,
    *,
    threat: float = 0.5,
    strain: float = 0.5,
    demand: float = 0.01,
    baseline: float = 0.02,
    control_value: float = 500.0,
    cost: float = 5.0,
    zbar: float = 400.0,
    s0: float = 1.0,
    horizon: float = 1.0,
) -> float:
    """``N-(K)``: the burden falls by ``demand`` (not below 0), exit risk read at ``Hz*e*K``."""
    s_h = s0 * (1 + threat) * (1 + strain)
    m_star = threat * zbar
    lowered = max(0.0, baseline - demand)
    gain = exit_risk(horizon * baseline * potential, m_star) - exit_risk(
        horizon * lowered * potential, m_star
    )
    return -s_h * demand * potential + control_value * gain - cost


def complies(kappa: float, mu: float, ben: float, baseline: float, demand: float) -> bool:
    return math.log((1 - baseline) / (1 - baseline - demand)) <= kappa * mu * ben


def pressure_decision(press_value: float, reassure_value: float, comply: bool) -> int:
    """``q = +1`` iff the ally complies and ``N > max(0, N-)``; ``-1`` iff ``N- > max(0, N)``; else 0."""
    if comply and press_value > max(0.0, reassure_value):
        return 1
    if reassure_value > max(0.0, press_value):
        return -1
    return 0
