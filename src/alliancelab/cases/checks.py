"""Checks every case file format shares: sources, the order of schema errors, and the file's encoding.

Public so that each format (formation cases, episodes) imports them from here and not from another format's
private names.
"""

from __future__ import annotations

import codecs
import difflib
from pathlib import Path

from pydantic import ValidationError
from pydantic_core import InitErrorDetails

from alliancelab.errors import UserInputError
from alliancelab.references import bibliography

__all__ = ["check_source", "check_utf8", "typos_first"]


def check_source(source: str) -> str:
    """``source`` if it is a URL or a key of ``references.bib``; else a ``ValueError`` naming the closest."""
    if source.startswith(("http://", "https://")):
        return source
    known = bibliography()
    if source not in known:
        hint = difflib.get_close_matches(source, list(known), n=1)
        guess = f"; did you mean {hint[0]!r}?" if hint else ""
        raise ValueError(f"{source!r} is neither a key of references.bib nor a URL{guess}")
    return source


def typos_first(err: ValidationError) -> ValidationError:
    """Report a misspelt field before the "missing field" error that the misspelling causes."""
    errors = err.errors()
    ordered = sorted(errors, key=lambda e: e["type"] != "extra_forbidden")
    if ordered == errors:
        return err
    details: list[InitErrorDetails] = []
    for e in ordered:
        detail: InitErrorDetails = {"type": e["type"], "loc": e["loc"], "input": e["input"]}
        if "ctx" in e:
            detail["ctx"] = e["ctx"]
        details.append(detail)
    try:
        return ValidationError.from_exception_data(err.title, details)
    except (TypeError, ValueError, KeyError):  # an error type that cannot be rebuilt: keep pydantic's order
        return err


def check_utf8(path: Path) -> None:
    """A one-line error for a file that is not UTF-8 without a byte-order mark, as TOML requires.

    ``tomllib`` would raise a bare ``UnicodeDecodeError`` (a traceback) or report a BOM as "Invalid
    statement at line 1, column 1"; this names the file, the byte and the fix.
    """
    try:
        data = path.read_bytes()
    except OSError as err:
        raise UserInputError(f"{path}: cannot read: {err.strerror}") from None
    if data.startswith(codecs.BOM_UTF8):
        raise UserInputError(f"{path}: starts with a byte-order mark (BOM); save it as UTF-8 without BOM")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise UserInputError(
            f"{path}: not UTF-8 text (byte 0x{data[err.start]:02x} on line {line}); save the file as UTF-8"
        ) from None
