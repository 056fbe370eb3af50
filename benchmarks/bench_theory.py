"""Benchmark: solve 10 million formation dyads (FLEX mode) vectorised, and a subset with the scalar reference.

The vectorised solver is the readable kernel of ``alliancelab.theory._formation_kernel`` (the equations
written once, from the building blocks of ``formation.py``); its peer in the same run is the in-place kernel
it replaced (``formation_kernel_2026_11.py``, kept verbatim). Prints dyads per second for each, their
ratio, pinned to one CPU core where the OS allows it. The dyads are
drawn over the wide parameter ranges of the property tests, with budgets that bind for part of them, so the
budget-cap branch is exercised. Run with ``python benchmarks/bench_theory.py [N] [N_SCALAR]``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

import formation_kernel_2026_11 as old_kernel
from _harness import best_time, pin_to_one_core, report_end, report_start
from alliancelab.theory._formation_kernel import INPUTS
from alliancelab.theory.formation import FormationParams, compensable_limit, solve

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "theory"))
from reference_formation import reference_solve

FIELDS = ("T", "phi", "chi", "q0", "d", "sal", "omega0", "mu", "v", "c", "budget")


def draw_dyads(n: int, *, rng: np.random.Generator) -> dict[str, np.ndarray]:
    v = rng.uniform(0.0, 1000.0, n)
    return {
        "T": rng.uniform(0.0, 0.95, n),
        "phi": rng.uniform(0.0, 1.0, n),
        "chi": rng.uniform(-1.0, 1.0, n),
        "q0": rng.uniform(0.0, 1.0, n),
        "d": rng.uniform(0.0, 1.0, n),
        "sal": rng.uniform(0.2, 3.0, n),
        "omega0": rng.uniform(0.01, 0.6, n),
        "mu": 10.0 ** rng.uniform(-4.0, 0.0, n),
        "v": v,
        "c": v * rng.uniform(0.05, 0.3, n),
        "budget": rng.uniform(0.0, 1500.0, n),
    }


def solve_with_old_kernel(params: FormationParams) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """The same inputs through the 2026-11 in-place kernel: its float outputs and ``forms``."""
    inputs = {name: np.asarray(getattr(params, name), dtype=float) for name in INPUTS if name != "alpha"}
    inputs["alpha"] = params.security_weight()
    floats, forms, _, _ = old_kernel.solve_arrays(
        inputs, fixed=params.mode == "FIXED", eps=params.eps, guard=compensable_limit(params.eps)
    )
    return floats, forms


def main(n: int = 10_000_000, n_scalar: int = 20_000) -> None:
    pin_to_one_core()
    report_start()
    rng = np.random.default_rng(20261121)
    dyads = draw_dyads(n, rng=rng)
    params = FormationParams(mode="FLEX", **dyads)  # type: ignore[arg-type]
    validate = best_time(lambda: FormationParams(mode="FLEX", **dyads), 3)  # type: ignore[arg-type]
    solution = solve(params)  # warm-up
    vectorised = best_time(lambda: solve(params), 3)
    print(
        f"vectorised solve, FLEX, {n:,} dyads: {vectorised:.3f} s "
        f"= {n / vectorised / 1e6:.2f} million dyads/s"
    )
    print(
        f"  + parameter validation: {validate:.3f} s "
        f"({n / (vectorised + validate) / 1e6:.2f} million dyads/s)"
    )
    old_floats, _ = solve_with_old_kernel(params)
    old = best_time(lambda: solve_with_old_kernel(params), 3)
    print(
        f"2026-11 in-place kernel, same dyads: {old:.3f} s = {n / old / 1e6:.2f} million dyads/s; "
        f"readable/in-place speed ratio {old / vectorised:.2f}"
    )
    gap = np.max(np.abs(solution.payment - old_floats["payment"]) / (1 + np.abs(old_floats["payment"])))
    print(f"  largest relative payment difference between the two kernels: {gap:.1e}")
    print(
        f"  forms {solution.forms.mean():.1%}, pays {np.mean(solution.payment > 0):.1%}, "
        f"budget binds {solution.budget_binds.mean():.1%}"
    )

    rows = [{k: float(dyads[k][i]) for k in FIELDS} | {"mode": "FLEX"} for i in range(n_scalar)]
    start = time.perf_counter()
    expected = [reference_solve(row) for row in rows]
    scalar = time.perf_counter() - start
    print(f"scalar reference, {n_scalar:,} dyads: {scalar:.3f} s = {n_scalar / scalar:,.0f} dyads/s")
    print(f"ratio vectorised/scalar: {(n / vectorised) / (n_scalar / scalar):,.0f}x")
    worst = max(
        abs(float(solution.payment[i]) - e["payment"]) / (1 + abs(e["payment"]))
        for i, e in enumerate(expected)
    )
    print(f"largest relative payment difference on the subset: {worst:.1e}")
    report_end()


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
