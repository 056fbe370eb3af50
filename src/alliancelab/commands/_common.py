"""Helpers every command group shares: consoles, JSON output, and the parsing and checks of option values.

Every check here raises :class:`~alliancelab.errors.UserInputError` with a one-line message that names the
option, the value and what is allowed, so the command exits with code 2 before any work or any output.
"""

from __future__ import annotations

import difflib
import json
import math
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from alliancelab.errors import ParameterError, UserInputError
from alliancelab.provenance import to_jsonable

__all__ = [
    "COALITIONS_PANEL",
    "DATA_PANEL",
    "FIGURE_SUFFIXES",
    "MAX_GRID_POINTS",
    "MODELS_PANEL",
    "REPORTS_PANEL",
    "SIM_PANEL",
    "check_figure_path",
    "check_output_dir",
    "check_output_path",
    "check_seed",
    "console",
    "error_console",
    "json_option",
    "named_by_option",
    "out_option",
    "parse_assignments",
    "parse_number",
    "parse_sweep",
    "plot_option",
    "print_json",
    "print_table",
    "rng_option",
    "say",
    "unknown_name",
]

FIGURE_SUFFIXES = (".png", ".pdf", ".svg")

# panels of `alliancelab --help` (About, for cite and version, is in cli.py)
MODELS_PANEL = "Models"
COALITIONS_PANEL = "Coalitions"
DATA_PANEL = "Data"
REPORTS_PANEL = "Reports and the app"
SIM_PANEL = "Simulated worlds"

# The most values a --sweep grid may have: a figure or a table needs a few hundred; a million would take
# minutes and gigabytes for nothing.
MAX_GRID_POINTS = 10_001

console = Console(highlight=False)
error_console = Console(stderr=True, highlight=False)


def say(text: str) -> None:
    """Print ``text`` as it is: user text (names, titles, paths) is data, never terminal markup."""
    console.print(text, markup=False, highlight=False, soft_wrap=True)


def print_json(obj: Any) -> None:
    """Print ``obj`` as JSON on standard output (machine-readable; no colour, no wrapping)."""
    sys.stdout.write(json.dumps(to_jsonable(obj), indent=2) + "\n")


def print_table(rows: Mapping[str, Any] | list[Mapping[str, Any]], title: str = "") -> None:
    """Print a mapping as a two-column table, or a list of mappings as a table with one row each."""
    # every cell and the title are Text: a state called "[red]" or "[/]" is printed as it is, never as markup
    table = Table(title=Text(title) if title else None, title_justify="left")
    if isinstance(rows, Mapping):
        table.add_column(Text("quantity"))
        table.add_column(Text("value"), justify="right")
        for key, value in rows.items():
            table.add_row(Text(str(key)), Text(_fmt(value)))
    else:
        columns = list(rows[0]) if rows else []
        for col in columns:
            table.add_column(Text(str(col)))
        for row in rows:
            table.add_row(*(Text(_fmt(row.get(col))) for col in columns))
    console.print(table)


def _fmt(value: Any) -> str:
    import numpy as np

    if isinstance(value, float | np.floating):
        number = float(value)
        if number != number or abs(number) == float("inf"):
            return str(number)
        # thousands separators for money and troops; four significant digits for shares and rates
        return f"{number:,.0f}" if abs(number) >= 1e4 else f"{number:,.4g}"
    return str(value)


def parse_sweep(spec: str, allowed: list[str] | None = None) -> tuple[str, Any]:
    """Parse ``PARAM=lo:hi:n`` into the parameter name and ``n`` evenly spaced values (a numpy array).

    The bounds must be finite numbers with ``lo < hi``, and ``2 <= n <= MAX_GRID_POINTS``.
    """
    import numpy as np

    try:
        name, rng = spec.split("=", 1)
        lo_s, hi_s, n_s = rng.split(":")
        lo, hi, n = float(lo_s), float(hi_s), int(n_s)
    except ValueError:
        raise UserInputError(f"--sweep {spec!r}: expected PARAM=lo:hi:n, for example d=0:0.9:50") from None
    name = name.strip()
    if allowed is not None and name not in allowed:
        raise unknown_name("--sweep", name, allowed)
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise UserInputError(f"--sweep {spec!r}: the bounds must be finite numbers (no inf or nan)")
    if n < 2 or not lo < hi:
        raise UserInputError(f"--sweep {spec!r}: need lo < hi and n >= 2")
    if n > MAX_GRID_POINTS:
        raise UserInputError(f"--sweep {spec!r}: n = {n} is more than the {MAX_GRID_POINTS:,} values allowed")
    return name, np.linspace(lo, hi, n)


def parse_number(where: str, text: str) -> float:
    """``text`` as a float (``inf`` allowed); ``where`` names the option in errors: ``--d``, ``--set d``."""
    try:
        value = float(text)
    except ValueError:
        raise UserInputError(f"{where}: {text!r} is not a number") from None
    if math.isnan(value):
        raise UserInputError(f"{where}: nan is not allowed")
    return value


