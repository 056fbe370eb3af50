r"""One year of the composed world: the period loop of models.md section 0.3 over arrays of runs and states.

.. code-block:: text

    1. exogenous:  ln K += g + s_K*e;  M *= K'/K;  T = T0 + rho_T*(T - T0) + s_T*e;  theta += s_theta*e;
                   leader change (h + h_new), regime change (base + slope*h): W', S', theta shift    (d)
       mu = mu0*W^-gamma*S^lambda*(1+r/rbar)^-eta*(1+h)^zeta                                       (b)
       v_H,i = v_base,i + lambda_H*l_i*contested_rate;  c_k,i = c0_k,i*T(1-phi)/(T0(1-phi0))      (f), 0.2
    2-3. review of standing contracts, Bertrand contest for every contested client, one budget per
         patron (funded in order of priority)                                          (a)-(d), sim.market
    4. burden: O&Z Nash among each patron's clients; pressure q in {-1, 0, +1} (Goldilocks); comply;
       M' = (1-dep)*M + e*K; exit if alpha*ln(ratio(M')) + mu*pi*p + (1-alpha)*ln(1-x*delta) < -b_neg  (e)
    5. roll calls and, with probability contested_rate, support for a contested action          (f)
    6. with probability crisis_rate, a coalition mission paid from what is left of H's budget     (g)
    7. accounting: the year's log (payments, alignments, events, votes, coalitions)

:func:`advance` is the pure kernel: ``(state, scenario, shocks) -> (state', log)``, deterministic.
:func:`step` draws one year's shocks from ``rng`` and calls it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from alliancelab._types import FloatArray
from alliancelab.sim.crisis import CoalitionRows, crisis_stage
from alliancelab.sim.market import EXIT, Contracts, allocate_budget, contract_stage
from alliancelab.sim.scenario import Scenario
from alliancelab.sim.stages import (
    Burden,
    Exogenous,
    baseline_burden,
    burden_stage,
    exogenous_stage,
    legitimacy_stage,
    legitimating_weights,
)
from alliancelab.sim.world import Shocks, WorldState, draw_shocks
from alliancelab.theory.burden import AllyContract, gross_alliance_value
from alliancelab.theory.formation import FormationParams, protection
from alliancelab.theory.legitimacy import legitimacy, legitimacy_valuation
from alliancelab.theory.selectorate import SelectorateParams, conversion_rate

__all__ = [
    "Terms",
    "YearLog",
    "advance",
    "ally_contract",
    "apply_exits",
    "bid_stage",
    "crisis_inputs",
    "hegemon_benefit",
    "patron_margin",
    "relative_values",
    "settle",
    "step",
    "terms_stage",
]


@dataclass(frozen=True, slots=True)
class YearLog:
    """What one year leaves behind, for the output tables (arrays over runs, states, patrons)."""

    year: int
    align: npt.NDArray[np.int8]
    x: FloatArray
    p: FloatArray
    outcome: npt.NDArray[np.int8]
    ended_with: npt.NDArray[np.int8]
    incumbent_offer: FloatArray
    challenger_net_offer: FloatArray
    incumbent_offer_at_x: FloatArray
    K: FloatArray
    M: FloatArray
    T: FloatArray
    theta: FloatArray
    W: FloatArray
    S: FloatArray
    mu: FloatArray
    leader_change: npt.NDArray[np.bool_]
    regime_change: npt.NDArray[np.bool_]
    democratization: npt.NDArray[np.bool_]
    burden: FloatArray
    baseline_burden: FloatArray
    pressure: npt.NDArray[np.int8]
    agreement: FloatArray
    supports: FloatArray
    divergence: FloatArray  # (runs, patrons, states)
    budget: FloatArray  # (runs, patrons)
    active: npt.NDArray[np.bool_]  # (runs, patrons)
    strain: FloatArray  # (runs, patrons)
    coalition_spent: FloatArray  # (runs,)
    contested: npt.NDArray[np.bool_]  # (runs,)
    legitimacy: FloatArray  # (runs,)
    crisis: npt.NDArray[np.bool_]  # (runs,)
    coalitions: CoalitionRows


def _patron_terms(scenario: Scenario) -> tuple[tuple[float, float], tuple[float, float], tuple[float, float]]:
    h, r = scenario.hegemon, scenario.rival or scenario.hegemon
    return (h.ideal_point, r.ideal_point), (h.protection, r.protection), (h.credibility, r.credibility)


@dataclass(frozen=True, slots=True)
class Terms:
    """Each client's terms with both patrons this year (per state: no population-level input)."""

    mu: FloatArray
    divergence: FloatArray  # (runs, patrons, states)
    value: FloatArray  # v_k,i with the legitimacy valuation for H
    cost: FloatArray  # c_k,i scaled with exposure
    dyads: tuple[FormationParams, FormationParams]


