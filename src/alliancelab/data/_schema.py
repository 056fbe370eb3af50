"""The description of one data set: its files, format, expected columns and how to cite it.

A column's *kind* fixes the dtype every reader returns, whatever the file stores:

==========  ===========================  ======================================================
kind        pandas dtype                 used for
==========  ===========================  ======================================================
``code``    ``Int32`` (nullable)         country codes (COW ``ccode``, Gleditsch–Ward ``gwcode``)
``year``    ``int32`` (never missing)    years
``int``     ``Int64`` (nullable)         counts, amounts, ids, ordinal codes
``flag``    ``Int8`` (nullable)          0/1 indicators (kept numeric so that they can be summed)
``float``   ``float64``                  measurements
``str``     ``string``                   names, labels
``category`` ``category``                R factors (levels kept in their R order)
``date``    ``datetime64[ns]``           R ``Date`` columns and date strings
==========  ===========================  ======================================================
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Literal

__all__ = ["KINDS", "Column", "DataSource", "cols"]

Kind = Literal["code", "year", "int", "flag", "float", "str", "category", "date"]
KINDS: dict[str, str] = {
    "code": "Int32",
    "year": "int32",
    "int": "Int64",
    "flag": "Int8",
    "float": "float64",
    "str": "string",
    "category": "category",
    "date": "datetime64[ns]",
}
Format = Literal["rda", "csv", "dta", "xlsx", "csv-folder"]


@dataclass(frozen=True, slots=True)
class Column:
    """One expected column: its name in the file, its kind, and (if renamed) its name in the result.

    A name containing ``*`` is a pattern: it sets the kind of every matching column and requires none.
    """

    source: str
    kind: Kind
    name: str = ""

    @property
    def output(self) -> str:
        """The column's name in the DataFrame that :func:`alliancelab.data.read` returns."""
        return self.name or self.source

    @property
    def is_pattern(self) -> bool:
        return "*" in self.source

    def matches(self, column: str) -> bool:
        return fnmatchcase(column, self.source) if self.is_pattern else column == self.source


_SPEC = re.compile(r"^\s*(?:(?P<out>[^=:]+?)\s*=\s*)?(?P<src>[^:]+?)\s*:\s*(?P<kind>\w+)\s*$")


def cols(spec: str) -> tuple[Column, ...]:
    """Parse ``"out=source:kind, source:kind, ..."`` (comma-separated; names may contain spaces)."""
    out: list[Column] = []
    for item in spec.split(","):
        if not item.strip():
            continue
        match = _SPEC.match(item)
        if match is None or match["kind"] not in KINDS:
            raise ValueError(f"bad column spec {item!r}")
        kind: Kind = match["kind"]  # type: ignore[assignment]
        out.append(Column(source=match["src"], kind=kind, name=match["out"] or ""))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class DataSource:
    """A logical data set: what it is, where its file(s) live, what its columns are, how to cite it."""

    name: str
    title: str
    files: tuple[str, ...]
    format: Format
    columns: tuple[Column, ...]
    unit: str
    citations: tuple[str, ...]
    year: str | None = None
    rows: int | None = None
    years: tuple[int, int] | None = None
    r_object: str | None = None
    encoding: str = "utf-8"
    keep_other_columns: bool = False
    drop: tuple[str, ...] = ()
    transform: str | None = None
    created: tuple[str, ...] = ()
    raw_required: tuple[str, ...] = ()
    notes: str = ""
    description: str = field(default="", repr=False)

    @property
    def required(self) -> tuple[str, ...]:
        """The columns the file itself must contain (not patterns, not those the reader creates)."""
        named = (c.source for c in self.columns if not c.is_pattern and c.source not in self.created)
        return (*named, *self.raw_required)

    def kind_of(self, column: str) -> Kind | None:
        """The kind a source column gets, or ``None`` if the schema does not name it."""
        for col in self.columns:
            if col.matches(column):
                return col.kind
        return None
