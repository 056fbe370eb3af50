"""``alliancelab burden`` (alliance control) and ``alliancelab burden free-riding`` (Olson-Zeckhauser).

Shells: parse the options (one table per parameter object, :mod:`alliancelab.commands._parameters`), one
library call (:func:`alliancelab.report.burden_report.control_summary`, with its words from
:func:`alliancelab.report.control_report.explain`;
:func:`~alliancelab.report.burden_report.free_riding_report`), print. ``burden ozz`` is the former name of
``burden free-riding``: it still works, hidden, with a deprecation warning.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import typer

from alliancelab.cases.alliance_members import MIN_MEMBERS
from alliancelab.commands._common import (
    MODELS_PANEL,
    check_figure_path,
    json_option,
    plot_option,
    print_json,
    print_table,
    say,
)
from alliancelab.commands._parameters import (
    CONTROL_OPTIONS,
    PUBLIC_GOOD_OPTIONS,
    warn_deprecated,
    with_parameters,
)
from alliancelab.errors import UserInputError
from alliancelab.provenance import run_record


@with_parameters(CONTROL_OPTIONS)
def burden_command(
    ctx: typer.Context,
    potential_max: float | None = typer.Option(
        None, "--potential-max", metavar="NUM", help="Right end of the figure's K axis (USD bn)."
    ),
    plot: Path | None = plot_option("the Goldilocks curve"),
    as_json: bool = json_option("burden"),
    *,
    parameters: dict[str, Any],
) -> None:
    """Alliance control (Blankenship 2023): the pressure window and its peak; --plot draws the curve."""
    if ctx.invoked_subcommand is not None:
        return
    from alliancelab.report.burden_report import control_summary
    from alliancelab.report.control_report import explain
    from alliancelab.theory.burden import ControlParams

    check_figure_path(plot)
    if potential_max is not None and not 0 < potential_max < float("inf"):
        raise UserInputError(f"--potential-max {potential_max:g}: must be a finite number > 0")
    params = ControlParams(**parameters)
    result = control_summary(params)
    if plot is not None:
        from alliancelab.report.burden_plots import plot_goldilocks

        plot_goldilocks(params, plot, potential_max=potential_max)
        result["plot"] = str(plot)
    if as_json:
        print_json({**result, "provenance": run_record(params=params)})
        return
    print_table(result, title="Alliance control: pressure window (K in USD bn)")
    say(explain(params))


@with_parameters(PUBLIC_GOOD_OPTIONS)
def free_riding_command(
    sizes: str | None = typer.Option(
        None,
        "--sizes",
        metavar="K1,K2,...",
        help="Member sizes (GDP), comma-separated, e.g. 5000,800,300,40.",
    ),
    csv: Path | None = typer.Option(
        None,
        "--csv",
        metavar="FILE",
        help="CSV with columns state, size and optionally threat, burden (observed milex/GDP).",
    ),
    as_json: bool = json_option("burden"),
    *,
    parameters: dict[str, Any],
) -> None:
    """Free riding (Olson & Zeckhauser 1966): Nash burdens, or the exploitation test of observed ones."""
    from alliancelab.cases.alliance_members import AllianceMembers, read_members
    from alliancelab.report.burden_report import free_riding_report
    from alliancelab.theory.burden import PublicGoodParams

    if (sizes is None) == (csv is None):
        raise UserInputError("burden free-riding: give exactly one of --sizes or --csv")
    params = PublicGoodParams(**parameters)
    members = read_members(csv) if csv is not None else AllianceMembers((), _parse_sizes(sizes or ""))
    report = free_riding_report(
        members.sizes,
        params,
        labels=members.labels or None,
        threat=members.threat if members.threat is not None else 0.0,
        observed_burdens=members.burdens,
    )
    if as_json:
        print_json({**report.to_dict(), "provenance": run_record(params=params)})
        return
    title = "Observed burdens" if report.observed else "Nash equilibrium (Olson-Zeckhauser)"
    rows: list[Mapping[str, Any]] = list(report.members)
    print_table(rows, title=title)
    say(report.summary)


def _parse_sizes(text: str) -> Any:
    import numpy as np

    try:
        sizes = np.array([float(v) for v in text.split(",") if v.strip()])
    except ValueError:
        raise UserInputError(f"--sizes {text!r}: expected numbers separated by commas") from None
    if not (np.isfinite(sizes) & (sizes > 0)).all():
        raise UserInputError(f"--sizes {text!r}: every size must be a finite number > 0 (no inf or nan)")
    if sizes.size < MIN_MEMBERS:
        raise UserInputError(f"--sizes {text!r}: give at least {MIN_MEMBERS} members, got {sizes.size}")
    return sizes


def _former_ozz(**options: Any) -> None:
    warn_deprecated("burden ozz", "burden free-riding")
    free_riding_command(**options)


_former_ozz.__signature__ = inspect.signature(free_riding_command)  # type: ignore[attr-defined]


def register(app: typer.Typer) -> None:
    """Add ``burden`` with ``burden free-riding`` (and its former name ``ozz``, hidden) to the main app."""
    burden_app = typer.Typer(
        help="Burden-sharing: alliance control (Goldilocks pressure) and free riding.",
        no_args_is_help=False,
        rich_markup_mode="rich",
    )
    burden_app.callback(invoke_without_command=True)(burden_command)
    burden_app.command("free-riding")(free_riding_command)
    burden_app.command("ozz", hidden=True)(_former_ozz)
    app.add_typer(burden_app, name="burden", rich_help_panel=MODELS_PANEL)
