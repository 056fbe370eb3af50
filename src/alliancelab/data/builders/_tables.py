"""The source tables the builders join, prepared once per process from :func:`alliancelab.data.read`.

The readers (``alliancelab.data.read``) return the files as documented DataFrames and cache slow parses as
Parquet. Here each table is reduced to the keys and columns a builder joins (codes renamed ``code`` or
``code1``/``code2``, years as plain integers) and kept in memory for the rest of the process, keyed by the
data folder, so that a warm pipeline spends its time joining, not reading.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from alliancelab.data.crosswalk import recode_unified_states
from alliancelab.errors import DataError

__all__ = ["citations", "clear_cache", "dates", "ints", "prepared", "read"]

_CACHE: dict[tuple[str, str], pd.DataFrame] = {}
#: The modules whose code prepares the tables kept on disk (this one and what its preparers call besides
#: the readers, which key their own code): a change to either makes the stored tables again.
PREPARER_CODE = (__name__, "alliancelab.data.crosswalk")
_LOCK = threading.Lock()


def read(name: str) -> pd.DataFrame:
    from alliancelab.data import read  # the readers (issue 5, item 1)

    frame: pd.DataFrame = read(name)
    return frame


def citations(name: str) -> list[str]:
    """The citation keys the readers' catalogue records for data set ``name``."""
    from alliancelab.data import get_source

    return list(get_source(name).citations)


def _root_key() -> str:
    from alliancelab.data.paths import data_root

    root = data_root()
    return str(root) if root is not None else ""


def prepared(name: str, prepare: Callable[[], pd.DataFrame] | None = None) -> pd.DataFrame:
    """The table ``name`` made by ``prepare`` (default: the preparer below), once per process and folder."""
    key = (name, _root_key())
    with _LOCK:
        cached = _CACHE.get(key)
    if cached is not None:
        return cached
    if prepare is None and name in _STORED:  # kept on disk: a fresh process loads it in a millisecond
        from alliancelab.data.builders._stored import load_or_make

        table = load_or_make(name, _STORED[name], PREPARER_CODE, _PREPARERS[name])
    else:
        table = (prepare or _PREPARERS[name])()
    with _LOCK:
        _CACHE[key] = table
    return table


def clear_cache() -> None:
    """Forget every prepared table (the next builder call reads the files again)."""
    with _LOCK:
        _CACHE.clear()


_PREPARERS: dict[str, Callable[[], pd.DataFrame]] = {}
#: Tables also kept on disk (see ``_stored``), with the data sets each is made from.
_STORED: dict[str, tuple[str, ...]] = {}


def _preparer(
    name: str, stored_from: tuple[str, ...] = ()
) -> Callable[[Callable[[], pd.DataFrame]], Callable[[], pd.DataFrame]]:
    """Register the preparer of table ``name``; with ``stored_from`` (the data sets it reads, and nothing
    else) the table is also kept on disk for the next process."""

    def register(func: Callable[[], pd.DataFrame]) -> Callable[[], pd.DataFrame]:
        _PREPARERS[name] = func
        if stored_from:
            _STORED[name] = stored_from
        return func

    return register


def ints(values: Any) -> np.ndarray:
    series = pd.Series(values)
    if series.isna().any():
        raise DataError(f"unexpected missing state code or year in {series.name!r}")
    return series.to_numpy(dtype=np.int64)


def dates(year: Any, month: Any, day: Any) -> pd.Series:
    """Dates from their parts (numpy calendar arithmetic: a tenth of ``pd.to_datetime``'s time)."""
    y, m, d = ints(year), ints(month), ints(day)
    if ((m < 1) | (m > 12) | (d < 1) | (d > 31)).any():
        raise DataError("a month or day outside the calendar")
    months = (y - 1970).astype("datetime64[Y]").astype("datetime64[M]") + (m - 1).astype("timedelta64[M]")
    days = months.astype("datetime64[D]") + (d - 1).astype("timedelta64[D]")
    if (days.astype("datetime64[M]") != months).any():  # 31 April and the like would roll over
        raise DataError("a day past the end of its month")
    return pd.Series(days.astype("datetime64[ns]"))


@_preparer("cow_spells", stored_from=("cow_states",))
def _prep_cow_spells() -> pd.DataFrame:
    raw = read("cow_states")
    return pd.DataFrame(
        {
            "code": ints(raw["ccode"]),
            "start": dates(raw["styear"], raw["stmonth"], raw["stday"]),
            "end": dates(raw["endyear"], raw["endmonth"], raw["endday"]),
        }
    )


@_preparer("gw_spells", stored_from=("gw_states",))
def _prep_gw_spells() -> pd.DataFrame:
    raw = read("gw_states")
    return pd.DataFrame(
        {
            "code": ints(raw["gwcode"]),
            "start": pd.to_datetime(raw["startdate"]),
            "end": pd.to_datetime(raw["enddate"]),
        }
    )


