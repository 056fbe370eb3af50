"""Scalar references for the coalition market (models.md (g)), written from the equations alone.

Plain-Python ``math`` over candidate records (the dicts of ``coalition_strategies``), one candidate at a time,
without importing ``alliancelab.coalition``: agreement with :func:`alliancelab.coalition.pricing.quote` checks
the vectorised valuation (the ranking of substitutes, the ``min`` with P's own soldier), not a copy of it.
"""

from __future__ import annotations

from typing import Any

USD_PER_M = 1e6


def reservation_price(cand: dict[str, Any]) -> float:
    """``rho_j = max(0, c_j*n_j/10^6 - w_j)``."""
    return max(0.0, cand["cost_per_soldier"] * cand["troops"] / USD_PER_M - cand["intrinsic_interest"])


def substitute_unit_cost(j: int, cands: list[dict[str, Any]], required: float, own_cost: float) -> float:
    """USD per effective soldier of j's substitute: the first other candidate, by ``c_k/q_k``, left over
    once the cheaper others cover ``N_m - q_j*n_j``; P's own soldier if none is left or it is dearer."""
    effective = [c["troops"] * c.get("quality", 1.0) for c in cands]
    unit = [c["cost_per_soldier"] / c.get("quality", 1.0) for c in cands]
    need = required - effective[j]
    covered = 0.0
    for k in sorted(range(len(cands)), key=lambda i: (unit[i], i)):
        if k == j:
            continue
        if covered >= need - 1e-9:
            return min(unit[k], own_cost)
        covered += effective[k]
    return own_cost


def valuation(
    j: int,
    cands: list[dict[str, Any]],
    *,
    required: float,
    own_cost: float,
    mission_value: float,
    legitimacy_value: float,
    critical: set[str],
) -> float:
    """``V_P,j = V0*1[j in C_m] + min(c_P*q_j*n_j/10^6 + lambda_P*l_j, sub_j)`` (USD m/yr)."""
    cand = cands[j]
    effective = cand["troops"] * cand.get("quality", 1.0)
    own = own_cost * effective / USD_PER_M + legitimacy_value * cand.get("legitimacy_weight", 0.0)
    sub = substitute_unit_cost(j, cands, required, own_cost) * effective / USD_PER_M
    return mission_value * (cand["name"] in critical) + min(own, sub)


def mixed_price(value: float, rho_lo: float, rho_hi: float, eagerness: float, beta: float) -> float:
    """MIXED price: ``pi = E*V + (1-E)*min(pi*, V)``, ``pi* = clip((V + rho_lo)/2, rho_lo, rho_hi)`` (``V``
    where screening makes no offer, ``V <= rho_lo``), then the markup ``pi + beta*(V - pi)``."""
    screen = value if value <= rho_lo else min(max((value + rho_lo) / 2, rho_lo), rho_hi)
    posted = eagerness * value + (1 - eagerness) * min(screen, value)
    return posted + beta * (value - posted)
