"""``alliancelab coalition``: Henke's coalition market -- seed operations and a user's own mission.

* ``alliancelab coalition --case korea-1950`` prints an operation of seed 004: contributors, payments, the
  typology (model against the seed's label, with reasons), total paid and cost per soldier-year against the
  pivotal state's own soldier (library: :func:`alliancelab.coalition.cases.operation_report`).
* ``alliancelab coalition plan mission.toml --draws 1000 --rng 7`` solves a mission file: types, prices,
  payment forms, the cheapest coalition, hold-up, and a Monte Carlo with a progress bar
  (library: :func:`alliancelab.coalition.plan.plan_mission`).

Both take ``--json``. Bad input prints one line and exits with code 2.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from alliancelab.commands._common import console, print_json, print_table

__all__ = ["register"]

coalition_app = typer.Typer(
    name="coalition",
    help="Coalition market (Henke 2019): seed operations (--case) and your own mission (plan).",
    invoke_without_command=True,
    no_args_is_help=False,
)


def register(app: typer.Typer) -> None:
    """Add the ``coalition`` group to the main app."""
    app.add_typer(coalition_app, name="coalition")


@coalition_app.callback()
def coalition_callback(
    ctx: typer.Context,
    case: str | None = typer.Option(
        None, "--case", help="A seed-004 operation (korea-1950, ...) or a TOML path."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of tables."),
    list_cases: bool = typer.Option(False, "--list", help="List the shipped operations."),
) -> None:
    """Print a seed operation with --case NAME, or plan your own mission with `coalition plan`."""
    if ctx.invoked_subcommand is not None:
        return
    from alliancelab.coalition import cases

    if list_cases:
        for name in cases.list_operations():
            console.print(name)
        return
    if case is None:
        console.print(ctx.get_help())
        return
    report = cases.operation_report(case)
    if as_json:
        print_json(report.to_dict())
        return
    _print_operation(report)


def _print_operation(report: Any) -> None:
    end = report.years[1] if report.years[1] is not None else "?"
    console.print(f"[bold]{report.title}[/bold] ({report.years[0]}-{end}); pivotal: "
                  f"{', '.join(report.pivotal_states)}")  # fmt: skip
    columns = ["country", "troops", "form", "amount_usd", "usd_year", "usd_per_soldier_year", "seed_label",
               "model_type", "agrees"]  # fmt: skip
    frame = report.contributors
    shown = [c for c in columns if c in frame.columns]
    rows = frame[shown].astype(object).where(frame[shown].notna(), "").to_dict("records")
    print_table(rows, title="Contributors and payments (nominal USD)")
    reasons = frame.drop_duplicates("country")[["country", "model_type", "reasons"]]
    print_table(reasons.to_dict("records"), title="Typology: the inequalities that decided each type")
    totals = {k: v for k, v in report.totals.items() if v is not None}
    print_table(totals, title="Totals (USD; per soldier-year against the pivotal state's own soldier)")
    if report.pivotal:
        console.print(f"own cost: {report.pivotal['usd_per_soldier_year']:,.0f} USD per soldier-year "
                      f"({report.pivotal['measure']})", markup=False)  # fmt: skip
    if report.aggregates:
        print_table(report.aggregates, title="Operation-wide totals stated in the seed")
    for err in report.text_errors:
        console.print(f"note (error in the seed's text): {err}", markup=False)


@coalition_app.command("plan")
def plan_command(
    mission_file: Path = typer.Argument(..., help="Mission TOML (see cases/missions/example-mission.toml)."),
    draws: int = typer.Option(1000, "--draws", min=0, help="Monte Carlo draws (0: no simulation)."),
    rng: int | None = typer.Option(None, "--rng", help="Seed of the random generator (recorded)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of tables."),
    plot: Path | None = typer.Option(None, "--plot", help="Write the cost distribution figure (.png/.pdf)."),
) -> None:
    """Solve and simulate your own mission: whom to ask, what it costs, in what currency, how likely."""
    from alliancelab.coalition.mission import read_mission
    from alliancelab.coalition.plan import plan_mission

    mission = read_mission(mission_file)
    result = plan_mission(mission, draws=draws, rng=rng, progress=not as_json and draws >= 200)
    if plot is not None and result.simulation is not None:
        from alliancelab.report.coalition_plots import plot_cost_distribution

        plot_cost_distribution(result.simulation, plot, title=mission.name)
    if as_json:
        print_json(result.to_dict())
        return
    _print_plan(result)
    if plot is not None:
        console.print(f"figure: {plot}" if result.simulation is not None else "no figure: --draws is 0")


def _print_plan(result: Any) -> None:
    console.print(f"[bold]{result.mission.name}[/bold]")
    cols = ["candidate", "type", "payment", "side_deals", "price_usd_m", "payer_cost_usd_m",
            "agreement_probability", "in_coalition"]  # fmt: skip
    table = result.candidates
    print_table(table[cols].to_dict("records"), title="Candidates (USD m per year)")
    print_table(table[["candidate", "reasons"]].to_dict("records"), title="Why each type")
    summary = {k: (", ".join(v) if isinstance(v, list) else v) for k, v in result.summary.items()}
    print_table({k: v for k, v in summary.items() if v is not None}, title="Cheapest coalition")
    print_table(result.cost_shares, title="Payment shares of the pivotal states")
    threats = result.holdup[result.holdup["threat"]] if len(result.holdup) else result.holdup
    if len(threats):
        print_table(threats.to_dict("records"), title="Mid-deployment hold-up (threats only)")
    else:
        console.print("hold-up: no withdrawal threats")
    if result.simulation is not None:
        print_table(result.simulation.summary(), title="Monte Carlo over private reservation prices")
        cand = result.simulation.candidates[["candidate", "accept_rate", "member_rate", "pivotality"]]
        print_table(cand.to_dict("records"), title="Who is pivotal to success")
        console.print(f"seed: {result.simulation.record['seed']}", markup=False)
