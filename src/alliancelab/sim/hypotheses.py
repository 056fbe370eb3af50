"""The seeds' predictions estimated on a finished run: the ``S-*`` tests of the shared registry.

:func:`run_hypotheses` reads the columns the tests need from a run directory's Parquet tables and runs
every simulated-world test (:mod:`alliancelab.analysis.world_tests`) through
:func:`alliancelab.analysis.registry.run_tests`, one :class:`~alliancelab.analysis.results.TestResult` per
test. :func:`write_hypotheses` writes the table as text, Markdown and CSV, plus the results as JSON.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from alliancelab.analysis.registry import Hypothesis, run_tests
from alliancelab.analysis.results import TestResult
from alliancelab.io import atomic_outputs
from alliancelab.provenance import to_jsonable

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "COLUMNS",
    "DEFAULT_MAX_RUNS",
    "format_table",
    "load_test_tables",
    "run_hypotheses",
    "runs_used",
    "write_hypotheses",
]

# the columns the S-* tests read, per table (reading only these keeps memory low on large runs)
COLUMNS: dict[str, tuple[str, ...]] = {
    "state_years": (
        "run",
        "ccode",
        "year",
        "patron",
        "us_ally",
        "realigned",
        "rival_present",
        "wbgdp2011est",
        "sipri_milex_gdp",
        "pressure",
        "un_agree_ref",
        "idealpointdist_ref",
        "supports_action",
    ),
    "dyad_years": (
        "run",
        "ccode1",
        "ccode2",
        "year",
        "atop_defense",
        "us_aid_total",
        "idealpointdist",
        "polity22",
        "regime_change2",
        "leader_change2",
    ),
    "coalitions": ("run", "year", "ccode2", "price", "effective_troops", "scarcity"),
}


# The tests hold every row of the runs they read in memory (about 10 MB a run of 150 states x 70 years at
# the peak of the estimation): 256 runs are 2.7 million state-years, within a laptop's memory, and CIs that
# narrow as 1/sqrt(runs) are already tight; 10,000 runs would need about 100 GB.
DEFAULT_MAX_RUNS = 256


def runs_used(run_dir: str | Path, max_runs: int | None = DEFAULT_MAX_RUNS) -> tuple[int, int]:
    """``(runs the tests read, runs in the run)``: the first ``max_runs`` runs (``None``: all).

    A run's runs are independent histories, each from its own spawned seed, so the first ``N`` are a random
    sample of them, and the same sample whoever estimates it."""
    from alliancelab.sim.manifest import run_manifest
    from alliancelab.sim.runner import check_max_runs

    limit = check_max_runs(max_runs)
    total: int = run_manifest(run_dir)["runs"]  # checked: a whole number >= 1
    return (total if limit is None else min(limit, total)), total


def load_test_tables(run_dir: str | Path, max_runs: int | None = DEFAULT_MAX_RUNS) -> dict[str, pd.DataFrame]:
    """The tables of a finished run, with the columns the tests need, for its first ``max_runs`` runs."""
    from alliancelab.sim.runner import check_run_dir, read_run_table

    root = check_run_dir(run_dir)
    return {name: read_run_table(root, name, list(cols), max_runs=max_runs) for name, cols in COLUMNS.items()}


def run_hypotheses(
    run_dir: str | Path, only: list[str] | None = None, *, max_runs: int | None = DEFAULT_MAX_RUNS
) -> list[tuple[Hypothesis, TestResult]]:
    """Every ``S-*`` test (or ``only`` those) on the run in ``run_dir``, in ID order, estimated on its first
    ``max_runs`` runs (:func:`runs_used`; ``None``: all). Each result's ``data`` says which runs."""
    import alliancelab.analysis.world_support_tests
    import alliancelab.analysis.world_tests  # noqa: F401  (the two modules register the S-* tests)

    used, total = runs_used(run_dir, max_runs)
    tables = load_test_tables(run_dir, None if used == total else used)
    data = f"simulated: runs 0-{used - 1} of {total:,}" if used < total else f"simulated: all {total:,} runs"
    pairs: list[tuple[Hypothesis, TestResult]] = []

    def record(h: Hypothesis, r: TestResult) -> None:  # the registry's record of the test, in the result
        named = replace(r, data=data, test_id=h.test_id, seed=h.seed, specification=h.specification)
        pairs.append((h, named))

    run_tests(tables, only=only, source="sim", on_result=record)
    return pairs


def _number(value: Any) -> str:
    if isinstance(value, float):
        return "" if math.isnan(value) else f"{value:.4g}"
    return str(value)


def format_table(frame: pd.DataFrame, kind: str = "text") -> str:
    """The hypotheses table as aligned text or Markdown (columns of :func:`hypotheses_frame`)."""
    shown = frame.assign(
        ci=[
            f"[{_number(lo)}, {_number(hi)}]" if not math.isnan(lo) else ""
            for lo, hi in zip(frame["ci_low"], frame["ci_high"], strict=True)
        ]
    )[["test", "claim", "seed", "prediction", "specification", "estimate", "ci", "n", "holds"]]
    cells = [[_number(v) for v in row] for row in shown.itertuples(index=False)]
    header = list(shown.columns)
    if kind == "markdown":
        out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        out += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in cells]
        return "\n".join(out) + "\n"
    text_cols = ["test", "claim", "seed", "estimate", "ci", "n", "holds", "prediction"]
    index = [header.index(c) for c in text_cols]
    widths = [max(len(text_cols[i]), *(len(row[j]) for row in cells)) for i, j in enumerate(index)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(text_cols, widths, strict=True)).rstrip()]
    lines += [
        "  ".join(row[j].ljust(w) for j, w in zip(index, widths, strict=True)).rstrip() for row in cells
    ]
    return "\n".join(lines) + "\n"


def write_hypotheses(
    pairs: list[tuple[Hypothesis, TestResult]],
    out_dir: str | Path,
    *,
    figures: Mapping[str, Callable[[pd.DataFrame, Path], None]] | None = None,
) -> dict[str, Path]:
    """``hypotheses.txt``, ``.md``, ``.csv`` and ``.json`` in ``out_dir``, plus one file per entry of
    ``figures`` (suffix -> a function that draws the table to a path); returns the paths by kind.

    All are written, or none: each goes to a temporary file first and they replace their targets together,
    so a failing figure never leaves a new table beside an old one.
    """
    from alliancelab.analysis.world_tests import hypotheses_frame

    root = Path(out_dir)
    frame = hypotheses_frame(pairs)
    kinds = ("txt", "md", "csv", "json", *(figures or {}))
    paths = {kind: root / f"hypotheses.{kind}" for kind in kinds}
    results = [{**r.to_dict(), "test_id": h.test_id} for h, r in pairs]
    with atomic_outputs(*paths.values()) as staged:
        tmp = dict(zip(kinds, (Path(str(t)) for t in staged), strict=True))
        tmp["txt"].write_text(format_table(frame), encoding="utf-8")
        tmp["md"].write_text(format_table(frame, "markdown"), encoding="utf-8")
        frame.to_csv(tmp["csv"], index=False)
        tmp["json"].write_text(json.dumps(to_jsonable(results), indent=2) + "\n", encoding="utf-8")
        for suffix, draw in (figures or {}).items():
            draw(frame, tmp[suffix])
    return paths


def load_results(path: str | Path) -> list[dict[str, Any]]:
    """The results written by :func:`write_hypotheses` (``hypotheses.json``)."""
    data: list[dict[str, Any]] = json.loads(Path(path).read_text(encoding="utf-8"))
    return data
