"""Burden-sharing: military expenditure (SIPRI) and UN peacekeeping contributions (IPI) per state-year.

Sources: SIPRI Military Expenditure Database 2025 (``sipri2025milex``); the International Peace
Institute's Providing for Peacekeeping database (``perry2013trends``). Both name countries in English;
the names are crosswalked to COW codes year by year (:func:`alliancelab.data.crosswalk.name_to_cow`), and
every name-year with data that joins no COW state-year is listed in ``attrs["unmatched"]`` (the source
side), as is every state of the frame that the source never mentions (the frame side).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from alliancelab.data.builders import _tables
from alliancelab.data.builders._frame import add_columns, require
from alliancelab.data.builders._join import SourceOnly, cow_codes_for, describe_spans, state_values
from alliancelab.data.builders.us_aid import cow_members
from alliancelab.data.crosswalk import name_to_cow

__all__ = ["PKO_YEARS", "SIPRI_YEARS", "add_peacekeeping", "add_sipri"]

SIPRI_YEARS = (1949, 2024)
PKO_YEARS = (1990, 2014)
PKO_COLUMNS = ("pko_troops", "pko_police", "pko_observers", "pko_total")


def _crosswalked(
    names: pd.Series, years: np.ndarray, has_data: np.ndarray
) -> tuple[np.ndarray, pd.DataFrame]:
    """COW codes for ``names`` (NaN where none) and the name-years with data that join no COW state-year."""
    codes = name_to_cow(names, years).to_numpy(dtype=np.float64, na_value=np.nan)
    known = ~np.isnan(codes)
    member = np.zeros(len(codes), dtype=bool)
    member[known] = cow_members(codes[known].astype(np.int64), years[known])
    lost = has_data & ~member
    rows = pd.DataFrame({"label": names.astype(str).to_numpy()[lost], "year": years[lost]})
    return np.where(member, codes, np.nan), rows.drop_duplicates()


def _sipri_table() -> pd.DataFrame:
    raw = _tables.read("sipri_milex")
    years = raw["year"].to_numpy(np.int64)
    milex = raw["milex_constant_usd"].to_numpy(np.float64, na_value=np.nan)
    share = raw["milex_gdp_share"].to_numpy(np.float64, na_value=np.nan)
    codes, lost = _crosswalked(raw["country"], years, ~np.isnan(milex) | ~np.isnan(share))
    table = pd.DataFrame({"code": codes, "year": years, "sipri_milex": milex, "sipri_milex_gdp": share})
    table = table.dropna(subset=["code"]).dropna(subset=["sipri_milex", "sipri_milex_gdp"], how="all")
    table["code"] = table["code"].astype(np.int64)
    if table.duplicated(["code", "year"]).any():
        raise ValueError("sipri_milex: two SIPRI countries crosswalk to one COW state-year")
    table.attrs["lost"] = lost
    return table.reset_index(drop=True)


def add_sipri(frame: pd.DataFrame) -> pd.DataFrame:
    """Add SIPRI military expenditure: ``sipri_milex`` and ``sipri_milex_gdp``.

    ``sipri_milex`` is military expenditure in millions of constant (2023) US$, ``sipri_milex_gdp`` its
    share of GDP (0..1) — suffixed ``1``/``2`` on dyad-years; missing where SIPRI has no figure and outside
    1949-2024. SIPRI's country names are crosswalked to COW codes; name-years with data that join no COW
    state-year (the European Union, states before or after their COW membership) are listed in
    ``attrs["unmatched"]["add_sipri"]["source_only"]``, frame states SIPRI never lists in ``codes``.

    Source: SIPRI Military Expenditure Database 2025.
    """
    require(frame, "add_sipri")
    table = _tables.prepared("sipri", _sipri_table)
    new, unmatched = state_values(
        frame, table, ("sipri_milex", "sipri_milex_gdp"), coverage=SIPRI_YEARS, code_map=cow_codes_for(frame)
    )
    return add_columns(
        frame,
        new,
        step="add_sipri",
        coverage=SIPRI_YEARS,
        sources=_tables.citations("sipri_milex"),
        unmatched=unmatched,
        source_only=_in_years(table.attrs["lost"], frame),
    )


def _in_years(lost: pd.DataFrame, frame: pd.DataFrame) -> SourceOnly:
    """The name-years that join no state-year, inside the frame's years: how many, and per name its years."""
    years = lost["year"].to_numpy()
    inside = lost[(years >= frame["year"].min()) & (years <= frame["year"].max())]
    return len(inside), describe_spans(inside["label"].to_numpy(), inside["year"].to_numpy())


def _peacekeeping_table() -> pd.DataFrame:
    raw = _tables.read("ipi_countries")
    years = raw["date"].dt.year.to_numpy(np.int64)
    counts = {
        "pko_troops": raw["troops"].to_numpy(np.float64, na_value=0.0),
        "pko_police": raw["police"].to_numpy(np.float64, na_value=0.0),
        "pko_observers": raw["experts"].to_numpy(np.float64, na_value=0.0),
    }
    total = counts["pko_troops"] + counts["pko_police"] + counts["pko_observers"]
    codes, lost = _crosswalked(raw["contributor"], years, total > 0)
    monthly = pd.DataFrame({"code": codes, "year": years, **counts, "pko_total": total}).dropna(
        subset=["code"]
    )
    # IPI lists a contributor's months with personnel deployed; months it skips had none. The yearly value
    # is the mean over the months IPI covers that year (2 in 1990, 3 in 2014, else 12).
    months = raw.groupby(years)["date"].nunique()
    table = monthly.groupby(["code", "year"], as_index=False)[list(PKO_COLUMNS)].sum()
    table[list(PKO_COLUMNS)] = table[list(PKO_COLUMNS)].div(months.reindex(table["year"]).to_numpy(), axis=0)
    table["code"] = table["code"].astype(np.int64)
    table.attrs["lost"] = lost
    return table


def add_peacekeeping(frame: pd.DataFrame) -> pd.DataFrame:
    """Add UN peacekeeping personnel: ``pko_troops``, ``pko_police``, ``pko_observers``, ``pko_total``.

    Yearly means of IPI's monthly contributions (troops, formed and individual police, military experts
    and observers) — suffixed ``1``/``2`` on dyad-years. Inside 1990-2014 a state that contributed nobody
    is 0; outside, missing. Contributor-years that join no COW state-year are listed in
    ``attrs["unmatched"]["add_peacekeeping"]["source_only"]``. These are a state's contributions to all
    missions together; the per-mission series (personnel, contributors and host of each mission, 1990-2017)
    is the unit :func:`~.peacekeeping.create_missionyears`. Who sent how many to which mission IPI gives
    for March 2014 only (data set ``ipi_detail_201403``), so no contributor-by-mission series is built.

    Source: IPI Providing for Peacekeeping database (Perry & Smith 2013).
    """
    require(frame, "add_peacekeeping")
    table = _tables.prepared("peacekeeping", _peacekeeping_table)
    new, _ = state_values(
        frame,
        table,
        PKO_COLUMNS,
        coverage=PKO_YEARS,
        code_map=cow_codes_for(frame),
        fill_inside=0.0,
        check_codes=False,
    )
    return add_columns(
        frame,
        new,
        step="add_peacekeeping",
        sources=_tables.citations("ipi_countries"),
        source_only=_in_years(table.attrs["lost"], frame),
    )
