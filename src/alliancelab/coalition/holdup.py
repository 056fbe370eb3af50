"""Mid-deployment hold-up and the payer's best response (models.md (g); all forms ``[PROPOSED]``).

Henke (seed 004): opportunistic states "can deploy and signal midway to reduce or withdraw their forces if
their demands for a quid pro quo are not met." The hold-up logic follows incomplete-contracting accounts of
basing (``cooley2008base``). In year ``t`` of a ``T``-year deployment (``h = T - t + 1`` years remain)::

    R_j   = min( h*c_P*q_j*n_j*(1 + surge)/10^6 + lambda_P*l_j*vis + h*V0_m*1[fails w/o j],   # replace
                 lambda_P*l_j*vis + h*V0_m*1[fails w/o j or troops short w/o j] )          # let go
    Wd_j  = reputation_j + h*(pi_j + w_j - c_j*n_j/10^6)     # j's loss from leaving: surplus forgone
    beta_hold = clip(bh0 + bh1*sigma_m, 0, 1)                 # rises with scarcity
    dpi_j = beta_hold*max(0, R_j - Wd_j) ;  threat iff dpi_j > threshold

``[REVISED]``: ``V0_m`` is a value per year, so a failure loses ``h*V0_m``; models.md's ``Wd_j`` adds
forgone payments and ``w_j``; here j also saves its own remaining
deployment cost by leaving, so the forgone *surplus* counts, and ``R_j`` is the cheaper of P's two
alternatives to paying. The payer answers a threat with the cheapest of: pay ``dpi_j`` (spread over the
remaining years, raising ``pi_j``), replace j with its own surged troops, or let j go (both save j's
remaining payments ``h*pi_j``). A mission "fails without j" if j is in the critical set or the flag
requirement binds.

Two options go beyond models.md. ``credible_only`` (``[REVISED]``, **on by default**): a threat is issued
only if j would really leave when refused (``Wd_j < 0``). models.md's literal rule (``credible_only=False``)
lets every contingent that is cheaper to keep than the surged soldiers who would replace it threaten in
every year, volunteers included (a 2,500-soldier Bangladeshi contingent costing 11 USD m/yr would demand
about 600 USD m), which contradicts the seed: opportunistic states threaten "on occasions" and "at times",
and succeed when the mission "is undergoing difficulties"; a bluff the payer could call is no threat.
``cost_shock`` (off by default) raises the contingents' own costs from the second year on -- Henke's troubled
mission ("the Korean War after the entry of China"), which is when opportunistic demands succeed.
References: ``henke2019buying``, ``cooley2008base``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from alliancelab._types import FloatArray
from alliancelab._validate import check_broadcast, check_range

__all__ = ["HoldupParams", "holdup_beta", "holdup_path", "risk_effort", "threat_demand"]

USD_PER_M = 1e6


@dataclass(frozen=True, slots=True)
class HoldupParams:
    """Hold-up parameters: surge premium, visibility of a withdrawal, bargaining share, threat threshold."""

    surge_premium: float = 0.25  # extra cost of surging own soldiers mid-deployment
    visibility: float = 1.0  # share of j's legitimacy lost when it leaves visibly
    beta_hold0: float = 0.2
    beta_hold1: float = 0.5
    threat_threshold: float = 1.0  # USD m: a demand below this is not worth a public threat
    credible_only: bool = True  # a threat needs Wd_j < 0: j would really leave if refused ([REVISED])
    cost_shock: float = 0.0  # from year 2 on, contingents' own costs rise by this share (a troubled mission)

    def __post_init__(self) -> None:
        # finite numbers only, as every number of a mission (this is a mission's [holdup] table)
        check_broadcast(self)
        check_range("cost_shock", self.cost_shock, -1, lo_open=True, hi_open=True, where="HoldupParams")
        check_range("surge_premium", self.surge_premium, 0, hi_open=True, where="HoldupParams")
        check_range("visibility", self.visibility, 0, 1, where="HoldupParams")
        check_range("beta_hold0", self.beta_hold0, 0, 1, where="HoldupParams")
        check_range("beta_hold1", self.beta_hold1, 0, hi_open=True, where="HoldupParams")
        check_range("threat_threshold", self.threat_threshold, 0, hi_open=True, where="HoldupParams")


def holdup_beta(sigma: ArrayLike, params: HoldupParams) -> FloatArray:
    """``beta_hold = clip(bh0 + bh1*sigma_m, 0, 1)``. Henke: pivotal states "face punishment challenges,
    especially in environments in which coalition participants are scarce." ``[PROPOSED]``"""
    s = np.asarray(sigma, dtype=float)
    return np.asarray(np.clip(params.beta_hold0 + params.beta_hold1 * s, 0.0, 1.0), dtype=float)


def threat_demand(
    replacement: ArrayLike, withdrawal: ArrayLike, sigma: ArrayLike, params: HoldupParams
) -> tuple[FloatArray, NDArray[np.bool_]]:
    """``dpi = beta_hold*max(0, R - Wd)`` and whether a threat is issued (``dpi > threshold``). Claim G7.

    Henke: opportunistic states "can deploy and signal midway to reduce or withdraw their forces if their
    demands for a quid pro quo are not met." ``[PROPOSED]``
    """
    r, wd = np.asarray(replacement, dtype=float), np.asarray(withdrawal, dtype=float)
    demand = holdup_beta(sigma, params) * np.maximum(0.0, r - wd)
    return np.asarray(demand, dtype=float), np.asarray(demand > params.threat_threshold, dtype=bool)


