"""Sweeps: a grid of scenario variants, one run directory per cell, and one combined hypotheses table.

``--grid hegemon.budget=3000,6000 --grid rival.entry_year=0,20`` gives four cells; cell ``c`` is the base
scenario with those fields replaced (:func:`~alliancelab.sim.scenario.with_overrides`), run into
``<out>/<key>=<value>,...``. Every cell keeps the base seed, so cells differ only by the swept fields
(common random numbers). ``<out>/sweep.json`` records the plan (base scenario and grid) before any cell
runs: the same sweep resumes in its folder, and a folder holding anything else is refused.
"""

from __future__ import annotations

import itertools
import json
import math
import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from alliancelab.errors import UserInputError
from alliancelab.io import write_json
from alliancelab.sim.hypotheses import DEFAULT_MAX_RUNS, run_hypotheses
from alliancelab.sim.runner import RunResult, check_scheduler, run_scenario
from alliancelab.sim.scenario import MAX_STATE_YEARS, Scenario, with_overrides

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "MAX_CELLS",
    "cell_name",
    "cells",
    "parse_grid",
    "parse_value",
    "plan_sweep",
    "prepare_sweep",
    "run_sweep",
    "sweep_hypotheses",
]

MAX_CELLS = 1_000  # a sweep's cells (each a run directory and a row block of the combined table)
_SAFE_VALUE = re.compile(r"^[A-Za-z0-9._+-]{1,64}$")


def parse_value(text: str) -> Any:
    """A grid value as TOML reads it (``3000``, ``0.5``, ``true``, ``"FIXED"``), else the bare string."""
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


def parse_grid(specs: list[str]) -> dict[str, list[Any]]:
    """``["hegemon.budget=3000,6000", ...]`` -> ``{"hegemon.budget": [3000, 6000], ...}``."""
    grid: dict[str, list[Any]] = {}
    for spec in specs:
        key, sep, values = spec.partition("=")
        items = [v.strip() for v in values.split(",") if v.strip()]
        if not sep or not key.strip() or not items:
            raise UserInputError(
                f"--grid {spec!r}: expected TABLE.FIELD=v1,v2,... (e.g. hegemon.budget=3000,6000)"
            )
        if key.strip() in grid:
            raise UserInputError(f"--grid: {key.strip()!r} is given twice")
        parsed = [parse_value(v) for v in items]
        for i, value in enumerate(parsed):
            if not _SAFE_VALUE.match(str(value)):  # the value names the cell's folder
                raise UserInputError(
                    f"--grid {spec!r}: value {value!r} cannot name a folder; use letters, digits, . _ + -"
                )
            if value in parsed[:i]:
                raise UserInputError(f"--grid {spec!r}: value {value!r} is given twice")
        grid[key.strip()] = parsed
    if not grid:
        raise UserInputError("--grid: give at least one TABLE.FIELD=v1,v2,...")
    size = math.prod(len(v) for v in grid.values())
    if size > MAX_CELLS:
        shape = " x ".join(str(len(v)) for v in grid.values())
        raise UserInputError(
            f"--grid: {shape} = {size:,} cells is more than the {MAX_CELLS:,} a sweep may have"
        )
    return grid


def cell_name(cell: dict[str, Any]) -> str:
    """Directory name of a cell: ``hegemon.budget=3000,rival.entry_year=0``."""
    return ",".join(f"{k}={v}" for k, v in cell.items())


def cells(grid: dict[str, list[Any]]) -> list[dict[str, Any]]:
    """The cartesian product of the grid, in the order given."""
    keys = list(grid)
    return [dict(zip(keys, combo, strict=True)) for combo in itertools.product(*(grid[k] for k in keys))]


