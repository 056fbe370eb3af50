"""``alliancelab maintain`` through the in-process ``cli`` fixture."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest


def test_maintain_lists_events_with_their_years(cli: Any) -> None:
    result = cli("maintain", "--years", "40", "--rng", "5", "--with-rival")
    assert result.code == 0, result.err
    assert "Events" in result.out and "form" in result.out and "regime_change" in result.out


def test_maintain_json_is_reproducible(cli: Any) -> None:
    one = json.loads(cli("maintain", "--years", "25", "--rng", "9", "--json").out)
    two = json.loads(cli("maintain", "--years", "25", "--rng", "9", "--json").out)
    assert one["events"] == two["events"] and one["path"] == two["path"]
    assert one["provenance"]["seed"] == 9 and len(one["path"]) == 26
    assert {e["year"] for e in one["events"]} <= set(range(26))


def test_maintain_writes_csv_parquet_and_figure(cli: Any, tmp_path: Path) -> None:
    csv, parquet, figure = tmp_path / "p.csv", tmp_path / "p.parquet", tmp_path / "p.png"
    assert cli("maintain", "--years", "20", "--rng", "3", "--out", str(csv), "--plot", str(figure)).code == 0
    assert cli("maintain", "--years", "20", "--rng", "3", "--out", str(parquet)).code == 0
    from_csv, from_parquet = pd.read_csv(csv), pd.read_parquet(parquet)
    assert len(from_csv) == 21 and list(from_csv["year"]) == list(range(21))
    assert from_csv["payment"].tolist() == pytest.approx(from_parquet["payment"].tolist())
    assert figure.stat().st_size > 10_000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.csv", "p.parquet", "p.png"]  # no temp files


def test_maintain_case_keeps_the_case_price_at_year_zero(cli: Any) -> None:
    body = json.loads(
        cli("maintain", "--case", "us-pakistan-1954", "--years", "3", "--rng", "1", "--json").out
    )
    formation = json.loads(cli("formation", "--case", "us-pakistan-1954", "--json").out)
    solution = formation.get("solution", formation)
    if solution["forms"]:
        assert body["path"][0]["alignment"] == "H"
        assert body["path"][0]["payment"] == pytest.approx(solution["payment"] / 0.95, rel=1e-9)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--years", "0"), "years = 0 is outside the allowed range [1, 10000]"),
        (("--rng", "-3"), "--rng -3: the seed must be an integer >= 0"),
        (("--out", "path.txt"), "unsupported file type '.txt'; the file must end in .csv, .parquet"),
        (("--plot", "path.xyz"), "must end in .png, .pdf, .svg"),
        (("--set", "theta_sdd=1"), "did you mean 'theta_sd'?"),
        (("--set", "democratization_prob=2"), "--set democratization_prob: 2 is outside"),
        (("--set", "W=0.9", "--set", "S=0.5"), "W = 0.9 exceeds S = 0.5"),
    ],
)
def test_maintain_bad_input_is_one_line_exit_2(cli: Any, args: tuple[str, ...], message: str) -> None:
    result = cli("maintain", *args)
    assert result.code == 2
    assert message in result.err and "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_maintain_rejects_a_non_integer_seed(cli: Any) -> None:
    result = cli("maintain", "--rng", "abc")
    assert result.code == 2 and "Traceback" not in result.err


def test_outputs_are_all_or_nothing(cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A figure that fails after the table was written leaves the old table in place and no figure."""
    import alliancelab.report.dynamics_plots as plots

    def broken(*_args: Any, **_kwargs: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(plots, "plot_path", broken)
    table, figure = tmp_path / "path.csv", tmp_path / "path.png"
    table.write_text("old")
    result = cli("maintain", "--years", "5", "--rng", "1", "--out", str(table), "--plot", str(figure))
    assert result.code == 2 and result.err == f"error: No space left on device: {table}, {figure}\n"
    assert table.read_text() == "old" and sorted(p.name for p in tmp_path.iterdir()) == ["path.csv"]
