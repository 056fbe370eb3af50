"""Report sections for the worked cases: a formation case, a seed-004 coalition operation, a mission plan.

Each ``*_report`` function returns a :class:`~alliancelab.report.html.Report`; the pieces they are built
from (:func:`sweep_figure`, :func:`plan_sections`, ...) are public so the web app shows the same figures and
tables.
Figures come from ``report/formation_plots.py`` and ``report/coalition_plots.py``, tables from the library's
own frames: nothing here computes a model result of its own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from alliancelab.cases.formation_case import FormationCase
from alliancelab.report.formation_plots import LABELS
from alliancelab.report.html import Figure, Report, Section, Table, render_png

__all__ = [
    "SWEEP_PARAMETERS",
    "formation_report",
    "formation_sections",
    "mission_report",
    "operation_report_document",
    "plan_sections",
    "sweep_figure",
    "sweep_values",
]

# parameters a formation case can be swept over, with the words the sweep figure uses for them
SWEEP_PARAMETERS: dict[str, str] = {k: LABELS[k] for k in ("d", "T", "chi", "W", "S", "h", "v", "c")}
_POINTS = 121


def sweep_values(case: FormationCase, parameter: str) -> np.ndarray:
    """The range a sweep over ``parameter`` covers: the parameter's domain, or up to twice the case's value
    for money; ``W`` stops at the case's ``S`` and ``S`` starts at its ``W`` (``W <= S``)."""
    leader = case.leader
    w = float(np.asarray(leader.W)) if leader is not None else 0.5
    s = float(np.asarray(leader.S)) if leader is not None else 1.0
    bounds = {
        "d": (0.0, 1.0),
        "T": (0.0, 0.95),
        "chi": (-1.0, 1.0),
        "W": (0.02, s),
        "S": (w, 1.0),
        "h": (0.0, 1.0),
        "v": (0.0, 2.0 * max(float(np.asarray(case.formation.v)), 1.0)),
        "c": (0.0, 2.0 * max(float(np.asarray(case.formation.c)), 1.0)),
    }
    lo, hi = bounds[parameter]
    return np.linspace(lo, hi, _POINTS)


def sweep_figure(case: FormationCase, parameter: str, *, rival: bool = True) -> tuple[Figure, Any]:
    """Comparative statics of ``case`` along ``parameter`` (``plot_sweep``), and the frame it draws."""
    from alliancelab.report.formation_plots import plot_sweep
    from alliancelab.report.formation_report import illustrative_rival, sweep

    frame = sweep(
        case,
        parameter,
        sweep_values(case, parameter),
        rival=illustrative_rival(case) if rival else None,
    )
    png = render_png(lambda path: plot_sweep(frame, path, title=case.info.title))
    label = SWEEP_PARAMETERS.get(parameter, parameter)
    caption = (
        f"Side payment and package as {label} varies, the other parameters at the case's values; one line "
        "per client leader, dashed with an illustrative rival patron. Gaps: no alliance forms."
    )
    return Figure(f"Comparative statics: {label}", png, caption), frame


def formation_sections(case: FormationCase, *, sweeps: Sequence[str] = ("T", "W")) -> list[Section]:
    """The case, its solution, its figures (the case figure and sweeps) and the source of every value."""
    from alliancelab.report.formation_plots import plot_case
    from alliancelab.report.formation_report import explain, solution_table
    from alliancelab.theory.formation import solve

    solution = solve(case.formation)
    info = case.info
    about = Table(
        "Case",
        {
            "patron": info.patron,
            "client": info.client,
            "year": info.year,
            "package mode": case.formation.mode,
            "case file": str(case.path),
        },
    )
    sections = [
        Section("The case", (info.summary,) if info.summary else (), tables=(about,)),
        Section(
            "Solution",
            tuple(explain(case, solution).splitlines()),
            tables=(Table("Solution at the case's values", solution_table(solution)),),
        ),
    ]
    figures = [
        Figure(
            "The security–autonomy trade-off",
            render_png(lambda path: plot_case(case, path)),
            "Payment and package against divergence for small- and large-W clients (dashed: with a rival), "
            "and the client's reservation payment against the patron's value at the case.",
        )
    ]
    for parameter in sweeps:
        if parameter in ("W", "S") and case.leader is None:
            continue  # a case without a leader table has no selectorate to sweep
        figures.append(sweep_figure(case, parameter)[0])
    sections.append(Section("Figures", figures=tuple(figures)))
    values = {**_as_dict(case.formation), **(_as_dict(case.leader) if case.leader is not None else {})}
    rows = [
        {"parameter": key.split(".", 1)[1], "value": values.get(key.split(".", 1)[1]), "source": text}
        for key, text in case.provenance.items()
    ]
    sections.append(Section("Parameters and their sources", tables=(Table("Parameters", rows),)))
    if case.observed is not None:
        sections.append(Section("What happened", tables=(Table("Observed", _observed(case)),)))
    return sections


def _as_dict(params: Any) -> dict[str, Any]:
    import dataclasses

    return {f.name: np.asarray(getattr(params, f.name)).tolist() for f in dataclasses.fields(params)}


def _observed(case: FormationCase) -> dict[str, Any]:
    obs = case.observed
    assert obs is not None
    return {
        "formed": obs.formed,
        "year": obs.year,
        "payment (USD m/yr)": obs.payment.value if obs.payment is not None else None,
        "package (0-1)": obs.package.value if obs.package is not None else None,
        "note": obs.note,
    }