@_preparer("atop", stored_from=("atop_alliance",))
def _prep_atop() -> pd.DataFrame:
    raw = read("atop_alliance")
    out = pd.DataFrame(
        {"code1": ints(raw["ccode1"]), "code2": ints(raw["ccode2"]), "year": ints(raw["year"])}
    )
    # peacesciencer's atop_alliance: 1 for every dyad-year ATOP lists, even with no obligation coded
    out["atop_alliance"] = pd.array(np.ones(len(out), dtype=np.int8), dtype="Int8")
    for column in ("atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"):
        out[column] = raw[column].astype("Int8").array
    # in the order of the builders' dyad-year keys (year, code1, code2), so lookups read it in sequence
    order = np.lexsort((out["code2"].to_numpy(), out["code1"].to_numpy(), out["year"].to_numpy()))
    return out.take(order).reset_index(drop=True)


def _state_year(name: str, code: str, columns: list[str]) -> pd.DataFrame:
    raw = read(name)
    out = pd.DataFrame({"code": ints(raw[code]), "year": ints(raw["year"])})
    for column in columns:
        out[column] = raw[column].to_numpy()
    if out.duplicated(["code", "year"]).any():
        raise DataError(f"{name}: more than one row for some {code}-year")
    return out


@_preparer("nmc", stored_from=("cow_nmc",))
def _prep_nmc() -> pd.DataFrame:
    cols = ["milex", "milper", "irst", "pec", "tpop", "upop", "cinc"]
    table = _state_year("cow_nmc", "ccode", cols)
    return table.astype(dict.fromkeys(cols, "float64"))


@_preparer("majors", stored_from=("cow_majors",))
def _prep_majors() -> pd.DataFrame:
    raw = read("cow_majors")
    spells = pd.DataFrame(
        {"code": ints(raw["ccode"]), "first": ints(raw["styear"]), "last": ints(raw["endyear"])}
    )
    years = [np.arange(f, last + 1) for f, last in zip(spells["first"], spells["last"], strict=True)]
    codes = [np.full(len(y), c) for c, y in zip(spells["code"], years, strict=True)]
    out = pd.DataFrame({"code": np.concatenate(codes), "year": np.concatenate(years)}).drop_duplicates()
    out["cowmaj"] = pd.array(np.ones(len(out), dtype=np.int8), dtype="Int8")
    return out.reset_index(drop=True)


@_preparer("democracy", stored_from=("ccode_democracy",))
def _prep_democracy() -> pd.DataFrame:
    cols = ["v2x_polyarchy", "polity2", "xm_qudsest"]
    return _state_year("ccode_democracy", "ccode", cols).astype(dict.fromkeys(cols, "float64"))


@_preparer("sdp_gdp")
def _prep_gdp() -> pd.DataFrame:
    cols = ["wbgdp2011est", "wbpopest", "sdpest", "wbgdppc2011est"]
    table = _state_year("cow_sdp_gdp", "ccode", cols).astype(dict.fromkeys(cols, "float64"))
    # the GDP estimates keep 260 and 678 for unified Germany and Yemen; COW numbers them 255 and 679
    table["code"] = recode_unified_states(table["code"], table["year"])
    return table


@_preparer("ideal_points")
def _prep_ideal_points() -> pd.DataFrame:
    raw = read("ideal_points")
    raw = raw[raw["ccode"].notna()]
    cols = ["idealpointfp", "idealpointall", "nvotesfp"]
    out = pd.DataFrame({"code": ints(raw["ccode"]), "year": ints(raw["year"])})
    for column in cols:
        out[column] = raw[column].to_numpy(dtype=np.float64, na_value=np.nan)
    # rows without a country name carry only the legacy, session-based estimates
    keep = raw["iso3c"].fillna("").astype(str).str.strip().to_numpy() != ""
    out = out[keep]
    if out.duplicated(["code", "year"]).any():
        raise DataError("ideal_points: more than one row for some ccode-year")
    result: pd.DataFrame = out.reset_index(drop=True)
    return result


@_preparer("un_votes")
def _prep_un_votes() -> pd.DataFrame:
    raw = read("un_votes_voeten")
    vote = raw["vote"].to_numpy(dtype=np.int64, na_value=0)
    cast = (vote >= 1) & (vote <= 3)  # 1 yes, 2 abstain, 3 no; 8 absent and 9 non-member are not votes
    table = pd.DataFrame(
        {
            "rcid": raw["rcid"].to_numpy(dtype=np.int64)[cast],
            "code": ints(raw["ccode"])[cast],
            "year": ints(raw["year"])[cast],
            "vote": vote[cast].astype(np.int8),
        }
    )
    if table.duplicated(["rcid", "code"]).any():
        raise DataError("un_votes_voeten: a state has two votes on one roll call (rcid, ccode repeated)")
    return table
