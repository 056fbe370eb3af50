"""`alliancelab burden`, `alliancelab burden ozz` and `alliancelab legitimacy` through the `cli` fixture."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

STATES = """state,ideal_point,formal_obligation,visible_payment,benefit,democracy
UK,0.9,1,0,30,1
Japan,0.85,1,0,40,1
Poland,0.8,0,0.5,25,1
India,0.3,0,0,0,1
"""


def _one_error_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ")
    return lines[0]


def test_burden_prints_the_default_window_and_peak(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("burden")
    assert result.code == 0, result.err
    for text in ("238", "3,362", "1,800", "6,215"):
        assert text in result.out


def test_burden_json_and_plot(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    figure = tmp_path / "figs" / "goldilocks.png"
    result = cli("burden", "--threat", "0.6", "--strain", "0.7", "--plot", str(figure), "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["window_lower"] < data["peak"] < data["window_upper"]
    assert data["provenance"]["params"]["threat"] == 0.6
    assert figure.is_file() and figure.stat().st_size > 10_000
    default = json.loads(cli("burden", "--json").out)
    assert (
        data["window_upper"] - data["window_lower"] > default["window_upper"] - default["window_lower"]
    )  # E2


def test_burden_bad_input_gives_one_line_and_exit_2(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("burden", "--threat", "1.5")
    assert result.code == 2
    assert "threat (T) = 1.5 is outside the allowed range (0, 1)" in _one_error_line(result.err)
    bad_plot = tmp_path / "curve.xyz"
    result = cli("burden", "--plot", str(bad_plot))
    assert result.code == 2 and "the file must end in .png, .pdf, .svg" in _one_error_line(result.err)
    assert not bad_plot.exists()


def test_burden_reports_when_the_ally_would_not_comply(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("burden", "--benefit", "0.5")
    assert result.code == 0 and "would not comply" in result.out


def test_ozz_from_sizes(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("burden", "ozz", "--sizes", "5000,800,300,40,20", "--joint", "0.04", "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    burdens = [m["burden"] for m in data["members"]]
    assert burdens == sorted(burdens, reverse=True)  # sizes given largest first: E7
    assert data["test"]["claim_id"] == "E7" and data["test"]["verdict"] == "supports"
    text = cli("burden", "ozz", "--sizes", "5000,800,300,40").out
    assert "free_riders" in text and "Spearman rho" in text


def test_ozz_from_csv_with_observed_burdens(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    csv = tmp_path / "nato.csv"
    csv.write_text("state,size,burden\nA,500,0.05\nB,200,0.03\nC,90,0.02\nD,40,0.0\nE,10,0.01\n")
    result = cli("burden", "ozz", "--csv", str(csv), "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["test"]["details"]["free_rider_labels"] == ["D"]
    assert data["test"]["estimate"] == pytest.approx(0.9)


def test_ozz_errors(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert "exactly one of --sizes or --csv" in _one_error_line(cli("burden", "ozz").err)
    assert "expected numbers" in _one_error_line(cli("burden", "ozz", "--sizes", "10,abc").err)
    words = tmp_path / "words.csv"
    words.write_text("state,size\nA,100\nB,lots\nC,5\n")
    assert f"{words}: column 'size', row 3: 'lots' is not a number" in _one_error_line(
        cli("burden", "ozz", "--csv", str(words)).err
    )
    csv = tmp_path / "bad.csv"
    csv.write_text("state,gdp\nA,1\n")
    result = cli("burden", "ozz", "--csv", str(csv))
    assert result.code == 2
    assert f"{csv}: missing column 'size'; columns allowed: state, size, threat, burden" in _one_error_line(
        result.err
    )


def test_legitimacy_scores_states_and_writes_csv(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    states = tmp_path / "states.csv"
    states.write_text(STATES)
    out = tmp_path / "out" / "scores.csv"
    figure = tmp_path / "scores.svg"
    result = cli("legitimacy", str(states), "--out", str(out), "--plot", str(figure))
    assert result.code == 0, result.err
    assert "expected_legitimacy" in result.out and "India" in result.out
    scored = pd.read_csv(out)
    assert list(scored["state"]) == ["UK", "Japan", "Poland", "India"]
    assert {"legitimating_weight", "vote_probability", "support_probability", "marginal_value"} <= set(scored)
    assert figure.is_file()
    data = json.loads(cli("legitimacy", str(states), "--json", "--legitimacy-value", "10").out)
    assert data["expected_legitimacy_value"] == pytest.approx(10 * data["expected_legitimacy"])


def test_legitimacy_errors_are_one_line_and_leave_no_output(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "scores.csv"
    missing = tmp_path / "missing.csv"
    missing.write_text("state,ideal_point,formal_obligation\nUK,0.9,1\n")
    result = cli("legitimacy", str(missing), "--out", str(out))
    assert result.code == 2
    line = _one_error_line(result.err)
    assert f"{missing}: missing column 'visible_payment'; columns allowed: state, ideal_point" in line
    bad = tmp_path / "bad.csv"
    bad.write_text(STATES.replace("Poland,0.8,0,0.5", "Poland,0.8,0,1.5"))
    result = cli("legitimacy", str(bad), "--out", str(out))
    assert result.code == 2
    assert "column 'visible_payment', row 4 (state 'Poland'): value 1.5 is outside" in _one_error_line(
        result.err
    )
    assert "file not found" in _one_error_line(cli("legitimacy", str(tmp_path / "none.csv")).err)
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    assert "not a readable CSV" in _one_error_line(cli("legitimacy", str(empty)).err)
    assert "issue_position" in _one_error_line(cli("legitimacy", str(bad), "--issue-position", "3").err)
    assert not out.exists()
