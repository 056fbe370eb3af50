"""Where the composed world's time goes, stage by stage, against the 200 ns a state-year that issue 8's
target of 5 million state-years per second on one core allows; and the floor under any engine of this model.

(a) The engine (:func:`~alliancelab.sim.runner.simulate_chunk`, ``bipolar-cold-war``, 150 states x 70 years,
    one chunk of RUNS runs, pinned to one core), each stage of :func:`~alliancelab.sim.step.advance` timed
    in place: nanoseconds of wall time per state-year and share of the engine.
(b) The draws alone: the random numbers the model consumes (:func:`~alliancelab.sim.world.draw_run_shocks`,
    19 per state-year with 8 roll calls), with the engine's bit generator (PCG64) and with SFC64, numpy's
    fastest; and plain ``Generator.random`` filling as many doubles, the floor of any numpy generator.
(c) The roll calls alone, as the engine computes them (:func:`~alliancelab.sim.stages.legitimacy_stage`,
    numpy) and as one compiled loop (numba, ``@njit``: one logistic per roll call and state, no
    temporaries), on the same inputs, captured from the run of (a); the two must agree vote for vote.
(d) The floor: the fastest draws of (b) plus the fastest roll calls of (c), as a share of the 200 ns.
    Both are costs every implementation of this model pays; the other stages (exogenous moves, two
    patrons' offers, review, budgets, O&Z, burden, crises) come on top.

Usage::

    python benchmarks/bench_sim_floor.py [--runs 32]
"""

from __future__ import annotations

import argparse
import importlib
import math
import os
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

import numpy as np

from _harness import pin_to_one_core, report_end, report_start
from alliancelab.sim.stages import legitimacy_stage
from alliancelab.sim.world import draw_run_shocks
from alliancelab.theory.legitimacy import LegitimacyParams
from bench_sim import STATES, YEARS, world

# the modules (alliancelab.sim re-exports a function named ``step``, which shadows the module attribute)
runner = importlib.import_module("alliancelab.sim.runner")
step = importlib.import_module("alliancelab.sim.step")

BUDGET_NS = 1e9 / 5e6  # issue 8's target, 5 million state-years per second on one core
STAGES = (
    "exogenous_stage",
    "terms_stage",
    "bid_stage",
    "allocate_budget",
    "ally_contract",
    "baseline_burden",
    "burden_stage",
    "relative_values",
    "legitimacy_stage",
    "legitimating_weights",
    "crisis_stage",
    "settle",
)


def stage_breakdown(runs: int) -> tuple[float, dict[str, float], list[tuple[Any, ...]]]:
    """(a): wall seconds of one chunk, seconds per stage, and the roll-call stage's inputs of every year."""
    scenario = world(runs)
    runner.simulate_chunk(scenario, 0, runs)  # warm: imports, first-call caches
    spent: dict[str, float] = defaultdict(float)
    captured: list[tuple[Any, ...]] = []

    def timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if name == "legitimacy_stage":
                captured.append(args)
            start = time.perf_counter()
            out = fn(*args, **kwargs)
            spent[name] += time.perf_counter() - start
            return out

        return wrapper

    originals = {name: getattr(step, name) for name in STAGES}
    draws = runner.draw_run_shocks
    try:
        for name, fn in originals.items():
            setattr(step, name, timed(name, fn))
        runner.draw_run_shocks = timed("draw_run_shocks (the shocks)", draws)
        start = time.perf_counter()
        runner.simulate_chunk(scenario, 0, runs)
        total = time.perf_counter() - start
    finally:
        for name, fn in originals.items():
            setattr(step, name, fn)
        runner.draw_run_shocks = draws
    return total, dict(spent), captured


def draw_costs(runs: int, repeats: int = 3) -> dict[str, float]:
    """(b): best seconds to draw a chunk's shocks with each bit generator, and to fill as many doubles."""
    scenario = world(runs)
    seeds = np.random.SeedSequence(0).spawn(runs)
    out: dict[str, float] = {}
    for label, bit_generator in (("PCG64 (the engine's)", np.random.PCG64), ("SFC64", np.random.SFC64)):
        best = math.inf
        for _ in range(repeats):
            rngs = [np.random.Generator(bit_generator(s)) for s in seeds]
            start = time.perf_counter()
            draw_run_shocks(scenario, YEARS, rngs)
            best = min(best, time.perf_counter() - start)
        out[f"draw_run_shocks, {label}"] = best
    doubles = np.empty(19 * runs * STATES * YEARS)
    fast = np.random.Generator(np.random.SFC64(0))
    best = math.inf
    for _ in range(repeats):
        start = time.perf_counter()
        fast.random(out=doubles)
        best = min(best, time.perf_counter() - start)
    out["SFC64 random() filling 19 doubles per state-year, one call"] = best
    return out


