"""Facts from the data that the dyad-year and state-year builders must reproduce."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from alliancelab.data import read
from alliancelab.data.builders import (
    UnmatchedCodesWarning,
    add_atop_alliance,
    add_cow_majors,
    add_democracy,
    add_gdp,
    add_ideal_points,
    add_leaders,
    add_nmc,
    add_patron_client,
    add_rivalries,
    add_us_aid,
    add_us_troops,
    build,
    create_dyadyears,
    create_stateyears,
    read_frame,
    write_parquet,
)
from alliancelab.errors import UserInputError
from alliancelab.references import cite

USA, UK, PAKISTAN, INDIA, ISRAEL = 2, 200, 770, 750, 666


@pytest.fixture(scope="module")
def dyads(data_dir: Path) -> pd.DataFrame:
    """The peacesciencer benchmark pipeline: directed dyad-years 1946-2014 with ATOP, NMC, majors."""
    return create_dyadyears(years=(1946, 2014)).pipe(add_atop_alliance).pipe(add_nmc).pipe(add_cow_majors)


def _row(frame: pd.DataFrame, a: int, b: int, year: int) -> pd.Series:
    hit = frame[(frame["ccode1"] == a) & (frame["ccode2"] == b) & (frame["year"] == year)]
    assert len(hit) == 1, f"expected one row for {a}->{b} in {year}, got {len(hit)}"
    return hit.iloc[0]


def test_same_dyad_years_as_peacesciencer(dyads: pd.DataFrame) -> None:
    """1,596,280 directed dyad-years, and exactly peacesciencer's (cow_ddy) pairs."""
    assert len(dyads) == 1_596_280
    ddy = read("cow_ddy")
    ddy = ddy[(ddy["year"] >= 1946) & (ddy["year"] <= 2014)]
    ours = dyads["ccode1"].astype(np.int64) * 10**7 + dyads["ccode2"].astype(np.int64) * 10**4 + dyads["year"]
    theirs = ddy["ccode1"].astype(np.int64) * 10**7 + ddy["ccode2"].astype(np.int64) * 10**4 + ddy["year"]
    assert np.array_equal(np.sort(ours.to_numpy()), np.sort(theirs.to_numpy()))


def test_directed_dyads_per_year_are_n_times_n_minus_1(dyads: pd.DataFrame) -> None:
    """In every year, n·(n−1) dyads minus the pairs of members that never coexisted that year."""
    states = create_stateyears(years=(1946, 2014))
    n = states.groupby("year").size()
    count = dyads.groupby("year").size()
    transition_years = {1958, 1964, 1975, 1990}  # states that replace one another within the year
    for year in n.index:
        if year in transition_years:
            assert count[year] < n[year] * (n[year] - 1)
        else:
            assert count[year] == n[year] * (n[year] - 1), year
    # 1990: North/South Yemen -> Yemen (May) and the two Germanies -> Germany (October)
    assert n[1990] * (n[1990] - 1) - count[1990] == 16


def test_directed_frame_has_both_orders(dyads: pd.DataFrame) -> None:
    a, b, y = (dyads[c].to_numpy(np.int64) for c in ("ccode1", "ccode2", "year"))
    forward, backward = a * 10**7 + b * 10**4 + y, b * 10**7 + a * 10**4 + y
    assert np.array_equal(np.sort(forward), np.sort(backward))


def test_usa_pakistan_defence_pact_from_1954(dyads: pd.DataFrame) -> None:
    """ATOP: the United States pledges to defend Pakistan from 1954 (SEATO, then the 1959 agreement)."""
    usa_pak = dyads[(dyads["ccode1"] == USA) & (dyads["ccode2"] == PAKISTAN)].set_index("year")[
        "atop_defense"
    ]
    assert (usa_pak.loc[1947:1953] == 0).all()
    assert (usa_pak.loc[1954:2014] == 1).all()
    # directed: Pakistan's pledge to the United States ended with its exit from SEATO in 1972
    pak_usa = dyads[(dyads["ccode1"] == PAKISTAN) & (dyads["ccode2"] == USA)].set_index("year")[
        "atop_defense"
    ]
    assert (pak_usa.loc[1954:1972] == 1).all()
    assert (pak_usa.loc[1973:2014] == 0).all()


