"""The operations of Henke's "Buying Allies" as data, and a report per operation (models.md (g), N1).

Each shipped file ``alliancelab/cases/coalition/<operation>.toml`` holds one multilateral operation of seed
004 (``korea-1950``, ``vietnam-1964``, ``gulf-war-1990``, ``iraq-2003``, ``isaf-2001``, ``unamid-2007``,
``amisom-2007`` and the smaller examples): its pivotal states, each contributor with its troops and
payments, numbers the seed states about the operation, and known errors in the text. Every number is a
:class:`Sourced` value: a verbatim quote from the seed (with its footnote number where there is one) or,
for the few numbers the seed lacks, an ``external`` note saying so. ``soldier_costs.toml`` holds the
seed's own-cost-per-soldier figures (US $138,465 a year, Bangladesh $4,553, ...).

**Coding rule.** The typology features of a contributor are coded from facts in the text, each with its
quote, never from the seed's label; the label is stored apart (``seed_labels``) so that the typology
rule of :mod:`alliancelab.coalition.typology` can be checked against it. The facts map onto
:class:`~alliancelab.coalition.typology.TypologyFeatures` as follows (``[PROPOSED]``)::

    interested  = interest == "genuine"  or  asked_for == "nothing"  # unpaid deployment: w_j >= c_j*n_j
    resourced   = resources != "inadequate"  and  asked_for not in {"deployment_costs", "both"}
    critical    = deemed_critical            # the pivotal state named why it needed this state
                                             # (false for all if context.critical_named is false)
    scarce      = context.scarce             # operation-wide: contributors were hard to find
    eager       = context.eager              # operation-wide: the pivotal state sought flags openly
    priced_out  = False                      # every contributor in the library took part
    threatened_withdrawal = withdrawal_threat

A fact not in the file is unknown and counts as not shown. Money is nominal US dollars of the year given.

References: ``henke2019buying``.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import BaseModel, ValidationError

from alliancelab._validate import user_error_from_validation
from alliancelab.cases import case_names, case_path, read_toml
from alliancelab.coalition.case_schema import (
    Contributor,
    Fact,
    Operation,
    SoldierCost,
    SoldierCosts,
    annual_payment,
    paid_span_years,
)
from alliancelab.coalition.typology import ContributorType, TypologyFeatures, classify_features
from alliancelab.errors import DataError, UserInputError

__all__ = [
    "OperationReport",
    "annual_payment",
    "coded_features",
    "list_operations",
    "load_operation",
    "load_soldier_costs",
    "operation_report",
    "pivotal_cost",
    "typology_agreement",
]

SOLDIER_COSTS = "soldier_costs"


def _validate(model: type[BaseModel], data: dict[str, Any], source: str) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        if first["type"] == "value_error":  # our own checks name the field and value already
            where = ".".join(str(p) for p in first["loc"])
            message = str(first["msg"]).removeprefix("Value error, ")
            raise DataError(f"{source}: {where + ': ' if where else ''}{message}") from None
        raise user_error_from_validation(err, source, model) from None


def list_operations() -> list[str]:
    """Names of the shipped operations (the per-soldier cost table is not an operation)."""
    return [name for name in case_names("coalition") if name != SOLDIER_COSTS]


def load_operation(name_or_path: str) -> Operation:
    """Load a shipped operation by name (``korea-1950``) or a TOML file of the same format.

    Errors are one-line :class:`~alliancelab.errors.UserInputError` messages naming the file and field.
    """
    if name_or_path == SOLDIER_COSTS:
        raise UserInputError(f"{SOLDIER_COSTS!r} is the per-soldier cost table, not an operation")
    names = list_operations()
    as_path = Path(name_or_path)
    if as_path.suffix != ".toml" and not as_path.exists() and name_or_path not in names:
        hint = difflib.get_close_matches(name_or_path, names, n=1)
        guess = f"; did you mean {hint[0]!r}?" if hint else ""
        raise UserInputError(
            f"no coalition operation named {name_or_path!r}{guess} Shipped: {', '.join(names)}"
        )
    path = case_path("coalition", name_or_path)
    result: Operation = _validate(Operation, read_toml(path), str(path))
    return result


def load_soldier_costs() -> tuple[SoldierCost, ...]:
    """The seed's own-cost-per-soldier-year figures (``soldier_costs.toml``)."""
    path = case_path("coalition", SOLDIER_COSTS)
    table: SoldierCosts = _validate(SoldierCosts, read_toml(path), str(path))
    return table.costs


