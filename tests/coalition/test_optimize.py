"""The cheapest coalition: exact solvers against brute force and greedy; infeasible missions name why.

``solve_exact`` is the Lagrangian-bound enumeration (:mod:`alliancelab.coalition.lagrangian_enumeration`);
``solve_milp`` is HiGHS's MILP, kept as its fallback and as a second oracle on instances too large for
brute force.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from coalition_strategies import candidate, cover_problems, mission
from hypothesis import given
from hypothesis import strategies as st
from scipy.optimize import linprog

from alliancelab.coalition import lagrangian_enumeration as exact_module
from alliancelab.coalition.lagrangian_enumeration import Program, fractional_knapsack_min, lagrangian_bound
from alliancelab.coalition.optimize import (
    CoverProblem,
    cheapest_coalition,
    solve_brute_force,
    solve_exact,
    solve_greedy,
    solve_milp,
)
from alliancelab.errors import UserInputError


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-7, abs_tol=1e-7)


@given(cover_problems(max_candidates=16))
def test_exact_equals_brute_force_up_to_16_candidates(problem: CoverProblem) -> None:
    """Both exact solvers equal full enumeration on every instance with at most 16 candidates."""
    exact, brute = solve_exact(problem), solve_brute_force(problem)
    milp = solve_milp(problem)
    assert milp.feasible == brute.feasible
    if milp.feasible:
        assert _close(milp.objective, brute.objective), (milp, brute)
    assert exact.feasible == brute.feasible
    if exact.feasible:
        assert _close(exact.objective, brute.objective), (exact, brute)
        chosen = exact.members
        assert float(problem.effective @ chosen) + exact.own_troops >= problem.required - 1e-6
        assert int(chosen.sum()) + 1 >= problem.min_flags
        assert chosen[problem.must_include].all()
        assert exact.payments <= problem.budget + 1e-6
        assert exact.own_troops <= problem.own_troops + 1e-6


@given(cover_problems(max_candidates=12), st.sampled_from([1, 2, 8]))
def test_fallback_to_milp_is_exact(problem: CoverProblem, max_states: int) -> None:
    """With a tiny state limit the search gives up and HiGHS's MILP answers: still the brute-force optimum."""
    exact, brute = solve_exact(problem, max_states=max_states), solve_brute_force(problem)
    assert exact.feasible == brute.feasible
    if exact.feasible:
        assert _close(exact.objective, brute.objective), (exact, brute)


@given(cover_problems(max_candidates=12))
def test_any_multipliers_give_a_valid_bound(problem: CoverProblem) -> None:
    """The bound holds for any multipliers, not only the LP's: with zero multipliers, the same optimum."""
    original = exact_module._multipliers
    exact_module._multipliers = lambda p: (0.0, 0.0, 0.0)
    try:
        exact = solve_exact(problem)
    finally:
        exact_module._multipliers = original
    brute = solve_brute_force(problem)
    assert exact.feasible == brute.feasible
    if exact.feasible:
        assert _close(exact.objective, brute.objective), (exact, brute)


def test_critical_partners_stay_in_without_an_incumbent() -> None:
    """Regression: with no feasible start, the search must not drop a critical partner to save money.

    The critical set fields 6,438 of the 6,439 troops required with no own troops; the only addition that
    closes the gap breaks the budget, so no coalition exists.
    """
    inf = np.inf
    problem = CoverProblem(
        cost=np.array([0.0, inf, inf, 2.0, inf, 0.0, 0.0, 0.0, 0.0, inf, 97.0, inf, 100.0, 100.0]),
        legitimacy_credit=np.zeros(14),
        effective=np.array([704.0, 0, 0, 2, 1138, 0, 0, 0, 10, 0, 0, 0, 2724, 3000]),
        must_include=np.isin(np.arange(14), [0, 7, 8, 10, 12, 13]),
        required=6439.0,
        min_flags=1,
        budget=298.0,
        own_cost=3159.0,
        own_troops=0.0,
    )
    assert not solve_brute_force(problem).feasible
    assert not solve_exact(problem).feasible


