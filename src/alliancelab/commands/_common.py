"""Helpers every command group shares: consoles, JSON output, parameter sweeps from the command line."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from typing import Any

import numpy as np
from rich.console import Console
from rich.table import Table

from alliancelab.errors import UserInputError
from alliancelab.provenance import to_jsonable

__all__ = ["console", "error_console", "parse_sweep", "print_json", "print_table"]

console = Console(highlight=False)
error_console = Console(stderr=True, highlight=False)


def print_json(obj: Any) -> None:
    """Print ``obj`` as JSON on standard output (machine-readable; no colour, no wrapping)."""
    sys.stdout.write(json.dumps(to_jsonable(obj), indent=2) + "\n")


def print_table(rows: Mapping[str, Any] | list[Mapping[str, Any]], title: str = "") -> None:
    """Print a mapping as a two-column table, or a list of mappings as a table with one row each."""
    table = Table(title=title or None, title_justify="left")
    if isinstance(rows, Mapping):
        table.add_column("quantity")
        table.add_column("value", justify="right")
        for key, value in rows.items():
            table.add_row(str(key), _fmt(value))
    else:
        columns = list(rows[0]) if rows else []
        for col in columns:
            table.add_column(str(col))
        for row in rows:
            table.add_row(*(_fmt(row.get(col)) for col in columns))
    console.print(table)


def _fmt(value: Any) -> str:
    if isinstance(value, float | np.floating):
        number = float(value)
        if number != number or abs(number) == float("inf"):
            return str(number)
        # thousands separators for money and troops; four significant digits for shares and rates
        return f"{number:,.0f}" if abs(number) >= 1e4 else f"{number:,.4g}"
    return str(value)


def parse_sweep(spec: str, allowed: list[str] | None = None) -> tuple[str, np.ndarray]:
    """Parse ``PARAM=lo:hi:n`` into the parameter name and ``n`` evenly spaced values."""
    try:
        name, rng = spec.split("=", 1)
        lo_s, hi_s, n_s = rng.split(":")
        lo, hi, n = float(lo_s), float(hi_s), int(n_s)
    except ValueError:
        raise UserInputError(f"--sweep {spec!r}: expected PARAM=lo:hi:n, for example d=0:0.9:50") from None
    name = name.strip()
    if allowed is not None and name not in allowed:
        raise UserInputError(f"--sweep: unknown parameter {name!r}; allowed: {', '.join(allowed)}")
    if n < 2 or not lo < hi:
        raise UserInputError(f"--sweep {spec!r}: need lo < hi and n >= 2")
    return name, np.linspace(lo, hi, n)
