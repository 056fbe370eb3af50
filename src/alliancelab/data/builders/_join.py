"""Coverage-aware joins on integer keys, computed once per state-year and scattered onto the frame's rows.

Two join shapes cover every builder:

* :func:`join_states`: a state-year source (NMC, democracy, GDP, ...) onto a state-year frame, or onto
  both sides of a dyad-year frame (suffixes ``1`` and ``2``). The frame's state-years are cells of a dense
  (state code × year) grid, a few hundred thousand cells at most; every value, coverage rule and mismatch
  is worked out once per cell and then gathered onto the (possibly millions of) rows with ``numpy.take``.
* :func:`join_dyads`: a dyad-year source (ATOP, rivalries, UN agreement) onto a dyad-year frame. Each
  dyad-year becomes one int64 key, ``(year, code1, code2)`` in mixed radix; the source's keys are
  looked up among the frame's sorted keys (binary search) and their values scattered into full-length
  columns. The same lookup says which source rows match no frame row.

No pandas ``merge``: a merge of 1.6 million dyad-years hashes and copies every column, where these joins
touch each output value once (``docs/benchmarks.md``).

Coverage: outside ``coverage`` (the source's first and last year) every value is missing (NA); inside it, a
dyad absent from a dyadic source gets ``fill_inside`` (0 for "no alliance"), and a state-year absent from a
state source stays NA unless the source says absence means zero (aid, troops). Codes of the frame that a
source never mentions inside its coverage are counted in ``attrs["unmatched"]`` and warned about; so are
the source's rows that no row of the frame matches (``source_only``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from alliancelab.data.builders._frame import code_columns, describe_rows

if TYPE_CHECKING:
    import duckdb

__all__ = [
    "DyadJoin",
    "SourceOnly",
    "StateJoin",
    "cow_codes_for",
    "describe_spans",
    "duckdb_connection",
    "dyad_values",
    "gw_codes_for",
    "join_dyads",
    "join_states",
    "source_only_dyads",
    "source_only_states",
    "state_values",
]

_LOCK = threading.Lock()
_CONNECTION: list[duckdb.DuckDBPyConnection] = []

CodeMap = Callable[[np.ndarray, np.ndarray], np.ndarray]
#: Source rows no frame row matches: how many, and a description of each code's years (``"260 1946-1954"``).
SourceOnly = tuple[int, list[str]]


def _gw_to_cow(codes: np.ndarray, years: np.ndarray) -> np.ndarray:
    from alliancelab.data.crosswalk import gw_to_cow

    return gw_to_cow(codes, years).to_numpy(dtype=np.float64, na_value=np.nan)


def _cow_to_gw(codes: np.ndarray, years: np.ndarray) -> np.ndarray:
    from alliancelab.data.crosswalk import cow_to_gw

    return cow_to_gw(codes, years).to_numpy(dtype=np.float64, na_value=np.nan)


def cow_codes_for(frame: pd.DataFrame) -> CodeMap | None:
    """The code map that joins ``frame`` to a COW-coded source (``None`` if the frame is COW already)."""
    return _gw_to_cow if frame.attrs.get("system", "cow") == "gw" else None


def gw_codes_for(frame: pd.DataFrame) -> CodeMap | None:
    """The code map that joins ``frame`` to a Gleditsch–Ward-coded source."""
    return _cow_to_gw if frame.attrs.get("system", "cow") == "cow" else None


@contextmanager
def duckdb_connection(**tables: pd.DataFrame) -> Iterator[duckdb.DuckDBPyConnection]:
    """The process's in-memory DuckDB connection with ``tables`` registered as views (then dropped)."""
    import duckdb  # only the builders that run SQL pay for importing it

    with _LOCK:
        if not _CONNECTION:
            # no progress bar: on a busy machine a slow query would print one to stdout, into the output
            connection = duckdb.connect(database=":memory:")
            connection.execute("SET enable_progress_bar = false")
            _CONNECTION.append(connection)
        con = _CONNECTION[0]
        for name, table in tables.items():
            con.register(name, table)
        try:
            yield con
        finally:
            for name in tables:
                con.unregister(name)


def describe_spans(codes: np.ndarray, years: np.ndarray, label: str = "") -> list[str]:
    """``"260 1946-1954"`` per code (``label`` prefixed), the first and last year it occurs in."""
    if len(codes) == 0:
        return []
    spans = pd.DataFrame({"code": codes, "year": years}).groupby("code")["year"].agg(["min", "max"])
    return [
        f"{label}{code} {lo}" if lo == hi else f"{label}{code} {lo}-{hi}"
        for code, lo, hi in zip(spans.index, spans["min"], spans["max"], strict=True)
    ]


