"""Benchmark the composed world (:mod:`alliancelab.sim`) against the same world in Mesa 3.

(a) One core (pinned): the engine alone (:func:`~alliancelab.sim.runner.simulate_chunk`, 150 states x 70
    years x RUNS runs of ``bipolar-cold-war``), with and without the coalition market, and end to end
    (tables, Parquet, manifest: :func:`~alliancelab.sim.runner.run_scenario`): state-years/s.
(b) Two cores: ``run_scenario(..., workers=2)`` (a local Dask cluster of two processes), state-years/s, and
    the time 10,000 runs would take at that rate.
(c) Memory: peak resident memory of a run of RUNS and of 4*RUNS runs, each in a fresh process (chunks
    stream to disk, so it should not grow with the number of runs).
(d) The Mesa 3 peer (``benchmarks/peers/mesa_world.py``: one agent per state, AgentSet stepping, the same
    stage functions): state-years/s on one core for one run, and the ratio to (a).
(e) With ``--baseline SRC`` (the ``src`` folder of another version, e.g. ``git archive COMMIT src | tar -x
    -C /tmp/old``): that version's engine, one core, and its two-core run, each in a subprocess with SRC
    first on ``PYTHONPATH``, alternating with this version's so that both see the same load; the ratios.

The load average is printed at start and end: on a shared machine wall times grow with it, so CPU seconds
per state-year are printed next to wall-clock rates. Usage::

    python benchmarks/bench_sim.py [--runs 64] [--mesa-years 3] [--baseline /tmp/old/src]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _harness import pin_to_one_core, report_end, report_start
from alliancelab.sim.runner import run_scenario, simulate_chunk
from alliancelab.sim.scenario import Scenario, load_scenario, with_overrides

STATES, YEARS = 150, 70


def world(runs: int, **changes: object) -> Scenario:
    base = {"scenario.states": STATES, "scenario.years": YEARS, "scenario.runs": runs}
    return with_overrides(load_scenario("bipolar-cold-war"), {**base, **changes})


def rate(state_years: int, seconds: float) -> str:
    load = os.getloadavg()[0]
    return f"{state_years / seconds:,.0f} state-years/s ({state_years:,} in {seconds:.1f} s; load {load:.2f})"


def cpu_rate(state_years: int, cpu_seconds: float) -> str:
    return f"{rate(state_years, cpu_seconds)}, {cpu_seconds / state_years * 1e6:.2f} us CPU per state-year"


def engine(runs: int, chunk: int, **changes: object) -> tuple[float, float]:
    """Wall-clock and CPU seconds (on a loaded machine the CPU time is the fairer per-core figure)."""
    scenario = world(runs, **changes)
    start, cpu = time.perf_counter(), time.process_time()
    for first in range(0, runs, chunk):
        simulate_chunk(scenario, first, min(first + chunk, runs))
    return time.perf_counter() - start, time.process_time() - cpu


def end_to_end(runs: int, workers: int) -> float:
    chunk = max(1, min(32, runs // (2 * workers)))  # the CLI's default chunk (32), two or more per worker
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        run_scenario(world(runs), Path(tmp) / "run", chunk_size=chunk, workers=workers)
        return time.perf_counter() - start


MEMORY_CHILD = """
import resource, sys, tempfile
from pathlib import Path
sys.path.insert(0, {bench!r})
from bench_sim import world
from alliancelab.sim.runner import run_scenario
with tempfile.TemporaryDirectory() as tmp:
    run_scenario(world({runs}), Path(tmp) / "run", chunk_size=32)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def peak_memory_mb(runs: int) -> float:
    code = MEMORY_CHILD.format(bench=str(Path(__file__).parent), runs=runs)
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, env=os.environ
    )
    return float(out.stdout.strip().splitlines()[-1])


BASELINE_CHILD = """
import json, os, sys
sys.path.insert(0, {bench!r})
from bench_sim import end_to_end, engine
if {pin!r}:
    os.sched_setaffinity(0, {{min(os.sched_getaffinity(0))}})
import alliancelab
result = engine({runs}, 64) if {what!r} == "engine" else (end_to_end({runs}, workers=2), 0.0)
print(json.dumps([alliancelab.__file__, *result]))
"""


def in_subprocess(src: str, what: str, runs: int, pin: bool) -> tuple[float, float]:
    """(wall, CPU) seconds of ``engine`` or the two-core ``end_to_end`` with ``src`` first on the path."""
    code = BASELINE_CHILD.format(bench=str(Path(__file__).parent), runs=runs, what=what, pin=pin)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")])}
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env)
    where, wall, cpu = json.loads(out.stdout.strip().splitlines()[-1])
    if not str(where).startswith(str(Path(src).resolve())):
        raise SystemExit(f"--baseline {src}: the subprocess imported alliancelab from {where}")
    return float(wall), float(cpu)


