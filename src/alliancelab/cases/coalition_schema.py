"""Schema of the coalition case files (format and coding rule: :mod:`alliancelab.cases.coalition_cases`).

Every number is a :class:`Sourced` value: a verbatim ``quote`` from the seed (``note`` = its footnote) or an
``external`` note; pydantic models with ``extra="forbid"`` so that a typo in a field name is an error.
References: ``henke2019buying``.
"""

from __future__ import annotations

import ast
import operator
from typing import Annotated, Generic, Literal, Self, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from alliancelab.references import bibliography

__all__ = [
    "Aggregate",
    "Amount",
    "Context",
    "Contributor",
    "Fact",
    "Features",
    "Operation",
    "OperationFact",
    "Payment",
    "SoldierCost",
    "SoldierCosts",
    "Sourced",
    "TextError",
    "annual_payment",
    "evaluate",
    "paid_span_years",
]

_MODEL = ConfigDict(extra="forbid", frozen=True)
NonNegative = Annotated[float, Field(strict=True, ge=0, allow_inf_nan=False)]
Qualifier = Literal["exact", "about", "more than", "slightly less than", "less than", "most of"]
SeedLabel = Literal["volunteer", "willing_underresourced", "critical", "opportunistic", "nonparticipant"]
PaymentKind = Literal[
    "cash", "equipment", "training_and_equipment", "transport", "infrastructure", "military_aid",
    "economic_aid", "debt_relief", "loan", "sanction_relief", "arms_discount", "trade", "oil", "procurement",
    "membership_support", "defense_agreement", "diplomatic_protection", "diplomatic_support", "policy_change",
]  # fmt: skip
T = TypeVar("T")


class Sourced(BaseModel):
    """A number with its source: a verbatim ``quote`` from the seed (``note`` = its footnote) or ``external``.

    ``derived`` is the arithmetic that turns the numbers of the quote into ``value`` (e.g. ``"250 + 270"``).
    """

    model_config = _MODEL

    value: NonNegative
    qualifier: Qualifier = "exact"
    quote: str | None = Field(default=None, min_length=8)
    note: int | None = Field(default=None, ge=1, strict=True)
    external: str | None = Field(default=None, min_length=8)
    derived: str | None = None

    @model_validator(mode="after")
    def _one_source(self) -> Self:
        if (self.quote is None) == (self.external is None):
            raise ValueError(
                f"the number {self.value:g} needs exactly one source: 'quote' (verbatim from the text) "
                "or 'external' (where else it comes from)"
            )
        if self.derived is not None and abs(evaluate(self.derived) - self.value) > 1e-9 * max(1, self.value):
            raise ValueError(
                f"derived = {self.derived!r} evaluates to {evaluate(self.derived):g}, not {self.value:g}"
            )
        return self


class Fact(BaseModel, Generic[T]):
    """A coded fact with the sentence of the text it rests on."""

    model_config = _MODEL

    value: T
    quote: str = Field(min_length=8)
    note: int | None = Field(default=None, ge=1, strict=True)


class Features(BaseModel):
    """The facts the typology reads; any left out is unknown (see the module docstring for the mapping)."""

    model_config = _MODEL

    interest: Fact[Literal["genuine", "limited"]] | None = None
    initiator: Fact[Literal["contributor", "pivotal"]] | None = None
    resources: Fact[Literal["adequate", "inadequate"]] | None = None
    asked_for: Fact[Literal["nothing", "deployment_costs", "side_deal", "both"]] | None = None
    deemed_critical: Fact[bool] | None = None
    withdrawal_threat: Fact[bool] | None = None
    motive: str | None = Field(default=None, description="a quote on motives that fits none of the facts")


