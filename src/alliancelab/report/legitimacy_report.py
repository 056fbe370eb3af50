"""Scoring a table of states for a contested action (the `alliancelab legitimacy` command's library call).

The table rules (required and optional columns, their ranges and defaults) and the scores of
:mod:`alliancelab.theory.legitimacy` per row. The same three names as every model's report module:
:func:`frame` (the states scored, one row each), :func:`sweep` (one row per value of a parameter of the
action or of the model: expected legitimacy, its value, expected supporters) and :func:`explain`.
``score_states(states, action, params)``, the former name of :func:`frame`, still works, with a
DeprecationWarning. Moved here from ``theory/legitimacy.py``: theory is numpy only.
"""

from __future__ import annotations

import dataclasses
import warnings

import numpy as np
import numpy.typing as npt
import pandas as pd

from alliancelab._types import FloatArray
from alliancelab.errors import DataError, ParameterError
from alliancelab.report._grid import field_path, grid_values, settable_names
from alliancelab.theory.legitimacy import (
    SOURCES,
    ContestedAction,
    LegitimacyParams,
    expected_legitimacy,
    legitimating_weight,
    linkage_credibility,
    marginal_legitimacy,
    support_probability,
    vote_probability,
)

__all__ = ["INPUT_COLUMNS", "REQUIRED_COLUMNS", "explain", "frame", "score_states", "sweep"]

REQUIRED_COLUMNS = ("state", "ideal_point", "formal_obligation", "visible_payment")
INPUT_COLUMNS: dict[str, tuple[float, float, float]] = {  # optional column: (default, lower, upper)
    "size": (1.0, 0.0, np.inf),
    "distance": (np.nan, 0.0, 1.0),
    "benefit": (0.0, 0.0, np.inf),
    "marginal_utility": (0.01, 0.0, np.inf),
    "democracy": (0.0, 0.0, 1.0),
    "participation_cost": (0.0, 0.0, np.inf),
}
_BOUNDS = {"ideal_point": (0.0, 1.0), "formal_obligation": (0.0, 1.0), "visible_payment": (0.0, 1.0)}


