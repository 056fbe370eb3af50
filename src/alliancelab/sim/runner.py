"""Run a scenario: chunks of runs, streamed to Parquet, resumable, on one core or a Dask cluster.

Layout of a run directory (``alliancelab-out/<run-id>/``)::

    scenario.json                 the validated scenario (written first; a resume must match it)
    <table>/part-NNNNN.parquet    one part per chunk and table (state_years, dyad_years, events, ...)
    _chunks/NNNNN.json            written last for a chunk: its runs, row counts and file hashes
    manifest.json                 scenario, seeds, package versions, timings, row counts, hashes and sizes
                                  (written at the end; checked by :mod:`~alliancelab.sim.manifest`)
    world.duckdb                  DuckDB views over the Parquet parts (one per table)

Run ``i`` draws from ``SeedSequence(seed).spawn(runs)[i]`` whatever chunk it is in, and every array
operation is elementwise over runs, so the tables do not depend on the number of workers or on the chunk
size. A chunk's files are written atomically and its marker last: a killed run leaves only complete
chunks, and the same command resumes with the chunks that have no marker (or whose parts went missing).
"""

from __future__ import annotations

import hashlib
import json
import operator
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, SupportsIndex

from alliancelab._validate import range_checks
from alliancelab.errors import ParameterError, UserInputError
from alliancelab.io import atomic_path, write_json
from alliancelab.provenance import run_record
from alliancelab.sim.manifest import check_run_dir, read_manifest
from alliancelab.sim.scenario import Scenario, scenario_from_dict
from alliancelab.sim.step import YearLog, advance
from alliancelab.sim.tables import TABLES, chunk_tables
from alliancelab.sim.world import draw_run_shocks, init_state, run_generators

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "RunResult",
    "check_max_runs",
    "check_run_dir",
    "check_scheduler",
    "chunk_plan",
    "open_run",
    "read_run_table",
    "regenerate",
    "run_scenario",
    "simulate_chunk",
]

Progress = Callable[[int, int], None]
DEFAULT_CHUNK_SIZE = 32  # runs a worker simulates and holds in memory at once (`--chunk-size`)
_ADDRESS = re.compile(r"^([a-z]+://\S+|[^\s/:]+:\d+)$")  # a Dask scheduler: protocol://... or host:port


def check_scheduler(scheduler: str | None) -> None:
    """A one-line error unless ``scheduler`` is ``None`` or looks like a Dask scheduler's address."""
    if scheduler is not None and not _ADDRESS.match(scheduler):
        raise UserInputError(f"--scheduler {scheduler!r}: expected an address such as tcp://10.0.0.5:8786")


def chunk_plan(runs: int, chunk_size: int) -> list[tuple[int, int]]:
    """``[(start, stop), ...]`` covering ``range(runs)`` in chunks of ``chunk_size`` runs."""
    if chunk_size < 1:
        raise UserInputError(f"--chunk-size = {chunk_size}: need at least 1 run per chunk")
    return [(s, min(s + chunk_size, runs)) for s in range(0, runs, chunk_size)]


def simulate_chunk(scenario: Scenario, start: int, stop: int) -> list[YearLog]:
    """Simulate runs ``start..stop-1`` over the whole horizon; returns the year logs."""
    years = scenario.scenario.years
    rngs = run_generators(scenario.scenario.seed, range(start, stop))
    state = init_state(scenario, rngs)  # each run's population first, from its own generator
    shocks = draw_run_shocks(scenario, years, rngs)  # then each run's shocks, from its own generator
    logs = []
    for t in range(years):
        # the first year is checked (the boundary); later years build the same parameter objects from
        # arrays the stages computed themselves, so their domain checks are skipped (same results)
        with range_checks(t == 0):
            state, log = advance(state, scenario, shocks.year(t))
        logs.append(log)
    return logs


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_parquet(table: Any, target: Path) -> None:
    import pyarrow as pa  # type: ignore[import-untyped]
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    # dictionary pages and min/max statistics only for keys, flags and labels: a float column has nearly as
    # many distinct values as rows, so a dictionary is tried and dropped (half the write time), and its
    # statistics skip nothing in a file that is one row group
    keyed = [f.name for f in table.schema if not pa.types.is_floating(f.type)]
    with atomic_path(target) as tmp:
        pq.write_table(table, tmp, compression="zstd", use_dictionary=keyed, write_statistics=keyed)


