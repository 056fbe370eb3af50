"""Reports of a simulated run folder and of a historical episode, and the app's Runs and Episodes views.

The world simulation (issue 8) and the episodes (issue 11) arrive as libraries of their own: the tests that
need one skip, naming it, when this version has it not; the last two tests check what the app and the report
say in that case.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from alliancelab.app import logic_worlds
from alliancelab.errors import UserInputError
from alliancelab.report import html_sim
from alliancelab.report.html_kinds import build_report, report_kind

SIMULATION, EPISODES = "alliancelab.sim.runner", "alliancelab.cases.episodes"

WORLD = {
    "scenario": {"name": "tiny", "states": 25, "runs": 3, "years": 8, "seed": 3},
    "rival": {"budget": 2000.0, "ideal_point": 0.1, "entry_year": 2},
    "events": {"crisis_rate": 0.3, "candidates": 5},
}


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny finished run, with a hypotheses.csv in the layout `alliancelab hypotheses` writes."""
    sim = pytest.importorskip(SIMULATION, reason="this version has no world simulation (issue 8)")
    from alliancelab.sim.scenario import Scenario

    run_scenario = sim.run_scenario

    out = tmp_path_factory.mktemp("runs") / "tiny"
    run_scenario(Scenario.model_validate(WORLD), out, chunk_size=2)
    pd.DataFrame(
        {
            "test": ["S-A1", "S-F1"],
            "claim": ["A1", "F1"],
            "seed": ["001", "002"],
            "prediction": ["Allies more distant from the hegemon are paid", "Allies vote with the hegemon"],
            "specification": ["logit", "OLS"],
            "estimate": [5.8, 0.03],
            "ci_low": [2.8, 0.02],
            "ci_high": [8.9, 0.04],
            "n": [36175, 54000],
            "holds": ["holds", "holds"],
        }
    ).to_csv(out / "hypotheses.csv", index=False)
    return out


def _state_years(run_dir: Path) -> pd.DataFrame:
    return pd.read_parquet(run_dir / "state_years")


def test_alignment_and_payments_by_year_are_the_tables_own_numbers(run_dir: Path) -> None:
    states = _state_years(run_dir)
    shares = html_sim.alignment_by_year(run_dir)
    expected = states.groupby("year")["patron"].value_counts(normalize=True)
    got = shares.set_index(["year", "patron"])["share"]
    pd.testing.assert_series_equal(got.sort_index(), expected.sort_index(), check_names=False)
    payments = pd.read_parquet(run_dir / "payments")
    per_run = payments.groupby(["year", "kind"])["amount"].sum() / states["run"].nunique()
    got_paid = html_sim.payments_by_year(run_dir).set_index(["year", "kind"])["usd_m_per_run"]
    pd.testing.assert_series_equal(got_paid.sort_index(), per_run.sort_index(), check_names=False)


def test_a_run_folder_is_a_report_kind_with_its_network_and_hypotheses(run_dir: Path) -> None:
    assert report_kind(str(run_dir)).name == "run"
    report = build_report(str(run_dir), out="run.html")
    headings = [s.heading for s in report.sections]
    assert headings == [
        "The run",
        "The alliance network",
        "Payments",
        "The seeds' hypotheses on the simulated world",
    ]
    hypotheses = report.sections[-1].tables[0].records()
    assert [row["test"] for row in hypotheses] == ["S-A1", "S-F1"]
    manifest = json.loads((run_dir / "manifest.json").read_text("utf-8"))
    assert report.manifest["run_manifest"] == manifest
    assert report.sections[0].tables[0].records()[2] == {"quantity": "runs", "value": 3}


def test_the_network_view_counts_each_patrons_states(run_dir: Path) -> None:
    states = _state_years(run_dir)
    year = int(states["year"].max())
    view = logic_worlds.network_view(str(run_dir), run=1, year=year)
    assert not view.error and view.figure is not None
    shown = states[(states["run"] == 1) & (states["year"] == year)]["patron"].value_counts()
    assert sum(view.counts.values()) == 25
    assert view.counts["hegemon (2)"] == int(shown.get(2, 0))
    assert logic_worlds.network_view(str(run_dir), run=7, year=year).error.startswith("error: ")