def test_no_alliance_inside_atop_years_is_zero_not_missing(dyads: pd.DataFrame) -> None:
    assert dyads["atop_defense"].notna().all()
    assert _row(dyads, USA, INDIA, 1960)["atop_defense"] == 0


def test_capabilities_and_majors(dyads: pd.DataFrame) -> None:
    row = _row(dyads, USA, PAKISTAN, 1960)
    assert row["cowmaj1"] == 1 and row["cowmaj2"] == 0
    assert row["cinc1"] > 10 * row["cinc2"]
    nmc = read("cow_nmc")
    expected = nmc[(nmc["ccode"] == PAKISTAN) & (nmc["year"] == 1960)]["cinc"].iloc[0]
    assert row["cinc2"] == pytest.approx(expected)


def test_coverage_missing_outside_source_years(data_dir: Path) -> None:
    """Archigos ends in 2015 and ideal points start in 1946: outside, NA (never 0)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnmatchedCodesWarning)
        frame = create_stateyears(years=(1944, 2016)).pipe(add_leaders).pipe(add_ideal_points)
    usa = frame[frame["ccode"] == USA].set_index("year")
    assert pd.isna(usa.loc[2016, "leader_change"]) and pd.isna(usa.loc[2016, "n_leaders"])
    assert usa.loc[2015, "n_leaders"] == 1
    assert usa.loc[1945, "leader_change"] == 1  # Truman succeeded Roosevelt
    assert pd.isna(usa.loc[1945, "idealpointfp"]) and not pd.isna(usa.loc[1946, "idealpointfp"])


def test_gw_system_frames(data_dir: Path) -> None:
    """A GW frame joins COW-coded sources through the crosswalk (unified Germany: GW 260 = COW 255)."""
    frame = create_dyadyears("gw", years=2000).pipe(add_atop_alliance).pipe(add_nmc)
    assert frame.attrs["system"] == "gw" and {"gwcode1", "gwcode2"} <= set(frame.columns)
    row = frame[(frame["gwcode1"] == USA) & (frame["gwcode2"] == 260)].iloc[0]
    assert row["atop_defense"] == 1  # NATO
    nmc = read("cow_nmc")
    assert row["cinc2"] == pytest.approx(nmc[(nmc["ccode"] == 255) & (nmc["year"] == 2000)]["cinc"].iloc[0])


def test_attrs_and_citations(dyads: pd.DataFrame) -> None:
    assert dyads.attrs["unit"] == "dyad-year" and dyads.attrs["directed"] is True
    assert dyads.attrs["steps"] == ["create_dyadyears", "add_atop_alliance", "add_nmc", "add_cow_majors"]
    bib = cite(dyads)
    assert "@article{leeds2002atop," in bib and "singer1972capability" in bib


def test_builders_do_not_modify_their_input(data_dir: Path) -> None:
    base = create_dyadyears(years=1990)
    before = base.copy()
    attrs = dict(base.attrs)
    base.pipe(add_atop_alliance).pipe(add_nmc)
    pd.testing.assert_frame_equal(base, before)
    assert base.attrs == attrs


def test_patron_client_orientation(dyads: pd.DataFrame) -> None:
    marked = add_patron_client(dyads)
    row = _row(marked, USA, PAKISTAN, 1960)
    assert (row["asymmetric"], row["patron"], row["client"], row["patron_client"]) == (1, USA, PAKISTAN, 1)
    back = _row(marked, PAKISTAN, USA, 1960)
    assert back["patron"] == USA and back["patron_client"] == 0
    assert _row(marked, USA, UK, 1960)["asymmetric"] == 0  # two major powers, CINC ratio < 10
    kept = add_patron_client(dyads, keep="patron_client")
    assert (kept["patron"] == kept["ccode1"]).all() and len(kept) == int(marked["patron_client"].sum())


def test_patron_client_names_the_missing_step(data_dir: Path) -> None:
    with pytest.raises(UserInputError, match=r"run add_nmc\(\) first"):
        add_patron_client(create_dyadyears(years=1990).pipe(add_cow_majors))


def test_dyad_step_on_state_years_names_the_start(data_dir: Path) -> None:
    with pytest.raises(UserInputError, match=r"create_dyadyears\(\)"):
        add_atop_alliance(create_stateyears(years=1990))
    with pytest.raises(UserInputError, match="start the pipeline"):
        add_nmc(pd.DataFrame({"ccode": [2], "year": [1990]}))


@pytest.mark.parametrize("years", ["1946-2030", (1800, 1900), "2014-1946", "nineteen"])
def test_years_outside_the_data_are_errors(data_dir: Path, years: object) -> None:
    with pytest.raises(UserInputError, match="years"):
        create_dyadyears(years=years)  # type: ignore[arg-type]


def test_unknown_step_is_an_error_with_a_suggestion(data_dir: Path) -> None:
    with pytest.raises(UserInputError, match="did you mean 'atop'"):
        build((1990, 1991), "atp")


def test_unmatched_codes_are_counted_and_warned(data_dir: Path) -> None:
    states = create_stateyears(years=1990)
    with pytest.warns(UnmatchedCodesWarning, match="add_us_troops"):
        troops = add_us_troops(states)
    report = troops.attrs["unmatched"]["add_us_troops"]
    assert report["count"] > 0 and 223 in report["codes"]  # Liechtenstein: not in troopdata
    assert pd.isna(troops.loc[troops["ccode"] == 223, "us_troops"]).all()
    assert len(troops) == len(states)  # nothing dropped


def test_us_presence_facts(data_dir: Path) -> None:
    """Germany hosts the most U.S. troops in 1990; Israel and Egypt lead U.S. aid in 1985."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnmatchedCodesWarning)
        frame = create_stateyears(years=(1985, 1990)).pipe(add_us_troops).pipe(add_us_aid)
    y1990 = frame[frame["year"] == 1990].set_index("ccode")
    assert y1990["us_troops"].drop(index=USA).idxmax() == 255  # abroad; troopdata also lists the US itself
    y1985 = frame[frame["year"] == 1985].set_index("ccode")
    assert set(y1985["us_aid_total"].nlargest(2).index) == {666, 651}
    assert pd.isna(y1985.loc[USA, "us_aid_total"])  # the donor: missing, not 0
    assert (y1985["us_aid_econ"].dropna() >= 0).all()


