"""The words about a burden-sharing result: the pressure window of alliance control, and free riding.

:func:`control_summary` is what ``alliancelab burden`` prints; :func:`free_riding_report` is what
``alliancelab burden free-riding`` prints (its words on an equilibrium are
:func:`alliancelab.report.public_good_report.explain`; each model's frame, sweep and explanation are in
:mod:`~alliancelab.report.control_report` and :mod:`~alliancelab.report.public_good_report`). Inference
belongs to observed burdens only: the Nash equilibrium of the Olson-Zeckhauser model is deterministic, so
for it the report describes the burdens (free riders, the larger half's shares of income and spending) and
carries no p-value or verdict.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from alliancelab.analysis.exploitation import exploitation_test
from alliancelab.report import public_good_report
from alliancelab.theory.burden import (
    ControlParams,
    PublicGoodParams,
    abandonment_credibility,
    nash_equilibrium,
    pressure_window,
)

__all__ = ["FreeRidingReport", "control_summary", "free_riding_report"]


def control_summary(params: ControlParams) -> dict[str, Any]:
    """The pressure window (K in USD bn), its peak, the closed form's validity and the ally's compliance.

    Keys: ``window_lower``/``window_upper`` (the capabilities K the patron presses), ``peak`` and
    ``peak_value`` (where pressure pays most), ``reassure_from``, ``valid_upto`` (the largest K where the
    closed form holds), ``closed_form_valid``, ``abandonment_credibility`` (kappa) and ``ally_complies``.
    """
    window = pressure_window(params)
    return {
        "window_lower": float(window.lower),
        "window_upper": float(window.upper),
        "peak": float(window.peak),
        "peak_value": float(window.peak_value),
        "reassure_from": float(window.reassure_from),
        "valid_upto": float(window.valid_upto),
        "closed_form_valid": bool(window.closed_form_valid),
        "abandonment_credibility": float(abandonment_credibility(params)),
        "ally_complies": bool(window.complies),
    }


@dataclass(frozen=True)
class FreeRidingReport:
    """Members' sizes, spending and burdens, and either the exploitation test or a description."""

    observed: bool  # burdens observed (test with p-value) or from the Nash equilibrium (description only)
    members: list[dict[str, Any]]
    test: dict[str, Any] | None  # the exploitation test (TestResult.to_dict()); observed burdens only
    description: dict[str, Any] = field(default_factory=dict)
    summary: str = ""  # plain text, printed under the members' table

    def to_dict(self) -> dict[str, Any]:
        return {
            "observed": self.observed,
            "members": self.members,
            "test": self.test,
            "description": self.description,
        }


def free_riding_report(
    sizes: npt.ArrayLike,
    params: PublicGoodParams,
    *,
    labels: Sequence[str] | None = None,
    threat: npt.ArrayLike = 0.0,
    observed_burdens: npt.ArrayLike | None = None,
) -> FreeRidingReport:
    """Olson-Zeckhauser free riding: the Nash equilibrium (or the observed burdens) and what they show."""
    k = np.asarray(sizes, dtype=float).ravel()
    names = list(labels) if labels is not None else [f"member {i + 1}" for i in range(k.size)]
    eq = None
    if observed_burdens is None:
        eq = nash_equilibrium(k, params, threat=threat)
        burdens, spending = np.asarray(eq.burdens, float), np.asarray(eq.contributions, float)
    else:
        burdens = np.asarray(observed_burdens, dtype=float).ravel()
        spending = burdens * k
    members = [
        {"member": name, "size": float(s), "spending": float(m), "burden": float(e)}
        for name, s, m, e in zip(names, k, spending, burdens, strict=True)
    ]
    result = exploitation_test(k, burdens, labels=names)
    described = {key: result.details[key] for key in ("contributors", "free_riders", "free_rider_labels")}
    described.update(
        larger_half_income_share=result.details["larger_half_income_share"],
        larger_half_spending_share=result.details["larger_half_spending_share"],
        rank_correlation=float(result.estimate),
    )
    if observed_burdens is not None:
        return FreeRidingReport(True, members, result.to_dict(), described, result.summary())
    text = (
        f"{public_good_report.explain(params, eq, labels=names)} Spearman rho of burden on size "
        f"{described['rank_correlation']:.3f}. The equilibrium is deterministic, so no test: give observed "
        "burdens (--csv with a burden column) for the exploitation test (claim E7)."
    )
    return FreeRidingReport(False, members, None, described, text)
