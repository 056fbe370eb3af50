"""Stage 6 of the period loop: crises that launch a coalition mission, and Henke's market for troops.

In a run-year with a crisis (probability ``crisis_rate``), the hegemon is the pivotal state. Every small
state could contribute ``n_j = troops_per_bn*M_j`` soldiers at its own cost ``c_j`` per soldier-year, with
intrinsic interest ``w_j = w0 - w1*|theta_j - theta_H|`` (models.md, "One preference space"), its
leader's revenue as liquidity and its legitimating weight ``l_j``. The ``candidates`` states with the
lowest reservation price per soldier, ``max(0, c_j*n_j - w_j)/n_j``, are shortlisted -- for all crises of
the year at once (``argpartition`` over the states axis). Each crisis is then one
:class:`~alliancelab.coalition.Mission` over its shortlist, solved with the coalition package as it
stands: :func:`~alliancelab.coalition.quote` (typology, valuation, MIXED price with the scarcity markup,
payment form), each candidate's private reservation price drawn from the pivot's prior ``U[rho_lo,
rho_hi]`` (pre-drawn uniforms), and the cheapest coalition by :func:`~alliancelab.coalition.solve_exact`
(Lagrangian bound + pruned enumeration; HiGHS as fallback). The pivot's budget is what is left of the
hegemon's purse after this year's alliance payments, so coalitions and alliances compete for one budget.

This is the one place where the year loops in Python: over the year's crises (``crisis_rate * runs`` of
them, each with ``candidates`` states), because the covering program is solved one mission at a time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from alliancelab._types import FloatArray
from alliancelab.coalition import Candidate, MarketSettings, Mission, PivotalState, cover_problem, quote
from alliancelab.coalition.optimize import solve_exact, solve_greedy
from alliancelab.sim.scenario import Scenario
from alliancelab.sim.world import STATE_CCODE_BASE

__all__ = ["CoalitionRows", "crisis_stage"]

USD_PER_M = 1e6


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
    shortlist = np.argpartition(per_soldier, k - 1, axis=1)[:, :k]
    shortlist = np.take_along_axis(
        shortlist, np.argsort(np.take_along_axis(per_soldier, shortlist, 1), 1, kind="stable"), 1
    )
    settings = MarketSettings(
        beta0=ev.beta0, beta1=ev.beta1, beta2=ev.beta2, reservation_uncertainty=ev.reservation_spread
    )
    rows: dict[str, list[object]] = {name: [] for name in CoalitionRows.__slots__ if name != "spent"}
    spent = np.zeros(runs)
    for c, run in enumerate(crises.tolist()):  # the year's crises, each with its short list
        states = shortlist[c]
        mission = Mission(
            name=f"crisis-{run}",
            required_troops=float(required[run]),
            min_flags=min(ev.min_flags, k + 1),
            pivotal_states=(
                PivotalState(
                    name="hegemon",
                    mission_value=max(ev.mission_value, 1e-9),
                    cost_per_soldier=ev.own_cost,
                    budget=float(budget_left[run]),
                    eagerness=ev.eagerness,
                    legitimacy_value=scenario.hegemon.legitimacy_value,
                ),
            ),
            candidates=tuple(
                Candidate(
                    name=str(STATE_CCODE_BASE + int(j)),
                    troops=float(arrays["troops"][run, j]),
                    cost_per_soldier=float(arrays["cost"][run, j]),
                    intrinsic_interest=float(arrays["interest"][run, j]),
                    liquidity=float(arrays["liquidity"][run, j]),
                    legitimacy_weight=float(arrays["legitimacy"][run, j]),
                )
                for j in states
            ),
            market=settings,
        )
        quotes = quote(mission)
        private = quotes.rho_lo + reservation_u[run, states] * (quotes.rho_hi - quotes.rho_lo)
        accepts = quotes.accepts(private)
        # the pivot fields any troops it lacks itself, so a coalition exists iff the cheapest flags fit the
        # budget; checked here so that the solver is not asked to explain an infeasible mission
        costs = np.sort(quotes.payer_cost[accepts & np.isfinite(quotes.payer_cost)])
        partners = mission.min_flags - 1
        feasible = costs.size >= partners and float(costs[:partners].sum()) <= float(budget_left[run])
        solver = solve_exact if ev.solver == "exact" else solve_greedy
        solution = solver(cover_problem(mission, quotes), accepts) if feasible else None
        members = solution.members if solution is not None and solution.feasible else np.zeros(k, dtype=bool)
        spent[run] = float(np.sum(quotes.payer_cost[members]))
        rows["run"].extend([run] * k)
        rows["ccode"].extend((STATE_CCODE_BASE + states).tolist())
        rows["crisis_type"].extend(str(cl.type) for cl in quotes.classifications)
        rows["member"].extend(members.tolist())
        rows["accepted"].extend(accepts.tolist())
        rows["price"].extend(quotes.price.tolist())
        rows["payer_cost"].extend(np.where(members, quotes.payer_cost, 0.0).tolist())
        rows["payment_form"].extend(
            (f.kind if f is not None and m else "none") for f, m in zip(quotes.forms, members, strict=True)
        )
        rows["reservation"].extend(private.tolist())
        rows["effective_troops"].extend(troops[c, states].tolist())
        rows["scarcity"].extend([quotes.sigma] * k)
        rows["required_troops"].extend([float(required[run])] * k)
        own = solution.own_troops if solution is not None and solution.feasible else np.nan
        rows["own_troops"].extend([own] * k)
    return CoalitionRows(
        run=np.asarray(rows["run"], np.int64),
        ccode=np.asarray(rows["ccode"], np.int64),
        crisis_type=[str(v) for v in rows["crisis_type"]],
        member=np.asarray(rows["member"], bool),
        accepted=np.asarray(rows["accepted"], bool),
        price=np.asarray(rows["price"], float),
        payer_cost=np.asarray(rows["payer_cost"], float),
        payment_form=[str(v) for v in rows["payment_form"]],
        reservation=np.asarray(rows["reservation"], float),
        effective_troops=np.asarray(rows["effective_troops"], float),
        scarcity=np.asarray(rows["scarcity"], float),
        required_troops=np.asarray(rows["required_troops"], float),
        own_troops=np.asarray(rows["own_troops"], float),
        spent=spent,
    )