def terms_stage(state: WorldState, ex: Exogenous, scenario: Scenario) -> Terms:
    """Step 1's prices: ``mu`` (b), divergence, ``v_H,i`` with legitimacy (f), ``c`` with exposure (0.2)."""
    model, ev, t = scenario.model, scenario.events, state.year
    ideal, q0, _ = _patron_terms(scenario)
    leader = SelectorateParams(
        W=ex.W,
        S=ex.S,
        r=state.r,
        h=ex.hazard,
        mu0=model.mu0,
        gamma=model.gamma,
        lambda_=model.lambda_,
        eta=model.eta,
        zeta=model.zeta,
        rbar=model.rbar,
    )
    mu = conversion_rate(leader)
    phi = ex.M / (ex.M + state.Z)
    divergence = np.stack([np.abs(ex.theta - ideal[0]), np.abs(ex.theta - ideal[1])], axis=1)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        exposure_scale = np.minimum(ex.T * (1 - phi) / state.exposure0, 1e6)
    cost = state.c0 * exposure_scale[:, None, :]
    weight = legitimating_weights(ex.K, divergence[:, 0], state.align == 1, state.p > 0)
    value = state.v.copy()
    value[:, 0] = legitimacy_valuation(
        state.v[:, 0], scenario.hegemon.legitimacy_value, weight, ev.contested_rate
    )
    allowed = ex.active[:, :, None] & (t >= state.cooldown)  # a patron bids unless inactive or cooling down
    dyads = tuple(
        FormationParams(
            T=ex.T,
            phi=phi,
            chi=state.chi[:, k],
            q0=q0[k],
            d=divergence[:, k],
            sal=state.sal,
            omega0=model.omega0,
            mu=mu,
            v=np.where(allowed[:, k], value[:, k], 0.0),
            c=np.where(allowed[:, k], cost[:, k], np.inf),
            budget=ex.budget[:, k : k + 1],
            a0=model.a0,
            a1=model.a1,
            mode=model.mode,
            package=model.package,
        )
        for k in (0, 1)
    )
    return Terms(mu, divergence, value, cost, (dyads[0], dyads[1]))


def bid_stage(state: WorldState, ex: Exogenous, terms: Terms, scenario: Scenario) -> Contracts:
    """Steps 2-3 for each client, before the budget: review or market (:func:`~.market.contract_stage`)."""
    _, _, pi = _patron_terms(scenario)
    dyn = scenario.dynamics
    return contract_stage(
        terms.dyads,
        pi,
        (state.align, state.x, state.p),
        state.tau,
        ex.regime_change,
        band=dyn.band,
        transaction_cost=dyn.transaction_cost,
    )


def patron_margin(terms: Terms, contracts: Contracts) -> FloatArray:
    """``v_k,i*x - c_k,i`` of each client's package, per patron (the budget's ordering)."""
    return np.asarray(terms.value * contracts.x[:, None, :] - terms.cost, dtype=float)