def test_other_adders_add_documented_columns(data_dir: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnmatchedCodesWarning)
        frame = create_dyadyears(years=1980).pipe(add_democracy).pipe(add_gdp).pipe(add_rivalries)
    for column in ("polity21", "v2x_polyarchy2", "wbgdp2011est1", "tss_rivalry", "tss_aprin"):
        assert column in frame
    assert _row(frame, INDIA, PAKISTAN, 1980)["tss_rivalry"] == 1
    assert _row(frame, PAKISTAN, INDIA, 1980)["tss_rivalry"] == 1  # undirected source, both orders
    assert _row(frame, USA, UK, 1980)["tss_rivalry"] == 0


def test_parquet_round_trip_keeps_attrs(tmp_path: Path, dyads: pd.DataFrame) -> None:
    small = dyads[dyads["year"] == 1990]
    small.attrs = dict(dyads.attrs)
    path = write_parquet(small, tmp_path / "d.parquet")
    back = read_frame(path)
    assert back.attrs["sources"] == dyads.attrs["sources"] and len(back) == len(small)
    with pytest.raises(UserInputError, match=r"\.parquet"):
        write_parquet(small, tmp_path / "d.xlsx")
    assert not (tmp_path / "d.xlsx").exists()


def test_parquet_round_trip_keeps_the_index(tmp_path: Path) -> None:
    frame = pd.DataFrame({"ccode": [2, 2, 770], "year": [1990, 1991, 1990], "cinc": [0.14, 0.13, 0.004]})
    keyed = frame.set_index(["ccode", "year"])
    pd.testing.assert_frame_equal(read_frame(write_parquet(keyed, tmp_path / "k.parquet")), keyed)
    filtered = frame[frame["ccode"] == 2].iloc[1:]  # index [1]: the row's label in the frame it came from
    pd.testing.assert_frame_equal(read_frame(write_parquet(filtered, tmp_path / "f.parquet")), filtered)
    plain = read_frame(write_parquet(frame, tmp_path / "p.parquet"))
    assert list(plain.columns) == ["ccode", "year", "cinc"]  # a default index adds no column
    pd.testing.assert_frame_equal(plain, frame)


