"""Stages 1, 4 and 5 of the period loop: the exogenous world, burden-sharing, and legitimacy (roll calls).

All arrays over ``(runs, states)``; every function is pure (its inputs are arrays and the scenario).

* **Exogenous** (models.md 0.3 step 1, section (d)): ``ln K`` grows with a shock and ``M`` scales with
  ``K``; threat follows an AR(1) clipped to ``[0, .999]``; ideal points drift; leader change (hazard
  ``h + h_new`` for ``L0`` years after a change) moves ``theta`` by ``N(0, s_LC(W)^2)``
  (:func:`~alliancelab.theory.maintenance.leader_swing_sd`); regime change (hazard
  ``clip(base + slope*h)``) redraws ``W`` (coup or democratization), raises ``S`` to ``W`` and moves
  ``theta`` away from the client's patron by ``|N(m_RC, s_RC^2)|`` -- the rules of
  :mod:`alliancelab.theory.maintenance`. Patron strain ``rho_k`` is drawn around its mean each year.
* **Burden** (section (e)): baseline effort is the Olson-Zeckhauser Nash equilibrium
  (:func:`~alliancelab.theory.burden.nash_equilibrium`) among each patron's clients (the patron's own
  effort is its protection ``q``, priced in (a)); an unaligned state is a one-member alliance. The patron
  presses, reassures or leaves alone each ally (:func:`~alliancelab.theory.burden.pressure_decision`,
  Goldilocks); an ally that is pressed complies by construction (H presses only where the ally complies)
  and spends ``Delta`` more. ``M' = (1-dep)*M + e*K``; an ally whose new capability makes protection worth
  less than the autonomy it costs exits (the structural exit check, with the review's band).
* **Legitimacy** (section (f)): ``roll_calls`` UNGA-style votes a year at positions around ``theta_H``
  (:func:`~alliancelab.theory.legitimacy.vote_probability`), and with probability ``contested_rate`` a
  contested action that each state supports or not
  (:func:`~alliancelab.theory.legitimacy.support_probability`);
  the legitimacy produced is ``1 - exp(-sum l_j)`` over the supporters.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from alliancelab._types import BoolArray, FloatArray
from alliancelab.sim.scenario import Scenario
from alliancelab.sim.world import Shocks, WorldState
from alliancelab.theory.burden import (
    AllyContract,
    ControlParams,
    PublicGoodParams,
    gross_alliance_value,
    nash_equilibrium,
    pressure_decision,
    security_ratio,
)
from alliancelab.theory.legitimacy import (
    ContestedAction,
    legitimating_weight,
    support_probability,
    vote_probability,
)
from alliancelab.theory.maintenance import leader_swing_sd

__all__ = [
    "Burden",
    "Exogenous",
    "Votes",
    "baseline_burden",
    "burden_stage",
    "exogenous_stage",
    "legitimacy_stage",
    "legitimating_weights",
]

THREAT_CAP = 1 - 1e-3  # T stays below 1 so that security alone s0 > 0 (models.md 0.2)
SIZE_SCALE = 100.0  # USD bn: a state of this latent potential has legitimating size 1


@dataclass(frozen=True, slots=True)
class Exogenous:
    """The world after this year's exogenous moves (before any bargaining)."""

    K: FloatArray
    M: FloatArray
    T: FloatArray
    theta: FloatArray
    W: FloatArray
    S: FloatArray
    tenure: npt.NDArray[np.int64]
    hazard: FloatArray  # leader hazard this year, h + h_new while new
    leader_change: BoolArray
    regime_change: BoolArray
    democratization: BoolArray
    strain: FloatArray  # (runs, patrons)
    budget: FloatArray  # (runs, patrons)
    active: BoolArray  # (runs, patrons): the patron bids this year


