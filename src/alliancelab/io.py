"""Files in and out: user files read one way, outputs written whole or not at all.

* Reading: :func:`read_text`, :func:`read_toml` and :func:`read_csv` are the one way every loader reads a
  user's file (cases, missions, episodes, CSV tables): UTF-8 with or without a byte-order mark, at most
  :data:`MAX_INPUT_BYTES`, and any other file refused with one line naming it and the encoding expected.
* Writing: every command that writes (figures, JSON, CSV, Parquet) writes to a temporary file in the target
  folder and renames it into place only when writing succeeded, so an error never leaves a half-written
  output behind; :func:`atomic_outputs` does the same for several outputs at once (all or none).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from alliancelab.errors import DataError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "MAX_INPUT_BYTES",
    "atomic_outputs",
    "atomic_path",
    "atomic_write",
    "read_csv",
    "read_text",
    "read_toml",
    "write_json",
]

# mkstemp creates files readable by the owner only; outputs should get the permissions a plain open() gives
_UMASK = os.umask(0)
os.umask(_UMASK)


def _temporary_beside(target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=f".tmp{target.suffix}", dir=target.parent)
    os.close(fd)
    return Path(name)


@contextlib.contextmanager
def atomic_outputs(*targets: str | os.PathLike[str] | None) -> Iterator[list[Path | None]]:
    """Temporary paths for several outputs (``None`` stays ``None``); all replace their targets, or none does.

    The block writes each output to its temporary path; only when the whole block succeeded are they renamed
    into place, so a failing run leaves every existing file as it was and no new file behind. An error while
    writing names the user's path, not the temporary one.
    """
    wanted = [None if t is None else Path(t) for t in targets]
    staged: dict[Path, Path] = {}
    try:
        for target in wanted:
            if target is not None:
                staged[target] = _temporary_beside(target)
        yield [None if t is None else staged[t] for t in wanted]
        for tmp in staged.values():
            os.chmod(tmp, 0o666 & ~_UMASK)
        for target, tmp in staged.items():
            os.replace(tmp, target)
    except OSError as err:
        temporary = {str(tmp): target for target, tmp in staged.items()}
        named = temporary.get(str(err.filename)) or next(
            (t for t in wanted if t is not None and t not in staged), None
        )
        shown = str(named) if named is not None else ", ".join(str(t) for t in staged)  # which one: unknown
        if shown and str(err.filename) != shown:
            raise type(err)(err.errno, err.strerror or str(err), shown) from None
        raise
    finally:
        for tmp in staged.values():
            tmp.unlink(missing_ok=True)


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``target`` (same suffix); rename it to ``target`` on success."""
    with atomic_outputs(target) as (tmp,):
        assert tmp is not None
        yield tmp


@contextlib.contextmanager
def atomic_write(
    target: str | os.PathLike[str], mode: str = "w", encoding: str | None = "utf-8"
) -> Iterator[IO[Any]]:
    """Open a temporary file for writing; it replaces ``target`` only if the block succeeds."""
    with atomic_path(target) as tmp:
        kwargs: dict[str, Any] = {} if "b" in mode else {"encoding": encoding, "newline": ""}
        with open(tmp, mode, **kwargs) as handle:
            yield handle


def write_json(obj: Any, target: str | os.PathLike[str]) -> None:
    """Write ``obj`` as indented JSON, atomically."""
    with atomic_write(target) as handle:
        json.dump(obj, handle, indent=2, sort_keys=False)
        handle.write("\n")


# --- reading user files ---------------------------------------------------------------------------

MAX_INPUT_BYTES = 10 * 1024 * 1024
"""The largest case, mission, episode or CSV file read (10 MiB): larger files are refused before parsing.

The shipped cases are a few KiB; a 50 MB TOML file would spend over 30 s in the parser."""

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def read_text(path: str | os.PathLike[str]) -> str:
    """The text of a user's input file, decoded as UTF-8 with or without a byte-order mark.

    Raises :class:`~alliancelab.errors.DataError`, one line naming the file, for a missing file, a folder, a
    file over :data:`MAX_INPUT_BYTES`, or bytes that are not UTF-8 text (UTF-16, binary).
    """
    path = Path(path)
    if not path.exists():
        raise DataError(f"{path}: file not found")
    if not path.is_file():
        raise DataError(f"{path}: is not a file")
    size = path.stat().st_size
    if size > MAX_INPUT_BYTES:
        raise DataError(
            f"{path}: {size / 2**20:.1f} MiB is larger than the {MAX_INPUT_BYTES // 2**20} MiB input files "
            "may have"
        )
    try:
        data = path.read_bytes()
    except OSError as err:
        raise DataError(f"{path}: cannot read: {err.strerror or err}") from None
    if data.startswith(_UTF16_BOMS):
        raise DataError(f"{path}: the file is UTF-16; save it as UTF-8")
    if b"\x00" in data:
        raise DataError(f"{path}: not a text file (it contains NUL bytes); expected UTF-8 text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise DataError(
            f"{path}: byte {err.start} is not UTF-8 (0x{data[err.start]:02x}); save the file as UTF-8"
        ) from None


def read_toml(path: str | os.PathLike[str]) -> dict[str, Any]:
    """A user's TOML file (UTF-8, BOM accepted); a syntax error is one line with its line number."""
    try:
        return tomllib.loads(read_text(path))
    except tomllib.TOMLDecodeError as err:
        raise DataError(f"{path}: not valid TOML: {err}") from None


def read_csv(path: str | os.PathLike[str]) -> pd.DataFrame:
    """A user's CSV table with a header row (UTF-8, BOM accepted); a malformed table is one line."""
    import pandas as pd

    text = read_text(path)
    try:
        return pd.read_csv(io.StringIO(text))
    except (pd.errors.EmptyDataError, pd.errors.ParserError) as err:
        reason = " ".join(str(err).split()) or type(err).__name__
        raise DataError(f"{path}: not a readable CSV table ({reason})") from None
