"""Hypothesis strategies for rival patrons and maintenance runs (sections (c) and (d))."""

from __future__ import annotations

import math
from typing import Any

from formation_strategies import log_uniform, unit
from hypothesis import strategies as st


@st.composite
def rivals(draw: st.DrawFn, *, budget: bool | None = None) -> dict[str, Any]:
    """A rival patron's terms as a dict of scalars (keys are ``PatronTerms`` fields)."""
    has_budget = draw(st.booleans()) if budget is None else budget
    return {
        "v": draw(unit(0.0, 1000.0)),
        "c": draw(unit(0.0, 400.0)),
        "d": draw(unit()),
        "chi": draw(unit(-1.0, 1.0)),
        "q0": draw(unit()),
        "budget": draw(unit(0.0, 1500.0)) if has_budget else math.inf,
        "credibility": draw(unit(0.05, 1.0)),
        "package": draw(unit()),
    }


credibilities = unit(0.05, 1.0)
switching_costs = unit(0.0, 2.0)
mus = log_uniform(1e-4, 1.0)
