"""ATOP alliance membership spells: ends and ATOP's termination codes, checked against the raw member file.

The member-level CSV is opened with ``pandas.read_csv`` in the test itself (never through the readers or
the builder), so a mistake in either shows up as a disagreement.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from alliancelab.data import create_alliance_spells
from alliancelab.data.builders.units import ALLIANCE_SPELL_COLUMNS

pytestmark = pytest.mark.data
USA, UK, GDR, POLAND, ALBANIA, USSR = 2, 200, 265, 290, 339, 365
NATO, WARSAW_PACT = 3180, 3285


@pytest.fixture(scope="module")
def raw(data_dir: Path) -> pd.DataFrame:
    return pd.read_csv(data_dir / "atop_v4.01" / "atop-member-level.csv")


@pytest.fixture(scope="module")
def spells(data_dir: Path) -> pd.DataFrame:
    return create_alliance_spells()


def _spell(spells: pd.DataFrame, atopid: int, a: int, b: int) -> pd.Series:
    row = spells[(spells["atopid"] == atopid) & (spells["ccode1"] == a) & (spells["ccode2"] == b)]
    assert len(row) == 1
    return row.iloc[0]


def _final_phase(raw: pd.DataFrame, atopid: int, member: int) -> pd.Series:
    rows = raw[(raw["atopid"] == atopid) & (raw["member"] == member)]
    # a member still in the alliance has yrexit 0: its last phase is the open one
    last = rows.assign(order=rows["yrexit"].where(rows["yrexit"] > 0, 9999)).sort_values(["order", "phase"])
    return last.iloc[-1]


def _codes(spell: pd.Series, side: str) -> tuple[object, object]:
    return spell[f"termmode{side}"], spell[f"termcaus{side}"]


def _raw_codes(row: pd.Series) -> tuple[object, object]:
    return int(row["termmode"]), (pd.NA if pd.isna(row["termcaus"]) else int(row["termcaus"]))


def test_columns(spells: pd.DataFrame) -> None:
    assert list(spells.columns) == list(ALLIANCE_SPELL_COLUMNS)
    assert spells.attrs["unit"] == "alliance-spell" and "leeds2002atop" in spells.attrs["sources"]


def test_a_spell_in_force_carries_the_codes_of_the_open_phase(
    spells: pd.DataFrame, raw: pd.DataFrame
) -> None:
    # NATO's first phase ended in 1951 with codes of its own; the United States and the United Kingdom
    # are still members, so their codes are those of the open phase
    us_uk = _spell(spells, NATO, USA, UK)
    assert (us_uk["end_reason"], us_uk["ended"], us_uk["start_year"]) == ("in force", 0, 1949)
    first_phase = raw[(raw["atopid"] == NATO) & (raw["member"] == USA) & (raw["phase"] == 1)].iloc[0]
    assert first_phase["yrexit"] == 1951 and first_phase["termmode"] != 0
    for side, member in (("1", USA), ("2", UK)):
        final = _final_phase(raw, NATO, member)
        assert final["yrexit"] == 0
        assert _codes(us_uk, side) == _raw_codes(final) == (0, 0)


def test_the_whole_alliance_ended(spells: pd.DataFrame, raw: pd.DataFrame) -> None:
    pol_ussr = _spell(spells, WARSAW_PACT, POLAND, USSR)
    pact = raw[raw["atopid"] == WARSAW_PACT]
    assert pol_ussr["end_year"] == pact["yrexit"].max() == 1991
    assert (pol_ussr["end_reason"], pol_ussr["ended"]) == ("alliance ended", 1)
    assert _codes(pol_ussr, "1") == _raw_codes(_final_phase(raw, WARSAW_PACT, POLAND))
    assert _codes(pol_ussr, "2") == _raw_codes(_final_phase(raw, WARSAW_PACT, USSR))


@pytest.mark.parametrize("leaver", [GDR, ALBANIA])
def test_a_member_left_while_the_alliance_went_on(
    spells: pd.DataFrame, raw: pd.DataFrame, leaver: int
) -> None:
    # the GDR (1990) and Albania (1968) left the Warsaw Pact before it ended in 1991
    left = _final_phase(raw, WARSAW_PACT, leaver)
    assert 0 < left["yrexit"] < 1991
    for a, b, side in ((leaver, USSR, "1"), (USSR, leaver, "2")):
        spell = _spell(spells, WARSAW_PACT, a, b)
        assert (spell["end_reason"], spell["end_year"]) == ("membership change", left["yrexit"])
        assert _codes(spell, side) == _raw_codes(left)
    # the two leavers' own codes differ in the raw file, and so in the spells
    assert _raw_codes(_final_phase(raw, WARSAW_PACT, GDR)) != _raw_codes(
        _final_phase(raw, WARSAW_PACT, ALBANIA)
    )


def test_a_code_missing_in_atop_stays_missing(spells: pd.DataFrame, raw: pd.DataFrame) -> None:
    empty = raw[raw["termcaus"].isna()]
    assert len(empty) > 0
    for _, row in empty.iterrows():
        mine = spells[(spells["atopid"] == row["atopid"]) & (spells["ccode1"] == row["member"])]
        assert len(mine) > 0 and mine["termcaus1"].isna().all()
        assert (mine["termmode1"] == row["termmode"]).all()


def test_every_spell_end_is_a_members_exit(spells: pd.DataFrame, raw: pd.DataFrame) -> None:
    ended = spells[spells["ended"] == 1]
    exits = raw.loc[raw["yrexit"] > 0, ["atopid", "member", "yrexit"]]
    by_1 = ended.merge(
        exits, left_on=["atopid", "ccode1", "end_year"], right_on=["atopid", "member", "yrexit"]
    )
    by_2 = ended.merge(
        exits, left_on=["atopid", "ccode2", "end_year"], right_on=["atopid", "member", "yrexit"]
    )
    keys = ["atopid", "ccode1", "ccode2"]
    found = pd.concat([by_1[keys], by_2[keys]]).drop_duplicates()
    assert len(found) == len(ended)
    assert (spells.loc[spells["ended"] == 0, ["termmode1", "termmode2"]] == 0).all().all()