def risk_effort(interest: ArrayLike, success_share: ArrayLike, casualty_cost: ArrayLike) -> FloatArray:
    """CONJECTURE (G9): risk level ``eps_j = clip(w_j*success_share/cc, 0, 1)``. ``[PROPOSED]``.

    Henke flags this as the "pessimists'" view, contested: "States limit their coalition commitment to
    ensure a profit margin (i.e., they restrict their coalition involvement to a minimum, for example, via
    risk-averse operational strategies or caveats)." It follows from a convex casualty cost
    ``cc*eps^2/2``; the seeds give no evidence for it, so outputs label it a conjecture.
    """
    w, s, cc = (np.asarray(a, dtype=float) for a in (interest, success_share, casualty_cost))
    check_range("casualty_cost", cc, 0, lo_open=True)
    return np.asarray(np.clip(w * s / cc, 0.0, 1.0), dtype=float)


@dataclass(frozen=True, slots=True)
class _Deployment:
    names: tuple[str, ...]
    price: FloatArray  # pi_j, USD m/yr
    deploy_cost: FloatArray  # c_j*n_j/10^6
    interest: FloatArray  # w_j
    reputation: FloatArray
    effective: FloatArray
    legitimacy_credit: FloatArray  # lambda_P*l_j
    must_include: NDArray[np.bool_]


def holdup_path(
    deployment: pd.DataFrame,
    *,
    years: int,
    required: float,
    min_flags: int,
    own_cost: float,
    mission_value: float,
    sigma: float,
    params: HoldupParams | None = None,
) -> pd.DataFrame:
    """Year-by-year withdrawal threats by the deployed contingents and the payer's best responses.

    ``deployment`` has one row per deployed contingent with columns ``candidate``, ``price_usd_m``,
    ``deploy_cost_usd_m``, ``interest_usd_m``, ``reputation_usd_m``, ``effective_troops``,
    ``legitimacy_credit_usd_m`` and ``critical`` (see :func:`alliancelab.coalition.plan.deployment_frame`).
    Returns one row per (year, contingent still deployed) with ``R``, ``Wd``, the demand, whether a threat
    was issued, the response (``none``, ``pay``, ``replace``, ``let go``) and its cost to the payer (USD m);
    ``attrs["mission_failed_in_year"]`` is the year P chose to let the mission fail (None if it never did).
    """
    params = params or HoldupParams()
    check_range("years", years, 1)
    dep = _Deployment(
        names=tuple(deployment["candidate"]),
        price=deployment["price_usd_m"].to_numpy(dtype=float).copy(),
        deploy_cost=deployment["deploy_cost_usd_m"].to_numpy(dtype=float),
        interest=deployment["interest_usd_m"].to_numpy(dtype=float),
        reputation=deployment["reputation_usd_m"].to_numpy(dtype=float),
        effective=deployment["effective_troops"].to_numpy(dtype=float),
        legitimacy_credit=deployment["legitimacy_credit_usd_m"].to_numpy(dtype=float),
        must_include=deployment["critical"].to_numpy(dtype=bool),
    )
    present = np.ones(len(dep.names), dtype=bool)
    own_troops = max(0.0, required - float(dep.effective.sum()))
    rows: list[dict[str, object]] = []
    failed_in: int | None = None
    for year in range(1, years + 1):
        if failed_in is not None:
            break
        h = years - year + 1
        for j in range(len(dep.names)):
            if not present[j]:
                continue
            flags_bind = int(present.sum()) + 1 <= min_flags
            fails = bool(dep.must_include[j] or flags_bind)
            slack = float(dep.effective[present].sum()) + own_troops - required
            short = dep.effective[j] > slack + 1e-9
            visible = dep.legitimacy_credit[j] * params.visibility
            surge = own_cost * dep.effective[j] * (1 + params.surge_premium) / USD_PER_M
            replace_gross = h * (surge + mission_value * fails) + visible
            let_go_gross = visible + h * mission_value * (fails or short)
            r_j = min(replace_gross, let_go_gross)
            own_cost_now = dep.deploy_cost[j] * (1 + params.cost_shock if year >= 2 else 1.0)
            wd_j = dep.reputation[j] + h * (dep.price[j] + dep.interest[j] - own_cost_now)
            demand_arr, threat_arr = threat_demand(r_j, wd_j, sigma, params)
            demand, threat = float(demand_arr), bool(threat_arr)
            if params.credible_only and wd_j >= 0:
                threat = False  # j would stay if the payer called its bluff
            response, cost = "none", 0.0
            if threat:
                saved = h * dep.price[j]
                options = {"pay": demand, "replace": replace_gross - saved, "let go": let_go_gross - saved}
                response = min(options, key=lambda k: options[k])
                cost = float(options[response])
                if response == "pay":
                    dep.price[j] += demand / h
                else:
                    present[j] = False
                    if response == "replace":
                        own_troops += float(dep.effective[j])
                    elif fails or short:
                        failed_in = year  # P let the mission fail: later years have no deployment
            rows.append({"year": year, "candidate": dep.names[j], "replacement_cost_usd_m": r_j,
                         "withdrawal_cost_usd_m": wd_j, "demand_usd_m": demand, "threat": threat,
                         "response": response, "cost_usd_m": cost})  # fmt: skip
    frame = pd.DataFrame(rows)
    frame.attrs["mission_failed_in_year"] = failed_in
    return frame
