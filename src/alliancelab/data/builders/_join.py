"""Coverage-aware joins in DuckDB, gathered back onto the frame's rows.

Two join shapes cover every builder:

* :func:`state_values`: a state-year source (NMC, democracy, GDP, ...) onto a state-year frame, or onto
  both sides of a dyad-year frame (suffixes ``1`` and ``2``). DuckDB joins the source to the frame's
  *distinct* state-years (a few thousand rows); the values are then gathered onto the (possibly millions of)
  dyad rows by position, which is what keeps a 1.6-million-row pipeline well under a second.
* :func:`dyad_values`: a dyad-year source (ATOP, rivalries, UN agreement) onto a dyad-year frame; DuckDB
  returns only the matching rows with their row number, which are scattered into full-length columns.

Coverage: outside ``coverage`` (the source's first and last year) every value is missing (NA); inside it, a
dyad absent from a dyadic source gets ``fill_inside`` (0 for "no alliance"), and a state-year absent from a
state source stays NA unless the source says absence means zero (aid, troops). Codes of the frame that a
source never mentions inside its coverage are counted in ``attrs["unmatched"]`` and warned about.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from alliancelab.data.builders._frame import code_columns
from alliancelab.data.crosswalk import cow_to_gw, gw_to_cow

__all__ = [
    "SourceOnly",
    "cow_codes_for",
    "describe_spans",
    "duckdb_connection",
    "dyad_values",
    "gw_codes_for",
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
    return gw_to_cow(codes, years).to_numpy(dtype=np.float64, na_value=np.nan)


def _cow_to_gw(codes: np.ndarray, years: np.ndarray) -> np.ndarray:
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


def _nullable(values: np.ndarray, missing: np.ndarray, like: Any) -> Any:
    """Values with a missing-mask in the dtype family of ``like`` (nullable ints stay nullable)."""
    if isinstance(like, pd.api.extensions.ExtensionDtype) and pd.api.types.is_integer_dtype(like):
        data = values.astype(like.numpy_dtype)  # type: ignore[attr-defined]
        data[missing] = 0
        return pd.arrays.IntegerArray(data, missing)
    out = values if values.dtype == np.float64 else values.astype(np.float64)
    out[missing] = np.nan  # values is always a fresh array here
    return out


def _column_arrays(result: pd.DataFrame, column: str) -> tuple[np.ndarray, np.ndarray]:
    series = result[column]
    missing = series.isna().to_numpy()
    values = series.to_numpy(dtype=np.float64, na_value=0.0)
    return values, missing


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
    """Columns of a state-year ``source`` (keys ``code``, ``year``) for every row of ``frame``.

    On a dyad-year frame each column comes twice, suffixed ``1`` and ``2``. ``code_map(codes, years)``
    converts the frame's codes to the source's system when they differ (see :mod:`..crosswalk`); a code it
    cannot convert counts as unmatched. ``fill_inside`` is the value of a state-year missing from the source
    inside its coverage (``None``: stays missing). With ``check_codes`` (default) the frame's codes that the
    source never mentions inside its coverage stay missing and are reported; without it (a source that lists
    only some states, like the major powers) they are filled like any other absent state-year. Returns the
    columns and the unmatched codes (for ``attrs["unmatched"]``).
    """
    sides = code_columns(frame)
    years = frame["year"].to_numpy()
    y0, span = int(years.min()), int(years.max()) - int(years.min()) + 1
    codes = [frame[c].to_numpy() for c in sides]
    keyspace = (max(int(c.max()) for c in codes) + 1) * span
    key_type = np.int32 if keyspace < 2**31 else np.int64
    offset = (years - y0).astype(key_type)
    keys: list[np.ndarray] = [np.multiply(c.astype(key_type), span, dtype=key_type) + offset for c in codes]
    present = np.zeros(keyspace, dtype=bool)
    for k in keys:
        present[k] = True
    universe = np.flatnonzero(present)
    rank = (np.cumsum(present) - 1).astype(key_type)
    positions = [rank[k] for k in keys]  # row -> its state-year in the universe
    u_code, u_year = universe // span, universe % span + y0
    s_code = code_map(u_code, u_year) if code_map is not None else u_code.astype(float)
    states = pd.DataFrame({"pos": np.arange(len(universe)), "code": s_code, "year": u_year})
    src = source[["code", "year", *columns]]
    select = ", ".join(f's."{c}"' for c in columns)
    with duckdb_connection(frame_states=states, source_table=src) as con:
        result = con.execute(
            f"""select f.pos, f.code, f.year, s.code is not null as matched, {select}
                from frame_states f left join source_table s
                  on s.code = f.code and s.year = f.year
                order by f.pos"""
        ).df()
        known = con.execute("select distinct code from source_table").df()["code"].to_numpy()
    inside = (u_year >= coverage[0]) & (u_year <= coverage[1])
    never = inside & ~np.isin(s_code, known) if check_codes else np.zeros(len(universe), dtype=bool)
    fill = inside & ~result["matched"].to_numpy() & ~never
    out: dict[str, Any] = {}
    for column in columns:
        values, missing = _column_arrays(result, column)
        if fill_inside is not None:
            values = np.where(fill, fill_inside, values)
            missing = missing & ~fill
        missing = missing | ~inside
        dtype = source[column].dtype
        nullable_int = isinstance(dtype, pd.api.extensions.ExtensionDtype) and pd.api.types.is_integer_dtype(
            dtype
        )
        if not nullable_int:  # floats: NaN marks missing, so each row needs one gather only
            values = values.astype(np.float64, copy=True)
            values[missing] = np.nan
        for side, pos in zip(sides, positions, strict=True):
            name = rename(column) + (side[-1] if len(sides) == 2 else "")
            out[name] = _nullable(values[pos], missing[pos], dtype) if nullable_int else values[pos]
    return out, sorted({int(c) for c in u_code[never]})


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
    """Columns of a dyad-year ``source`` (keys ``code1``, ``code2``, ``year``) for every row of ``frame``.

    A directed source is matched row for row (``code1`` = the frame's side 1). With ``either_direction``
    the value of a row is the larger of (A, B) and (B, A), for undirected questions on directed sources.
    Inside ``coverage`` an absent dyad gets ``fill_inside`` (one value, or one per column; ``None`` leaves it
    missing); outside it every value is NA.
    """
    sides = code_columns(frame)
    n = len(frame)
    years = frame["year"].to_numpy()
    c1, c2 = frame[sides[0]].to_numpy(), frame[sides[1]].to_numpy()
    if code_map is not None:
        c1, c2 = code_map(c1, years), code_map(c2, years)
    keys = pd.DataFrame({"rid": np.arange(n, dtype=np.int64), "c1": c1, "c2": c2, "year": years})
    src = source[["code1", "code2", "year", *columns]]
    if either_direction:
        flipped = src.rename(columns={"code1": "code2", "code2": "code1"})
        src = pd.concat([src, flipped], ignore_index=True)
    if either_direction:
        picked = ", ".join(f'max(s."{c}") as "{c}"' for c in columns)
        grouping = "group by f.rid"
    else:  # a directed source has one row per dyad-year
        picked, grouping = ", ".join(f's."{c}"' for c in columns), ""
    with duckdb_connection(frame_keys=keys, source_table=src) as con:
        result = con.execute(
            f"""select f.rid, {picked} from frame_keys f join source_table s
                  on s.code1 = f.c1 and s.code2 = f.c2 and s.year = f.year {grouping}"""
        ).df()
    outside = (years < coverage[0]) | (years > coverage[1])
    rid = result["rid"].to_numpy()
    out: dict[str, Any] = {}
    for column in columns:
        fill = fill_inside.get(column) if isinstance(fill_inside, Mapping) else fill_inside
        values = np.full(n, 0.0 if fill is None else float(fill))
        missing = outside.copy() if fill is not None else np.ones(n, dtype=bool)
        got, got_missing = _column_arrays(result, column)
        values[rid] = got
        missing[rid] = got_missing
        missing |= outside
        out[column] = _nullable(values, missing, source[column].dtype)
    return out


def describe_spans(codes: np.ndarray, years: np.ndarray, label: str = "") -> list[str]:
    """``"260 1946-1954"`` per code (``label`` prefixed), the first and last year it occurs in."""
    if len(codes) == 0:
        return []
    spans = pd.DataFrame({"code": codes, "year": years}).groupby("code")["year"].agg(["min", "max"])
    return [
        f"{label}{code} {lo}" if lo == hi else f"{label}{code} {lo}-{hi}"
        for code, lo, hi in zip(spans.index, spans["min"], spans["max"], strict=True)
    ]


def _sorted(keys: np.ndarray) -> np.ndarray:
    """``keys`` in ascending order (a builder frame's keys usually are already: then no sort is paid)."""
    return keys if len(keys) < 2 or bool((keys[1:] >= keys[:-1]).all()) else np.sort(keys)


def _contains(sorted_keys: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Whether each ``query`` is in ``sorted_keys`` (binary search: faster than ``np.isin`` here)."""
    if len(sorted_keys) == 0:
        return np.zeros(len(query), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_keys, query), len(sorted_keys) - 1)
    return np.asarray(sorted_keys[at] == query)


def _frame_codes(frame: pd.DataFrame, side: str, years: np.ndarray, code_map: CodeMap | None) -> np.ndarray:
    """The frame's codes on ``side`` in the source's system (-1 where the map has none)."""
    if code_map is None:  # the frame's own codes: never missing, one cast
        return np.asarray(frame[side].to_numpy(), dtype=np.int64)
    mapped = np.asarray(code_map(frame[side].to_numpy(), years), dtype=np.float64)
    return np.nan_to_num(mapped, nan=-1).astype(np.int64)


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
    frame_years = frame["year"].to_numpy().astype(np.int64)
    y0, y1 = int(frame_years.min()), int(frame_years.max())
    span = y1 - y0 + 1
    src_codes = pd.Series(codes).to_numpy(dtype=np.float64, na_value=np.nan)
    src_years = pd.Series(years).to_numpy(dtype=np.int64)
    inside = ~np.isnan(src_codes) & (src_years >= y0) & (src_years <= y1)
    src_codes, src_years = src_codes[inside].astype(np.int64), src_years[inside]
    sides = [_frame_codes(frame, side, frame_years, code_map) for side in code_columns(frame)]
    top = max([int(src_codes.max(initial=0)), *(int(c.max(initial=0)) for c in sides)]) + 1
    present = np.zeros(top * span, dtype=bool)  # a flag per (code, year): a few hundred thousand at most
    for side_codes in sides:
        known = side_codes >= 0
        present[side_codes[known] * span + frame_years[known] - y0] = True
    missing = ~present[src_codes * span + src_years - y0]
    return int(missing.sum()), describe_spans(src_codes[missing], src_years[missing])


def source_only_dyads(
    frame: pd.DataFrame,
    code1: Any,
    code2: Any,
    years: Any,
    *,
    either_direction: bool = False,
    code_map: CodeMap | None = None,
) -> SourceOnly:
    """Source dyad-years that no frame row matches although the frame has both states that year.

    "Has" is per side: the source's first state is a side-1 state of the frame that year and its second
    a side-2 state. That keeps the report meaningful on a subset of dyads (a frame of the United States'
    dyads, ``ccode1 == 2``, lists only US dyads it misses). With ``either_direction`` a source row
    (A, B) also matches the frame row (B, A).
    """
    frame_years = frame["year"].to_numpy().astype(np.int64)
    sides = code_columns(frame)
    c1 = _frame_codes(frame, sides[0], frame_years, code_map)
    c2 = _frame_codes(frame, sides[1], frame_years, code_map)
    s1 = pd.Series(code1).to_numpy(dtype=np.int64)
    s2 = pd.Series(code2).to_numpy(dtype=np.int64)
    sy = pd.Series(years).to_numpy(dtype=np.int64)
    top = max(int(c1.max(initial=0)), int(c2.max(initial=0)), int(s1.max(initial=0)), int(s2.max(initial=0)))
    base = top + 2  # codes 0..top, and a spare slot for the frame's codes that did not map (-1)
    c1, c2 = np.where(c1 < 0, base - 1, c1), np.where(c2 < 0, base - 1, c2)
    # year-major keys: a frame from create_dyadyears() is sorted by year, code1, code2, so they need no sort
    frame_keys = _sorted((frame_years * base + c1) * base + c2)
    y0, y1 = int(frame_years.min()), int(frame_years.max())
    # a flag per (year, code) and side: which states each side of the frame has in each year (O(n), no sort)
    firsts = np.zeros((y1 - y0 + 1) * base, dtype=bool)
    seconds = np.zeros_like(firsts)
    firsts[(frame_years - y0) * base + c1] = True
    seconds[(frame_years - y0) * base + c2] = True
    inside = (sy >= y0) & (sy <= y1)
    s1, s2, sy = s1[inside], s2[inside], sy[inside]
    row1, row2 = (sy - y0) * base + s1, (sy - y0) * base + s2
    both_present = firsts[row1] & seconds[row2]
    matched = _contains(frame_keys, (sy * base + s1) * base + s2)
    if either_direction:
        both_present |= firsts[row2] & seconds[row1]
        matched |= _contains(frame_keys, (sy * base + s2) * base + s1)
    missing = both_present & ~matched
    pairs = np.char.add(np.char.add(s1[missing].astype(str), "-"), s2[missing].astype(str))
    return int(missing.sum()), describe_spans(pairs, sy[missing])
