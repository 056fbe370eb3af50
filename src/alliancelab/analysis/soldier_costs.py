"""Per-soldier cost by contributor income (issue 10, item 5): a DESCRIPTIVE table, not a pre-registered test.

Seed 004 (Henke 2019, "Buying Allies") argues that the United States buys contributions from states that are
"willing but inadequately resourced", and that their soldiers are cheap to subsidise: "a U.S. soldier costs
the U.S. government about $138,465 per year", whereas "annual costs for a Bangladeshi soldier amount to
$4,553 per year (in 2009)". If that premise is general, a contributor's own cost of a soldier-year rises with
its income. This module puts each contributor's cost next to its GDP per capita in the year of the figure
and gives Spearman's rank correlation of the two with its n and an exact permutation p-value. With the
seven figures the seed quotes it describes those figures; it is no test of a specification written before
the data were seen (docs/preregistration.md), and the report labels it so.

Pure computation over two frames; loading the seed's figures (:mod:`alliancelab.cases`) and naming the
states happen in :mod:`alliancelab.report.evidence_soldier_costs`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from alliancelab.analysis.exploitation import _spearman_p_value
from alliancelab.errors import DataError

__all__ = ["COST_COLUMNS", "SoldierCostIncome", "interpretation", "soldier_cost_by_income"]

#: The columns :func:`soldier_cost_by_income` needs in its ``costs`` frame: the state, its COW code, the
#: first and last year the figure applies to, and the cost in nominal US$ per soldier-year.
COST_COLUMNS = ("country", "ccode", "first_year", "last_year", "cost_usd")

#: Spearman's rho needs at least three contributors to be more than a sign.
MIN_N = 3


@dataclass(frozen=True)
class SoldierCostIncome:
    """The joined table (one row per cost figure), Spearman's rho of cost with income, its n and p-value."""

    table: pd.DataFrame
    rho: float
    p_value: float
    n: int
    method: str


def soldier_cost_by_income(costs: pd.DataFrame, state_years: pd.DataFrame) -> SoldierCostIncome:
    """Each contributor's cost per soldier-year next to its GDP per capita, and their rank correlation.

    ``state_years`` needs ``ccode``, ``year`` and ``wbgdppc2011est`` (natural log of GDP per capita,
    constant 2011 US$). A figure that applies to several years (the seed's US "today") gets the mean of the
    log over those years. Rows without a finite GDP per capita stay in the table and are left out of the
    correlation; ``n`` counts the rows it uses. Spearman's rho is exact under ties and rank-invariant, so
    log or level of GDP per capita give the same rho.
    """
    missing = [c for c in COST_COLUMNS if c not in costs.columns]
    missing += [c for c in ("ccode", "year", "wbgdppc2011est") if c not in state_years.columns]
    if missing:
        raise DataError(f"soldier costs by income: missing column(s) {', '.join(missing)}")
    panel = state_years[["ccode", "year", "wbgdppc2011est"]]
    log_gdppc = []
    spans = costs[["ccode", "first_year", "last_year"]].to_numpy(dtype=np.int64)
    for ccode, first, last in spans:
        years = panel[(panel["ccode"] == ccode) & panel["year"].between(int(first), int(last))]
        values = pd.to_numeric(years["wbgdppc2011est"], errors="coerce").dropna()
        log_gdppc.append(float(values.mean()) if len(values) else np.nan)
    table = costs.loc[:, list(COST_COLUMNS)].reset_index(drop=True)
    table["ln_gdppc"] = log_gdppc
    table["gdppc_usd2011"] = np.exp(table["ln_gdppc"])
    table["cost_share_of_gdppc"] = table["cost_usd"] / table["gdppc_usd2011"]
    usable = table[np.isfinite(table["ln_gdppc"]) & np.isfinite(table["cost_usd"].astype(float))]
    n = len(usable)
    if n < MIN_N:
        return SoldierCostIncome(table, np.nan, np.nan, n, f"not computed: fewer than {MIN_N} contributors")
    rho, p_value, method = _spearman_p_value(
        usable["ln_gdppc"].to_numpy(dtype=float), usable["cost_usd"].to_numpy(dtype=float)
    )
    return SoldierCostIncome(table, rho, p_value, n, method)


def interpretation(result: SoldierCostIncome) -> str:
    """One sentence on what the rank correlation means for seed 004's premise (cheap poor soldiers)."""
    if not np.isfinite(result.rho):
        return "Too few contributors with both figures to say anything about seed 004's premise."
    stats = f"Spearman rho = {result.rho:.2f}, n = {result.n}, p = {result.p_value:.3g}"
    if result.rho > 0 and result.p_value < 0.05:
        return (
            f"Poorer contributors have cheaper soldiers ({stats}): in these figures the premise of seed 004 "
            "that the soldiers of 'willing but inadequately resourced' contributors are cheap to subsidise "
            "holds, but only for the few states the seed quotes (descriptive, not a test)."
        )
    if result.rho < 0 and result.p_value < 0.05:
        return (
            f"Poorer contributors have dearer soldiers ({stats}): these figures contradict seed 004's "
            "premise that poor contributors' soldiers are cheap to subsidise (descriptive, not a test)."
        )
    return (
        f"No clear rank relation of cost with income ({stats}): these figures neither support nor "
        "contradict seed 004's premise that poor contributors' soldiers are cheap (descriptive, not a test)."
    )
