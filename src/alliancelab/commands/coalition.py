"""``alliancelab coalition``: Henke's coalition market -- her operations and a user's own mission.

* ``alliancelab coalition --case korea-1950`` prints an operation of Henke (2019): contributors, payments,
  the typology (model against Henke's label, with reasons), total paid and cost per soldier-year against the
  pivotal state's own soldier (library: :func:`alliancelab.report.coalition_report.operation_report`).
* ``alliancelab coalition plan mission.toml --draws 1000 --rng 7`` solves a mission file: types, prices,
  payment forms, the cheapest coalition, hold-up, and a Monte Carlo with a progress bar
  (library: :func:`alliancelab.coalition.plan.plan_mission`).

Both take ``--json``. Bad input prints one line and exits with code 2.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import typer

from alliancelab.commands._common import (
    COALITIONS_PANEL,
    check_figure_path,
    check_seed,
    console,
    json_option,
    plot_option,
    print_json,
    print_table,
    rng_option,
)
from alliancelab.provenance import run_record

__all__ = ["register"]

MAX_DRAWS = 1_000_000  # each draw solves a coalition program: a million already takes hours

coalition_app = typer.Typer(
    name="coalition",
    help="Coalition market (Henke 2019): her operations and your own mission.",
    invoke_without_command=True,
    no_args_is_help=False,
)


def register(app: typer.Typer) -> None:
    """Add the ``coalition`` group to the main app."""
    app.add_typer(coalition_app, name="coalition", rich_help_panel=COALITIONS_PANEL)


@coalition_app.callback()
def coalition_callback(
    ctx: typer.Context,
    case: str | None = typer.Option(
        None,
        "--case",
        metavar="NAME|FILE",
        help="A shipped operation of Henke (2019), e.g. korea-1950, or a TOML path.",
    ),
    as_json: bool = json_option("coalition"),
    list_cases: bool = typer.Option(False, "--list", help="List the shipped operations."),
) -> None:
    """Print an operation of Henke (2019) with --case NAME, or plan your own mission with `coalition plan`."""
    if ctx.invoked_subcommand is not None:
        return
    from alliancelab.cases import coalition_cases
    from alliancelab.report import coalition_report

    if list_cases:
        for name in coalition_cases.list_operations():
            _say(name)
        return
    if case is None:
        console.print(ctx.get_help())
        return
    report = coalition_report.operation_report(case)
    if as_json:
        print_json({**report.to_dict(), "provenance": run_record(case=case)})
        return
    _print_operation(report)


@contextlib.contextmanager
def _solver_output_silenced() -> Iterator[None]:
    """Keep HiGHS's C-level debug lines (printed on hard programs) out of stdout, so --json stays JSON."""
    sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:  # no file descriptor 1 (embedded use): nothing to protect
        yield
        return
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def _known(value: Any) -> bool:
    return value is not None and not bool(pd.isna(value))


def _money(value: Any, unit: str = "USD") -> str:
    return f"{float(value):,.0f} {unit}" if _known(value) else "amount not stated"


def _say(text: str) -> None:
    console.print(text, markup=False, highlight=False, soft_wrap=True)


def _print_operation(report: Any) -> None:
    end = report.years[1] if report.years[1] is not None else "?"
    _say(f"{report.title} ({report.years[0]}-{end}); pivotal state(s): {', '.join(report.pivotal_states)}")
    _say("")
    for country, rows in report.contributors.groupby("country", sort=False):
        first = rows.iloc[0]
        troops = f"{first['troops']:,.0f} troops" if _known(first["troops"]) else "troops not stated"
        seed = (
            first["seed_label"]
            if _known(first["seed_label"]) and first["seed_label"]
            else "no label in Henke"
        )
        verdict = {True: "agrees", False: "DISAGREES"}.get(first["agrees"], "not comparable")
        _say(f"{country} ({troops}): model {first['model_type']}; Henke {seed} [{verdict}]")
        for _, row in rows.iterrows():
            if not _known(row["form"]):
                continue
            per = row["usd_per_soldier_year"]
            rate = f", {per:,.0f} USD per soldier-year" if _known(per) else ""
            year = f" ({row['usd_year']:.0f})" if _known(row["usd_year"]) else ""
            what = f" -- for {row['for_what']}" if _known(row["for_what"]) else ""
            _say(f"    {row['form']}: {_money(row['amount_usd'])}{year}{rate}{what}")
        _say(f"    why: {first['reasons']}")
    totals = {k: v for k, v in report.totals.items() if v is not None}
    print_table(totals, title="Totals (USD; per soldier-year against the pivotal state's own soldier)")
    if report.pivotal:
        own = report.pivotal["usd_per_soldier_year"]
        _say(f"own cost: {own:,.0f} USD per soldier-year ({report.pivotal['measure']})")
    for agg in report.aggregates:
        per = agg["usd_per_soldier_year"]
        extra = f"; {per:,.0f} USD per soldier-year" if _known(per) else ""
        _say(f"Henke's total: {agg['what']}: {_money(agg['amount_usd'])}{extra}")
    for err in report.text_errors:
        _say(f"note (error in Henke's text): {err}")


