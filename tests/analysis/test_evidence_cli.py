"""`alliancelab evidence list|run`: the report from a simulated run's tables, and bad input."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from alliancelab.analysis.evidence import EVIDENCE_TESTS

from .synthetic_world import Effects, synthetic_tables


@pytest.fixture(scope="module")
def sim_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder laid out like a simulated run: a state_years/ Parquet dataset (as `alliancelab run` writes
    it) and dyad_years.csv, two runs stacked."""
    folder = tmp_path_factory.mktemp("sim-run")
    parts = [synthetic_tables(Effects(agree_ally=0.1), rng=run, n_states=60) for run in (1, 2)]
    states = pd.concat([s.assign(run=run) for run, (s, _) in enumerate(parts)], ignore_index=True)
    dyads = pd.concat([d.assign(run=run) for run, (_, d) in enumerate(parts)], ignore_index=True)
    (folder / "state_years").mkdir()
    states.to_parquet(folder / "state_years" / "part-00000.parquet")
    dyads.to_csv(folder / "dyad_years.csv", index=False)
    return folder


def test_list_names_every_test(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("evidence", "list")
    assert result.code == 0
    for test_id in EVIDENCE_TESTS:
        assert test_id in result.out


def test_run_on_a_simulated_run_writes_the_report(cli, sim_run: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "report"
    result = cli("evidence", "run", "--no-real", "--sim", str(sim_run), "--out", str(out))
    assert result.code == 0, result.err
    assert {"report.html", "report.md", "results.csv", "estimates.png"} <= {p.name for p in out.iterdir()}
    table = pd.read_csv(out / "results.csv")
    assert list(table["test_id"]) == list(EVIDENCE_TESTS)
    assert set(table["source"]) == {"sim"}
    f1 = table.set_index("test_id").loc["T-F1"]
    # two runs of 60 states: clusters are run x state, and the known effect 0.1 lies in the CI
    assert f1["n_clusters"] == 120 and f1["ci_low"] <= 0.1 <= f1["ci_high"]
    assert f1["verdict"] == "holds"
    # every estimated test names its own data and citations (the pre-registration's report rule)
    estimated = table[table["verdict"] != "not estimable"]
    assert estimated["citations"].str.contains(f"simulated run {sim_run.name}", regex=False).all()
    report = (out / "report.md").read_text(encoding="utf-8")
    assert report.count("  - data and citations: ") == len(estimated)
    # the simulated tables have no coalition memberships: the report says the test could not run
    f2 = table.set_index("test_id").loc["T-F2"]
    assert f2["verdict"] == "not estimable" and "coalitions" in f2["note"]
    page = (out / "report.html").read_text(encoding="utf-8")
    assert page.count("data:image/png;base64,") >= 2 and "<script" not in page and "src='http" not in page
    assert "T-F1" in (out / "report.md").read_text(encoding="utf-8")
    assert "@article{kabir2019sidepayments," in (out / "references.bib").read_text(encoding="utf-8")
    assert "T-F1 (sim): holds" in result.err  # progress on standard error


def test_only_and_years_restrict_the_run(cli, sim_run: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "r"
    result = cli(
        "evidence",
        "run",
        "--no-real",
        "--sim",
        str(sim_run),
        "--only",
        "T-F1",
        "--years",
        "1990-2014",
        "--out",
        str(out),
    )
    assert result.code == 0, result.err
    table = pd.read_csv(out / "results.csv")
    assert list(table["test_id"]) == ["T-F1"] and table["years"].iloc[0] == "1990-2014"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--only", "T-XX"], "unknown test"),
        (["--years", "2014-1990"], "--years"),
        (["--no-real"], "--no-real needs --sim"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    cli, sim_run: Path, tmp_path: Path, args: list[str], message: str
) -> None:  # type: ignore[no-untyped-def]
    sim = [] if args == ["--no-real"] else ["--no-real", "--sim", str(sim_run)]
    out = tmp_path / "never"
    result = cli("evidence", "run", *sim, *args, "--out", str(out))
    assert result.code == 2
    assert message in result.err and "Traceback" not in result.err
    assert not out.exists()  # nothing half-written


def test_missing_sim_folder_is_a_user_error(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli(
        "evidence", "run", "--no-real", "--sim", str(tmp_path / "nope"), "--out", str(tmp_path / "o")
    )
    assert result.code == 2 and "no such directory" in result.err


def test_report_escapes_text_from_the_data(tmp_path: Path) -> None:
    from alliancelab.analysis.evidence import Outcome
    from alliancelab.report.evidence_report import write_evidence_report

    outcomes = [Outcome("T-F1", "sim", None, "the table has no column <script>alert(1)</script>")]
    paths = write_evidence_report(outcomes, tmp_path, {"simulated run": "<img src=x onerror=alert(1)>"})
    page = paths["html"].read_text(encoding="utf-8")
    assert "<script>" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page and "not estimable" in page
    assert pd.read_csv(paths["results"])["verdict"].tolist() == ["not estimable"]


def test_run_beside_the_composed_world(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The simulation's own output (alliancelab run) is read as it is written, and its calendar is its own."""
    world = tmp_path / "world"
    assert (
        cli("run", "rising-rival", "--runs", "1", "--years", "12", "--out", str(world), "--no-progress").code
        == 0
    )
    out = tmp_path / "report"
    result = cli(
        "evidence",
        "run",
        "--no-real",
        "--sim",
        str(world),
        "--only",
        "T-F1",
        "--only",
        "T-D2",
        "--out",
        str(out),
    )
    assert result.code == 0, result.err
    table = pd.read_csv(out / "results.csv").set_index("test_id")
    f1 = table.loc["T-F1"]
    assert f1["verdict"] in ("holds", "fails", "inconclusive") and f1["n"] > 0
    first, last = (int(y) for y in f1["years"].split("-"))
    assert last - first == 11  # every simulated year, not the pre-registered 1946-2014
