"""``alliancelab realign``: the rival-patron contest for one client (section (c)).

A shell: parse the options, build :func:`~alliancelab.cases.dyad_params.contest_params` from a formation case
(``--case``), named options (``--d 0.8``, ``--tau 1``) or ``--set NAME=VALUE`` -- the same table as
``alliancelab formation`` (:mod:`alliancelab.commands._parameters`) -- and, for the rival, ``--rival
NAME=VALUE`` over :func:`~alliancelab.theory.realignment.default_rival`; then one library call
(:func:`~alliancelab.theory.realignment.solve_contest`, or
:func:`~alliancelab.report.realignment_report.sweep` for ``--sweep``) and print.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import typer

from alliancelab.commands._common import (
    MODELS_PANEL,
    check_figure_path,
    json_option,
    named_by_option,
    parse_assignments,
    parse_sweep,
    plot_option,
    print_json,
    print_table,
    say,
)
from alliancelab.commands._parameters import (
    CASE_OPTIONS,
    CONTEST_OPTIONS,
    RIVAL_FIELDS,
    case_option,
    option_names,
    resolve_name,
    rival_option,
    with_parameters,
)
from alliancelab.errors import ParameterError, UserInputError
from alliancelab.provenance import run_record

CONTEST_FIELDS = tuple(o.field for o in CONTEST_OPTIONS)
WHERE = "command-line options"  # how errors name the parameter options and --set
_CASE_FIELD = {o.name: o.field for o in CASE_OPTIONS}  # --sweep lambda -> lambda_, threat -> T


@with_parameters(CASE_OPTIONS, CONTEST_OPTIONS)
def realign_command(
    case: str | None = case_option(),
    rival_set: list[str] = rival_option(),
    no_rival: bool = typer.Option(
        False,
        "--no-rival",
        help="No rival: the incumbent's monopoly of section (a), its payment divided by its credibility pi_H "
        "(--credibility 1 gives `alliancelab formation`'s price).",
    ),
    unaligned: bool = typer.Option(
        False, "--unaligned", help="The client is not yet aligned with the incumbent (no switching cost)."
    ),
    as_json: bool = json_option("realign"),
    sweep: str | None = typer.Option(
        None,
        "--sweep",
        metavar="PARAM=lo:hi:n",
        help="Sweep a parameter (the rival's: rival_v, rival_d, ...).",
    ),
    plot: Path | None = plot_option("the sweep's figure; without --sweep, of d=0:1:101"),
    *,
    parameters: dict[str, Any],
) -> None:
    """The rival-patron contest for one client: both best offers, the client's choice, why."""
    from alliancelab.cases.dyad_params import contest_params, load_case, rival_terms
    from alliancelab.report.realignment_report import explain, frame
    from alliancelab.theory.realignment import solve_contest

    check_figure_path(plot)
    contest_values = {k: parameters.pop(k) for k in CONTEST_FIELDS if k in parameters}
    rival_values = parse_assignments("--rival", rival_set, RIVAL_FIELDS)
    if no_rival and rival_values:
        raise UserInputError("--rival and --no-rival contradict each other: give one of them")
    loaded = load_case(case, parameters, where=WHERE)
    rival = None if no_rival else rival_terms(loaded, rival_values, where="--rival")
    params = contest_params(loaded, rival, aligned=not unaligned, where=WHERE, **contest_values)
    if sweep is not None or plot is not None:
        _realign_sweep(loaded, params, sweep or "d=0:1:101", plot, as_json)
        return
    solution = solve_contest(params)
    row = frame(params, solution).iloc[0].to_dict()
    explanation = explain(params, solution)
    if as_json:
        print_json(
            {
                "case": loaded.info.name,
                "title": loaded.info.title,
                "rival_present": rival is not None,
                "aligned": not unaligned,
                "tau": params.tau,
                "credibility": params.credibility,
                "rival_terms": None if rival is None else dataclasses.asdict(rival),
                **row,
                "explanation": explanation,
                "sources": list(dict.fromkeys([*loaded.citation_keys, *frame(params).attrs["sources"]])),
                "provenance": run_record(params=params, case=str(loaded.path)),
            }
        )
        return
    offers: list[Mapping[str, Any]] = [
        {
            "patron": "incumbent (H)",
            "offer (utils)": row["incumbent_offer"],
            "G (USD m/yr)": row["incumbent_surplus"],
            "pi": float(params.credibility),
            "x if wins": row["incumbent_package"],
            "p if wins": row["incumbent_payment"],
        }
    ]
    if rival is not None:
        offers.append(
            {
                "patron": "rival (R)",
                "offer (utils)": row["rival_offer"],
                "G (USD m/yr)": row["rival_surplus"],
                "pi": float(rival.credibility),
                "x if wins": row["rival_package"],
                "p if wins": row["rival_payment"],
            }
        )
    print_table(offers, title=f"{loaded.info.title}: best offers (rival's net of the switching cost)")
    say(explanation)
    if rival is None:  # the one monopoly price: say how it relates to `alliancelab formation`'s
        say(
            f"No rival: the monopoly price of section (a) divided by the incumbent's credibility pi_H = "
            f"{float(params.credibility):g} (--credibility 1 gives `alliancelab formation`'s price)."
        )


def _realign_sweep(loaded: Any, params: Any, spec: str, plot: Path | None, as_json: bool) -> None:
    from alliancelab.report.dynamics_plots import plot_contest_sweep
    from alliancelab.report.realignment_report import sweep

    rival_names = [f"rival_{n}" for n in RIVAL_FIELDS] if params.rival is not None else []
    case_names = option_names(CASE_OPTIONS)
    name, sep, rest = spec.partition("=")
    spec = resolve_name("--sweep", name.strip(), CASE_OPTIONS) + sep + rest
    name, grid = parse_sweep(spec, allowed=sorted({*case_names, *CONTEST_FIELDS, *rival_names}))
    try:
        if name in CONTEST_FIELDS or name.startswith("rival_"):
            frame = sweep(params, name, grid)  # the library sets the contest's or the rival's field
        else:  # through the case: a leader's W or S reaches the dyad through mu
            moved = loaded.with_overrides({_CASE_FIELD[name]: grid}, where="--sweep")
            frame = sweep(dataclasses.replace(params, dyad=moved.formation), name, grid)
    except ParameterError as err:  # the swept option as the user named it (--sweep threat, not T)
        named = named_by_option(err, {_CASE_FIELD.get(name, name): f"--sweep {name}"})
        raise (named if named is not err else err.within("--sweep")) from None
    if plot is not None:  # one output: the figure is written atomically by itself
        plot_contest_sweep(frame, plot, title=loaded.info.title)
    if as_json:
        provenance = run_record(
            params=params, case=str(loaded.path), sweep={"parameter": name, "values": grid}
        )
        rows = frame.to_dict(orient="records")
        print_json({"case": loaded.info.name, "parameter": name, "rows": rows, "provenance": provenance})
        return
    shown = frame[[name, "rival", "winner", "payment", "package"]]
    print_table(
        [{str(k): v for k, v in r.items()} for r in shown.to_dict("records")],
        title=f"{loaded.info.title}: sweep over {name}",
    )
    if plot is not None:
        say(f"figure written to {plot}")


def register(app: typer.Typer) -> None:
    """Add ``alliancelab realign`` to the main app."""
    app.command("realign", rich_help_panel=MODELS_PANEL)(realign_command)
