"""Scenario files: the shipped ones load, the default round-trips, bad input gets one line and exit code 2."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import numpy as np
import pytest

from alliancelab.errors import UserInputError
from alliancelab.sim.scenario import (
    Dist,
    Scenario,
    load_scenario,
    scenario_from_dict,
    scenario_names,
    with_overrides,
)
from alliancelab.sim.scenario_text import default_scenario_text, field_reference

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name", scenario_names())
def test_every_shipped_scenario_loads_with_a_note(name: str) -> None:
    scenario = load_scenario(name)
    assert scenario.scenario.name == name and scenario.scenario.note and scenario.scenario.title


def test_three_scenarios_are_shipped() -> None:
    assert set(scenario_names()) >= {"bipolar-cold-war", "unipolar-1990s", "rising-rival"}
    assert load_scenario("unipolar-1990s").rival is None
    assert load_scenario("rising-rival").rival.entry_year == 10  # type: ignore[union-attr]


def test_the_commented_default_parses_back_to_the_same_scenario() -> None:
    text = default_scenario_text()
    parsed = scenario_from_dict(tomllib.loads(text))
    assert parsed.rival is not None
    assert parsed.model_dump() == Scenario.model_validate(tomllib.loads(text)).model_dump()
    for table in ("scenario", "hegemon", "rival", "population", "dynamics", "events", "model"):
        assert f"[{table}]" in text


def test_the_docs_reference_lists_every_field() -> None:
    docs = (ROOT / "docs" / "sim.md").read_text(encoding="utf-8")
    assert (
        field_reference().strip() in docs
    )  # regenerate the section with field_reference() when fields change


BAD = [
    ({"hegemon": {"budjet": 10}}, "unknown field 'hegemon.budjet'; did you mean 'budget'?"),
    (
        {"hegemon": {"budget": -5}},
        "field 'hegemon.budget': Input should be greater than or equal to 0 (got -5)",
    ),
    ({"population": {"W": {"dist": "uniform", "low": 0.5, "high": 2.0}}}, "W must lie in [0.01, 1]"),
    ({"population": {"potential": {"dist": "beta", "a": 2, "b": 2}}}, "beta draws lie on [0, 1]"),
    ({"population": {"threat": {"dist": "normal", "mean": 0.3}}}, "takes exactly mean, sd; missing sd"),
    ({"population": {"threat": {"dist": "gamma", "a": 1}}}, "'population.threat.dist'"),
    (
        {"scenario": {"years": 5}, "rival": {"entry_year": 9}},
        "rival.entry_year = 9 is not before the horizon",
    ),
    ({"dynamics": {"coup_W": [0.5, 0.2]}}, "need 0 < lo <= hi <= 1"),
    ({"hegemon": {"entry_year": 3}}, "hegemon.entry_year = 3: the hegemon bids from the start"),
    (
        {"events": {"candidates": 4, "min_flags": 6}},
        "events.min_flags = 6 can never be met: a coalition has at most min(events.candidates = 4, "
        "scenario.states = 150) + 1 (the pivot) = 5 flags; allowed: 1 to 5",
    ),
    ({"scenario": {"states": 3}, "events": {"min_flags": 5}}, "scenario.states = 3) + 1 (the pivot) = 4"),
]


@pytest.mark.parametrize(("data", "message"), BAD)
def test_bad_scenarios_get_one_line_naming_field_and_value(data: dict[str, object], message: str) -> None:
    with pytest.raises(UserInputError) as err:
        scenario_from_dict(data, "my.toml")
    text = str(err.value)
    assert text.startswith("my.toml: ") and message in text and "\n" not in text


def test_the_cli_reports_a_bad_scenario_file_with_exit_code_2(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bad.toml"
    path.write_text("[events]\ncrisis_rate = 1.5\n", encoding="utf-8")
    result = cli("run", str(path), "--no-progress", "--out", str(tmp_path / "out"))
    assert result.code == 2
    assert result.err.strip() == (
        f"error: {path}: field 'events.crisis_rate': Input should be less than or equal to 1 (got 1.5)"
    )
    assert not (tmp_path / "out").exists()  # nothing written
    assert cli("scenario", "show", "rising-rivall").err.startswith(
        "error: no scenario named 'rising-rivall'; did you mean 'rising-rival'?"
    )
    assert cli("run", "rising-rival", "--set", "hegemon.nope=1").code == 2


def test_overrides_are_validated_and_dotted() -> None:
    base = load_scenario("unipolar-1990s")
    changed = with_overrides(base, {"hegemon.budget": 100, "rival.entry_year": 3})
    assert changed.hegemon.budget == 100.0 and changed.rival is not None and changed.rival.entry_year == 3
    with pytest.raises(UserInputError, match="not a scenario field"):
        with_overrides(base, {"budget": 1})


def test_distributions_draw_within_their_domain(rng: np.random.Generator) -> None:
    draws = Dist(dist="normal", mean=0.5, sd=2.0).draw(rng, (1000,), (0.0, 1.0))
    assert draws.min() >= 0.0 and draws.max() <= 1.0 and 0 < np.mean(draws == 1.0) < 1
    assert Dist.model_validate(0.3).draw(rng, (3,), (0, 1)).tolist() == [0.3, 0.3, 0.3]
    lognormal = Dist(dist="lognormal", median=100.0, sigma=0.5).draw(rng, (20000,), (0, 1e9))
    assert abs(np.median(lognormal) / 100.0 - 1) < 0.03


def test_the_largest_minimum_of_flags_a_market_can_meet_is_accepted() -> None:
    edge = scenario_from_dict({"scenario": {"states": 3}, "events": {"candidates": 12, "min_flags": 4}})
    assert edge.events.min_flags == 4  # the pivot and all three states
    assert scenario_from_dict({"rival": {"entry_year": 5}}).rival is not None  # the rival may enter late


@pytest.mark.parametrize(
    "key",
    ["scenario.runs", "hegemon.budget", "events.crisis_rate", "population.potential", "dynamics.coup_W"],
)
def test_a_boolean_is_no_number(key: str) -> None:
    """pydantic reads true as 1: ``--set scenario.runs=true`` ran one run before it was refused."""
    with pytest.raises(UserInputError, match=rf"field '{re.escape(key)}.*needs a number, not a boolean"):
        with_overrides(load_scenario("rising-rival"), {key: True})


def test_a_boolean_in_a_scenario_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "world.toml"
    path.write_text("[scenario]\nname = 'w'\nruns = false\n", encoding="utf-8")
    with pytest.raises(UserInputError, match=r"world.toml: field 'scenario.runs': needs a number"):
        load_scenario(path)


def test_a_boolean_inside_a_pair_is_refused() -> None:
    with pytest.raises(UserInputError, match=r"field 'dynamics.democracy_W'.*not a boolean"):
        with_overrides(load_scenario("rising-rival"), {"dynamics.democracy_W": [0.6, True]})
