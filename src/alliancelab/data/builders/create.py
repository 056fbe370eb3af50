"""Start a pipeline: every state-year or every dyad-year of a state system.

A state is in the system in year *y* if one of its membership spells (COW v2016, or Gleditsch–Ward 2017)
includes a day of *y*. Two states form a dyad in year *y* if both were members **on the same day** of *y*:
states that replace one another within a year (North and South Yemen → Yemen in May 1990; the two
Germanies → Germany in October 1990) are in the system that year but never form a dyad. This is the rule
behind peacesciencer's ``create_dyadyears()``: for 1946–2014 it gives the same 1,596,280 directed
dyad-years. In a year in which every member coexists, the number of directed dyads is n·(n−1).

Sources: COW State System Membership v2016 (``cow2017states``) or Gleditsch & Ward (1999)
(``gleditsch1999revised``); the pipeline design follows peacesciencer (``miller2022peacesciencer``).
"""

from __future__ import annotations

import re
from typing import Literal

import numpy as np
import pandas as pd

from alliancelab._validate import check_choice
from alliancelab.data.builders import _tables
from alliancelab.data.builders._join import duckdb_connection
from alliancelab.errors import UserInputError

__all__ = ["SYSTEM_YEARS", "create_dyadyears", "create_stateyears", "parse_years"]

System = Literal["cow", "gw", "un"]
#: First and last year of each state-system list (COW v2016 is right-censored at 2016-12-31); "un" is the
#: UN General Assembly membership that voted, by session year (Voeten's data: sessions 1-70).
SYSTEM_YEARS: dict[str, tuple[int, int]] = {"cow": (1816, 2016), "gw": (1816, 2017), "un": (1946, 2015)}
_SYSTEM_SOURCES = {"cow": ("cow_states", "cow_spells"), "gw": ("gw_states", "gw_spells")}
_CODE = {"cow": "ccode", "gw": "gwcode"}


def parse_years(years: int | str | tuple[int, int] | None, system: str = "cow") -> tuple[int, int]:
    """``(first, last)`` from ``1990``, ``"1946-2014"``, ``(1946, 2014)`` or ``None`` (every year).

    Raises :class:`UserInputError` if the span is reversed or outside the state-system data.
    """
    lo, hi = SYSTEM_YEARS[system]
    if years is None:
        return lo, hi
    if isinstance(years, str):
        match = re.fullmatch(r"\s*(\d{4})\s*(?:[-:]\s*(\d{4}))?\s*", years)
        if match is None:
            raise UserInputError(f"years = {years!r}: expected YEAR or FIRST-LAST, for example 1946-2014")
        first, last = int(match[1]), int(match[2] or match[1])
    elif isinstance(years, int):
        first = last = years
    else:
        try:
            first, last = (int(y) for y in years)
        except (TypeError, ValueError):
            raise UserInputError(
                f"years = {years!r}: expected (first, last), for example (1946, 2014)"
            ) from None
    if first > last:
        raise UserInputError(f"years = {first}-{last}: the first year is after the last")
    if first < lo or last > hi:
        # no silent extension past the list's last day (peacesciencer's mry=TRUE assumes every state then
        # alive still is): say where the list ends and which system reaches further
        further = (
            " or the Gleditsch-Ward list to 2017 (system='gw', --system gw)"
            if system == "cow" and last > hi
            else ""
        )
        raise UserInputError(
            f"years = {first}-{last} is outside the {system.upper()} state-system data ({lo}-{hi}); "
            f"choose years within {lo}-{hi}{further}"
        )
    return first, last


def _state_days(system: str, first: int, last: int) -> pd.DataFrame:
    """One row per state, year and membership spell, with the first and last member day in that year."""
    spells = _tables.prepared(_SYSTEM_SOURCES[system][1])
    with duckdb_connection(spells=spells) as con:
        return con.execute(
            f"""select code, y::INTEGER as year,
                       greatest(start, make_date(y::INTEGER, 1, 1)) as s,
                       least("end", make_date(y::INTEGER, 12, 31)) as e
                from spells, range(year(start), year("end") + 1) t(y)
                where y between {first} and {last}"""
        ).df()


def _frame(
    data: pd.DataFrame, *, unit: str, system: str, years: tuple[int, int], directed: bool | None, step: str
) -> pd.DataFrame:
    data.attrs = {
        "unit": unit,
        "system": system,
        "years": years,
        "sources": [*_tables.citations(_SYSTEM_SOURCES[system][0]), "miller2022peacesciencer"],
        "steps": [step],
        "unmatched": {},
    }
    if directed is not None:
        data.attrs["directed"] = directed
    data.attrs["sources"] = list(dict.fromkeys(data.attrs["sources"]))
    return data