def test_the_run_view_gives_the_sliders_range_or_the_error_line(run_dir: Path, tmp_path: Path) -> None:
    view = logic_worlds.run_view(str(run_dir))
    states = _state_years(run_dir)
    assert (view.first_year, view.last_year) == (int(states["year"].min()), int(states["year"].max()))
    assert view.runs == 3 and view.has_hypotheses
    assert logic_worlds.run_view(str(tmp_path)).error.startswith(f"error: {tmp_path}: not a finished run")
    assert logic_worlds.run_view("  ") == logic_worlds.RunView()
    assert logic_worlds.run_folders(run_dir.parent) == [str(run_dir)]


def test_an_episode_report_shows_its_phases_against_what_happened() -> None:
    episodes = pytest.importorskip(EPISODES, reason="this version has no episode library (issue 11)")
    load_episode, run_episode = episodes.load_episode, episodes.run_episode

    assert report_kind("colombia-korea-1950").name == "episode"
    report = build_report("colombia-korea-1950")
    run = run_episode(load_episode("colombia-korea-1950"))
    phases = report.sections[1].tables[0].records()
    assert [(r["phase"], r["predicted"], r["observed"]) for r in phases] == [
        (p.id, p.predicted, p.observed) for p in run.phases
    ]
    assert len(report.sections[0].figures) == 1
    assert "henke2019buying" in report.citation_keys
    view = logic_worlds.episode_view("colombia-korea-1950")
    assert [s.heading for s in view.sections] == [s.heading for s in report.sections]
    assert logic_worlds.episode_view("no-such-episode").error.startswith("error: no episode named")


@pytest.mark.skipif(logic_worlds.available(EPISODES), reason="the episode library is installed")
def test_without_the_episode_library_the_app_and_the_report_say_so() -> None:
    assert logic_worlds.episode_names() == []
    message = "error: this version of AllianceLab has no episode library (alliancelab.cases.episodes)"
    assert logic_worlds.episode_view("us-pakistan-1954-2012").error == message
    with pytest.raises(UserInputError, match="neither a file nor a shipped name"):
        report_kind("us-pakistan-1954-2012")  # not mistaken for anything else


@pytest.mark.skipif(logic_worlds.available("alliancelab.analysis.world_tests"), reason="the S-* tests exist")
def test_without_the_simulation_a_run_folder_says_what_is_missing(tmp_path: Path) -> None:
    with pytest.raises(
        UserInputError, match=r"has no simulated-world tests \(alliancelab.analysis.world_tests\)"
    ):
        html_sim.hypotheses_table(tmp_path)


def test_a_run_whose_hypotheses_fail_still_reports_the_rest(
    run_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unestimable(*_: object, **__: object) -> None:
        raise UserInputError("aid tests: the table has no column us_aid_total")

    monkeypatch.setattr(html_sim, "hypotheses_table", unestimable)
    report = html_sim.run_report(str(run_dir))
    last = report.sections[-1]
    assert [s.heading for s in report.sections][:3] == ["The run", "The alliance network", "Payments"]
    assert last.heading == html_sim.HYPOTHESES and not last.tables
    assert (
        last.note == "The hypotheses could not be estimated: aid tests: the table has no column us_aid_total"
    )


def test_the_folder_of_alliancelab_evidence_run_is_reported(run_dir: Path, tmp_path: Path, cli: Any) -> None:
    pytest.importorskip(
        "alliancelab.analysis.evidence", reason="this version has no evidence tests (issue 10)"
    )
    out = tmp_path / "evidence"
    result = cli("evidence", "run", "--no-real", "--sim", str(run_dir), "--out", str(out))
    assert result.code == 0, result.err
    assert report_kind(str(out)).name == "evidence"
    report = build_report(str(out))
    written = pd.read_csv(out / "results.csv")
    verdicts = {row["test_id"]: row["sim"] for row in report.sections[0].tables[0].records()}
    assert verdicts == dict(zip(written["test_id"], written["verdict"], strict=True))
    assert report.sections[1].figures[0].title == "Estimates"
    assert report.citation_keys  # the folder's references.bib, as far as references.bib knows its keys
