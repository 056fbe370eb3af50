"""Country-code crosswalks: Correlates of War, Gleditsch–Ward, ISO 3166 and country names.

Names and ISO codes go through ``country_converter`` (Stadler 2017), which maps them to ISO3 and to
Gleditsch–Ward codes; Gleditsch–Ward and COW codes agree except for the explicit, tested table
:data:`COW_GW_EXCEPTIONS` (Gleditsch & Ward 1999, table 1, and the COW v2016 list). Where
``country_converter`` cannot know a historical entity or a source's own label, :data:`ISO3_EXCEPTIONS` and
:data:`NAME_EXCEPTIONS` say what it is; labels of regions and aggregates are listed in
:data:`NOT_STATES` and never become a state. No name is matched by hand-written string rules.

Every converter returns missing (``<NA>``) for what it cannot convert and never guesses; callers count and
report those (see ``attrs["unmatched"]`` of the builder frames).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from alliancelab.errors import UserInputError

__all__ = [
    "COW_GW_EXCEPTIONS",
    "ISO3_EXCEPTIONS",
    "NAME_EXCEPTIONS",
    "NOT_STATES",
    "cow_to_gw",
    "gw_to_cow",
    "iso3_to_cow",
    "name_to_cow",
    "recode_unified_states",
]

#: (COW code, Gleditsch–Ward code, first year, last year) where the two systems use different numbers.
#: Outside these rows a state has the same number in both systems.
COW_GW_EXCEPTIONS: tuple[tuple[int, int, int, int], ...] = (
    (255, 260, 1990, 9999),  # unified Germany: COW 255, GW keeps 260 (West Germany's code)
    (679, 678, 1990, 9999),  # unified Yemen: COW 679, GW keeps 678 (North Yemen's code)
    (345, 340, 0, 1917),  # Serbia before Yugoslavia: COW 345 throughout, GW 340 until 1915
    (345, 340, 2006, 9999),  # Serbia after Montenegro's exit: COW keeps 345, GW uses 340 again
    (946, 970, 0, 9999),  # Kiribati (GW lists the Pacific microstates from independence)
    (947, 973, 0, 9999),  # Tuvalu
    (955, 972, 0, 9999),  # Tonga
    (970, 971, 0, 9999),  # Nauru
)

#: ISO3 (or source-specific) codes that ``country_converter`` lacks or maps to a different state, as
#: (COW code, first year, last year) spells.
ISO3_EXCEPTIONS: dict[str, tuple[tuple[int, int, int], ...]] = {
    "DEU": ((260, 0, 1989), (255, 1990, 9999)),  # West Germany until 1989, Germany from 1990
    "YEM": ((678, 0, 1989), (679, 1990, 9999)),  # North Yemen until 1989, Yemen from 1990
    # country_converter gives GW 817 (the Republic of Vietnam) for VNM and GW 315 (Czechoslovakia) for CZE
    "VNM": ((817, 0, 1975), (816, 1976, 9999)),  # U.S. aid before 1976 went to South Vietnam
    "CZE": ((316, 1993, 9999),),
    "SDF": ((625, 0, 9999),),  # 'Sudan (former)' in the ForeignAssistance.gov file: Sudan before 2011
    "YUF": ((345, 0, 9999),),  # 'Yugoslavia (former)'
    "SRB": ((345, 0, 9999),),  # COW 345 is Yugoslavia / Serbia and Montenegro / Serbia
    "SCG": ((345, 0, 9999),),
    "YUG": ((345, 0, 9999),),
    "XKX": ((347, 0, 9999),),
    "KSV": ((347, 0, 9999),),
    "CS-KM": ((347, 0, 9999),),  # Kosovo in the ForeignAssistance.gov file
    "SUN": ((365, 0, 9999),),
    "CSK": ((315, 0, 9999),),
    "DDR": ((265, 0, 9999),),
    "KIR": ((946, 0, 9999),),
    "TUV": ((947, 0, 9999),),
    "TON": ((955, 0, 9999),),
    "NRU": ((970, 0, 9999),),
}

#: Names used by the U.S. aid files and SIPRI for former states that have no ISO3 code today.
NAME_EXCEPTIONS: dict[str, int] = {
    "Czechoslovakia": 315,  # SIPRI
    "German Democratic Republic": 265,
    "USSR": 365,
    "Yugoslavia": 345,
    "Czechoslovakia (former)": 315,
    "Germany (former East)": 265,
    "Soviet Union (former)": 365,
    "Vietnam (former South)": 817,
    "Yemen (former P.D.R.)": 680,
    "Serbia and Montenegro, Former": 345,
}

#: Labels of regions and aggregates in the aid files; never converted to a state code.
NOT_STATES: frozenset[str] = frozenset(
    {
        "Asia", "Caribbean", "Central America", "East Africa", "Eastern Europe", "Eurasia",
        "Latin America & Caribbean", "Middle East & North Africa", "Oceania", "Southern Africa",
        "Sub-Saharan Africa", "West Africa", "Western Europe", "World", "Berlin, West", "European Union",
    }
)  # fmt: skip


def _years(years: Any, n: int) -> np.ndarray:
    if years is None:
        return np.full(n, 9999, dtype=np.int64)
    arr = np.asarray(years, dtype=np.int64)
    return np.broadcast_to(arr, (n,)).copy() if arr.ndim == 0 else arr


def _as_codes(codes: Iterable[Any]) -> tuple[np.ndarray, np.ndarray]:
    values = pd.Series(list(codes) if not isinstance(codes, np.ndarray | pd.Series) else codes)
    missing = values.isna().to_numpy()
    numeric = pd.to_numeric(values, errors="coerce")
    bad = numeric.isna().to_numpy() & ~missing
    if bad.any():
        raise UserInputError(f"state codes must be numbers; got {values[bad].iloc[0]!r}")
    return numeric.fillna(-1).to_numpy(dtype=np.int64), missing


def _result(codes: np.ndarray, missing: np.ndarray) -> pd.Series:
    return pd.Series(pd.array(np.where(missing, 0, codes), dtype="Int32")).mask(missing)


def cow_to_gw(codes: Iterable[Any], years: Any = None) -> pd.Series:
    """Gleditsch–Ward codes for COW ``codes`` in ``years`` (a year per code, one year, or None = today)."""
    cow, missing = _as_codes(codes)
    yrs = _years(years, len(cow))
    out = cow.copy()
    for c, g, first, last in COW_GW_EXCEPTIONS:
        out[(cow == c) & (yrs >= first) & (yrs <= last)] = g
    return _result(out, missing)


def gw_to_cow(codes: Iterable[Any], years: Any = None) -> pd.Series:
    """COW codes for Gleditsch–Ward ``codes`` in ``years`` (the inverse of :func:`cow_to_gw`)."""
    gw, missing = _as_codes(codes)
    yrs = _years(years, len(gw))
    out = gw.copy()
    changed = np.zeros(len(gw), dtype=bool)
    for c, g, first, last in COW_GW_EXCEPTIONS:
        hit = (gw == g) & (yrs >= first) & (yrs <= last) & ~changed
        out[hit] = c
        changed |= hit
    # a GW number that COW uses for another state is not the same state in COW (e.g. GW 970 Kiribati)
    return _result(out, missing)


#: Sources that number unified Germany and Yemen like Gleditsch & Ward (West Germany's 260, North
#: Yemen's 678 carried on) although they otherwise use COW codes: the Anders-Fariss-Markowitz GDP
#: estimates and troopdata. COW numbers the unified states 255 and 679 from 1990.
UNIFIED_STATES: tuple[tuple[int, int, int], ...] = ((260, 255, 1990), (678, 679, 1990))


def recode_unified_states(codes: Iterable[Any], years: Any) -> np.ndarray:
    """COW codes for a source that keeps 260 (Germany) and 678 (Yemen) after unification (see above)."""
    out, missing = _as_codes(codes)
    if missing.any():
        raise UserInputError("recode_unified_states: missing state code")
    yrs = _years(years, len(out))
    for old, new, first in UNIFIED_STATES:
        out = np.where((out == old) & (yrs >= first), new, out)
    return out


@cache
def _iso3_to_gw_table() -> dict[str, int]:
    import country_converter as coco

    data = coco.CountryConverter().data[["ISO3", "GWcode"]].dropna()
    return {str(iso): int(gw) for iso, gw in zip(data["ISO3"], data["GWcode"], strict=True)}


def iso3_to_cow(codes: Iterable[Any], years: Any = None) -> pd.Series:
    """COW codes for ISO3 ``codes`` in ``years`` (``<NA>`` for territories and unknown codes)."""
    iso = pd.Series(list(codes) if not isinstance(codes, pd.Series) else codes.to_numpy(), dtype="string")
    iso = iso.fillna("").str.upper()
    yrs = _years(years, len(iso))
    gw = iso.map(_iso3_to_gw_table()).astype("float64").fillna(-1).to_numpy(dtype=np.int64)
    cow = gw_to_cow(gw, yrs).to_numpy(dtype=np.int64, na_value=-1)
    out = np.where(gw < 0, -1, cow)
    keys = iso.to_numpy(dtype=object)
    for code, spells in ISO3_EXCEPTIONS.items():
        hit = keys == code
        out[hit] = -1
        for c, first, last in spells:
            out[hit & (yrs >= first) & (yrs <= last)] = c
    return _result(out, out < 0)


def name_to_cow(names: Iterable[Any], years: Any = None) -> pd.Series:
    """COW codes for country ``names`` (any spelling ``country_converter`` knows) in ``years``."""
    import country_converter as coco

    values = pd.Series(list(names) if not isinstance(names, pd.Series) else names.to_numpy(), dtype="string")
    values = values.fillna("")
    distinct = [str(v) for v in values.unique() if v]
    lookup = [v for v in distinct if v not in NAME_EXCEPTIONS and v not in NOT_STATES]
    logging.getLogger("country_converter").setLevel(logging.ERROR)
    found = coco.convert(lookup, to="ISO3", not_found=None) if lookup else []
    found_list = [found] if isinstance(found, str) else list(found)
    iso_of = {
        name: code
        for name, code in zip(lookup, found_list, strict=True)
        if isinstance(code, str) and code != name
    }
    yrs = _years(years, len(values))
    out = iso3_to_cow(values.map(lambda v: iso_of.get(v, "")), yrs).to_numpy(dtype=np.int64, na_value=-1)
    for name, code in NAME_EXCEPTIONS.items():
        out[(values == name).to_numpy()] = code
    return _result(out, out < 0)
