"""The second wave of adders and units, each fact checked against the raw file read here independently.

The raw files are opened with pyreadr/openpyxl in the test itself (never through the builders), so a
mistake in a reader, a preparer or a join shows up as a disagreement.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from alliancelab.data import (
    RepeatedStepWarning,
    UnmatchedCodesWarning,
    add_atop_alliance,
    add_capital_distance,
    add_contiguity,
    add_cow_majors,
    add_gml_mids,
    add_minimum_distance,
    add_nmc,
    add_sipri,
    add_spells,
    add_un_agreement,
    create_alliance_spells,
    create_dyadyears,
    create_stateyears,
    filter_prd,
    read,
    restore,
)
from alliancelab.data.builders.similarity import portfolio_similarity
from alliancelab.data.builders.spells import spell_counter
from alliancelab.errors import UserInputError
from alliancelab.references import cite

pytestmark = pytest.mark.data
USA, CAN, MEX, UKR = 2, 20, 70, 369


def _raw(data_dir: Path, name: str, obj: str | None = None) -> pd.DataFrame:
    import pyreadr

    frame: pd.DataFrame = pyreadr.read_r(str(data_dir / "peacesciencer" / f"{name}.rda"))[obj or name]
    return frame


@pytest.fixture(scope="module")
def cold_war(data_dir: Path) -> pd.DataFrame:
    """Directed dyad-years 1946-1990 with the geography, disputes and peace-years."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnmatchedCodesWarning)
        return (
            create_dyadyears(years=(1946, 1990))
            .pipe(add_contiguity)
            .pipe(add_cow_majors)
            .pipe(add_gml_mids)
            .pipe(add_spells)
        )


def test_us_canada_and_us_mexico_are_land_contiguous(data_dir: Path, cold_war: pd.DataFrame) -> None:
    raw = _raw(data_dir, "cow_contdir")
    for partner in (CAN, MEX):
        spells = raw[(raw["ccode1"] == USA) & (raw["ccode2"] == partner)]
        start, end = pd.to_datetime(spells["stdate"]), pd.to_datetime(spells["enddate"])
        covering = spells[(start.dt.year <= 1970) & (end.dt.year >= 1970)]
        assert list(covering["conttype"]) == [1]  # the raw file: one land spell covers 1970
        rows = cold_war[(cold_war["ccode1"] == USA) & (cold_war["ccode2"] == partner)]
        assert (rows["conttype"] == 1).all(), partner  # every Cold War year
    never = cold_war[(cold_war["ccode1"] == USA) & (cold_war["ccode2"] == 200)]
    assert (never["conttype"] == 0).all()  # USA-UK: no spell at all -> 0, not missing


def test_a_dispute_onset_is_in_the_right_directed_dyad_and_year(
    data_dir: Path, cold_war: pd.DataFrame
) -> None:
    raw = _raw(data_dir, "gml_mid_ddydisps")
    onsets = raw[(raw["gmlmidonset"] == 1) & raw["year"].between(1946, 1990)]
    keyed = cold_war.set_index(["ccode1", "ccode2", "year"])
    sample = onsets.sample(40, random_state=1)
    for c1, c2, year, dispnum, sidea1, orig1 in sample[
        ["ccode1", "ccode2", "year", "dispnum", "sidea1", "orig1"]
    ].itertuples(index=False):
        row = keyed.loc[(int(c1), int(c2), int(year))]
        assert row["gmlmidonset"] == 1 and row["gmlmidongoing"] == 1
        assert row["gmlmiddispnum"] == dispnum
        assert row["gmlmidinit1"] == int(sidea1 == 1 or orig1 == 0)  # peacesciencer's default rule
    # 1948: the Berlin blockade dispute (GML 26) starts in the USA-USSR dyad, with the USSR on side A
    berlin = keyed.loc[(USA, 365, 1948)]
    assert (berlin["gmlmidonset"], berlin["gmlmiddispnum"], berlin["gmlmidinit2"]) == (1, 26, 1)
    # every other year of a dyad is 0: USA-Canada has disputes only in the years the raw file lists
    us_can = cold_war[(cold_war["ccode1"] == USA) & (cold_war["ccode2"] == CAN)]
    listed = set(raw.loc[(raw["ccode1"] == USA) & (raw["ccode2"] == CAN), "year"].astype(int))
    assert set(us_can.loc[us_can["gmlmidongoing"] == 1, "year"]) == listed & set(range(1946, 1991))
    assert us_can["gmlmidongoing"].notna().all()


