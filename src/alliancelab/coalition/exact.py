"""Moved to :mod:`alliancelab.coalition.lagrangian_enumeration` (the name says what it holds: the exact
solver is a Lagrangian bound and a pruned enumeration); old names resolve with a DeprecationWarning."""

from alliancelab._deprecation import moved_names

_NEW = "alliancelab.coalition.lagrangian_enumeration"

__getattr__ = moved_names(
    __name__,
    dict.fromkeys(
        (
            "RELATIVE_GAP",
            "SUMS",
            "Program",
            "SearchLimitExceeded",
            "enumerate_optimum",
            "fractional_knapsack_min",
            "lagrangian_bound",
        ),
        _NEW,
    ),
)
