"""``alliancelab scenario``, ``run``, ``sweep``, ``hypotheses``: the composed world (:mod:`alliancelab.sim`).

* ``alliancelab scenario new FILE`` writes a commented default scenario; ``scenario list``; ``scenario show
  NAME`` prints a shipped scenario (or a file) with every field, validated.
* ``alliancelab run SCENARIO --runs 200 --workers 2`` simulates into ``alliancelab-out/<run-id>/`` (Parquet
  tables, DuckDB views, manifest.json) with a progress bar on stderr; the same command resumes a killed
  run. ``alliancelab run RUN_DIR/manifest.json --out DIR`` regenerates a run and checks it bit for bit.
* ``alliancelab sweep SCENARIO --grid hegemon.budget=3000,6000`` runs a grid and a combined hypotheses table.
* ``alliancelab hypotheses RUN_DIR`` estimates the seeds' predictions on a run (text, Markdown, CSV, figures).

Library: :func:`~alliancelab.sim.runner.run_scenario`, :func:`~alliancelab.sim.sweep.run_sweep`,
:func:`~alliancelab.sim.hypotheses.run_hypotheses`. Bad input prints one line and exits with code 2.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer

from alliancelab.commands._common import (
    SIM_PANEL,
    check_output_dir,
    check_output_path,
    console,
    error_console,
    print_json,
)
from alliancelab.errors import UserInputError

__all__ = ["register"]

DEFAULT_OUT = Path("alliancelab-out")


def _max_runs_option() -> Any:
    """``--max-runs`` (the default is ``sim.hypotheses.DEFAULT_MAX_RUNS``, which a test checks; that module
    is not imported here, so that ``--help`` stays fast)."""
    return typer.Option(
        256,
        "--max-runs",
        min=0,
        metavar="N",
        help="Estimate the hypotheses on the first N runs (0: all; about 10 MB of memory a run).",
    )


scenario_app = typer.Typer(
    name="scenario", help="Scenario files of the composed world: new, list, show.", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    """Add ``scenario``, ``run``, ``sweep`` and ``hypotheses`` to the main app."""
    app.add_typer(scenario_app, name="scenario", rich_help_panel=SIM_PANEL)
    app.command("run", rich_help_panel=SIM_PANEL)(run_command)
    app.command("sweep", rich_help_panel=SIM_PANEL)(sweep_command)
    app.command("hypotheses", rich_help_panel=SIM_PANEL)(hypotheses_command)


@scenario_app.command("new")
def scenario_new(
    path: Path = typer.Argument(..., metavar="FILE", help="TOML file to write (must not exist)."),
) -> None:
    """Write a commented default scenario (every field, with its default and meaning) to PATH."""
    from alliancelab.io import atomic_write
    from alliancelab.sim.scenario_text import default_scenario_text

    check_output_path(path, (".toml",), "scenario new")
    if path.exists():
        raise UserInputError(f"scenario new {path}: the file exists; choose another name")
    with atomic_write(path) as handle:
        handle.write(default_scenario_text())
    console.print(f"wrote {path}: edit it, then `alliancelab run {path}`", highlight=False, markup=False)


@scenario_app.command("list")
def scenario_list() -> None:
    """List the shipped scenarios with their titles."""
    from alliancelab.sim.scenario import load_scenario, scenario_names

    for name in scenario_names():
        info = load_scenario(name).scenario
        console.print(f"{name}  {info.title}", highlight=False, markup=False)


@scenario_app.command("show")
def scenario_show(
    name: str = typer.Argument(
        ..., metavar="NAME|FILE", help="A shipped scenario (see `scenario list`) or a TOML path."
    ),
) -> None:
    """Print a scenario with every field (defaults filled in), after validating it."""
    from alliancelab.sim.scenario import load_scenario
    from alliancelab.sim.scenario_text import note_comment, scenario_text

    scenario = load_scenario(name)
    sys.stdout.write(
        note_comment(scenario.scenario.note)
    )  # commented: the output is a scenario file as it is
    sys.stdout.write(scenario_text(scenario))


def _with_options(
    world: Any, runs: int | None, years: int | None, seed: int | None, sets: list[str] | None
) -> Any:
    """``world`` with ``--set`` and then ``--runs``, ``--years``, ``--seed`` (an error names its option)."""
    from alliancelab.sim.scenario import with_overrides
    from alliancelab.sim.sweep import parse_value

    values: dict[str, Any] = {}
    for item in sets or []:
        key, sep, text = item.partition("=")
        if not sep:
            raise UserInputError(
                f"--set {item!r}: expected TABLE.FIELD=VALUE, e.g. --set hegemon.budget=3000"
            )
        values[key.strip()] = parse_value(text.strip())
    if values:
        world = with_overrides(world, values)
    options = {"--runs": ("scenario.runs", runs), "--years": ("scenario.years", years)}
    options["--seed"] = ("scenario.seed", seed)
    for option, (key, value) in options.items():
        if value is not None:
            world = with_overrides(world, {key: value}, where=f"{option} {value}")
    return world


def _refuse_with_a_manifest(manifest: str, options: dict[str, int | None], sets: list[str] | None) -> None:
    """Regenerating takes the scenario, runs, seed and chunk size from the manifest: an option that would
    change them is refused, not ignored (it would make another run, or be silently dropped)."""
    given = [f"{name} {value}" for name, value in options.items() if value is not None]
    given += [f"--set {item}" for item in sets or []]
    if given:
        raise UserInputError(
            f"{given[0]}: regenerating from {manifest} takes the scenario, runs, years, seed and chunk size "
            "from the manifest; drop the option (with a manifest: --out, --workers, --scheduler, --progress, "
            "--hypotheses, --max-runs)"
        )


def _run_id(scenario: Any) -> str:
    digest = hashlib.sha256(json.dumps(scenario.model_dump(mode="json"), sort_keys=True).encode()).hexdigest()
    return f"{scenario.scenario.name}-{digest[:8]}"


@contextmanager
def _progress_bar(enabled: bool, label: str) -> Iterator[Any]:
    """A rich progress bar on stderr (runs done, runs/s, ETA); yields ``callback(done, total)``."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    if not enabled:
        yield None
        return
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("runs"),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
    )
    bar = Progress(*columns, console=error_console, transient=False)
    tasks: list[Any] = []

    def update(done: int, total: int) -> None:
        if not tasks:  # shown from the first report on: a bad input found before it leaves stderr one line
            bar.start()
            tasks.append(bar.add_task(label, total=None, rate=""))
        bar.update(tasks[0], completed=done, total=total)
        speed = bar.tasks[0].speed
        bar.update(tasks[0], rate=f"{speed:.1f} runs/s" if speed else "")

    try:
        yield update
    finally:
        if tasks:
            bar.stop()


