"""What every benchmark script shares: best-of-n timing, pinning to one core, machine load, peak memory.

The scripts run as ``python benchmarks/bench_*.py``, so this folder is on ``sys.path`` and they import
``from _harness import ...``.
"""

from __future__ import annotations

import os
import resource
import time
from collections.abc import Callable

__all__ = ["best_time", "pin_to_one_core", "report_end", "report_start"]


def best_time(fn: Callable[[], object], repeats: int) -> float:
    """The fastest of ``repeats`` wall-clock runs of ``fn`` (seconds): the least disturbed by other load."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def pin_to_one_core() -> None:
    """Run on one core, so figures are per core and do not depend on how busy the other core is."""
    if hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        print(f"pinned to CPU core {core}")


def report_start() -> None:
    """Print the machine and its load: wall times on a shared machine grow with the load."""
    load = os.getloadavg()
    print(f"machine: {os.cpu_count()} cores, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} at start")


def report_end() -> None:
    """Print the process's peak resident memory and the load at the end."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    load = os.getloadavg()[0]
    print(f"process peak RSS over the whole run: {rss:,.0f} MB; load average at the end: {load:.2f}")
