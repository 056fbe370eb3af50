"""Constant dollars (theory/deflator.py): reference figures by hand from BLS CPI-U annual averages."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from alliancelab.errors import ParameterError
from alliancelab.theory.deflator import PriceIndex, price_factor, to_constant, to_nominal

# BLS CPI-U annual averages (1982-84 = 100): 1954 26.9, 1965 31.5, 2000 172.2, 2003 184.0.
BLS = PriceIndex(np.array([1954.0, 1965.0, 2000.0, 2003.0]), np.array([26.9, 31.5, 172.2, 184.0]), 2000)


def test_reference_amounts() -> None:
    assert float(to_constant(155.0, 1954, BLS)) == pytest.approx(155.0 * 172.2 / 26.9)  # 992.2
    assert float(to_constant(6000.0, 2003, BLS)) == pytest.approx(6000.0 * 172.2 / 184.0)  # 5615.2
    assert float(price_factor(BLS, 2000)) == 1.0
    # between index years the level is log-linear: 1959.5 sits halfway between 1954 and 1965
    halfway = np.sqrt(26.9 * 31.5)
    assert float(to_constant(1.0, 1959.5, BLS)) == pytest.approx(172.2 / halfway)


@given(st.floats(0, 1e6), st.floats(1954, 2003))
def test_round_trip(amount: float, year: float) -> None:
    assert float(to_nominal(to_constant(amount, year, BLS), year, BLS)) == pytest.approx(amount, rel=1e-12)


@given(st.floats(1954, 2002), st.floats(0.5, 1.0))
def test_a_dollar_of_a_later_year_is_worth_strictly_less_when_prices_rise(year: float, later: float) -> None:
    assert float(to_constant(1.0, year + later, BLS)) < float(to_constant(1.0, year, BLS))


def test_bad_indices_and_years_are_named() -> None:
    with pytest.raises(ParameterError, match="strictly increasing"):
        PriceIndex(np.array([2000.0, 1990.0]), np.array([1.0, 2.0]), 2000)
    with pytest.raises(ParameterError, match="positive"):
        PriceIndex(np.array([1990.0, 2000.0]), np.array([0.0, 2.0]), 2000)
    with pytest.raises(ParameterError, match="base year 1900"):
        PriceIndex(np.array([1990.0, 2000.0]), np.array([1.0, 2.0]), 1900)
    with pytest.raises(ParameterError, match="no price level for 1900"):
        to_constant(1.0, 1900, BLS)