def run_command(
    scenario: str = typer.Argument(
        ...,
        metavar="NAME|FILE",
        help="A shipped scenario, a TOML file, or a run's manifest.json to regenerate.",
    ),
    runs: int | None = typer.Option(
        None, "--runs", min=1, metavar="N", help="Number of runs (overrides the file)."
    ),
    years: int | None = typer.Option(
        None, "--years", min=1, metavar="N", help="Horizon in years (overrides the file)."
    ),
    seed: int | None = typer.Option(
        None, "--seed", min=0, metavar="SEED", help="Root seed (overrides the file)."
    ),
    sets: list[str] = typer.Option(
        None,
        "--set",
        metavar="TABLE.FIELD=VALUE",
        help="TABLE.FIELD=VALUE, repeatable (e.g. hegemon.budget=3000).",
    ),
    out: Path | None = typer.Option(
        None, "--out", metavar="DIR", help="Run directory (default: alliancelab-out/NAME-HASH)."
    ),
    chunk_size: int | None = typer.Option(
        None,
        "--chunk-size",
        min=1,
        metavar="N",
        help="Runs per chunk (memory per worker; 32 when not given).",
    ),
    workers: int = typer.Option(
        1, "--workers", min=1, metavar="N", help="Local Dask worker processes (1: in this process)."
    ),
    scheduler: str | None = typer.Option(
        None, "--scheduler", metavar="ADDRESS", help="Address of a running Dask scheduler."
    ),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Progress bar on stderr."),
    hypotheses: bool = typer.Option(False, "--hypotheses", help="Print the hypotheses table when done."),
    max_runs: int = _max_runs_option(),
) -> None:
    """Simulate a scenario: Parquet tables, DuckDB views and a manifest in a run directory (resumable)."""
    from alliancelab.sim.runner import DEFAULT_CHUNK_SIZE, regenerate, run_scenario
    from alliancelab.sim.scenario import load_scenario

    if scenario.endswith(".json"):
        _refuse_with_a_manifest(
            scenario, {"--runs": runs, "--years": years, "--seed": seed, "--chunk-size": chunk_size}, sets
        )
        if out is None:
            raise UserInputError("regenerating from a manifest needs --out DIR (a new directory)")
        check_output_dir(out)
        with _progress_bar(progress, "regenerating") as bar:
            result = regenerate(scenario, out, workers=workers, scheduler=scheduler, progress=bar)
        console.print(
            f"regenerated {result.out_dir}: every table identical to {scenario}",
            highlight=False,
            markup=False,
        )
    else:
        check_output_dir(out)
        world = _with_options(load_scenario(scenario), runs, years, seed, sets)
        target = out if out is not None else DEFAULT_OUT / _run_id(world)
        with _progress_bar(progress, world.scenario.name) as bar:
            result = run_scenario(
                world,
                target,
                chunk_size=chunk_size or DEFAULT_CHUNK_SIZE,
                workers=workers,
                scheduler=scheduler,
                progress=bar,
            )
    rows = ", ".join(f"{k} {v:,}" for k, v in result.rows.items())
    console.print(f"{result.out_dir}: {rows}", highlight=False, markup=False, soft_wrap=True)
    if hypotheses:
        _report(result.out_dir, result.out_dir, figures=True, as_json=False, max_runs=max_runs)