def _pick(per_patron: FloatArray, align: npt.NDArray[np.int8]) -> FloatArray:
    """The entry of each client's patron (H for the unaligned) from a ``(runs, patrons, states)`` array."""
    k_idx = (align == 2).astype(np.int64)[:, None, :]
    return np.asarray(np.take_along_axis(per_patron, k_idx, axis=1)[:, 0], dtype=float)


def ally_contract(
    state: WorldState, ex: Exogenous, terms: Terms, contracts: Contracts, scenario: Scenario
) -> AllyContract:
    """Each client's contract with its patron in the notation of (e) (H's terms, x = p = 0, if unaligned)."""
    model = scenario.model
    _, q0, pi = _patron_terms(scenario)
    on_r = contracts.align == 2
    return AllyContract(
        security_weight=np.clip(model.a0 + model.a1 * ex.T, 0.05, 0.95),
        threat=ex.T,
        protection=protection(np.where(on_r, q0[1], q0[0]), _pick(state.chi, contracts.align)),
        concession=contracts.x,
        autonomy_loss=state.sal * (model.omega0 + _pick(terms.divergence, contracts.align)),
        marginal_utility=terms.mu,
        credibility=np.where(on_r, pi[1], pi[0]),
        payment=contracts.p,
        adversary_capability=state.Z,
    )


def relative_values(terms: Terms, align: npt.NDArray[np.int8]) -> FloatArray:
    """``v_k,i/vbar_k``: each ally's value relative to the mean over its patron's allies (population)."""
    member = align[:, None, :] == np.array([1, 2])[None, :, None]
    count = member.sum(axis=2, keepdims=True)
    vbar = np.where(member, terms.value, 0.0).sum(axis=2, keepdims=True) / np.maximum(count, 1)
    return np.where(align > 0, _pick(terms.value / np.where(vbar > 0, vbar, 1.0), align), 1.0)


def apply_exits(contracts: Contracts, burden: Burden) -> Contracts:
    """Allies that exit in step 4 leave their alliance (outcome ``exit``)."""
    if not burden.exits.any():
        return contracts
    out = burden.exits
    return dataclasses.replace(
        contracts,
        align=np.where(out, 0, contracts.align).astype(np.int8),
        x=np.where(out, 0.0, contracts.x),
        p=np.where(out, 0.0, contracts.p),
        outcome=np.where(out, EXIT, contracts.outcome).astype(np.int8),
        ended_with=np.where(out, contracts.align, contracts.ended_with).astype(np.int8),
    )


def hegemon_benefit(contracts: Contracts, burden: Burden, contract: AllyContract) -> FloatArray:
    """``Ben`` with H for H's allies (0 for the others): the value at risk in votes (f)."""
    return np.where(contracts.align == 1, np.maximum(gross_alliance_value(burden.M, contract), 0.0), 0.0)


def crisis_inputs(
    state: WorldState, ex: Exogenous, terms: Terms, burden: Burden, weight: FloatArray, scenario: Scenario
) -> dict[str, FloatArray]:
    """What each state brings to a coalition market (g): troops, cost, interest, liquidity, legitimacy."""
    ev = scenario.events
    return {
        "troops": state.troops_per_bn * burden.M,
        "cost": state.soldier_cost,
        "interest": ev.interest_base - ev.interest_slope * terms.divergence[:, 0],
        "liquidity": state.r,
        "legitimacy": weight,
    }


def settle(
    state: WorldState, ex: Exogenous, contracts: Contracts, burden: Burden, scenario: Scenario
) -> WorldState:
    """The state carried into next year; an ended alliance starts the patron's cooldown for that client."""
    t = state.year
    cooldown = state.cooldown.copy()
    for k in (0, 1):
        cooldown[:, k] = np.where(
            contracts.ended_with == k + 1, t + 1 + scenario.dynamics.cooldown, cooldown[:, k]
        )
    return dataclasses.replace(
        state,
        year=t + 1,
        K=ex.K,
        M=burden.M,
        T=ex.T,
        theta=ex.theta,
        W=ex.W,
        S=ex.S,
        tenure=ex.tenure,
        align=contracts.align,
        x=contracts.x,
        p=contracts.p,
        cooldown=cooldown,
        burden=burden.burden,
        budget=ex.budget,
        strain=ex.strain,
    )


