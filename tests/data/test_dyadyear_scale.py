"""Scale: every directed dyad-year of the COW system with every adder (slow; ~2 GB at peak)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from alliancelab.data import read
from alliancelab.data.builders import ADDERS, build


@pytest.mark.slow
def test_full_build_keeps_every_dyad_year_and_reports_what_it_cannot_match(data_dir: Path) -> None:
    steps = [name for name in ADDERS if name != "ucdp"]  # UCDP conflicts are state-year only
    result = build((1816, 2014), steps)
    frame = result.frame
    ddy = read("cow_ddy")
    ddy = ddy[ddy["year"] <= 2014]
    assert len(frame) == len(ddy) == 1_836_630  # no adder adds or drops rows
    key = frame["ccode1"].astype(np.int64) * 10**7 + frame["ccode2"].astype(np.int64) * 10**4 + frame["year"]
    assert key.is_unique
    assert frame.attrs["steps"][0] == "create_dyadyears"
    assert len(frame.attrs["steps"]) == 1 + len(steps)  # every adder ran, once
    # coverage: the 19th century has no UN votes, so agreement is missing (never 0) there
    assert frame.loc[frame["year"] < 1946, "un_agree"].isna().all()
    assert (
        frame.loc[(frame["year"] >= 1950) & (frame["ccode1"] == 2) & (frame["ccode2"] == 200), "un_agree"]
        .notna()
        .all()
    )
    # what could not be matched is reported, per adder, never silently dropped
    assert isinstance(frame.attrs["unmatched"], dict)
    assert len(frame.attrs["sources"]) >= 10
