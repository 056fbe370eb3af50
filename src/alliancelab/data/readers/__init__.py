"""Read any registered data set as a pandas DataFrame with documented columns and dtypes.

>>> from alliancelab.data import read
>>> nmc = read("cow_nmc")                     # doctest: +SKIP
>>> nmc.dtypes["ccode"], nmc.attrs["sources"]  # doctest: +SKIP
(Int32Dtype(), ['singer1972capability', 'singer1987reconstructing', 'miller2022peacesciencer'])

:func:`read` finds the file(s) (``$ALLIANCELAB_DATA``, else the download cache),
parses them in their native format, checks the columns the catalogue requires, casts every column to its
kind's dtype (see :mod:`alliancelab.data._schema`: country codes ``Int32``, years ``int32``, R Dates as
``datetime64``), and records the data set and its citation keys in ``frame.attrs`` so that
:func:`alliancelab.references.cite` can cite it. The parsed result is kept as Parquet in the user cache,
keyed by the file's path, size and modification time, by the catalogue entry and by the code that reads
it (:data:`READER_CODE`, see :mod:`alliancelab.data._fingerprint`), so warm reads take milliseconds and a
changed file, schema or parser is re-parsed.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from alliancelab.data._fingerprint import code_fingerprint
from alliancelab.data._schema import DataSource
from alliancelab.data.inventory import catalogue, describe
from alliancelab.data.paths import data_roots, locate, parquet_cache_dir
from alliancelab.data.readers._normalise import TRANSFORMS, check_columns, enforce_dtypes, normalise
from alliancelab.data.readers._parse import parse
from alliancelab.data.registry import get_source
from alliancelab.errors import DataError
from alliancelab.io import atomic_path

__all__ = ["READER_CODE", "catalogue", "clear_cache", "describe", "locate_files", "parse_source", "read"]

_CACHE_FORMAT = "1"  # bump when the layout of the cached copies changes
#: The modules whose code turns a data file into the table :func:`read` returns (parsing, the
#: catalogue's column kinds, normalisation): a change to any of them re-parses the cached copies.
READER_CODE = ("alliancelab.data.readers", "alliancelab.data._schema")


def locate_files(source: DataSource) -> list[tuple[Path, str]]:
    """Each file of ``source`` as (path found, relative name); a missing one raises :class:`DataError`."""
    found: list[tuple[Path, str]] = []
    for relative in source.files:
        path = locate(relative)
        if path is None:
            roots = ", ".join(str(r) for r in data_roots()) or "no data folder"
            raise DataError(
                f"{source.name}: file {relative} not found (looked in {roots}); "
                f"run `alliancelab data fetch {source.name}` or set ALLIANCELAB_DATA"
            )
        found.append((path, relative))
    return found


def parse_source(source: DataSource, files: list[tuple[Path, str]] | None = None) -> pd.DataFrame:
    """Parse, check and normalise ``source`` from its files, bypassing the Parquet cache."""
    files = files if files is not None else locate_files(source)
    frame = parse(source, files, validate=lambda f, p: check_columns(source, f, p))
    if source.transform is not None:
        frame = TRANSFORMS[source.transform](frame)
    return normalise(source, frame, files[0][0] if len(files) == 1 else files[0][0].parent)


def _cache_name(source: DataSource, files: list[tuple[Path, str]]) -> tuple[str, str] | None:
    """``(prefix, file name)``: the prefix names the data set and where its files are (so two data folders
    keep separate entries); the rest changes with the files' size and mtime, the catalogue entry, the
    pandas version and the readers' code. ``None`` when that code cannot be read (nothing is cached)."""
    code = code_fingerprint(*READER_CODE)
    if code is None:
        return None
    where = hashlib.sha256("|".join(str(path.resolve()) for path, _ in files).encode()).hexdigest()[:8]
    digest = hashlib.sha256(f"{_CACHE_FORMAT}|{source!r}|{pd.__version__}|{code}".encode())
    for path, _ in files:
        stat = path.stat()
        digest.update(f"|{stat.st_size}|{stat.st_mtime_ns}".encode())
    prefix = f"{source.name}-{where}"
    return prefix, f"{prefix}-{digest.hexdigest()[:16]}.parquet"


def _with_attrs(source: DataSource, frame: pd.DataFrame) -> pd.DataFrame:
    frame.attrs = {
        "dataset": source.name,
        "unit": source.unit,
        "sources": list(source.citations),
        "files": list(source.files),
    }
    return frame


def read(name: str, *, cache: bool = True) -> pd.DataFrame:
    """Read data set ``name`` (see ``alliancelab data list``) as a DataFrame.

    Raises :class:`~alliancelab.errors.DataError` (one line, naming the file and what to do) when the
    name is unknown, a file is missing, truncated or corrupt, or a required column is missing or holds
    malformed values. ``cache=False`` parses the file afresh and leaves the Parquet cache alone.
    """
    source = get_source(name)
    files = locate_files(source)
    named = _cache_name(source, files) if cache else None
    if named is None:
        return _with_attrs(source, parse_source(source, files))
    prefix, file_name = named
    cached = parquet_cache_dir() / file_name
    if cached.is_file():
        try:
            return _with_attrs(source, enforce_dtypes(source, pd.read_parquet(cached)))
        except (OSError, ValueError):  # a damaged cache entry is re-made, never trusted
            cached.unlink(missing_ok=True)
    frame = parse_source(source, files)
    _store(frame, cached, prefix)
    return _with_attrs(source, frame)


def _store(frame: pd.DataFrame, target: Path, prefix: str) -> None:
    try:
        for stale in target.parent.glob(f"{prefix}-*.parquet"):  # older versions of the same files
            if stale != target:
                stale.unlink(missing_ok=True)
        with atomic_path(target) as tmp:
            frame.to_parquet(tmp, index=False)
    except OSError:  # a read-only or full cache only costs speed
        return


def clear_cache() -> int:
    """Delete every cached Parquet copy (and the builders' prepared tables); returns how many files were
    removed."""
    folder = parquet_cache_dir()
    removed = 0
    if folder.is_dir():
        for pattern in ("*.parquet", "prepared-*.npz"):  # the second: alliancelab.data.builders._stored
            for entry in folder.glob(pattern):
                entry.unlink(missing_ok=True)
                removed += 1
    return removed
