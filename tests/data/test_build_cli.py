"""`alliancelab data build` with the second-wave steps: the UN membership, new steps, both mismatch counts."""

from __future__ import annotations

import json
from pathlib import Path

from alliancelab.data.builders import read_frame


def test_un_state_years_with_conflict_steps_and_both_mismatch_directions(
    cli, data_dir: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "un.parquet"
    args = ["data", "build", "--unit", "state-year", "--system", "un", "--years", "1950-1960"]
    result = cli(*args, "--add", "nmc,ucdp,spells,sipri", "--out", str(out), "--json")
    assert result.code == 0, result.err
    summary = json.loads(result.out)
    frame = read_frame(out)
    assert ((frame["ccode"] == 369) & (frame["year"] == 1950)).any()  # Ukraine votes; COW lists it from 1991
    assert {"ucdpongoing", "ucdpspell", "ucdpspell3", "sipri_milex", "cinc"} <= set(frame.columns)
    # Ukraine has UN votes but no NMC row before 1991: the frame side of the mismatch, named in the summary
    unmatched = summary["unmatched (both directions)"]
    assert (
        "add_nmc:" in unmatched
        and "frame rows without data" in unmatched
        and "source rows left out" in unmatched
    )
    nmc = frame.attrs["unmatched"]["add_nmc"]
    assert "369 1950-1960" in nmc["frame_rows"]["rows"] and nmc["frame_rows"]["count"] >= 11


def test_dyad_steps_refuse_the_un_list_and_state_steps_refuse_dyads(cli, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("data", "build", "--system", "un", "--years", "1990", "--add", "atop")
    assert result.code == 2 and "--unit state-year" in result.err
    result = cli("data", "build", "--years", "1990", "--add", "ucdp")
    assert result.code == 2 and "only for state-years" in result.err
    result = cli("data", "build", "--years", "1990", "--add", "spells")
    assert result.code == 2 and "needs an event step first" in result.err
