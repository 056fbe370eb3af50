"""Burden-sharing and legitimacy commands: `alliancelab burden [ozz]` and `alliancelab legitimacy`.

Thin shells: each command builds a parameter object, calls one library function and prints or writes the
result. Bad input raises :class:`~alliancelab.errors.UserInputError` (one line, exit 2).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import typer

from alliancelab.commands._common import (
    MODELS_PANEL,
    check_figure_path,
    check_output_path,
    console,
    print_json,
    print_table,
)
from alliancelab.errors import DataError, UserInputError
from alliancelab.io import atomic_write
from alliancelab.provenance import run_record


def _read_csv(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise DataError(f"{path}: file not found")
    try:
        return pd.read_csv(path)
    except (pd.errors.EmptyDataError, pd.errors.ParserError, UnicodeDecodeError) as err:
        reason = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise DataError(f"{path}: not a readable CSV table ({reason})") from None


def _numeric_column(frame: pd.DataFrame, name: str, path: Path) -> np.ndarray:
    values = pd.to_numeric(frame[name], errors="coerce").to_numpy(float)
    bad = np.flatnonzero(np.isnan(values))
    if bad.size:
        row = int(bad[0])
        raise DataError(f"{path}: column {name!r}, row {row + 2}: {frame[name].iloc[row]!r} is not a number")
    return values


def goldilocks_command(
    ctx: typer.Context,
    threat: float = typer.Option(0.5, help="External threat T in (0, 1)."),
    strain: float = typer.Option(0.5, help="Patron resource strain rho_H in [0, 1]."),
    retrenchment: float = typer.Option(0.5, help="Domestic retrenchment pressure psi_H in [0, 1]."),
    demand: float = typer.Option(0.01, help="Demanded rise in the ally's burden Delta (share of GDP)."),
    baseline_burden: float = typer.Option(0.02, help="Ally's baseline burden e0 (share of GDP)."),
    control_value: float = typer.Option(500.0, help="Value V_ctrl that H loses if the ally exits (USD bn)."),
    pressure_cost: float = typer.Option(5.0, help="Diplomatic cost of pressure F_H (USD bn)."),
    adversary: float = typer.Option(400.0, help="Adversary capability Zbar (USD bn)."),
    benefit: float = typer.Option(25.0, help="Ally's gross alliance value Ben (USD m/yr)."),
    relative_value: float = typer.Option(1.0, help="Ally's strategic value relative to H's mean ally."),
    potential_max: float | None = typer.Option(None, help="Right end of the K axis (USD bn)."),
    plot: Path | None = typer.Option(
        None, "--plot", help="Draw the Goldilocks curve to FILE (.png/.pdf/.svg)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Alliance control (seed 003): the pressure window and its peak; `--plot` draws the Goldilocks curve."""
    if ctx.invoked_subcommand is not None:
        return
    from alliancelab.theory.burden import ControlParams, abandonment_credibility, pressure_window

    check_figure_path(plot)
    params = ControlParams(
        threat=threat,
        strain=strain,
        retrenchment=retrenchment,
        demand=demand,
        baseline_burden=baseline_burden,
        control_value=control_value,
        pressure_cost=pressure_cost,
        adversary_capability=adversary,
        ally_benefit=benefit,
        relative_value=relative_value,
    )
    window = pressure_window(params)
    result: dict[str, Any] = {
        "window_lower": float(window.lower),
        "window_upper": float(window.upper),
        "peak": float(window.peak),
        "peak_value": float(window.peak_value),
        "reassure_from": float(window.reassure_from),
        "valid_upto": float(window.valid_upto),
        "closed_form_valid": bool(window.closed_form_valid),
        "abandonment_credibility": float(abandonment_credibility(params)),
        "ally_complies": bool(window.complies),
    }
    if plot is not None:
        from alliancelab.report.burden_plots import plot_goldilocks

        plot_goldilocks(params, plot, potential_max=potential_max)
        result["plot"] = str(plot)
    if as_json:
        print_json({**result, "provenance": run_record(params=params)})
        return
    print_table(result, title="Alliance control: pressure window (K in USD bn)")
    if not window.complies:
        console.print("The ally would not comply, so the patron presses no ally in this environment.")


