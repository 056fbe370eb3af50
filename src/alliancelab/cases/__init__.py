"""The case library: worked cases as TOML files, each value with its source or reasoning.

Cases live in this package under ``<kind>/<name>.toml`` (``kind`` is ``formation`` or ``coalition``). A
user names a shipped case (``us-pakistan-1954``) or passes a path to a file of their own.
"""

from __future__ import annotations

import difflib
from importlib import resources
from pathlib import Path

from alliancelab.errors import UserInputError
from alliancelab.io import read_toml  # the one reader of user files: UTF-8 or BOM, size cap

__all__ = ["case_names", "case_path", "read_toml"]


def case_names(kind: str) -> list[str]:
    """Names of the cases shipped for ``kind``."""
    folder = resources.files("alliancelab.cases").joinpath(kind)
    if not folder.is_dir():
        return []
    return sorted(p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml"))


def case_path(kind: str, name_or_path: str) -> Path:
    """Resolve a shipped case name or a path to a TOML file; unknown names get close matches."""
    as_path = Path(name_or_path)
    if as_path.suffix == ".toml" or as_path.exists():
        if not as_path.is_file():
            raise UserInputError(f"case file {name_or_path} does not exist")
        return as_path
    names = case_names(kind)
    if name_or_path not in names:
        hint = difflib.get_close_matches(name_or_path, names, n=1)
        guess = f"; did you mean {hint[0]!r}?" if hint else ""
        raise UserInputError(
            f"no {kind} case named {name_or_path!r}{guess} Shipped cases: {', '.join(names) or 'none'}"
        )
    return Path(str(resources.files("alliancelab.cases").joinpath(kind, f"{name_or_path}.toml")))
