"""Prepared tables kept on disk as plain numpy arrays, so that a fresh process need not prepare them again.

The builders' tables (:mod:`._tables`) are a few integer, float, date and nullable-integer columns made from
the readers' data sets. Reading a data set's Parquet copy and preparing it costs a fresh process tens of
milliseconds per table (ATOP: about 45 ms); loading the prepared columns from an uncompressed ``.npz``
costs about one. The file sits beside the readers' Parquet copies and is keyed by everything the table
depends on: the data files (path, size, modification time and catalogue entry, and the readers' code, as
the readers key their copies), the code of the modules that prepare it (their bytes, with the package
version: :mod:`alliancelab.data._fingerprint` says why bytes rather than function sources or modification
times), and the numpy and pandas versions. A fix to a parser or a preparer therefore makes the table again.
Anything it cannot store (an object or category column) is simply not stored; a damaged file is made
again. ``alliancelab.data.clear_cache()`` removes these files with the Parquet copies.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from alliancelab.data._fingerprint import code_fingerprint
from alliancelab.errors import DataError

__all__ = ["PATTERN", "load_or_make"]

_FORMAT = "1"  # bump when the layout of the stored file changes
#: The files this module writes, in the readers' cache folder.
PATTERN = "prepared-*.npz"


def load_or_make(
    name: str, datasets: Sequence[str], code: Sequence[str], make: Callable[[], pd.DataFrame]
) -> pd.DataFrame:
    """The table ``name``: loaded from its stored copy if that is current, else made and stored.

    ``datasets`` are the data sets ``make`` reads, ``code`` the modules (or packages) whose code prepares the
    table from them; a change to either makes it again.
    """
    path = _path(name, datasets, code)
    if path is not None and path.is_file():
        try:
            return _load(path)
        except (OSError, ValueError, KeyError):  # damaged or from another layout: make it again
            path.unlink(missing_ok=True)
    table = make()
    if path is not None:
        _store(table, path)
    return table


def _path(name: str, datasets: Sequence[str], code: Sequence[str]) -> Path | None:
    """Where the current copy of the table is kept; ``None``: keep none (data missing, code unreadable)."""
    from alliancelab.data.paths import parquet_cache_dir
    from alliancelab.data.readers import _cache_name, locate_files
    from alliancelab.data.registry import get_source

    preparer = code_fingerprint(*code)
    if preparer is None:
        return None
    digest = hashlib.sha256(f"{_FORMAT}|{np.__version__}|{pd.__version__}|{preparer}".encode())
    where = hashlib.sha256()
    try:
        for dataset in datasets:
            source = get_source(dataset)
            files = locate_files(source)
            named = _cache_name(source, files)  # the files' identity and the readers' code
            if named is None:
                return None
            digest.update(named[1].encode())
            where.update("|".join(str(path.resolve()) for path, _ in files).encode())
    except (DataError, OSError):  # missing data: making the table raises the readers' message
        return None
    return parquet_cache_dir() / f"prepared-{name}-{where.hexdigest()[:8]}-{digest.hexdigest()[:16]}.npz"


def _load(path: Path) -> pd.DataFrame:
    with np.load(path, allow_pickle=False) as stored:
        layout = json.loads(str(stored["layout"]))
        columns: dict[str, Any] = {}
        for i, (column, dtype) in enumerate(layout):
            values = stored[f"values{i}"]
            if f"mask{i}" in stored.files:  # a nullable (masked) pandas array
                masked = pd.api.types.pandas_dtype(dtype)
                if not isinstance(masked, pd.api.extensions.ExtensionDtype):
                    raise ValueError(f"{path.name}: column {column} has a mask but dtype {dtype}")
                columns[column] = masked.construct_array_type()(values, stored[f"mask{i}"])  # type: ignore[call-arg]
            else:
                columns[column] = values
    return pd.DataFrame(columns, copy=False)


def _store(table: pd.DataFrame, path: Path) -> None:
    from alliancelab.io import atomic_path

    arrays: dict[str, np.ndarray] = {}
    layout = []
    for i, column in enumerate(table.columns):
        series = table[column]
        dtype = series.dtype
        if isinstance(dtype, np.dtype) and dtype.kind in "biufM":
            arrays[f"values{i}"] = series.to_numpy()
        elif isinstance(dtype, pd.api.extensions.ExtensionDtype) and hasattr(dtype, "numpy_dtype"):
            arrays[f"values{i}"] = series.to_numpy(dtype=dtype.numpy_dtype, na_value=0)
            arrays[f"mask{i}"] = series.isna().to_numpy()
        else:  # objects, categories, strings: not worth a format of their own
            return
        layout.append((str(column), str(dtype)))
    arrays["layout"] = np.array(json.dumps(layout))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        stem = path.name.rsplit("-", 1)[0]
        for stale in path.parent.glob(f"{stem}-*.npz"):  # older copies of the same table and folder
            stale.unlink(missing_ok=True)
        with atomic_path(path) as tmp, open(tmp, "wb") as handle:
            np.savez(handle, **arrays)  # type: ignore[arg-type]
    except OSError:  # a read-only or full cache only costs speed
        return
