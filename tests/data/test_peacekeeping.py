"""UN peacekeeping: mission-years and state contributions, checked against IPI's CSV files read here.

The raw files are opened with ``pandas.read_csv`` in the test itself (never through the readers or the
builders), so a mistake in a reader, a preparer or an aggregation shows up as a disagreement.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from alliancelab.data import (
    UnmatchedCodesWarning,
    add_cow_majors,
    add_democracy,
    add_peacekeeping,
    create_missionyears,
    create_stateyears,
)
from alliancelab.errors import UserInputError
from alliancelab.references import cite

pytestmark = pytest.mark.data
LEBANON, SERBIA, BANGLADESH = 660, 345, 771


@pytest.fixture(scope="module")
def raw_missions(data_dir: Path) -> pd.DataFrame:
    raw = pd.read_csv(data_dir / "ipi_peacekeeping" / "data_mission.csv", parse_dates=["Date"])
    return raw.assign(year=raw["Date"].dt.year)


@pytest.fixture(scope="module")
def missions(data_dir: Path) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnmatchedCodesWarning)
        return create_missionyears()


@pytest.mark.parametrize(("mission", "year"), [("UNPROFOR", 1993), ("UNAMSIL", 2001), ("MINUSMA", 2013)])
def test_yearly_means_are_the_means_of_the_monthly_rows(
    missions: pd.DataFrame, raw_missions: pd.DataFrame, mission: str, year: int
) -> None:
    months = raw_missions[(raw_missions["Mission"] == mission) & (raw_missions["year"] == year)]
    row = missions[(missions["mission"] == mission) & (missions["year"] == year)]
    assert len(row) == 1 and len(months) > 0
    row = row.iloc[0]
    assert row["months"] == len(months)
    # an empty category in a month is no personnel of that kind (IPI's Total adds the three as 0)
    for column, raw_column in [
        ("pko_troops", "Troops"),
        ("pko_police", "Police"),
        ("pko_observers", "Observers"),
        ("pko_total", "Total"),
        ("contributors", "Number of Contributors"),
    ]:
        assert row[column] == pytest.approx(months[raw_column].fillna(0).sum() / len(months))
    assert row["pko_total"] == pytest.approx(row["pko_troops"] + row["pko_police"] + row["pko_observers"])


def test_a_mission_that_started_within_the_year_is_averaged_over_its_months(
    missions: pd.DataFrame, raw_missions: pd.DataFrame
) -> None:
    # MINUSMA took over in Mali in July 2013: six monthly reports, not twelve
    row = missions[(missions["mission"] == "MINUSMA") & (missions["year"] == 2013)].iloc[0]
    assert (row["months"], row["ipi_months"]) == (6, 12)
    first = raw_missions[raw_missions["Mission"] == "MINUSMA"]["Date"].min()
    assert (first.year, first.month) == (2013, 7)


def test_every_mission_month_is_counted_once(missions: pd.DataFrame, raw_missions: pd.DataFrame) -> None:
    assert missions["months"].sum() == len(raw_missions)
    assert not missions.duplicated(["mission", "year"]).any()
    per_year = raw_missions.groupby("year")["Date"].nunique()
    assert (missions["ipi_months"].to_numpy() == per_year.reindex(missions["year"]).to_numpy()).all()
    assert (missions["months"] <= missions["ipi_months"]).all()
    assert set(missions["mission"]) == set(raw_missions["Mission"])
    # Total is the sum of the three categories in every month, hence in every yearly mean
    parts = missions[["pko_troops", "pko_police", "pko_observers"]].sum(axis=1)
    assert np.allclose(missions["pko_total"], parts)
    assert raw_missions.groupby("Mission")["Country of Mission ISO-3"].nunique().max() == 1


def test_host_states_and_the_hosts_that_are_no_cow_state(missions: pd.DataFrame) -> None:
    unifil = missions[missions["mission"] == "UNIFIL"]
    assert (unifil["ccode"] == LEBANON).all() and unifil["year"].tolist() == list(range(1990, 2018))
    assert (missions.loc[missions["mission"] == "UNMIK", "ccode"] == SERBIA).all()
    assert set(missions.loc[missions["host_iso3"] == "SSD", "host"]) == {"South Sudan"}  # no stray "'"
    # Western Sahara is no state; East Timor is one from May 2002
    no_host = missions[missions["ccode"].isna()]
    assert set(no_host["mission"]) == {"MINURSO", "UNAMET", "UNTAET"}
    assert no_host.loc[no_host["mission"] == "UNTAET", "year"].tolist() == [1999, 2000, 2001]
    untaet_2002 = (missions["mission"] == "UNTAET") & (missions["year"] == 2002)
    assert missions.loc[untaet_2002, "ccode"].iloc[0] == 860
    report = missions.attrs["unmatched"]["create_missionyears"]
    assert report["codes"] == ["MINURSO (ESH)", "UNAMET (TLS)", "UNTAET (TLS)"]
    assert report["frame_rows"]["count"] == len(no_host) == 27 + 1 + 3


def test_the_unmatched_hosts_are_warned_about_and_the_frame_cites_ipi(data_dir: Path) -> None:
    with pytest.warns(UnmatchedCodesWarning, match="MINURSO"):
        frame = create_missionyears(years=(1995, 1996))
    assert sorted(frame["year"].unique().tolist()) == [1995, 1996]
    assert frame.attrs["unit"] == "mission-year" and frame.attrs["years"] == (1995, 1996)
    assert "perry2013trends" in cite(frame) and "cow2017states" in cite(frame)


@pytest.mark.parametrize("years", [(1980, 1995), (2000, 2020), (2005, 2001), ("x", 2000)])
def test_years_outside_ipi_are_refused(years: tuple[int, int]) -> None:
    with pytest.raises(UserInputError, match="years"):
        create_missionyears(years=years)


def test_state_contributions_are_yearly_means_of_the_country_file(data_dir: Path) -> None:
    raw = pd.read_csv(data_dir / "ipi_peacekeeping" / "countries" / "Bangladesh.csv", parse_dates=["Date"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnmatchedCodesWarning)
        states = create_stateyears(years=(2010, 2014)).pipe(add_peacekeeping)
    bangladesh = states[states["ccode"] == BANGLADESH].set_index("year")
    # every month of 2010 is in IPI's country files, only January-March of 2014
    for year, months in [(2010, 12), (2014, 3)]:
        rows = raw[raw["Date"].dt.year == year]
        expected = rows[["Troops", "Police", "Experts"]].fillna(0).sum() / months
        got = bangladesh.loc[year, ["pko_troops", "pko_police", "pko_observers"]].to_numpy(np.float64)
        assert got == pytest.approx(expected.to_numpy())
    assert bangladesh.loc[2010, "pko_total"] == pytest.approx(
        bangladesh.loc[2010, ["pko_troops", "pko_police", "pko_observers"]].sum()
    )


def test_state_adders_work_on_mission_years_whose_host_is_no_state(missions: pd.DataFrame) -> None:
    """A host without a COW code gets missing values and is counted, not a crash (the host's own data)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnmatchedCodesWarning)
        hosted = add_democracy(missions)
        states = add_democracy(create_stateyears(years=(1990, 2016)))
    no_host = hosted["ccode"].isna().to_numpy()
    assert no_host.sum() == 31
    assert hosted.loc[no_host, ["v2x_polyarchy", "polity2", "xm_qudsest"]].isna().all().all()
    # every mission-year with a host has exactly the host's state-year values (COW's list ends in 2016)
    compared = ~no_host & (hosted["year"] <= 2016).to_numpy()
    expected = hosted.loc[compared, ["ccode", "year"]].merge(
        states[["ccode", "year", "v2x_polyarchy", "polity2"]], on=["ccode", "year"], how="left"
    )
    got = hosted.loc[compared, ["v2x_polyarchy", "polity2"]].reset_index(drop=True)
    pd.testing.assert_frame_equal(got, expected[["v2x_polyarchy", "polity2"]], check_dtype=False)
    assert got["polity2"].notna().sum() > 400  # the join did fill them
    majors = add_cow_majors(missions)["cowmaj"]  # a nullable integer column takes the same path
    assert str(majors.dtype) == "Int8" and majors[no_host].isna().all() and majors[compared].notna().all()
    report = hosted.attrs["unmatched"]["add_democracy"]["frame_rows"]
    assert report["count"] >= 31 and "no code 1991-2017" in report["rows"]