def create_stateyears(
    system: System = "cow", years: int | str | tuple[int, int] | None = None
) -> pd.DataFrame:
    """Every state-year of the ``system`` (``"cow"``, ``"gw"`` or ``"un"``) in ``years``.

    Columns: ``ccode`` (or ``gwcode``), ``year`` (both int32), sorted by year and code.
    ``system="un"``: one row per state (COW code) and UN General Assembly session year in which it cast a
    vote (yes, no or abstain), 1946-2015 — so Ukraine and Belarus from 1946, and new members from their
    first session, whether or not COW lists them yet; every state-level adder works on it (the frame's
    codes are COW codes; ``attrs["membership"]`` is ``"un"``).
    Sources: COW State System Membership v2016 / Gleditsch & Ward (1999) / Voeten's UNGA votes.
    """
    check_choice("system", system, list(SYSTEM_YEARS))
    span = parse_years(years, system)
    if system == "un":
        from alliancelab.data.builders.units import un_stateyears

        data = un_stateyears(*span)
        frame = _frame(
            data, unit="state-year", system="cow", years=span, directed=None, step="create_stateyears"
        )
        frame.attrs["membership"] = "un"
        frame.attrs["sources"] = list(
            dict.fromkeys([*_tables.citations("un_votes_voeten"), "miller2022peacesciencer"])
        )
        return frame
    with duckdb_connection(days=_state_days(system, *span)) as con:
        data = con.execute(
            f"""select distinct code::INTEGER as {_CODE[system]}, year::INTEGER as year
                from days order by year, {_CODE[system]}"""
        ).df()
    return _frame(data, unit="state-year", system=system, years=span, directed=None, step="create_stateyears")


def create_dyadyears(
    system: System = "cow",
    years: int | str | tuple[int, int] | None = None,
    *,
    directed: bool = True,
) -> pd.DataFrame:
    """Every dyad-year of the ``system`` in ``years``: pairs of states that were members on a common day.

    ``directed=True`` gives both (A, B) and (B, A); ``False`` gives each pair once with code1 < code2.
    Columns: ``ccode1``, ``ccode2`` (or ``gwcode1``, ``gwcode2``), ``year`` (int32), sorted by year, code1,
    code2. For 1946–2014 (COW, directed) this is 1,596,280 rows, the same as peacesciencer.
    Sources: COW State System Membership v2016 / Gleditsch & Ward (1999); peacesciencer.
    """
    check_choice("system", system, ["cow", "gw"])
    span = parse_years(years, system)
    code = _CODE[system]
    days = _state_days(system, *span).sort_values(["year", "code", "s"], kind="stable")
    c1, c2, yy = _pairs(
        days["code"].to_numpy(np.int64),
        days["year"].to_numpy(np.int64),
        days["s"].to_numpy("datetime64[D]").astype(np.int64),
        days["e"].to_numpy("datetime64[D]").astype(np.int64),
        directed=directed,
    )
    data = pd.DataFrame(
        {f"{code}1": c1.astype(np.int32), f"{code}2": c2.astype(np.int32), "year": yy.astype(np.int32)}
    )
    return _frame(
        data, unit="dyad-year", system=system, years=span, directed=directed, step="create_dyadyears"
    )


def _pairs(
    code: np.ndarray, year: np.ndarray, start: np.ndarray, end: np.ndarray, *, directed: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Ordered pairs of distinct states alive on a common day, year by year (rows sorted by year, code)."""
    out1, out2, out_y = [], [], []
    bounds = np.flatnonzero(np.diff(year)) + 1
    for lo, hi in zip(np.r_[0, bounds], np.r_[bounds, len(year)], strict=True):
        c, s, e = code[lo:hi], start[lo:hi], end[lo:hi]
        n = hi - lo
        i, j = np.repeat(np.arange(n), n), np.tile(np.arange(n), n)
        keep = (c[i] != c[j] if directed else c[i] < c[j]) & (
            np.maximum(s[i], s[j]) <= np.minimum(e[i], e[j])
        )
        a, b = c[i[keep]], c[j[keep]]
        if len(np.unique(c)) < n:  # a state with two spells in one year: count each pair once
            key = np.unique(a * 10_000 + b)
            a, b = key // 10_000, key % 10_000
        out1.append(a)
        out2.append(b)
        out_y.append(np.full(len(a), year[lo]))
    if not out1:
        return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.int64)
    return np.concatenate(out1), np.concatenate(out2), np.concatenate(out_y)
