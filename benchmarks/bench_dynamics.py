"""Benchmark the rival-patron contest (section (c)) and the maintenance simulation (section (d)).

(a) :func:`~alliancelab.theory.realignment.solve_contest` and its array kernel
    :func:`~alliancelab.theory.realignment.contest_kernel` on millions of clients (FLEX mode, every client
    with its own incumbent and rival drawn over the property-test ranges, half the patrons on a budget),
    against the scalar reference ``tests/theory/reference_dynamics.py`` on a subset: clients/s for both,
    their ratio, and the largest difference between the two.
(b) ``report.maintenance_report.simulate`` for many heterogeneous dyads (each with its own rival)
    over many years: dyad-years/s, the time spent drawing shocks vs running the deterministic kernel vs
    building the pandas frames, peak memory (``tracemalloc``, numpy buffers included), and the scalar
    reference on a subset.
(c) Reproducibility: the same ``rng`` gives identical arrays and frames; a different one does not.

Pinned to one CPU core where the OS allows it (as ``bench_theory.py``); the load average at start is
printed, since wall times on a shared machine grow with it. Usage::

    python benchmarks/bench_dynamics.py [--clients 1000000,10000000] [--dyads 100000] [--years 50] [--quick]
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

import numpy as np

from _harness import best_time, pin_to_one_core, report_end, report_start
from alliancelab.report.maintenance_report import events_frame, path_frame, simulate
from alliancelab.theory.formation import FormationParams
from alliancelab.theory.maintenance import (
    MaintenanceParams,
    PathArrays,
    Shocks,
    draw_shocks,
    simulate_kernel,
)
from alliancelab.theory.realignment import (
    ContestParams,
    ContestSolution,
    PatronTerms,
    contest_kernel,
    patron_dyad,
    solve_contest,
)
from alliancelab.theory.selectorate import SelectorateParams

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "theory"))
from reference_dynamics import contest as reference_contest
from reference_dynamics import events_frame as reference_events_frame
from reference_dynamics import path_frame as reference_path_frame
from reference_dynamics import simulate as reference_simulate

SEED = 20261121
CLIENT_FIELDS = ("T", "phi", "chi", "q0", "d", "sal", "omega0", "mu", "v", "c", "budget")
RIVAL_FIELDS = ("v", "c", "d", "chi", "q0", "budget", "credibility", "package")


def budgets(n: int, *, rng: np.random.Generator) -> np.ndarray:
    """Half the patrons have a budget in [0, 1500] USD m/yr, the other half none."""
    return np.where(rng.random(n) < 0.5, rng.uniform(0.0, 1500.0, n), np.inf)


def draw_clients(n: int, *, rng: np.random.Generator, d_max: float = 1.0) -> dict[str, np.ndarray]:
    v = rng.uniform(0.0, 1000.0, n)
    return {
        "T": rng.uniform(0.0, 0.95, n),
        "phi": rng.uniform(0.0, 1.0, n),
        "chi": rng.uniform(-1.0, 1.0, n),
        "q0": rng.uniform(0.0, 1.0, n),
        "d": rng.uniform(0.0, d_max, n),
        "sal": rng.uniform(0.2, 3.0, n),
        "omega0": rng.uniform(0.01, 0.6, n),
        "mu": 10.0 ** rng.uniform(-4.0, 0.0, n),
        "v": v,
        "c": v * rng.uniform(0.05, 0.3, n),
        "budget": budgets(n, rng=rng),
    }


def draw_rivals(n: int, *, rng: np.random.Generator, d_max: float = 1.0) -> dict[str, np.ndarray]:
    v = rng.uniform(0.0, 1000.0, n)
    return {
        "v": v,
        "c": v * rng.uniform(0.05, 0.3, n),
        "d": rng.uniform(0.0, d_max, n),
        "chi": rng.uniform(-1.0, 1.0, n),
        "q0": rng.uniform(0.0, 1.0, n),
        "budget": budgets(n, rng=rng),
        "credibility": rng.uniform(0.05, 1.0, n),
        "package": rng.uniform(0.0, 1.0, n),
    }


def row(arrays: dict[str, np.ndarray], i: int) -> dict[str, Any]:
    return {k: float(a[i]) for k, a in arrays.items()}


# --- (a) the contest ------------------------------------------------------------------------------------


def time_contest(
    clients: dict[str, np.ndarray],
    rivals: dict[str, np.ndarray],
    pi_h: np.ndarray,
    tau: np.ndarray,
    repeats: int,
) -> tuple[ContestSolution, float]:
    """Time one size; returns the solution and solve_contest's clients/s."""
    n = len(pi_h)

    def build() -> ContestParams:
        dyad = FormationParams(**clients)  # type: ignore[arg-type]
        return ContestParams(dyad, PatronTerms(**rivals), pi_h, tau)

    validate = best_time(build, repeats)
    params = build()
    assert params.rival is not None
    rival = (patron_dyad(params.dyad, params.rival), rivals["credibility"])
    solution = solve_contest(params)  # warm-up
    t_solve = best_time(lambda: solve_contest(params), repeats)
    t_kernel = best_time(lambda: contest_kernel(params.dyad, pi_h, rival, tau), repeats)
    tracemalloc.start()
    solve_contest(params)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"    {n:,} clients (best of {repeats}):")
    print(f"      solve_contest:  {t_solve:.3f} s = {n / t_solve / 1e6:.2f} million clients/s")
    print(
        f"      contest_kernel: {t_kernel:.3f} s = {n / t_kernel / 1e6:.2f} million clients/s "
        f"(rival's dyad built and validated beforehand)"
    )
    print(
        f"      + building and validating ContestParams: {validate:.3f} s; peak memory of one "
        f"solve_contest call (tracemalloc) {peak / 2**20:,.0f} MB"
    )
    shares = np.bincount(solution.winner, minlength=3) / n
    print(
        f"      winner: none {shares[0]:.1%}, incumbent {shares[1]:.1%}, rival {shares[2]:.1%}; "
        f"budget binds {solution.budget_binds.mean():.1%}"
    )
    return solution, n / t_solve


