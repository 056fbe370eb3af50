"""`alliancelab legitimacy` through the `cli` fixture."""

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
    bad_option = cli("legitimacy", str(bad), "--issue-position", "3")
    assert "--issue-position: 3 is outside" in _one_error_line(bad_option.err)
    assert not out.exists()


def test_outputs_are_all_or_nothing(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import alliancelab.report.legitimacy_plots as plots

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("the figure failed")

    monkeypatch.setattr(plots, "plot_state_scores", broken)
    states, out, figure = tmp_path / "states.csv", tmp_path / "scores.csv", tmp_path / "scores.png"
    states.write_text(STATES)
    out.write_text("old")
    with pytest.raises(RuntimeError):  # not a user error: it propagates, but nothing is half-written
        cli("legitimacy", str(states), "--out", str(out), "--plot", str(figure))
    assert out.read_text() == "old" and sorted(p.name for p in tmp_path.iterdir()) == [
        "scores.csv",
        "states.csv",
    ]