def exogenous_stage(state: WorldState, shocks: Shocks, scenario: Scenario) -> Exogenous:
    """Step 1 of the period loop (see the module docstring)."""
    dyn, t = scenario.dynamics, state.year
    growth = dyn.growth + dyn.growth_sd * shocks.growth
    K = state.K * np.exp(growth)
    M = state.M * np.exp(growth)  # a capability shock scales M with K, so phi moves (models.md (d))
    T = np.clip(
        state.T0 + dyn.threat_persistence * (state.T - state.T0) + dyn.threat_sd * shocks.threat,
        0.0,
        THREAT_CAP,
    )
    theta = np.clip(state.theta + dyn.ideal_point_sd * shocks.theta, 0.0, 1.0)
    new_leader = state.tenure < dyn.new_leader_periods
    hazard_start = np.clip(state.h + dyn.new_leader_hazard * new_leader, 0.0, 1.0)
    hazard_rc = np.clip(dyn.regime_hazard_base + dyn.regime_hazard_slope * hazard_start, 0.0, 1.0)
    rc = shocks.regime_u < hazard_rc
    lc = ~rc & (shocks.leader_u < hazard_start)
    swing = leader_swing_sd(state.W, dyn.leader_swing, dyn.leader_swing_exponent)
    theta = np.where(lc, np.clip(theta + swing * shocks.leader_swing, 0.0, 1.0), theta)
    tenure = np.where(lc, 0, state.tenure + 1)
    dem = rc & (shocks.regime_kind_u < dyn.democratization_prob)
    (c_lo, c_hi), (d_lo, d_hi) = dyn.coup_W, dyn.democracy_W
    u = shocks.regime_w_u
    w_new = np.where(dem, d_lo + (d_hi - d_lo) * u, c_lo + (c_hi - c_lo) * u)
    W = np.where(rc, w_new, state.W)
    S = np.where(rc, np.maximum(state.S, w_new), state.S)
    rival = scenario.rival
    patron_theta = np.where(
        state.align == 2,
        rival.ideal_point if rival else scenario.hegemon.ideal_point,
        scenario.hegemon.ideal_point,
    )
    away = np.sign(theta - patron_theta)
    away = np.where(away == 0, np.where(patron_theta <= 0.5, 1.0, -1.0), away)
    shift = np.abs(dyn.regime_shift_mean + dyn.regime_shift_sd * shocks.regime_shift)
    theta = np.where(rc, np.clip(theta + away * shift, 0.0, 1.0), theta)
    hazard = np.clip(state.h + dyn.new_leader_hazard * (tenure < dyn.new_leader_periods), 0.0, 1.0)
    patrons = [scenario.hegemon, rival]
    means = np.array([p.strain if p else 0.0 for p in patrons])
    sds = np.array([p.strain_sd if p else 0.0 for p in patrons])
    strain = np.clip(means + sds * shocks.strain, 0.0, 1.0)
    growth_rates = np.array([p.budget_growth if p else 0.0 for p in patrons])
    budget0 = np.array([p.budget if p else 0.0 for p in patrons])
    entry = np.array([0, rival.entry_year if rival else 0])  # the hegemon bids from the start
    entered = np.array([True, rival is not None]) & (t >= entry)
    # a patron's budget is B_k in its first year of bidding and grows from there: a rival entering in year
    # 10 with a budget of 1,500 bids 1,500 that year, whatever its growth rate
    grown = budget0 * (1 + growth_rates) ** np.maximum(t - entry, 0)
    budget = np.broadcast_to(np.where(entered, grown, 0.0), strain.shape).copy()
    active = np.broadcast_to(entered, strain.shape).copy()
    return Exogenous(K, M, T, theta, W, S, tenure, hazard, lc, rc, dem, strain, budget, active)


@dataclass(frozen=True, slots=True)
class Burden:
    """Defence effort, pressure decisions, the new capability stock and exits."""

    burden: FloatArray  # e (milex/GDP)
    baseline: FloatArray  # e0 from the O&Z equilibrium
    pressure: npt.NDArray[np.int8]  # -1 reassure, 0 nothing, +1 press (allies only)
    M: FloatArray  # stock after this year's spending
    exits: BoolArray


def baseline_burden(
    scenario: Scenario, K: FloatArray, T: FloatArray, align: npt.NDArray[np.int8]
) -> FloatArray:
    """O&Z Nash burden ``e0``: each patron's clients play the public-goods game among themselves, an
    unaligned state is a one-member alliance (the population-level part of step 4)."""
    model = scenario.model
    taste = model.taste_base + model.taste_threat * T
    e0 = np.zeros(K.shape)
    alone = align == 0  # the one-member game, elementwise: solved for the unaligned only
    if alone.any():
        single = nash_equilibrium(K[alone][:, None], PublicGoodParams(taste_base=taste[alone][:, None]))
        e0[alone] = single.burdens[:, 0]
    for k in (1, 2):
        member = align == k
        if member.any():
            eq = nash_equilibrium(K, PublicGoodParams(taste_base=np.where(member, taste, 1e-12)))
            e0 = np.where(member, eq.burdens, e0)
    return np.asarray(np.minimum(e0, 0.98 - model.demand), dtype=float)


