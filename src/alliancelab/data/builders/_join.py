"""Coverage-aware joins on integer keys, computed once per state-year and scattered onto the frame's rows.

Two join shapes cover every builder:

* :func:`join_states`: a state-year source (NMC, democracy, GDP, ...) onto a state-year frame, or onto
  both sides of a dyad-year frame (suffixes ``1`` and ``2``). The frame's state-years are cells of a dense
  (state code × year) grid, a few hundred thousand cells at most; every value, coverage rule and mismatch
  is worked out once per cell (:mod:`._grid`) and then gathered onto the (possibly millions of) rows.
* :func:`join_dyads` (in :mod:`._join_dyads`): a dyad-year source (ATOP, rivalries, UN agreement) onto a
  dyad-year frame. Each dyad-year becomes one integer key, ``(year, code1, code2)`` in mixed radix; the
  source's keys are looked up among the frame's sorted keys (binary search) and their values scattered
  into full-length columns. The same lookup says which source rows match no frame row.

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
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from alliancelab.data.builders._frame import describe_rows
from alliancelab.data.builders._grid import (
    CodeMap,
    Grid,
    SourceOnly,
    column_arrays,
    describe_spans,
    grid_of,
    nullable_int,
    rows_without_key,
    source_keys,
    spread,
)
from alliancelab.data.builders._join_dyads import DyadJoin, dyad_values, join_dyads, source_only_dyads

if TYPE_CHECKING:
    import duckdb

__all__ = [
    "CodeMap",
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
    no_code = rows_without_key(frame)
    if no_code is not None:
        return _join_coded_rows(
            frame, no_code, source, columns, coverage=coverage, code_map=code_map,
            fill_inside=fill_inside, rename=rename, check_codes=check_codes,
        )  # fmt: skip
    grid = grid_of(frame, code_map)
    codes, years, known = source_keys(source["code"], source["year"])
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
        values, missing, dtype = column_arrays(source[column])
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


def _join_coded_rows(
    frame: pd.DataFrame, no_code: np.ndarray, source: pd.DataFrame, columns: Sequence[str], **how: Any
) -> StateJoin:
    """:func:`join_states` on the rows that have their state codes and year; the others get missing values.

    A row without a code (or year) matches no source row, so each of its new values is missing; inside the
    coverage it counts among the frame's rows without data (described as ``"no code YEARS"``).
    """
    coded = np.flatnonzero(~no_code)
    joined = join_states(frame.iloc[coded], source, columns, **how)
    full = {name: spread(column, coded, len(frame)) for name, column in joined.columns.items()}
    count, described = joined.frame_rows
    if len(columns):
        lo, hi = how["coverage"]
        years = frame["year"].to_numpy()
        extra, words = describe_rows(frame, no_code & (years >= lo) & (years <= hi))
        count, described = count + extra, [*described, *words]
    return StateJoin(full, joined.unmatched, joined.source_only, (count, described))


def _gather_column(
    grid: Grid, side: int, cell_values: np.ndarray, cell_missing: np.ndarray, dtype: Any
) -> Any:
    """One output column: per-cell values spread over the grid, then gathered onto the rows of ``side``."""
    if nullable_int(dtype):
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