def _report(run_dir: Path, out_dir: Path, *, figures: bool, as_json: bool, max_runs: int) -> None:
    from alliancelab.analysis.world_tests import hypotheses_frame
    from alliancelab.sim.hypotheses import format_table, run_hypotheses, runs_used, write_hypotheses

    limit = max_runs or None
    used, total = runs_used(run_dir, limit)
    pairs = run_hypotheses(run_dir, max_runs=limit)
    if as_json:
        print_json([{**r.to_dict(), "test_id": h.test_id} for h, r in pairs])
        return
    drawings: dict[str, Any] = {}
    if figures:
        from alliancelab.report.sim_plots import hypotheses_figure

        def draw(frame: Any, path: Path) -> None:
            hypotheses_figure(frame, path, title=run_dir.name)

        drawings = {"png": draw, "svg": draw}
    paths = write_hypotheses(pairs, out_dir, figures=drawings)
    sys.stdout.write(format_table(hypotheses_frame(pairs)))
    if used < total:
        console.print(
            f"estimated on runs 0-{used - 1} of {total:,} (independent draws, so a random sample of them); "
            "--max-runs N to change, 0 for all",
            highlight=False,
            markup=False,
            soft_wrap=True,
        )
    written = [str(p) for p in paths.values()]
    console.print(f"tables and figures: {', '.join(written)}", highlight=False, markup=False, soft_wrap=True)


def hypotheses_command(
    run_dir: Path = typer.Argument(
        ..., metavar="RUN_DIR", help="A finished run directory (with manifest.json)."
    ),
    out: Path | None = typer.Option(
        None, "--out", metavar="DIR", help="Folder for the table and figures (default: RUN_DIR)."
    ),
    figures: bool = typer.Option(True, "--figures/--no-figures", help="Write hypotheses.png and .svg."),
    as_json: bool = typer.Option(False, "--json", help="Print the results as JSON (nothing written)."),
    max_runs: int = _max_runs_option(),
) -> None:
    """Estimate the seeds' predictions on a simulated run: claim, seed, estimate, 95% CI, n, holds."""
    check_output_dir(out if out is not None else run_dir, "--out" if out is not None else "RUN_DIR")
    _report(run_dir, out if out is not None else run_dir, figures=figures, as_json=as_json, max_runs=max_runs)


