"""Hypothesis strategies and builders shared by the coalition tests."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st

from alliancelab.cases.missions import mission_from_dict
from alliancelab.coalition.mission import Mission
from alliancelab.coalition.optimize import CoverProblem

US_COST = 138_465.0


def candidate(name: str, **overrides: Any) -> dict[str, Any]:
    """A candidate record with plain defaults (an uninterested, cheap contingent of 1,000)."""
    return {"name": name, "troops": 1000, "cost_per_soldier": 5000.0, "intrinsic_interest": 0.0} | overrides


def mission(candidates: list[dict[str, Any]], **overrides: Any) -> Mission:
    """A mission over ``candidates`` with one US-like pivotal state unless overridden."""
    pivot = {"name": "P", "mission_value": 100.0, "eagerness": 0.6}
    pivot |= overrides.pop("pivot", {})
    data = {
        "name": "test mission",
        "required_troops": 2000.0,
        "min_flags": 1,
        "pivotal_states": [pivot],
        "candidates": candidates,
    } | overrides
    return mission_from_dict(data)


@st.composite
def ordered(draw: st.DrawFn, lo: float, hi: float, gap: float) -> tuple[float, float]:
    """Two values ``a < b`` in [lo, hi], at least ``gap`` apart, drawn directly (nothing filtered out)."""
    low = draw(st.floats(lo, hi - gap))
    return low, draw(st.floats(min(low + gap, hi), hi))


@st.composite
def candidate_records(draw: st.DrawFn, name: str) -> dict[str, Any]:
    """A random candidate: troops, per-soldier cost below the US figure, interest, liquidity, menu."""
    troops = draw(st.integers(100, 5000))
    cost = float(draw(st.integers(2000, 130_000)))
    own = troops * cost / 1e6
    interest = round(own * draw(st.floats(-1.0, 2.0)), 3)
    menu = draw(
        st.lists(
            st.builds(
                lambda v, z, i: {"name": f"item{i}", "value_to_candidate": v, "cost_to_payer": z},
                st.integers(1, 300).map(float),
                st.integers(0, 300).map(float),
                st.integers(0, 10_000),
            ),
            max_size=3,
            unique_by=lambda d: d["name"],
        )
    )
    return {
        "name": name,
        "troops": troops,
        "cost_per_soldier": cost,
        "intrinsic_interest": interest,
        "quality": draw(st.sampled_from([0.6, 0.8, 1.0, 1.2])),
        "liquidity": draw(st.sampled_from([0.0, own / 2, float("inf")])),
        "legitimacy_weight": draw(st.sampled_from([0.0, 0.5, 1.0])),
        "side_deals": menu,
    }


@st.composite
def missions(
    draw: st.DrawFn,
    min_candidates: int = 1,
    max_candidates: int = 6,
    *,
    demand: tuple[float, float] = (0.2, 1.5),
    eagerness: tuple[float, float] = (0.0, 1.0),
    **fixed: Any,
) -> Mission:
    """A random valid mission with a US-like lead pivotal state.

    ``demand``: range of the required troops as a share of the candidates' effective supply (about
    ``sigma_m``); ``eagerness``: range of ``E_P``. Both narrow the draw instead of filtering it afterwards."""
    n = draw(st.integers(min_candidates, max_candidates))
    cands = [draw(candidate_records(f"C{j}")) for j in range(n)]
    supply = sum(c["troops"] * c["quality"] for c in cands)
    required = float(max(1, round(supply * draw(st.floats(*demand)))))
    critical = [c["name"] for c in cands if draw(st.booleans()) and draw(st.booleans())]
    data: dict[str, Any] = {
        "required_troops": required,
        "critical": critical,
        "min_flags": draw(st.integers(1, 3)),
        "pivot": {
            "name": "P",
            "mission_value": float(draw(st.integers(1, 2000))),
            "eagerness": draw(st.floats(*eagerness)),
            "legitimacy_value": draw(st.sampled_from([0.0, 5.0, 20.0])),
        },
    }
    data.update(fixed)
    return mission(cands, **data)


@st.composite
def cover_problems(draw: st.DrawFn, max_candidates: int = 16) -> CoverProblem:
    """A random covering program with integer-valued data (so feasibility is never a rounding question)."""
    n = draw(st.integers(0, max_candidates))
    ints = st.lists(st.integers(0, 100), min_size=n, max_size=n)
    cost = np.array(draw(ints), dtype=float)
    unavailable = np.array(draw(st.lists(st.integers(0, 9), min_size=n, max_size=n)), dtype=int) == 0
    cost[unavailable] = np.inf
    effective = np.array(draw(st.lists(st.integers(0, 3000), min_size=n, max_size=n)), dtype=float)
    must = np.array(draw(st.lists(st.integers(0, 7), min_size=n, max_size=n)), dtype=int) == 0
    return CoverProblem(
        cost=cost,
        legitimacy_credit=np.array(draw(st.lists(st.integers(0, 20), min_size=n, max_size=n)), dtype=float),
        effective=effective,
        must_include=must.astype(bool),
        required=float(draw(st.integers(1, 12_000))),
        min_flags=draw(st.integers(1, 7)),
        budget=float(draw(st.one_of(st.just(np.inf), st.integers(0, 600)))),
        own_cost=float(draw(st.integers(2_000, 200_000))),
        own_troops=float(draw(st.one_of(st.just(np.inf), st.integers(0, 6000)))),
    )
