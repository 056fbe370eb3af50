"""`alliancelab hypotheses` on a large run: the tests read the first ``--max-runs`` runs, and say so."""

from __future__ import annotations

import inspect
import json
import shutil
from pathlib import Path

import pytest

import alliancelab.analysis.world_support_tests
import alliancelab.analysis.world_tests  # noqa: F401  (the two modules register the S-* tests)
from alliancelab.analysis.registry import registered
from alliancelab.commands import sim as sim_commands
from alliancelab.errors import UserInputError
from alliancelab.sim.hypotheses import COLUMNS, DEFAULT_MAX_RUNS, load_test_tables, run_hypotheses, runs_used
from alliancelab.sim.runner import open_run, run_scenario
from alliancelab.sim.scenario import load_scenario, with_overrides


@pytest.fixture(scope="module")
def six_runs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    world = with_overrides(
        load_scenario("bipolar-cold-war"),
        {"scenario.runs": 6, "scenario.years": 10, "scenario.states": 24},
    )
    out = tmp_path_factory.mktemp("six") / "run"
    run_scenario(world, out, chunk_size=2)  # three parts: the filter must skip whole parts and keep others
    return out


def test_the_first_runs_are_read_and_nothing_else(six_runs: Path) -> None:
    everything = load_test_tables(six_runs, None)
    first = load_test_tables(six_runs, 3)  # cuts the second part in the middle
    for name, frame in everything.items():
        expected = frame[frame["run"] < 3].reset_index(drop=True)
        assert sorted(first[name]["run"].unique()) == sorted(expected["run"].unique())
        assert first[name].reset_index(drop=True).equals(expected), name
    assert set(everything["state_years"]["run"]) == set(range(6))


def test_the_results_say_which_runs_they_rest_on(six_runs: Path) -> None:
    sample = {h.test_id: r for h, r in run_hypotheses(six_runs, ["S-F1", "S-D2"], max_runs=2)}
    full = {h.test_id: r for h, r in run_hypotheses(six_runs, ["S-F1", "S-D2"], max_runs=None)}
    for test_id in ("S-F1", "S-D2"):
        assert sample[test_id].data == "simulated: runs 0-1 of 6"
        assert full[test_id].data == "simulated: all 6 runs"
        assert sample[test_id].n is not None and full[test_id].n is not None
        assert 0 < sample[test_id].n < full[test_id].n  # type: ignore[operator]
    assert runs_used(six_runs, 100) == (6, 6) and runs_used(six_runs, 4) == (4, 6)
    with pytest.raises(UserInputError, match="max_runs = 0"):
        runs_used(six_runs, 0)


def test_the_command_names_the_sample_and_all_means_all(cli, six_runs: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    args = ["--max-runs", "2", "--no-figures", "--out", str(tmp_path / "a")]
    sampled = cli("hypotheses", str(six_runs), *args)
    assert sampled.code == 0 and "estimated on runs 0-1 of 6" in sampled.out
    everything = cli("hypotheses", str(six_runs), "--max-runs", "0", "--json")
    assert everything.code == 0 and "estimated on runs" not in everything.out
    rows = json.loads(everything.out)
    assert {row["data"] for row in rows} == {"simulated: all 6 runs"}
    # each result carries its test's ID, seed and specification (to_dict's empty fields must not win)
    assert [row["test_id"] for row in rows] == sorted(registered("sim"))
    assert all(row["seed"] and row["specification"] for row in rows)
    written = json.loads((tmp_path / "a" / "hypotheses.json").read_text(encoding="utf-8"))
    assert [row["test_id"] for row in written] == sorted(registered("sim"))
    negative = cli("hypotheses", str(six_runs), "--max-runs", "-1")
    assert negative.code == 2 and "--max-runs" in negative.err


def test_the_commands_default_is_the_librarys() -> None:
    option = sim_commands._max_runs_option()
    assert option.default == DEFAULT_MAX_RUNS
    for command in (sim_commands.hypotheses_command, sim_commands.run_command, sim_commands.sweep_command):
        assert "max_runs" in inspect.signature(command).parameters


def test_open_run_reads_the_first_runs_of_every_table(six_runs: Path) -> None:
    first = open_run(six_runs, max_runs=2)
    everything = open_run(six_runs)
    for name, frame in everything.items():  # every table has a run column
        expected = frame[frame["run"] < 2].reset_index(drop=True)
        assert first[name].reset_index(drop=True).equals(expected), name
    assert set(first["state_years"]["run"]) == {0, 1}


def test_the_parts_past_the_first_runs_are_not_opened(six_runs: Path, tmp_path: Path) -> None:
    """Parts of 2 runs: with --max-runs 3 the third part (runs 4-5) is never opened, so a part that is
    unreadable (here, zeros of the same size, which the run check cannot tell) does not matter."""
    copy = tmp_path / "run"
    shutil.copytree(six_runs, copy)
    for table in COLUMNS:
        part = copy / table / "part-00002.parquet"
        part.write_bytes(b"\0" * part.stat().st_size)
    first = load_test_tables(copy, 3)
    assert set(first["state_years"]["run"]) == {0, 1, 2}
    with pytest.raises(UserInputError, match="damaged table"):
        load_test_tables(copy, None)
