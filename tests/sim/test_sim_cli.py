"""The commands of the composed world: scenario new/list/show, run, hypotheses, sweep."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from alliancelab.sim.scenario import load_scenario

SMALL = ["--runs", "3", "--years", "8", "--set", "scenario.states=20", "--no-progress"]


def test_scenario_new_list_and_show(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "mine.toml"
    assert cli("scenario", "new", str(target)).code == 0
    assert load_scenario(target).rival is not None  # the commented default loads, with a rival
    listed = cli("scenario", "list").out.split("\n")
    assert {line.split()[0] for line in listed if line} == {
        "bipolar-cold-war",
        "rising-rival",
        "unipolar-1990s",
    }
    shown = cli("scenario", "show", "rising-rival")
    assert shown.code == 0
    parsed = tomllib.loads(shown.out.split("\n", 1)[1])  # after the note line
    assert parsed["rival"]["entry_year"] == 10 and parsed["scenario"]["name"] == "rising-rival"
    again = cli("scenario", "new", str(target))
    assert again.code == 2 and "the file exists" in again.err


def test_scenario_show_prints_a_valid_scenario_file_whatever_the_note(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "noted.toml"
    note = "first line\n[hegemon]\nbudget = 1\r\nan escape \x1b[31m and a tab\t"
    path.write_text(f'[scenario]\nnote = {json.dumps(note)}\ntitle = "a\\u007fb"\n', encoding="utf-8")
    shown = cli("scenario", "show", str(path))
    assert shown.code == 0 and "\x1b" not in shown.out and shown.out.startswith("# first line\n# [hegemon]\n")
    parsed = tomllib.loads(shown.out)  # every line of the note is a comment
    assert parsed["scenario"]["note"] == note and parsed["hegemon"]["budget"] == 6000.0
    assert parsed["scenario"]["title"] == "a\x7fb"
    folder = cli("scenario", "show", str(tmp_path))
    assert (
        folder.code == 2
        and folder.err == f"error: scenario file {tmp_path} is a folder; give a TOML file or a shipped name\n"
    )


def test_run_then_hypotheses_as_json(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "run"
    result = cli("run", "bipolar-cold-war", *SMALL, "--out", str(out))
    assert result.code == 0 and "state_years 480" in result.out
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["params"]["scenario"]["states"] == 20 and manifest["runs"] == 3
    report = cli("hypotheses", str(out), "--json")
    rows = json.loads(report.out)
    assert [r["test_id"] for r in rows] == sorted(r["test_id"] for r in rows) and len(rows) == 9
    assert {r["verdict"] for r in rows} <= {"supports", "contradicts", "inconclusive"}
    table = cli("hypotheses", str(out), "--no-figures")
    assert table.code == 0 and "S-A1" in table.out and (out / "hypotheses.csv").is_file()
    assert not (out / "hypotheses.png").exists()
    regenerated = cli("run", str(out / "manifest.json"), "--out", str(tmp_path / "again"), "--no-progress")
    assert regenerated.code == 0 and "identical" in regenerated.out


def test_hypotheses_needs_a_finished_run(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("hypotheses", str(tmp_path))
    assert result.code == 2 and "not a finished run directory" in result.err


@pytest.mark.parametrize(
    ("grid", "message"),
    [
        ("hegemon.budget", "expected TABLE.FIELD=v1,v2"),
        ("hegemon.budgett=1,2", "'hegemon.budgett' is not a scenario field"),
        ("events.crisis_rate=0.1,7", "less than or equal to 1"),
    ],
)
def test_a_bad_grid_fails_before_any_run(cli, tmp_path: Path, grid: str, message: str) -> None:  # type: ignore[no-untyped-def]
    result = cli("sweep", "unipolar-1990s", "--grid", grid, *SMALL, "--out", str(tmp_path / "sweep"))
    assert result.code == 2 and message in result.err
    assert not (tmp_path / "sweep").exists()


def test_a_sweep_writes_one_directory_per_cell_and_a_combined_table(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "sweep"
    result = cli("sweep", "unipolar-1990s", "--grid", "hegemon.budget=1000,4000", *SMALL, "--out", str(out))
    assert result.code == 0
    assert (out / "hegemon.budget=1000" / "manifest.json").is_file()
    assert (out / "hegemon.budget=4000" / "manifest.json").is_file()
    combined = (out / "hypotheses.csv").read_text().splitlines()
    assert combined[0].startswith("test,cell,hegemon.budget") and len(combined) == 1 + 2 * 9
    assert (out / "hypotheses.png").is_file() and (out / "hypotheses.svg").is_file()