@coalition_app.command("plan")
def plan_command(
    mission_file: Path = typer.Argument(
        ..., metavar="MISSION.toml", help="Mission file (see cases/missions/example-mission.toml)."
    ),
    draws: int = typer.Option(
        1000,
        "--draws",
        min=0,
        max=MAX_DRAWS,
        metavar="N",
        show_default=False,
        help="Monte Carlo draws (0: no simulation). Default 1000.",
    ),
    rng: int | None = rng_option(),
    as_json: bool = json_option("coalition"),
    plot: Path | None = plot_option("the figure of the cost distribution"),
) -> None:
    """Solve and simulate your own mission: whom to ask, what it costs, in what currency, how likely."""
    from alliancelab.cases.missions import read_mission
    from alliancelab.coalition.plan import plan_mission

    check_figure_path(plot)
    check_seed(rng)
    mission = read_mission(mission_file)
    # the bar goes to stderr, and only to a terminal: a log file or a pipe gets no carriage-return lines
    progress = draws >= 200 and sys.stderr.isatty()
    with _solver_output_silenced():
        result = plan_mission(mission, draws=draws, rng=rng, progress=progress)
    if plot is not None and result.simulation is not None:
        from alliancelab.report.coalition_plots import plot_cost_distribution

        plot_cost_distribution(result.simulation, plot, title=mission.name)
    if as_json:
        body = result.to_dict()
        body["provenance"] = body.pop("record")  # seed entropy, the mission, versions
        if "simulation" in body:  # the same record: once is enough
            body["simulation"].pop("record")
        print_json(body)
        return
    _print_plan(result)
    if plot is not None:
        _say(f"figure: {plot}" if result.simulation is not None else "no figure: --draws is 0")


def _print_plan(result: Any) -> None:
    from alliancelab.report import mission_report

    _say(result.mission.name)
    _say("")
    for _, row in result.candidates.iterrows():
        mark = "IN " if row["in_coalition"] else "out"
        price = f"price {row['price_usd_m']:,.1f}" if _known(row["price_usd_m"]) else "no offer"
        deals = f" ({row['side_deals']})" if row["side_deals"] else ""
        cost = f"payer's cost {row['payer_cost_usd_m']:,.1f} USD m/yr"
        agree = f"P(agree) {row['agreement_probability']:.2f}"
        _say(f"[{mark}] {row['candidate']}: {row['type']}; {row['payment']}{deals}; {price}, {cost}; {agree}")
        _say(f"      why: {row['reasons']}")
    summary = {k: (", ".join(v) if isinstance(v, list) else v) for k, v in result.summary.items()}
    print_table({k: v for k, v in summary.items() if v is not None}, title="Cheapest coalition")
    print_table(result.cost_shares, title="Payment shares of the pivotal states")
    _say(mission_report.explain(result.mission, result))
    threats = result.holdup[result.holdup["threat"]] if len(result.holdup) else result.holdup
    if not len(threats):
        _say("hold-up: no withdrawal threats")
    for _, row in threats.iterrows():
        stakes = (
            f"replacement {row['replacement_cost_usd_m']:,.1f}, "
            f"its exit cost {row['withdrawal_cost_usd_m']:,.1f}"
        )
        _say(f"hold-up, year {row['year']}: {row['candidate']} demands {row['demand_usd_m']:,.1f} USD m "
             f"({stakes}) -> payer {row['response']} ({row['cost_usd_m']:,.1f})")  # fmt: skip
    if result.simulation is not None:
        print_table(result.simulation.summary(), title="Monte Carlo over private reservation prices")
        for _, row in result.simulation.candidates.iterrows():
            piv = (
                f"{row['pivotality']:+.2f}" if _known(row["pivotality"]) else "n/a (its answer never varies)"
            )
            rates = f"accepts {row['accept_rate']:.0%}, in coalition {row['member_rate']:.0%}"
            _say(f"{row['candidate']}: {rates}, pivotality {piv}")
        _say(f"seed: {result.simulation.record['seed']}")
