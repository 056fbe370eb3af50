"""Henke's coalition market as tables and words: whom the pivotal state buys for a mission, and at what cost.

The same three names as every model's report module: :func:`frame` (one row per candidate: type, price,
payment form, whether it is in the cheapest coalition), :func:`sweep` (one row per value of a mission or
market parameter: the cheapest coalition's members and costs) and :func:`explain`. The mission is a
:class:`~alliancelab.coalition.Mission`; its plan is :func:`alliancelab.coalition.plan_mission`. (The report
on one of seed 004's historical operations is :mod:`alliancelab.report.coalition_report`.)
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from alliancelab.coalition import Mission, MissionPlan, cheapest_coalition, plan_mission, quote
from alliancelab.errors import ParameterError, UserInputError
from alliancelab.report._grid import field_path, grid_values, settable_names, with_values

__all__ = ["CITATION_KEYS", "explain", "frame", "sweep"]

CITATION_KEYS: tuple[str, ...] = ("henke2019buying",)


def frame(mission: Mission, plan: MissionPlan | None = None) -> pd.DataFrame:
    """One row per candidate: Henke's type and why, valuation, reservation price, price, payment form and
    its cost to the payer (USD m/yr), ``in_coalition`` (the cheapest coalition) and effective troops."""
    result = plan_mission(mission) if plan is None else plan
    table = result.candidates.copy()
    table.attrs["sources"] = list(CITATION_KEYS)
    return table


def sweep(mission: Mission, parameter: str, values: npt.ArrayLike) -> pd.DataFrame:
    """Comparative statics: the cheapest coalition for each value of ``parameter``, a number of the mission
    (``required_troops``, ``min_flags``) or of its settings (``market.beta0``, or ``beta0``).

    One row per value: ``feasible``, ``members`` (names, ``;``-separated), ``flags`` (the pivotal state's
    included), ``payments_usd_m``, ``own_troops``, ``total_cost_usd_m`` and ``surplus_usd_m`` (the mission's
    value minus the total cost). An infeasible value is a row with ``feasible = False``, not an error.
    """
    grid = grid_values(parameter, values)
    if field_path(mission, parameter) is None:
        allowed = ", ".join(settable_names(mission))
        raise ParameterError(f"sweep of {parameter}: not a number of the mission; allowed: {allowed}")
    rows: list[dict[str, Any]] = []
    for value in grid.tolist():
        try:
            varied: Mission = with_values(mission, parameter, value)
        except ParameterError as err:  # a value outside the domain, or a count (min_flags) that is not whole
            raise err.within(f"sweep of {parameter}") from None
        quotes = quote(varied)
        try:
            best = cheapest_coalition(varied, quotes)
        except UserInputError:  # no coalition meets the requirement at this value
            rows.append({parameter: value, "feasible": False})
            continue
        members = [quotes.names[j] for j in np.flatnonzero(best.members)]
        rows.append(
            {
                parameter: value,
                "feasible": True,
                "members": ";".join(members),
                "flags": len(members) + 1,
                "payments_usd_m": best.payments,
                "own_troops": best.own_troops,
                "total_cost_usd_m": best.total_cost,
                "surplus_usd_m": varied.mission_value - best.total_cost,
            }
        )
    table = pd.DataFrame(rows)
    table.attrs.update(sources=list(CITATION_KEYS), parameter=parameter)
    return table


def explain(mission: Mission, plan: MissionPlan | None = None) -> str:
    """The cheapest coalition in words: whom the pivotal state buys, how, and what it costs against going
    alone.

    Seed 004 (Henke) on the payers: "pivotal states, which I define as states that care most about the
    deployment and success of a particular military operation and thus provide the bulk of the means to
    cover such payments"; and on the forms: "Deployment subsidies are most often offered to states that
    lack the resources to deploy efficiently, whereas political side deals are used to lure critical
    contributors".
    """
    result = plan_mission(mission) if plan is None else plan
    s = result.summary
    bought = result.candidates[result.candidates["in_coalition"]]
    how = "; ".join(
        f"{row.candidate} ({row.type}, {row.payment}, {row.payer_cost_usd_m:,.4g} USD m/yr)"
        for row in bought.itertuples()
    )
    payers = [p.name for p in mission.pivotal_states]
    many = len(payers) > 1
    who = f"the pivotal states {', '.join(payers)} buy" if many else f"{payers[0]} buys"
    lines = [
        f"{mission.name}: to field {mission.required_troops:,.0f} effective troops under at least "
        f"{mission.min_flags} flags, {who} {len(bought)} of {len(result.candidates)} candidates"
        + (f": {how}." if how else "."),
        f"{mission.lead.name} fields {s['own_troops']:,.0f} troops of its own. The coalition costs "
        f"{s['total_cost_usd_m']:,.4g} USD m/yr ({s['cost_per_soldier_year_usd']:,.0f} USD per "
        f"soldier-year), against {s['all_own_troops_cost_usd_m']:,.4g} if {mission.lead.name} sent only "
        f"its own troops; the mission is worth {s['mission_value_usd_m']:,.4g} (surplus "
        f"{s['mission_surplus_usd_m']:,.4g}).",
    ]
    if s["greedy_gap_usd_m"] is not None and s["greedy_gap_usd_m"] > 1e-9:
        lines.append(
            f"Buying the cheapest troops first would cost {s['greedy_gap_usd_m']:,.4g} USD m/yr more."
        )
    return "\n".join(lines)
