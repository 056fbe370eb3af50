"""Dyadic adders on leader-dyad-years: peacesciencer's rule for each, and the values of the states' dyad-year.

peacesciencer's ``add_atop_alliance()``, ``add_fpsim()`` and ``filter_prd()`` take leader-dyad-years and join
them on the two states and the year (``ccode1``, ``ccode2``, ``year``); ``add_strategic_rivalries()``,
``add_cow_mids()`` and ``add_ucdp_acd()`` refuse them, and ``add_gml_mids()`` needs leader-level dispute
data AllianceLab does not have. Here every accepted adder must give each leader pair the value of its
states' COW dyad-year (the Gleditsch–Ward codes converted year by year), and a refusal must say why.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from alliancelab.data import (
    UnmatchedCodesWarning,
    add_atop_alliance,
    add_cow_majors,
    add_cow_mids,
    add_fpsim,
    add_gml_mids,
    add_nmc,
    add_patron_client,
    add_rivalries,
    add_ucdp_acd,
    add_un_agreement,
    create_dyadyears,
    create_leaderdyadyears,
    filter_prd,
    read,
)
from alliancelab.data.crosswalk import gw_to_cow
from alliancelab.errors import UserInputError

pytestmark = pytest.mark.data
YEARS = (1989, 1991)  # German and Yemeni unification, the Soviet successor states
USA, CANADA, UK = 2, 20, 200
Adder = Callable[[pd.DataFrame], pd.DataFrame]


def _quietly(step: Adder, frame: pd.DataFrame) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnmatchedCodesWarning)
        return step(frame)


@pytest.fixture(scope="module")
def leaders(data_dir: Path) -> pd.DataFrame:
    return create_leaderdyadyears(years=YEARS)


def _with_cow_codes(leaders: pd.DataFrame) -> pd.DataFrame:
    """The leader pairs' states as COW codes (missing where COW has no such state that year)."""
    years = leaders["year"].to_numpy()
    return pd.DataFrame(
        {
            "ccode1": gw_to_cow(leaders["gwcode1"].to_numpy(), years),
            "ccode2": gw_to_cow(leaders["gwcode2"].to_numpy(), years),
            "year": leaders["year"].astype("int64").to_numpy(),
        }
    )


