"""The members of an alliance as a CSV table: the input format of ``alliancelab burden free-riding --csv``.

Columns: ``state`` and ``size`` (GDP, any currency, > 0) are required; ``threat`` (the member's threat
``T_j``) and ``burden`` (its observed military spending as a share of GDP, in [0, 1]) are optional. With
``burden``, the Olson-Zeckhauser exploitation test runs on the observed burdens; without it, the model's Nash
equilibrium gives the burdens. Files are read by :func:`alliancelab.io.read_csv` (UTF-8 with or without a
byte-order mark; size capped).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from alliancelab.errors import DataError
from alliancelab.io import read_csv

__all__ = ["MEMBER_COLUMNS", "MIN_MEMBERS", "AllianceMembers", "read_members"]

MEMBER_COLUMNS = ("state", "size", "threat", "burden")
MIN_MEMBERS = 3  # the rank correlation of the exploitation test needs three members
_REQUIRED = ("state", "size")


@dataclass(frozen=True, slots=True)
class AllianceMembers:
    """Member names, sizes and, where the file gives them, threats and observed burdens."""

    labels: tuple[str, ...]
    sizes: npt.NDArray[np.float64]
    threat: npt.NDArray[np.float64] | None = None
    burdens: npt.NDArray[np.float64] | None = None


def read_members(path: str | os.PathLike[str]) -> AllianceMembers:
    """Read and check a members CSV; any problem is one :class:`DataError` naming file, column and row."""
    path = Path(path)
    frame = read_csv(path)
    allowed = ", ".join(MEMBER_COLUMNS)
    for column in _REQUIRED:
        if column not in frame.columns:
            raise DataError(f"{path}: missing column {column!r}; columns allowed: {allowed}")
    unknown = [str(c) for c in frame.columns if c not in MEMBER_COLUMNS]
    if unknown:
        raise DataError(f"{path}: unknown column {unknown[0]!r}; columns allowed: {allowed}")

    def numbers(column: str) -> npt.NDArray[np.float64]:
        import pandas as pd

        values = pd.to_numeric(frame[column], errors="coerce").to_numpy(float)
        bad = np.flatnonzero(~np.isfinite(values))
        if bad.size:
            row = int(bad[0])
            shown = frame[column].iloc[row]
            raise DataError(f"{path}: column {column!r}, row {row + 2}: {shown!r} is not a finite number")
        return values

    if len(frame) < MIN_MEMBERS:
        raise DataError(f"{path}: {len(frame)} member(s); give at least {MIN_MEMBERS}")
    sizes = numbers("size")
    if (sizes <= 0).any():
        row = int(np.flatnonzero(sizes <= 0)[0])
        raise DataError(f"{path}: column 'size', row {row + 2}: {sizes[row]:g} is not > 0")
    return AllianceMembers(
        labels=tuple(frame["state"].astype(str)),
        sizes=sizes,
        threat=numbers("threat") if "threat" in frame.columns else None,
        burdens=numbers("burden") if "burden" in frame.columns else None,
    )
