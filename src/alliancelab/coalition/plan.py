"""Plan a coalition mission end to end: types, prices, cheapest coalition, hold-up, Monte Carlo.

This is the library function behind ``alliancelab coalition plan``. For a validated
:class:`~alliancelab.coalition.mission.Mission` it returns a :class:`MissionPlan` with

* one row per candidate (type and reasons, valuation ``V_P,j``, price, payment form, payer's cost),
* the cheapest coalition (exact: bounded enumeration, checked against HiGHS) and the greedy one, with
  the greedy gap,
* the cost per soldier-year against the pivotal state's own ``c_P`` (claim G8), and the pooled mission
  value ``V0_m`` less the coalition's total cost (the payers' surplus; negative when the mission is not
  worth its cheapest coalition),
* each pivotal state's share of the payments (claim G1),
* the year-by-year hold-up path of the chosen coalition (claim G7),
* optionally a Monte Carlo over private reservation prices (:func:`~alliancelab.coalition.simulate.simulate`).

References: ``henke2019buying``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from alliancelab.coalition.holdup import HoldupParams, holdup_path
from alliancelab.coalition.mission import Mission
from alliancelab.coalition.optimize import Coalition, cheapest_coalition, cover_problem, solve_greedy
from alliancelab.coalition.pricing import Quotes, cost_shares, quote
from alliancelab.coalition.simulate import SimulationResult, simulate
from alliancelab.coalition.valuation import USD_PER_M, market_arrays
from alliancelab.provenance import run_record

__all__ = ["MissionPlan", "deployment_frame", "plan_mission"]


@dataclass(frozen=True, slots=True)
class MissionPlan:
    """Everything the pivotal state needs to decide whom to ask and what it will cost (USD m/yr)."""

    mission: Mission
    candidates: pd.DataFrame
    coalition: Coalition
    greedy: Coalition
    summary: dict[str, Any]
    cost_shares: dict[str, float]
    holdup: pd.DataFrame
    simulation: SimulationResult | None = None
    record: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON view (for ``--json``)."""
        out: dict[str, Any] = {
            "mission": self.mission.name,
            "summary": self.summary,
            "cost_shares": self.cost_shares,
            "candidates": self.candidates.replace({np.nan: None}).to_dict(orient="records"),
            "holdup": self.holdup.to_dict(orient="records"),
            "holdup_mission_failed_in_year": self.holdup.attrs.get("mission_failed_in_year"),
            "record": self.record,
        }
        if self.simulation is not None:
            out["simulation"] = {
                "summary": self.simulation.summary(),
                "candidates": self.simulation.candidates.replace({np.nan: None}).to_dict(orient="records"),
                "record": self.simulation.record,
            }
        return out


def deployment_frame(mission: Mission, quotes: Quotes, members: np.ndarray) -> pd.DataFrame:
    """The deployed contingents of a coalition in the column layout :func:`holdup_path` reads."""
    m = market_arrays(mission)
    idx = np.flatnonzero(members)
    return pd.DataFrame(
        {
            "candidate": [quotes.names[j] for j in idx],
            "price_usd_m": np.nan_to_num(quotes.value_delivered[idx]),
            "deploy_cost_usd_m": m.deploy_cost[idx],
            "interest_usd_m": m.interest[idx],
            "reputation_usd_m": [mission.candidates[j].reputation_cost for j in idx],
            "effective_troops": m.effective[idx],
            "legitimacy_credit_usd_m": m.legitimacy_value * m.legitimacy[idx],
            "critical": m.must_include[idx],
        }
    )


def plan_mission(
    mission: Mission,
    *,
    draws: int = 0,
    rng: Any = None,
    progress: bool = False,
    holdup: HoldupParams | None = None,
) -> MissionPlan:
    """Plan ``mission``: raises :class:`~alliancelab.errors.UserInputError` naming the requirement that no
    coalition can meet; with ``draws > 0`` also runs the Monte Carlo with ``rng``. ``holdup`` overrides the
    mission file's ``[holdup]`` settings."""
    quotes = quote(mission)
    exact = cheapest_coalition(mission, quotes)
    problem = cover_problem(mission, quotes)
    greedy = solve_greedy(problem, quotes.accepts(quotes.rho))
    table = quotes.to_frame()
    table["in_coalition"] = exact.members
    table["effective_troops"] = problem.effective
    m = market_arrays(mission)
    foreign = float(problem.effective[exact.members].sum())
    payments_net = float(np.sum(problem.net_cost[exact.members]))
    summary: dict[str, Any] = {
        "required_troops": mission.required_troops,
        "min_flags": mission.min_flags,
        "scarcity_sigma": quotes.sigma,
        "markup_beta": quotes.beta,
        "regime": str(mission.market.regime),
        "members": [quotes.names[j] for j in np.flatnonzero(exact.members)],
        "foreign_effective_troops": foreign,
        "own_troops": exact.own_troops,
        "payments_usd_m": exact.payments,
        "own_troop_cost_usd_m": exact.own_troop_cost,
        "total_cost_usd_m": exact.total_cost,
        "cost_per_soldier_year_usd": exact.total_cost * USD_PER_M / mission.required_troops,
        "payment_per_foreign_soldier_year_usd": (payments_net * USD_PER_M / foreign if foreign > 0 else None),
        "own_cost_per_soldier_year_usd": m.own_cost,
        "all_own_troops_cost_usd_m": m.own_cost * mission.required_troops / USD_PER_M,
        # V0_m against the cheapest coalition: a critical partner's valuation includes the whole V0_m, so with
        # several critical partners the payments can exceed what the mission is worth (surplus < 0)
        "mission_value_usd_m": mission.mission_value,
        "mission_surplus_usd_m": mission.mission_value - exact.total_cost,
        "greedy_total_cost_usd_m": greedy.total_cost if greedy.feasible else None,
        "greedy_gap_usd_m": (greedy.objective - exact.objective) if greedy.feasible else None,
    }
    path = holdup_path(
        deployment_frame(mission, quotes, exact.members),
        years=mission.years,
        required=mission.required_troops,
        min_flags=mission.min_flags,
        own_cost=m.own_cost,
        mission_value=mission.mission_value,
        sigma=quotes.sigma,
        params=holdup if holdup is not None else mission.holdup,
    )
    result = simulate(mission, draws, rng=rng, progress=progress) if draws > 0 else None
    record = result.record if result is not None else run_record(params=mission)
    return MissionPlan(
        mission=mission,
        candidates=table,
        coalition=exact,
        greedy=greedy,
        summary=summary,
        cost_shares=cost_shares(mission),
        holdup=path,
        simulation=result,
        record=record,
    )