def _checked_column(table: pd.DataFrame, name: str, lo: float, hi: float, source: str) -> FloatArray:
    values = pd.to_numeric(table[name], errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(values) | (values < lo) | (values > hi)
    if name in ("size", "marginal_utility"):
        bad |= values <= 0
    if np.any(bad):
        row = int(np.flatnonzero(bad)[0])
        upper = "inf)" if np.isinf(hi) else f"{hi:g}]"
        lower = f"({lo:g}" if name in ("size", "marginal_utility") else f"[{lo:g}"
        cell = table[name].iloc[row]
        shown = f"{float(cell):g}" if isinstance(cell, int | float | np.number) else repr(cell)
        raise DataError(
            f"{source}: column {name!r}, row {row + 2} (state {str(table['state'].iloc[row])!r}): value "
            f"{shown} is outside the allowed range {lower}, {upper}"
        )
    return values


def frame(
    states: pd.DataFrame,
    scored: pd.DataFrame | None = None,
    *,
    action: ContestedAction | None = None,
    params: LegitimacyParams | None = None,
    source: str = "input",
) -> pd.DataFrame:
    """Score each state for a contested action: weight, vote and support probabilities, marginal value.

    Columns in: ``state, ideal_point, formal_obligation, visible_payment`` (required) and optionally
    ``size, distance, benefit, marginal_utility, democracy, participation_cost`` (see
    :data:`INPUT_COLUMNS` for defaults). Columns added: ``legitimating_weight``, ``linkage_credibility``,
    ``vote_probability``, ``support_probability``, ``marginal_legitimacy`` and ``marginal_value`` (USD m,
    ``lambda_H`` times the marginal legitimacy). ``attrs`` records the expected legitimacy, its value
    and the sources. ``scored`` (a table this function returned) is returned as it is.
    """
    if scored is not None:
        if not isinstance(scored, pd.DataFrame):  # frame(states, action): the former score_states order
            raise ParameterError(
                f"frame: scored must be a table frame() returned, not {type(scored).__name__}; give the "
                "action as action=..."
            )
        return scored
    table = states
    act, p = action or ContestedAction(), params or LegitimacyParams()
    allowed = [*REQUIRED_COLUMNS, *INPUT_COLUMNS]
    missing = [c for c in REQUIRED_COLUMNS if c not in table.columns]
    if missing:
        raise DataError(f"{source}: missing column {missing[0]!r}; columns allowed: {', '.join(allowed)}")
    unknown = [c for c in table.columns if c not in allowed]
    if unknown:
        raise DataError(f"{source}: unknown column {unknown[0]!r}; columns allowed: {', '.join(allowed)}")
    if table.empty:
        raise DataError(f"{source}: no states to score (the table has a header but no rows)")
    col = {n: _checked_column(table, n, lo, hi, source) for n, (lo, hi) in _BOUNDS.items()}
    for name, (default, lo, hi) in INPUT_COLUMNS.items():
        if name in table.columns and not (name == "distance" and table[name].isna().all()):
            col[name] = _checked_column(table, name, lo, hi, source)
        else:
            col[name] = np.full(len(table), default)
    distance = np.where(
        np.isnan(col["distance"]), np.abs(col["ideal_point"] - act.hegemon_position), col["distance"]
    )
    out = table.copy()
    out["legitimating_weight"] = legitimating_weight(
        col["size"], col["formal_obligation"], distance, col["visible_payment"], p
    )
    out["linkage_credibility"] = linkage_credibility(col["democracy"], p)
    common = (col["benefit"], col["marginal_utility"], col["ideal_point"], act)
    out["vote_probability"] = vote_probability(*common, democracy=col["democracy"], params=p)
    out["support_probability"] = support_probability(
        *common, participation_cost=col["participation_cost"], democracy=col["democracy"], params=p
    )
    weights, support = out["legitimating_weight"].to_numpy(), out["support_probability"].to_numpy()
    out["marginal_legitimacy"] = marginal_legitimacy(weights, support)
    out["marginal_value"] = act.legitimacy_value * out["marginal_legitimacy"]
    expected = float(expected_legitimacy(weights, support))
    out.attrs.update(
        expected_legitimacy=expected,
        expected_legitimacy_value=act.legitimacy_value * expected,
        sources=list(SOURCES),
    )
    return out


def score_states(
    states: pd.DataFrame,
    action: ContestedAction | None = None,
    params: LegitimacyParams | None = None,
    *,
    source: str = "input",
) -> pd.DataFrame:
    """Deprecated: ``frame(states, action=action, params=params)``, the name every model's report uses."""
    warnings.warn(
        "alliancelab.report.legitimacy_report.score_states is deprecated; use frame(states, action=..., "
        "params=...)",
        DeprecationWarning,
        stacklevel=2,
    )
    return frame(states, action=action, params=params, source=source)


def sweep(
    states: pd.DataFrame,
    parameter: str,
    values: npt.ArrayLike,
    *,
    action: ContestedAction | None = None,
    params: LegitimacyParams | None = None,
    source: str = "input",
) -> pd.DataFrame:
    """Comparative statics: one row per value of ``parameter``, a field of the action (``salience``,
    ``hegemon_position``, ``legitimacy_value``, ...) or of the model (``visibility_discount``, ...).

    Columns: the swept parameter, ``expected_legitimacy``, ``expected_legitimacy_value`` (USD m),
    ``expected_supporters`` (the sum of the support probabilities) and ``most_valuable`` (the state of
    the largest marginal value).
    """
    grid = grid_values(parameter, values)
    act, p = action or ContestedAction(), params or LegitimacyParams()
    of_action = field_path(act, parameter) is not None
    if not of_action and field_path(p, parameter) is None:
        allowed = ", ".join([*settable_names(act), *settable_names(p)])
        raise ParameterError(
            f"sweep of {parameter}: not a field of the action or the model; allowed: {allowed}"
        )
    rows = []
    for value in grid.tolist():
        one = {parameter: value}
        scored = frame(
            states,
            action=dataclasses.replace(act, **one) if of_action else act,
            params=p if of_action else dataclasses.replace(p, **one),
            source=source,
        )
        rows.append(
            {
                parameter: value,
                "expected_legitimacy": scored.attrs["expected_legitimacy"],
                "expected_legitimacy_value": scored.attrs["expected_legitimacy_value"],
                "expected_supporters": float(scored["support_probability"].sum()),
                "most_valuable": str(
                    scored["state"].iloc[int(np.argmax(scored["marginal_value"].to_numpy()))]
                ),
            }
        )
    table = pd.DataFrame(rows)
    table.attrs.update(sources=list(SOURCES), parameter=parameter)
    return table


def explain(
    states: pd.DataFrame,
    scored: pd.DataFrame | None = None,
    *,
    action: ContestedAction | None = None,
    params: LegitimacyParams | None = None,
    source: str = "input",
) -> str:
    """The scores in words: expected legitimacy and its value, the likely supporters, the states worth most.

    Seed 002: "in exchange for military security guarantees, small and middle countries provide
    legitimization of unpopular foreign policy actions of the hegemon".
    """
    table = frame(states, scored, action=action, params=params, source=source)
    act = action or ContestedAction()
    top = table.nlargest(3, "marginal_value")
    worth = ", ".join(
        f"{state} ({value:,.4g} USD m)"
        for state, value in zip(top["state"], top["marginal_value"], strict=True)
    )
    return (
        f"{len(table)} states scored for an action at theta_v = {act.issue_position:g} (salience "
        f"{act.salience:g}): expected legitimacy {table.attrs['expected_legitimacy']:.3f}, worth "
        f"{table.attrs['expected_legitimacy_value']:,.4g} USD m at lambda_H = {act.legitimacy_value:,.4g} "
        f"USD m per unit; {float(table['support_probability'].sum()):.1f} states are expected to support it. "
        f"The states worth most at the margin: {worth}."
    )
