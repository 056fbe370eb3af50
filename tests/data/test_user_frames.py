"""Adders on frames a user has filtered, sampled or re-sorted, checked against plain pandas merges.

The joins take shortcuts for builder-made frames (sorted keys, runs of one state-year); a user's frame
may have lost that order, have duplicated rows, no rows at all, or Gleditsch–Ward codes.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from alliancelab.data.builders import add_atop_alliance, add_nmc, create_dyadyears, create_stateyears, restore
from alliancelab.data.builders._tables import prepared
from alliancelab.data.builders.pipeline import ADDERS
from alliancelab.data.crosswalk import gw_to_cow
from alliancelab.errors import UserInputError


@pytest.fixture(autouse=True)
def _quiet() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


@pytest.mark.parametrize("unit", ["state-year", "dyad-year"])
def test_every_adder_takes_a_frame_a_filter_emptied(data_dir: Path, unit: str) -> None:
    del data_dir
    made = (
        create_dyadyears(years=(1990, 1991)) if unit == "dyad-year" else create_stateyears(years=(1990, 1991))
    )
    empty = made[made["year"] > 2000]
    for name, adder in ADDERS.items():
        try:
            out = adder(empty, 2) if name == "un" else adder(empty)  # type: ignore[call-arg]
        except UserInputError:  # a step for the other unit, or one needing an earlier step
            continue
        assert len(out) == 0, name
        assert set(empty.columns) < set(out.columns), name


def _cow_keys(frame: pd.DataFrame, gw: bool) -> pd.DataFrame:
    years = frame["year"].to_numpy()
    sides = ["gwcode1", "gwcode2"] if gw else ["ccode1", "ccode2"]
    codes = [frame[s].to_numpy(dtype=np.float64) for s in sides]
    if gw:
        codes = [
            gw_to_cow(c.astype(np.int64), years).to_numpy(dtype=np.float64, na_value=np.nan) for c in codes
        ]
    return pd.DataFrame({"code1": codes[0], "code2": codes[1], "year": years.astype(np.int64)})


def _atop_reference(frame: pd.DataFrame, *, directed: bool, gw: bool) -> np.ndarray:
    keys = _cow_keys(frame, gw)
    atop = prepared("atop")[["code1", "code2", "year", "atop_defense"]].astype(
        {"code1": float, "code2": float}
    )
    value = keys.merge(atop, how="left", on=["code1", "code2", "year"])["atop_defense"].astype(float)
    if not directed:
        swapped = atop.rename(columns={"code1": "code2", "code2": "code1"})
        other = keys.merge(swapped, how="left", on=["code1", "code2", "year"])["atop_defense"].astype(float)
        value = np.fmax(value, other)
    return np.where(value.isna(), 0.0, value.to_numpy())  # inside ATOP's years: absent is 0


@pytest.mark.parametrize(("system", "directed"), [("cow", True), ("cow", False), ("gw", True), ("gw", False)])
def test_atop_on_sampled_and_resorted_frames(data_dir: Path, system: str, directed: bool) -> None:
    del data_dir
    made = create_dyadyears(system, (1985, 1992), directed=directed)  # type: ignore[arg-type]
    side2 = made.columns[1]
    user = [
        made.sample(frac=0.3, random_state=1),
        made.sort_values([side2, "year"]),
        restore(pd.concat([made.iloc[:3000], made.iloc[1000:4000]]), like=made),
        made[made["year"] == 1990].set_axis(np.arange(0, 2 * int((made["year"] == 1990).sum()), 2)),
    ]
    for frame in user:
        out = add_atop_alliance(frame)
        assert out.index.equals(frame.index)
        got = out["atop_defense"].to_numpy(dtype=np.float64, na_value=np.nan)
        np.testing.assert_array_equal(got, _atop_reference(frame, directed=directed, gw=system == "gw"))


def test_nmc_on_a_reversed_state_frame_with_duplicates(data_dir: Path) -> None:
    del data_dir
    made = create_stateyears(years=(1816, 1830))
    frame = restore(pd.concat([made, made.sample(frac=0.5, random_state=2)]).iloc[::-1], like=made)
    out = add_nmc(frame)
    nmc = prepared("nmc")[["code", "year", "cinc"]]
    expected = (
        frame.rename(columns={"ccode": "code"}).astype("int64").merge(nmc, how="left", on=["code", "year"])
    )
    np.testing.assert_array_equal(out["cinc"].to_numpy(), expected["cinc"].to_numpy())


def test_a_step_applied_twice_warns_and_leaves_the_frame_as_it_was(data_dir: Path) -> None:
    del data_dir
    from alliancelab.data.builders import RepeatedStepWarning, add_cow_majors

    once = add_cow_majors(add_nmc(add_atop_alliance(create_dyadyears(years=(1980, 1982)))))
    other_order = add_atop_alliance(add_cow_majors(add_nmc(create_dyadyears(years=(1980, 1982)))))
    pd.testing.assert_frame_equal(other_order[list(once.columns)], once)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RepeatedStepWarning)
        with pytest.raises(RepeatedStepWarning):
            add_nmc(once)
    twice = add_nmc(once)  # the replaced columns keep their places
    pd.testing.assert_frame_equal(twice, once)
    assert twice.attrs["steps"][-2:] == ["add_cow_majors", "add_nmc"]


def _with_a_missing_key(frame: pd.DataFrame, column: str, row: int) -> pd.DataFrame:
    """``frame`` with the key ``column`` missing at ``row``, as an outer merge leaves it."""
    holed = frame.astype({column: "Int64"})
    holed.loc[row, column] = pd.NA
    return restore(holed, like=frame)


@pytest.mark.parametrize(
    ("unit", "column"), [("dyad-year", "ccode2"), ("dyad-year", "year"), ("state-year", "year")]
)
def test_a_row_without_a_state_code_or_year_gets_missing_values(
    data_dir: Path, unit: str, column: str
) -> None:
    """Dyad joins indexed arrays with the int64 minimum (IndexError), ``add_spells`` compared NA
    (TypeError), ``add_us_aid`` took int(NaN) for the frame's first year; now such a row matches nothing."""
    del data_dir
    from alliancelab.data.builders import add_cow_majors, add_gml_mids

    if unit == "dyad-year":
        made = add_gml_mids(add_nmc(add_cow_majors(create_dyadyears(years=(2000, 2001)))))
    else:
        made = create_stateyears(years=(2000, 2001))
    row = 3
    holed = _with_a_missing_key(made, column, row)
    without = made.drop(index=row)
    for name, adder in ADDERS.items():
        try:
            out = adder(holed, 2) if name == "un" else adder(holed)  # type: ignore[call-arg]
        except UserInputError:
            continue
        expected = adder(without, 2) if name == "un" else adder(without)  # type: ignore[call-arg]
        added = [c for c in out.columns if c not in holed.columns]
        if name != "patron":  # patron-client is computed from the row's own cinc and major-power columns
            assert out.loc[row, added].isna().all(), name
        for c in added:
            if not pd.api.types.is_numeric_dtype(out[c].dtype):  # lists of names, such as missions
                assert out.loc[without.index, c].tolist() == expected[c].tolist(), f"{name} {c}"
                continue
            np.testing.assert_array_equal(
                out.loc[without.index, c].to_numpy(dtype=np.float64, na_value=np.nan),
                expected[c].to_numpy(dtype=np.float64, na_value=np.nan),
                err_msg=f"{name} {c}",
            )


