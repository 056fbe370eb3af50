"""The operations of Henke's "Buying Allies" as data: loaders and the coding rule (models.md (g), N1).

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

The report per operation is :mod:`alliancelab.report.coalition_report`. This module was the loader half
of ``alliancelab.coalition.cases``; the schema is :mod:`alliancelab.cases.coalition_schema` (was
``alliancelab.coalition.case_schema``).

References: ``henke2019buying``.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from alliancelab._validate import user_error_from_validation
from alliancelab.cases.coalition_schema import (
    Contributor,
    Fact,
    Operation,
    SoldierCost,
    SoldierCosts,
)
from alliancelab.cases.library import case_names, case_path, read_toml
from alliancelab.coalition.typology import TypologyFeatures
from alliancelab.errors import DataError, UserInputError

__all__ = [
    "NOT_SHOWN",
    "SOLDIER_COSTS",
    "coded_features",
    "list_operations",
    "load_operation",
    "load_soldier_costs",
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


def _short(quote: str, width: int = 70) -> str:
    return quote if len(quote) <= width else quote[: width - 1].rstrip() + "…"


#: What the reasons say for a fact the text does not show (the rule then reads it as "not shown").
NOT_SHOWN = {
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
        note("interested", f.interest, NOT_SHOWN["interested"])
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
    note("critical", critical, NOT_SHOWN["critical"])
    note("scarce", ctx.scarce, NOT_SHOWN["scarce"])
    note("eager", ctx.eager, NOT_SHOWN["eager"])
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