def _dyad_year_values(leaders: pd.DataFrame, dyads: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """For each leader-dyad-year, the ``columns`` of the dyad-year with the same (ccode1, ccode2, year)
    (``_merge`` says whether there is one)."""
    keys = dyads[["ccode1", "ccode2", "year"]].astype({"ccode1": "Int32", "ccode2": "Int32", "year": "int64"})
    return _with_cow_codes(leaders).merge(
        pd.concat([keys, dyads[columns]], axis=1), how="left", on=["ccode1", "ccode2", "year"], indicator=True
    )


def _assert_same_values(got: pd.DataFrame, expected: pd.DataFrame, columns: list[str]) -> np.ndarray:
    matched = (expected["_merge"] == "both").to_numpy()
    assert matched.sum() > 0.9 * len(got)  # all but the pairs of states COW does not list that year
    for column in columns:
        np.testing.assert_array_equal(
            got[column].to_numpy(dtype=np.float64, na_value=np.nan)[matched],
            expected[column].to_numpy(dtype=np.float64, na_value=np.nan)[matched],
            err_msg=column,
        )
    return matched


@pytest.mark.parametrize(
    ("step", "columns"),
    [
        (add_atop_alliance, ["atop_alliance", "atop_defense", "atop_offense", "atop_nonagg", "atop_consul"]),
        (add_fpsim, ["sallyvua", "sallybua", "kallyv", "kallyb"]),
        (add_un_agreement, ["un_agree", "un_common_votes"]),
    ],
    ids=["atop", "fpsim", "un"],
)
@pytest.mark.parametrize("directed", [True, False], ids=["directed", "undirected"])
def test_a_leader_pair_gets_its_states_dyad_year_values(
    data_dir: Path, step: Adder, columns: list[str], directed: bool
) -> None:
    leaders = create_leaderdyadyears(years=YEARS, directed=directed)
    dyads = _quietly(step, create_dyadyears(years=YEARS, directed=directed))
    got = _quietly(step, leaders)
    expected = _dyad_year_values(leaders, dyads, columns)
    matched = _assert_same_values(got, expected, columns)
    assert got[columns[0]].to_numpy(dtype=np.float64, na_value=0)[matched].any()  # not all 0 or missing
    assert got.attrs["unit"] == "leader-dyad-year" and got.attrs["steps"][-1] == step.__name__
    assert list(got.columns[: leaders.shape[1]]) == list(leaders.columns)  # the leaders' rows, kept in order


def test_bush_with_thatcher_and_with_major_is_the_nato_dyad_of_1990(
    data_dir: Path, leaders: pd.DataFrame
) -> None:
    """Two leader pairs share the US-UK dyad-year 1990; both get the ATOP file's row for (2, 200, 1990)
    and the UN agreement recounted here from the roll-call votes."""
    import pyreadr

    atop = pyreadr.read_r(str(data_dir / "peacesciencer" / "atop_alliance.rda"))["atop_alliance"]
    source = atop[(atop["ccode1"] == USA) & (atop["ccode2"] == UK) & (atop["year"] == 1990)].iloc[0]
    assert source["atop_defense"] == 1 and source["atop_offense"] == 0  # NATO: defence, no offence
    votes = read("un_votes_voeten")
    cast = votes[(votes["year"] == 1990) & votes["vote"].between(1, 3)]
    us, uk = (cast[cast["ccode"] == code].set_index("rcid")["vote"] for code in (USA, UK))
    common = us.index.intersection(uk.index)
    agree = float((us[common] == uk[common]).mean())

    out = _quietly(add_un_agreement, _quietly(add_atop_alliance, leaders))
    rows = out[(out["gwcode1"] == USA) & (out["gwcode2"] == UK) & (out["year"] == 1990)]
    assert sorted(rows["obsid2"]) == ["UKG-1979", "UKG-1990"] and set(rows["obsid1"]) == {"USA-1989"}
    for column in ("atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"):
        assert (rows[column] == source[column]).all(), column
    assert (rows["atop_alliance"] == 1).all()
    assert (rows["un_common_votes"] == len(common)).all() and len(common) > 50
    assert rows["un_agree"].to_numpy() == pytest.approx([agree, agree])


def test_filter_prd_keeps_the_leader_pairs_of_politically_relevant_dyads(
    data_dir: Path, leaders: pd.DataFrame
) -> None:
    """A leader pair of a COW dyad-year is kept exactly when that dyad-year is politically relevant."""
    kept = _quietly(filter_prd, leaders)
    dyads = create_dyadyears(years=YEARS)
    relevant = _dyad_year_values(leaders, _quietly(filter_prd, dyads).assign(prd=1), ["prd"])
    listed = (_dyad_year_values(leaders, dyads.assign(listed=1), ["listed"])["_merge"] == "both").to_numpy()
    keys = ["obsid1", "obsid2", "year"]
    rows = leaders[keys].reset_index().merge(kept[keys], on=keys)["index"].to_numpy()
    is_kept = np.zeros(len(leaders), dtype=bool)
    is_kept[rows] = True
    assert len(rows) == len(kept) and np.array_equal(np.sort(rows), rows)  # the leaders' rows, in order
    np.testing.assert_array_equal(is_kept[listed], (relevant["prd"] == 1).to_numpy()[listed])
    assert 0 < len(kept) < len(leaders) and kept.attrs["filtered"]["filter_prd"] == len(leaders) - len(kept)
    pairs = set(zip(kept["gwcode1"], kept["gwcode2"], strict=True))
    assert (USA, UK) in pairs  # the United States is a major power
    assert (145, 790) not in pairs and (145, 790) in set(
        zip(leaders["gwcode1"], leaders["gwcode2"], strict=True)
    )


def test_patron_client_on_leader_pairs_is_their_states(data_dir: Path, leaders: pd.DataFrame) -> None:
    columns = ["cinc_ratio", "asymmetric", "patron_client"]

    def steps(frame: pd.DataFrame) -> pd.DataFrame:
        return add_patron_client(add_cow_majors(add_nmc(frame)))

    got = _quietly(steps, leaders)
    expected = _dyad_year_values(leaders, _quietly(steps, create_dyadyears(years=YEARS)), columns)
    _assert_same_values(got, expected, columns)
    usa_canada = got[(got["gwcode1"] == USA) & (got["gwcode2"] == CANADA)]  # a major and a minor power
    assert len(usa_canada) >= 3 and (usa_canada["patron"] == USA).all()
    assert (usa_canada["client"] == CANADA).all() and (usa_canada["patron_client"] == 1).all()


@pytest.mark.parametrize(
    ("step", "says"),
    [
        (add_rivalries, r"add_strategic_rivalries\(\), which takes state-years and dyad-years"),
        (add_cow_mids, r"as peacesciencer's add_cow_mids\(\)"),
        (add_gml_mids, "gml_mid_ddlydisps"),
        (add_ucdp_acd, "needs a state-year frame but got a leader-dyad-year frame"),
    ],
    ids=["rivalries", "cowmid", "gml", "ucdp"],
)
def test_adders_peacesciencer_refuses_on_leader_pairs_say_why(
    leaders: pd.DataFrame, step: Adder, says: str
) -> None:
    with pytest.raises(UserInputError, match=says) as err:
        step(leaders)
    assert "\n" not in str(err.value) and "create_" in str(err.value)