class Amount(Sourced):
    """A payment's size: USD (nominal, of ``year``), per month, per year, in total over a span, or one-off."""

    currency: Literal["USD"] = "USD"
    year: int | None = Field(default=None, ge=1900, le=2100, strict=True)
    year_quote: str | None = Field(default=None, min_length=8)
    basis: Literal["per_month", "per_year", "total", "one_off"]
    first_year: int | None = Field(default=None, ge=1900, le=2100, strict=True)
    last_year: int | None = Field(default=None, ge=1900, le=2100, strict=True)
    span_years: float | None = Field(default=None, gt=0, strict=True)
    span_note: str | None = None

    @model_validator(mode="after")
    def _span(self) -> Self:
        if (self.first_year is None) != (self.last_year is None):
            raise ValueError("give both first_year and last_year, or neither")
        if self.first_year is not None and self.last_year is not None and self.last_year < self.first_year:
            raise ValueError(f"last_year = {self.last_year} is before first_year = {self.first_year}")
        if self.span_years is not None and not self.span_note:
            raise ValueError(
                f"span_years = {self.span_years:g} needs a span_note saying how it follows from the text"
            )
        return self

    @property
    def years_covered(self) -> float | None:
        """Length of the stated span in years (``span_years``, else ``last_year - first_year + 1``)."""
        if self.span_years is not None:
            return self.span_years
        if self.first_year is not None and self.last_year is not None:
            return float(self.last_year - self.first_year + 1)
        return None

    @property
    def per_year(self) -> float | None:
        """USD per year of deployment, where the basis and span allow it."""
        if self.basis == "per_month":
            return 12 * self.value
        if self.basis == "per_year":
            return self.value
        if self.basis == "total" and self.years_covered:
            return self.value / self.years_covered
        return None

    @property
    def over_span(self) -> float | None:
        """USD paid over the stated span (a rate without a stated span has no total)."""
        if self.basis in ("total", "one_off"):
            return self.value
        years = self.years_covered
        return None if years is None or self.per_year is None else self.per_year * years


class Payment(BaseModel):
    """One deployment subsidy or political side deal, with its amount or (if the seed has none) a quote."""

    model_config = _MODEL

    form: Literal["deployment_subsidy", "political_side_deal"]
    kind: PaymentKind
    payer: str = Field(min_length=1)
    for_what: str = Field(min_length=1)
    status: Literal["paid", "agreed", "offered", "asked"] = "paid"
    amount: Amount | None = None
    evidence: str | None = Field(default=None, min_length=8)

    @model_validator(mode="after")
    def _sourced(self) -> Self:
        if self.amount is None and self.evidence is None:
            raise ValueError(f"payment {self.for_what!r} needs an 'amount' or an 'evidence' quote")
        return self

    @property
    def counts(self) -> bool:
        """Whether it enters totals: paid or agreed, and a transfer (a loan's face value is not one)."""
        return self.status in ("paid", "agreed") and self.kind != "loan" and self.amount is not None


class Contributor(BaseModel):
    """A state (or a group the seed names together) in the coalition, with the seed's label kept apart."""

    model_config = _MODEL

    country: str = Field(min_length=1)
    group: bool = False
    troops: Sourced | None = None
    troops_note: str | None = None
    seed_labels: tuple[SeedLabel, ...] = ()
    seed_label_explicit: bool | None = None
    seed_label_quote: str | None = Field(default=None, min_length=8)
    features: Features = Features()
    payments: tuple[Payment, ...] = ()

    @model_validator(mode="after")
    def _label_sourced(self) -> Self:
        if self.seed_labels and (self.seed_label_quote is None or self.seed_label_explicit is None):
            raise ValueError(
                f"contributor {self.country!r}: seed_labels need seed_label_quote and seed_label_explicit"
            )
        return self


def annual_payment(contributor: Contributor) -> float | None:
    """USD per year of deployment over the contributor's counted payments that have a yearly rate.

    Rates over distinct stated years are averaged over the years covered (Romania FY2011 and FY2012);
    rates without a stated span are taken as concurrent.
    """
    rated = [
        p.amount for p in contributor.payments if p.counts and p.amount and p.amount.per_year is not None
    ]
    if not rated:
        return None
    if all(a.first_year is not None for a in rated):
        years = {y for a in rated for y in range(a.first_year or 0, (a.last_year or 0) + 1)}
        spans = [a.years_covered or 1.0 for a in rated]
        covered = max(len(years), max(spans))
        return sum((a.per_year or 0.0) * (a.years_covered or 1.0) for a in rated) / covered
    return sum(a.per_year or 0.0 for a in rated)