def bench_contest(sizes: list[int], n_scalar: int, repeats: int) -> None:
    n_max = max(sizes)
    print("(a) rival-patron contest, FLEX, each client with its own incumbent and rival")
    rng = np.random.default_rng(SEED)
    all_clients, all_rivals = draw_clients(n_max, rng=rng), draw_rivals(n_max, rng=rng)
    all_pi_h, all_tau = rng.uniform(0.05, 1.0, n_max), rng.uniform(0.0, 2.0, n_max)
    for n in sorted(sizes):
        solution, rate = time_contest(
            {k: a[:n] for k, a in all_clients.items()},
            {k: a[:n] for k, a in all_rivals.items()},
            all_pi_h[:n],
            all_tau[:n],
            repeats,
        )

    start = time.perf_counter()
    expected = []
    for i in range(n_scalar):
        client = row(all_clients, i) | {"mode": "FLEX"}
        r = row(all_rivals, i)
        challenger = client | {k: r[k] for k in RIVAL_FIELDS if k != "credibility"}
        expected.append(
            reference_contest(client, float(all_pi_h[i]), challenger, r["credibility"], float(all_tau[i]))
        )
    scalar = time.perf_counter() - start
    print(f"    scalar reference, {n_scalar:,} clients: {scalar:.3f} s = {n_scalar / scalar:,.0f} clients/s")
    print(f"    ratio solve_contest ({n_max:,} clients)/scalar: {rate / (n_scalar / scalar):,.0f}x")
    winners = np.array([e["winner"] for e in expected])
    pay, pkg = (np.array([e[k] for e in expected]) for k in ("payment", "package"))
    disagree = int(np.sum(winners != solution.winner[:n_scalar]))
    pay_diff = np.max(np.abs(solution.payment[:n_scalar] - pay) / (1 + np.abs(pay)))
    pkg_diff = np.max(np.abs(solution.package[:n_scalar] - pkg))
    print(
        f"    vs reference on the subset: winner differs for {disagree} of {n_scalar:,}; largest relative "
        f"payment difference {pay_diff:.1e}, largest package difference {pkg_diff:.1e}"
    )


# --- (b) maintenance ------------------------------------------------------------------------------------