def plan_sweep(base: Scenario, grid: dict[str, list[Any]]) -> list[tuple[dict[str, Any], Scenario]]:
    """Every cell's scenario, validated, and the whole sweep held to :data:`MAX_STATE_YEARS`."""
    planned = [(cell, with_overrides(base, cell, where=f"--grid {cell_name(cell)}")) for cell in cells(grid)]
    total = sum(s.scenario.runs * s.scenario.states * s.scenario.years for _, s in planned)
    if total > MAX_STATE_YEARS:
        raise UserInputError(
            f"--grid: {len(planned):,} cells simulate {total:,} state-years in all, more than the "
            f"{MAX_STATE_YEARS:,} a sweep may; lower runs, states, years or the number of cells"
        )
    return planned


def prepare_sweep(
    base: Scenario, grid: dict[str, list[Any]], out_dir: str | Path
) -> list[tuple[dict[str, Any], Scenario]]:
    """:func:`plan_sweep`, then ``out_dir`` made and its plan recorded, or checked to hold this same sweep
    (its ``sweep.json``): a re-run resumes its cells, and no cell is mixed into a user's folder or a run."""
    root = Path(out_dir)
    planned = plan_sweep(base, grid)
    plan = json.loads(
        json.dumps(
            {"base": base.model_dump(mode="json"), "grid": grid, "cells": [cell_name(c) for c, _ in planned]}
        )
    )
    saved = root / "sweep.json"
    if saved.is_file():
        try:
            previous = json.loads(saved.read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            raise UserInputError(
                f"{saved}: not a readable sweep plan ({err}); choose another --out, or delete it to start "
                "again"
            ) from None
        if previous != plan:
            raise UserInputError(
                f"{root} holds another sweep (another base scenario, --runs, --years, --set or --grid); "
                "choose another --out, or delete it to start again"
            )
        return planned
    # a sweep.json cut short by a kill is ours; anything else is not
    if root.is_dir() and any(not p.name.startswith(".sweep.") for p in root.iterdir()):
        what = "a run" if (root / "scenario.json").exists() else "no sweep (no sweep.json)"
        raise UserInputError(f"{root} is a folder that holds {what}; give a new or empty folder")
    root.mkdir(parents=True, exist_ok=True)
    write_json(plan, saved)
    return planned


def run_sweep(
    base: Scenario,
    grid: dict[str, list[Any]],
    out_dir: str | Path,
    *,
    on_cell: Callable[[dict[str, Any], int, int], None] | None = None,
    **options: Any,
) -> list[tuple[dict[str, Any], RunResult]]:
    """Run every cell of ``grid`` (validated up front: a bad value fails before any run starts) into
    ``out_dir`` (:func:`prepare_sweep`: a new folder, or this sweep's, which it resumes)."""
    root = Path(out_dir)
    check_scheduler(options.get("scheduler"))  # before the sweep's folder is made
    planned = prepare_sweep(base, grid, root)
    results = []
    for i, (cell, scenario) in enumerate(planned):
        if on_cell is not None:
            on_cell(cell, i, len(planned))
        results.append((cell, run_scenario(scenario, root / cell_name(cell), **options)))
    return results


def sweep_hypotheses(
    results: list[tuple[dict[str, Any], RunResult]], *, max_runs: int | None = DEFAULT_MAX_RUNS
) -> pd.DataFrame:
    """Every cell's hypotheses table stacked, with one column per swept field and a ``cell`` label (each
    cell's tests on its first ``max_runs`` runs, :func:`~alliancelab.sim.hypotheses.run_hypotheses`)."""
    import pandas as pd

    from alliancelab.analysis.world_tests import hypotheses_frame

    frames = []
    for order, (cell, result) in enumerate(results):
        frame = hypotheses_frame(run_hypotheses(result.out_dir, max_runs=max_runs))
        frames.append(
            frame.assign(cell=cell_name(cell), cell_order=order, **{k: str(v) for k, v in cell.items()})
        )
    combined = pd.concat(frames, ignore_index=True)
    front = ["test", "cell", *results[0][0].keys()]
    ordered = combined.sort_values(["test", "cell_order"], kind="stable", ignore_index=True)
    return ordered[front + [c for c in ordered.columns if c not in (*front, "cell_order")]]
