"""Alliance control as a table: the Goldilocks curve, the patron's calculus along latent potential ``K``.

:func:`sweep` (alias :func:`goldilocks_curve`, its old name in ``theory/burden/control.py``; theory is numpy
only) is what :func:`alliancelab.report.burden_plots.plot_goldilocks` draws.
"""

from __future__ import annotations

from dataclasses import fields

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from alliancelab.errors import ParameterError
from alliancelab.theory.burden.control import (
    ControlParams,
    exit_risk,
    pressure_decision,
    pressure_intensity,
    pressure_value,
    reassurance_value,
)

__all__ = ["goldilocks_curve", "sweep"]


def goldilocks_curve(potentials: ArrayLike, p: ControlParams) -> pd.DataFrame:
    """One row per latent potential K: ``N``, ``N-``, the decision, the intensity and the exit risks.

    Parameters must be scalars here (one environment); sweep environments with ``dataclasses.replace``.
    """
    for field in fields(p):
        if field.name != "exit_model" and np.ndim(getattr(p, field.name)) != 0:
            raise ParameterError(f"goldilocks_curve: {field.name} must be one number here, not an array")
    k = np.asarray(potentials, float).ravel()
    pressure = pressure_value(k, p)  # validates K
    e0, delta = float(np.asarray(p.baseline_burden)), float(np.asarray(p.demand))
    return pd.DataFrame(
        {
            "potential": k,
            "pressure_value": pressure,
            "reassurance_value": reassurance_value(k, p),
            "decision": pressure_decision(k, p),
            "intensity": pressure_intensity(k, p),
            "exit_risk_baseline": exit_risk(e0, k, p),
            "exit_risk_pressed": exit_risk(e0 + delta, k, p),
        }
    )


sweep = goldilocks_curve  # the name every model's report module uses for its comparative statics
