"""Benchmark burden-sharing (models.md (e)) and legitimacy scoring (models.md (f)).

(1) Olson–Zeckhauser Nash equilibrium (:func:`~alliancelab.theory.burden.nash_equilibrium`) for many
    alliances at once (default 10,000 alliances x 30 members; incomes log-uniform over 1-10,000 USD bn,
    tastes ``b_j`` in [0.02, 0.5]), pure public good (exact contributor set) and joint product (``c_j`` in
    [0.005, 0.1], vectorised bisection), against Gauss–Seidel best-response iteration (the scalar reference
    ``tests/theory/reference_burden.py``) on a subset: alliances/s, ratio, largest difference.
(2) The patron's pressure decision (:func:`~alliancelab.theory.burden.pressure_decision`) over a grid of
    latent potential x threat x strain, and the closed-form pressure window
    (:func:`~alliancelab.theory.burden.pressure_window`) over a grid of environments, each checked against
    the scalar reference on a subset (the decision rebuilt from the reference ``N``, ``N-`` and compliance;
    the window's ends must be roots of the reference ``N``).
(3) :func:`~alliancelab.report.legitimacy_report.frame` on tables of 200 and 20,000 states, with the
    expected legitimacy recomputed in plain Python from the scored columns.

Pinned to one CPU core where the OS allows it (as ``bench_theory.py``); the load average at start is
printed. Usage::

    python benchmarks/bench_burden.py [--alliances 10000] [--members 30] [--grid 1000] [--quick]
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from _harness import best_time, pin_to_one_core, report_end, report_start
from alliancelab.report import legitimacy_report
from alliancelab.theory.burden import (
    ControlParams,
    PublicGoodParams,
    nash_equilibrium,
    pressure_decision,
    pressure_window,
)
from alliancelab.theory.legitimacy import ContestedAction, LegitimacyParams

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "theory"))
import reference_burden as ref

SEED = 20261121


# --- (1) Olson-Zeckhauser --------------------------------------------------------------------------------


def bench_nash(alliances: int, members: int, n_scalar: int, repeats: int) -> None:
    print(f"(1) Olson-Zeckhauser Nash equilibrium: {alliances:,} alliances x {members} members")
    rng = np.random.default_rng(SEED)
    incomes = 10.0 ** rng.uniform(0.0, 4.0, (alliances, members))
    tastes = rng.uniform(0.02, 0.5, (alliances, members))
    joints = rng.uniform(0.005, 0.1, (alliances, members))
    for label, joint in (("pure public good", None), ("joint product", joints)):
        params = PublicGoodParams(taste_base=tastes, joint_product=0.0 if joint is None else joint)
        eq = nash_equilibrium(incomes, params)  # warm-up
        elapsed = best_time(lambda p=params: nash_equilibrium(incomes, p), repeats)  # type: ignore[misc]
        rate = alliances / elapsed
        start = time.perf_counter()
        brute = [
            ref.nash_by_iteration(
                incomes[i].tolist(),
                tastes[i].tolist(),
                [0.0] * members if joint is None else joint[i].tolist(),
            )
            for i in range(n_scalar)
        ]
        scalar = time.perf_counter() - start
        diff = np.abs(eq.contributions[:n_scalar] - np.array(brute)) / incomes[:n_scalar].sum(axis=1)[:, None]
        print(f"    {label}:")
        print(
            f"      vectorised: {elapsed:.3f} s (best of {repeats}) = {rate:,.0f} alliances/s "
            f"({rate * members / 1e6:.2f} million member solutions/s); "
            f"contributors {eq.contributors.mean():.1%}"
        )
        print(
            f"      best-response iteration (scalar reference), {n_scalar} alliances: {scalar:.2f} s = "
            f"{n_scalar / scalar:,.0f} alliances/s; ratio {rate / (n_scalar / scalar):,.0f}x"
        )
        print(f"      largest difference on the subset (share of alliance income): {diff.max():.1e}")


# --- (2) pressure ----------------------------------------------------------------------------------------


def as_float(value: ArrayLike) -> float:
    return float(np.asarray(value, dtype=float))


def reference_decision(k: float, threat: float, strain: float, p: ControlParams) -> int:
    """``q`` from the scalar reference: ``N``, ``N-`` and compliance (models.md (e2)); the rest from p."""
    env = {
        "threat": threat,
        "strain": strain,
        "demand": as_float(p.demand),
        "baseline": as_float(p.baseline_burden),
        "control_value": as_float(p.control_value),
        "cost": as_float(p.pressure_cost),
        "zbar": as_float(p.adversary_capability),
        "s0": as_float(p.value_scale),
    }
    kappa = ref.credibility(
        as_float(p.k0), as_float(p.k1), as_float(p.k2), as_float(p.k3),
        strain, as_float(p.retrenchment), as_float(p.relative_value),
    )  # fmt: skip
    comply = ref.complies(
        kappa, as_float(p.marginal_utility), as_float(p.ally_benefit), env["baseline"], env["demand"]
    )
    n_press, n_reassure = ref.pressure_value(k, **env), ref.reassurance_value(k, **env)
    if comply and n_press > max(0.0, n_reassure):
        return 1
    return -1 if n_reassure > max(0.0, n_press) else 0


def bench_pressure(grid: int, side: int, n_scalar: int, repeats: int) -> None:
    potentials = np.linspace(1.0, 12_000.0, grid)
    threat, strain = np.linspace(0.05, 0.95, side), np.linspace(0.0, 1.0, side)
    size = grid * side * side
    print(
        f"(2) pressure decision over potential x threat x strain = {grid} x {side} x {side} = {size:,} points"
    )
    params = ControlParams(threat=threat[:, None], strain=strain[None, :])
    k = potentials[:, None, None]
    decision = pressure_decision(k, params)  # warm-up
    elapsed = best_time(lambda: pressure_decision(k, params), repeats)
    shares = [float(np.mean(decision == q)) for q in (1, 0, -1)]
    print(
        f"    vectorised: {elapsed:.3f} s (best of {repeats}) = {size / elapsed / 1e6:.2f} million points/s; "
        f"press {shares[0]:.1%}, nothing {shares[1]:.1%}, reassure {shares[2]:.1%}"
    )
    rng = np.random.default_rng(SEED)
    picks = [tuple(int(rng.integers(n)) for n in decision.shape) for _ in range(n_scalar)]
    start = time.perf_counter()
    base = ControlParams()
    expected = [
        reference_decision(float(potentials[a]), float(threat[b]), float(strain[c]), base)
        for a, b, c in picks
    ]
    scalar = time.perf_counter() - start
    wrong = sum(int(decision[pick] != q) for pick, q in zip(picks, expected, strict=True))
    print(
        f"    scalar reference, {n_scalar:,} points: {scalar:.2f} s = "
        f"{n_scalar / scalar:,.0f} points/s; ratio {(size / elapsed) / (n_scalar / scalar):,.0f}x; "
        f"decision differs at {wrong} of {n_scalar:,}"
    )

    n_demand, n_value = max(2, side * 2 // 5), max(2, side // 4)  # 100 x 100 x 40 x 25 = 10 million
    demand, value = np.linspace(0.002, 0.05, n_demand), np.linspace(100.0, 2000.0, n_value)
    envs = side * side * n_demand * n_value
    print(
        "    pressure window over threat x strain x demand x control value = "
        f"{side} x {side} x {n_demand} x {n_value} = {envs:,} environments"
    )
    env = ControlParams(
        threat=threat[:, None, None, None],
        strain=strain[None, :, None, None],
        demand=demand[None, None, :, None],
        control_value=value[None, None, None, :],
    )
    window = pressure_window(env)  # warm-up
    elapsed = best_time(lambda: pressure_window(env), repeats)
    opened = np.isfinite(window.lower)
    print(
        f"    closed form: {elapsed:.3f} s (best of {repeats}) = {envs / elapsed / 1e6:.2f} million "
        f"environments/s; a window exists in {opened.mean():.1%}, closed form valid in "
        f"{window.closed_form_valid[opened].mean():.1%} of those"
    )
    idx = np.argwhere(opened & window.closed_form_valid)
    chosen = idx[rng.choice(len(idx), size=min(n_scalar, len(idx)), replace=False)]
    worst = 0.0
    for a, b, c, d in chosen:
        kw = {"threat": threat[a], "strain": strain[b], "demand": demand[c], "control_value": value[d]}
        for end in (window.lower[a, b, c, d], window.upper[a, b, c, d]):
            worst = max(worst, abs(ref.pressure_value(float(end), **{n: float(v) for n, v in kw.items()})))
    print(
        f"    reference N at the window's ends ({len(chosen):,} environments): "
        f"largest |N| {worst:.1e} USD bn (0 = exact roots)"
    )


# --- (3) legitimacy --------------------------------------------------------------------------------------


def states_table(n: int, *, rng: np.random.Generator) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "state": [f"state{i:05d}" for i in range(n)],
            "ideal_point": rng.uniform(0.0, 1.0, n),
            "formal_obligation": rng.integers(0, 2, n),
            "visible_payment": rng.uniform(0.0, 1.0, n),
            "size": 10.0 ** rng.uniform(-3.0, 0.0, n),
            "benefit": rng.uniform(0.0, 100.0, n),
            "marginal_utility": 10.0 ** rng.uniform(-3.0, -1.0, n),
            "democracy": rng.uniform(0.0, 1.0, n),
            "participation_cost": rng.uniform(0.0, 50.0, n),
        }
    )


def plain_weight(row: Mapping[Any, Any], hegemon: float, p: LegitimacyParams) -> float:
    """``l_j`` straight from models.md (f), one state at a time (defaults of LegitimacyParams)."""
    distance = abs(row["ideal_point"] - hegemon)
    return float(
        as_float(p.base_weight)
        * row["size"] ** as_float(p.size_elasticity)
        * (1 - as_float(p.formal_discount) * row["formal_obligation"])
        * (1 + as_float(p.distance_premium) * distance)
        * (1 - as_float(p.visibility_discount) * row["visible_payment"])
    )


def bench_legitimacy(sizes: list[int], repeats: int) -> None:
    print("(3) legitimacy.score_states (validation of every column, scores, expected legitimacy)")
    rng = np.random.default_rng(SEED)
    action = ContestedAction(issue_position=0.9, hegemon_position=1.0, legitimacy_value=500.0)
    params = LegitimacyParams()
    per_state = []
    for n in sizes:
        frame = states_table(n, rng=rng)
        scored = legitimacy_report.frame(frame, action=action, params=params)  # warm-up
        elapsed = best_time(lambda f=frame: legitimacy_report.frame(f, action=action, params=params), repeats)  # type: ignore[misc]
        per_state.append(elapsed / n)
        survive, weight_diff = 1.0, 0.0
        for record in scored.to_dict("records"):
            weight = plain_weight(record, action.hegemon_position, params)
            weight_diff = max(weight_diff, abs(weight - record["legitimating_weight"]) / weight)
            prob = record["support_probability"]
            survive *= 1.0 - prob + prob * math.exp(-weight)
        expected = scored.attrs["expected_legitimacy"]
        print(
            f"    {n:,} states: {elapsed * 1e3:.1f} ms (best of {repeats}) = {n / elapsed:,.0f} states/s; "
            f"expected legitimacy {expected:.6f}"
        )
        print(
            f"      plain-Python recomputation: weights differ by at most {weight_diff:.1e} (relative), "
            f"expected legitimacy by {abs((1.0 - survive) - expected):.1e}"
        )
    if len(sizes) > 1:
        print(
            f"    time per state, {sizes[-1]:,} vs {sizes[0]:,} states: {per_state[-1] / per_state[0]:.2f} "
            "(below 1: fixed costs of validation and pandas dominate small tables)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--alliances", type=int, default=10_000)
    parser.add_argument("--members", type=int, default=30)
    parser.add_argument("--nash-scalar", type=int, default=200, help="alliances for best-response iteration")
    parser.add_argument("--grid", type=int, default=1000, help="latent potentials in the pressure grid")
    parser.add_argument("--side", type=int, default=100, help="points per environment axis in the grids")
    parser.add_argument("--pressure-scalar", type=int, default=2000, help="grid points for the reference")
    parser.add_argument("--repeats", type=int, default=3, help="timed repetitions (best is reported)")
    parser.add_argument("--quick", action="store_true", help="small sizes, one repetition (a smoke run)")
    args = parser.parse_args()
    if args.quick:
        args.alliances, args.nash_scalar, args.grid, args.side = 500, 10, 100, 20
        args.pressure_scalar, args.repeats = 200, 1

    report_start()
    pin_to_one_core()
    bench_nash(args.alliances, args.members, args.nash_scalar, args.repeats)
    bench_pressure(args.grid, args.side, args.pressure_scalar, args.repeats)
    bench_legitimacy([200, 20_000], max(args.repeats, 5))
    report_end()


if __name__ == "__main__":
    main()
