"""The cheapest coalition: HiGHS against brute force and greedy; infeasible missions name the constraint."""

from __future__ import annotations

import math

import numpy as np
import pytest
from coalition_strategies import candidate, cover_problems, mission
from hypothesis import given

from alliancelab.coalition.optimize import (
    CoverProblem,
    cheapest_coalition,
    solve_brute_force,
    solve_exact,
    solve_greedy,
)
from alliancelab.errors import UserInputError


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-7, abs_tol=1e-7)


@given(cover_problems(max_candidates=16))
def test_exact_equals_brute_force_up_to_16_candidates(problem: CoverProblem) -> None:
    """The MILP optimum equals full enumeration on every instance with at most 16 candidates."""
    exact, brute = solve_exact(problem), solve_brute_force(problem)
    assert exact.feasible == brute.feasible
    if exact.feasible:
        assert _close(exact.objective, brute.objective), (exact, brute)
        chosen = exact.members
        assert float(problem.effective @ chosen) + exact.own_troops >= problem.required - 1e-6
        assert int(chosen.sum()) + 1 >= problem.min_flags
        assert chosen[problem.must_include].all()
        assert exact.payments <= problem.budget + 1e-6
        assert exact.own_troops <= problem.own_troops + 1e-6


@given(cover_problems(max_candidates=16))
def test_exact_beats_or_equals_greedy(problem: CoverProblem) -> None:
    """Greedy never finds a cheaper coalition, and never finds one where the exact solver finds none."""
    exact, greedy = solve_exact(problem), solve_greedy(problem)
    if greedy.feasible:
        assert exact.feasible
        assert exact.objective <= greedy.objective + 1e-7 * max(1.0, abs(greedy.objective))


def test_greedy_can_be_strictly_worse() -> None:
    """A worked instance where cost per soldier misleads: the exact solver saves money greedy leaves."""
    problem = CoverProblem(
        cost=np.array([10.0, 60.0, 60.0]),
        legitimacy_credit=np.zeros(3),
        effective=np.array([1000.0, 5000.0, 5000.0]),
        must_include=np.zeros(3, dtype=bool),
        required=10_000.0,
        min_flags=1,
        budget=np.inf,
        own_cost=100_000.0,
        own_troops=0.0,
    )
    exact, greedy = solve_exact(problem), solve_greedy(problem)
    assert exact.objective == pytest.approx(120.0)
    assert greedy.objective == pytest.approx(130.0)


def test_make_or_buy_own_troops_when_cheaper() -> None:
    """A subsidy dearer per effective soldier than P's own soldier is not paid unless flags force it."""
    dear = [candidate("Dear", cost_per_soldier=120_000.0, intrinsic_interest=200.0, liquidity=0.0)]
    m = mission(dear, required_troops=1000.0, pivot={"eagerness": 1.0, "cost_per_soldier": 50_000.0})
    solution = cheapest_coalition(m)
    assert not solution.members.any()
    assert solution.own_troops == pytest.approx(1000.0)
    forced = cheapest_coalition(mission(dear, required_troops=1000.0, min_flags=2,
                                        pivot={"eagerness": 1.0, "cost_per_soldier": 50_000.0}))  # fmt: skip
    assert forced.members.all()


def test_infeasible_flags_named() -> None:
    m = mission([candidate("A")], min_flags=4)
    with pytest.raises(UserInputError, match="min_flags = 4"):
        cheapest_coalition(m)


def test_infeasible_critical_partner_named() -> None:
    """A critical partner that asks more than the mission is worth to P stays out: the error names it."""
    m = mission([candidate("Hostile", intrinsic_interest=-5000.0), candidate("B")], critical=["Hostile"])
    with pytest.raises(UserInputError, match=r"critical partner.*Hostile"):
        cheapest_coalition(m)


def test_infeasible_troops_named() -> None:
    m = mission([candidate("A")], required_troops=50_000.0, pivot={"own_troops": 1000.0})
    with pytest.raises(UserInputError, match="required_troops = 50000"):
        cheapest_coalition(m)


def test_infeasible_budget_named() -> None:
    m = mission([candidate("A", intrinsic_interest=-50.0)], critical=["A"], pivot={"budget": 1.0})
    with pytest.raises(UserInputError, match="budget = 1 USD m"):
        cheapest_coalition(m)


def test_infeasible_conflict_names_the_relaxations() -> None:
    """Flags and budget each feasible alone but not together: the error says which relaxation helps."""
    cands = [candidate(f"S{j}") for j in range(3)]  # each asks its own cost, 5 USD m
    m = mission(cands, min_flags=4, pivot={"budget": 12.0, "eagerness": 1.0})
    with pytest.raises(UserInputError, match="relaxing budget or min_flags"):
        cheapest_coalition(m)
