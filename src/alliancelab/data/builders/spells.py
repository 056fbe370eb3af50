"""Peace-years: the years since the last event in a dyad (or state, or leader), with the cubic terms.

The rule is peacesciencer's ``add_spells()`` (``R/add_spells.R`` at commit ``fe150a2``), which calls
``stevemisc::ps_spells()`` (ported from ``spduration::add_duration()``, Beger et al. 2018). Within each
unit, rows are taken in year order and cut into spells, each ending at an event year (or at the unit's last
row); the spell counter is the row's position in its spell, from 0. So the counter is 0 in the first row of
a unit and in the row after an event, counts up while nothing happens, and the event year itself carries
the number of quiet years before it. With ``ongoing=True`` a run of consecutive event years is one event:
its later years are not failures and their counter is missing (``spduration``'s convention).

The event is the ongoing column by default (``gmlmidongoing``), as peacesciencer recommends — peace-years
counted from onsets would count the years of a long war as "peace" — or the onset (``event_type="onset"``),
or any 0/1 column of the frame (``event="atop_defense"``). Where the event is missing (outside a source's
years) the counter is missing too; peacesciencer refuses such a frame instead.

Columns: ``<name>spell``, ``<name>spell2`` (square) and ``<name>spell3`` (cube), for the Carter &
Signorino (2010) cubic polynomial; ``<name>`` is ``gmlmid``, ``cowmid``, ``cowinter``, ``ucdp`` for the
known conflict columns (peacesciencer's names) and the column's own name otherwise.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from alliancelab._validate import check_choice
from alliancelab.data.builders._frame import add_columns, code_columns, require
from alliancelab.data.builders._grid import spread
from alliancelab.errors import UserInputError

__all__ = ["KNOWN_EVENTS", "add_spells", "spell_counter"]

#: peacesciencer's spell names for the conflict columns it knows: name -> (ongoing column, onset column).
KNOWN_EVENTS: dict[str, tuple[str, str]] = {
    "gmlmid": ("gmlmidongoing", "gmlmidonset"),
    "cowmid": ("cowmidongoing", "cowmidonset"),
    "cowinter": ("cowinterongoing", "cowinteronset"),
    "ucdp": ("ucdpongoing", "ucdponset"),
}


def spell_counter(unit: np.ndarray, event: np.ndarray, *, ongoing: bool = False) -> np.ndarray:
    """``ps_spells()`` on rows already sorted by unit then time: the position of each row in its spell.

    ``unit`` identifies the cross-section (equal values are contiguous), ``event`` is 0/1. Returns floats
    (NaN for the later years of an ongoing event when ``ongoing``).
    """
    n = len(event)
    if n == 0:
        return np.empty(0)
    event = event.astype(bool)
    new_unit = np.r_[True, unit[1:] != unit[:-1]]
    last_of_unit = np.r_[new_unit[1:], True]
    continuing = np.zeros(n, dtype=bool)
    if ongoing:  # a 1 right after a 1 in the same unit continues the event: not a failure
        continuing = event & np.r_[False, event[:-1]] & ~new_unit
    failure = event & ~continuing
    ends = (failure | last_of_unit) & ~continuing
    # a spell starts at a unit's first row and after every spell end (skipping continuing rows)
    spell_id = np.cumsum(np.r_[0, ends[:-1]])  # rows after an end belong to the next spell
    if not continuing.any():  # every row counts: no need to pick the counted rows out
        starts = np.r_[True, spell_id[1:] != spell_id[:-1]]
        first = np.maximum.accumulate(np.where(starts, np.arange(n), 0))
        return np.subtract(np.arange(n), first, dtype=np.float64)
    counted = np.flatnonzero(~continuing)  # continuing rows belong to no spell
    ids = spell_id[counted]
    position = np.arange(len(counted))
    starts = np.r_[True, ids[1:] != ids[:-1]]
    first = np.maximum.accumulate(np.where(starts, position, 0))  # position of the spell's first row
    counter = np.full(n, np.nan)
    counter[counted] = position - first
    return counter


def add_spells(
    frame: pd.DataFrame,
    event: str | None = None,
    *,
    event_type: Literal["ongoing", "onset"] = "ongoing",
    ongoing: bool = False,
) -> pd.DataFrame:
    """Add peace-years (spells since the last event) and their square and cube.

    With ``event=None`` every known conflict pair of columns in the frame gets its spell (``gmlmidspell``
    from ``gmlmidongoing``, ``cowmidspell``, ``cowinterspell``, ``ucdpspell``; ``event_type="onset"`` uses
    the onset columns); otherwise ``event`` names any 0/1 column and the spell is ``<event>spell``. The unit
    is the dyad on dyad-years (``ccode1``-``ccode2``), the state on state-years, the leader (``obsid``) on
    leader-years. See the module for the rule and :func:`spell_counter` for the algorithm.
    """
    require(frame, "add_spells")
    check_choice("event_type", event_type, ["ongoing", "onset"])
    if event is None:
        pick = 0 if event_type == "ongoing" else 1
        targets = {name: cols[pick] for name, cols in KNOWN_EVENTS.items() if all(c in frame for c in cols)}
        if not targets:
            raise UserInputError(
                "add_spells: the frame has no event columns (gmlmidongoing, cowmidongoing, ucdpongoing, "
                "...); run add_gml_mids() or add_cow_mids() first, or name a 0/1 column with event="
            )
    else:
        require(frame, "add_spells", columns=[event])
        targets = {event: event}
    leaders = {"leader-year": ["obsid"], "leader-dyad-year": ["obsid1", "obsid2"]}
    unit_columns = leaders.get(frame.attrs["unit"]) or code_columns(frame)
    no_key = frame[[*unit_columns, "year"]].isna().any(axis=1).to_numpy()
    if no_key.any():  # a row without its unit or year (an outer merge's) is in no spell: missing
        keyed = np.flatnonzero(~no_key)
        counted = _spell_columns(frame.iloc[keyed], targets, unit_columns, ongoing=ongoing)
        new = {name: spread(values, keyed, len(frame)) for name, values in counted.items()}
    else:
        new = _spell_columns(frame, targets, unit_columns, ongoing=ongoing)
    return add_columns(frame, new, step="add_spells", spells=dict(targets))


def _spell_columns(
    frame: pd.DataFrame, targets: dict[str, str], unit_columns: list[str], *, ongoing: bool
) -> dict[str, np.ndarray]:
    """The spell, its square and cube for each target event column, on a frame whose rows all have keys."""
    order, unit_id = _by_unit_then_year(frame, unit_columns)
    new: dict[str, np.ndarray] = {}
    for name, column in targets.items():
        values = frame[column].to_numpy(dtype=np.float64, na_value=np.nan)[order]
        if not np.isin(values[~np.isnan(values)], (0.0, 1.0)).all():
            raise UserInputError(f"add_spells: column {column!r} must be 0/1 (or missing)")
        known = ~np.isnan(values)
        counter = np.full(len(order), np.nan)
        counter[known] = spell_counter(unit_id[known], values[known], ongoing=ongoing)
        spell = np.empty(len(order))
        spell[order] = counter
        new[f"{name}spell"] = spell
        new[f"{name}spell2"] = spell**2
        new[f"{name}spell3"] = spell**3
    return new


def _by_unit_then_year(frame: pd.DataFrame, unit_columns: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The rows in (unit, year) order, and each sorted row's unit number (0, 1, ...).

    A builder frame is already in year order, so a stable sort by unit alone gives (unit, year); with
    the states numbered 0..n-1 a dyad's number fits 16 bits for up to 256 states, and numpy sorts 16-bit
    keys by radix, about a tenth of the time of sorting on three columns.
    """
    years = frame["year"].to_numpy()
    codes = [frame[c].to_numpy() for c in unit_columns]
    small = all(c.dtype.kind in "iu" and len(c) and c.min() >= 0 for c in codes)
    if small and len(years) and bool((years[1:] >= years[:-1]).all()):
        present = np.zeros(max(int(c.max()) for c in codes) + 1, dtype=bool)
        for c in codes:
            present[c] = True
        number = np.cumsum(present) - 1  # each state code -> 0..n-1
        n_states = int(present.sum())
        if n_states ** len(codes) <= 2**16:
            unit = np.zeros(len(years), dtype=np.int64)
            for c in codes:
                unit *= n_states
                unit += number[c]
            order = np.argsort(unit.astype(np.uint16), kind="stable")
            ordered = unit[order]
            return order, np.r_[0, np.cumsum(ordered[1:] != ordered[:-1])]
    order = np.lexsort([years, *[frame[c].to_numpy() for c in reversed(unit_columns)]])
    units = frame[unit_columns].to_numpy()[order]
    unit_id = np.r_[0, np.cumsum((units[1:] != units[:-1]).any(axis=1))] if len(order) else np.empty(0)
    return order, unit_id
