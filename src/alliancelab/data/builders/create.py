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
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from alliancelab._validate import check_choice
from alliancelab.data.builders import _tables
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


@dataclass(frozen=True, slots=True)
class _StateDays:
    """One row per state, year and membership spell: the first and last member day in that year (days
    since 1970-01-01), sorted by year, code and first day."""

    code: np.ndarray
    year: np.ndarray
    first_day: np.ndarray
    last_day: np.ndarray


def _state_days(system: str, first: int, last: int) -> _StateDays:
    """Each membership spell cut into its years ``first``..``last`` (numpy calendar arithmetic)."""
    spells = _tables.prepared(_SYSTEM_SOURCES[system][1])
    start = spells["start"].to_numpy("datetime64[D]")
    end = spells["end"].to_numpy("datetime64[D]")
    lo = np.maximum(start.astype("datetime64[Y]").astype(np.int64) + 1970, first)
    hi = np.minimum(end.astype("datetime64[Y]").astype(np.int64) + 1970, last)
    count = np.maximum(hi - lo + 1, 0)
    spell = np.repeat(np.arange(len(count)), count)
    year = lo[spell] + (np.arange(len(spell)) - np.repeat(np.cumsum(count) - count, count))
    january = (year - 1970).astype("datetime64[Y]").astype("datetime64[D]")
    december = (year - 1969).astype("datetime64[Y]").astype("datetime64[D]") - np.timedelta64(1, "D")
    first_day = np.maximum(start[spell], january).astype(np.int64)
    last_day = np.minimum(end[spell], december).astype(np.int64)
    code = spells["code"].to_numpy(np.int64)[spell]
    order = np.lexsort((first_day, code, year))
    return _StateDays(code[order], year[order], first_day[order], last_day[order])


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
    days = _state_days(system, *span)
    span_of_years = span[1] - span[0] + 1
    keys = np.unique(days.code * span_of_years + (days.year - span[0]))  # distinct, in (code, year) order
    code, year = np.divmod(keys, span_of_years)
    order = np.lexsort((code, year))
    data = pd.DataFrame(
        {_CODE[system]: code[order].astype(np.int32), "year": (year[order] + span[0]).astype(np.int32)},
        copy=False,
    )
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
    c1, c2, yy = _pairs(_state_days(system, *span), directed=directed)
    data = pd.DataFrame({f"{code}1": c1, f"{code}2": c2, "year": yy}, copy=False)
    return _frame(
        data, unit="dyad-year", system=system, years=span, directed=directed, step="create_dyadyears"
    )


def _pairs(days: _StateDays, *, directed: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Ordered pairs of distinct states alive on a common day, year by year, as int32 columns sorted by
    year, code1, code2 (``directed=False``: each pair once, code1 < code2).

    Each year is one small n × n mask (n ≤ about 200 states) of who coexists with whom; the output is
    allocated once and filled year by year.
    """
    bounds = np.flatnonzero(np.diff(days.year)) + 1
    blocks: list[tuple[int, np.ndarray, np.ndarray]] = []
    for lo, hi in zip(np.r_[0, bounds], np.r_[bounds, len(days.year)], strict=True):
        codes, s, e = days.code[lo:hi], days.first_day[lo:hi], days.last_day[lo:hi]
        keep = np.less.outer(codes, codes) if not directed else np.not_equal.outer(codes, codes)
        keep &= np.maximum.outer(s, s) <= np.minimum.outer(e, e)
        distinct, state = np.unique(codes, return_inverse=True)
        if len(distinct) < len(codes):  # a state with two spells in one year: a pair if any spells meet
            by_state = np.zeros((len(distinct), len(distinct)), dtype=bool)
            rows, cols = np.nonzero(keep)
            by_state[state[rows], state[cols]] = True
            codes, keep = distinct, by_state
        blocks.append((int(days.year[lo]), codes.astype(np.int32), keep))
    total = sum(int(keep.sum()) for _, _, keep in blocks)
    out1, out2, out_year = (np.empty(total, dtype=np.int32) for _ in range(3))
    at = 0
    for year, codes, keep in blocks:
        n = int(keep.sum())
        out1[at : at + n] = np.broadcast_to(codes[:, None], keep.shape)[keep]
        out2[at : at + n] = np.broadcast_to(codes[None, :], keep.shape)[keep]
        out_year[at : at + n] = year
        at += n
    return out1, out2, out_year
