"""UN peacekeeping missions as a unit of analysis: one row per mission and year (IPI).

:func:`create_missionyears` turns the International Peace Institute's mission-month file (Providing for
Peacekeeping database, ``ipi_missions``: troops, police and military observers deployed in each UN mission
at the end of each month, November 1990 - March 2017) into mission-years: the yearly mean of each
category over the months IPI reports the mission that year, the mean number of contributing countries,
how many months that is, and the host state's COW code.

State-level contributions (how many personnel each state sent, to all missions together) are
:func:`~.burden.add_peacekeeping`. IPI publishes the contributor x mission breakdown for one month only
(March 2014, data set ``ipi_detail_201403``), so no contributor-mission-year series can be built from it.

Source: IPI Providing for Peacekeeping database (Perry & Smith 2013, ``perry2013trends``); host codes
through :mod:`alliancelab.data.crosswalk` and COW state-system membership (``cow2017states``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from alliancelab.data.builders import _tables
from alliancelab.data.builders._frame import report_unmatched
from alliancelab.data.builders._join import describe_spans
from alliancelab.data.builders.us_aid import cow_members
from alliancelab.data.crosswalk import iso3_to_cow
from alliancelab.errors import UserInputError

__all__ = ["MISSION_COLUMNS", "MISSION_YEARS", "create_missionyears"]

#: Calendar years with monthly IPI mission reports (1990: November and December only; 2017: January-March).
MISSION_YEARS = (1990, 2017)
_PERSONNEL = ("pko_troops", "pko_police", "pko_observers", "pko_total")
MISSION_COLUMNS = (
    "mission", "year", "host", "host_iso3", "ccode", *_PERSONNEL, "contributors", "months", "ipi_months",
)  # fmt: skip
_STEP = "create_missionyears"


def _sources() -> list[str]:
    return list(dict.fromkeys([*_tables.citations("ipi_missions"), *_tables.citations("cow_states")]))


def _check_years(years: tuple[int, int] | None) -> tuple[int, int]:
    if years is None:
        return MISSION_YEARS
    try:
        first, last = (int(y) for y in years)
    except (TypeError, ValueError):
        raise UserInputError(f"years = {years!r}: expected (first, last), for example (1995, 2010)") from None
    lo, hi = MISSION_YEARS
    if first > last or first < lo or last > hi:
        raise UserInputError(
            f"years = {first}-{last}: IPI's mission reports cover {lo}-{hi}; choose years within {lo}-{hi}"
        )
    return first, last


def _monthly() -> pd.DataFrame:
    """IPI's mission-months: personnel by category (a category IPI leaves empty had nobody: 0)."""
    raw = _tables.read("ipi_missions")
    counts = {
        "pko_troops": raw["troops"].to_numpy(np.float64, na_value=0.0),
        "pko_police": raw["police"].to_numpy(np.float64, na_value=0.0),
        "pko_observers": raw["observers"].to_numpy(np.float64, na_value=0.0),
    }
    return pd.DataFrame(
        {
            "mission": raw["mission"].astype(str).to_numpy(),
            "year": raw["date"].dt.year.to_numpy(np.int64),
            "date": raw["date"].to_numpy(),
            # from March 2014 IPI spells UNMISS's host "South Sudan'": the apostrophe is not part of the name
            "host": raw["mission_country"].astype(str).str.rstrip("'").to_numpy(),
            "host_iso3": raw["mission_iso3c"].astype(str).to_numpy(),
            **counts,
            # IPI's Total is the sum of the three categories (empty as 0) in every row of the file
            "pko_total": raw["total"].to_numpy(np.float64, na_value=0.0),
            "contributors": raw["contributors"].to_numpy(np.float64, na_value=np.nan),
        }
    )


def _missionyears() -> pd.DataFrame:
    monthly = _monthly()
    keys = ["mission", "year"]
    grouped = monthly.groupby(keys, sort=True)
    out = grouped[[*_PERSONNEL, "contributors"]].mean()
    # the host is IPI's country of the mission's headquarters, the same in every month of a mission
    out[["host", "host_iso3"]] = grouped[["host", "host_iso3"]].last()
    out["months"] = grouped["date"].nunique()
    ipi_months = monthly.groupby("year")["date"].nunique()
    out = out.reset_index()
    out["ipi_months"] = ipi_months.reindex(out["year"]).to_numpy()
    return out


def create_missionyears(years: tuple[int, int] | None = None) -> pd.DataFrame:
    """One row per UN peacekeeping mission and calendar year with IPI reports (November 1990 - March 2017).

    Columns: ``mission`` (IPI's acronym, e.g. ``"UNIFIL"``), ``year``, ``host`` and ``host_iso3`` (the
    country IPI gives for the mission: its headquarters country, so UNMOGIP is Pakistan, UNMIK Serbia,
    UNMEE Eritrea), ``ccode`` (the host's COW code in that year; missing where the host is no COW state
    then, e.g. Western Sahara for MINURSO, East Timor before 2002 for UNAMET and UNTAET);
    ``pko_troops``, ``pko_police``, ``pko_observers``, ``pko_total``: the yearly mean of IPI's end-of-month
    personnel over the ``months`` the mission is reported that year (a category IPI leaves empty in a
    month counts as 0); ``contributors``: the mean number of contributing countries per reported month;
    ``ipi_months``: the months IPI reports any mission that year (2 in 1990, 11 in 2016, 3 in 2017,
    else 12), so that ``months < ipi_months`` tells a mission that started or ended within the year from
    a gap in the data.

    Mission-years whose host is no COW state-year keep their row with ``ccode`` missing and are listed in
    ``attrs["unmatched"]["create_missionyears"]`` (with an ``UnmatchedCodesWarning``). ``years=(first,
    last)`` keeps those calendar years (within 1990-2017). Source: IPI Providing for Peacekeeping
    (Perry & Smith 2013).
    """
    first, last = _check_years(years)
    table = _tables.prepared("ipi_missionyears", _missionyears)
    table = table[(table["year"] >= first) & (table["year"] <= last)].reset_index(drop=True)
    year = table["year"].to_numpy(np.int64)
    codes = iso3_to_cow(table["host_iso3"], year).to_numpy(np.float64, na_value=np.nan)
    known = ~np.isnan(codes)
    member = np.zeros(len(codes), dtype=bool)
    member[known] = cow_members(codes[known].astype(np.int64), year[known])
    out = pd.DataFrame(
        {
            "mission": table["mission"].astype("string"),
            "year": year.astype(np.int32),
            "host": table["host"].astype("string"),
            "host_iso3": table["host_iso3"].astype("string"),
            "ccode": pd.array(np.where(member, codes, 0).astype(np.int32), dtype="Int32"),
            **{column: table[column].to_numpy(np.float64) for column in (*_PERSONNEL, "contributors")},
            "months": table["months"].to_numpy(np.int8),
            "ipi_months": table["ipi_months"].to_numpy(np.int8),
        }
    )
    out.loc[~member, "ccode"] = pd.NA
    labels = (out["mission"] + " (" + out["host_iso3"] + ")").to_numpy()[~member]
    attrs: dict[str, Any] = {
        "unit": "mission-year",
        "system": "cow",
        "years": (first, last),
        "sources": _sources(),
        "steps": [_STEP],
        "unmatched": {},
    }
    # codes: the missions whose host is no COW state in some year; frame_rows: those mission-years
    report_unmatched(
        attrs,
        _STEP,
        labels,
        "missions have a host that is no COW state in some of their years; ccode is missing (NA) there",
        frame_rows=(len(labels), describe_spans(labels, year[~member])),
    )
    out.attrs.update(attrs)
    return out
