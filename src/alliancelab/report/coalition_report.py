"""The report per coalition operation (seed 004 as data): contributors, payments, typology agreement.

What ``alliancelab coalition --case NAME`` prints (:func:`operation_report`) and the typology agreement
table (:func:`typology_agreement`). The files, loaders and coding rule are in
:mod:`alliancelab.cases.coalition_cases`. Was the report half of ``alliancelab.coalition.cases``.

References: ``henke2019buying``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from alliancelab.cases.coalition_cases import (
    NOT_SHOWN,
    coded_features,
    list_operations,
    load_operation,
    load_soldier_costs,
)
from alliancelab.cases.coalition_schema import (
    Contributor,
    Operation,
    SoldierCost,
    annual_payment,
    paid_span_years,
)
from alliancelab.coalition.typology import ContributorType, classify_features

__all__ = ["OperationReport", "operation_report", "pivotal_cost", "typology_agreement"]

_LABELS: dict[str, ContributorType] = {
    "volunteer": ContributorType.VOLUNTEER,
    "willing_underresourced": ContributorType.WILLING_UNDERRESOURCED,
    "critical": ContributorType.CRITICAL,
    "opportunistic": ContributorType.OPPORTUNISTIC,
    "nonparticipant": ContributorType.NONPARTICIPANT,
}


def pivotal_cost(operation: Operation) -> dict[str, Any] | None:
    """The first pivotal state's own cost per soldier-year nearest in time to the operation's start."""
    costs = load_soldier_costs()
    year = operation.start_year

    def distance(c: SoldierCost) -> int:
        return max(c.applies[0] - year, year - c.applies[1], 0)

    for state in operation.pivotal_states:
        mine = [c for c in costs if c.country == state]
        if not mine:
            continue
        best = min(mine, key=distance)
        return {
            "country": state,
            "usd_per_soldier_year": best.cost.value,
            "measure": best.measure,
            "applies": list(best.applies),
            "years_from_operation": distance(best),
            "quote": best.cost.quote,
        }
    return None


@dataclass(frozen=True, slots=True)
class OperationReport:
    """What :func:`operation_report` returns; ``alliancelab coalition --case NAME`` prints it.

    ``contributors`` has one row per payment (a contributor without payments has one row), columns::

        country, troops, troops_qualifier, form, kind, status, payer, for_what,
        amount_usd, amount_qualifier, basis, currency, usd_year, span_years,   # nominal USD of usd_year
        usd_per_year, usd_per_soldier_year,                              # where basis, span and troops allow
        counted,                                                        # paid/agreed and not a loan
        seed_label, seed_label_explicit, shared_evidence, model_type, agrees, reasons, facts_not_shown

    ``shared_evidence`` marks a label whose sentence also backs a coded feature, so that agreement there is
    partly by construction. ``facts_not_shown`` lists the facts the rule read that the text does not give
    (they count as absent): a paid contributor typed "non-participant" is one whose text shows neither
    interest, criticality, scarcity nor eagerness, not one that stayed out.

    ``totals`` (USD, None where nothing is computable): ``total_paid_usd`` (counted payments over their
    stated spans), ``rates_without_span`` (counted rates whose duration the seed does not give),
    ``paid_usd_per_year`` and ``soldiers_paid`` (contributors with troops and a yearly rate),
    ``usd_per_soldier_year`` (their ratio), ``soldier_years`` (troops times stated span),
    ``pivotal_usd_per_soldier_year`` and ``pivotal_to_paid`` (own cost over bought cost).
    ``pivotal`` describes the own-cost figure used; ``aggregates`` are the seed's operation-wide totals with
    the soldier-years they imply; ``facts`` and ``text_errors`` are copied from the file.
    """

    name: str
    title: str
    years: tuple[int, int | None]
    pivotal_states: tuple[str, ...]
    contributors: pd.DataFrame
    totals: dict[str, float | int | None]
    pivotal: dict[str, Any] | None
    aggregates: list[dict[str, Any]]
    facts: list[dict[str, Any]]
    text_errors: list[dict[str, Any]]
    citation_keys: tuple[str, ...] = field(default=("henke2019buying",))

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON types (missing numbers become ``None``)."""
        rows = self.contributors.astype(object).where(self.contributors.notna(), None).to_dict("records")
        return {
            "operation": self.name,
            "title": self.title,
            "years": list(self.years),
            "pivotal_states": list(self.pivotal_states),
            "contributors": rows,
            "totals": dict(self.totals),
            "pivotal": self.pivotal,
            "aggregates": self.aggregates,
            "facts": self.facts,
            "text_errors": self.text_errors,
            "citation_keys": list(self.citation_keys),
        }


def _classification(operation: Operation, contributor: Contributor) -> dict[str, Any]:
    features, details = coded_features(operation, contributor)
    result = classify_features(features, name=contributor.country, details=details)
    labels = [_LABELS[label].value for label in contributor.seed_labels]
    missing = [key for key, text in NOT_SHOWN.items() if any(r.detail == text for r in result.reasons)]
    return {
        "seed_label": " / ".join(labels),
        "seed_label_explicit": contributor.seed_label_explicit,
        "shared_evidence": _shares_evidence(contributor) if labels else None,
        "model_type": result.type.value,
        "agrees": (result.type.value in labels) if labels else None,
        "reasons": result.explain(),
        "facts_not_shown": ", ".join(missing),
    }