# ---------------------------------------------------------------------------------------------------------
# The frame's state-years on a dense grid


def _int_codes(values: Any) -> np.ndarray:
    """A frame's code or year column as an integer array (builder frames hold int32: no copy)."""
    array = np.asarray(values.to_numpy() if isinstance(values, pd.Series) else values)
    return array if array.dtype.kind in "iu" else np.asarray(array, dtype=np.int64)


@dataclass(slots=True)
class _Side:
    """The grid cell of every row on one side of the frame.

    A frame sorted by year and first code (as builders make them) repeats each side-1 state-year in
    long runs: then only the runs are kept (their cell and length), and a column is written by
    repeating one value per run, without a full-length index to build or read. Otherwise ``cells``
    holds each row's cell.
    """

    cells: np.ndarray  # per row, or per run when ``lengths`` is set
    lengths: np.ndarray | None = None

    def gather(self, grid_values: np.ndarray) -> np.ndarray:
        """``grid_values`` (one per grid cell) for every row."""
        if self.lengths is None:
            return np.take(grid_values, self.cells)
        return np.repeat(grid_values[self.cells], self.lengths)

    def mark(self, flags: np.ndarray) -> None:
        """Set ``flags`` (one per grid cell) at every cell this side uses."""
        flags[self.cells] = True


def _side(codes: np.ndarray, years: np.ndarray, first: int, span: int) -> _Side:
    n = len(codes)
    sample = min(n, 4096)  # a glance first: most sides change state-year at nearly every row
    if n == 0 or np.count_nonzero(codes[1:sample] != codes[: sample - 1]) * 8 >= sample:
        cells = np.multiply(codes, span, dtype=np.intp)
        cells += years
        cells -= first
        return _Side(cells)
    change = codes[1:] != codes[:-1]
    change |= years[1:] != years[:-1]
    starts = np.flatnonzero(change)
    starts += 1
    starts = np.concatenate([[0], starts])
    if len(starts) * 8 >= n:  # short runs after all: a plain index is as fast
        cells = np.multiply(codes, span, dtype=np.intp)
        cells += years
        cells -= first
        return _Side(cells)
    lengths = np.diff(np.append(starts, n))
    run_cells = codes[starts].astype(np.intp) * span + (years[starts] - first)
    return _Side(run_cells, lengths)


@dataclass(slots=True)
class _Grid:
    """The frame's state-years as cells ``code * span + (year - first)`` of a dense grid.

    ``sides`` holds, for each side (one on state-years, two on dyad-years), the cell of every row;
    ``present_cells`` are the cells some row uses, with their code and year. ``source_code`` maps each
    present cell to the source's code (-1 where the code map has none): all code conversion happens per
    cell, never per row.
    """

    first: int
    span: int
    size: int
    sides: list[_Side]
    present_cells: np.ndarray
    cell_year: np.ndarray
    cell_code: np.ndarray
    source_code: np.ndarray

    def on_side(self, side: int) -> np.ndarray:
        """Which present cells occur on ``side`` (a dyad's first or second state)."""
        flags = np.zeros(self.size, dtype=bool)
        self.sides[side].mark(flags)
        return np.asarray(flags[self.present_cells])


def _grid(frame: pd.DataFrame, code_map: CodeMap | None) -> _Grid:
    years = _int_codes(frame["year"])
    codes = [_int_codes(frame[c]) for c in code_columns(frame)]
    if len(years) == 0:
        first, span, top = 0, 1, 1
    else:
        first = int(years.min())
        span = int(years.max()) - first + 1
        top = max(int(c.max()) for c in codes) + 1
        if min(int(c.min()) for c in codes) < 0:
            raise ValueError("state codes must be non-negative")
    sides = [_side(c, years, first, span) for c in codes]
    present = np.zeros(top * span, dtype=bool)
    for side in sides:
        side.mark(present)
    present_cells = np.flatnonzero(present)
    cell_code, cell_year = np.divmod(present_cells, span)
    cell_year += first
    if code_map is None:
        source_code = cell_code.astype(np.int64)
    else:
        mapped = np.asarray(code_map(cell_code, cell_year), dtype=np.float64)
        source_code = np.nan_to_num(mapped, nan=-1).astype(np.int64)
    return _Grid(first, span, top * span, sides, present_cells, cell_year, cell_code, source_code)


