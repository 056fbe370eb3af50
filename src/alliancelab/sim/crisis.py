"""Stage 6 of the period loop: crises that launch a coalition mission, and Henke's market for troops.

In a run-year with a crisis (probability ``crisis_rate``), the hegemon is the pivotal state. Every small
state could contribute ``n_j = troops_per_bn*M_j`` soldiers at its own cost ``c_j`` per soldier-year, with
intrinsic interest ``w_j = w0 - w1*|theta_j - theta_H|`` (models.md, "One preference space"), its
leader's revenue as liquidity and its legitimating weight ``l_j``. The ``candidates`` states with the
lowest reservation price per soldier, ``max(0, c_j*n_j - w_j)/n_j``, are shortlisted -- for all crises of
the year at once (``argpartition`` over the states axis). The year's crises are then priced together, as
arrays ``(crises, candidates)``, with the coalition package's kernels: typology, valuation, MIXED price with
the scarcity markup, payment in cash (:func:`~alliancelab.coalition.pricing.quote_arrays`, the arrays
:func:`~alliancelab.coalition.quote` is built on; the shortlisted states bring no issue menu), each
candidate's private reservation price drawn from the pivot's prior ``U[rho_lo, rho_hi]`` (pre-drawn
uniforms), and the cheapest coalition of each crisis by enumerating every coalition of its shortlist
(:func:`~alliancelab.coalition.exhaustive.cheapest_subsets`, exact). The pivot's budget is what is left of
the hegemon's purse after this year's alliance payments, so coalitions and alliances compete for one budget.

``events.solver = "greedy"`` solves each crisis with :func:`~alliancelab.coalition.optimize.solve_greedy`
instead (one Python call per crisis), and a shortlist longer than ``EXHAUSTIVE_LIMIT`` with
:func:`~alliancelab.coalition.optimize.solve_exact` (Lagrangian bound and pruned enumeration), where
enumerating every subset would cost more than searching.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from alliancelab._types import BoolArray, FloatArray
from alliancelab.coalition import MarketSettings
from alliancelab.coalition.exhaustive import CoverArrays, cheapest_subsets
from alliancelab.coalition.optimize import CoverProblem, solve_exact, solve_greedy
from alliancelab.coalition.pricing import QuoteArrays, quote_arrays
from alliancelab.coalition.typology import CONTRIBUTOR_TYPES
from alliancelab.coalition.valuation import MarketArrays
from alliancelab.sim.scenario import Scenario
from alliancelab.sim.world import STATE_CCODE_BASE

__all__ = ["EXHAUSTIVE_LIMIT", "CoalitionRows", "crisis_stage"]

USD_PER_M = 1e6
EXHAUSTIVE_LIMIT = 14  # shortlists up to this long are solved by enumerating all 2^k coalitions at once
_SUBSETS_PER_BATCH = 1 << 20  # crises x coalitions priced at once (a few 8 MB arrays)
_TYPE_LABELS = np.array([str(t) for t in CONTRIBUTOR_TYPES], dtype=object)


@dataclass(frozen=True, slots=True)
class CoalitionRows:
    """One row per shortlisted candidate of every crisis of the year (flat arrays)."""

    run: npt.NDArray[np.int64]  # index within the chunk
    ccode: npt.NDArray[np.int64]
    crisis_type: list[str]  # Henke's type
    member: npt.NDArray[np.bool_]
    accepted: npt.NDArray[np.bool_]
    price: FloatArray  # value delivered to the candidate (USD m/yr); nan: no offer
    payer_cost: FloatArray  # cost to the pivot if it joins (USD m/yr)
    payment_form: list[str]
    reservation: FloatArray  # private rho_j (drawn)
    effective_troops: FloatArray
    scarcity: FloatArray  # sigma_m of the crisis
    required_troops: FloatArray
    own_troops: FloatArray  # the pivot's own soldiers in the coalition
    spent: FloatArray  # (runs,) the pivot's payments this year


def _empty(runs: int) -> CoalitionRows:
    z = np.zeros(0)
    return CoalitionRows(
        np.zeros(0, np.int64),
        np.zeros(0, np.int64),
        [],
        np.zeros(0, bool),
        np.zeros(0, bool),
        z,
        z,
        [],
        z,
        z,
        z,
        z,
        z,
        np.zeros(runs),
    )


def _shortlist(per_soldier: FloatArray, k: int) -> npt.NDArray[np.intp]:
    """The ``k`` states with the lowest reservation price per soldier, cheapest first, for every crisis."""
    shortlist = np.argpartition(per_soldier, k - 1, axis=1)[:, :k]
    return np.take_along_axis(
        shortlist, np.argsort(np.take_along_axis(per_soldier, shortlist, 1), 1, kind="stable"), 1
    )


def _solve(
    scenario: Scenario, quotes: QuoteArrays, accepts: BoolArray, market: MarketArrays, budget: FloatArray
) -> tuple[BoolArray, FloatArray]:
    """Each crisis's cheapest coalition: ``(members, own troops)`` (no members and NaN if none exists)."""
    ev = scenario.events
    crises, k = accepts.shape
    min_flags = ev.min_flags  # at most k + 1: the scenario refuses a minimum no coalition can meet
    credit = market.legitimacy_value * market.legitimacy
    own_unit = market.own_cost / USD_PER_M
    required = np.asarray(market.required, dtype=float)
    found, members = np.zeros(crises, dtype=bool), np.zeros(accepts.shape, dtype=bool)
    if ev.solver == "exact" and k <= EXHAUSTIVE_LIMIT:
        cost = np.where(accepts, quotes.payer_cost, np.inf)
        step = max(1, _SUBSETS_PER_BATCH >> k)  # crises per batch: (crises, 2^k) arrays of bounded size
        for at in (slice(c, c + step) for c in range(0, crises, step)):
            found[at], members[at] = cheapest_subsets(
                CoverArrays(
                    net=cost[at] - credit[at],
                    cost=cost[at],
                    effective=market.effective[at],
                    must=np.zeros(accepts[at].shape, dtype=bool),
                    required=required[at],
                    min_flags=min_flags,
                    budget=budget[at],
                    own_unit=own_unit,
                    own_troops=np.inf,
                )
            )
    else:
        solver = solve_exact if ev.solver == "exact" else solve_greedy
        for c in range(crises):
            # the pivot fields any troops it lacks itself, so a coalition exists iff the cheapest flags fit
            # the budget; checked here so that the solver is not asked to explain an infeasible mission
            costs = np.sort(quotes.payer_cost[c][accepts[c] & np.isfinite(quotes.payer_cost[c])])
            if costs.size < min_flags - 1 or float(costs[: min_flags - 1].sum()) > float(budget[c]):
                continue
            problem = CoverProblem(
                cost=quotes.payer_cost[c],
                legitimacy_credit=credit[c],
                effective=market.effective[c],
                must_include=np.zeros(k, dtype=bool),
                required=float(required[c]),
                min_flags=min_flags,
                budget=float(budget[c]),
                own_cost=market.own_cost,
                own_troops=np.inf,
            )
            solution = solver(problem, accepts[c])
            found[c], members[c] = solution.feasible, solution.members & solution.feasible
    # the pivot's own troops fill what the members lack (as optimize._finish computes them)
    own = np.array([max(0.0, required[c] - float(market.effective[c] @ members[c])) for c in range(crises)])
    return members, np.where(found, own, np.nan)


