"""Reservation prices, scarcity and the pivotal state's valuation of each candidate (models.md (g)).

Equations (all ``[PROPOSED]``; money in USD m per year, per-soldier costs in USD)::

    own_j    = c_j*n_j/10^6                                  # j's own cost of deploying
    rho_j    = max(0, own_j - w_j)                           # j's private reservation price
    sigma_m  = N_m / sum_j q_j*n_j                           # scarcity of contributions
    sub_j    = min(c_k/q_k, c_P) * q_j*n_j/10^6              # k: cheapest candidate not otherwise needed
    V_P,j    = V0_m*1[j in C_m] + min(c_P*q_j*n_j/10^6 + lambda_P*l_j, sub_j)

``sub_j`` is ``[REVISED]`` in models.md: k is the cheapest other candidate (by own cost per effective
soldier) left over once the cheaper others have covered ``N_m - q_j*n_j``; when none is left
(``sigma_m >= 1``) the substitute is P's own soldier. Scarcity counts *effective* troops because ``N_m``
does (``[REVISED]``: models.md writes ``n_j^available``). As in models.md only members of the critical set
``C_m`` -- those without whom the mission cannot go ahead -- carry ``V0_m``; a state with ``k_j >= kbar``
alone is typed a critical contributor (P initiates, side deal) but is not indispensable, and the covering
program and the hold-up model do not treat it as such either. References: ``henke2019buying``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from alliancelab._types import FloatArray
from alliancelab.coalition.mission import Mission

__all__ = [
    "MarketArrays",
    "market_arrays",
    "reservation_price",
    "scarcities",
    "scarcity",
    "substitute_cost",
    "valuation",
]

USD_PER_M = 1e6


@dataclass(frozen=True, slots=True)
class MarketArrays:
    """A mission as arrays over candidates (index order = ``mission.candidates``)."""

    troops: FloatArray  # n_j
    cost_per_soldier: FloatArray  # c_j, USD
    interest: FloatArray  # w_j, USD m
    quality: FloatArray  # q_j
    liquidity: FloatArray  # r_j, USD m
    legitimacy: FloatArray  # l_j
    critical: NDArray[np.bool_]  # j in C_m or k_j >= kbar
    must_include: NDArray[np.bool_]  # j in C_m (a hard constraint of the coalition)
    required: float | FloatArray  # N_m (one per mission when the arrays hold many missions)
    own_cost: float  # c_P, USD per soldier-year
    mission_value: float  # V0_m, USD m
    legitimacy_value: float  # lambda_P
    eagerness: float  # E_P

    @property
    def effective(self) -> FloatArray:
        """Effective troops ``q_j*n_j``."""
        return self.quality * self.troops

    @property
    def deploy_cost(self) -> FloatArray:
        """j's own cost of deploying, USD m/yr."""
        return self.cost_per_soldier * self.troops / USD_PER_M


def market_arrays(mission: Mission) -> MarketArrays:
    """Collect a validated mission's candidate fields into arrays."""
    cands = mission.candidates
    lead = mission.lead
    return MarketArrays(
        troops=np.array([c.troops for c in cands], dtype=float),
        cost_per_soldier=np.array([c.cost_per_soldier for c in cands], dtype=float),
        interest=np.array([c.intrinsic_interest for c in cands], dtype=float),
        quality=np.array([c.quality for c in cands], dtype=float),
        liquidity=np.array([c.liquidity for c in cands], dtype=float),
        legitimacy=np.array([c.legitimacy_weight for c in cands], dtype=float),
        critical=np.array(mission.is_critical(), dtype=bool),
        must_include=np.array([c.name in mission.critical for c in cands], dtype=bool),
        required=mission.required_troops,
        own_cost=lead.cost_per_soldier,
        mission_value=mission.mission_value,
        legitimacy_value=mission.legitimacy_value,
        eagerness=lead.eagerness,
    )


