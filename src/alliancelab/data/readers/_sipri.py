"""The SIPRI Military Expenditure workbook, tidied to one row per country and year.

Researchers use the sheets in US dollars and the shares; each becomes one column:

=========================  ===========================  ==============================================
sheet                      column                       unit
=========================  ===========================  ==============================================
Constant (2023) US$        ``milex_constant_usd``       US$ million, constant 2023 prices and rates
Current US$                ``milex_current_usd``        US$ million, current prices
Share of GDP               ``milex_gdp_share``          fraction of GDP (0.034 = 3.4 %)
Per capita                 ``milex_per_capita``         current US$ per person (from 1988)
Share of Govt. spending    ``milex_govt_share``         fraction of general government spending (from 1988)
=========================  ===========================  ==============================================

Each sheet's header row is the row whose first cell is ``Country``; region and sub-region label rows (all
year cells empty) set ``region``/``subregion`` for the countries below them. ``...`` (not available) is
missing; a cell ``xxx`` means the state did not exist that year, and such country-years are left out
(judged on the constant-dollar sheet). The local-currency sheets are not read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from alliancelab.errors import DataError

__all__ = ["SHEETS", "read_sipri"]

SHEETS: dict[str, str] = {
    "Constant (2023) US$": "milex_constant_usd",
    "Current US$": "milex_current_usd",
    "Share of GDP": "milex_gdp_share",
    "Per capita": "milex_per_capita",
    "Share of Govt. spending": "milex_govt_share",
}
_REGIONS = {"Africa", "Americas", "Asia & Oceania", "Europe", "Middle East"}
_ABSENT = "xxx"


def _sheet_long(path: Path, title: str, rows: list[tuple[Any, ...]]) -> pd.DataFrame:
    header_at = next((i for i, row in enumerate(rows) if row and row[0] == "Country"), None)
    if header_at is None:
        raise DataError(f"{path}: sheet {title!r} has no header row starting with 'Country'")
    header = rows[header_at]
    year_cols = [(j, int(v)) for j, v in enumerate(header) if isinstance(v, int | float) and 1900 < v < 2100]
    if not year_cols:
        raise DataError(f"{path}: sheet {title!r} has no year columns in its header row")
    records: list[tuple[str, str | None, str | None, int, Any]] = []
    region: str | None = None
    subregion: str | None = None
    for row in rows[header_at + 1 :]:
        if not row or not isinstance(row[0], str) or not row[0].strip():
            continue
        name = row[0].strip()
        cells = [row[j] if j < len(row) else None for j, _ in year_cols]
        if all(c is None or c == "" for c in cells):
            if name in _REGIONS:
                region, subregion = name, None
            else:
                subregion = name
            continue
        records.extend(
            (name, region, subregion, year, cell) for (_, year), cell in zip(year_cols, cells, strict=True)
        )
    return pd.DataFrame.from_records(records, columns=["country", "region", "subregion", "year", "value"])


def read_sipri(path: Path) -> pd.DataFrame:
    """Read the SIPRI workbook at ``path`` into tidy country-year form (see the module docstring)."""
    import openpyxl  # type: ignore[import-untyped]

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        missing = [title for title in SHEETS if title not in book.sheetnames]
        if missing:
            raise DataError(f"{path}: sheet {missing[0]!r} is missing (sheets: {', '.join(book.sheetnames)})")
        longs = {
            column: _sheet_long(path, title, list(book[title].iter_rows(values_only=True)))
            for title, column in SHEETS.items()
        }
    finally:
        book.close()
    keys = ["country", "region", "subregion", "year"]
    base = longs["milex_constant_usd"]
    tidy = base.loc[base["value"] != _ABSENT, keys].reset_index(drop=True)
    for column, frame in longs.items():
        values = frame["value"].where(frame["value"].map(lambda v: isinstance(v, int | float)), np.nan)
        frame = frame.assign(value=pd.to_numeric(values)).drop(columns=["region", "subregion"])
        tidy = tidy.merge(frame.rename(columns={"value": column}), on=["country", "year"], how="left")
    return tidy
