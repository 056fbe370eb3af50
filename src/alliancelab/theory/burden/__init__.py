"""Burden-sharing: the Olson–Zeckhauser baseline and alliance control theory (models.md (e)).

* :mod:`~alliancelab.theory.burden.olson`: Nash defence contributions to an alliance public good (pure and
  joint-product), :cite:`olson1966economic`; its exploitation test (claim E7) is in
  :mod:`alliancelab.analysis.exploitation`.
* :mod:`~alliancelab.theory.burden.control`: abandonment credibility, compliance, the patron's pressure
  decision and the pressure window (claims E1-E6; the Goldilocks curve as a table is
  ``alliancelab.report.control_report.sweep(params, "potential", K)``), :cite:`blankenship2023dilemma`.
* :mod:`~alliancelab.theory.burden.exit`: the ally's exit threshold (quadratic stand-in and structural
  form) and the gross alliance value ``Ben``.
"""

from alliancelab._deprecation import moved_names
from alliancelab.theory.burden.control import (
    ControlParams,
    PressureWindow,
    abandonment_credibility,
    compliance_cost,
    compliance_margin,
    compliance_probability,
    complies,
    defence_value,
    pressure_decision,
    pressure_intensity,
    pressure_value,
    pressure_window,
    reassurance_value,
    self_reliance_threshold,
)
from alliancelab.theory.burden.exit import (
    AllyContract,
    exit_probability_quadratic,
    exit_probability_structural,
    exit_threshold_structural,
    gross_alliance_value,
    security_ratio,
    stays_in_alliance,
)
from alliancelab.theory.burden.olson import (
    E7_CLAIM,
    PublicGoodEquilibrium,
    PublicGoodParams,
    aggregate_residual,
    nash_equilibrium,
    replacement_contribution,
)

SOURCES = (
    "olson1966economic",
    "bergstrom1986private",
    "sandler1977impurity",
    "blankenship2023dilemma",
    "blankenship2021price",
    "snyder1984security",
)

__all__ = [
    "E7_CLAIM",
    "SOURCES",
    "AllyContract",
    "ControlParams",
    "PressureWindow",
    "PublicGoodEquilibrium",
    "PublicGoodParams",
    "abandonment_credibility",
    "aggregate_residual",
    "compliance_cost",
    "compliance_margin",
    "compliance_probability",
    "complies",
    "defence_value",
    "exit_probability_quadratic",
    "exit_probability_structural",
    "exit_threshold_structural",
    "gross_alliance_value",
    "nash_equilibrium",
    "pressure_decision",
    "pressure_intensity",
    "pressure_value",
    "pressure_window",
    "reassurance_value",
    "replacement_contribution",
    "security_ratio",
    "self_reliance_threshold",
    "stays_in_alliance",
]

__getattr__ = moved_names(
    __name__,
    {
        "exploitation_test": "alliancelab.analysis.exploitation",
        "goldilocks_curve": "alliancelab.report.control_report",
    },
)
