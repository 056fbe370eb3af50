"""Benchmark: the coalition market with 190 candidates and 1,000 Monte Carlo draws, exact solve each draw.

Prints the wall time and draws per second of :func:`alliancelab.coalition.simulate.simulate` with the exact
covering program (HiGHS), the same for the greedy heuristic, and the greedy gap: how much dearer greedy's
coalition is (net cost, in %) on the draws where both find one, and how often greedy finds none where the
exact solver does. The mission is synthetic but shaped like a large UN-style force: 190 candidates with
per-soldier costs from 2,000 to 160,000 USD, three critical partners, 25 flags, a binding budget, and wide
priors on private reservation prices (up to twice the pivotal state's own cost of the same troops) so that
acceptance varies from draw to draw and nearly every draw is a distinct program.
Run with ``python benchmarks/bench_coalition.py [DRAWS] [N] [BUDGET] [MILP_SAMPLE]``; the default budget
(2,000 USD m) binds, which makes each program a strongly correlated knapsack; 6,000 leaves it slack.

The exact solver is the Lagrangian-bound enumeration of
:mod:`~alliancelab.coalition.lagrangian_enumeration`. For the ratio
against the previous exact method (HiGHS's MILP, :func:`~alliancelab.coalition.optimize.solve_milp`), the
first MILP_SAMPLE distinct programs (default 200; 0 skips it) are solved by both, alternately in the same
loop so that both see the same machine load, and their optima are compared. The load average is printed at
the start and the end: on the shared machine wall times grow with it, CPU times much less.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from typing import Any

import numpy as np

from alliancelab.cases.missions import mission_from_dict
from alliancelab.coalition.mission import Mission
from alliancelab.coalition.optimize import cover_problem, solve_exact, solve_milp
from alliancelab.coalition.simulate import SimulationResult, simulate


def synthetic_mission(n: int, *, rng: np.random.Generator, budget: float = 2_000.0) -> Mission:
    troops = rng.integers(100, 3000, n)
    cost = np.exp(rng.uniform(np.log(2_000), np.log(160_000), n))
    own = troops * cost / 1e6
    interest = own * rng.uniform(-1.0, 1.5, n)
    quality = rng.choice([0.6, 0.8, 1.0, 1.2], n)
    candidates: list[dict[str, Any]] = []
    for j in range(n):
        rho = max(0.0, own[j] - interest[j])
        record: dict[str, Any] = {
            "name": f"state{j:03d}",
            "troops": int(troops[j]),
            "cost_per_soldier": float(cost[j]),
            "intrinsic_interest": float(interest[j]),
            "quality": float(quality[j]),
            "liquidity": float(own[j] * rng.uniform(0, 1.5)),
            "legitimacy_weight": float(rng.choice([0.0, 0.2, 1.0])),
            # a wide prior reaching up to twice P's own cost of the same effective troops
            "reservation_range": [
                0.0,
                float(rho + rng.uniform(0.2, 2.0) * 138_465 * quality[j] * troops[j] / 1e6),
            ],
        }
        if rng.random() < 0.3:
            value = float(rng.uniform(5, 200))
            record["side_deals"] = [{"name": "aid", "value_to_candidate": value,
                                     "cost_to_payer": value * float(rng.uniform(0.1, 1.2))}]  # fmt: skip
        candidates.append(record)
    supply = float(np.sum(troops * quality))
    return mission_from_dict(
        {
            "name": f"benchmark mission ({n} candidates)",
            "required_troops": round(0.6 * supply),
            "min_flags": 25,
            "critical": ["state000", "state001", "state002"],
            "pivotal_states": [
                {
                    "name": "P",
                    "mission_value": 400.0,
                    "budget": budget,
                    "eagerness": 0.6,
                    "legitimacy_value": 5.0,
                }
            ],
            "candidates": candidates,
            "market": {"regime": "mixed"},
        }
    )


@contextlib.contextmanager
def quiet_stdout() -> Iterator[None]:
    """Silence HiGHS's C-level debug lines ("transformNewIntegerFeasibleSolution") while timing."""
    sys.stdout.flush()
    saved = os.dup(1)
    with open(os.devnull, "w") as null:
        os.dup2(null.fileno(), 1)
        try:
            yield
        finally:
            os.dup2(saved, 1)
            os.close(saved)


