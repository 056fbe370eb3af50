"""Where states are: direct contiguity, capital distance, minimum distance, politically relevant dyads.

Sources: COW Direct Contiguity v3.2 (``stinnett2002contiguity``); peacesciencer's capitals
(``miller2022peacesciencer``); CShapes 2.0 minimum distances (``schvitz2022mapping``,
``weidmann2010mapping``). Each rule is peacesciencer's (``R/add_contiguity.R``, ``add_capital_distance.R``,
``add_minimum_distance.R``, ``filter_prd.R`` at commit ``fe150a2``):

* **Contiguity** (``slice="first"``): a contiguity spell covers every month from its start to its end
  month; a dyad-year takes the type of its *first* covered month in that year (the type in force on
  1 January, or at the dyad's first contiguity that year). Types: 1 land, 2-5 separated by at most
  12/24/150/400 miles of water, 0 none; inside 1816-2016 a dyad-year without a spell is 0.
* **Capital distance** (``transsum="first"``): each state's capital on the first day of the year it has
  one, great-circle distance on a sphere of radius 6,378,137 m (geosphere's ``distVincentySphere``), in km.
* **Minimum distance**: CShapes' km between the two states' borders on 1 January (0 = shared border),
  1886-2019, for either order of the pair; missing where the file has no row.
* **Politically relevant dyads**: contiguous of any type (``conttype >= 1``) or either state a COW major.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from alliancelab.data.builders import _tables
from alliancelab.data.builders._frame import DYADIC_UNITS, add_columns, is_dyadic, require, warn_if_repeated
from alliancelab.data.builders._join import (
    cow_codes_for,
    dyad_values,
    source_only_dyads,
    source_only_states,
    state_values,
)
from alliancelab.data.builders.capabilities import add_cow_majors

__all__ = [
    "CONTIGUITY_YEARS",
    "EARTH_RADIUS_M",
    "MINDIST_YEARS",
    "add_capital_distance",
    "add_contiguity",
    "add_minimum_distance",
    "filter_prd",
    "sphere_distance_km",
]

CONTIGUITY_YEARS = (1816, 2016)
MINDIST_YEARS = (1886, 2019)
CAPITAL_YEARS = (1816, 2024)
#: geosphere's default radius (the WGS84 equatorial radius), which peacesciencer's capital distances use.
EARTH_RADIUS_M = 6_378_137.0


def _contiguity_years() -> pd.DataFrame:
    """One row per directed dyad-year with a contiguity spell: the type of the first covered month."""
    raw = _tables.read("cow_contdir")
    start, end = raw["stdate"].dt, raw["enddate"].dt
    first_y, last_y = start.year.to_numpy(), end.year.to_numpy()
    lengths = last_y - first_y + 1
    row = np.repeat(np.arange(len(raw)), lengths)
    year = first_y[row] + (np.arange(len(row)) - np.repeat(np.cumsum(lengths) - lengths, lengths))
    # the spell's first month in that year: its start month in its first year, January after
    month = np.where(year == first_y[row], start.month.to_numpy()[row], 1)
    table = pd.DataFrame(
        {
            "code1": raw["ccode1"].to_numpy(dtype=np.int64)[row],
            "code2": raw["ccode2"].to_numpy(dtype=np.int64)[row],
            "year": year,
            "month": month,
            "order": row,  # peacesciencer's sort is stable: a tie on the month goes to the earlier spell
            "conttype": raw["conttype"].to_numpy(dtype=np.int64)[row],
        }
    )
    table = table.sort_values(["code1", "code2", "year", "month", "order"], kind="stable")
    first = table.drop_duplicates(["code1", "code2", "year"], keep="first")
    out = first[["code1", "code2", "year"]].reset_index(drop=True)
    out["conttype"] = pd.array(first["conttype"].to_numpy(), dtype="Int8")
    return out


def add_contiguity(frame: pd.DataFrame) -> pd.DataFrame:
    """Add COW direct contiguity (peacesciencer's ``add_contiguity(slice = "first")``).

    Dyad-years: ``conttype`` (Int8): 1 land border, 2/3/4/5 separated by at most 12/24/150/400 miles of
    water, 0 not contiguous; the type of the first month of the year the dyad is covered by a spell. On a
    non-directed frame the pair is looked up in either order (the source lists both). State-years:
    ``land`` and ``sea`` (Int64), the number of states contiguous by land (type 1) and by water (2-5).
    Inside 1816-2016 no spell means 0; outside, missing.

    Source: COW Direct Contiguity v3.2 (Stinnett et al. 2002), via peacesciencer.
    """
    require(frame, "add_contiguity")
    table = _tables.prepared("contiguity", _contiguity_years)
    code_map = cow_codes_for(frame)
    sources = _tables.citations("cow_contdir")
    inside = table[(table["year"] >= frame["year"].min()) & (table["year"] <= frame["year"].max())]
    if is_dyadic(frame):
        new = dyad_values(frame, table, ("conttype",), coverage=CONTIGUITY_YEARS, code_map=code_map)
        extra = source_only_dyads(frame, inside["code1"], inside["code2"], inside["year"], code_map=code_map)
        return add_columns(frame, new, step="add_contiguity", sources=sources, source_only=extra)
    kind = table["conttype"].to_numpy(dtype=np.int64)
    counts = (
        pd.DataFrame({"code": table["code1"], "year": table["year"], "land": kind == 1, "sea": kind > 1})
        .groupby(["code", "year"], as_index=False)[["land", "sea"]]
        .sum()
    )
    new, _ = state_values(
        frame,
        counts,
        ("land", "sea"),
        coverage=CONTIGUITY_YEARS,
        code_map=code_map,
        fill_inside=0,
        check_codes=False,
    )
    extra = source_only_states(frame, counts["code"], counts["year"], code_map=code_map)
    return add_columns(frame, new, step="add_contiguity", sources=sources, source_only=extra)


def sphere_distance_km(lat1: np.ndarray, lng1: np.ndarray, lat2: np.ndarray, lng2: np.ndarray) -> np.ndarray:
    """Great-circle distance in km (geosphere's ``distVincentySphere``; degrees in, NaN propagates)."""
    p1, p2, dl = np.radians(lat1), np.radians(lat2), np.radians(lng2 - lng1)
    x = np.hypot(np.cos(p2) * np.sin(dl), np.cos(p1) * np.sin(p2) - np.sin(p1) * np.cos(p2) * np.cos(dl))
    y = np.sin(p1) * np.sin(p2) + np.cos(p1) * np.cos(p2) * np.cos(dl)
    return np.asarray(EARTH_RADIUS_M * np.arctan2(x, y) / 1000.0, dtype=np.float64)


def _capital_years() -> pd.DataFrame:
    """Each state's capital (lat, lng) on the first day of each year it has one."""
    raw = _tables.read("cow_capitals")
    start, end = raw["stdate"], raw["enddate"]
    first_y, last_y = start.dt.year.to_numpy(), end.dt.year.to_numpy()
    lengths = last_y - first_y + 1
    row = np.repeat(np.arange(len(raw)), lengths)
    year = first_y[row] + (np.arange(len(row)) - np.repeat(np.cumsum(lengths) - lengths, lengths))
    first_day = np.where(year == first_y[row], start.to_numpy()[row], pd.to_datetime(year, format="%Y"))
    table = pd.DataFrame(
        {
            "code": raw["ccode"].to_numpy(dtype=np.int64)[row],
            "year": year,
            "first_day": first_day,
            "lat": raw["lat"].to_numpy()[row],
            "lng": raw["lng"].to_numpy()[row],
        }
    )
    table = table.sort_values(["code", "year", "first_day"], kind="stable")
    return (
        table.drop_duplicates(["code", "year"], keep="first").drop(columns="first_day").reset_index(drop=True)
    )


def _min_capital_distance() -> pd.DataFrame:
    """Per COW state-year: the distance to the nearest other capital over peacesciencer's ``cow_ddy``."""
    capitals = _tables.prepared("capitals", _capital_years)
    ddy = _tables.read("cow_ddy")
    keys = pd.DataFrame(
        {
            "code1": ddy["ccode1"].to_numpy(np.int64),
            "code2": ddy["ccode2"].to_numpy(np.int64),
            "year": ddy["year"],
        }
    )
    left = keys.merge(capitals, left_on=["code1", "year"], right_on=["code", "year"], how="left")
    right = keys.merge(capitals, left_on=["code2", "year"], right_on=["code", "year"], how="left")
    distance = sphere_distance_km(
        left["lat"].to_numpy(), left["lng"].to_numpy(), right["lat"].to_numpy(), right["lng"].to_numpy()
    )
    table = pd.DataFrame({"code": keys["code1"], "year": keys["year"], "mincapdist": distance})
    nearest: pd.DataFrame = table.groupby(["code", "year"], as_index=False).agg(
        mincapdist=("mincapdist", "min")
    )
    return nearest


def add_capital_distance(frame: pd.DataFrame) -> pd.DataFrame:
    """Add the distance between capitals (peacesciencer's ``add_capital_distance(transsum = "first")``).

    Dyad-years: ``capdist`` (km, float), the great-circle distance between the two states' capitals on
    the first day of the year each has one (Brazil's is Rio de Janeiro in 1960, Brasilia from 1961).
    State-years: ``mincapdist``, the distance to the nearest capital of another state among
    peacesciencer's COW dyad-years. Missing where a state has no capital in the list that year.

    Source: peacesciencer's capitals (Miller 2022).
    """
    require(frame, "add_capital_distance")
    capitals = _tables.prepared("capitals", _capital_years)
    code_map = cow_codes_for(frame)
    sources = _tables.citations("cow_capitals")
    if not is_dyadic(frame):
        table = _tables.prepared("min_capital_distance", _min_capital_distance)
        new, unmatched = state_values(
            frame, table, ("mincapdist",), coverage=CAPITAL_YEARS, code_map=code_map
        )
        return add_columns(
            frame,
            new,
            step="add_capital_distance",
            sources=sources,
            unmatched=unmatched,
            coverage=CAPITAL_YEARS,
        )
    # a few hundred distinct capitals: each pair's distance once, then looked up for every dyad-year
    places, place = np.unique(capitals[["lat", "lng"]].to_numpy(), axis=0, return_inverse=True)
    located, unmatched = state_values(
        frame,
        capitals.assign(place=place.ravel().astype(np.float64)),
        ("place",),
        coverage=CAPITAL_YEARS,
        code_map=code_map,
    )
    n = len(places)
    between = np.full((n + 1, n + 1), np.nan)  # the last row and column: no capital known
    between[:n, :n] = sphere_distance_km(
        places[:, None, 0], places[:, None, 1], places[None, :, 0], places[None, :, 1]
    )
    first, second = (np.nan_to_num(located[f"place{side}"], nan=n).astype(np.intp) for side in "12")
    capdist = between[first, second]
    return add_columns(
        frame,
        {"capdist": capdist},
        step="add_capital_distance",
        sources=sources,
        unmatched=unmatched,
        coverage=CAPITAL_YEARS,
    )


def _mindist_table() -> pd.DataFrame:
    """CShapes' non-directed distances in both orders (peacesciencer's ``rbind`` of the swapped copy)."""
    raw = _tables.read("cow_mindist")
    code1, code2 = raw["ccode1"].to_numpy(np.int64), raw["ccode2"].to_numpy(np.int64)
    year, mindist = raw["year"].to_numpy(np.int64), raw["mindist"].to_numpy(np.float64)
    first, second, years = np.concatenate([code1, code2]), np.concatenate([code2, code1]), np.r_[year, year]
    order = np.lexsort((second, first, years))  # the builders' key order: lookups then read in sequence
    return pd.DataFrame(
        {
            "code1": first[order],
            "code2": second[order],
            "year": years[order],
            "mindist": np.concatenate([mindist, mindist])[order],
        }
    )


def add_minimum_distance(frame: pd.DataFrame) -> pd.DataFrame:
    """Add the minimum distance between states (peacesciencer's ``add_minimum_distance()``, no extdata).

    Dyad-years: ``mindist`` (km between the closest points of the two states on 1 January; 0 = a shared
    border), for either order of the pair. State-years: ``minmindist``, the smallest ``mindist`` to any
    other state that year. 1886-2019; missing where CShapes has no row (before 1886, or a state it lacks).

    Source: CShapes 2.0 (Schvitz et al. 2022; Weidmann & Gleditsch 2010), via peacesciencer.
    """
    require(frame, "add_minimum_distance")
    table = _tables.prepared("mindist", _mindist_table)
    code_map = cow_codes_for(frame)
    sources = _tables.citations("cow_mindist")
    if not is_dyadic(frame):
        grouped = table.rename(columns={"code1": "code"}).groupby(["code", "year"], as_index=False)
        per_state = grouped.agg(minmindist=("mindist", "min"))
        new, unmatched = state_values(
            frame, per_state, ("minmindist",), coverage=MINDIST_YEARS, code_map=code_map
        )
        return add_columns(
            frame,
            new,
            step="add_minimum_distance",
            sources=sources,
            unmatched=unmatched,
            coverage=MINDIST_YEARS,
        )
    new = dyad_values(
        frame,
        table,
        ("mindist",),
        coverage=MINDIST_YEARS,
        fill_inside=None,
        code_map=code_map,
    )
    years = table["year"].to_numpy()
    once = table[(table["code1"].to_numpy() < table["code2"].to_numpy()) & (years >= frame["year"].min())]
    once = once[once["year"].to_numpy() <= frame["year"].max()]
    extra = source_only_dyads(
        frame, once["code1"], once["code2"], once["year"], either_direction=True, code_map=code_map
    )
    return add_columns(
        frame, new, step="add_minimum_distance", sources=sources, source_only=extra, coverage=MINDIST_YEARS
    )


def filter_prd(frame: pd.DataFrame) -> pd.DataFrame:
    """Keep the politically relevant dyad-years: contiguous of any type, or either state a COW major power.

    peacesciencer's ``filter_prd()``: ``prd = 1`` if ``conttype >= 1``, or ``conttype == 0`` and
    ``cowmaj1`` or ``cowmaj2`` is 1; the frame keeps those rows only (a row whose ``conttype`` is missing,
    outside 1816-2016, is dropped, as there). Runs :func:`add_contiguity` and
    :func:`add_cow_majors` first when their columns are missing. The number of rows dropped is recorded in
    ``attrs["filtered"]["filter_prd"]``. Leader-dyad-years are filtered by their two states' dyad-year, as
    peacesciencer's ``filter_prd()`` does on them.

    Sources: Weede (1976) and Lemke & Reed (2001) define the concept; the rule is peacesciencer's.
    """
    require(frame, "filter_prd", unit=DYADIC_UNITS)
    warn_if_repeated(frame, "filter_prd")
    if "conttype" not in frame.columns:
        frame = add_contiguity(frame)
    if "cowmaj1" not in frame.columns or "cowmaj2" not in frame.columns:
        frame = add_cow_majors(frame)
    # peacesciencer's case_when: a missing conttype (outside 1816-2016) makes no rule true, so the row goes
    conttype = frame["conttype"].to_numpy(dtype=np.float64, na_value=np.nan)
    major = (frame["cowmaj1"].fillna(0).to_numpy() == 1) | (frame["cowmaj2"].fillna(0).to_numpy() == 1)
    keep = (conttype >= 1) | ((conttype == 0) & major)
    out: pd.DataFrame = frame.loc[keep].reset_index(drop=True)
    attrs = dict(frame.attrs)
    attrs["steps"] = [*attrs.get("steps", []), "filter_prd"]
    attrs["filtered"] = {**attrs.get("filtered", {}), "filter_prd": int((~keep).sum())}
    out.attrs.clear()
    out.attrs.update(attrs)
    return out