def _knapsack_like(rng: np.random.Generator, n: int, budget_share: float) -> CoverProblem:
    """A benchmark-shaped program: prices near P's own cost of the same troops, a budget that binds."""
    effective = rng.integers(100, 3000, n) * rng.choice([0.6, 0.8, 1.0, 1.2], n)
    cost = effective * 138_465.0 / 1e6 * rng.uniform(0.2, 1.3, n)
    cost[rng.random(n) < 0.1] = np.inf
    return CoverProblem(
        cost=cost,
        legitimacy_credit=rng.choice([0.0, 1.0, 5.0], n),
        effective=effective,
        must_include=np.arange(n) < 2,
        required=float(0.6 * effective.sum()),
        min_flags=int(n // 4),
        budget=float(budget_share * np.sum(cost[np.isfinite(cost)])),
        own_cost=138_465.0,
        own_troops=np.inf,
    )


@st.composite
def binding_problems(draw: st.DrawFn, max_candidates: int = 14) -> CoverProblem:
    """Float-valued programs whose budget, flags or own-troop cap bind: the enumeration's hard cases."""
    n = draw(st.integers(1, max_candidates))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    problem = _knapsack_like(rng, n, budget_share=draw(st.floats(0.05, 0.8)))
    return CoverProblem(
        cost=problem.cost,
        legitimacy_credit=problem.legitimacy_credit,
        effective=problem.effective,
        must_include=np.arange(n) < draw(st.integers(0, 2)),
        required=problem.required * draw(st.floats(0.3, 1.2)),
        min_flags=draw(st.integers(1, n + 1)),
        budget=problem.budget,
        own_cost=problem.own_cost,
        own_troops=draw(st.sampled_from([np.inf, 0.0, 0.2 * problem.required])),
    )


@given(binding_problems())
def test_exact_equals_brute_force_when_constraints_bind(problem: CoverProblem) -> None:
    """Tight budgets, flag counts and own-troop caps, float data: the enumeration equals full enumeration."""
    exact, brute = solve_exact(problem), solve_brute_force(problem)
    assert exact.feasible == brute.feasible
    if exact.feasible:
        assert exact.objective == pytest.approx(brute.objective, rel=1e-9, abs=1e-9), (exact, brute)


@given(binding_problems(max_candidates=10), st.floats(0.0, 2.0), st.floats(0.0, 1.0))
def test_bound_never_exceeds_the_optimum(problem: CoverProblem, lam_share: float, nu_share: float) -> None:
    """Bound (1) of the Lagrangian enumeration is below the optimum for any multipliers.

    ``lam`` ranges over ``[0, u]`` when own troops are unlimited and over ``[0, 2u]`` when they are capped.
    """
    brute = solve_brute_force(problem)
    if not brute.feasible:
        return
    ok = np.isfinite(problem.cost)
    unit = problem.own_cost / 1e6
    program = Program(problem.net_cost[ok], problem.effective[ok], problem.cost[ok],
                      problem.must_include[ok], problem.required, problem.min_flags - 1.0, problem.budget,
                      unit, problem.own_troops)  # fmt: skip
    lam = lam_share * unit / 2 if np.isinf(problem.own_troops) else lam_share * unit
    nu = nu_share * float(np.max(np.abs(problem.net_cost[ok]), initial=1.0))
    assert lagrangian_bound(program, lam, nu) <= brute.objective + 1e-9 * max(1.0, abs(brute.objective))


def test_bound_counts_capped_own_troops() -> None:
    """When own troops are capped and partners dearer than own soldiers are needed, ``lam > u``.

    One partner fields 500 of 1,000 troops for 75 USD m (0.15 per troop), P may add 500 of its own at 0.1:
    optimum 125. At ``lam = 0.15`` bound (1) is ``lam*N + (u - lam)*T = 150 - 25 = 125``; without the
    own-troop term it would claim 150 and the search would prune the optimum.
    """
    problem = CoverProblem(cost=np.array([75.0]), legitimacy_credit=np.zeros(1), effective=np.array([500.0]),
                           must_include=np.zeros(1, dtype=bool), required=1000.0, min_flags=1, budget=np.inf,
                           own_cost=100_000.0, own_troops=500.0)  # fmt: skip
    program = Program(np.array([75.0]), np.array([500.0]), np.array([75.0]), np.zeros(1, dtype=bool),
                      1000.0, 0.0, np.inf, 0.1, 500.0)  # fmt: skip
    assert lagrangian_bound(program, 0.15, 0.0) == pytest.approx(125.0)
    assert solve_exact(problem).objective == pytest.approx(125.0)


@pytest.mark.parametrize("seed", range(6))
def test_exact_equals_milp_on_large_binding_budgets(seed: int) -> None:
    """60 candidates with float data and a binding budget (a correlated knapsack): enumeration = HiGHS."""
    rng = np.random.default_rng(seed)
    problem = _knapsack_like(rng, 60, budget_share=float(rng.uniform(0.2, 0.6)))
    for accepts in rng.random((3, 60)) < 0.8:
        exact, milp = solve_exact(problem, accepts), solve_milp(problem, accepts)
        assert exact.feasible == milp.feasible
        if exact.feasible:
            assert exact.objective == pytest.approx(milp.objective, rel=1e-9)
            assert exact.payments <= problem.budget + 1e-6


@given(
    st.lists(st.tuples(st.integers(-50, 50), st.integers(0, 40)), max_size=8),
    st.integers(-5, 150),
)
def test_fractional_knapsack_is_the_lp_optimum(items: list[tuple[int, int]], room: int) -> None:
    """The bound's inner knapsack equals the LP ``min g.y, c.y <= room, 0 <= y <= 1`` (inf if room < 0)."""
    g = np.array([float(i[0]) for i in items])
    c = np.array([float(i[1]) for i in items])
    value = float(fractional_knapsack_min(g, c, np.array([float(room)]))[0])
    if room < 0:
        assert value == np.inf
        return
    if not items:
        assert value == 0.0
        return
    lp = linprog(g, A_ub=c[None, :], b_ub=[room], bounds=[(0.0, 1.0)] * len(items), method="highs")
    assert value == pytest.approx(lp.fun, abs=1e-9)


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


@given(
    st.integers(1, 12),
    st.integers(0, 2**32 - 1),
    st.booleans(),
    st.booleans(),
)
def test_row_duals_equal_linprog_bit_for_bit(size: int, seed: int, budget: bool, capped: bool) -> None:
    """The direct HiGHS call gives linprog's status and duals exactly (the sim's results depend on them)."""
    rng = np.random.default_rng(seed)
    effective = np.where(rng.random(size) < 0.2, 0.0, rng.uniform(0, 5e3, size))
    net = rng.normal(0, 50, size)
    cost = np.where(rng.random(size) < 0.3, 0.0, rng.uniform(0, 100, size))
    rows = [-np.append(effective, 1.0), -np.append(np.ones(size), 0.0)]
    rhs = [-rng.uniform(1e3, 3e4), -float(rng.integers(0, size + 2))]
    if budget:
        rows.append(np.append(cost, 0.0))
        rhs.append(float(rng.uniform(0, 300)))
    lower = np.append((rng.random(size) < 0.2).astype(float), 0.0)
    upper = np.append(np.ones(size), rng.uniform(0, 2e4) if capped else math.inf)
    objective = np.append(net, 0.01)
    a_ub, b_ub = np.array(rows), np.array(rhs)
    status, duals = exact_module._row_duals(objective, a_ub, b_ub, lower, upper)
    res = linprog(
        objective,
        A_ub=a_ub,
        b_ub=b_ub,
        bounds=np.column_stack([lower, upper]),
        method="highs",
        options={"presolve": False},
    )
    assert status == res.status
    if status == 0:
        assert duals is not None
        np.testing.assert_array_equal(duals, res.ineqlin.marginals)
