"""`alliancelab data build`: output, summary and one-line errors without partial files."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from alliancelab.data.builders import read_frame


def test_build_writes_parquet_and_summarises(cli, data_dir: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "dyads.parquet"
    result = cli(
        "data", "build", "--years", "1990-1991", "--add", "atop,nmc,majors,democracy,un", "--out", str(out)
    )
    assert result.code == 0, result.err
    frame = read_frame(out)
    assert {"atop_defense", "cinc1", "cowmaj2", "polity21", "un_agree"} <= set(frame.columns)
    assert f"{len(frame)}" in result.out.replace(",", "")
    assert "leeds2002atop" in result.out and "rows" in result.out


def test_build_state_years_csv_with_reference(cli, data_dir: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "states.csv"
    result = cli("data", "build", "--unit", "state-year", "--years", "1985", "--add", "un", "--un-reference",
                 "2", "--out", str(out))  # fmt: skip
    assert result.code == 0, result.err
    frame = pd.read_csv(out)
    assert frame.loc[frame["ccode"] == 2, "un_agree_ref"].iloc[0] == 1.0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--years", "1946-2030", "--add", "atop"], "outside the COW state-system data"),
        (["--years", "1990", "--add", "atp"], "did you mean 'atop'"),
        (["--years", "1816-1900", "--add", "un"], "does not overlap"),
        (["--years", "1990", "--unit", "state-year", "--add", "atop"], "only for dyad-years"),
    ],
)
def test_bad_input_is_one_line_and_leaves_no_file(
    cli,
    data_dir: Path,
    tmp_path: Path,
    args: list[str],
    message: str,  # type: ignore[no-untyped-def]
) -> None:
    out = tmp_path / "x.parquet"
    result = cli("data", "build", *args, "--out", str(out))
    assert result.code == 2
    lines = [line for line in result.err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:") and message in lines[0]
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_bad_output_suffix(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("data", "build", "--years", "1990", "--out", str(tmp_path / "x.xlsx"))
    assert (
        result.code == 2
        and "unsupported file type '.xlsx'; the file must end in .parquet, .csv" in result.err
    )
    assert list(tmp_path.iterdir()) == []


def test_all_on_state_years_means_every_state_level_step(cli, data_dir: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "s.parquet"
    result = cli(
        "data", "build", "--unit", "state-year", "--years", "2000", "--add", "all", "--out", str(out)
    )
    assert result.code == 0, result.err
    frame = read_frame(out)
    assert {"cinc", "polity2", "leader_tenure", "us_troops", "us_aid_total", "idealpointfp"} <= set(
        frame.columns
    )
    assert "atop_defense" not in frame.columns
