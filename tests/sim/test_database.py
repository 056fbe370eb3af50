"""connect_run: the run's views over its parts where the run is now (world.duckdb keeps absolute paths)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from alliancelab.errors import UserInputError
from alliancelab.sim import connect_run, load_scenario, run_scenario, with_overrides
from alliancelab.sim.tables import TABLES


def test_a_moved_run_is_read_where_it_is_now(tmp_path: Path) -> None:
    world = with_overrides(
        load_scenario("unipolar-1990s"), {"scenario.runs": 2, "scenario.years": 4, "scenario.states": 12}
    )
    result = run_scenario(world, tmp_path / "first")
    moved = tmp_path / "moved"
    shutil.copytree(result.out_dir, moved)
    shutil.rmtree(result.out_dir)
    stale = duckdb.connect(str(moved / "world.duckdb"), read_only=True)
    with pytest.raises(duckdb.IOException):  # the stored views still point at the old place
        stale.execute("SELECT count(*) FROM state_years").fetchone()
    stale.close()
    con = connect_run(moved)
    for name in TABLES:
        count = con.execute(f"SELECT count(*) FROM {name}").fetchone()
        assert count is not None and count[0] == result.rows[name], name
    con.close()


def test_a_folder_that_is_no_run_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UserInputError, match="not a finished run directory"):
        connect_run(tmp_path)


def test_a_killed_writes_leftover_is_not_read(tmp_path: Path) -> None:
    """A write killed before its rename leaves ``.part-NNNNN.*.tmp.parquet``: DuckDB would read it."""
    world = with_overrides(
        load_scenario("unipolar-1990s"), {"scenario.runs": 2, "scenario.years": 3, "scenario.states": 8}
    )
    result = run_scenario(world, tmp_path / "run")
    part = result.out_dir / "state_years" / "part-00000.parquet"
    shutil.copy(part, part.parent / ".part-00000.k3j2.tmp.parquet")
    for con in (connect_run(result.out_dir), duckdb.connect(str(result.out_dir / "world.duckdb"))):
        count = con.execute("SELECT count(*) FROM state_years").fetchone()
        assert count is not None and count[0] == result.rows["state_years"]
        con.close()
