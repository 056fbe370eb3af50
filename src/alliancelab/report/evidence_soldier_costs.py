"""The descriptive per-soldier cost table of the evidence report: seed 004's figures joined to the panel.

Loads the seed's own-cost figures (:func:`alliancelab.cases.coalition_cases.load_soldier_costs`), names
their states with the COW crosswalk, hands them with the state-year panel to
:func:`alliancelab.analysis.soldier_costs.soldier_cost_by_income`, and renders the result as Markdown and
(escaped) HTML. Only the modern figures (1990 on) enter: the Vietnam-era US figure has no contributor of the
same years beside it.
"""

from __future__ import annotations

import html
import math

import pandas as pd

from alliancelab.analysis.soldier_costs import SoldierCostIncome, interpretation, soldier_cost_by_income
from alliancelab.cases.coalition_cases import load_soldier_costs
from alliancelab.data.crosswalk import name_to_cow
from alliancelab.errors import DataError

__all__ = ["TITLE", "markdown_lines", "section_html", "soldier_cost_table", "soldier_costs_frame"]

TITLE = "Descriptive, not pre-registered: per-soldier cost by contributor income (seed 004)"
FIRST_MODERN_YEAR = 1990
_NOTE = (
    "Each contributor's own cost of a soldier-year (nominal US$, Gaibulloev et al. as Henke 2019 quotes "
    "them, note 162) next to its GDP per capita (wbgdppc2011est, constant 2011 US$; mean over the years a "
    "figure applies to). Not a test written in docs/preregistration.md: it describes the seven figures "
    "the seed quotes."
)
_HEAD = [
    "country",
    "ccode",
    "years",
    "cost per soldier-year (US$)",
    "GDP per capita (2011 US$)",
    "cost / GDPpc",
]


def soldier_costs_frame() -> pd.DataFrame:
    """The seed's modern figures as the frame :func:`soldier_cost_by_income` reads (``COST_COLUMNS``)."""
    rows = [
        {
            "country": c.country,
            "first_year": c.applies[0],
            "last_year": c.applies[1],
            "cost_usd": float(c.cost.value),
        }
        for c in load_soldier_costs()
        if c.applies[0] >= FIRST_MODERN_YEAR
    ]
    frame = pd.DataFrame(rows)
    frame["ccode"] = name_to_cow(frame["country"], frame["first_year"]).to_numpy()
    unmatched = frame.loc[frame["ccode"].isna(), "country"].tolist()
    if unmatched:
        raise DataError(f"soldier_costs.toml: country {', '.join(unmatched)} has no COW code")
    return frame.astype({"ccode": "int64"})


def soldier_cost_table(state_years: pd.DataFrame) -> SoldierCostIncome:
    """The seed's figures joined to ``state_years`` (the raw panel: it keeps the US) and their rho."""
    return soldier_cost_by_income(soldier_costs_frame(), state_years)


def _cells(row: pd.Series) -> list[str]:
    years = (
        str(row["first_year"])
        if row["first_year"] == row["last_year"]
        else (f"{row['first_year']}-{row['last_year']}")
    )
    gdppc = "" if math.isnan(row["gdppc_usd2011"]) else f"{row['gdppc_usd2011']:,.0f}"
    share = "" if math.isnan(row["cost_share_of_gdppc"]) else f"{row['cost_share_of_gdppc']:.2f}"
    return [str(row["country"]), str(row["ccode"]), years, f"{row['cost_usd']:,.0f}", gdppc, share]


def _summary(result: SoldierCostIncome) -> str:
    return (
        f"Spearman rank correlation of cost with GDP per capita: rho = {result.rho:.3f}, n = {result.n}, "
        f"p = {result.p_value:.3g} ({result.method})."
    )


def markdown_lines(result: SoldierCostIncome) -> list[str]:
    """The section as Markdown lines: title, note, table, rho and the sentence on the seed's claim."""
    lines = [f"## {TITLE}", "", _NOTE, "", "| " + " | ".join(_HEAD) + " |", "|" + "---|" * len(_HEAD)]
    lines += [
        "| " + " | ".join(c.replace("|", "/") for c in _cells(r)) + " |" for _, r in result.table.iterrows()
    ]
    return [*lines, "", _summary(result), "", interpretation(result), ""]


def section_html(result: SoldierCostIncome) -> str:
    """The section as HTML; every string from the data is escaped."""
    e = html.escape
    head = "".join(f"<th>{e(h)}</th>" for h in _HEAD)
    rows = "".join(
        "<tr>" + "".join(f"<td>{e(c)}</td>" for c in _cells(r)) + "</tr>" for _, r in result.table.iterrows()
    )
    return (
        f"<h2>{e(TITLE)}</h2><p>{e(_NOTE)}</p><table><tr>{head}</tr>{rows}</table>"
        f"<p>{e(_summary(result))}</p><p>{e(interpretation(result))}</p>"
    )
