"""Moved to :mod:`alliancelab.cases.coalition_schema`; old names still resolve, with a DeprecationWarning."""

from alliancelab._deprecation import moved_names

_SCHEMA = "alliancelab.cases.coalition_schema"

__getattr__ = moved_names(
    __name__,
    {
        "Sourced": _SCHEMA,
        "Fact": _SCHEMA,
        "Features": _SCHEMA,
        "Amount": _SCHEMA,
        "Payment": _SCHEMA,
        "Contributor": _SCHEMA,
        "annual_payment": _SCHEMA,
        "paid_span_years": _SCHEMA,
        "Context": _SCHEMA,
        "OperationFact": _SCHEMA,
        "Aggregate": _SCHEMA,
        "TextError": _SCHEMA,
        "Operation": _SCHEMA,
        "SoldierCost": _SCHEMA,
        "SoldierCosts": _SCHEMA,
        "evaluate": _SCHEMA,
    },
)
