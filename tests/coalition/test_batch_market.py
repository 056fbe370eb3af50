"""The coalition market over many missions at once equals the mission-by-mission market.

``quote_arrays`` (the arrays ``quote`` is built on), ``contributor_types`` (the typology rule over arrays)
and ``cheapest_subsets`` (every coalition of many small programs at once) are what the composed world's
crises use; each is checked here against the one-mission functions.
"""

from __future__ import annotations

import dataclasses
import itertools
import math

import numpy as np
import pytest
from coalition_strategies import candidate, cover_problems, mission
from hypothesis import given
from hypothesis import strategies as st

from alliancelab.coalition.exhaustive import CoverArrays, cheapest_subsets
from alliancelab.coalition.mission import Mission
from alliancelab.coalition.optimize import USD_PER_M, CoverProblem, solve_exact
from alliancelab.coalition.pricing import quote, quote_arrays
from alliancelab.coalition.typology import (
    CONTRIBUTOR_TYPES,
    TypologyFeatures,
    classify_features,
    contributor_types,
)
from alliancelab.coalition.valuation import MarketArrays, market_arrays, substitute_cost

FEATURES = [f.name for f in dataclasses.fields(TypologyFeatures)]


def test_contributor_types_is_the_rule_classify_features_applies() -> None:
    """All 128 combinations of the seven features, as arrays at once and one by one."""
    combos = np.array(list(itertools.product([False, True], repeat=len(FEATURES))))
    codes = contributor_types(*combos.T)
    for row, code in zip(combos, codes, strict=True):
        expected = classify_features(TypologyFeatures(*map(bool, row))).type
        assert CONTRIBUTOR_TYPES[int(code)] is expected, dict(zip(FEATURES, row, strict=True))


def _random_missions(rng: np.random.Generator, count: int, size: int) -> list[Mission]:
    """Missions with the same pivot and settings, ``size`` candidates each, no issue menus."""
    out = []
    for _ in range(count):
        troops = rng.integers(100, 5000, size)
        cost = rng.integers(2000, 130_000, size).astype(float)
        own = troops * cost / 1e6
        cands = [
            candidate(
                f"c{j}",
                troops=int(troops[j]),
                cost_per_soldier=float(cost[j]),
                intrinsic_interest=float(own[j] * rng.uniform(-1.0, 2.0)),
                quality=float(rng.choice([0.6, 1.0, 1.2])),
                liquidity=float(rng.choice([0.0, own[j] / 2, 1e9])),
                legitimacy_weight=float(rng.choice([0.0, 0.5, 1.0])),
            )
            for j in range(size)
        ]
        out.append(mission(cands, required_troops=float(rng.uniform(500, 20_000)), min_flags=2))
    return out


def _stack(arrays: list[MarketArrays]) -> MarketArrays:
    first = arrays[0]
    per_mission = {
        f.name: np.stack([getattr(a, f.name) for a in arrays])
        for f in dataclasses.fields(first)
        if isinstance(getattr(first, f.name), np.ndarray)
    }
    return dataclasses.replace(first, required=np.array([a.required for a in arrays]), **per_mission)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_quote_arrays_over_missions_equals_quote_of_each(seed: int) -> None:
    missions = _random_missions(np.random.default_rng(seed), count=9, size=7)
    batch = quote_arrays(_stack([market_arrays(m) for m in missions]), missions[0].market)
    for i, m in enumerate(missions):
        one = quote(m)
        types = [CONTRIBUTOR_TYPES.index(c.type) for c in one.classifications]
        np.testing.assert_array_equal(batch.types[i], types)
        for name in ("value", "rho", "rho_lo", "rho_hi", "price", "payer_cost", "value_delivered"):
            np.testing.assert_array_equal(getattr(batch, name)[i], getattr(one, name), err_msg=name)
        np.testing.assert_array_equal(batch.fixed_acceptance[i], one.fixed_acceptance)
        assert batch.sigma[i] == one.sigma and batch.beta[i] == one.beta
        # no menu: every positive payment is cash, and the form says so
        for j, form in enumerate(one.forms):
            if form is not None:
                assert form.items == () and form.payer_cost == batch.payer_cost[i, j]
    assert len({t for row in batch.types for t in row}) >= 3  # the missions exercise several types


def test_substitute_costs_of_many_missions_equal_each_missions() -> None:
    rng = np.random.default_rng(4)
    cost, quality, troops = (
        rng.uniform(1e3, 2e5, (6, 9)),
        rng.choice([0.5, 1.0], (6, 9)),
        rng.uniform(0, 4e3, (6, 9)),
    )
    required = rng.uniform(1e3, 3e4, 6)
    batch = substitute_cost(cost, quality, troops, required, 138_465.0)
    for i in range(6):
        one = substitute_cost(cost[i], quality[i], troops[i], float(required[i]), 138_465.0)
        np.testing.assert_array_equal(batch[i], one)


@given(
    cover_problems(max_candidates=10),
    st.lists(st.tuples(st.floats(0.0, 2.0), st.floats(0.1, 2.0)), min_size=1, max_size=5),
)
def test_cheapest_subsets_of_many_programs_are_the_exact_optima(
    problem: CoverProblem, scales: list[tuple[float, float]]
) -> None:
    """Variants of one program (budget and troops required scaled) solved at once: each is optimal."""
    finite = math.isfinite(problem.budget)
    variants = [
        dataclasses.replace(
            problem, budget=problem.budget * b if finite else problem.budget, required=problem.required * r
        )
        for b, r in scales
    ]
    found, members = cheapest_subsets(
        CoverArrays(
            net=np.broadcast_to(problem.net_cost, (len(variants), problem.cost.size)),
            cost=np.broadcast_to(problem.cost, (len(variants), problem.cost.size)),
            effective=np.broadcast_to(problem.effective, (len(variants), problem.cost.size)),
            must=np.broadcast_to(problem.must_include, (len(variants), problem.cost.size)),
            required=np.array([v.required for v in variants]),
            min_flags=problem.min_flags,
            budget=np.array([v.budget for v in variants]),
            own_unit=problem.own_cost / USD_PER_M,
            own_troops=problem.own_troops,
        )
    )
    for v, ok, chosen in zip(variants, found, members, strict=True):
        exact = solve_exact(v)
        assert ok == exact.feasible
        if not ok:
            assert not chosen.any()
            continue
        assert np.isfinite(v.cost[chosen]).all()
        assert chosen[v.must_include].all() and int(chosen.sum()) + 1 >= v.min_flags
        assert float(v.cost[chosen].sum()) <= v.budget + 1e-9
        own = max(0.0, v.required - float(v.effective @ chosen))
        assert own <= v.own_troops + 1e-9
        objective = float(v.net_cost[chosen].sum()) + v.own_cost * own / USD_PER_M
        assert math.isclose(objective, exact.objective, rel_tol=1e-9, abs_tol=1e-9)