def formation_report(case: FormationCase, *, command: Sequence[str] = ()) -> Report:
    """The report of one formation case."""
    from alliancelab.provenance import run_record

    params = {"formation": _as_dict(case.formation)}
    if case.leader is not None:
        params["leader"] = _as_dict(case.leader)
    return Report(
        kind="formation case",
        title=case.info.title,
        source=str(case.path),
        summary=f"{case.info.patron} and {case.info.client}: Kabir's bargain over security, autonomy and a "
        "side payment, solved at the case's values and swept along its parameters.",
        sections=tuple(formation_sections(case)),
        manifest=run_record(params=params, case=str(case.path), report_kind="formation case"),
        citation_keys=tuple(case.citation_keys),
        command=command,
    )


def operation_report_document(name_or_path: str, *, command: Sequence[str] = ()) -> Report:
    """The report of a seed-004 coalition operation (``korea-1950``, ...): payments and typology."""
    from alliancelab.provenance import run_record
    from alliancelab.report.coalition_report import operation_report

    op = operation_report(name_or_path)
    payments = op.contributors[list(_PAYMENT_COLUMNS)].rename(columns=_PAYMENT_COLUMNS)
    typology = op.contributors.drop_duplicates("country")[list(_TYPOLOGY_COLUMNS)].rename(
        columns=_TYPOLOGY_COLUMNS
    )
    totals = {k: v for k, v in op.totals.items() if v is not None}
    notes = tuple(f"Error in the seed's text: {e}" for e in op.text_errors)
    end = op.years[1] if op.years[1] is not None else "?"
    tables = [
        Table.from_frame("Contributors and what they were paid (nominal USD)", payments),
        Table("Totals", totals, "Per soldier-year against the pivotal state's own soldier."),
    ]
    if op.aggregates:
        tables.append(Table("The seed's operation-wide totals", op.aggregates))
    sections = (
        Section("Payments", (f"Pivotal state(s): {', '.join(op.pivotal_states)}.",), tables=tuple(tables)),
        Section(
            "Typology: the model's type against the seed's label",
            notes,
            tables=(Table.from_frame("Contributors", typology),),
        ),
    )
    return Report(
        kind="coalition operation",
        title=f"{op.title} ({op.years[0]}–{end})",
        source=name_or_path,
        summary="Who was bought, with what, and at what cost per soldier-year (Henke 2019, seed 004).",
        sections=sections,
        manifest=run_record(operation=name_or_path, report_kind="coalition operation"),
        citation_keys=tuple(op.citation_keys),
        command=command,
    )


_PAYMENT_COLUMNS = {
    "country": "country",
    "troops": "troops",
    "form": "payment form",
    "amount_usd": "amount (USD)",
    "usd_year": "USD of year",
    "usd_per_soldier_year": "USD per soldier-year",
    "for_what": "for what",
}
_TYPOLOGY_COLUMNS = {
    "country": "country",
    "seed_label": "seed's label",
    "model_type": "model's type",
    "agrees": "agrees",
    "reasons": "why",
}
_CANDIDATE_COLUMNS = {
    "candidate": "candidate",
    "in_coalition": "in coalition",
    "type": "type",
    "payment": "payment",
    "side_deals": "side deals",
    "price_usd_m": "price (USD m/yr)",
    "payer_cost_usd_m": "payer's cost (USD m/yr)",
    "agreement_probability": "P(agree)",
    "reasons": "why",
}


def plan_sections(plan: Any) -> list[Section]:
    """Who is bought and for what, the cheapest coalition, cost shares, hold-up and the Monte Carlo."""
    candidates = plan.candidates[list(_CANDIDATE_COLUMNS)].rename(columns=_CANDIDATE_COLUMNS)
    summary = {k: v for k, v in plan.summary.items() if v is not None}
    members = ", ".join(plan.summary["members"]) or "none"
    sections = [
        Section(
            "Who is bought, and for what",
            (f"The cheapest coalition: {members}.",),
            tables=(
                Table.from_frame("Candidates", candidates),
                Table("Cheapest coalition", summary),
                Table("Payment shares of the pivotal states", plan.cost_shares),
            ),
        )
    ]
    threats = plan.holdup[plan.holdup["threat"]] if len(plan.holdup) else plan.holdup
    sections.append(
        Section(
            "Hold-up during the deployment",
            () if len(threats) else ("No contingent threatens to withdraw.",),
            tables=(Table.from_frame("Withdrawal threats by year", threats),) if len(threats) else (),
        )
    )
    if plan.simulation is not None:
        from alliancelab.report.coalition_plots import plot_cost_distribution

        sim = plan.simulation
        png = render_png(lambda path: plot_cost_distribution(sim, path, title=plan.mission.name))
        sections.append(
            Section(
                "Monte Carlo over private reservation prices",
                (f"Seed entropy: {sim.record.get('seed')}.",),
                figures=(Figure("Cost of the coalition over the draws", png),),
                tables=(
                    Table("Summary", sim.summary()),
                    Table.from_frame("Candidates over the draws", sim.candidates),
                ),
            )
        )
    return sections


def mission_report(
    mission: Any, *, source: str, draws: int = 500, rng: Any = None, command: Sequence[str] = ()
) -> Report:
    """The report of a coalition mission: the plan of :func:`~alliancelab.coalition.plan.plan_mission`."""
    from alliancelab.coalition.plan import plan_mission

    plan = plan_mission(mission, draws=draws, rng=rng)
    record: Mapping[str, Any] = {**plan.record, "mission_file": source, "report_kind": "coalition mission"}
    return Report(
        kind="coalition mission",
        title=mission.name,
        source=source,
        summary="Whom to ask, what each costs and in what currency, the cheapest coalition that meets the "
        "mission's requirements, and how likely it is (Henke 2019's coalition market).",
        sections=tuple(plan_sections(plan)),
        manifest=record,
        citation_keys=("henke2019buying",),
        command=command,
    )
