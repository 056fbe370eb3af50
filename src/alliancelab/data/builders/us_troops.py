"""What the United States stations abroad: troops in the host state, and bases.

Sources: troopdata (``allen2022global``, ``kane2006global``) for troops; David Vine's list of bases
(``vine2015base``) via troopdata. With the aid of :mod:`.us_aid`, the presence the theory's patron offers
its clients.

**Bases.** Vine's list is one cross-section (Vine 2015, updated by the troopdata team through 2018), not a
time series: its counts are given only for :data:`BASE_YEARS`, the years it describes, and are missing in
every other year.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from alliancelab.data.builders import _tables
from alliancelab.data.builders._frame import add_columns, require
from alliancelab.data.builders._join import cow_codes_for, state_values
from alliancelab.data.crosswalk import recode_unified_states

__all__ = ["BASE_YEARS", "TROOP_YEARS", "add_us_troops"]

TROOP_YEARS = (1950, 2025)
#: The years Vine's list of bases describes (Vine 2015, updated through 2018 by the troopdata team).
BASE_YEARS = (2015, 2018)


def _troop_table() -> pd.DataFrame:
    """One report per host-year: the latest in the year (largest quarter)."""
    raw = _tables.read("troopdata_troops")
    troops = pd.DataFrame(
        {
            "code": _tables.ints(raw["ccode"]),
            "year": _tables.ints(raw["year"]),
            "quarter": raw["quarter"].to_numpy(dtype=np.float64, na_value=0),
            "us_troops": raw["troops_ad"].to_numpy(dtype=np.float64, na_value=np.nan),
        }
    )
    # troopdata keeps 260 and 678 for unified Germany and Yemen; COW numbers them 255 and 679
    troops["code"] = recode_unified_states(troops["code"], troops["year"])
    troops = troops.sort_values(["code", "year", "quarter"]).drop_duplicates(["code", "year"], keep="last")
    out: pd.DataFrame = troops.drop(columns="quarter").reset_index(drop=True)
    return out


def _base_table() -> pd.DataFrame:
    """Vine's base and lily-pad counts per host, given for each of the years the list describes."""
    bases = _tables.read("troopdata_bases")
    counts = (
        pd.DataFrame(
            {
                "code": _tables.ints(bases["ccode"]),
                "us_bases": bases["base"].to_numpy(dtype=np.float64, na_value=0),
                "us_lilypads": bases["lilypad"].to_numpy(dtype=np.float64, na_value=0),
            }
        )
        .groupby("code", as_index=False)
        .sum()
    )
    years = np.arange(BASE_YEARS[0], BASE_YEARS[1] + 1)
    out: pd.DataFrame = counts.loc[np.repeat(counts.index, len(years))].reset_index(drop=True)
    out.insert(1, "year", np.tile(years, len(counts)))
    return out


def add_us_troops(frame: pd.DataFrame) -> pd.DataFrame:
    """Add U.S. troops and bases in the host state.

    Adds ``us_troops`` (active-duty U.S. military personnel in the state; the latest report of the year;
    missing outside 1950–2025 and for states troopdata does not list, which are reported in
    ``attrs["unmatched"]``), and ``us_bases`` and ``us_lilypads`` (number of U.S. bases and small "lily
    pad" sites in the state on Vine's list) — suffixed ``1``/``2`` on dyad-years. Vine's list is **one
    cross-section** (2015, updated through 2018), so the two counts are given only for 2015–2018
    (:data:`BASE_YEARS`; a state not on the list has 0 there) and are missing in every other year; for a
    time-invariant basing status, read the list itself (``alliancelab.data.read("troopdata_bases")``). For
    the United States itself troopdata reports the troops at home, and the list the bases in its overseas
    territories (Guam, Puerto Rico, ...).

    Source: troopdata (Allen, Flynn & Martinez Machain 2022; Kane 2006) and Vine (2015).
    """
    require(frame, "add_us_troops")
    new, unmatched = state_values(
        frame,
        _tables.prepared("us_troops", _troop_table),
        ("us_troops",),
        coverage=TROOP_YEARS,
        code_map=cow_codes_for(frame),
    )
    bases, _ = state_values(
        frame,
        _tables.prepared("us_bases", _base_table),
        ("us_bases", "us_lilypads"),
        coverage=BASE_YEARS,
        code_map=cow_codes_for(frame),
        fill_inside=0.0,
        check_codes=False,
    )
    new.update(bases)
    sources = [*_tables.citations("troopdata_troops"), *_tables.citations("troopdata_bases")]
    return add_columns(
        frame, new, step="add_us_troops", sources=sources, unmatched=unmatched, coverage=TROOP_YEARS
    )