def run_chunk(
    scenario_data: dict[str, Any], out_dir: str, index: int, start: int, stop: int
) -> dict[str, Any]:
    """Simulate one chunk and write its parts and marker (runs on a Dask worker or in-process)."""
    scenario = scenario_from_dict(scenario_data)
    began = time.perf_counter()
    logs = simulate_chunk(scenario, start, stop)
    frames = chunk_tables(logs, scenario, start)
    simulated = time.perf_counter() - began
    root = Path(out_dir)
    files, sizes, rows = {}, {}, {}
    for name in TABLES:
        target = root / name / f"part-{index:05d}.parquet"
        _write_parquet(frames[name], target)
        files[f"{name}/{target.name}"] = _sha256(target)
        sizes[f"{name}/{target.name}"] = target.stat().st_size
        rows[name] = frames[name].num_rows
    info = {
        "chunk": index,
        "runs": [start, stop],
        "rows": rows,
        "files": files,
        "sizes": sizes,
        "seconds_simulating": simulated,
        "seconds_total": time.perf_counter() - began,
    }
    write_json(info, root / "_chunks" / f"{index:05d}.json")
    return info


@dataclass(frozen=True, slots=True)
class RunResult:
    """Where a run went and what it holds."""

    out_dir: Path
    manifest: dict[str, Any]

    @property
    def rows(self) -> dict[str, int]:
        rows: dict[str, int] = self.manifest["rows"]
        return rows


def _prepare(scenario: Scenario, out_dir: Path) -> dict[int, dict[str, Any]]:
    """Create the run directory or check that it holds the same scenario; the chunks already done."""
    data = scenario.model_dump(mode="json")
    saved = out_dir / "scenario.json"
    if saved.exists():
        previous = json.loads(saved.read_text(encoding="utf-8"))
        if previous != data:
            raise UserInputError(
                f"{out_dir} holds a run of another scenario (or other settings); choose another --out or "
                "delete it to start again"
            )
    else:
        entries = list(out_dir.iterdir()) if out_dir.is_dir() else []
        # never mix tables into (or clean up) a user's folder; a scenario.json cut short by a kill is ours
        if any(not p.name.startswith(".scenario.") for p in entries):
            raise UserInputError(
                f"{out_dir} is a folder that holds no run (no scenario.json); give a new or empty folder"
            )
        out_dir.mkdir(parents=True, exist_ok=True)
        write_json(data, saved)
    for stale in out_dir.glob("*/.*.tmp*"):  # a write cut short by a kill: never part of a finished chunk
        stale.unlink(missing_ok=True)
    done = {}
    for marker in sorted((out_dir / "_chunks").glob("*.json")):
        info = json.loads(marker.read_text(encoding="utf-8"))
        if all(_intact(out_dir / part, info.get("sizes", {}).get(part)) for part in info["files"]):
            done[int(info["chunk"])] = info  # else a part went missing since: the chunk is done again
    return done


def _intact(part: Path, size: int | None) -> bool:
    """Whether a chunk's part is on disk with the size it was written with (if that was recorded)."""
    try:
        return size is None or part.stat().st_size == size
    except FileNotFoundError:
        return False


