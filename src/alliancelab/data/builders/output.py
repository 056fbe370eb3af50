"""Saving and converting builder frames: Parquet (atomic, with the frame's attrs), Arrow."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]

from alliancelab.errors import UserInputError
from alliancelab.io import atomic_path
from alliancelab.provenance import run_record, to_jsonable

__all__ = ["read_frame", "to_arrow", "write_parquet"]

_META_KEY = b"alliancelab"


def to_arrow(frame: pd.DataFrame) -> pa.Table:
    """The frame as an Arrow table; its attrs travel in the schema metadata (key ``alliancelab``).

    The index is kept as pandas keeps it in Parquet: a default ``RangeIndex`` as metadata only, any other
    index (a ``set_index(["ccode", "year"])``, the labels left by a filter) as columns that
    :func:`read_frame` turns back into the index, so a round trip returns the frame as it was."""
    table = pa.Table.from_pandas(frame, preserve_index=None)
    meta = dict(table.schema.metadata or {})
    meta[_META_KEY] = json.dumps({"attrs": to_jsonable(frame.attrs), "record": run_record()}).encode()
    return table.replace_schema_metadata(meta)


def write_parquet(frame: pd.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write the frame to Parquet atomically (no partial file on error); returns the path."""
    target = Path(path)
    if target.suffix.lower() != ".parquet":
        raise UserInputError(f"{target}: the output must end in .parquet")
    table = to_arrow(frame)
    with atomic_path(target) as tmp:
        pq.write_table(table, tmp, compression="zstd")
    return target


def read_frame(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read a Parquet file written by :func:`write_parquet`, restoring the frame's attrs."""
    table = pq.read_table(path)
    frame: pd.DataFrame = table.to_pandas()
    raw: Any = (table.schema.metadata or {}).get(_META_KEY)
    if raw is not None:
        attrs = json.loads(raw)["attrs"]
        if isinstance(attrs.get("years"), list):
            attrs["years"] = tuple(attrs["years"])
        frame.attrs = attrs
    return frame