def test_peace_years_reset_at_each_event_and_count_up_after(cold_war: pd.DataFrame) -> None:
    frame = cold_war.sort_values(["ccode1", "ccode2", "year"])
    spell = frame["gmlmidspell"].to_numpy()
    event = frame["gmlmidongoing"].to_numpy(dtype=np.int64)
    same = (frame["ccode1"].to_numpy()[1:] == frame["ccode1"].to_numpy()[:-1]) & (
        frame["ccode2"].to_numpy()[1:] == frame["ccode2"].to_numpy()[:-1]
    )
    after_event = same & (event[:-1] == 1)
    quiet_before = same & (event[:-1] == 0)
    assert (spell[1:][after_event] == 0).all()  # reset after an event year
    assert (spell[1:][quiet_before] == spell[:-1][quiet_before] + 1).all()  # count up while quiet
    assert (spell[np.r_[True, ~same]] == 0).all()  # each dyad starts at 0
    assert np.allclose(frame["gmlmidspell3"], spell**3)
    # USA-USSR: ongoing 1948-1951 -> 0 after each; the first quiet year 1952 follows an event year
    us_ussr = frame[(frame["ccode1"] == USA) & (frame["ccode2"] == 365)].set_index("year")
    assert us_ussr.loc[1952, "gmlmidspell"] == 0 and us_ussr.loc[1951, "gmlmidongoing"] == 1


def test_spell_counter_follows_ps_spells() -> None:
    units = np.array([0, 0, 0, 0, 0, 0, 0, 0, 1, 1])
    events = np.array([0, 0, 1, 0, 0, 1, 1, 0, 1, 0])
    assert spell_counter(units, events).tolist() == [0, 1, 2, 0, 1, 2, 0, 0, 0, 0]
    ongoing = spell_counter(units, events, ongoing=True)
    assert np.isnan(ongoing[6]) and ongoing[7] == 0  # the second year of a run is not a new failure


def test_politically_relevant_dyads_are_contiguous_or_involve_a_major(
    data_dir: Path, cold_war: pd.DataFrame
) -> None:
    majors = _raw(data_dir, "cow_majors")
    major_years = {
        (int(c), y)
        for c, a, b in majors[["ccode", "styear", "endyear"]].itertuples(index=False)
        for y in range(int(a), int(b) + 1)
    }
    prd = filter_prd(cold_war)
    is_major = [
        (c1, y) in major_years or (c2, y) in major_years
        for c1, c2, y in cold_war[["ccode1", "ccode2", "year"]].itertuples(index=False)
    ]
    expected = (cold_war["conttype"] >= 1).to_numpy() | np.array(is_major)
    assert len(prd) == int(expected.sum()) and prd.attrs["filtered"]["filter_prd"] == int((~expected).sum())
    assert ((prd["conttype"] >= 1) | (prd["cowmaj1"] == 1) | (prd["cowmaj2"] == 1)).all()
    assert prd.attrs["steps"][-1] == "filter_prd"