def test_fill_with_zero_only_inside_coverage(data_dir: Path) -> None:
    """Economic aid (Greenbook) ends in 2009 and T&D rivalries in 2010: afterwards NA, not 0."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnmatchedCodesWarning)
        states = create_stateyears(years=(2009, 2011)).pipe(add_us_aid)
        dyads = create_dyadyears(years=(2010, 2011)).pipe(add_rivalries, source="td")
    econ = states.set_index(["ccode", "year"])["us_aid_econ"]
    assert econ.loc[(PAKISTAN, 2009)] > 0 and pd.isna(econ.loc[(PAKISTAN, 2010)])
    assert econ.xs(2009, level="year").drop(index=USA).notna().all()  # inside: received nothing = 0
    assert states.set_index(["ccode", "year"])["us_aid_total"].loc[(PAKISTAN, 2011)] > 0
    td = dyads.set_index(["ccode1", "ccode2", "year"])["td_rivalry"]
    assert td.loc[(INDIA, PAKISTAN, 2010)] == 1 and td.loc[(USA, UK, 2010)] == 0
    assert dyads.loc[dyads["year"] == 2011, "td_rivalry"].isna().all()


def test_leader_change_and_tenure(data_dir: Path) -> None:
    """Archigos: Nawaz Sharif took office in Pakistan in June 2013; Obama had served ~6.94 years by 2015."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnmatchedCodesWarning)
        frame = create_stateyears(years=(2013, 2015)).pipe(add_leaders).set_index(["ccode", "year"])
    assert frame.loc[(PAKISTAN, 2013), "leader_change"] == 1 and frame.loc[(PAKISTAN, 2013), "n_leaders"] == 2
    assert frame.loc[(PAKISTAN, 2014), "leader_change"] == 0
    assert frame.loc[(PAKISTAN, 2013), "leader_tenure"] == pytest.approx(0.57, abs=0.01)
    assert frame.loc[(USA, 2015), "leader_tenure"] == pytest.approx(6.94, abs=0.01)


def test_undirected_frames(data_dir: Path) -> None:
    """Each pair once (code1 < code2); an ATOP obligation in either direction counts."""
    directed = create_dyadyears(years=1990)
    undirected = create_dyadyears(years=1990, directed=False).pipe(add_atop_alliance)
    assert len(undirected) * 2 == len(directed)
    assert (undirected["ccode1"] < undirected["ccode2"]).all() and undirected.attrs["directed"] is False
    assert _row(undirected, USA, PAKISTAN, 1990)["atop_defense"] == 1


def test_arrow_carries_the_attrs(dyads: pd.DataFrame) -> None:
    import json

    from alliancelab.data.builders import to_arrow

    table = to_arrow(dyads[dyads["year"] == 2000])
    meta = json.loads(table.schema.metadata[b"alliancelab"])
    assert meta["attrs"]["unit"] == "dyad-year" and table.num_rows == (dyads["year"] == 2000).sum()


