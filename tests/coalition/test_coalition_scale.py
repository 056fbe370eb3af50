"""Scale: the exact solver agrees with HiGHS's MILP on the benchmark's 190-candidate programs (slow)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from alliancelab.coalition.optimize import cover_problem, solve_exact, solve_greedy, solve_milp
from alliancelab.coalition.simulate import simulate

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_coalition.py"


def _synthetic_mission(n: int, seed: int, budget: float):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("bench_coalition", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.synthetic_mission(n, rng=np.random.default_rng(seed), budget=budget)


@pytest.mark.slow
@pytest.mark.parametrize("budget", [2_000.0, 6_000.0], ids=["budget-binds", "budget-slack"])
def test_exact_solver_equals_highs_on_190_candidate_programs(budget: float) -> None:
    mission = _synthetic_mission(190, seed=3, budget=budget)
    problem = cover_problem(mission)
    result = simulate(mission, 150, rng=11)
    programs = np.unique(result.acceptance, axis=0)[:80]
    assert len(programs) > 40, "the draws should give many distinct programs"
    solved = 0
    for accepts in programs:
        exact, milp = solve_exact(problem, accepts), solve_milp(problem, accepts)
        assert exact.feasible == milp.feasible
        if exact.feasible:
            solved += 1
            assert exact.objective == pytest.approx(milp.objective, rel=1e-7)
            assert exact.objective <= solve_greedy(problem, accepts).objective * (1 + 1e-9)
    assert solved > 40
