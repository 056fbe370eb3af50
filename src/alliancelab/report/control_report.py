"""Alliance control (Blankenship 2023) as tables and words: the pressure window and the Goldilocks curve.

The same three names as every model's report module: :func:`frame` (one row per environment: the inputs,
the pressure window, the ally's compliance), :func:`sweep` (the frame along one parameter; along
``"potential"``, the latent potential ``K`` of the ally, it is the Goldilocks curve that
:func:`alliancelab.report.burden_plots.plot_goldilocks` draws) and :func:`explain`. ``goldilocks_curve``
(its old name in ``theory/burden/control.py``; theory is numpy only) still works, with a DeprecationWarning.
"""

from __future__ import annotations

import warnings
from dataclasses import fields

import numpy as np
import numpy.typing as npt
import pandas as pd

from alliancelab._results import data_frame, flat_columns
from alliancelab.errors import ParameterError
from alliancelab.report._grid import grid_values, sweep_rows
from alliancelab.theory.burden.control import (
    CITATION_KEYS,
    ControlParams,
    PressureWindow,
    abandonment_credibility,
    exit_risk,
    pressure_decision,
    pressure_intensity,
    pressure_value,
    pressure_window,
    reassurance_value,
)

__all__ = ["POTENTIAL", "explain", "frame", "goldilocks_curve", "sweep"]

POTENTIAL = "potential"  # the sweep along the ally's latent potential K (USD bn): the Goldilocks curve


def _inputs(params: ControlParams) -> dict[str, object]:
    return {f.name: getattr(params, f.name) for f in fields(params) if f.name != "exit_model"}


def frame(params: ControlParams, window: PressureWindow | None = None) -> pd.DataFrame:
    """One row per environment (array fields flattened in C order): the inputs, then the pressure window
    (``lower``, ``upper``, ``peak``, ``peak_value``, ``reassure_from``, ``valid_upto`` in USD bn of
    latent potential), ``complies``, ``closed_form_valid`` and the abandonment credibility ``kappa``."""
    result = pressure_window(params) if window is None else window
    columns = {
        **_inputs(params),
        **{f.name: getattr(result, f.name) for f in fields(result) if f.name != "citation_keys"},
        "abandonment_credibility": abandonment_credibility(params),
    }
    return data_frame(flat_columns(columns), sources=CITATION_KEYS, exit_model=params.exit_model)


def _goldilocks(params: ControlParams, potentials: npt.ArrayLike) -> pd.DataFrame:
    for field in fields(params):
        if field.name != "exit_model" and np.ndim(getattr(params, field.name)) != 0:
            raise ParameterError(f"sweep of {POTENTIAL}: {field.name} must be one number here, not an array")
    k = grid_values(POTENTIAL, potentials)
    pressure = pressure_value(k, params)  # validates K
    e0, delta = float(np.asarray(params.baseline_burden)), float(np.asarray(params.demand))
    columns = {
        POTENTIAL: k,
        "pressure_value": pressure,
        "reassurance_value": reassurance_value(k, params),
        "decision": pressure_decision(k, params),
        "intensity": pressure_intensity(k, params),
        "exit_risk_baseline": exit_risk(e0, k, params),
        "exit_risk_pressed": exit_risk(e0 + delta, k, params),
    }
    return data_frame(columns, sources=CITATION_KEYS, parameter=POTENTIAL)


def sweep(params: ControlParams, parameter: str, values: npt.ArrayLike) -> pd.DataFrame:
    """Comparative statics: :func:`frame` with ``parameter`` set to each of ``values`` (the other fields
    scalars), the swept column first.

    ``parameter = "potential"`` sweeps the ally's latent potential ``K`` (USD bn) in one environment: the
    Goldilocks curve, one row per ``K`` with ``N`` (``pressure_value``), ``N-`` (``reassurance_value``),
    the decision (+1 press, -1 reassure, 0 neither), the intensity and the exit risks.
    """
    if parameter == POTENTIAL:
        return _goldilocks(params, values)
    return sweep_rows(frame, params, parameter, values, unit="environments")


def _first(value: object) -> float:
    return float(np.asarray(value, dtype=float).ravel()[0])


def explain(params: ControlParams, window: PressureWindow | None = None) -> str:
    """The pressure window in words (the first environment if arrays were given).

    Seed 003 (Blankenship): "Patrons, in other words, are likely to take a 'Goldilocks' approach to
    allied burden-sharing. While the smallest allies have little to contribute, and so pose the least risk
    of defection, larger allies, who have more to contribute, pose the greatest risks".
    """
    result = pressure_window(params) if window is None else window
    kappa = _first(abandonment_credibility(params))
    lower, upper, peak = _first(result.lower), _first(result.upper), _first(result.peak)
    limit = _first(result.valid_upto)
    threat = _first(params.threat)
    lines = [
        f"Alliance control at threat T = {threat:g}: the patron's threat to abandon is credible with "
        f"kappa = {kappa:.3g}; it asks the ally to raise its burden by Delta = {_first(params.demand):g} "
        f"of GDP from e0 = {_first(params.baseline_burden):g}."
    ]
    if not np.isfinite(upper):
        lines.append(
            "Pressure never pays: at no latent potential K does the value of a higher burden outweigh "
            "the risk of driving the ally out plus the cost of pressing."
        )
    else:
        valid = bool(np.asarray(result.closed_form_valid).ravel()[0])
        span = (
            f"between {lower:,.0f} and {upper:,.0f} USD bn"
            if valid
            else f"from {lower:,.0f} USD bn to past {limit:,.0f}, where the closed form stops holding"
        )
        lines.append(
            f"Pressure pays for allies of latent potential K {span}; most at K* = {peak:,.0f} (net value "
            f"{_first(result.peak_value):,.4g} USD bn): weaker allies add too little, stronger ones could "
            "leave."
        )
    reassure = _first(result.reassure_from)
    if np.isfinite(reassure):
        lines.append(f"From K = {reassure:,.0f} USD bn the patron does better reassuring the ally.")
    if not bool(np.asarray(result.complies).ravel()[0]):
        lines.append(
            "The ally would not comply (abandonment is not credible enough), so the patron presses no ally."
        )
    return "\n".join(lines)


def goldilocks_curve(potentials: npt.ArrayLike, p: ControlParams) -> pd.DataFrame:
    """Deprecated: ``sweep(p, "potential", potentials)``, the name every model's report module uses."""
    warnings.warn(
        "alliancelab.report.control_report.goldilocks_curve(potentials, p) is deprecated; use "
        'sweep(p, "potential", potentials)',
        DeprecationWarning,
        stacklevel=2,
    )
    return sweep(p, POTENTIAL, potentials)