def sweep_command(
    scenario: str = typer.Argument(
        ..., metavar="NAME|FILE", help="A shipped scenario or a TOML file (the base of the grid)."
    ),
    grid: list[str] = typer.Option(
        ...,
        "--grid",
        metavar="TABLE.FIELD=V1,V2,...",
        help="TABLE.FIELD=v1,v2,... (repeatable: the cells are all combinations).",
    ),
    runs: int | None = typer.Option(
        None, "--runs", min=1, metavar="N", help="Runs per cell (overrides the file)."
    ),
    years: int | None = typer.Option(
        None, "--years", min=1, metavar="N", help="Horizon in years (overrides the file)."
    ),
    sets: list[str] = typer.Option(
        None, "--set", metavar="TABLE.FIELD=VALUE", help="TABLE.FIELD=VALUE for every cell, repeatable."
    ),
    out: Path | None = typer.Option(
        None, "--out", metavar="DIR", help="Sweep folder (default: alliancelab-out/NAME-sweep-HASH)."
    ),
    chunk_size: int = typer.Option(32, "--chunk-size", min=1, metavar="N", help="Runs per chunk."),
    workers: int = typer.Option(1, "--workers", min=1, metavar="N", help="Local Dask worker processes."),
    scheduler: str | None = typer.Option(
        None, "--scheduler", metavar="ADDRESS", help="Address of a running Dask scheduler."
    ),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Progress bars on stderr."),
    max_runs: int = _max_runs_option(),
) -> None:
    """Run a grid of scenario variants (one run directory per cell) and a combined hypotheses table."""
    from alliancelab.io import atomic_write
    from alliancelab.report.sim_plots import sweep_figure
    from alliancelab.sim.hypotheses import format_table
    from alliancelab.sim.runner import check_scheduler, run_scenario
    from alliancelab.sim.scenario import load_scenario
    from alliancelab.sim.sweep import cell_name, parse_grid, prepare_sweep, sweep_hypotheses

    check_output_dir(out)
    base = _with_options(load_scenario(scenario), runs, years, None, sets)
    spec = parse_grid(grid)
    target = (
        out
        if out is not None
        else DEFAULT_OUT / f"{_run_id(base)}-sweep-{hashlib.sha256(repr(spec).encode()).hexdigest()[:6]}"
    )
    # every cell validated, the total work bounded and the folder checked (or made) before any run starts
    check_scheduler(scheduler)
    planned = prepare_sweep(base, spec, target)
    results = []
    for cell, world in planned:  # sim.sweep.run_sweep's loop, with a progress bar per cell
        with _progress_bar(progress, cell_name(cell)) as bar:
            result = run_scenario(
                world,
                target / cell_name(cell),
                chunk_size=chunk_size,
                workers=workers,
                scheduler=scheduler,
                progress=bar,
            )
        results.append((cell, result))
    combined = sweep_hypotheses(results, max_runs=max_runs or None)
    with atomic_write(target / "hypotheses.csv") as handle:
        combined.to_csv(handle, index=False)
    with atomic_write(target / "hypotheses.md") as handle:
        handle.write(
            format_table(combined.assign(test=combined["test"] + " @ " + combined["cell"]), "markdown")
        )
    for suffix in ("png", "svg"):
        sweep_figure(combined, target / f"hypotheses.{suffix}")
    sys.stdout.write(format_table(combined.assign(test=combined["test"] + " @ " + combined["cell"])))
    console.print(
        f"{len(results)} cells in {target}; combined table and figures: {target}/hypotheses.*",
        highlight=False,
        markup=False,
        soft_wrap=True,
    )
