"""Scoring a table of states for a contested action (the `alliancelab legitimacy` command's library call).

The table rules (required and optional columns, their ranges and defaults) and the scores of
:mod:`alliancelab.theory.legitimacy` per row. Moved here from ``theory/legitimacy.py``: theory is numpy only.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from alliancelab._types import FloatArray
from alliancelab.errors import DataError
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

__all__ = ["INPUT_COLUMNS", "REQUIRED_COLUMNS", "frame", "score_states"]

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


def _checked_column(frame: pd.DataFrame, name: str, lo: float, hi: float, source: str) -> FloatArray:
    values = pd.to_numeric(frame[name], errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(values) | (values < lo) | (values > hi)
    if name in ("size", "marginal_utility"):
        bad |= values <= 0
    if np.any(bad):
        row = int(np.flatnonzero(bad)[0])
        upper = "inf)" if np.isinf(hi) else f"{hi:g}]"
        lower = f"({lo:g}" if name in ("size", "marginal_utility") else f"[{lo:g}"
        cell = frame[name].iloc[row]
        shown = f"{float(cell):g}" if isinstance(cell, int | float | np.number) else repr(cell)
        raise DataError(
            f"{source}: column {name!r}, row {row + 2} (state {str(frame['state'].iloc[row])!r}): value "
            f"{shown} is outside the allowed range {lower}, {upper}"
        )
    return values


def score_states(
    frame: pd.DataFrame,
    action: ContestedAction | None = None,
    params: LegitimacyParams | None = None,
    *,
    source: str = "input",
) -> pd.DataFrame:
    """Score each state for a contested action: weight, vote and support probabilities, marginal value.

    Columns in: ``state, ideal_point, formal_obligation, visible_payment`` (required) and optionally
    ``size, distance, benefit, marginal_utility, democracy, participation_cost`` (see
    :data:`INPUT_COLUMNS` for defaults). Columns added: ``legitimating_weight``, ``linkage_credibility``,
    ``vote_probability``, ``support_probability``, ``marginal_legitimacy`` and ``marginal_value`` (USD m,
    ``lambda_H`` times the marginal legitimacy). ``frame.attrs`` records the expected legitimacy, its value
    and the sources.
    """
    act, p = action or ContestedAction(), params or LegitimacyParams()
    allowed = [*REQUIRED_COLUMNS, *INPUT_COLUMNS]
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise DataError(f"{source}: missing column {missing[0]!r}; columns allowed: {', '.join(allowed)}")
    unknown = [c for c in frame.columns if c not in allowed]
    if unknown:
        raise DataError(f"{source}: unknown column {unknown[0]!r}; columns allowed: {', '.join(allowed)}")
    if frame.empty:
        raise DataError(f"{source}: no states to score (the table has a header but no rows)")
    col = {n: _checked_column(frame, n, lo, hi, source) for n, (lo, hi) in _BOUNDS.items()}
    for name, (default, lo, hi) in INPUT_COLUMNS.items():
        if name in frame.columns and not (name == "distance" and frame[name].isna().all()):
            col[name] = _checked_column(frame, name, lo, hi, source)
        else:
            col[name] = np.full(len(frame), default)
    distance = np.where(
        np.isnan(col["distance"]), np.abs(col["ideal_point"] - act.hegemon_position), col["distance"]
    )
    out = frame.copy()
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


frame = score_states  # the name every model's report module uses for its table