def _shares_evidence(contributor: Contributor) -> bool:
    """Whether the sentence behind the seed's label also backs a coded feature (agreement by construction)."""
    label = " ".join((contributor.seed_label_quote or "").split())
    f = contributor.features
    facts = (f.interest, f.initiator, f.resources, f.asked_for, f.deemed_critical, f.withdrawal_threat)
    quotes = [" ".join(fact.quote.split()) for fact in facts if fact is not None]
    return any(q in label or label in q for q in quotes)


def _rows(operation: Operation) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for c in operation.contributors:
        troops = c.troops.value if c.troops else None
        base = {
            "country": c.country,
            "troops": troops,
            "troops_qualifier": c.troops.qualifier if c.troops else None,
        }
        label = _classification(operation, c)
        for p in c.payments or (None,):
            a = p.amount if p else None
            per_year = a.per_year if a else None
            rows.append(
                base
                | {
                    "form": p.form.replace("_", " ") if p else None,
                    "kind": p.kind if p else None,
                    "status": p.status if p else None,
                    "payer": p.payer if p else None,
                    "for_what": p.for_what if p else None,
                    "amount_usd": a.value if a else None,
                    "amount_qualifier": a.qualifier if a else None,
                    "basis": a.basis if a else None,
                    "currency": a.currency if a else None,
                    "usd_year": a.year if a else None,
                    "span_years": a.years_covered if a else None,
                    "usd_per_year": per_year,
                    "usd_per_soldier_year": per_year / troops
                    if per_year is not None and troops and p and p.counts
                    else None,
                    "counted": bool(p and p.counts),
                }
                | label
            )
    return rows


def _totals(operation: Operation, pivotal: dict[str, Any] | None) -> dict[str, float | int | None]:
    counted = [p.amount for c in operation.contributors for p in c.payments if p.counts and p.amount]
    spans = [a.over_span for a in counted]
    rated = [
        (c.troops.value, annual_payment(c)) for c in operation.contributors if c.troops and annual_payment(c)
    ]
    per_year = sum(rate or 0.0 for _, rate in rated)
    soldiers = sum(n for n, _ in rated)
    with_span = [
        (c.troops.value, paid_span_years(c))
        for c in operation.contributors
        if c.troops and paid_span_years(c)
    ]
    cost = per_year / soldiers if soldiers else None
    own = pivotal["usd_per_soldier_year"] if pivotal else None
    return {
        "total_paid_usd": sum(s for s in spans if s is not None)
        if any(s is not None for s in spans)
        else None,
        "rates_without_span": sum(s is None for s in spans),
        "paid_usd_per_year": per_year if rated else None,
        "soldiers_paid": soldiers if rated else None,
        "usd_per_soldier_year": cost,
        "soldier_years": sum(n * (s or 0.0) for n, s in with_span) if with_span else None,
        "pivotal_usd_per_soldier_year": own,
        "pivotal_to_paid": own / cost if own and cost else None,
    }


def _aggregates(operation: Operation, pivotal: dict[str, Any] | None) -> list[dict[str, Any]]:
    out = []
    for agg in operation.aggregates:
        per_soldier = agg.per_soldier_year.value if agg.per_soldier_year else None
        own = pivotal["usd_per_soldier_year"] if pivotal else None
        out.append(
            {
                "what": agg.what,
                "payer": agg.payer,
                "amount_usd": agg.amount.value,
                "qualifier": agg.amount.qualifier,
                "first_year": agg.amount.first_year,
                "last_year": agg.amount.last_year,
                "usd_per_soldier_year": per_soldier,
                "soldier_years": agg.amount.value / per_soldier if per_soldier else None,
                "pivotal_to_paid": own / per_soldier if own and per_soldier else None,
            }
        )
    return out


def operation_report(name_or_path: str) -> OperationReport:
    """Contributors, payments, typology (model against seed) and costs of one operation (see the class)."""
    op = load_operation(name_or_path)
    pivotal = pivotal_cost(op)
    name = name_or_path if name_or_path in list_operations() else op.name
    return OperationReport(
        name=name,
        title=op.name,
        years=(op.start_year, int(op.end.value) if op.end else None),
        pivotal_states=op.pivotal_states,
        contributors=pd.DataFrame(_rows(op)).astype({"usd_year": "Int64"}),
        totals=_totals(op, pivotal),
        pivotal=pivotal,
        aggregates=_aggregates(op, pivotal),
        facts=[{"what": f.what, "value": f.value, "qualifier": f.qualifier} for f in op.facts],
        text_errors=[e.model_dump() for e in op.text_errors],
        citation_keys=tuple(op.sources),
    )


def typology_agreement(names: list[str] | None = None) -> pd.DataFrame:
    """Henke's label against the typology rule, for every contributor the seed labels.

    One row per labelled contributor: ``operation, country, seed_label, seed_label_explicit,
    shared_evidence, model_type, agrees, reasons``. ``agrees`` is true when the model's type is one of the
    seed's labels (the seed says its "categories overlap in practice", so a contributor may carry two).
    """
    rows = []
    for name in names if names is not None else list_operations():
        op = load_operation(name)
        for c in op.contributors:
            if c.seed_labels:
                rows.append({"operation": name, "country": c.country} | _classification(op, c))
    return pd.DataFrame(rows)