def _source_keys(codes: Any, years: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A source's codes and years as int64, and which rows have a code (NaN codes match nothing)."""
    year = pd.Series(years).to_numpy(dtype=np.int64)
    series = pd.Series(codes)
    if series.dtype.kind in "iu":  # the prepared tables: plain integers, nothing missing
        return series.to_numpy(dtype=np.int64), year, np.ones(len(year), dtype=bool)
    code = series.to_numpy(dtype=np.float64, na_value=np.nan)
    known = ~np.isnan(code)
    return np.where(known, code, -1).astype(np.int64), year, known


def _column_arrays(values: Any) -> tuple[np.ndarray, np.ndarray, Any]:
    """A source column as (float64 or integer values, missing mask, dtype)."""
    series = values if isinstance(values, pd.Series) else pd.Series(values)
    dtype = series.dtype
    missing = series.isna().to_numpy()
    if _nullable_int(dtype):
        return series.to_numpy(dtype=dtype.numpy_dtype, na_value=0), missing, dtype  # type: ignore[union-attr]
    return series.to_numpy(dtype=np.float64, na_value=np.nan), missing, dtype


def _nullable_int(dtype: Any) -> bool:
    return isinstance(dtype, pd.api.extensions.ExtensionDtype) and pd.api.types.is_integer_dtype(dtype)


def _masked(values: np.ndarray, missing: np.ndarray, dtype: Any) -> Any:
    """Values with a missing mask as a column: a nullable integer array, or float64 with NaN."""
    if _nullable_int(dtype):
        return pd.arrays.IntegerArray(values.astype(dtype.numpy_dtype, copy=False), missing)
    out = values if values.dtype == np.float64 else values.astype(np.float64)
    if missing.any():
        out = out.copy() if out is values else out
        out[missing] = np.nan
    return out


@dataclass(slots=True)
class StateJoin:
    """A state-year source joined onto a frame: the new columns and both directions of a mismatch."""

    columns: dict[str, Any]
    #: the frame's codes that the source never lists inside its coverage (their values are missing)
    unmatched: list[int]
    #: the source's state-years, inside the frame's years, that no row of the frame has
    source_only: SourceOnly
    #: the frame's rows inside the coverage that got no value in any of the columns (per state its years)
    frame_rows: tuple[int, list[str]]


def join_states(
    frame: pd.DataFrame,
    source: pd.DataFrame,
    columns: Sequence[str],
    *,
    coverage: tuple[int, int],
    code_map: CodeMap | None = None,
    fill_inside: float | None = None,
    rename: Callable[[str], str] = lambda c: c,
    check_codes: bool = True,
) -> StateJoin:
    """Columns of a state-year ``source`` (keys ``code``, ``year``) for every row of ``frame``.

    On a dyad-year frame each column comes twice, suffixed ``1`` and ``2``. ``code_map(codes, years)``
    converts the frame's codes to the source's system when they differ (see :mod:`..crosswalk`); a code it
    cannot convert counts as unmatched. ``fill_inside`` is the value of a state-year missing from the source
    inside its coverage (``None``: stays missing). With ``check_codes`` (default) the frame's codes that the
    source never mentions inside its coverage stay missing and are reported; without it (a source that lists
    only some states, like the major powers) they are filled like any other absent state-year.
    """
    grid = _grid(frame, code_map)
    codes, years, known = _source_keys(source["code"], source["year"])
    last = grid.first + grid.span - 1
    usable = known & (years >= grid.first) & (years <= last)
    rows = np.flatnonzero(usable)
    stop = max(int(codes.max(initial=0)), int(grid.source_code.max(initial=0))) + 1
    # the source's row for each (source code, year) of the frame's years, and the frame's state-years in
    # the source's codes: both on one grid, so each lookup is an index
    row_of = np.full(stop * grid.span, -1, dtype=np.intp)
    source_cells = codes[rows] * grid.span + (years[rows] - grid.first)
    row_of[source_cells] = rows
    mapped = grid.source_code >= 0
    frame_cells = np.where(mapped, grid.source_code * grid.span + (grid.cell_year - grid.first), 0)
    cell_row = np.where(mapped, row_of[frame_cells], -1)
    matched = cell_row >= 0
    inside = (grid.cell_year >= coverage[0]) & (grid.cell_year <= coverage[1])
    if check_codes:
        never = inside & ~np.isin(grid.source_code, np.unique(codes[known]))
    else:
        never = np.zeros(len(cell_row), dtype=bool)
    fill = inside & ~matched & ~never
    sides = len(grid.sides)
    out: dict[str, Any] = {}
    empty = inside.copy()  # cells inside the coverage that get no value in any column
    for column in columns:
        values, missing, dtype = _column_arrays(source[column])
        cell_values = values[np.maximum(cell_row, 0)] if len(values) else np.zeros(len(cell_row))
        cell_missing = (missing[np.maximum(cell_row, 0)] if len(values) else True) | ~matched
        if fill_inside is not None:
            cell_values = np.where(fill, fill_inside, cell_values).astype(cell_values.dtype)
            cell_missing = cell_missing & ~fill
        cell_missing = cell_missing | ~inside
        empty &= cell_missing
        for side in range(sides):
            name = rename(column) + (str(side + 1) if sides == 2 else "")
            out[name] = _gather_column(grid, side, cell_values, cell_missing, dtype)
    # source rows whose state-year (in the source's codes) no row of the frame has, on either side
    covered = np.zeros(stop * grid.span, dtype=bool)
    covered[frame_cells[mapped]] = True
    lost = rows[~covered[source_cells]]
    source_only = (len(lost), describe_spans(codes[lost], years[lost]))
    frame_rows: tuple[int, list[str]] = (0, [])
    if columns and empty.any():  # rows whose every side is such a cell (usually none: no row pass)
        on_grid = np.zeros(grid.size, dtype=bool)
        on_grid[grid.present_cells] = empty
        rows = grid.sides[0].gather(on_grid)
        for other in grid.sides[1:]:
            rows &= other.gather(on_grid)
        frame_rows = describe_rows(frame, rows)
    return StateJoin(out, sorted({int(c) for c in grid.cell_code[never]}), source_only, frame_rows)


def _gather_column(
    grid: _Grid, side: int, cell_values: np.ndarray, cell_missing: np.ndarray, dtype: Any
) -> Any:
    """One output column: per-cell values spread over the grid, then gathered onto the rows of ``side``."""
    if _nullable_int(dtype):
        on_grid = np.zeros(grid.size, dtype=dtype.numpy_dtype)
        on_grid[grid.present_cells] = cell_values
        values = grid.sides[side].gather(on_grid)
        if not cell_missing.any():  # the common case: no mask to gather (np.zeros costs no pass)
            return pd.arrays.IntegerArray(values, np.zeros(len(values), dtype=bool))
        missing_grid = np.ones(grid.size, dtype=bool)
        missing_grid[grid.present_cells] = cell_missing
        return pd.arrays.IntegerArray(values, grid.sides[side].gather(missing_grid))
    on_grid = np.full(grid.size, np.nan)
    on_grid[grid.present_cells] = np.where(cell_missing, np.nan, cell_values)
    return grid.sides[side].gather(on_grid)


def state_values(
    frame: pd.DataFrame,
    source: pd.DataFrame,
    columns: Sequence[str],
    *,
    coverage: tuple[int, int],
    source_system: str = "cow",
    code_map: CodeMap | None = None,
    fill_inside: float | None = None,
    rename: Callable[[str], str] = lambda c: c,
    check_codes: bool = True,
) -> tuple[dict[str, Any], list[int]]:
    """:func:`join_states` without the source-only report: the columns and the unmatched codes."""
    joined = join_states(
        frame,
        source,
        columns,
        coverage=coverage,
        code_map=code_map,
        fill_inside=fill_inside,
        rename=rename,
        check_codes=check_codes,
    )
    return joined.columns, joined.unmatched


def source_only_states(
    frame: pd.DataFrame,
    codes: Any,
    years: Any,
    *,
    code_map: CodeMap | None = None,
) -> SourceOnly:
    """Source state-years (``codes``, ``years``) inside the frame's years that no frame row matches.

    On a dyad-year frame a state-year matches when the state is on either side of some row that year.
    Codes are reported in the source's system (after ``code_map`` has taken the frame to it).
    """
    keys = pd.DataFrame({"code": pd.Series(codes).to_numpy(), "year": pd.Series(years).to_numpy()})
    return join_states(frame, keys, (), coverage=(0, -1), code_map=code_map).source_only


# ---------------------------------------------------------------------------------------------------------
# Dyad-year sources


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
    """
    years = _int_codes(frame["year"])
    first, last = (int(years.min()), int(years.max())) if len(years) else (0, -1)
    grid = _grid(frame, code_map) if code_map is not None else None
    if grid is None:
        side_codes = [_int_codes(frame[c]) for c in code_columns(frame)]
        frame_top = max((int(c.max()) for c in side_codes), default=0) if len(years) else 0
    else:  # the source's codes, converted per state-year cell and gathered onto the rows
        on_grid = np.full(grid.size, -1, dtype=np.int64)
        on_grid[grid.present_cells] = grid.source_code
        side_codes = [side.gather(on_grid) for side in grid.sides]
        frame_top = int(grid.source_code.max(initial=0))
    s1, sy, known1 = _source_keys(source["code1"], source["year"])
    s2, _, known2 = _source_keys(source["code2"], source["year"])
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
        got, got_missing, dtype = _column_arrays(source[column])
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
        out[column] = _masked(values, missing, dtype)
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
            sides = _GridSides(grid if grid is not None else _grid(frame, None), top)
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

    def __init__(self, grid: _Grid, top: int) -> None:
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