def baseline(src: str, runs: int) -> None:
    """(e): the two versions alternate (this one, the baseline, this one, the baseline)."""
    per_run = STATES * YEARS
    here = str(Path(__file__).resolve().parents[1] / "src")
    print(f"\n(e) this version ({here}) against the baseline ({src}), alternating, each in a subprocess")
    for what, n, pin in (("engine", runs, True), ("two cores", 2 * runs, False)):
        label = f"one core, engine, {n} runs" if pin else f"two cores, run_scenario(workers=2), {n} runs"
        print(f"  {label}:")
        results: dict[str, list[tuple[float, float]]] = {"this": [], "baseline": []}
        for _ in range(2):
            results["this"].append(in_subprocess(here, what, n, pin))
            results["baseline"].append(in_subprocess(src, what, n, pin))
        print(f"    load average after the four runs: {os.getloadavg()[0]:.2f}")
        for name, got in results.items():
            walls = ", ".join(f"{n * per_run / w:,.0f}" for w, _ in got)
            cpus = ", ".join(f"{c / (n * per_run) * 1e6:.2f}" for _, c in got if c > 0)
            cpu_text = f"; CPU us per state-year: {cpus}" if cpus else ""
            print(f"    {name:8s} state-years/s wall: {walls}{cpu_text}")
        best = {k: min(w for w, _ in v) for k, v in results.items()}
        print(f"    speed-up, best wall time: {best['baseline'] / best['this']:.2f}x", end="")
        if pin:
            cpu = {k: min(c for _, c in v) for k, v in results.items()}
            print(f"; least CPU time: {cpu['baseline'] / cpu['this']:.2f}x")
        else:
            print()


def mesa(years: int) -> float:
    sys.path.insert(0, str(Path(__file__).parent))
    from peers.mesa_world import WorldModel

    model = WorldModel(world(1, **{"scenario.years": years}), run=0)
    start = time.perf_counter()
    for _ in range(years):
        model.step()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=64, help="runs of 150 states x 70 years per measurement")
    parser.add_argument("--mesa-years", type=int, default=3, help="years of the Mesa run (150 agents)")
    parser.add_argument("--baseline", help="src folder of another version to compare with (section (e))")
    args = parser.parse_args()
    report_start()
    runs, per_run = args.runs, STATES * YEARS
    cores = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None

    print(f"\n(b) two cores: run_scenario(workers=2), {runs * 2} runs, Parquet written")
    two = end_to_end(2 * runs, workers=2)
    print(
        f"  {rate(2 * runs * per_run, two)}; 10,000 runs would take {two / (2 * runs) * 10_000 / 60:.1f} min"
    )

    print("\n(c) peak resident memory of a whole run (fresh process each, chunks of 32 runs)")
    small, large = peak_memory_mb(runs), peak_memory_mb(4 * runs)
    print(f"  {runs} runs: {small:,.0f} MB; {4 * runs} runs: {large:,.0f} MB")

    pin_to_one_core()
    print(f"\n(a) one core, {runs} runs x {STATES} states x {YEARS} years")
    full, full_cpu = engine(runs, 64)
    print(f"  engine (bipolar-cold-war, coalition market on):  {rate(runs * per_run, full)}")
    print(f"    per CPU second:                                {cpu_rate(runs * per_run, full_cpu)}")
    greedy, greedy_cpu = engine(runs, 64, **{"events.solver": "greedy"})
    print(f"  engine, greedy coalition solver:                 {rate(runs * per_run, greedy)}")
    print(f"    per CPU second:                                {cpu_rate(runs * per_run, greedy_cpu)}")
    quiet, quiet_cpu = engine(runs, 64, **{"events.crisis_rate": 0.0})
    print(f"  engine without crises (no coalition market):     {rate(runs * per_run, quiet)}")
    print(f"    per CPU second:                                {cpu_rate(runs * per_run, quiet_cpu)}")
    written = end_to_end(runs, workers=1)
    print(f"  end to end (tables, Parquet, manifest, DuckDB):  {rate(runs * per_run, written)}")

    print(f"\n(d) Mesa 3 peer, one run x {STATES} agents x {args.mesa_years} years (same rules, same shocks)")
    peer = mesa(args.mesa_years)
    peer_rate = STATES * args.mesa_years / peer
    engine_rate = runs * per_run / full  # both wall-clock, on the same pinned core
    print(f"  {rate(STATES * args.mesa_years, peer)}")
    print(f"  ratio, AllianceLab engine / Mesa: {engine_rate / peer_rate:,.0f}x")
    if cores is not None:
        os.sched_setaffinity(0, cores)
    if args.baseline:
        baseline(args.baseline, runs)
    report_end()


if __name__ == "__main__":
    main()