def test_gw_state_years_with_leaders(data_dir: Path) -> None:
    """Archigos is GW-coded: a GW frame joins it directly, a COW frame through the crosswalk; both agree."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnmatchedCodesWarning)
        gw = create_stateyears("gw", years=2000).pipe(add_leaders).set_index("gwcode")
        cow = create_stateyears("cow", years=2000).pipe(add_leaders).set_index("ccode")
    assert gw.loc[260, "leader_tenure"] == pytest.approx(cow.loc[255, "leader_tenure"])  # Schroeder
    assert gw.loc[678, "n_leaders"] == cow.loc[679, "n_leaders"]  # Yemen


def test_leader_irregular_marks_the_year_of_an_irregular_fall(data_dir: Path) -> None:
    """Archigos: Allende (Chile 1973) and Nawaz Sharif (Pakistan 1999) fell irregularly; Nixon did not."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnmatchedCodesWarning)
        frame = create_stateyears(years=(1970, 2015)).pipe(add_leaders).set_index(["ccode", "year"])
    irregular = frame["leader_irregular"]
    assert irregular.loc[(155, 1973)] == 1 and irregular.loc[(155, 1972)] == 0
    assert irregular.loc[(PAKISTAN, 1999)] == 1 and irregular.loc[(PAKISTAN, 1998)] == 0
    assert irregular.loc[(USA, 1974)] == 0 and frame.loc[(USA, 1974), "leader_change"] == 1
    assert irregular.loc[(PAKISTAN, 2013)] == 0  # an election, not a coup
    # Somalia 1991: Siad Barre fled in January and Archigos lists no successor until later
    assert irregular.loc[(520, 1991)] == 1 and frame.loc[(520, 1991), "n_leaders"] == 1


def test_bases_only_in_the_years_vines_list_describes(data_dir: Path) -> None:
    """Vine's list is one cross-section (2015, updated to 2018): counts in 2015-2018 only, NA elsewhere."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnmatchedCodesWarning)
        frame = create_stateyears(years=(2010, 2016)).pipe(add_us_troops).set_index(["ccode", "year"])
    bases = read("troopdata_bases")
    germany = int(bases.loc[bases["ccode"] == 255, "base"].sum())
    assert germany > 30 and frame.loc[(255, 2016), "us_bases"] == germany
    assert frame.loc[(255, 2015), "us_bases"] == germany
    assert frame.xs(2014, level="year")[["us_bases", "us_lilypads"]].isna().all().all()
    assert frame.loc[(223, 2016), "us_bases"] == 0  # not on the list: no base
    assert frame.loc[(255, 2014), "us_troops"] > 0  # the troop series is unaffected


def test_aid_reaches_states_whose_iso3_code_country_converter_misnumbers(data_dir: Path) -> None:
    """Vietnam (VNM), the Czech Republic (CZE) and Sudan before the split ('Sudan (former)') get their aid."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnmatchedCodesWarning)
        frame = create_stateyears(years=(2000, 2000)).pipe(add_us_aid).set_index("ccode")
    aid = read("us_foreign_aid")
    obligations = aid[(aid["transaction_type"] == "Obligations") & (aid["year"] == 2000)]

    def total(*iso: str) -> float:
        return float(obligations.loc[obligations["iso3c"].isin(iso), "constant_amount"].sum())

    assert frame.loc[816, "us_aid_total"] == pytest.approx(total("VNM")) and total("VNM") > 0
    assert frame.loc[316, "us_aid_total"] == pytest.approx(total("CZE")) and total("CZE") > 0
    assert frame.loc[625, "us_aid_total"] == pytest.approx(total("SDF", "SDN")) and total("SDF") > 0


def test_aid_to_non_states_is_reported_with_its_years(data_dir: Path) -> None:
    """Aid to occupied Germany and Japan joins no COW state-year: listed, never silently dropped."""
    with pytest.warns(UnmatchedCodesWarning, match="add_us_aid"):
        frame = create_stateyears(years=(1946, 1952)).pipe(add_us_aid)
    listed = frame.attrs["unmatched"]["add_us_aid"]["codes"]
    assert "Germany (COW 260) 1946-1952" in listed and "Japan (COW 740) 1946-1951" in listed
    assert any(label.startswith("World (no code)") for label in listed)