def reservation_price(cost_per_soldier: FloatArray, troops: FloatArray, interest: FloatArray) -> FloatArray:
    """``rho_j = max(0, c_j*n_j/10^6 - w_j)``: the least j accepts to deploy (USD m/yr). ``[PROPOSED]``.

    Henke: "States that have an intrinsic interest in deploying" need no reward for their willingness,
    only for the costs they cannot carry.
    """
    return np.maximum(0.0, cost_per_soldier * troops / USD_PER_M - interest)


def scarcity(required: float, effective: FloatArray) -> float:
    """``sigma_m = N_m / sum_j q_j*n_j`` (inf when nobody can contribute). ``[PROPOSED]`` ``[REVISED]``.

    Henke: success of opportunistic demands "depends most often on the overall availability of force
    contributions to a particular mission."
    """
    return float(scarcities(np.asarray(required, dtype=float), effective))


def scarcities(required: FloatArray, effective: FloatArray) -> FloatArray:
    """:func:`scarcity` of many missions: ``required`` ``(...)``, ``effective`` ``(..., candidates)``."""
    supply = np.sum(effective, axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray(np.where(supply > 0, required / np.where(supply > 0, supply, 1.0), np.inf), float)


def substitute_cost(
    cost_per_soldier: FloatArray,
    quality: FloatArray,
    troops: FloatArray,
    required: float | FloatArray,
    own_cost: float | FloatArray,
) -> FloatArray:
    """``sub_j``: cost of the next-best substitute for j's effective troops (USD m/yr). ``[REVISED]``.

    The other candidates are ranked by own cost per effective soldier ``c_k/q_k``; the cheapest of them
    cover ``N_m - q_j*n_j`` first, and the first one left over is j's substitute. With nobody left the
    substitute is P's own soldier ``c_P``; a substitute dearer than ``c_P`` is replaced by ``c_P``.
    Candidates are the last axis; leading axes (``required``, ``own_cost`` shaped like them) are missions.
    """
    effective = quality * troops
    unit = cost_per_soldier / quality
    n = unit.shape[-1]
    if n == 0:
        return np.asarray(unit, dtype=float)
    need = np.asarray(required, dtype=float)[..., None] - effective  # troops the others must cover
    own = np.asarray(own_cost, dtype=float)[..., None]
    order = np.argsort(unit, axis=-1, kind="stable")
    unit_sorted = np.take_along_axis(unit, order, axis=-1)
    eff_sorted = np.take_along_axis(effective, order, axis=-1)
    ranks = np.arange(n)
    position = np.empty(order.shape, dtype=int)
    np.put_along_axis(position, order, np.broadcast_to(ranks, order.shape), axis=-1)
    # before[..., j, i]: effective troops of the others ranked before i, when j is taken out of the ranking
    cum_before = np.concatenate(
        [np.zeros_like(eff_sorted[..., :1]), np.cumsum(eff_sorted, axis=-1)[..., :-1]], -1
    )
    later = ranks > position[..., :, None]
    before = cum_before[..., None, :] - np.where(later, effective[..., :, None], 0.0)
    eligible = (ranks != position[..., :, None]) & (before >= need[..., :, None] - 1e-9)
    has_sub = eligible.any(axis=-1)
    first = np.take_along_axis(unit_sorted, np.argmax(eligible, axis=-1), axis=-1)
    sub_unit = np.where(has_sub, np.minimum(first, own), own)
    return np.asarray(sub_unit * effective / USD_PER_M, dtype=float)


def valuation(m: MarketArrays) -> FloatArray:
    """``V_P,j = V0_m*1[j in C_m] + min(c_P*q_j*n_j + lambda_P*l_j, sub_j)`` (USD m/yr). ``[PROPOSED]``.

    Henke: pivotal states "reason that rewarding third parties to serve in a multilateral intervention
    holds significant political benefits (e.g., greater legitimacy of the operation or financial cost
    savings)". The value rises with scarcity through ``sub_j``.
    """
    own = m.own_cost * m.effective / USD_PER_M + m.legitimacy_value * m.legitimacy
    sub = substitute_cost(m.cost_per_soldier, m.quality, m.troops, m.required, m.own_cost)
    return np.asarray(m.mission_value * m.must_include + np.minimum(own, sub), dtype=float)