def burden_stage(
    scenario: Scenario,
    world: Exogenous,
    align: npt.NDArray[np.int8],
    e0: FloatArray,
    contract: AllyContract,
    relative_value: FloatArray,
) -> Burden:
    """Step 4 for each state (see the module docstring): pressure, compliance, new stock, exit. ``e0`` is
    :func:`baseline_burden`; ``contract`` each client's contract with its patron (zeros for the unaligned);
    ``relative_value`` is ``v_k,i/vbar_k`` over its patron's allies.
    """
    model, dyn = scenario.model, scenario.dynamics
    allied = align > 0
    strain = np.take_along_axis(world.strain, np.maximum(align.astype(np.int64) - 1, 0), axis=1)
    patrons = [scenario.hegemon, scenario.rival or scenario.hegemon]
    retrenchment = np.where(align == 2, patrons[1].retrenchment, patrons[0].retrenchment)
    control = ControlParams(
        threat=np.clip(world.T, 1e-6, THREAT_CAP),
        strain=strain,
        retrenchment=retrenchment,
        demand=model.demand,
        baseline_burden=e0,
        control_value=model.control_value,
        pressure_cost=model.pressure_cost,
        adversary_capability=model.adversary_scale,
        k0=model.k0,
        k1=model.k1,
        k2=model.k2,
        k3=model.k3,
        relative_value=relative_value,
        ally_benefit=np.maximum(gross_alliance_value(world.M, contract), 0.0),
        marginal_utility=contract.marginal_utility,
    )
    pressure = np.where(allied, pressure_decision(world.K, control), 0).astype(np.int8)
    e = e0 + model.demand * (pressure == 1) - np.minimum(model.demand, e0) * (pressure == -1)
    M = (1 - dyn.depreciation) * world.M + e * world.K
    alpha = np.asarray(contract.security_weight, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        margin = (
            alpha * np.log(security_ratio(M, contract))
            + np.asarray(contract.marginal_utility)
            * np.asarray(contract.credibility)
            * np.asarray(contract.payment)
            + (1 - alpha) * np.log1p(-np.asarray(contract.concession) * np.asarray(contract.autonomy_loss))
        )
    exits = allied & (margin < -dyn.band)
    return Burden(e, e0, pressure, M, exits)


@dataclass(frozen=True, slots=True)
class Votes:
    """Roll-call agreement with H and support for H's contested action (per state)."""

    agreement: FloatArray  # share of the year's roll calls voted with H
    contested: BoolArray  # (runs,)
    supports: FloatArray  # 1/0 where an action was taken, nan otherwise


def legitimacy_stage(
    scenario: Scenario,
    shocks: Shocks,
    world: Exogenous,
    benefit: FloatArray,
    mu: FloatArray,
) -> Votes:
    """Step 5 for each state (see the module docstring). ``benefit`` is ``Ben`` with H (0 for states not
    allied with H). The legitimacy produced, ``legitimacy(l, supports)``, is summed over the population."""
    ev, theta_h = scenario.events, scenario.hegemon.ideal_point
    democracy = (world.W >= 0.5).astype(float)
    position = np.clip(theta_h + ev.roll_call_spread * shocks.roll_call, 0.0, 1.0)  # (runs, votes)
    # vote_probability depends on the positions only through the distance: pass it as the ideal point;
    # a routine roll call (imp_v = 0) carries no linkage term, which is the important-vote rule with Ben = 0
    is_important = shocks.important_u < ev.important_share  # (runs, votes)
    votes_with = np.zeros(world.theta.shape)
    for v in range(position.shape[1]):  # one roll call at a time: (runs, states) arrays that stay in cache
        p_with = vote_probability(
            np.where(is_important[:, v : v + 1], benefit, 0.0),
            mu,
            np.abs(world.theta - position[:, v : v + 1]),  # |theta_j - theta_v|
            ContestedAction(issue_position=0.0, importance=1.0),
            democracy=democracy,
        )
        votes_with += shocks.vote_u[:, v] < p_with
    contested = shocks.contested_u < ev.contested_rate
    p_support = support_probability(
        benefit, mu, np.abs(world.theta - theta_h), ContestedAction(issue_position=0.0), democracy=democracy
    )
    supports = (shocks.support_u < p_support) & contested[:, None]
    return Votes(
        agreement=votes_with / position.shape[1],
        contested=contested,
        supports=np.where(contested[:, None], supports.astype(float), np.nan),
    )


def legitimating_weights(
    K: FloatArray, distance: FloatArray, allied: BoolArray, paid: BoolArray
) -> FloatArray:
    """``l_j`` for every state: formal allies of H carry ``F = 1``, visibly paid ones ``Vis = 1`` (f)."""
    return legitimating_weight(K / SIZE_SCALE, allied.astype(float), distance, paid.astype(float))