def world(n: int) -> tuple[MaintenanceParams, dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Heterogeneous dyads (own client, incumbent and rival each) with a busy world: drift, shocks, events."""
    rng = np.random.default_rng(SEED + 1)
    clients = draw_clients(n, rng=rng, d_max=0.6)
    rivals = draw_rivals(n, rng=rng, d_max=0.4)  # d + d_R <= 1: the rival fits on [0, 1]
    clients["mu"] = np.full(n, 0.01)  # replaced every year by the leader's conversion rate
    params = MaintenanceParams(
        dyad=FormationParams(**clients),  # type: ignore[arg-type]
        leader=SelectorateParams(W=0.3, S=0.6, r=500.0, h=0.1),
        rival=PatronTerms(**rivals),
        theta_sd=0.05,
        threat_sd=0.05,
        capability_sd=0.1,
        regime_hazard_base=0.05,
        new_leader_hazard=0.2,
    )
    return params, clients, rivals


def bench_maintenance(n: int, years: int, n_scalar: int, repeats: int) -> None:
    print(
        f"(b) maintenance: {n:,} dyads x {years} years (+ the formation year), each dyad with its own rival"
    )
    params, clients, rivals = world(n)
    dyad_years = n * (years + 1)
    t_draw = best_time(lambda: draw_shocks(years, n, rng=np.random.default_rng(SEED)), repeats)
    shocks = draw_shocks(years, n, rng=np.random.default_rng(SEED))
    t_kernel = best_time(lambda: simulate_kernel(params, shocks), repeats)
    start = time.perf_counter()
    run = simulate(params, years, rng=SEED, dyads=n)
    t_full = time.perf_counter() - start
    t_frames = max(t_full - t_draw - t_kernel, 0.0)
    print(
        f"    draw shocks:  {t_draw:.3f} s ({t_draw / (t_draw + t_kernel):.0%} of draw + kernel); "
        f"kernel: {t_kernel:.3f} s (best of {repeats})"
    )
    print(
        f"    draw + kernel: {dyad_years / (t_draw + t_kernel) / 1e6:.2f} million dyad-years/s; "
        f"kernel alone {dyad_years / t_kernel / 1e6:.2f} million dyad-years/s"
    )
    print(
        f"    simulate() with the path and events frames: {t_full:.2f} s = "
        f"{dyad_years / t_full / 1e6:.2f} million dyad-years/s (frames about {t_frames:.2f} s)"
    )
    del run
    bench_frames(simulate_kernel(params, shocks), repeats)
    tracemalloc.start()
    simulate_kernel(params, draw_shocks(years, n, rng=np.random.default_rng(SEED)))
    peak_kernel = tracemalloc.get_traced_memory()[1]
    tracemalloc.reset_peak()
    run = simulate(params, years, rng=SEED, dyads=n)
    peak_full = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(
        f"    peak memory (tracemalloc): draw + kernel {peak_kernel / 2**20:,.0f} MB; simulate() with frames "
        f"{peak_full / 2**20:,.0f} MB"
    )
    outcomes = run.path["review"].value_counts(normalize=True)
    print(
        "    outcomes: "
        + ", ".join(f"{k} {v:.1%}" for k, v in outcomes.items())
        + f"; events {len(run.events):,}"
    )

    arrays = simulate_kernel(params, shocks)
    start = time.perf_counter()
    references = []
    for j in range(n_scalar):
        column = {f.name: getattr(shocks, f.name)[:, j].tolist() for f in dataclasses.fields(Shocks)}
        references.append(
            reference_simulate(params, row(clients, j) | {"mode": "FLEX"}, row(rivals, j), column)
        )
    scalar = time.perf_counter() - start
    ref_years = n_scalar * (years + 1)
    print(
        f"    scalar reference, {n_scalar:,} dyads x {years} years: {scalar:.2f} s = "
        f"{ref_years / scalar:,.0f} dyad-years/s"
    )
    print(f"    ratio kernel/scalar: {(dyad_years / t_kernel) / (ref_years / scalar):,.0f}x")
    mismatch, pay_diff, theta_diff = 0, 0.0, 0.0
    for j, path in enumerate(references):
        for t, expected in enumerate(path):
            mismatch += int(
                arrays.alignment[t, j] != expected["alignment"] or arrays.outcome[t, j] != expected["outcome"]
            )
            pay_diff = max(
                pay_diff, abs(arrays.payment[t, j] - expected["payment"]) / (1 + expected["payment"])
            )
            theta_diff = max(theta_diff, abs(arrays.theta[t, j] - expected["theta"]))
    print(
        f"    vs reference on the subset: alignment or review outcome differs in {mismatch} of {ref_years:,} "
        f"dyad-years; largest relative payment difference {pay_diff:.1e}, largest theta difference "
        f"{theta_diff:.1e}"
    )


def bench_frames(arrays: PathArrays, repeats: int) -> None:
    """The two frames alone, vectorised vs the original row-by-row builders, on the same arrays."""
    t_path = best_time(lambda: path_frame(arrays), repeats)
    t_events = best_time(lambda: events_frame(arrays), repeats)
    start = time.perf_counter()
    old_path = reference_path_frame(arrays)
    t_old_path = time.perf_counter() - start
    start = time.perf_counter()
    old_events = reference_events_frame(arrays)
    t_old_events = time.perf_counter() - start
    same = path_frame(arrays).equals(old_path) and events_frame(arrays).equals(old_events)
    print(
        f"    path frame: {t_path:.2f} s (best of {repeats}); row by row (reference_dynamics.path_frame, "
        f"the code before 2026-11-22): {t_old_path:.2f} s, {t_old_path / t_path:.1f}x"
    )
    print(
        f"    events table ({len(old_events):,} events): {t_events:.2f} s; row by row: {t_old_events:.2f} s, "
        f"{t_old_events / t_events:.1f}x; both frames identical to the row-by-row ones: {same}"
    )


# --- (c) reproducibility --------------------------------------------------------------------------------


def check_reproducibility(n: int, years: int) -> None:
    print(f"(c) reproducibility ({n:,} dyads x {years} years, full simulate() with frames)")
    params = world(n)[0]
    one, two = simulate(params, years, rng=SEED, dyads=n), simulate(params, years, rng=SEED, dyads=n)
    other = simulate(params, years, rng=SEED + 1, dyads=n)
    same_arrays = all(
        np.array_equal(getattr(one.arrays, f.name), getattr(two.arrays, f.name), equal_nan=True)
        for f in dataclasses.fields(one.arrays)
    )
    same_frames = one.path.equals(two.path) and one.events.equals(two.events)
    differs = not np.array_equal(one.arrays.payment, other.arrays.payment)
    gen_one = simulate(params, years, rng=np.random.default_rng(SEED), dyads=n)
    same_generator = np.array_equal(gen_one.arrays.payment, one.arrays.payment)
    print(
        f"    same rng ({SEED}) twice: arrays identical {same_arrays}, "
        f"path and events frames identical {same_frames}"
    )
    print(f"    numpy Generator seeded {SEED} gives the same run as the integer seed: {same_generator}")
    print(f"    a different rng ({SEED + 1}) gives a different run: {differs}")
    print(f"    recorded seed in the run record: {one.record['seed']}")
    verdict = same_arrays and same_frames and differs and same_generator and one.record["seed"] == SEED
    print(f"    reproducibility: {'OK' if verdict else 'FAILED'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--clients", default="1000000,10000000", help="comma-separated numbers of clients in the contest (a)"
    )
    parser.add_argument("--contest-scalar", type=int, default=20_000, help="clients for the scalar reference")
    parser.add_argument("--dyads", type=int, default=100_000, help="dyads in the maintenance run (b)")
    parser.add_argument("--years", type=int, default=50, help="years in the maintenance run (b)")
    parser.add_argument("--maintenance-scalar", type=int, default=200, help="dyads for the scalar reference")
    parser.add_argument("--repeats", type=int, default=3, help="timed repetitions (best is reported)")
    parser.add_argument("--quick", action="store_true", help="small sizes, one repetition (a smoke run)")
    args = parser.parse_args()
    if args.quick:
        args.clients, args.contest_scalar, args.dyads, args.years = "200000", 2_000, 5_000, 20
        args.maintenance_scalar, args.repeats = 20, 1

    report_start()
    pin_to_one_core()
    bench_contest([int(n) for n in args.clients.split(",")], args.contest_scalar, args.repeats)
    bench_maintenance(args.dyads, args.years, args.maintenance_scalar, args.repeats)
    check_reproducibility(min(args.dyads, 2_000), args.years)
    report_end()


if __name__ == "__main__":
    main()
