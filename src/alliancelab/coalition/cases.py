"""Moved: the loaders are :mod:`alliancelab.cases.coalition_cases`, the report
:mod:`alliancelab.report.coalition_report` (``coalition/`` is a model layer; cases and reports sit above it).
Old names still resolve, with a :class:`DeprecationWarning`."""

from alliancelab._deprecation import moved_names

_LOADERS = "alliancelab.cases.coalition_cases"
_REPORT = "alliancelab.report.coalition_report"

__getattr__ = moved_names(
    __name__,
    {
        "SOLDIER_COSTS": _LOADERS,
        "coded_features": _LOADERS,
        "list_operations": _LOADERS,
        "load_operation": _LOADERS,
        "load_soldier_costs": _LOADERS,
        "annual_payment": "alliancelab.cases.coalition_schema",
        "OperationReport": _REPORT,
        "operation_report": _REPORT,
        "pivotal_cost": _REPORT,
        "typology_agreement": _REPORT,
    },
)