def paid_span_years(contributor: Contributor) -> float | None:
    """The longest stated span of the contributor's counted payments, in years."""
    spans = [p.amount.years_covered for p in contributor.payments if p.counts and p.amount]
    known = [s for s in spans if s is not None]
    return max(known) if known else None


class Context(BaseModel):
    """Operation-wide facts: contributors were scarce; the pivotal state revealed its eagerness."""

    model_config = _MODEL

    scarce: Fact[bool] | None = None
    eager: Fact[bool] | None = None
    critical_named: Fact[bool] | None = Field(
        default=None, description="false: the pivotal state named no particular critical contributor"
    )


class OperationFact(Sourced):
    """A number the seed states about the operation as a whole."""

    what: str = Field(min_length=1)


class Aggregate(BaseModel):
    """An operation-wide payment total, optionally with the seed's own per-soldier-year figure."""

    model_config = _MODEL

    what: str = Field(min_length=1)
    payer: str = Field(min_length=1)
    amount: Amount
    per_soldier_year: Sourced | None = None


class TextError(BaseModel):
    """A known error in the seed's text: flagged here, never silently fixed."""

    model_config = _MODEL

    quote: str = Field(min_length=8)
    problem: str = Field(min_length=8)
    likely: str | None = None


class Operation(BaseModel):
    """One operation file (see :mod:`alliancelab.cases.coalition_cases` for the format)."""

    model_config = _MODEL

    name: str = Field(min_length=1)
    theater: str = Field(min_length=1)
    pivotal_states: tuple[str, ...] = Field(min_length=1)
    pivotal_note: str | None = None
    co_financers: tuple[str, ...] = ()
    organization: str | None = None
    sources: tuple[str, ...] = Field(min_length=1)
    summary: str = Field(min_length=1)
    start: Sourced
    end: Sourced | None = None
    context: Context = Context()
    facts: tuple[OperationFact, ...] = ()
    aggregates: tuple[Aggregate, ...] = ()
    text_errors: tuple[TextError, ...] = ()
    contributors: tuple[Contributor, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> Self:
        for label, year in (("start", self.start), ("end", self.end)):
            if year is not None and not (1900 <= year.value <= 2100 and year.value == int(year.value)):
                raise ValueError(f"{label} = {year.value:g} is not a year between 1900 and 2100")
        if self.end is not None and self.end.value < self.start.value:
            raise ValueError(f"end = {self.end.value:g} is before start = {self.start.value:g}")
        names = [c.country for c in self.contributors]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise ValueError(f"contributor names must be unique; repeated: {', '.join(repeated)}")
        unknown = [key for key in self.sources if key not in bibliography()]
        if unknown:
            raise ValueError(f"sources {unknown} are not keys of references.bib")
        return self

    @property
    def start_year(self) -> int:
        return int(self.start.value)


class SoldierCost(BaseModel):
    """A state's own cost of one soldier-year, as the seed quotes it."""

    model_config = _MODEL

    country: str = Field(min_length=1)
    measure: str = Field(min_length=1)
    cost: Sourced
    year: int | None = Field(default=None, ge=1900, le=2100, strict=True)
    applies: tuple[int, int]
    applies_note: str | None = None


class SoldierCosts(BaseModel):
    model_config = _MODEL

    sources: tuple[str, ...] = Field(min_length=1)
    costs: tuple[SoldierCost, ...] = Field(min_length=1)


_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}


def evaluate(expression: str) -> float:
    """Evaluate the arithmetic of a ``derived`` field: numbers, ``+ - * /`` and parentheses only.

    >>> evaluate("250 + 270")
    520.0
    """

    def walk(node: ast.AST) -> float:
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
            return float(node.value)
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            try:
                return float(_OPS[type(node.op)](walk(node.left), walk(node.right)))
            except ZeroDivisionError:
                raise ValueError(f"derived = {expression!r} divides by zero") from None
        raise ValueError(f"derived = {expression!r}: only numbers and + - * / are allowed")

    try:
        tree = ast.parse(expression.replace(",", "").replace("_", ""), mode="eval")
    except SyntaxError:
        raise ValueError(f"derived = {expression!r} is not arithmetic") from None
    return walk(tree.body)
