"""What the United States gives and stations: foreign assistance, troops and bases in the host state.

Sources: U.S. foreign assistance by recipient and fiscal year, 1946–2024 (ForeignAssistance.gov /
Greenbook, ``usaid2024foreignassistance``) for total (economic + military) obligations; the USAID Greenbook
(``usaid2011greenbook``) for economic assistance, FY1946–2009; troopdata (``allen2022global``,
``kane2006global``) for troops; David Vine's list of bases (``vine2015base``) via troopdata. These are the
side payments and the presence that the theory's patron offers its clients.

**Dollars.** Both aid columns are in constant FY2022 US$. The total comes so from the source; the
Greenbook's economic aid is in current dollars and is converted with the deflator implied by the total
file for the same fiscal year (sum of constant over sum of current obligations). Fiscal years are used as
years; the 1976 transition quarter is added to 1976. Recipients are ISO3 codes or names, crosswalked to
COW codes year by year (:mod:`alliancelab.data.crosswalk`); regions, territories and other non-states are
counted in ``attrs["unmatched"]``, never silently dropped.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from alliancelab.data.builders import _sources
from alliancelab.data.builders._frame import add_columns, require
from alliancelab.data.builders._join import cow_codes_for, state_values
from alliancelab.data.crosswalk import iso3_to_cow, name_to_cow, recode_unified_states

__all__ = ["AID_YEARS", "ECON_AID_YEARS", "TROOP_YEARS", "add_us_aid", "add_us_troops"]

AID_YEARS = (1946, 2024)
ECON_AID_YEARS = (1946, 2009)
TROOP_YEARS = (1950, 2025)
_USA = 2


def _aid_tables() -> pd.DataFrame:
    """COW state-year aid (constant FY2022 US$), with the recipients that did not convert in ``attrs``."""
    aid = _sources.read("us_foreign_aid")
    aid = aid[aid["transaction_type"] == "Obligations"]
    years = _sources.ints(aid["year"])
    cow = iso3_to_cow(aid["iso3c"], years).to_numpy(dtype=np.float64, na_value=np.nan)
    no_iso = aid["iso3c"].isna().to_numpy()
    cow[no_iso] = name_to_cow(aid["country"][no_iso], years[no_iso]).to_numpy(
        dtype=np.float64, na_value=np.nan
    )
    current = aid["current_amount"].to_numpy(dtype=np.float64)
    constant = aid["constant_amount"].to_numpy(dtype=np.float64)
    deflator = pd.Series(constant).groupby(years).sum() / pd.Series(current).groupby(years).sum()
    total = pd.DataFrame({"code": cow, "year": years, "us_aid_total": constant})

    book = _sources.read("usaid_greenbook")
    book_years = _sources.ints(book["year"])
    book_cow = name_to_cow(book["country"], book_years).to_numpy(dtype=np.float64, na_value=np.nan)
    econ = book["amount"].to_numpy(dtype=np.float64) * deflator.reindex(book_years).to_numpy()
    economic = pd.DataFrame({"code": book_cow, "year": book_years, "us_aid_econ": econ})

    unmatched = sorted(
        set(aid["country"][np.isnan(cow)].astype(str)) | set(book["country"][np.isnan(book_cow)].astype(str))
    )
    merged: pd.DataFrame = (
        total.dropna(subset=["code"])
        .groupby(["code", "year"], as_index=False)["us_aid_total"]
        .sum()
        .merge(
            economic.dropna(subset=["code"]).groupby(["code", "year"], as_index=False)["us_aid_econ"].sum(),
            on=["code", "year"],
            how="outer",
        )
    )
    merged["code"] = merged["code"].astype(np.int64)
    # a state listed in one file but not the other that year received none of that kind of aid
    merged[["us_aid_total", "us_aid_econ"]] = merged[["us_aid_total", "us_aid_econ"]].fillna(0.0)
    merged.attrs["unmatched_recipients"] = unmatched
    return merged


def add_us_aid(frame: pd.DataFrame) -> pd.DataFrame:
    """Add U.S. foreign assistance received, in constant FY2022 US$.

    Adds ``us_aid_total`` (obligations of economic and military assistance, FY1946–2024) and
    ``us_aid_econ`` (economic assistance, Greenbook, FY1946–2009) — suffixed ``1``/``2`` on dyad-years.
    Inside the years covered, a state that received nothing is 0; the United States itself is missing;
    outside the years, missing. Recipients that are not states (regions, territories, "World") are listed
    in ``attrs["unmatched"]["add_us_aid"]``.

    Source: ForeignAssistance.gov country file (USAID & State Dept.) and the USAID Greenbook.
    """
    require(frame, "add_us_aid")
    table = _sources.prepared("us_aid", _aid_tables)
    new: dict[str, object] = {}
    for column, years in (("us_aid_total", AID_YEARS), ("us_aid_econ", ECON_AID_YEARS)):
        part, _ = state_values(
            frame,
            table,
            (column,),
            coverage=years,
            code_map=cow_codes_for(frame),
            fill_inside=0.0,
            check_codes=False,
        )
        new.update(part)
    sides = ["ccode1", "ccode2"] if frame.attrs["unit"] == "dyad-year" else ["ccode"]
    if frame.attrs["system"] == "cow":  # the donor receives no U.S. aid: missing, not 0
        for side in sides:
            is_usa = frame[side].to_numpy() == _USA
            for column in ("us_aid_total", "us_aid_econ"):
                new[column + side[5:]][is_usa] = np.nan  # type: ignore[index]
    return add_columns(
        frame,
        new,
        step="add_us_aid",
        sources=[*_sources.citations("us_foreign_aid"), *_sources.citations("usaid_greenbook")],
        unmatched=table.attrs["unmatched_recipients"],
        what="aid recipients are not COW states (regions, territories) and were not joined",
    )


def _troop_table() -> pd.DataFrame:
    """One report per host-year: the latest in the year (largest quarter); plus Vine's base counts."""
    raw = _sources.read("troopdata_troops")
    troops = pd.DataFrame(
        {
            "code": _sources.ints(raw["ccode"]),
            "year": _sources.ints(raw["year"]),
            "quarter": raw["quarter"].to_numpy(dtype=np.float64, na_value=0),
            "us_troops": raw["troops_ad"].to_numpy(dtype=np.float64, na_value=np.nan),
        }
    )
    # troopdata keeps 260 and 678 for unified Germany and Yemen; COW numbers them 255 and 679
    troops["code"] = recode_unified_states(troops["code"], troops["year"])
    troops = troops.sort_values(["code", "year", "quarter"]).drop_duplicates(["code", "year"], keep="last")
    bases = _sources.read("troopdata_bases")
    counts = (
        pd.DataFrame(
            {
                "code": _sources.ints(bases["ccode"]),
                "us_bases": bases["base"].to_numpy(dtype=np.float64, na_value=0),
                "us_lilypads": bases["lilypad"].to_numpy(dtype=np.float64, na_value=0),
            }
        )
        .groupby("code", as_index=False)
        .sum()
    )
    out: pd.DataFrame = troops.drop(columns="quarter").merge(counts, on="code", how="left")
    out[["us_bases", "us_lilypads"]] = out[["us_bases", "us_lilypads"]].fillna(0.0)
    return out.reset_index(drop=True)


def add_us_troops(frame: pd.DataFrame) -> pd.DataFrame:
    """Add U.S. troops and bases in the host state.

    Adds ``us_troops`` (active-duty U.S. military personnel in the state; the latest report of the year),
    ``us_bases`` and ``us_lilypads`` (number of U.S. bases and small "lily pad" sites on Vine's list) —
    suffixed ``1``/``2`` on dyad-years. The base counts are **one cross-section** (Vine's list, updated to
    2018), repeated in every year; use them as a host's basing status, not as a time series. For the United
    States itself troopdata reports the troops at home. Missing
    outside 1950–2025 and for states troopdata does not list (reported in ``attrs["unmatched"]``).

    Source: troopdata (Allen, Flynn & Martinez Machain 2022; Kane 2006) and Vine (2015).
    """
    require(frame, "add_us_troops")
    new, unmatched = state_values(
        frame,
        _sources.prepared("us_troops", _troop_table),
        ("us_troops", "us_bases", "us_lilypads"),
        coverage=TROOP_YEARS,
        code_map=cow_codes_for(frame),
    )
    sources = [*_sources.citations("troopdata_troops"), *_sources.citations("troopdata_bases")]
    return add_columns(frame, new, step="add_us_troops", sources=sources, unmatched=unmatched)
