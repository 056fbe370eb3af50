"""Writing to a frame an adder returned never changes the frame it was made from (nor the reverse).

The adders build their result from the input's columns without copying them where that is safe
(pandas' copy-on-write, or inside ``pipeline.build``); on pandas 2 without copy-on-write a shared column
would be written through, so ``out["cinc1"] *= 2`` silently doubled the input's ``cinc1`` too.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from alliancelab.data.builders import add_cow_majors, add_nmc, create_dyadyears, restore
from alliancelab.data.builders._frame import add_columns, shares_safely, sharing_columns


def _state_frame() -> pd.DataFrame:
    frame = pd.DataFrame(
        {"ccode": np.array([2, 20], dtype=np.int32), "year": np.array([1990, 1990], dtype=np.int32)}
    )
    frame["x"] = [1.0, 2.0]
    frame.attrs = {"unit": "state-year", "system": "cow", "sources": [], "steps": []}
    return frame


def test_writing_to_the_result_leaves_the_input_alone() -> None:
    frame = _state_frame()
    out = add_columns(frame, {"y": np.array([3.0, 4.0])}, step="add_y")
    out["x"] *= 2
    out.loc[0, "ccode"] = 999
    assert frame["x"].tolist() == [1.0, 2.0]
    assert frame["ccode"].tolist() == [2, 20]
    frame.loc[1, "x"] = -1.0  # and the other way round
    assert out["x"].tolist() == [2.0, 4.0]


def test_restored_frame_is_independent_of_the_merged_one() -> None:
    original = _state_frame()
    merged = original.merge(pd.DataFrame({"ccode": [2], "z": [5.0]}), how="left")
    restored = restore(merged, like=original)
    restored.loc[0, "x"] = 100.0
    assert merged.loc[0, "x"] == 1.0


def test_sharing_is_limited_to_its_context() -> None:
    frame = _state_frame()
    with sharing_columns():
        assert shares_safely()
        shared = add_columns(frame, {}, step="add_nothing")
    assert np.shares_memory(shared["x"].to_numpy(), frame["x"].to_numpy())
    copied = add_columns(frame, {}, step="add_nothing")
    if not shares_safely():  # pandas 2 without copy-on-write: the columns must have been copied
        assert not np.shares_memory(copied["x"].to_numpy(), frame["x"].to_numpy())


def test_real_adders_do_not_write_through(data_dir: Path) -> None:
    del data_dir
    dyads = create_dyadyears(years=(2000, 2001))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with_nmc = add_nmc(dyads)
        before = with_nmc.copy(deep=True)
        with_majors = add_cow_majors(with_nmc)
    with_majors["cinc1"] *= 2
    with_majors.loc[with_majors.index[0], "ccode1"] = 999
    pd.testing.assert_frame_equal(with_nmc, before)
    assert dyads["ccode1"].iloc[0] == before["ccode1"].iloc[0] != 999
    again = add_nmc(create_dyadyears(years=(2000, 2001)))  # nor a table cached for the next call
    pd.testing.assert_series_equal(again["cinc1"], before["cinc1"])


@pytest.mark.parametrize("copy_on_write", [True, False])
def test_both_pandas_modes(copy_on_write: bool) -> None:
    with pd.option_context("mode.copy_on_write", copy_on_write):
        frame = _state_frame()
        out = add_columns(frame, {}, step="add_nothing")
        out["x"] *= 2
        assert frame["x"].tolist() == [1.0, 2.0]