def advance(state: WorldState, scenario: Scenario, shocks: Shocks) -> tuple[WorldState, YearLog]:
    """One year for every run and state at once, deterministic given ``shocks`` (the pure kernel).

    Per-state stages run on whole arrays; the population-level ones (the budget, the O&Z equilibrium, the
    relative values, legitimacy produced, the coalition market) act across the states axis of each run.
    """
    ev = scenario.events
    ex = exogenous_stage(state, shocks, scenario)
    terms = terms_stage(state, ex, scenario)
    contracts = bid_stage(state, ex, terms, scenario)
    contracts = allocate_budget(contracts, state.align, ex.budget, patron_margin(terms, contracts))
    contract = ally_contract(state, ex, terms, contracts, scenario)
    e0 = baseline_burden(scenario, ex.K, ex.T, contracts.align)
    burden = burden_stage(
        scenario, ex, contracts.align, e0, contract, relative_values(terms, contracts.align)
    )
    contracts = apply_exits(contracts, burden)
    benefit = hegemon_benefit(contracts, burden, contract)
    votes = legitimacy_stage(scenario, shocks, ex, benefit, terms.mu)
    weight = legitimating_weights(ex.K, terms.divergence[:, 0], contracts.align == 1, contracts.p > 0)
    produced = np.where(votes.contested, legitimacy(weight, np.nan_to_num(votes.supports)), 0.0)
    paid_h = np.where(contracts.align == 1, contracts.p, 0.0).sum(axis=1)
    crisis = shocks.crisis_u < ev.crisis_rate
    budget_left = np.maximum(ex.budget[:, 0] - paid_h, 0.0)
    coalitions = crisis_stage(
        scenario,
        crisis,
        shocks.mission_troops,
        crisis_inputs(state, ex, terms, burden, weight, scenario),
        shocks.reservation_u,
        budget_left,
    )
    new_state = settle(state, ex, contracts, burden, scenario)
    log = YearLog(
        year=state.year,
        align=contracts.align,
        x=contracts.x,
        p=contracts.p,
        outcome=contracts.outcome,
        ended_with=contracts.ended_with,
        incumbent_offer=contracts.incumbent_offer,
        challenger_net_offer=contracts.challenger_net_offer,
        incumbent_offer_at_x=contracts.incumbent_offer_at_x,
        K=ex.K,
        M=burden.M,
        T=ex.T,
        theta=ex.theta,
        W=ex.W,
        S=ex.S,
        mu=terms.mu,
        leader_change=ex.leader_change,
        regime_change=ex.regime_change,
        democratization=ex.democratization,
        burden=burden.burden,
        baseline_burden=burden.baseline,
        pressure=burden.pressure,
        agreement=votes.agreement,
        supports=votes.supports,
        divergence=terms.divergence,
        budget=ex.budget,
        active=ex.active,
        strain=ex.strain,
        coalition_spent=coalitions.spent,
        contested=votes.contested,
        legitimacy=produced,
        crisis=crisis,
        coalitions=coalitions,
    )
    return new_state, log


def step(state: WorldState, scenario: Scenario, *, rng: np.random.Generator) -> tuple[WorldState, YearLog]:
    """One year: draw its shocks for every run from ``rng``, then :func:`advance`.

    For a single year in a notebook or a test. Runs simulated by :mod:`alliancelab.sim.runner` draw each
    run's shocks from the run's own generator instead, so that chunking does not change a run.
    """
    runs, _ = state.shape
    return advance(state, scenario, draw_shocks(scenario, 1, runs, rng=rng).year(0))