def _execute(
    tasks: list[tuple[int, int, int]],
    data: dict[str, Any],
    out_dir: Path,
    workers: int | None,
    scheduler: str | None,
    on_chunk: Callable[[dict[str, Any]], None],
) -> None:
    if not tasks:
        return
    if scheduler is None and (workers is None or workers <= 1):
        for index, start, stop in tasks:
            on_chunk(run_chunk(data, str(out_dir), index, start, stop))
        return
    import importlib

    distributed: Any = importlib.import_module("distributed")  # optional dependency, untyped
    Client, LocalCluster, as_completed = (
        distributed.Client,
        distributed.LocalCluster,
        distributed.as_completed,
    )
    cluster = None
    if scheduler is not None:
        try:
            client = Client(scheduler, timeout="20s")
        except (OSError, ValueError, TimeoutError) as err:
            raise UserInputError(f"--scheduler {scheduler}: cannot connect ({err})") from None
    else:
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
        )
        client = Client(cluster)
    try:
        futures = [
            client.submit(run_chunk, data, str(out_dir.resolve()), index, start, stop, pure=False)
            for index, start, stop in tasks
        ]
        for future in as_completed(futures):
            on_chunk(future.result())
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def run_scenario(
    scenario: Scenario,
    out_dir: str | Path,
    *,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: Progress | None = None,
) -> RunResult:
    """Simulate every run of ``scenario`` into ``out_dir`` (resuming a killed run), then write the manifest.

    ``workers`` > 1 starts a local Dask cluster of that many single-threaded processes; ``scheduler`` is
    the address of an existing Dask scheduler (``tcp://host:8786``, e.g. from dask-jobqueue on SLURM).
    ``progress(runs_done, runs_total)`` is called after every chunk.
    """
    out = Path(out_dir)
    check_scheduler(scheduler)  # before the run folder is made
    plan = chunk_plan(scenario.scenario.runs, chunk_size)
    done = _prepare(scenario, out)
    stale = [i for i, info in done.items() if i >= len(plan) or info["runs"] != list(plan[i])]
    if stale:
        raise UserInputError(f"{out} was written with another --chunk-size; use the same one to resume")
    total = scenario.scenario.runs
    runs_done = sum(stop - start for i, (start, stop) in enumerate(plan) if i in done)
    began = time.perf_counter()
    if progress is not None:
        progress(runs_done, total)

    def on_chunk(info: dict[str, Any]) -> None:
        nonlocal runs_done
        done[int(info["chunk"])] = info
        runs_done += info["runs"][1] - info["runs"][0]
        if progress is not None:
            progress(runs_done, total)

    tasks = [(i, start, stop) for i, (start, stop) in enumerate(plan) if i not in done]
    _execute(tasks, scenario.model_dump(mode="json"), out, workers, scheduler, on_chunk)
    wall = time.perf_counter() - began
    chunks = [done[i] for i in range(len(plan))]
    rows = {name: sum(c["rows"][name] for c in chunks) for name in TABLES}
    files = {path: digest for c in chunks for path, digest in c["files"].items()}
    sizes = {path: size for c in chunks for path, size in c.get("sizes", {}).items()}
    manifest = run_record(
        seed=scenario.scenario.seed,
        params=scenario.model_dump(mode="json"),
        packages=("pyarrow",),  # it writes the Parquet bytes that regeneration compares
        runs=total,
        chunk_size=chunk_size,
        seeds="numpy.random.SeedSequence(seed).spawn(runs)[i] for run i",
        workers=workers or 1,
        scheduler=scheduler,
        resumed_chunks=len(plan) - len(tasks),
        timings={
            "wall_seconds_this_session": wall,
            "chunk_seconds": [c["seconds_total"] for c in chunks],
            "state_years": total * scenario.scenario.states * scenario.scenario.years,
        },
        rows=rows,
        files=files,
        sizes=sizes,
        tables=list(TABLES),
    )
    write_json(manifest, out / "manifest.json")
    _write_duckdb(out)
    return RunResult(out, manifest)


def _write_duckdb(out: Path) -> None:
    """``world.duckdb`` with one view per table over its Parquet parts (absolute paths: see
    :mod:`alliancelab.sim.database`, whose ``connect_run`` makes the same views for a moved run)."""
    import duckdb

    from alliancelab.sim.database import view_sql  # that module reads runs, so it imports this one

    with atomic_path(out / "world.duckdb") as tmp:
        tmp.unlink()
        con = duckdb.connect(str(tmp))
        try:
            for name in TABLES:
                con.execute(view_sql(name, out / name))
        finally:
            con.close()


def check_max_runs(max_runs: object) -> int | None:
    """``max_runs`` if it is a whole number >= 1 or ``None`` (every run), else a one-line error."""
    if max_runs is None:
        return None
    whole = isinstance(max_runs, SupportsIndex) and not isinstance(max_runs, bool)  # int, numpy integer
    if whole and operator.index(max_runs) >= 1:  # type: ignore[arg-type]
        return operator.index(max_runs)  # type: ignore[arg-type]
    raise ParameterError(
        f"max_runs = {max_runs!r}: give a whole number of runs >= 1 (the first N), or None for every run",
        field="max_runs",
    )


