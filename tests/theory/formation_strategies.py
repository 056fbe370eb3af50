"""Hypothesis strategies for formation dyads: wide parameter ranges, both modes, both budget regimes."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from hypothesis import strategies as st

from alliancelab.theory.formation import FormationParams


def unit(lo: float = 0.0, hi: float = 1.0) -> st.SearchStrategy[float]:
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False)


def log_uniform(lo: float, hi: float) -> st.SearchStrategy[float]:
    return unit(math.log10(lo), math.log10(hi)).map(lambda e: float(10.0**e))


@st.composite
def dyads(draw: st.DrawFn, *, mode: str | None = None, budget: bool | None = None) -> dict[str, Any]:
    """One dyad as a dict of scalars (keys are ``FormationParams`` fields)."""
    has_budget = draw(st.booleans()) if budget is None else budget
    return {
        "T": draw(unit(0.0, 0.95)),
        "phi": draw(unit()),
        "chi": draw(unit(-1.0, 1.0)),
        "q0": draw(unit()),
        "d": draw(unit()),
        "sal": draw(unit(0.2, 3.0)),
        "omega0": draw(unit(0.01, 0.6)),
        "mu": draw(log_uniform(1e-4, 1.0)),
        "v": draw(unit(0.0, 1000.0)),
        "c": draw(unit(0.0, 400.0)),
        "budget": draw(unit(0.0, 1500.0)) if has_budget else math.inf,
        "alpha": draw(st.one_of(st.none(), unit(0.05, 0.95))),
        "mode": draw(st.sampled_from(["FIXED", "FLEX"])) if mode is None else mode,
        "package": draw(unit()),
        "beta0": draw(st.sampled_from([0.0, 0.0, 0.3])),
    }


def pair(base: dict[str, Any], name: str, low: float, high: float) -> FormationParams:
    """Parameters for two dyads that differ only in ``name`` (index 0: ``low``, index 1: ``high``)."""
    values = dict(base)
    values[name] = np.array([low, high])
    return FormationParams(**values)


def ordered_pair(lo: float, hi: float, gap: float = 1e-3) -> st.SearchStrategy[tuple[float, float]]:
    """Two values ``a < b`` in [lo, hi], at least ``gap`` apart."""
    return (
        st.tuples(unit(lo, hi), unit(lo, hi)).filter(lambda t: abs(t[0] - t[1]) >= gap).map(sorted).map(tuple)
    )
