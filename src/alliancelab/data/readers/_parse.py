"""One parser per file format; each returns the file's table as pandas with the file's own column names.

* ``.rda``/``.RData``: ``pyreadr`` (C, librdata; fast), falling back to ``rdata`` (pure Python) where
  pyreadr cannot decode the strings (``troopdata/basedata.rda`` is an RDA v2 file with latin-1 strings).
* CSV: ``pandas.read_csv`` in the encoding the catalogue states (Maddison is latin-1); ``NA`` is missing.
* Stata ``.dta``: ``pandas.read_stata``.
* Excel: the SIPRI workbook through ``openpyxl`` (see :mod:`._sipri`).

A file that cannot be parsed (truncated, corrupt, not the format) raises a one-line :class:`DataError`
naming the file, what went wrong and how to get a good copy.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from alliancelab.data._schema import DataSource
from alliancelab.data.readers._sipri import read_sipri
from alliancelab.data.registry import file_record
from alliancelab.errors import DataError

__all__ = ["Validator", "corrupt", "parse"]

Validator = Callable[[pd.DataFrame, Path], None]


def corrupt(source: DataSource, path: Path, relative: str, exc: BaseException) -> DataError:
    """The error for a file that cannot be parsed; mentions a size mismatch when there is one."""
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    size_note = ""
    try:
        expected = file_record(relative).size
        actual = path.stat().st_size
        if expected != actual:
            size_note = f" ({actual:,} bytes, expected {expected:,}: the file is truncated or altered)"
    except (DataError, OSError):
        pass
    return DataError(
        f"{path}: cannot be read as {source.format.upper()}{size_note}: {detail}; "
        f"get a good copy with `alliancelab data fetch {source.name} --force`"
    )


def _read_rda(source: DataSource, path: Path) -> pd.DataFrame:
    import pyreadr

    if source.encoding == "utf-8":
        try:
            objects = pyreadr.read_r(str(path))
        except UnicodeDecodeError:
            objects = None
        if objects is not None:
            return _pick(source, path, objects)
    import rdata

    with warnings.catch_warnings():  # rdata warns about tibble classes it maps to data.frame
        warnings.simplefilter("ignore")
        objects = rdata.read_rda(str(path), default_encoding=source.encoding, force_default_encoding=True)
    return _pick(source, path, objects)


def _pick(source: DataSource, path: Path, objects: dict[str, object]) -> pd.DataFrame:
    name = source.r_object or next(iter(objects), "")
    frame = objects.get(name)
    if not isinstance(frame, pd.DataFrame):
        found = ", ".join(objects) or "none"
        raise DataError(
            f"{path}: no R data frame named {name!r} (objects found: {found}); "
            f"get the published file with `alliancelab data fetch {source.name} --force`"
        )
    return frame


def _read_csv(source: DataSource, path: Path) -> pd.DataFrame:
    return pd.read_csv(
        path, encoding=source.encoding, na_values=["NA"], keep_default_na=True, low_memory=False
    )


def _read_folder(
    source: DataSource, paths: list[tuple[Path, str]], validate: Validator | None
) -> pd.DataFrame:
    frames = []
    for path, relative in paths:
        try:
            frame = _read_csv(source, path)
        except (ValueError, UnicodeDecodeError, OSError) as exc:
            raise corrupt(source, path, relative, exc) from None
        if validate is not None:
            validate(frame, path)
        frame.insert(0, "contributor", Path(relative).stem)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def parse(
    source: DataSource, paths: list[tuple[Path, str]], validate: Validator | None = None
) -> pd.DataFrame:
    """Parse the file(s) of ``source``; ``paths`` pairs each found file with its relative name."""
    if source.format == "csv-folder":
        return _read_folder(source, paths, validate)
    path, relative = paths[0]
    try:
        if source.format == "rda":
            frame = _read_rda(source, path)
        elif source.format == "csv":
            frame = _read_csv(source, path)
        elif source.format == "dta":
            frame = pd.read_stata(path, convert_categoricals=False)
        else:
            frame = read_sipri(path)
    except DataError:
        raise
    except Exception as exc:  # any parser failure on a damaged file becomes one line
        raise corrupt(source, path, relative, exc) from None
    if validate is not None:
        validate(frame, path)
    return frame