def test_atop_alliance_is_peacesciencers_any_listed_dyad_year(data_dir: Path) -> None:
    raw = _raw(data_dir, "atop_alliance")
    raw = raw[raw["year"].between(1946, 2014)]
    frame = create_dyadyears(years=(1946, 2014)).pipe(add_atop_alliance)

    def key(c1: pd.Series, c2: pd.Series, year: pd.Series) -> np.ndarray:
        return np.asarray((c1.astype(np.int64) * 1000 + c2.astype(np.int64)) * 10_000 + year.astype(np.int64))

    listed = key(raw["ccode1"], raw["ccode2"], raw["year"])
    expected = np.isin(key(frame["ccode1"], frame["ccode2"], frame["year"]), listed)
    assert (frame["atop_alliance"].to_numpy(dtype=bool) == expected).all()
    five = frame[["atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"]].sum(axis=1)
    assert int(((frame["atop_alliance"] == 1) & (five == 0)).sum()) == 37  # the count


def test_portfolio_similarity_of_a_state_with_itself_is_one(rng: np.random.Generator) -> None:
    ties = rng.integers(0, 4, size=(30, 30))
    ties = np.maximum(ties, ties.T)
    np.fill_diagonal(ties, 3)
    scores = portfolio_similarity(ties)
    for name, matrix in scores.items():
        assert np.allclose(np.diag(matrix), 1.0), name
        assert np.allclose(matrix, matrix.T, equal_nan=True), name
    assert np.nanmin(scores["sallyvua"]) >= -1 and np.nanmax(scores["kallyb"]) <= 1
    # identical portfolios (two rows alike) score 1 off the diagonal too
    ties[1], ties[:, 1] = ties[0], ties[:, 0]
    ties[0, 1] = ties[1, 0] = ties[1, 1] = ties[0, 0] = 3
    assert portfolio_similarity(ties)["sallyvua"][0, 1] == pytest.approx(1.0)


def test_sipri_burden_of_a_nato_member_equals_the_sheet(data_dir: Path) -> None:
    import openpyxl  # type: ignore[import-untyped]

    book = openpyxl.load_workbook(
        data_dir / "sipri_milex" / "SIPRI-Milex-data-1949-2024_2.xlsx", read_only=True
    )
    try:
        sheet = {}
        for title in ("Share of GDP", "Constant (2023) US$"):
            rows = book[title].iter_rows(values_only=True)
            header = next(r for r in rows if r and r[0] == "Country")
            column = list(header).index(2010)
            sheet[title] = next(r for r in rows if r and r[0] == "Germany")[column]
    finally:
        book.close()
    frame = create_stateyears(years=(2010, 2010)).pipe(add_sipri)
    germany = frame[frame["ccode"] == 255].iloc[0]
    assert germany["sipri_milex_gdp"] == pytest.approx(sheet["Share of GDP"])
    assert germany["sipri_milex"] == pytest.approx(sheet["Constant (2023) US$"])
    assert 0 < germany["sipri_milex_gdp"] < 0.05


def test_both_directions_of_a_mismatch_are_reported(data_dir: Path) -> None:
    """UN agreement on COW state-years: the 86 voting state-years without a COW row are named."""
    with pytest.warns(UnmatchedCodesWarning, match="86 source rows"):
        frame = create_stateyears(years=(1950, 2014)).pipe(add_un_agreement, 2)
    source_only = frame.attrs["unmatched"]["add_un_agreement"]["source_only"]
    assert source_only["count"] == 86
    assert (
        "369 1950-1990" in source_only["rows"] and "370 1950-1990" in source_only["rows"]
    )  # Ukraine, Belarus
    votes = read("un_votes_voeten")
    cast = votes[votes["vote"].between(1, 3) & votes["year"].between(1950, 2014)]
    voters = set(zip(cast["ccode"].astype(int), cast["year"].astype(int), strict=True))
    in_frame = set(zip(frame["ccode"].astype(int), frame["year"].astype(int), strict=True))
    assert len(voters - in_frame) == 86  # counted independently from the votes
    # the frame side: COW states SIPRI never lists keep their rows, with missing values, and are named
    with pytest.warns(UnmatchedCodesWarning):
        milex = create_stateyears(years=(2000, 2000)).pipe(add_sipri)
    lacking = milex.attrs["unmatched"]["add_sipri"]["codes"]
    assert lacking and milex.loc[milex["ccode"].isin(lacking), "sipri_milex"].isna().all()