# -- the report ------------------------------------------------------------------------------------------

_LABELS: dict[str, ContributorType] = {
    "volunteer": ContributorType.VOLUNTEER,
    "willing_underresourced": ContributorType.WILLING_UNDERRESOURCED,
    "critical": ContributorType.CRITICAL,
    "opportunistic": ContributorType.OPPORTUNISTIC,
    "nonparticipant": ContributorType.NONPARTICIPANT,
}


def _short(quote: str, width: int = 70) -> str:
    return quote if len(quote) <= width else quote[: width - 1].rstrip() + "…"


#: What the reasons say for a fact the text does not show (the rule then reads it as "not shown").
_NOT_SHOWN = {
    "interested": "interest not shown in the text",
    "critical": "not named critical by the pivotal state",
    "scarce": "scarcity not stated for this operation",
    "eager": "eagerness not stated for this operation",
}


def coded_features(operation: Operation, contributor: Contributor) -> tuple[TypologyFeatures, dict[str, str]]:
    """The typology features of one contributor, coded from facts by the mapping of the module docstring.

    Returns the features and, per feature, the evidence (coded value and the start of its quote).
    """
    f, ctx = contributor.features, operation.context
    asked = f.asked_for.value if f.asked_for else None
    details: dict[str, str] = {}

    def note(key: str, fact: Fact[Any] | None, fallback: str) -> None:
        shown = {True: "yes", False: "no"}.get(fact.value, fact.value) if fact is not None else None
        details[key] = f"{shown}: “{_short(fact.quote)}”" if fact is not None else fallback

    interested = (f.interest is not None and f.interest.value == "genuine") or asked == "nothing"
    if asked == "nothing" and not (f.interest and f.interest.value == "genuine"):
        note("interested", f.asked_for, "")
        details["interested"] = "asked for nothing, so deployed at own cost: " + details["interested"]
    else:
        note("interested", f.interest, _NOT_SHOWN["interested"])
    lacks = (f.resources is not None and f.resources.value == "inadequate") or asked in (
        "deployment_costs",
        "both",
    )
    if f.resources is not None:
        note("resourced", f.resources, "")
    elif asked in ("deployment_costs", "both"):
        note("resourced", f.asked_for, "")
        details["resourced"] = "asked for deployment costs: " + details["resourced"]
    else:
        details["resourced"] = "no sign of missing resources"
    named = ctx.critical_named if ctx.critical_named is not None and not ctx.critical_named.value else None
    critical = f.deemed_critical if f.deemed_critical is not None else named
    note("critical", critical, _NOT_SHOWN["critical"])
    note("scarce", ctx.scarce, _NOT_SHOWN["scarce"])
    note("eager", ctx.eager, _NOT_SHOWN["eager"])
    note("threatened_withdrawal", f.withdrawal_threat, "no withdrawal threat")
    details["priced_out"] = "it took part"
    features = TypologyFeatures(
        interested=interested,
        resourced=not lacks,
        critical=bool(critical and critical.value),
        scarce=bool(ctx.scarce and ctx.scarce.value),
        eager=bool(ctx.eager and ctx.eager.value),
        priced_out=False,
        threatened_withdrawal=bool(f.withdrawal_threat and f.withdrawal_threat.value),
    )
    return features, details


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
    missing = [key for key, text in _NOT_SHOWN.items() if any(r.detail == text for r in result.reasons)]
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
