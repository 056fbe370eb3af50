"""`alliancelab burden` and `alliancelab burden free-riding` (formerly `ozz`) through the `cli` fixture."""

from __future__ import annotations

import json
from pathlib import Path

import pytest


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
    assert "--threat: 1.5 is outside the allowed range (0, 1)" in _one_error_line(result.err)
    bad_plot = tmp_path / "curve.xyz"
    result = cli("burden", "--plot", str(bad_plot))
    assert result.code == 2 and "the file must end in .png, .pdf, .svg" in _one_error_line(result.err)
    assert not bad_plot.exists()


def test_burden_reports_when_the_ally_would_not_comply(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("burden", "--ally-benefit", "0.5")
    assert result.code == 0 and "would not comply" in result.out


def test_free_riding_equilibrium_is_described_not_tested(cli) -> None:  # type: ignore[no-untyped-def]
    """The Nash equilibrium is deterministic: no p-value, no verdict; the description says who rides free."""
    result = cli(
        "burden", "free-riding", "--sizes", "5000,800,300,40,20", "--joint-product", "0.04", "--json"
    )
    assert result.code == 0, result.err
    data = json.loads(result.out)
    burdens = [m["burden"] for m in data["members"]]
    assert burdens == sorted(burdens, reverse=True)  # sizes given largest first: E7
    assert data["observed"] is False and data["test"] is None
    assert data["description"]["rank_correlation"] > 0.9
    text = cli("burden", "free-riding", "--sizes", "5000,800,300,40").out
    assert "ride free" in text and "no test" in text and "p-value" not in text and "supports" not in text


def test_ozz_is_a_deprecated_alias_of_free_riding(cli) -> None:  # type: ignore[no-untyped-def]
    new = cli("burden", "free-riding", "--sizes", "50,8,3", "--json")
    old = cli("burden", "ozz", "--sizes", "50,8,3", "--joint", "0", "--json")
    assert old.code == 0 and json.loads(old.out)["members"] == json.loads(new.out)["members"]
    assert "warning: burden ozz is deprecated; use burden free-riding" in old.err
    assert "warning: --joint is deprecated; use --joint-product" in old.err
    assert "ozz" not in cli("burden", "--help").out and "free-riding" in cli("burden", "--help").out


def test_ozz_from_csv_with_observed_burdens(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    csv = tmp_path / "nato.csv"
    csv.write_text("state,size,burden\nA,500,0.05\nB,200,0.03\nC,90,0.02\nD,40,0.0\nE,10,0.01\n")
    result = cli("burden", "free-riding", "--csv", str(csv), "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["observed"] is True and data["test"]["claim_id"] == "E7"
    assert data["test"]["details"]["free_rider_labels"] == ["D"]
    assert data["test"]["estimate"] == pytest.approx(0.9)


def test_ozz_errors(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert "exactly one of --sizes or --csv" in _one_error_line(cli("burden", "free-riding").err)
    assert "expected numbers" in _one_error_line(cli("burden", "free-riding", "--sizes", "10,abc").err)
    words = tmp_path / "words.csv"
    words.write_text("state,size\nA,100\nB,lots\nC,5\n")
    assert f"{words}: column 'size', row 3: 'lots' is not a finite number" in _one_error_line(
        cli("burden", "free-riding", "--csv", str(words)).err
    )
    csv = tmp_path / "bad.csv"
    csv.write_text("state,gdp\nA,1\n")
    result = cli("burden", "free-riding", "--csv", str(csv))
    assert result.code == 2
    assert f"{csv}: missing column 'size'; columns allowed: state, size, threat, burden" in _one_error_line(
        result.err
    )