def test_state_adders_on_leader_dyad_years(data_dir: Path) -> None:
    """``add_nmc`` (every state adder) raised KeyError 'gwcode' on leader-dyad-years, and contiguity and
    ideal points took them for state-years; now each side gets its state's values and dyadic sources
    their dyad's, as on Gleditsch–Ward dyad-years."""
    del data_dir
    from alliancelab.data.builders import add_contiguity, create_leaderdyadyears

    leaders = create_leaderdyadyears(years=(1990, 1991)).sample(frac=0.3, random_state=1)
    out = add_nmc(leaders)
    nmc = prepared("nmc")[["code", "year", "cinc"]].astype({"code": float})
    for side in "12":
        cow = gw_to_cow(leaders[f"gwcode{side}"].to_numpy(), leaders["year"].to_numpy())
        keys = pd.DataFrame(
            {"code": cow.to_numpy(dtype=float, na_value=np.nan), "year": leaders["year"].astype("int64")}
        )
        expected = keys.merge(nmc, how="left", on=["code", "year"])["cinc"].to_numpy()
        np.testing.assert_array_equal(out[f"cinc{side}"].to_numpy(), expected)
    states = add_contiguity(create_dyadyears("gw", (1990, 1991)))[["gwcode1", "gwcode2", "year", "conttype"]]
    reference = leaders[["gwcode1", "gwcode2", "year"]].merge(states, how="left")["conttype"].astype(float)
    got = add_contiguity(leaders)["conttype"].to_numpy(dtype=np.float64, na_value=np.nan)
    known = reference.notna().to_numpy()  # leader pairs of states in the GW list that year
    np.testing.assert_array_equal(got[known], reference.to_numpy()[known])
    assert (got[known] > 0).sum() > 100