def test_patron_client_missing_capability_is_unknown_not_symmetric(data_dir: Path) -> None:
    """GW 1946: Tibet (711) has no NMC record; Tibet-Nepal is neither major-minor nor measurably equal."""
    frame = create_dyadyears("gw", years=1946).pipe(add_cow_majors)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnmatchedCodesWarning)
        frame = add_patron_client(frame.pipe(add_nmc))
    row = frame[(frame["gwcode1"] == 711) & (frame["gwcode2"] == 790)].iloc[0]
    assert pd.isna(row["cinc1"]) and row["cowmaj1"] == 0 and row["cowmaj2"] == 0
    assert pd.isna(row["asymmetric"]) and pd.isna(row["patron"])
    usa = frame[(frame["gwcode1"] == USA) & (frame["gwcode2"] == 711)].iloc[0]
    assert usa["asymmetric"] == 1 and usa["patron"] == USA  # major-minor: known without Tibet's CINC


def test_us_is_not_an_aid_recipient_in_gw_frames_either(data_dir: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnmatchedCodesWarning)
        frame = create_dyadyears("gw", years=1985).pipe(add_us_aid)
    assert frame.loc[frame["gwcode1"] == USA, "us_aid_total1"].isna().all()
    assert frame.loc[frame["gwcode2"] == USA, "us_aid_total2"].isna().all()
    assert frame.loc[frame["gwcode1"] == ISRAEL, "us_aid_total1"].gt(0).all()


def test_greenbook_dollars_use_the_deflator_of_their_fiscal_period(data_dir: Path) -> None:
    """Current-dollar economic aid x (constant / current of the total file) per fiscal year; the 1976
    transition quarter has its own price level."""
    aid = read("us_foreign_aid")
    obligations = aid[(aid["transaction_type"] == "Obligations") & (aid["year"] == 1976)]
    by_period = obligations.groupby("transition_quarter")[["constant_amount", "current_amount"]].sum()
    deflator = (by_period["constant_amount"] / by_period["current_amount"]).astype(float)
    assert deflator[1] < deflator[0] * 0.99  # the transition quarter (Jul-Sep 1976) is dearer
    book = read("usaid_greenbook")
    israel = book[(book["country"] == "Israel") & (book["year"] == 1976)]
    current = israel.groupby("transition_quarter")["amount"].sum().astype(float)
    expected = current[0] * deflator[0] + current[1] * deflator[1]
    assert current[1] > 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnmatchedCodesWarning)
        frame = create_stateyears(years=1976).pipe(add_us_aid).set_index("ccode")
    assert frame.loc[ISRAEL, "us_aid_econ"] == pytest.approx(expected, rel=1e-9)


def test_leader_entries_by_archigos_start_date_and_entry_type(data_dir: Path) -> None:
    """An entry is a leader whose Archigos start date falls in the year, the state's first included (Ben
    Gurion, Israel 1948); its type is Archigos ``entry``: Johnson's succession after Kennedy's
    assassination is regular, Pinochet's coup irregular, and an entry imposed from abroad (the Emir's
    return to Kuwait in 1991, Karzai in 2001) counts as irregular."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnmatchedCodesWarning)
        frame = create_stateyears(years=(1946, 2015)).pipe(add_leaders).set_index(["ccode", "year"])
    kinds = ["leader_change", "leader_change_regular", "leader_change_irregular"]

    def entry(code: int, year: int) -> list[int]:
        return [int(v) for v in frame.loc[(code, year), kinds]]

    assert entry(666, 1948) == [1, 1, 0]  # Israel's first leader
    assert entry(USA, 1963) == [1, 1, 0] and frame.loc[(USA, 1963), "leader_irregular"] == 1
    assert entry(155, 1973) == [1, 0, 1]  # Chile: Allende fell, Pinochet took power irregularly
    assert entry(690, 1991) == [1, 0, 1] and entry(700, 2001)[2] == 1  # foreign impositions
    assert entry(USA, 1964) == [0, 0, 0]
    changes = frame[kinds].dropna().astype(int)
    assert (changes["leader_change"] >= changes[kinds[1:]].max(axis=1)).all()
