"""A dyad-year source (ATOP, rivalries, UN agreement, disputes) joined onto a dyad-year frame.

Each dyad-year becomes one integer key, ``(year, code1, code2)`` in mixed radix (int32 when it fits); the
source's keys are looked up among the frame's sorted keys by binary search and their values scattered into
full-length columns. The same lookup says which source rows match no frame row; whether the frame has
both states of such a row that year is a search too on a sorted builder frame, else a grid lookup.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from alliancelab.data.builders._frame import code_columns
from alliancelab.data.builders._grid import (
    CodeMap,
    Grid,
    SourceOnly,
    column_arrays,
    describe_spans,
    grid_of,
    int_codes,
    masked,
    rows_without_key,
    source_keys,
    spread,
)

__all__ = ["DyadJoin", "dyad_values", "join_dyads", "source_only_dyads"]


@dataclass(slots=True)
class DyadJoin:
    """A dyad-year source joined onto a dyad-year frame: the new columns and the source rows left out."""

    columns: dict[str, Any]
    source_only: SourceOnly


def join_dyads(
    frame: pd.DataFrame,
    source: pd.DataFrame,
    columns: Sequence[str],
    *,
    coverage: tuple[int, int],
    fill_inside: float | Mapping[str, float | None] | None = 0,
    either_direction: bool = False,
    code_map: CodeMap | None = None,
) -> DyadJoin:
    """Columns of a dyad-year ``source`` (keys ``code1``, ``code2``, ``year``) for every row of ``frame``.

    A directed source is matched row for row (``code1`` = the frame's side 1). With ``either_direction``
    the value of a row is the larger of (A, B) and (B, A), for undirected questions on directed sources.
    Inside ``coverage`` an absent dyad gets ``fill_inside`` (one value, or one per column; ``None`` leaves it
    missing); outside it every value is NA.

    ``source_only`` counts the source's dyad-years that no frame row matches although the frame has both
    states that year, each on its side (so a frame of the United States' dyads, ``ccode1 == 2``, lists
    only US dyads it misses); with ``either_direction`` a source row (A, B) also matches the row (B, A).
    A row without a state code or year (an outer merge's) matches nothing: its values are missing.
    """
    how: dict[str, Any] = {
        "coverage": coverage, "fill_inside": fill_inside, "either_direction": either_direction,
        "code_map": code_map,
    }  # fmt: skip
    no_key = rows_without_key(frame)
    if no_key is None:
        return _join_keyed(frame, source, columns, **how)
    keyed = np.flatnonzero(~no_key)
    joined = _join_keyed(frame.iloc[keyed], source, columns, **how)
    full = {name: spread(column, keyed, len(frame)) for name, column in joined.columns.items()}
    return DyadJoin(full, joined.source_only)


def _join_keyed(
    frame: pd.DataFrame,
    source: pd.DataFrame,
    columns: Sequence[str],
    *,
    coverage: tuple[int, int],
    fill_inside: float | Mapping[str, float | None] | None,
    either_direction: bool,
    code_map: CodeMap | None,
) -> DyadJoin:
    """:func:`join_dyads` on a frame whose every row has both state codes and its year."""
    years = int_codes(frame["year"])
    first, last = (int(years.min()), int(years.max())) if len(years) else (0, -1)
    grid = grid_of(frame, code_map) if code_map is not None else None
    if grid is None:
        side_codes = [int_codes(frame[c]) for c in code_columns(frame)]
        frame_top = max((int(c.max()) for c in side_codes), default=0) if len(years) else 0
    else:  # the source's codes, converted per state-year cell and gathered onto the rows
        on_grid = np.full(grid.size, -1, dtype=np.int64)
        on_grid[grid.present_cells] = grid.source_code
        side_codes = [side.gather(on_grid) for side in grid.sides]
        frame_top = int(grid.source_code.max(initial=0))
    s1, sy, known1 = source_keys(source["code1"], source["year"])
    s2, _, known2 = source_keys(source["code2"], source["year"])
    rows = np.flatnonzero(known1 & known2 & (sy >= first) & (sy <= last))
    s1, s2, sy = s1[rows], s2[rows], sy[rows]
    top = max(int(s1.max(initial=0)), int(s2.max(initial=0)), frame_top) + 2
    if grid is not None:  # frame codes the code map could not convert (-1) get a slot no source uses
        side_codes = [np.where(c < 0, top - 1, c) for c in side_codes]
    # int32 keys when (year, code1, code2) fits: half the memory to write and search
    key_type = np.int32 if (last - first + 2) * top * top < 2**31 else np.int64
    frame_keys = _dyad_keys(years, first, side_codes[0], side_codes[1], top, key_type)
    # builder frames are sorted by (year, code1, code2), one row per dyad-year: their keys are the lookup
    # table as they are; any other frame is looked up through its distinct keys
    inverse = None
    if not _strictly_increasing(frame_keys):
        frame_keys, inverse = np.unique(frame_keys, return_inverse=True)
    # per direction: the frame rows (or distinct keys) that a source row matches, and that source row
    targets = [_find(frame_keys, _dyad_keys(sy, first, s1, s2, top, key_type))]
    if either_direction:
        targets.append(_find(frame_keys, _dyad_keys(sy, first, s2, s1, top, key_type)))
    matches = [(target[target >= 0], rows[target >= 0]) for target in targets]
    outside = None
    if first < coverage[0] or last > coverage[1]:
        outside = (years < coverage[0]) | (years > coverage[1])
    out: dict[str, Any] = {}
    size = len(frame_keys)
    for column in columns:
        fill = fill_inside.get(column) if isinstance(fill_inside, Mapping) else fill_inside
        got, got_missing, dtype = column_arrays(source[column])
        values = np.full(size, 0 if fill is None else fill, dtype=got.dtype)
        missing = np.zeros(size, dtype=bool) if fill is not None else np.ones(size, dtype=bool)
        if either_direction:
            _scatter_larger(values, missing, matches, got, got_missing)
        else:
            at, source_row = matches[0]
            values[at] = got[source_row]
            if fill is None or got_missing.any():  # else every matched row stays "not missing"
                missing[at] = got_missing[source_row]
        if inverse is not None:
            values, missing = values[inverse], missing[inverse]
        if outside is not None:
            missing |= outside
        out[column] = masked(values, missing, dtype)
    # source rows that match no frame row, where the frame has both states that year (each on its side)
    candidates = targets[0] < 0
    if either_direction:
        candidates &= targets[1] < 0
    lost = np.flatnonzero(candidates)
    if len(lost):
        sides: _SortedSides | _GridSides
        if inverse is None:  # sorted keys: who is on each side is a search, not a pass over the rows
            sides = _SortedSides(frame_keys, side_codes[1], first, top)
        else:
            sides = _GridSides(grid if grid is not None else grid_of(frame, None), top)
        a, b, y = s1[lost], s2[lost], sy[lost]
        both = sides.first_has(a, y) & sides.second_has(b, y)
        if either_direction:
            both |= sides.first_has(b, y) & sides.second_has(a, y)
        lost = lost[both]
    pairs = np.char.add(np.char.add(s1[lost].astype(str), "-"), s2[lost].astype(str))
    return DyadJoin(out, (len(lost), describe_spans(pairs, sy[lost])))


class _SortedSides:
    """Which states a frame with strictly increasing dyad keys has on each side in given years."""

    def __init__(self, keys: np.ndarray, second: np.ndarray, first: int, top: int) -> None:
        self.keys, self.second, self.first, self.top = keys, second, first, top

    def _key(self, years: np.ndarray, code1: Any) -> np.ndarray:
        return _dyad_keys(years, self.first, code1, 0, self.top, self.keys.dtype)

    def first_has(self, codes: np.ndarray, years: np.ndarray) -> np.ndarray:
        # a row (year, code, *) exists if the keys between (year, code, 0) and (year, code + 1, 0) are some
        lo = np.searchsorted(self.keys, self._key(years, codes))
        hi = np.searchsorted(self.keys, self._key(years, codes + 1))
        return np.asarray(hi > lo)

    def second_has(self, codes: np.ndarray, years: np.ndarray) -> np.ndarray:
        found = np.zeros(len(codes), dtype=bool)
        for year in np.unique(years):  # only the years asked about: each a contiguous block of rows
            lo, hi = np.searchsorted(self.keys, self._key(np.array([year, year + 1]), 0))
            here = np.zeros(self.top, dtype=bool)
            here[self.second[lo:hi]] = True
            asked = years == year
            found[asked] = here[codes[asked]]
        return found


class _GridSides:
    """Which states a frame has on each side in given years, from its state-year grid."""

    def __init__(self, grid: Grid, top: int) -> None:
        self.grid, self.flags = grid, []
        for side in range(2):  # per side, a flag per (source code, year)
            flags = np.zeros(top * grid.span, dtype=bool)
            hit = grid.on_side(side) & (grid.source_code >= 0)
            flags[grid.source_code[hit] * grid.span + (grid.cell_year[hit] - grid.first)] = True
            self.flags.append(flags)

    def first_has(self, codes: np.ndarray, years: np.ndarray) -> np.ndarray:
        return np.asarray(self.flags[0][codes * self.grid.span + (years - self.grid.first)])

    def second_has(self, codes: np.ndarray, years: np.ndarray) -> np.ndarray:
        return np.asarray(self.flags[1][codes * self.grid.span + (years - self.grid.first)])


def dyad_values(
    frame: pd.DataFrame,
    source: pd.DataFrame,
    columns: Sequence[str],
    *,
    coverage: tuple[int, int],
    fill_inside: float | Mapping[str, float | None] | None = 0,
    either_direction: bool = False,
    code_map: CodeMap | None = None,
) -> dict[str, Any]:
    """:func:`join_dyads` without the source-only report: the columns only."""
    return join_dyads(
        frame,
        source,
        columns,
        coverage=coverage,
        fill_inside=fill_inside,
        either_direction=either_direction,
        code_map=code_map,
    ).columns


def source_only_dyads(
    frame: pd.DataFrame,
    code1: Any,
    code2: Any,
    years: Any,
    *,
    either_direction: bool = False,
    code_map: CodeMap | None = None,
) -> SourceOnly:
    """Source dyad-years (``code1``, ``code2``, ``years``) that no frame row matches although the frame
    has both states that year, each on its side (see :func:`join_dyads`)."""
    keys = pd.DataFrame(
        {"code1": pd.Series(code1).to_numpy(), "code2": pd.Series(code2).to_numpy(), "year": pd.Series(years)}
    )
    return join_dyads(
        frame, keys, (), coverage=(0, -1), either_direction=either_direction, code_map=code_map
    ).source_only


def _dyad_keys(
    years: np.ndarray, first: int, code1: Any, code2: Any, top: int, dtype: Any = np.int64
) -> np.ndarray:
    """One integer per dyad-year, in the order of (year, code1, code2): ``((year - first) * top + code1)
    * top + code2``, computed in place (one array, whatever the input types)."""
    keys = np.subtract(years, first, dtype=dtype)
    keys *= top
    keys += code1
    keys *= top
    keys += code2
    return np.asarray(keys)


def _strictly_increasing(keys: np.ndarray) -> bool:
    return len(keys) < 2 or bool((keys[1:] > keys[:-1]).all())


def _find(sorted_keys: np.ndarray, query: np.ndarray) -> np.ndarray:
    """The position of each ``query`` key in ``sorted_keys`` (distinct, ascending), -1 where absent."""
    if len(sorted_keys) == 0:
        return np.full(len(query), -1, dtype=np.intp)
    at = np.minimum(np.searchsorted(sorted_keys, query), len(sorted_keys) - 1)
    return np.where(sorted_keys[at] == query, at, -1)


def _scatter_larger(
    values: np.ndarray,
    missing: np.ndarray,
    matches: list[tuple[np.ndarray, np.ndarray]],
    got: np.ndarray,
    got_missing: np.ndarray,
) -> None:
    """Write the source values to the matched rows, keeping the larger of two non-missing values for a
    row matched in both directions (as SQL's ``max`` ignores nulls)."""
    filled = np.zeros(len(values), dtype=bool)
    for at, source_row in matches:
        new, new_missing = got[source_row], got_missing[source_row]
        seen = filled[at]
        keep_old = seen & (new_missing | (~missing[at] & (values[at] >= new)))
        values[at] = np.where(keep_old, values[at], new)
        missing[at] = np.where(keep_old, missing[at], new_missing)
        filled[at] = True