def named_by_option(err: ParameterError, typed: Mapping[str, str]) -> ParameterError:
    """``err`` naming the option the user typed instead of the library's field (``--threat: 1.5 is ...``
    rather than ``T = 1.5 is ...``); unchanged when the field was not set by an option.

    >>> err = ParameterError("options: T = 1.5 is outside the allowed range [0, 1)", field="T",
    ...                      reason="1.5 is outside the allowed range [0, 1)")
    >>> str(named_by_option(err, {"T": "--threat"}))
    '--threat: 1.5 is outside the allowed range [0, 1)'
    """
    option = typed.get(err.field or "")
    if option is None or err.reason is None:
        return err
    return ParameterError(f"{option}: {err.reason}", field=err.field, reason=err.reason)


def unknown_name(option: str, name: str, allowed: Sequence[str]) -> UserInputError:
    """The error for a parameter name that is not allowed, with the closest match as a suggestion."""
    hint = difflib.get_close_matches(name, list(allowed), n=1)
    guess = f"; did you mean {hint[0]!r}?" if hint else ""
    return UserInputError(f"{option}: unknown parameter {name!r}{guess} Allowed: {', '.join(allowed)}")


def parse_assignments(option: str, items: Sequence[str] | None, allowed: Sequence[str]) -> dict[str, float]:
    """Parse repeated ``NAME=VALUE`` options into numbers; ``theta-sd`` is read as ``theta_sd``."""
    out: dict[str, float] = {}
    for item in items or ():
        name, sep, text = item.partition("=")
        name = name.strip()
        if not sep:
            raise UserInputError(f"{option} {item!r}: expected NAME=VALUE, for example {option} d=0.6")
        if name not in allowed and name.replace("-", "_") in allowed:
            name = name.replace("-", "_")
        if name not in allowed:
            raise unknown_name(option, name, allowed)
        out[name] = parse_number(f"{option} {name}", text.strip())
    return out


def check_output_path(path: Path | None, suffixes: Sequence[str], option: str = "--out") -> None:
    """Reject an output file whose suffix is not one of ``suffixes`` (checked before any work)."""
    if path is not None and path.is_dir():
        raise UserInputError(
            f"{option} {path}: is a folder; give a file name, e.g. {path / ('out' + suffixes[0])}"
        )
    if path is not None and path.suffix.lower() not in suffixes:
        found = path.suffix or "(none)"
        raise UserInputError(
            f"{option} {path}: unsupported file type {found!r}; the file must end in {', '.join(suffixes)}"
        )
    if path is None:
        return
    folder = path.absolute().parent
    while not folder.exists():  # the folders that do not exist yet are created on writing
        folder = folder.parent
    if not folder.is_dir() or not os.access(folder, os.W_OK):
        raise UserInputError(f"{option} {path}: cannot write in {folder}")


def check_output_dir(path: Path | None, option: str = "--out") -> None:
    """Reject an output folder that is a file or cannot be created (checked before any work)."""
    if path is None:
        return
    if path.exists() and not path.is_dir():
        raise UserInputError(f"{option} {path}: is a file; give a folder")
    folder = path.absolute()
    while not folder.exists():  # the folders that do not exist yet are created on writing
        folder = folder.parent
    if not folder.is_dir() or not os.access(folder, os.W_OK):
        raise UserInputError(f"{option} {path}: cannot write in {folder}")


def check_figure_path(path: Path | None, option: str = "--plot") -> None:
    """Reject a figure file that is not ``.png``, ``.pdf`` or ``.svg`` (checked before any work)."""
    check_output_path(path, FIGURE_SUFFIXES, option)


# --- the options every command shares: one name, one help style -------------------------------------------


def json_option(page: str) -> Any:
    """``--json``: one JSON object on stdout, its keys documented in ``docs/cli/PAGE.md``."""
    return typer.Option(False, "--json", help=f"Print one JSON object (keys in docs/cli/{page}.md).")


def plot_option(what: str) -> Any:
    """``--plot FILE``: a figure, ``what`` it shows."""
    return typer.Option(None, "--plot", metavar="FILE", help=f"Write {what} (.png/.pdf/.svg).")


def out_option(what: str, suffixes: Sequence[str]) -> Any:
    """``--out FILE``: a table, ``what`` it holds, in one of ``suffixes``."""
    return typer.Option(None, "--out", metavar="FILE", help=f"Write {what} ({'/'.join(suffixes)}).")


def rng_option(help: str = "Random seed, an integer >= 0; omitted: fresh entropy, printed for reuse.") -> Any:
    """``--rng SEED``: the random seed of a command that draws random numbers (checked as it is parsed)."""
    return typer.Option(None, "--rng", metavar="SEED", help=help, callback=check_seed)


def check_seed(rng: int | None) -> int | None:
    """Reject a negative ``--rng`` (numpy would raise later, with a message about SeedSequence)."""
    if rng is not None and rng < 0:
        raise UserInputError(f"--rng {rng}: the seed must be an integer >= 0")
    return rng
