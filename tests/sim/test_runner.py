"""Running a scenario: the same tables for any chunking or worker count, resume after a kill, regeneration."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from alliancelab.errors import UserInputError
from alliancelab.sim.runner import open_run, regenerate, run_scenario
from alliancelab.sim.scenario import Scenario
from alliancelab.sim.tables import TABLES

WORLD = {
    "scenario": {"name": "tiny", "states": 25, "runs": 6, "years": 12, "seed": 3},
    "rival": {"budget": 2000.0, "ideal_point": 0.1, "entry_year": 4},
    "events": {"crisis_rate": 0.3, "candidates": 5},
}


def _tables(run_dir: Path) -> dict[str, pd.DataFrame]:
    return open_run(run_dir)


def test_tables_do_not_depend_on_the_chunk_size(tmp_path: Path) -> None:
    scenario = Scenario.model_validate(WORLD)
    one = run_scenario(scenario, tmp_path / "a", chunk_size=1)
    four = run_scenario(scenario, tmp_path / "b", chunk_size=4)
    assert one.rows == four.rows and one.rows["state_years"] == 6 * 25 * 12
    a, b = _tables(tmp_path / "a"), _tables(tmp_path / "b")
    for name in TABLES:
        pd.testing.assert_frame_equal(a[name], b[name], check_exact=True)


def test_one_two_and_four_dask_workers_write_identical_parquet(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    scenario = Scenario.model_validate(WORLD)
    serial = run_scenario(scenario, tmp_path / "w1", chunk_size=2)
    hashes = {}
    for workers in (2, 4):
        with distributed.LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster:
            result = run_scenario(
                scenario, tmp_path / f"w{workers}", chunk_size=2, scheduler=cluster.scheduler_address
            )
        hashes[workers] = result.manifest["files"]
    assert serial.manifest["files"] == hashes[2] == hashes[4]  # byte-identical Parquet parts


def test_a_run_is_regenerated_bit_for_bit_from_its_manifest(tmp_path: Path) -> None:
    scenario = Scenario.model_validate(WORLD)
    first = run_scenario(scenario, tmp_path / "first", chunk_size=3)
    again = regenerate(tmp_path / "first" / "manifest.json", tmp_path / "again")
    assert again.manifest["files"] == first.manifest["files"]
    manifest = json.loads((tmp_path / "first" / "manifest.json").read_text())
    assert manifest["seed"] == 3 and manifest["params"]["scenario"]["runs"] == 6
    assert manifest["rows"] == first.rows and "alliancelab_version" in manifest and manifest["timings"]
    con = duckdb.connect(str(tmp_path / "first" / "world.duckdb"), read_only=True)
    count = con.execute("SELECT count(*) FROM state_years WHERE us_ally = 1").fetchone()
    con.close()
    assert count is not None and count[0] == int(_tables(tmp_path / "first")["state_years"]["us_ally"].sum())


def test_a_resume_needs_the_same_scenario_and_chunk_size(tmp_path: Path) -> None:
    scenario = Scenario.model_validate(WORLD)
    run_scenario(scenario, tmp_path / "r", chunk_size=2)
    with pytest.raises(UserInputError, match="another scenario"):
        run_scenario(
            Scenario.model_validate({**WORLD, "scenario": {**WORLD["scenario"], "seed": 4}}), tmp_path / "r"
        )
    with pytest.raises(UserInputError, match="chunk-size"):
        run_scenario(scenario, tmp_path / "r", chunk_size=3)


def test_a_killed_run_resumes_without_losing_or_duplicating_runs(tmp_path: Path) -> None:
    runs = 40  # enough one-run chunks that the kill lands mid-run however fast the engine is
    world = {**WORLD, "scenario": {**WORLD["scenario"], "runs": runs, "years": 15, "states": 30}}
    toml = tmp_path / "world.toml"
    toml.write_text(
        "\n".join(
            f"[{table}]\n" + "\n".join(f"{k} = {json.dumps(v)}" for k, v in fields.items())
            for table, fields in world.items()
        ),
        encoding="utf-8",
    )
    out = tmp_path / "killed"
    command = [
        sys.executable,
        "-m",
        "alliancelab",
        "run",
        str(toml),
        "--out",
        str(out),
        "--chunk-size",
        "1",
        "--no-progress",
    ]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list((out / "_chunks").glob("*.json"))) < 2:
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)  # no clean-up at all: as if the machine went down
    process.wait()
    done_before = len(list((out / "_chunks").glob("*.json")))
    assert 2 <= done_before < runs and not (out / "manifest.json").exists()
    # what a kill in the middle of a write leaves behind
    (out / "state_years" / f".part-{runs - 1:05d}.x.tmp.parquet").write_bytes(b"cut short")
    resumed = run_scenario(Scenario.model_validate(world), out, chunk_size=1)
    assert not list(out.glob("*/.*.tmp*"))
    assert resumed.manifest["resumed_chunks"] == done_before
    fresh = run_scenario(Scenario.model_validate(world), tmp_path / "fresh", chunk_size=1)
    assert resumed.manifest["files"] == fresh.manifest["files"]
    rows = _tables(out)["state_years"].groupby("run").size()
    assert list(rows.index) == list(range(runs)) and (rows == 30 * 15).all()  # every run once
