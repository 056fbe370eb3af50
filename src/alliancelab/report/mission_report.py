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

from alliancelab.cases.missions import mission_from_dict
from alliancelab.coalition import Mission, MissionPlan, cheapest_coalition, plan_mission, quote
from alliancelab.errors import ParameterError, UserInputError
from alliancelab.report._grid import grid_values

__all__ = ["CITATION_KEYS", "explain", "frame", "sweep"]

CITATION_KEYS: tuple[str, ...] = ("henke2019buying",)
_TABLES = ("market", "holdup")  # the mission's settings tables a sweep may reach into (market.beta0)


def frame(mission: Mission, plan: MissionPlan | None = None) -> pd.DataFrame:
    """One row per candidate: Henke's type and why, valuation, reservation price, price, payment form and
    its cost to the payer (USD m/yr), ``in_coalition`` (the cheapest coalition) and effective troops."""
    result = plan_mission(mission) if plan is None else plan
    table = result.candidates.copy()
    table.attrs["sources"] = list(CITATION_KEYS)
    return table


def _sweepable(mission: Mission) -> dict[str, tuple[str, ...]]:
    """Name -> path in the mission's data: its numbers, and those of its settings tables."""
    names: dict[str, tuple[str, ...]] = {}
    data = mission.model_dump()
    for table in _TABLES:
        for key, value in data[table].items():
            if isinstance(value, int | float) and not isinstance(value, bool):
                names[f"{table}.{key}"] = (table, key)
                names.setdefault(key, (table, key))
    for key, value in data.items():
        if isinstance(value, int | float) and not isinstance(value, bool):
            names[key] = (key,)
    return names


def _with_value(mission: Mission, path: tuple[str, ...], value: float | int) -> Mission:
    data = mission.model_dump()
    node = data
    for key in path[:-1]:
        node = node[key]
    if isinstance(node[path[-1]], int):  # a count (flags, years): whole numbers only
        if not float(value).is_integer():
            raise ParameterError(f"sweep of {'.'.join(path)}: {value:g} is not a whole number")
        value = int(value)
    node[path[-1]] = value
    return mission_from_dict(data, source=f"sweep of {'.'.join(path)}")


def sweep(mission: Mission, parameter: str, values: npt.ArrayLike) -> pd.DataFrame:
    """Comparative statics: the cheapest coalition for each value of ``parameter``, a number of the mission
    (``required_troops``, ``min_flags``) or of its settings (``market.beta0``, or ``beta0``).

    One row per value: ``feasible``, ``members`` (names, ``;``-separated), ``flags`` (the pivotal state's
    included), ``payments_usd_m``, ``own_troops``, ``total_cost_usd_m`` and ``surplus_usd_m`` (the mission's
    value minus the total cost). An infeasible value is a row with ``feasible = False``, not an error.
    """
    grid = grid_values(parameter, values)
    allowed = _sweepable(mission)
    if parameter not in allowed:
        raise ParameterError(
            f"sweep of {parameter}: not a number of the mission; allowed: {', '.join(sorted(allowed))}"
        )
    rows: list[dict[str, Any]] = []
    for value in grid.tolist():
        varied = _with_value(mission, allowed[parameter], value)
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