def compiled_votes() -> Callable[..., Any]:
    """The roll-call rule of :func:`~alliancelab.theory.legitimacy.vote_probability` as one numba loop."""
    import numba  # type: ignore[import-untyped]

    @numba.njit(cache=False)
    def votes(theta, mu, benefit, democracy, position, important, vote_u, params):  # type: ignore[no-untyped-def]
        b0, b1, b2, link0, link1, punish = params
        runs, states = theta.shape
        count = np.zeros((runs, states))
        for r in range(runs):
            for v in range(position.shape[1]):
                for i in range(states):
                    link = min(max(link0 + link1 * democracy[r, i], 0.0), 1.0)
                    pull = b1 * link * punish * (benefit[r, i] if important[r, v] else 0.0)
                    z = b0 + pull - b2 * abs(theta[r, i] - position[r, v]) / mu[r, i]
                    e = math.exp(-abs(z))
                    p = 1.0 / (1.0 + e) if z >= 0 else e / (1.0 + e)
                    count[r, i] += vote_u[r, v, i] < p
        return count

    return votes  # type: ignore[no-any-return]


def vote_costs(captured: list[tuple[Any, ...]], repeats: int = 3) -> tuple[dict[str, float], int, int]:
    """(c): best seconds for the year's roll calls over all years, numpy and compiled; votes that differ."""
    scenario = captured[0][0]
    ev, theta_h = scenario.events, scenario.hegemon.ideal_point
    p = LegitimacyParams()
    params = (p.vote_intercept, p.vote_benefit_slope, p.vote_cost_slope)
    params += (p.linkage_base, p.linkage_democracy, p.punishment_share)
    params = tuple(float(x) for x in params)  # type: ignore[arg-type]
    inputs = []
    for _, shocks, ex, benefit, mu in captured:
        position = np.clip(theta_h + ev.roll_call_spread * shocks.roll_call, 0.0, 1.0)
        important = shocks.important_u < ev.important_share
        democracy = (ex.W >= 0.5).astype(float)
        vote_u = np.ascontiguousarray(shocks.vote_u)
        inputs.append((ex.theta, mu, benefit, democracy, position, important, vote_u, params))
    votes = compiled_votes()
    votes(*inputs[0])  # compile
    n_votes = ev.roll_calls
    differ = sum(
        int(np.sum(np.abs(votes(*args) - legitimacy_stage(*cap).agreement * n_votes) > 0.5))
        for args, cap in zip(inputs, captured, strict=True)
    )
    best = {"numpy (the engine's legitimacy_stage)": math.inf, "numba, one fused loop": math.inf}
    for _ in range(repeats):
        start = time.perf_counter()
        for cap in captured:
            legitimacy_stage(*cap)
        best["numpy (the engine's legitimacy_stage)"] = min(
            best["numpy (the engine's legitimacy_stage)"], time.perf_counter() - start
        )
        start = time.perf_counter()
        for args in inputs:
            votes(*args)
        best["numba, one fused loop"] = min(best["numba, one fused loop"], time.perf_counter() - start)
    cells = sum(a[0].size * n_votes for a in inputs)
    return best, differ, cells


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=32, help="runs in the chunk (the CLI's chunk is 32)")
    args = parser.parse_args()
    report_start()
    pin_to_one_core()
    runs = args.runs
    state_years = runs * STATES * YEARS

    def ns(seconds: float) -> str:
        return f"{seconds / state_years * 1e9:7.1f} ns"

    total, spent, captured = stage_breakdown(runs)
    print(
        f"\n(a) the engine, one chunk of {runs} runs x {STATES} states x {YEARS} years, stages timed in place"
    )
    print(
        f"  whole chunk: {ns(total)} per state-year ({state_years / total:,.0f} state-years/s);"
        f" target {BUDGET_NS:.0f} ns"
    )
    for name, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  {name:32s} {ns(seconds)}  {seconds / total:6.1%}")
    rest = total - sum(spent.values())
    print(f"  {'the rest (glue, logs, checks)':32s} {ns(rest)}  {rest / total:6.1%}")
    print(f"  load average: {os.getloadavg()[0]:.2f}")

    print("\n(b) the draws alone (best of 3)")
    draws = draw_costs(runs)
    for label, seconds in draws.items():
        print(f"  {label:62s} {ns(seconds)} per state-year")

    print(f"\n(c) the roll calls alone ({captured[0][0].events.roll_calls} a year), same inputs, best of 3")
    votes, differ, cells = vote_costs(captured)
    for label, seconds in votes.items():
        print(f"  {label:42s} {ns(seconds)} per state-year")
    print(f"  votes that differ between the two: {differ} of {cells:,}")

    floor = min(draws.values()) + min(votes.values())
    print("\n(d) the floor: fastest draws + fastest roll calls")
    print(
        f"  {ns(floor)} per state-year = {floor / state_years * 1e9 / BUDGET_NS:.0%}"
        f" of the {BUDGET_NS:.0f} ns budget"
    )
    print(f"  the engine now: {ns(total)} = {total / state_years * 1e9 / BUDGET_NS:.1f}x the budget")
    report_end()


if __name__ == "__main__":
    main()
