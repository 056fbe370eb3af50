"""Checks every case file format shares: sources and the order of schema errors.

Public so that each format (formation cases, episodes) imports them from here and not from another format's
private names.
"""

from __future__ import annotations

import difflib

from pydantic import ValidationError
from pydantic_core import InitErrorDetails

from alliancelab.references import bibliography

__all__ = ["check_source", "typos_first"]


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
