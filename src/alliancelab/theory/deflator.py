r"""Prices in constant dollars: one calibration of the money value across decades (episodes).

Payments, valuations and budgets of an episode are written in the dollars of their year. The models need
one money scale (``mu`` is utils per USD m), so every amount is moved to the dollars of one base year with a
price index ``P`` before it enters them:

.. code-block:: text

    constant(a, y) = a * P(base) / P(y)                                        [LIT-FORM]
    P(y) between two index years: log-linear interpolation; outside the index: an error

The standard deflation of national accounts; the index is a table the caller supplies (the episodes use the
BLS CPI-U annual averages, ``cases/episodes/cpi-u.toml``). BdM&S 2016 state their finding in these units:
"the US paid less (in constant dollars) and gained more in policy terms through aid before the Soviet
Union became a significant aid player".

References (keys of ``references.bib``): bdm2016competition.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from alliancelab.errors import ParameterError
from alliancelab.theory.formation import FloatArray, Real

__all__ = ["CITATION_KEYS", "PriceIndex", "price_factor", "to_constant", "to_nominal"]

CITATION_KEYS: tuple[str, ...] = ("bdm2016competition",)


@dataclass(frozen=True, slots=True)
class PriceIndex:
    """A price index: strictly increasing years, positive levels, and the base year of constant dollars."""

    years: FloatArray
    levels: FloatArray
    base_year: int
    name: str = "price index"

    def __post_init__(self) -> None:
        years, levels = np.asarray(self.years, dtype=float), np.asarray(self.levels, dtype=float)
        if years.ndim != 1 or years.shape != levels.shape or years.size < 2:
            raise ParameterError(f"{self.name}: years and levels must be two 1-d arrays of equal length >= 2")
        if np.any(np.diff(years) <= 0):
            raise ParameterError(f"{self.name}: years must be strictly increasing")
        if np.any(~np.isfinite(levels) | (levels <= 0)):
            raise ParameterError(f"{self.name}: every level must be a positive number")
        if not years[0] <= self.base_year <= years[-1]:
            raise ParameterError(
                f"{self.name}: base year {self.base_year} is outside {years[0]:.0f}-{years[-1]:.0f}"
            )

    def level(self, year: Real) -> FloatArray:
        """``P(y)``, log-linear between index years; a year outside the index is an error."""
        y = np.asarray(year, dtype=float)
        lo, hi = float(self.years[0]), float(self.years[-1])
        if np.any((y < lo) | (y > hi) | np.isnan(y)):
            bad = float(np.asarray(y)[(y < lo) | (y > hi) | np.isnan(y)].flat[0]) if y.ndim else float(y)
            raise ParameterError(
                f"{self.name}: no price level for {bad:g} (the index covers {lo:.0f}-{hi:.0f})"
            )
        return np.asarray(np.exp(np.interp(y, self.years, np.log(self.levels))), dtype=float)


def price_factor(index: PriceIndex, year: Real) -> FloatArray:
    """``P(base)/P(y)``: base-year dollars per dollar of year ``y``. [LIT-FORM]

    BdM&S 2016: "the US paid less (in constant dollars)".
    """
    return index.level(index.base_year) / index.level(year)


def to_constant(amount: Real, year: Real, index: PriceIndex) -> FloatArray:
    """``a * P(base)/P(y)``: an amount in dollars of ``year`` as base-year dollars. [LIT-FORM]"""
    return np.asarray(amount, dtype=float) * price_factor(index, year)


def to_nominal(amount: Real, year: Real, index: PriceIndex) -> FloatArray:
    """``a * P(y)/P(base)``: base-year dollars in dollars of ``year`` (inverse of :func:`to_constant`)."""
    return np.asarray(amount, dtype=float) / price_factor(index, year)
