"""The frame's state-years on a dense (code × year) grid, and the source columns the joins read.

Shared by :mod:`._join` (state-year sources) and :mod:`._join_dyads` (dyad-year sources): a frame's rows
are mapped to grid cells ``code * span + (year - first)`` once per join, so that everything a state-year
needs (its source row, coverage, fill, code conversion) is worked out per cell, a few thousand of them,
and only the final values are gathered onto the rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from alliancelab.data.builders._frame import code_columns

__all__ = [
    "CodeMap",
    "Grid",
    "Side",
    "SourceOnly",
    "column_arrays",
    "describe_spans",
    "grid_of",
    "int_codes",
    "masked",
    "nullable_int",
    "rows_without_key",
    "source_keys",
    "spread",
]

CodeMap = Callable[[np.ndarray, np.ndarray], np.ndarray]
#: Source rows no frame row matches: how many, and a description of each code's years (``"260 1946-1954"``).
SourceOnly = tuple[int, list[str]]


def describe_spans(codes: np.ndarray, years: np.ndarray, label: str = "") -> list[str]:
    """``"260 1946-1954"`` per code (``label`` prefixed), the first and last year it occurs in."""
    if len(codes) == 0:
        return []
    spans = pd.DataFrame({"code": codes, "year": years}).groupby("code")["year"].agg(["min", "max"])
    return [
        f"{label}{code} {lo}" if lo == hi else f"{label}{code} {lo}-{hi}"
        for code, lo, hi in zip(spans.index, spans["min"], spans["max"], strict=True)
    ]


def int_codes(values: Any) -> np.ndarray:
    """A frame's code or year column as an integer array (builder frames hold int32: no copy)."""
    array = np.asarray(values.to_numpy() if isinstance(values, pd.Series) else values)
    return array if array.dtype.kind in "iu" else np.asarray(array, dtype=np.int64)


@dataclass(slots=True)
class Side:
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


def side_of(codes: np.ndarray, years: np.ndarray, first: int, span: int) -> Side:
    """The grid cells of one side's rows (``codes`` with their ``years``), kept as runs where they repeat."""
    n = len(codes)
    sample = min(n, 4096)  # a glance first: most sides change state-year at nearly every row
    if n == 0 or np.count_nonzero(codes[1:sample] != codes[: sample - 1]) * 8 >= sample:
        cells = np.multiply(codes, span, dtype=np.intp)
        cells += years
        cells -= first
        return Side(cells)
    change = codes[1:] != codes[:-1]
    change |= years[1:] != years[:-1]
    starts = np.flatnonzero(change)
    starts += 1
    starts = np.concatenate([[0], starts])
    if len(starts) * 8 >= n:  # short runs after all: a plain index is as fast
        cells = np.multiply(codes, span, dtype=np.intp)
        cells += years
        cells -= first
        return Side(cells)
    lengths = np.diff(np.append(starts, n))
    run_cells = codes[starts].astype(np.intp) * span + (years[starts] - first)
    return Side(run_cells, lengths)


@dataclass(slots=True)
class Grid:
    """The frame's state-years as cells ``code * span + (year - first)`` of a dense grid.

    ``sides`` holds, for each side (one on state-years, two on dyad-years), the cell of every row;
    ``present_cells`` are the cells some row uses, with their code and year. ``source_code`` maps each
    present cell to the source's code (-1 where the code map has none): all code conversion happens per
    cell, never per row.
    """

    first: int
    span: int
    size: int
    sides: list[Side]
    present_cells: np.ndarray
    cell_year: np.ndarray
    cell_code: np.ndarray
    source_code: np.ndarray

    def on_side(self, side: int) -> np.ndarray:
        """Which present cells occur on ``side`` (a dyad's first or second state)."""
        flags = np.zeros(self.size, dtype=bool)
        self.sides[side].mark(flags)
        return np.asarray(flags[self.present_cells])


def grid_of(frame: pd.DataFrame, code_map: CodeMap | None) -> Grid:
    """The grid of ``frame``'s state-years; ``code_map`` converts its codes to a source's system."""
    years = int_codes(frame["year"])
    codes = [int_codes(frame[c]) for c in code_columns(frame)]
    if len(years) == 0:
        first, span, top = 0, 1, 1
    else:
        first = int(years.min())
        span = int(years.max()) - first + 1
        top = max(int(c.max()) for c in codes) + 1
        if min(int(c.min()) for c in codes) < 0:
            raise ValueError("state codes must be non-negative")
    sides = [side_of(c, years, first, span) for c in codes]
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
    return Grid(first, span, top * span, sides, present_cells, cell_year, cell_code, source_code)


def source_keys(codes: Any, years: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A source's codes and years as int64, and which rows have a code (NaN codes match nothing)."""
    year = pd.Series(years).to_numpy(dtype=np.int64)
    series = pd.Series(codes)
    if series.dtype.kind in "iu":  # the prepared tables: plain integers, nothing missing
        return series.to_numpy(dtype=np.int64), year, np.ones(len(year), dtype=bool)
    code = series.to_numpy(dtype=np.float64, na_value=np.nan)
    known = ~np.isnan(code)
    return np.where(known, code, -1).astype(np.int64), year, known


def column_arrays(values: Any) -> tuple[np.ndarray, np.ndarray, Any]:
    """A source column as (float64 or integer values, missing mask, dtype)."""
    series = values if isinstance(values, pd.Series) else pd.Series(values)
    dtype = series.dtype
    missing = series.isna().to_numpy()
    if nullable_int(dtype):
        return series.to_numpy(dtype=dtype.numpy_dtype, na_value=0), missing, dtype  # type: ignore[union-attr]
    return series.to_numpy(dtype=np.float64, na_value=np.nan), missing, dtype


def nullable_int(dtype: Any) -> bool:
    return isinstance(dtype, pd.api.extensions.ExtensionDtype) and pd.api.types.is_integer_dtype(dtype)


def masked(values: np.ndarray, missing: np.ndarray, dtype: Any) -> Any:
    """Values with a missing mask as a column: a nullable integer array, or float64 with NaN."""
    if nullable_int(dtype):
        return pd.arrays.IntegerArray(values.astype(dtype.numpy_dtype, copy=False), missing)
    out = values if values.dtype == np.float64 else values.astype(np.float64)
    if missing.any():
        out = out.copy() if out is values else out
        out[missing] = np.nan
    return out


def rows_without_key(frame: pd.DataFrame) -> np.ndarray | None:
    """Rows with a missing state code on some side or a missing year (a mission hosted by no COW state, a
    row an outer merge added), or None if every row has its keys: such rows match no source row."""
    missing = None
    for column in [*code_columns(frame), "year"]:
        values = frame[column]
        if not (isinstance(values.dtype, np.dtype) and values.dtype.kind in "iu") and values.isna().any():
            flags = values.isna().to_numpy()
            missing = flags if missing is None else missing | flags
    return missing


def spread(column: Any, rows: np.ndarray, size: int) -> Any:
    """A column computed for ``rows`` of a frame of ``size`` rows, missing at every other row."""
    if isinstance(column, pd.arrays.IntegerArray):
        integers: Any = np.zeros(size, dtype=column.dtype.type)
        integers[rows] = column.to_numpy(dtype=column.dtype.type, na_value=0)
        missing = np.ones(size, dtype=bool)
        missing[rows] = column.isna()
        return pd.arrays.IntegerArray(integers, missing)
    floats = np.full(size, np.nan)
    floats[rows] = column
    return floats
