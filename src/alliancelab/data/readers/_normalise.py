"""Schema checks, the few source-specific repairs, and the dtype every column kind gets.

Order of work for a parsed file: :func:`check_columns` (the file has every column the catalogue
requires, else a :class:`DataError` naming the file and the column), :data:`TRANSFORMS` (reshapes and
repairs stated in the catalogue), :func:`normalise` (cast each column to its kind's dtype, failing on a
malformed value with the column's name and an example; rename; order).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from pandas.api.types import pandas_dtype

from alliancelab.data._schema import KINDS, DataSource
from alliancelab.errors import DataError

if TYPE_CHECKING:
    from pandas._typing import DtypeObj

__all__ = ["TRANSFORMS", "check_columns", "enforce_dtypes", "normalise"]


def _dtype(kind: str) -> DtypeObj:
    return pandas_dtype(KINDS[kind])


def _fix_hint(source: DataSource) -> str:
    return f"get the published file with `alliancelab data fetch {source.name} --force`"


def check_columns(source: DataSource, frame: pd.DataFrame, path: Path) -> None:
    """Raise a one-line :class:`DataError` if ``frame`` (parsed from ``path``) lacks a required column."""
    present = set(map(str, frame.columns))
    missing = [c for c in source.required if c not in present]
    if missing:
        shown = ", ".join(repr(c) for c in missing[:3]) + (" ..." if len(missing) > 3 else "")
        expected = f"expected for {source.name}: {source.title}"
        raise DataError(f"{path}: column {shown} missing ({expected}); {_fix_hint(source)}")


# ---- source-specific repairs (named in the catalogue's ``transform``) -------------------------------


def _fiscal_years(fiscal: pd.Series) -> tuple[pd.Series, pd.Series]:
    text = fiscal.astype("string").str.strip().str.removeprefix("FY")
    quarter = text.str.lower().str.endswith("tq")
    years = pd.to_numeric(text.str.lower().str.removesuffix("tq"), errors="coerce")
    return years, quarter.astype("Int8")


def _us_foreign_aid(frame: pd.DataFrame) -> pd.DataFrame:
    years, quarter = _fiscal_years(frame["Fiscal Year"])
    return frame.assign(year=years, transition_quarter=quarter)


def _greenbook(frame: pd.DataFrame) -> pd.DataFrame:
    fy = [c for c in frame.columns if str(c).startswith("FY")]
    long = frame.melt(
        id_vars=["country_name", "program_name"], value_vars=fy, var_name="fiscal_year", value_name="amount"
    )
    years, quarter = _fiscal_years(long["fiscal_year"])
    return long.assign(year=years, transition_quarter=quarter)


def _un_votes_voeten(frame: pd.DataFrame) -> pd.DataFrame:
    # 197 cells of the economic-development dummy read '0"' in the published file: a stray quote.
    codes, uniques = pd.factorize(frame["ec"], use_na_sentinel=True)
    repaired = pd.Series(uniques, dtype="string").str.rstrip('"\\ ').to_numpy(dtype=object)
    ec = pd.Series(repaired[np.maximum(codes, 0)], index=frame.index).where(codes >= 0)
    return frame.assign(ec=ec)


def _ipi_detail(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(Mission_Country=frame["Mission_Country"].astype("string").str.rstrip("'"))


TRANSFORMS: dict[str, Callable[[pd.DataFrame], pd.DataFrame]] = {
    "us_foreign_aid": _us_foreign_aid,
    "greenbook": _greenbook,
    "un_votes_voeten": _un_votes_voeten,
    "ipi_detail": _ipi_detail,
}


# ---- dtypes -----------------------------------------------------------------------------------------


def _show(value: object) -> str:
    value = value.item() if isinstance(value, np.generic) else value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value) if isinstance(value, str) else str(value)


def _malformed(source: DataSource, path: Path, column: str, kind: str, bad: object) -> DataError:
    return DataError(
        f"{path}: column {column!r} should hold {kind} values but has {_show(bad)}; {_fix_hint(source)}"
    )


def _numeric(series: pd.Series, source: DataSource, path: Path, column: str, kind: str) -> pd.Series:
    if pd.api.types.is_bool_dtype(series):
        return series.astype("float64")
    if pd.api.types.is_numeric_dtype(series):
        return series
    try:  # fast path: R integers with NA arrive as Python ints and None in an object column
        values = series.astype("float64")
    except (TypeError, ValueError):
        values = pd.to_numeric(series, errors="coerce")
    newly_missing = values.isna() & series.notna()
    if newly_missing.any():
        raise _malformed(source, path, column, kind, series[newly_missing].iloc[0])
    return values


def _integers(arr: np.ndarray, finite: np.ndarray, kind: str, index: pd.Index) -> pd.Series:
    """Build the integer column directly from its values and missing mask (pandas' float cast is slow)."""
    numpy_type = {"code": np.int32, "year": np.int32, "int": np.int64, "flag": np.int8}[kind]
    data = np.where(finite, arr, 0).astype(numpy_type)
    if kind == "year":
        return pd.Series(data, index=index)
    return pd.Series(pd.arrays.IntegerArray(data, ~finite), index=index)


def _cast(series: pd.Series, kind: str, source: DataSource, path: Path, column: str) -> pd.Series:
    if kind in ("code", "year", "int", "flag"):
        values = _numeric(series, source, path, column, kind).astype("float64")
        arr = values.to_numpy()
        finite = ~np.isnan(arr)
        if not np.array_equal(arr[finite], np.round(arr[finite])):
            raise _malformed(source, path, column, kind, series[finite & (arr != np.round(arr))].iloc[0])
        if kind == "year" and not finite.all():
            raise _malformed(source, path, column, "year (never missing)", series[~finite].iloc[0])
        if kind == "flag" and not np.isin(arr[finite], (0.0, 1.0)).all():
            raise _malformed(source, path, column, "0/1", series[finite & ~np.isin(arr, (0.0, 1.0))].iloc[0])
        return _integers(arr, finite, kind, series.index)
    if kind == "float":
        return _numeric(series, source, path, column, kind).astype("float64")
    if kind == "str":
        return series.astype("string")
    if kind == "category":
        return series if isinstance(series.dtype, pd.CategoricalDtype) else series.astype("category")
    # dates: R Dates (datetime.date objects or float days) and text such as 1/1/1946 or 1990-11-30
    if pd.api.types.is_datetime64_any_dtype(series):
        return series.astype("datetime64[ns]")
    if pd.api.types.is_numeric_dtype(series):
        return pd.to_datetime(series, unit="D").astype("datetime64[ns]")
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    try:
        parsed = pd.to_datetime(pd.Series(uniques, dtype=object), errors="raise").astype("datetime64[ns]")
    except (ValueError, TypeError) as exc:
        raise _malformed(source, path, column, "date", str(exc).split(",")[0]) from None
    out = pd.Series(parsed.to_numpy()[np.maximum(codes, 0)], index=series.index)
    out[codes < 0] = pd.NaT
    return out.astype("datetime64[ns]")


def normalise(source: DataSource, frame: pd.DataFrame, path: Path) -> pd.DataFrame:
    """Cast every known column to its kind's dtype, rename, drop or keep the rest, and order the columns."""
    frame = frame.drop(columns=[c for c in source.drop if c in frame.columns]).reset_index(drop=True)
    out: dict[str, pd.Series] = {}
    for column in frame.columns:
        name = str(column)
        kind = source.kind_of(name)
        if kind is None and not source.keep_other_columns:
            continue
        series = frame[column]
        if kind is not None:
            series = _cast(series, kind, source, path, name)
        elif series.dtype == object:
            series = series.astype("string")
        out[name] = series
    result = pd.DataFrame(out)
    renames = {c.source: c.name for c in source.columns if c.name and not c.is_pattern}
    result = result.rename(columns=renames)
    named = [c.output for c in source.columns if not c.is_pattern and c.output in result.columns]
    rest = [c for c in result.columns if c not in named]
    return result[named + rest]


def enforce_dtypes(source: DataSource, frame: pd.DataFrame) -> pd.DataFrame:
    """Re-assert the kinds' dtypes on a frame read back from the Parquet cache (a no-op when they hold)."""
    for col in source.columns:
        if col.is_pattern or col.output not in frame.columns:
            continue
        if col.kind != "category" and frame[col.output].dtype != _dtype(col.kind):
            frame[col.output] = frame[col.output].astype(_dtype(col.kind))
    return frame
