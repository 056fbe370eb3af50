"""Indivisible packages (theory/packages.py): a minimum and a red line end the free-concession fallback.

Expected values come from the scalar reference of section (a) (``reference_formation.reference_solve``, plain
``math``), evaluated at the package the bounds impose -- not from the code under test.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from formation_strategies import dyads, unit
from hypothesis import assume, given
from reference_formation import reference_solve

from alliancelab.theory.formation import NO_DEAL_UNCOMPENSABLE, FormationParams, solve
from alliancelab.theory.packages import PackageBounds, bounded_dyad, solve_with_bounds


def _params(d: dict[str, Any]) -> FormationParams:
    return FormationParams(**d)


@given(dyads(mode="FLEX"))
def test_without_bounds_the_solution_is_formations(d: dict[str, Any]) -> None:
    free, bounded = solve(_params(d)), solve_with_bounds(_params(d), PackageBounds())
    np.testing.assert_array_equal(bounded.package, free.package)
    np.testing.assert_array_equal(bounded.forms, free.forms)
    np.testing.assert_array_equal(bounded.payment, free.payment)


@given(dyads(mode="FLEX", budget=False), unit(0.02, 0.5))
def test_a_minimum_above_the_optimum_is_the_package_and_strictly_lowers_the_surplus(
    d: dict[str, Any], gap: float
) -> None:
    free = reference_solve(d)
    x_min = free["package"] + gap
    xbar = min(1.0, (1 - 1e-3) / (d["sal"] * (d["omega0"] + d["d"])))
    assume(x_min <= xbar - 1e-6)
    expected = reference_solve({**d, "mode": "FIXED", "package": x_min})
    got = solve_with_bounds(_params(d), PackageBounds(minimum=x_min))
    assert float(got.package) == pytest.approx(x_min)
    assert bool(got.forms) == expected["forms"]
    assert float(got.surplus) == pytest.approx(expected["surplus"], rel=1e-7, abs=1e-7)
    assert float(got.surplus) < free["surplus"]  # concave surplus: strictly lower away from its peak


@given(dyads(mode="FLEX", budget=False), unit(0.02, 0.5))
def test_a_ceiling_below_the_optimum_is_the_package_and_strictly_lowers_the_surplus(
    d: dict[str, Any], gap: float
) -> None:
    free = reference_solve(d)
    x_cap = free["package"] - gap
    assume(x_cap >= 0.0 and d["v"] > 1.0)  # with v = 0 the surplus is flat below the free concessions
    expected = reference_solve({**d, "mode": "FIXED", "package": x_cap})
    got = solve_with_bounds(_params(d), PackageBounds(ceiling=x_cap))
    assert float(got.package) == pytest.approx(x_cap)
    assert float(got.surplus) == pytest.approx(expected["surplus"], rel=1e-7, abs=1e-7)
    assert float(got.surplus) < free["surplus"]


@given(dyads(), unit(0.05, 1.0), unit(0.0, 1.0))
def test_a_client_that_will_not_host_the_minimum_ends_the_alliance(
    d: dict[str, Any], x_min: float, share: float
) -> None:
    got = solve_with_bounds(_params(d), PackageBounds(minimum=x_min, ceiling=share * x_min * 0.999))
    assert not bool(got.forms)
    assert int(got.outcome) == NO_DEAL_UNCOMPENSABLE


def test_the_free_concession_fallback_is_gone_where_the_base_is_indivisible() -> None:
    # A common threat buys free concessions x0 > 0, so FLEX forms without money; a base (x_min = 1) costs
    # more autonomy than the patron's value covers. Reference numbers: reference_solve at package 1.
    d = {"T": 0.6, "phi": 0.3, "chi": 0.3, "q0": 0.6, "d": 0.5, "sal": 1.5, "omega0": 0.1, "mu": 0.01,
         "v": 60.0, "c": 10.0, "budget": math.inf, "alpha": None, "mode": "FLEX", "package": 1.0}  # fmt: skip
    flex = solve(_params(d))
    assert bool(flex.forms) and float(flex.payment) == 0.0
    fixed_ref = reference_solve({**d, "mode": "FIXED", "package": 1.0})
    assert fixed_ref["surplus"] < 0
    got = solve_with_bounds(_params(d), PackageBounds(minimum=1.0))
    assert not bool(got.forms)
    assert float(got.surplus) == pytest.approx(fixed_ref["surplus"])


def test_bounded_dyad_offers_nothing_where_the_client_refuses() -> None:
    dyad = bounded_dyad(FormationParams(), PackageBounds(minimum=0.5, ceiling=0.2))
    assert math.isinf(float(np.asarray(dyad.c)))
    assert not bool(solve(dyad).forms)
    assert bounded_dyad(FormationParams(), PackageBounds()) == FormationParams()
