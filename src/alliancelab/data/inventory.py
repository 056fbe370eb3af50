"""The inventory of data sets: what ``alliancelab data list`` and ``data info`` show (no pandas needed)."""

from __future__ import annotations

from typing import Any

from alliancelab.data._schema import KINDS, DataSource
from alliancelab.data.paths import locate
from alliancelab.data.registry import file_record, get_source, origin_url, source_names

__all__ = ["catalogue", "describe"]


def _span(years: tuple[int, int] | None) -> str:
    return f"{years[0]}-{years[1]}" if years else ""


def _present(source: DataSource) -> str:
    found = sum(locate(rel) is not None for rel in source.files)
    if found == len(source.files):
        return "present"
    return "absent" if found == 0 else f"partial ({found}/{len(source.files)} files)"


def catalogue() -> list[dict[str, Any]]:
    """One row per data set: name, years, unit, expected rows, present/absent, title."""
    rows = []
    for name in source_names():
        source = get_source(name)
        rows.append(
            {
                "name": name,
                "years": _span(source.years),
                "unit": source.unit,
                "rows": source.rows,
                "status": _present(source),
                "title": source.title,
            }
        )
    return rows


def describe(name: str) -> dict[str, Any]:
    """Everything known about data set ``name``; with its files present, also the observed schema.

    Keys: name, title, unit, format, status, rows (observed, else expected), expected_rows, years
    (observed on the year column, else as documented), columns (name, dtype, non-missing count), files
    (relative path, where found, size, sha256, origin URL), citations, notes.
    """
    from alliancelab.data.readers import read

    source = get_source(name)
    status = _present(source)
    files = []
    for relative in source.files:
        record = file_record(relative)
        found = locate(relative)
        files.append(
            {
                "relative": relative,
                "found": str(found) if found else None,
                "size": record.size,
                "sha256": record.sha256,
                "url": origin_url(record),
            }
        )
    info: dict[str, Any] = {
        "name": source.name,
        "title": source.title,
        "unit": source.unit,
        "format": source.format,
        "status": status,
        "rows": source.rows,
        "expected_rows": source.rows,
        "years": _span(source.years),
        "columns": [{"name": c.output, "dtype": KINDS[c.kind], "non_missing": None} for c in source.columns],
        "files": files,
        "citations": list(source.citations),
        "notes": source.notes,
    }
    if status != "present":
        return info
    frame = read(name)
    info["rows"] = len(frame)
    if source.year is not None and len(frame):
        info["years"] = f"{int(frame[source.year].min())}-{int(frame[source.year].max())}"
    counts = frame.notna().sum()
    info["columns"] = [
        {"name": str(col), "dtype": str(frame[col].dtype), "non_missing": int(counts[col])}
        for col in frame.columns
    ]
    return info