def test_un_state_years_hold_every_state_year_that_voted(data_dir: Path) -> None:
    frame = create_stateyears(system="un")
    votes = read("un_votes_voeten")
    cast = votes[votes["vote"].between(1, 3)]
    voters = set(zip(cast["ccode"].astype(int), cast["year"].astype(int), strict=True))
    assert set(zip(frame["ccode"].astype(int), frame["year"].astype(int), strict=True)) == voters
    assert ((frame["ccode"] == UKR) & (frame["year"] == 1950)).any()
    assert frame.attrs["membership"] == "un" and frame.attrs["unit"] == "state-year"
    with_nmc = frame.pipe(add_nmc)  # a state-level adder works on the UN membership
    assert with_nmc.loc[(with_nmc["ccode"] == USA) & (with_nmc["year"] == 1990), "cinc"].notna().all()


def test_metadata_lost_in_a_merge_is_named_and_restored(data_dir: Path) -> None:
    frame = create_stateyears(years=(1990, 1991)).pipe(add_nmc)
    merged = frame.merge(pd.DataFrame({"ccode": [USA], "extra": [1.0]}), how="left")
    assert merged.attrs == {}
    with pytest.raises(UserInputError, match=r"metadata were lost.*restore"):
        cite(merged)
    with pytest.raises(UserInputError, match=r"restore\(frame, like=original\)"):
        add_sipri(merged)
    back = restore(merged, like=frame)
    assert "singer1972capability" in cite(back) and back.attrs["steps"][-1] == "restore"
    with pytest.warns(RepeatedStepWarning, match="already went through add_nmc"):
        twice = frame.pipe(add_nmc)
    assert list(twice.columns) == list(frame.columns)  # replaced, not added twice


def test_distances_on_dyads_and_states(data_dir: Path) -> None:
    frame = create_dyadyears(years=(2000, 2000)).pipe(add_capital_distance).pipe(add_minimum_distance)
    us_can = frame[(frame["ccode1"] == USA) & (frame["ccode2"] == CAN)].iloc[0]
    assert us_can["mindist"] == 0  # a shared border
    assert us_can["capdist"] == pytest.approx(735, abs=5)  # Washington-Ottawa, great circle
    raw = _raw(data_dir, "cow_mindist")
    us_uk = raw[(raw["ccode1"] == USA) & (raw["ccode2"] == 200) & (raw["year"] == 2000)]["mindist"].iloc[0]
    both = frame[(frame["ccode1"].isin([USA, 200])) & (frame["ccode2"].isin([USA, 200]))]["mindist"]
    assert both.tolist() == pytest.approx([us_uk, us_uk])  # either order of the pair
    states = create_stateyears(years=(2000, 2000)).pipe(add_contiguity)
    assert states.loc[states["ccode"] == USA, "land"].iloc[0] == 2  # Canada and Mexico


def test_alliance_spells_for_survival_models(data_dir: Path) -> None:
    spells = create_alliance_spells()
    expected = ["ccode1", "ccode2", "atopid", "start_year", "end_year", "ended", "end_reason"]
    assert expected == list(spells.columns[: len(expected)])
    nato = spells[(spells["atopid"] == 3180) & (spells["ccode1"] == USA) & (spells["ccode2"] == 200)]
    assert nato[["start_year", "ended"]].values.tolist() == [[1949, 0]]
    assert (nato["end_reason"] == "in force").all() and (nato["atop_defense"] == 1).all()
    assert set(spells["end_reason"]) == {"in force", "membership change", "alliance ended"}
    assert (spells.loc[spells["ended"] == 0, "end_reason"] == "in force").all()
    assert (spells["start_year"] <= spells["end_year"]).all()