def ozz_command(
    sizes: str | None = typer.Option(None, help="Comma-separated member sizes (GDP), e.g. 5000,800,300,40."),
    csv: Path | None = typer.Option(
        None, help="CSV with columns state, size and optionally threat, burden (observed milex/GDP)."
    ),
    taste: float = typer.Option(0.06, help="Public-good taste b0."),
    taste_threat: float = typer.Option(0.0, help="Threat slope of tastes b1 (b = b0 + b1*T)."),
    joint: float = typer.Option(0.0, help="Joint-product weight c (0 = pure public good)."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Olson–Zeckhauser baseline: Nash contributions (or observed burdens) and the exploitation test (E7)."""
    from alliancelab.analysis.exploitation import exploitation_test
    from alliancelab.theory.burden import PublicGoodParams, nash_equilibrium

    if (sizes is None) == (csv is None):
        raise UserInputError("burden ozz: give exactly one of --sizes or --csv")
    params = PublicGoodParams(taste_base=taste, taste_threat=taste_threat, joint_product=joint)
    observed: np.ndarray | None = None
    threat: Any = 0.0
    if sizes is not None:
        try:
            k = np.array([float(v) for v in sizes.split(",") if v.strip()])
        except ValueError:
            raise UserInputError(f"--sizes {sizes!r}: expected numbers separated by commas") from None
        if np.isnan(k).any():
            raise UserInputError(f"--sizes {sizes!r}: nan is not allowed")
        labels = [f"member {i + 1}" for i in range(k.size)]
    else:
        assert csv is not None
        frame = _read_csv(csv)
        allowed = ["state", "size", "threat", "burden"]
        for column in ("state", "size"):
            if column not in frame.columns:
                raise DataError(f"{csv}: missing column {column!r}; columns allowed: {', '.join(allowed)}")
        unknown = [c for c in frame.columns if c not in allowed]
        if unknown:
            raise DataError(f"{csv}: unknown column {unknown[0]!r}; columns allowed: {', '.join(allowed)}")
        k = _numeric_column(frame, "size", csv)
        labels = frame["state"].astype(str).tolist()
        if "threat" in frame.columns:
            threat = _numeric_column(frame, "threat", csv)
        if "burden" in frame.columns:
            observed = _numeric_column(frame, "burden", csv)
    if observed is None:
        eq = nash_equilibrium(k, params, threat=threat)
        burdens, spending = eq.burdens, eq.contributions
    else:
        burdens, spending = observed, observed * k
    test = exploitation_test(k, burdens, labels=labels)
    members: list[Mapping[str, Any]] = [
        {"member": name, "size": float(s), "spending": float(m), "burden": float(e)}
        for name, s, m, e in zip(labels, k, spending, burdens, strict=True)
    ]
    if as_json:
        print_json({"members": members, "test": test.to_dict(), "provenance": run_record(params=params)})
        return
    title = "Observed burdens" if observed is not None else "Nash equilibrium (Olson-Zeckhauser)"
    print_table(members, title=title)
    console.print(test.summary(), markup=False, highlight=False)


def legitimacy_command(
    states: Path = typer.Argument(..., help="CSV of states (columns: see `alliancelab legitimacy --help`)."),
    out: Path | None = typer.Option(None, "--out", help="Write the scored table to this CSV (atomically)."),
    issue_position: float = typer.Option(1.0, help="Position theta_v of the hegemon's side, in [0, 1]."),
    hegemon_position: float = typer.Option(1.0, help="Hegemon's ideal point theta_H, in [0, 1]."),
    salience: float = typer.Option(1.0, help="Salience sal_v of the action (>= 0)."),
    importance: float = typer.Option(1.0, help="Important-vote flag imp_v, in [0, 1]."),
    legitimacy_value: float = typer.Option(1000.0, help="Value lambda_H of one unit of legitimacy (USD m)."),
    plot: Path | None = typer.Option(None, "--plot", help="Bar chart of the states' marginal value."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Score states for a contested action (seed 002): legitimating weight, vote and support probabilities.

    Required columns: state, ideal_point, formal_obligation (0-1), visible_payment (0-1). Optional: size
    (> 0, default 1), distance (0-1, default |ideal_point - theta_H|), benefit (Ben, USD m/yr, default 0 =
    non-ally), marginal_utility (> 0, default .01), democracy (0-1), participation_cost (USD m).
    """
    from alliancelab.report.legitimacy_report import score_states
    from alliancelab.theory.legitimacy import ContestedAction

    check_figure_path(plot)
    check_output_path(out, (".csv",))
    action = ContestedAction(
        issue_position=issue_position,
        hegemon_position=hegemon_position,
        salience=salience,
        importance=importance,
        legitimacy_value=legitimacy_value,
    )
    scored = score_states(_read_csv(states), action, source=str(states))
    if out is not None:
        with atomic_write(out) as handle:
            scored.to_csv(handle, index=False)
    if plot is not None:
        from alliancelab.report.legitimacy_plots import plot_state_scores

        plot_state_scores(scored, plot)
    summary = {
        "states": len(scored),
        "expected_legitimacy": scored.attrs["expected_legitimacy"],
        "expected_legitimacy_value": scored.attrs["expected_legitimacy_value"],
    }
    if as_json:
        top = scored.nlargest(5, "marginal_value")[["state", "marginal_value", "support_probability"]]
        print_json(
            {
                **summary,
                "top": top.to_dict("records"),
                "out": str(out) if out else None,
                "provenance": run_record(params=action, states=str(states)),
            }
        )
        return
    print_table(summary, title="Legitimacy of the contested action")
    columns = ["state", "legitimating_weight", "vote_probability", "support_probability", "marginal_value"]
    top_rows: list[Mapping[str, Any]] = [
        {str(k): v for k, v in row.items()}
        for row in scored.nlargest(10, "marginal_value")[columns].to_dict("records")
    ]
    print_table(top_rows, title="Top states")
    if out is not None:
        console.print(f"wrote {out}")


def register(app: typer.Typer) -> None:
    """Add `burden` (with `burden ozz`) and `legitimacy` to the main app."""
    burden_app = typer.Typer(
        help="Burden-sharing: alliance control (Goldilocks pressure) and the Olson–Zeckhauser baseline.",
        no_args_is_help=False,
    )
    burden_app.callback(invoke_without_command=True)(goldilocks_command)
    burden_app.command("ozz")(ozz_command)
    app.add_typer(burden_app, name="burden", rich_help_panel=MODELS_PANEL)
    app.command("legitimacy", rich_help_panel=MODELS_PANEL)(legitimacy_command)
