"""Per-soldier cost by contributor income: the descriptive rank correlation on synthetic tables."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from alliancelab.analysis.soldier_costs import interpretation, soldier_cost_by_income
from alliancelab.errors import DataError


def _panel(log_gdppc: dict[int, dict[int, float]]) -> pd.DataFrame:
    rows = [
        {"ccode": c, "year": y, "wbgdppc2011est": v}
        for c, by_year in log_gdppc.items()
        for y, v in by_year.items()
    ]
    return pd.DataFrame(rows)


def _costs(codes: list[int], costs: list[float], year: int = 2010) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "country": [f"state {c}" for c in codes],
            "ccode": codes,
            "first_year": year,
            "last_year": year,
            "cost_usd": costs,
        }
    )


def test_known_rank_correlation_and_exact_p_value() -> None:
    """Cost ranks 1,2,3,5,4 against income ranks 1..5: rho = 1 - 6*2/(5*24) = 0.9; 5 of the 120 orderings
    reach it on either side, so the exact two-sided p is 10/120."""
    panel = _panel({c: {2010: float(c)} for c in range(1, 6)})
    result = soldier_cost_by_income(_costs([1, 2, 3, 4, 5], [10.0, 20.0, 30.0, 50.0, 40.0]), panel)
    assert result.n == 5
    assert result.rho == pytest.approx(0.9)
    assert result.p_value == pytest.approx(10 / 120)
    assert "exact permutation" in result.method
    assert result.table["gdppc_usd2011"].to_numpy() == pytest.approx(np.exp([1, 2, 3, 4, 5]))
    reversed_result = soldier_cost_by_income(_costs([1, 2, 3, 4, 5], [50.0, 40.0, 30.0, 10.0, 20.0]), panel)
    assert reversed_result.rho == pytest.approx(-0.9)


def test_a_span_takes_the_mean_log_and_a_missing_income_is_left_out() -> None:
    panel = _panel({1: {2009: 1.0, 2010: 3.0, 2011: 99.0}, 2: {2010: 5.0}, 3: {2010: 6.0}, 4: {2010: np.nan}})
    costs = _costs([1, 2, 3, 4], [1.0, 2.0, 3.0, 4.0])
    costs.loc[0, ["first_year", "last_year"]] = [2009, 2010]  # 2011 lies outside the span
    result = soldier_cost_by_income(costs, panel)
    assert result.table.loc[0, "ln_gdppc"] == pytest.approx(2.0)
    assert math.isnan(result.table.loc[3, "ln_gdppc"]) and len(result.table) == 4
    assert result.n == 3 and result.rho == pytest.approx(1.0)


def test_interpretation_follows_the_sign_and_the_p_value() -> None:
    panel = _panel({c: {2010: float(c)} for c in range(1, 7)})
    cheap_poor = soldier_cost_by_income(_costs(list(range(1, 7)), [1.0, 2, 3, 4, 5, 6]), panel)
    dear_poor = soldier_cost_by_income(_costs(list(range(1, 7)), [6.0, 5, 4, 3, 2, 1]), panel)
    assert cheap_poor.p_value == pytest.approx(2 / 720)
    assert interpretation(cheap_poor).startswith("Poorer contributors have cheaper soldiers")
    assert interpretation(dear_poor).startswith("Poorer contributors have dearer soldiers")
    unclear = soldier_cost_by_income(_costs(list(range(1, 7)), [3.0, 1, 6, 2, 5, 4]), panel)
    assert interpretation(unclear).startswith("No clear rank relation")
    too_few = soldier_cost_by_income(_costs([1, 2], [1.0, 2.0]), panel)
    assert too_few.n == 2 and math.isnan(too_few.rho) and interpretation(too_few).startswith("Too few")


def test_a_missing_column_is_a_data_error() -> None:
    with pytest.raises(DataError, match="wbgdppc2011est"):
        soldier_cost_by_income(_costs([1], [1.0]), pd.DataFrame({"ccode": [1], "year": [2010]}))
