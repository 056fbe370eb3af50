"""The descriptive per-soldier cost table: seed 004's figures joined to the real panel, and in the report."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from alliancelab.analysis.soldier_costs import soldier_cost_by_income
from alliancelab.report.evidence_soldier_costs import TITLE, soldier_cost_table, soldier_costs_frame

MODERN = {
    "United States": 2,
    "Canada": 20,
    "France": 220,
    "Italy": 325,
    "Bangladesh": 771,
    "Ghana": 452,
    "India": 750,
}


def test_the_seed_figures_name_the_seven_modern_contributors() -> None:
    frame = soldier_costs_frame()
    assert dict(zip(frame["country"], frame["ccode"], strict=True)) == MODERN
    assert frame.set_index("country").loc["Bangladesh", "cost_usd"] == 4553
    assert (frame["first_year"] >= 2009).all()  # the Vietnam-era US figure is left out


@pytest.fixture(scope="module")
def state_years(data_dir: Path) -> pd.DataFrame:
    """The raw state-year panel the evidence run prepares, from the run's own cache."""
    from alliancelab.analysis.prepare_real import BUILD_YEARS, real_tables
    from alliancelab.commands.evidence import _cache_dir

    return real_tables(BUILD_YEARS, cache=_cache_dir())["state_years"]


def test_real_join_finds_every_modern_contributor(state_years: pd.DataFrame) -> None:
    result = soldier_cost_table(state_years)
    assert result.n == 7 and set(result.table["ccode"]) == set(MODERN.values())
    assert np.isfinite(result.table["gdppc_usd2011"]).all()
    assert math.isfinite(result.rho) and -1 <= result.rho <= 1 and 0 < result.p_value <= 1
    by_country = result.table.set_index("country")["gdppc_usd2011"]
    assert by_country["United States"] > 10 * by_country["Bangladesh"]


def test_the_report_shows_the_table_escaped(tmp_path: Path) -> None:
    from alliancelab.analysis.evidence import Outcome
    from alliancelab.report.evidence_report import write_evidence_report

    costs = pd.DataFrame(
        {
            "country": ["<b>Rich</b>", "Middle", "Poor"],
            "ccode": [1, 2, 3],
            "first_year": 2010,
            "last_year": 2010,
            "cost_usd": [100_000.0, 20_000.0, 5_000.0],
        }
    )
    panel = pd.DataFrame({"ccode": [1, 2, 3], "year": 2010, "wbgdppc2011est": [10.5, 9.0, 7.5]})
    result = soldier_cost_by_income(costs, panel)
    outcomes = [Outcome("T-F1", "sim", None, "no table")]
    paths = write_evidence_report(outcomes, tmp_path, {"run": "test"}, soldier_costs=result)
    markdown = paths["markdown"].read_text(encoding="utf-8")
    page = paths["html"].read_text(encoding="utf-8")
    assert TITLE in markdown and "| Poor | 3 | 2010 | 5,000 | 1,808 | 2.77 |" in markdown
    assert "rho = 1.000, n = 3" in markdown and "Descriptive, not pre-registered" in page
    assert "&lt;b&gt;Rich&lt;/b&gt;" in page and "<b>Rich</b>" not in page
    written = pd.read_csv(paths["soldier_costs"])
    assert written["country"].tolist() == ["<b>Rich</b>", "Middle", "Poor"]
    assert paths["soldier_costs"].parent == paths["results"].parent
