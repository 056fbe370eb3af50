"""A sweep's folder: made for it and its plan recorded, resumed by the same sweep, refused otherwise."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from alliancelab.errors import UserInputError
from alliancelab.sim.runner import run_scenario
from alliancelab.sim.scenario import load_scenario, with_overrides
from alliancelab.sim.sweep import prepare_sweep, run_sweep

TINY = {"scenario.runs": 2, "scenario.years": 3, "scenario.states": 5}
GRID = {"hegemon.budget": [1000, 2000]}


@pytest.fixture
def base():  # type: ignore[no-untyped-def]
    return with_overrides(load_scenario("unipolar-1990s"), TINY)


def test_the_same_sweep_resumes_in_its_folder(base, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first = run_sweep(base, GRID, tmp_path / "sweep", chunk_size=1)
    plan = json.loads((tmp_path / "sweep" / "sweep.json").read_text(encoding="utf-8"))
    assert plan["grid"] == GRID and plan["cells"] == ["hegemon.budget=1000", "hegemon.budget=2000"]
    again = run_sweep(base, GRID, tmp_path / "sweep", chunk_size=1)
    assert [r.manifest["resumed_chunks"] for _, r in again] == [2, 2]  # nothing simulated twice
    assert [r.manifest["files"] for _, r in again] == [r.manifest["files"] for _, r in first]


def test_a_folder_holding_anything_else_is_refused_before_any_run(base, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("my notes\n", encoding="utf-8")
    with pytest.raises(
        UserInputError, match=r"mine is a folder that holds no sweep \(no sweep.json\); give a new"
    ):
        run_sweep(base, GRID, mine)
    run = tmp_path / "run"
    run_scenario(base, run)
    with pytest.raises(UserInputError, match="run is a folder that holds a run; give a new or empty folder"):
        prepare_sweep(base, GRID, run)
    assert sorted(p.name for p in mine.iterdir()) == ["notes.txt"]
    prepare_sweep(base, GRID, tmp_path / "sweep")
    for other, grid in [
        (with_overrides(base, {"scenario.runs": 3}), GRID),
        (base, {"hegemon.budget": [1000, 3000]}),
    ]:
        with pytest.raises(UserInputError, match=r"sweep holds another sweep .*; choose another --out"):
            prepare_sweep(other, grid, tmp_path / "sweep")
    assert sorted(p.name for p in (tmp_path / "sweep").iterdir()) == ["sweep.json"]  # no cell was started


def test_an_unreadable_plan_is_named_as_such(base, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    prepare_sweep(base, GRID, tmp_path / "sweep")
    (tmp_path / "sweep" / "sweep.json").write_text('{"base": ', encoding="utf-8")  # cut short by hand
    with pytest.raises(UserInputError, match=r"sweep.json: not a readable sweep plan"):
        prepare_sweep(base, GRID, tmp_path / "sweep")
