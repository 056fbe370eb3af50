"""A run's manifest and directory are checked before anything reads or regenerates them (one-line errors)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from alliancelab.errors import ParameterError, UserInputError
from alliancelab.sim.hypotheses import runs_used
from alliancelab.sim.manifest import check_run_dir, expected_parts
from alliancelab.sim.runner import open_run, regenerate, run_scenario
from alliancelab.sim.scenario import load_scenario, with_overrides
from alliancelab.sim.tables import TABLES

TINY = {"scenario.runs": 3, "scenario.years": 4, "scenario.states": 6}


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("manifest") / "run"
    run_scenario(with_overrides(load_scenario("unipolar-1990s"), TINY), out, chunk_size=2)
    return out


@pytest.fixture
def copy(tiny_run: Path, tmp_path: Path) -> Path:
    """A copy of the tiny run, free to damage."""
    return Path(shutil.copytree(tiny_run, tmp_path / "copy"))


def _edit_manifest(run_dir: Path, edit: Any) -> Path:
    path = run_dir / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    edit(manifest)
    path.write_text(json.dumps(manifest), encoding="utf-8")
    return path


def test_the_manifest_records_every_part_its_size_and_the_parquet_writer(tiny_run: Path) -> None:
    import pyarrow  # type: ignore[import-untyped]

    manifest = json.loads((tiny_run / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["pyarrow"] == pyarrow.__version__  # it writes the bytes regeneration compares
    assert sorted(manifest["files"]) == sorted(expected_parts(3, 2)) and len(manifest["files"]) == 2 * len(
        TABLES
    )
    assert manifest["sizes"] == {part: (tiny_run / part).stat().st_size for part in manifest["files"]}


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda m: m.pop("files"), "field 'files' is missing: expected the SHA-256 of each of the run's 14"),
        (lambda m: m.update(files={}), "field 'files' = {}: expected the SHA-256"),
        (lambda m: m.pop("runs"), "field 'runs' is missing: expected a whole number >= 1"),
        (lambda m: m.update(chunk_size=0), "field 'chunk_size' = 0: expected a whole number >= 1"),
        (lambda m: m.update(runs=5), "no hash of state_years/part-00002.parquet, one of the 21 parts"),
        (
            lambda m: m["params"]["scenario"].update(runs=2),
            "field 'runs' = 3 but the scenario in field 'params'",
        ),
        (lambda m: m["params"]["hegemon"].update(budget=-1), "field 'params': field 'hegemon.budget'"),
        (lambda m: m.pop("params"), "field 'params' is missing"),
        (
            lambda m: m["files"].update({"votes/part-00009.parquet": "0" * 64}),
            "is no part of a run of 3 runs",
        ),
        (lambda m: m["files"].update({"votes/part-00000.parquet": "abc"}), "'abc' is not a SHA-256"),
    ],
)
def test_regenerating_checks_the_manifest_before_simulating(
    copy: Path, tmp_path: Path, edit: Any, message: str
) -> None:
    path = _edit_manifest(copy, edit)
    with pytest.raises(UserInputError, match="^" + str(path).replace("\\", "\\\\")) as err:
        regenerate(path, tmp_path / "again")
    assert message in str(err.value) and "\n" not in str(err.value)
    assert not (tmp_path / "again").exists()  # nothing simulated, nothing written


def test_regeneration_takes_everything_from_the_manifest(tiny_run: Path, tmp_path: Path) -> None:
    again = regenerate(tiny_run / "manifest.json", tmp_path / "again", workers=1)
    assert (
        again.manifest["chunk_size"] == 2
        and again.manifest["files"]
        == json.loads((tiny_run / "manifest.json").read_text(encoding="utf-8"))["files"]
    )
    with pytest.raises(TypeError):
        regenerate(tiny_run / "manifest.json", tmp_path / "other", chunk_size=1)  # type: ignore[call-arg]


def test_a_missing_part_is_named_and_the_same_run_redoes_its_chunk(copy: Path) -> None:
    (copy / "state_years" / "part-00001.parquet").unlink()
    with pytest.raises(UserInputError, match=r"state_years/part-00001.parquet is missing \(1 of its 14"):
        check_run_dir(copy)
    with pytest.raises(UserInputError, match="run the same `alliancelab run` command again"):
        runs_used(copy)  # what `hypotheses` calls first: never an estimate on part of the runs
    recorded = json.loads((copy / "manifest.json").read_text(encoding="utf-8"))["files"]
    redone = run_scenario(with_overrides(load_scenario("unipolar-1990s"), TINY), copy, chunk_size=2)
    assert redone.manifest["resumed_chunks"] == 1 and redone.manifest["files"] == recorded
    assert check_run_dir(copy) == copy


def test_an_emptied_table_folder_is_an_incomplete_run(copy: Path) -> None:
    for part in (copy / "votes").iterdir():
        part.unlink()
    with pytest.raises(UserInputError, match=r"votes/part-00000.parquet is missing \(2 of its 14"):
        open_run(copy)


def test_a_part_cut_short_is_a_damaged_run(copy: Path) -> None:
    part = copy / "events" / "part-00000.parquet"
    size = part.stat().st_size
    part.write_bytes(part.read_bytes()[:100])
    with pytest.raises(
        UserInputError,
        match=f"a damaged run: .*part-00000.parquet has 100 bytes where the run wrote {size:,}",
    ):
        check_run_dir(copy)


def test_a_stray_file_in_a_table_folder_is_refused(copy: Path) -> None:
    (copy / "events" / "notes.txt").write_text("mine\n", encoding="utf-8")
    with pytest.raises(UserInputError, match=r"events/notes.txt: not a part of the run .*; move it out"):
        check_run_dir(copy)
    (copy / "events" / "notes.txt").unlink()
    (copy / "events" / ".hidden").write_text("pyarrow skips it\n", encoding="utf-8")
    assert check_run_dir(copy) == copy


@pytest.mark.parametrize("max_runs", [0, -1, 2.5, True, "2"])
def test_max_runs_is_a_whole_number_of_runs_or_none(tiny_run: Path, max_runs: object) -> None:
    with pytest.raises(ParameterError, match=f"max_runs = {max_runs!r}: give a whole number of runs >= 1"):
        open_run(tiny_run, max_runs=max_runs)  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match="max_runs"):
        runs_used(tiny_run, max_runs)  # type: ignore[arg-type]


def test_open_run_names_an_unknown_table_and_takes_a_numpy_integer(tiny_run: Path) -> None:
    with pytest.raises(
        UserInputError, match="no table 'nope' in a run; its tables are state_years, dyad_years"
    ):
        open_run(tiny_run, tables=("nope",))
    one = open_run(tiny_run, tables="state_years", max_runs=np.int64(1))  # type: ignore[arg-type]
    assert list(one) == ["state_years"] and set(one["state_years"]["run"]) == {0}
    assert isinstance(one["state_years"], pd.DataFrame)


def test_the_run_report_refuses_a_partial_run(copy: Path) -> None:
    from alliancelab.report.html_sim import run_info

    assert run_info(copy)["runs"] == 3
    (copy / "payments" / "part-00000.parquet").unlink()
    with pytest.raises(UserInputError, match=r"payments/part-00000.parquet is missing"):
        run_info(copy)
