"""`alliancelab coalition`: seed operations (--case) and a user's own mission (plan), through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).parents[2] / "src/alliancelab/cases/missions/example-mission.toml"


def test_case_korea_prints_contributors_types_and_costs(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("coalition", "--case", "korea-1950")
    assert result.code == 0, result.err
    for text in ("Colombia", "willing-but-inadequately-resourced", "opportunistic", "Totals", "own cost"):
        assert text in result.out


def test_case_json(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("coalition", "--case", "korea-1950", "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["pivotal_states"] == ["United States"]
    colombia = next(row for row in data["contributors"] if row["country"] == "Colombia")
    assert colombia["model_type"] == "willing-but-inadequately-resourced"
    assert data["totals"]["pivotal_usd_per_soldier_year"] > data["totals"]["usd_per_soldier_year"]


def test_unknown_case_is_one_line_exit_2(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("coalition", "--case", "korea-1951")
    assert result.code == 2
    assert result.err.startswith("error: ") and "korea-1950" in result.err
    assert result.err.count("\n") == 1


def test_plan_example_prints_coalition_and_simulation(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    figure = tmp_path / "cost.png"
    result = cli("coalition", "plan", str(EXAMPLE), "--draws", "40", "--rng", "7", "--plot", str(figure))
    assert result.code == 0, result.err
    for text in ("Kenya", "critical contributor", "Cheapest coalition", "Monte Carlo", "seed: 7"):
        assert text in result.out
    assert figure.stat().st_size > 1000


def test_plan_json_is_reproducible(cli) -> None:  # type: ignore[no-untyped-def]
    first = json.loads(cli("coalition", "plan", str(EXAMPLE), "--draws", "30", "--rng", "3", "--json").out)
    second = json.loads(cli("coalition", "plan", str(EXAMPLE), "--draws", "30", "--rng", "3", "--json").out)
    assert first["simulation"]["summary"] == second["simulation"]["summary"]
    assert first["provenance"]["seed"] == 3 and "record" not in first["simulation"]
    assert first["summary"]["total_cost_usd_m"] > 0
    assert {row["candidate"] for row in first["candidates"]} >= {"Kenya", "India"}


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (('critical = ["Kenya"]', 'critical = ["Atlantis"]'), "critical partner 'Atlantis' is not among"),
        (("troops = 2500", "troops = -2500"), "candidates.0.troops = -2500 is outside the allowed range"),
        (("value_to_candidate = 40.0", "value_to_candidate = 0.0"), "side_deals.0.value_to_candidate = 0 is"),
        (("min_flags = 6", "min_flags = 40"), "infeasible: min_flags = 40 cannot be met"),
        (("budget = 1200.0", "budget = 1.0"), "infeasible: budget"),
    ],
)
def test_plan_bad_missions_exit_2(cli, tmp_path: Path, edit: tuple[str, str], message: str) -> None:  # type: ignore[no-untyped-def]
    text = EXAMPLE.read_text(encoding="utf-8")
    assert edit[0] in text
    bad = tmp_path / "bad.toml"
    bad.write_text(text.replace(edit[0], edit[1], 1), encoding="utf-8")
    result = cli("coalition", "plan", str(bad), "--draws", "0")
    assert result.code == 2
    assert result.err.startswith("error: ") and message in result.err
    assert result.err.count("\n") == 1


def test_plan_missing_file_exit_2(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("coalition", "plan", str(tmp_path / "none.toml"))
    assert result.code == 2 and "file not found" in result.err


def test_list_and_bare_group(cli) -> None:  # type: ignore[no-untyped-def]
    listed = cli("coalition", "--list")
    assert listed.code == 0 and "korea-1950" in listed.out.split()
    bare = cli("coalition")
    assert bare.code == 0 and "plan" in bare.out and "--case" in bare.out


def test_plan_negative_seed_is_one_line_exit_2(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("coalition", "plan", str(EXAMPLE), "--draws", "10", "--rng", "-1")
    assert result.code == 2 and result.err == "error: --rng -1: the seed must be an integer >= 0\n"