def _check_table(name: str) -> None:
    if name not in TABLES:
        raise UserInputError(f"no table {name!r} in a run; its tables are {', '.join(TABLES)}")


def read_run_table(
    root: Path, name: str, columns: list[str] | None = None, *, max_runs: int | None = None
) -> Any:
    """One table of a finished run as a pandas frame (runs ``0..max_runs-1`` only, if given); a damaged
    Parquet part is one line naming it."""
    import pandas as pd

    _check_table(name)
    max_runs = check_max_runs(max_runs)
    source: Any = root / name
    filters = None
    if max_runs is not None:
        # part i holds runs i*chunk_size onwards, so the parts past the first max_runs runs are not opened at
        # all (a filter alone would still open each to read its statistics); the filter cuts the last part
        chunk = int(json.loads((root / "manifest.json").read_text(encoding="utf-8"))["chunk_size"])
        source = [str(root / name / f"part-{i:05d}.parquet") for i in range(-(-max_runs // chunk))]
        source = [path for path in source if Path(path).is_file()]  # fewer parts than that: all of them
        filters = [("run", "<", max_runs)]
    try:
        return pd.read_parquet(source, columns=columns, filters=filters)
    except (OSError, ValueError) as err:  # pyarrow's ArrowInvalid is a ValueError
        reason = str(err).split("\n")[0].split(". ")[0]  # pyarrow's messages run over several lines
        raise UserInputError(f"{root / name}: a damaged table of the run ({reason}); run it again") from None


def open_run(
    run_dir: str | Path, tables: tuple[str, ...] | str = TABLES, *, max_runs: int | None = None
) -> dict[str, Any]:
    """The tables of a finished run as pandas frames (table name -> frame), of its first ``max_runs`` runs if
    given: a run of 10,000 runs of 150 states x 70 years is about 10 GB of Parquet, more in memory.

    ``tables`` are names of :data:`~alliancelab.sim.tables.TABLES` (or one name); ``max_runs`` a whole number
    >= 1 or ``None``. The run is checked first (:func:`~alliancelab.sim.manifest.check_run_dir`): a part
    missing or cut short is an error, never a table with fewer runs."""
    names = (tables,) if isinstance(tables, str) else tuple(tables)  # one name is one table, not letters
    for name in names:
        _check_table(name)
    max_runs = check_max_runs(max_runs)
    root = check_run_dir(run_dir)
    return {name: read_run_table(root, name, max_runs=max_runs) for name in names}


def regenerate(
    manifest_path: str | Path,
    out_dir: str | Path,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: Progress | None = None,
) -> RunResult:
    """Re-run the scenario a manifest records into ``out_dir``; raises if any file differs (bit for bit).

    Everything that shapes the tables (the scenario, its runs and seed, the chunk size) comes from the
    manifest, which is checked before anything is simulated; only where the work runs can be chosen."""
    path = Path(manifest_path)
    manifest = read_manifest(path)
    scenario = scenario_from_dict(manifest["params"], f"{path}: field 'params'")
    if scenario.scenario.runs != manifest["runs"]:
        raise UserInputError(
            f"{path}: field 'runs' = {manifest['runs']} but the scenario in field 'params' has "
            f"{scenario.scenario.runs} runs; not the manifest of a finished run (`alliancelab run` writes it)"
        )
    target = Path(out_dir)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        # resuming into the run itself would compare the run with itself: a check that cannot fail
        raise UserInputError(f"{target}: exists; regenerating needs a new folder")
    result = run_scenario(
        scenario,
        out_dir,
        chunk_size=manifest["chunk_size"],
        workers=workers,
        scheduler=scheduler,
        progress=progress,
    )
    recorded: dict[str, str] = manifest["files"]
    made: dict[str, str] = result.manifest["files"]
    differ = sorted(k for k in recorded.keys() | made.keys() if recorded.get(k) != made.get(k))
    if differ:
        raise UserInputError(f"regenerated tables differ from {path}: {', '.join(differ[:5])}")
    return result
