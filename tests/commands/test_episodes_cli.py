"""``alliancelab episode`` and ``alliancelab episodes score`` through the in-process ``cli`` fixture."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "cases"))
from episode_files import episode, phase, write


def test_episode_prints_each_phase_with_its_observation_and_reason(cli: Any, tmp_path: Path) -> None:
    figure = tmp_path / "timeline.png"
    result = cli("episode", "us-pakistan-1954-2012", "--plot", str(figure), "--years")
    assert result.code == 0, result.err
    assert "formation-1954" in result.out and "SURVIVED-RC" in result.out
    assert "1965 none" in result.out  # the year lines: the embargo ends the alliance
    assert re.search(r"estrangement-1965: 1965: p_req = [\d,]+ > B = 0", result.out)
    assert re.search(r"\d+ of 8 phases right", result.out)
    assert figure.stat().st_size > 10_000


def test_episode_json_has_years_phases_and_provenance(cli: Any) -> None:
    body = json.loads(cli("episode", "turkey-iraq-2003", "--json").out)
    assert body["episode"] == "turkey-iraq-2003" and body["seed"] is None
    assert [p["id"] for p in body["phases"]] == ["northern-front"]
    assert body["phases"][0]["observed"] == "NO-ALLIANCE"
    assert body["years"][0]["year"] == 2003 and "alliancelab_version" in body["run_record"]
    assert {"henke2019buying", "kabir2019sidepayments"} <= set(body["sources"])


def test_episode_with_rng_records_the_seed(cli: Any) -> None:
    body = json.loads(cli("episode", "us-pakistan-1954-2012", "--rng", "5", "--json").out)
    assert body["seed"] == 5 and body["run_record"]["seed"] == 5


def test_score_ends_with_the_count_line(cli: Any, tmp_path: Path) -> None:
    write(tmp_path, episode("one"), "one")
    write(tmp_path, episode("two", phases=phase("a", 1990, "NO-ALLIANCE")), "two")
    result = cli("episodes", "score", str(tmp_path))
    assert result.code == 0, result.err
    assert result.out.strip().splitlines()[-1] == "1 of 2 phases right, 1 of 2 episodes right"
    assert "Misses" in result.out and "two a:" in result.out
    body = json.loads(cli("episodes", "score", str(tmp_path), "--json").out)
    assert (body["phases_right"], body["phases_total"]) == (1, 2)


def test_the_shipped_library_scores(cli: Any) -> None:
    result = cli("episodes", "score")
    assert result.code == 0, result.err
    last = result.out.strip().splitlines()[-1]
    assert re.fullmatch(r"\d+ of \d+ phases right, \d+ of 7 episodes right", last)


def test_bad_input_is_one_line_and_exit_code_2(cli: Any, tmp_path: Path) -> None:
    bad = write(tmp_path, episode().replace('kind = "party"', 'kind = "junta"'))
    for args in (
        ("episode", str(bad)),
        ("episode", "no-such-episode"),
        ("episode", "turkey-iraq-2003", "--plot", str(tmp_path / "x.txt")),
        ("episodes", "score", str(tmp_path / "missing")),
    ):
        result = cli(*args)
        assert result.code == 2 and result.out == ""
        assert result.err.startswith("error: ") and result.err.count("\n") == 1, result.err


def test_sensitivity_prints_the_fragile_moves_and_a_count(cli: Any, tmp_path: Path) -> None:
    write(tmp_path, episode("one"), "one")
    result = cli("episodes", "sensitivity", str(tmp_path))
    assert result.code == 0, result.err
    last = result.out.strip().splitlines()[-1]
    assert re.fullmatch(
        r"\d+ of 14 one-step moves change a prediction: \d+ lose right phases, \d+ gain them", last
    )
    body = json.loads(cli("episodes", "sensitivity", str(tmp_path), "--json").out)
    assert len(body) == 14 and {"where", "level", "moved_to", "phases_changed"} <= set(body[0])


def test_names_from_the_file_are_printed_as_written_not_as_markup(cli: Any, tmp_path: Path) -> None:
    text = episode(phases=phase("x", 1990, "FORMATION")).replace('id = "x"', 'id = "[red]x"')
    text = text.replace("[observed.x]", '[observed."[red]x"]')
    result = cli("episodes", "score", str(write(tmp_path, text).parent))
    assert result.code == 0, result.err
    assert "[red]x" in result.out
