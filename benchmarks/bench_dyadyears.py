"""Benchmark the dyad-year builders: pipeline A, the full build per step, and peers measured in the same run.

(A) peacesciencer's everyday pipeline: directed dyad-years 1946-2014 with ATOP, NMC and major-power status
    (``create_dyadyears(subset_years = 1946:2014) %>% add_atop_alliance() %>% add_nmc() %>%
    add_cow_majors()``): 1,596,280 rows. Issue 9's targets: warm <= 0.12 s, fresh process (imports
    included) <= 0.6 s, peak <= 500 MB (peacesciencer measured earlier on this machine: 3.7 s warm,
    8.7 s cold).
(B) every directed dyad-year 1816-2014 with every dyad-year step (target: <= 2.5 s warm), per step.

Peers, each in its own fresh process in the same run (so under the same load):

* **peacesciencer** needs R, which this machine does not have (checked with ``shutil.which("Rscript")``);
  when R and peacesciencer are installed, the script runs pipeline A there too.
* **plain pandas**: the same joins written as a pandas user would (``merge`` of the cached ``cow_ddy``,
  ATOP, NMC twice and the expanded major-power years), with the tables read once per process like ours.
* **another checkout** (``--baseline PATH``, e.g. the previous implementation's ``src`` folder): the same
  pipeline A through that code.

Each measurement runs in a fresh Python process (``subprocess``) so that peak memory (``ru_maxrss``: the
whole process, interpreter and libraries included) belongs to it alone. "Fresh" is the first run in a new
process; "warm" repeats the pipeline in that process, as an R session does after its first call. Wall
times on a shared machine grow with its load, so the load average is printed before and after, and CPU
time beside the wall time. Usage::

    python benchmarks/bench_dyadyears.py [--repeat 5] [--baseline ../main/src] [--skip-full]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

PEACESCIENCER_ROWS = 1_596_280
SRC = Path(__file__).resolve().parents[1] / "src"

_TIMER = """
import json, resource, statistics, sys, time, warnings
def run_all(once, repeat, t0, steps=dict):
    first = once()
    fresh = time.perf_counter() - t0
    rows, cols = first.shape
    del first
    warm, cpu = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        once()
        warm.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    print(json.dumps({
        "rows": rows, "columns": cols, "fresh_s": fresh, "warm_s": warm,
        "warm_median_s": statistics.median(warm), "warm_best_s": min(warm),
        "cpu_median_s": statistics.median(cpu), "steps_median_s": steps(),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))
"""

_OURS = _TIMER + textwrap.dedent(
    """
    t0 = time.perf_counter()
    from alliancelab.data.builders import UnmatchedCodesWarning, build
    warnings.simplefilter("ignore", UnmatchedCodesWarning)
    years, steps, repeat = sys.argv[1], sys.argv[2].split(","), int(sys.argv[3])
    per_step = []
    def once():
        result = build(years, steps)
        per_step.append(result.seconds)
        return result.frame
    def step_medians():
        warm = per_step[1:]
        return {k: statistics.median(s[k] for s in warm) for k in warm[0]}
    run_all(once, repeat, t0, step_medians)
    """
)

_PANDAS = _TIMER + textwrap.dedent(
    """
    t0 = time.perf_counter()
    import numpy as np
    import pandas as pd
    from alliancelab.data import read
    repeat = int(sys.argv[3])
    ddy, atop, nmc, majors = read("cow_ddy"), read("atop_alliance"), read("cow_nmc"), read("cow_majors")
    major_years = pd.DataFrame(
        [(c, y) for c, a, b in majors[["ccode", "styear", "endyear"]].itertuples(index=False)
         for y in range(int(a), int(b) + 1)], columns=["ccode", "year"]
    ).drop_duplicates().assign(cowmaj=1)
    obligations = ["atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"]
    def once():
        out = ddy[(ddy["year"] >= 1946) & (ddy["year"] <= 2014)]
        out = out.merge(atop, on=["ccode1", "ccode2", "year"], how="left")
        out[obligations] = out[obligations].fillna(0)
        for side in ("1", "2"):
            out = out.merge(nmc.rename(columns=lambda c: c if c == "year" else f"{c}{side}"),
                            on=[f"ccode{side}", "year"], how="left")
            out = out.merge(major_years.rename(columns={"ccode": f"ccode{side}", "cowmaj": f"cowmaj{side}"}),
                            on=[f"ccode{side}", "year"], how="left")
            out[f"cowmaj{side}"] = out[f"cowmaj{side}"].fillna(0)
        return out
    run_all(once, repeat, t0)
    """
)


def _child(code: str, args: list[str], pythonpath: Path) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(pythonpath)}
    done = subprocess.run(
        [sys.executable, "-c", code, *args], check=True, capture_output=True, text=True, env=env
    )
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _line(label: str, m: dict[str, object]) -> str:
    warm, best, cpu = m["warm_median_s"], m["warm_best_s"], m["cpu_median_s"]
    return (
        f"    {label:<28} rows {m['rows']:>9,}  fresh {m['fresh_s']:6.2f} s  warm median {warm:6.3f} s "
        f"(best {best:.3f}, CPU {cpu:.3f})  peak {m['peak_rss_mb']:5.0f} MB"
    )


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="warm repetitions per measurement")
    parser.add_argument("--baseline", type=Path, help="another checkout's src folder to time as a peer")
    parser.add_argument("--skip-full", action="store_true", help="only pipeline A")
    args = parser.parse_args()

    print(f"machine: {os.cpu_count()} cores, {_load()} at start (wall times grow with load)")
    steps_a = "atop,nmc,majors"
    print("(A) directed dyad-years 1946-2014 + ATOP + NMC + major powers")
    ours = _child(_OURS, ["1946-2014", steps_a, str(args.repeat)], SRC)
    print(_line("alliancelab (this checkout)", ours))
    same = "same rows as" if ours["rows"] == PEACESCIENCER_ROWS else "DIFFERENT rows from"
    print(f"    {same} peacesciencer ({PEACESCIENCER_ROWS:,})")
    peers = {"plain pandas merges": _child(_PANDAS, ["", "", str(args.repeat)], SRC)}
    if args.baseline is not None:
        peers[f"baseline {args.baseline}"] = _child(
            _OURS, ["1946-2014", steps_a, str(args.repeat)], args.baseline
        )
    for label, peer in peers.items():
        ratio_warm = float(peer["warm_median_s"]) / float(ours["warm_median_s"])  # type: ignore[arg-type]
        ratio_fresh = float(peer["fresh_s"]) / float(ours["fresh_s"])  # type: ignore[arg-type]
        print(_line(label, peer) + f"  -> ours {ratio_warm:.1f}x (warm), {ratio_fresh:.1f}x (fresh)")
    if shutil.which("Rscript") is None:
        print("    peacesciencer: not run (R is not installed here); issue 9 measured 3.7 s warm, 8.7 s cold")
    warm, fresh, peak = ours["warm_median_s"], ours["fresh_s"], ours["peak_rss_mb"]
    print(
        f"    targets: warm <= 0.12 s {'met' if float(warm) <= 0.12 else 'NOT met'}; "  # type: ignore[arg-type]
        f"fresh <= 0.6 s {'met' if float(fresh) <= 0.6 else 'NOT met'}; "  # type: ignore[arg-type]
        f"peak <= 500 MB {'met' if float(peak) <= 500 else 'NOT met'}"  # type: ignore[arg-type]
    )
    print(f"    steps (warm median): {_fmt_steps(ours['steps_median_s'])}")
    if not args.skip_full:
        from alliancelab.data.builders.pipeline import ADDERS

        every = ",".join(name for name in ADDERS if name != "ucdp")  # UCDP is state-year only
        print("(B) directed dyad-years 1816-2014 + every dyad-year step")
        full = _child(_OURS, ["1816-2014", every, str(max(1, args.repeat // 2))], SRC)
        print(_line("alliancelab (this checkout)", full) + f"  columns {full['columns']}")
        print(f"    target warm <= 2.5 s: {'met' if float(full['warm_median_s']) <= 2.5 else 'NOT met'}")  # type: ignore[arg-type]
        print(f"    steps (warm median): {_fmt_steps(full['steps_median_s'])}")
    print(f"{_load()} at the end")


def _fmt_steps(steps: object) -> str:
    assert isinstance(steps, dict)
    return ", ".join(f"{k} {v:.3f}" for k, v in steps.items())


if __name__ == "__main__":
    sys.path.insert(0, str(SRC))
    main()