def timed(mission: Mission, draws: int, **kw: Any) -> tuple[SimulationResult, float, float]:
    """One simulation: the result, its wall time and the CPU time of this process (s)."""
    with quiet_stdout():
        start, cpu = time.perf_counter(), time.process_time()
        result = simulate(mission, draws, rng=20261121, **kw)
        return result, time.perf_counter() - start, time.process_time() - cpu


def load() -> str:
    if not hasattr(os, "getloadavg"):
        return "load average n/a"
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f}"


def versus_milp(mission: Mission, acceptance: np.ndarray, sample: int) -> None:
    """Time the enumeration and HiGHS's MILP on the same programs, alternately; compare the optima."""
    problem = cover_problem(mission)
    rows = np.unique(acceptance, axis=0)[:sample]
    cpu_new = cpu_milp = 0.0
    worst = 0.0
    with quiet_stdout():
        for row in rows:
            start = time.process_time()
            new = solve_exact(problem, row)
            middle = time.process_time()
            old = solve_milp(problem, row)
            cpu_new, cpu_milp = cpu_new + middle - start, cpu_milp + time.process_time() - middle
            assert new.feasible == old.feasible, "the two exact methods disagree on feasibility: a bug"
            if old.feasible:
                worst = max(worst, abs(new.objective - old.objective) / max(1.0, abs(old.objective)))
    k = len(rows)
    print(f"same {k} programs, CPU per program: enumeration {cpu_new / k * 1e3:.2f} ms, HiGHS MILP "
          f"{cpu_milp / k * 1e3:.2f} ms (ratio {cpu_milp / cpu_new:.1f}x); largest relative difference of "
          f"the optima {worst:.1e}")  # fmt: skip
    assert worst <= 1e-8, "the enumeration and the MILP disagree: a bug"


def main(draws: int = 1000, n: int = 190, budget: float = 2_000.0, milp_sample: int = 200) -> None:
    mission = synthetic_mission(n, rng=np.random.default_rng(20261121), budget=budget)
    kind = "binding" if budget < 3_000 else "slack"
    print(f"budget {budget:,.0f} USD m/yr ({kind} for this mission); {load()}")
    exact, t_exact, c_exact = timed(mission, draws, method="exact")
    exact2, t_exact2, _ = timed(mission, draws, method="exact", workers=2)
    assert exact2.draws.equals(exact.draws), "worker processes changed the result: a bug"
    greedy, t_greedy, _ = timed(mission, draws, method="greedy")

    both = exact.draws["success"] & greedy.draws["success"]
    e_obj = exact.draws.loc[both, "objective_usd_m"].to_numpy()
    g_obj = greedy.draws.loc[both, "objective_usd_m"].to_numpy()
    gap = (g_obj - e_obj) / np.abs(e_obj) * 100
    greedy_misses = int((exact.draws["success"] & ~greedy.draws["success"]).sum())
    print(
        f"mission: {n} candidates, {draws} draws; distinct programs solved: {exact.record['distinct_solves']}"
    )
    print(f"exact, 1 process:   {t_exact:7.2f} s wall ({c_exact:.2f} s CPU), {draws / t_exact:8.1f} draws/s, "
          f"success {exact.draws['success'].mean():.1%}")  # fmt: skip
    print(f"exact, 2 processes: {t_exact2:7.2f} s wall, {draws / t_exact2:8.1f} draws/s (identical results)")
    print(f"greedy, 1 process:  {t_greedy:7.2f} s wall, {draws / t_greedy:8.1f} draws/s, "
          f"success {greedy.draws['success'].mean():.1%}")  # fmt: skip
    if gap.size:
        print(f"greedy gap (net cost over exact, draws where both succeed, n={gap.size}): "
              f"mean {gap.mean():.2f}%, median {np.median(gap):.2f}%, max {gap.max():.2f}%, "
              f"exact strictly cheaper in {np.mean(gap > 1e-6):.1%}")  # fmt: skip
    print(f"draws where greedy finds no coalition but the exact solver does: {greedy_misses}")
    assert np.all(gap >= -1e-6), "greedy beat the exact solver: a bug"
    if milp_sample > 0:
        versus_milp(mission, exact.acceptance, milp_sample)
    print(f"target: under 30 s on the 2-core machine for the exact run; {load()}")


if __name__ == "__main__":
    main(
        *(int(a) for a in sys.argv[1:3]), *(float(a) for a in sys.argv[3:4]), *(int(a) for a in sys.argv[4:5])
    )