def crisis_stage(
    scenario: Scenario,
    crisis: npt.NDArray[np.bool_],
    required: FloatArray,
    arrays: dict[str, FloatArray],
    reservation_u: FloatArray,
    budget_left: FloatArray,
) -> CoalitionRows:
    """Run the year's crises (see the module docstring). ``arrays`` holds ``(runs, states)`` arrays
    ``troops``, ``cost``, ``interest``, ``liquidity``, ``legitimacy``; ``budget_left`` is ``(runs,)``."""
    runs = crisis.shape[0]
    ev = scenario.events
    crises = np.flatnonzero(crisis)
    if crises.size == 0:
        return _empty(runs)
    troops, cost, interest = arrays["troops"][crises], arrays["cost"][crises], arrays["interest"][crises]
    rho = np.maximum(0.0, cost * troops / USD_PER_M - interest)
    with np.errstate(divide="ignore", invalid="ignore"):
        per_soldier = np.where(troops > 0, rho / troops, np.inf)
    k = min(ev.candidates, per_soldier.shape[1])
    states = _shortlist(per_soldier, k)  # (crises, k)
    rows, needed = crises[:, None], np.asarray(required[crises], dtype=float)
    market = MarketArrays(
        troops=arrays["troops"][rows, states],
        cost_per_soldier=arrays["cost"][rows, states],
        interest=arrays["interest"][rows, states],
        quality=np.ones(states.shape),
        liquidity=arrays["liquidity"][rows, states],
        legitimacy=arrays["legitimacy"][rows, states],
        critical=np.zeros(states.shape, dtype=bool),
        must_include=np.zeros(states.shape, dtype=bool),
        required=needed,
        own_cost=ev.own_cost,
        mission_value=max(ev.mission_value, 1e-9),
        legitimacy_value=scenario.hegemon.legitimacy_value,
        eagerness=ev.eagerness,
    )
    settings = MarketSettings(
        beta0=ev.beta0, beta1=ev.beta1, beta2=ev.beta2, reservation_uncertainty=ev.reservation_spread
    )
    quotes = quote_arrays(market, settings)
    private = quotes.rho_lo + reservation_u[rows, states] * (quotes.rho_hi - quotes.rho_lo)
    accepts = quotes.accepts(private)
    budget = np.asarray(budget_left[crises], dtype=float)
    members, own = _solve(scenario, quotes, accepts, market, budget)
    paid = np.where(members, quotes.payer_cost, 0.0)
    spent = np.zeros(runs)
    spent[crises] = [float(np.sum(quotes.payer_cost[c][members[c]])) for c in range(crises.size)]
    shape = states.shape
    return CoalitionRows(
        run=np.repeat(crises, k).astype(np.int64),
        ccode=(STATE_CCODE_BASE + states).ravel().astype(np.int64),
        crisis_type=_TYPE_LABELS[quotes.types].ravel().tolist(),
        member=members.ravel(),
        accepted=accepts.ravel(),
        price=quotes.price.ravel(),
        payer_cost=paid.ravel(),
        # no issue menus: a positive payment is cash (a subsidy); a member paid nothing gets "none"
        payment_form=np.where(members & (paid > 0), "subsidy", "none").ravel().tolist(),
        reservation=private.ravel(),
        effective_troops=troops[np.arange(crises.size)[:, None], states].ravel(),
        scarcity=np.broadcast_to(quotes.sigma[:, None], shape).ravel().copy(),
        required_troops=np.broadcast_to(needed[:, None], shape).ravel().copy(),
        own_troops=np.broadcast_to(own[:, None], shape).ravel().copy(),
        spent=spent,
    )
