"""Dyadic hold-up (theory/facility_holdup.py): closing the patron's facilities, and the patron's answer.

Expected values: a scalar ``math`` rendering of the module's equations written here. Sign tests use strict
inequalities where the patron pays (a credible threat inside the bargaining range, 0 < beta < 1).
"""

from __future__ import annotations

import math
from typing import Any

import pytest
from formation_strategies import dyads, unit
from hypothesis import assume, given
from hypothesis import strategies as st

from alliancelab.theory.facility_holdup import HOLDUP_LABELS, HoldupTerms, facility_holdup
from alliancelab.theory.formation import FormationParams


def _reference(d: dict[str, Any], x: float, p: float, t: dict[str, float]) -> dict[str, Any]:
    alpha = d["alpha"] if d["alpha"] is not None else min(0.95, max(0.05, 0.3 + 0.6 * d["T"]))
    delta = d["sal"] * (d["omega0"] + d["d"])
    x_f = min(t["facilities"], x)
    regained = (1 - alpha) * (math.log1p(-(x - x_f) * delta) - math.log1p(-x * delta)) / d["mu"]
    loss = t["duration"] * (t["suspended"] * p - regained)
    patron = min(t["relocation"], t["duration"] * d["v"] * x_f)
    credible = loss < 0 and x_f > 0
    if credible and -loss <= patron:
        return {"response": "patron pays", "demand": -loss + t["share"] * (patron + loss)}
    if credible:
        return {"response": "patron lets the facilities go", "demand": 0.0}
    return {"response": "no credible threat", "demand": 0.0}


@st.composite
def threats(draw: st.DrawFn) -> tuple[dict[str, Any], float, float, dict[str, float]]:
    d = draw(dyads(mode="FIXED"))
    delta = d["sal"] * (d["omega0"] + d["d"])
    x = draw(unit(0.0, min(1.0, 0.95 / delta)))
    terms = {
        "facilities": draw(unit(0.0, 1.0)),
        "duration": draw(unit(0.25, 5.0)),
        "relocation": draw(st.one_of(st.just(math.inf), unit(0.0, 3000.0))),
        "suspended": draw(unit(0.0, 1.0)),
        "share": draw(unit(0.0, 1.0)),
    }
    return d, x, draw(unit(0.0, 300.0)), terms


def _run(d: dict[str, Any], x: float, p: float, t: dict[str, float]) -> Any:
    return facility_holdup(FormationParams(**d), x, p, HoldupTerms(**t))


@given(threats())
def test_response_and_demand_match_the_scalar_reference(case: tuple[Any, ...]) -> None:
    d, x, p, t = case
    got, want = _run(d, x, p, t), _reference(d, x, p, t)
    assert HOLDUP_LABELS[int(got.response)] == want["response"]
    assert float(got.demand) == pytest.approx(want["demand"], rel=1e-9, abs=1e-9)


def _regained(d: dict[str, Any], x: float, x_f: float) -> float:
    alpha = d["alpha"] if d["alpha"] is not None else min(0.95, max(0.05, 0.3 + 0.6 * d["T"]))
    delta = d["sal"] * (d["omega0"] + d["d"])
    return (1 - alpha) * (math.log1p(-(x - x_f) * delta) - math.log1p(-x * delta)) / d["mu"]


@st.composite
def paid_threats(draw: st.DrawFn) -> tuple[dict[str, Any], float, float, dict[str, float]]:
    """A credible threat inside the bargaining range by construction: ``0 < -L < R``, ``0 < beta < 1``."""
    d = draw(dyads(mode="FIXED"))
    delta = d["sal"] * (d["omega0"] + d["d"])
    x = draw(unit(0.05, min(1.0, 0.9 / delta)))
    x_f = x * draw(unit(0.1, 1.0))
    terms = {"facilities": x_f, "duration": draw(unit(0.25, 5.0)), "relocation": math.inf,
             "suspended": draw(unit(0.1, 1.0)), "share": draw(unit(0.05, 0.95))}  # fmt: skip
    regained = _regained(d, x, x_f)
    assume(regained > 1e-6)
    p = regained * draw(unit(0.0, 0.9)) / terms["suspended"]
    need = terms["duration"] * (regained - terms["suspended"] * p)
    d = {**d, "v": need * draw(unit(1.1, 4.0)) / (terms["duration"] * x_f)}
    assume(d["v"] < 1e12)
    return d, x, p, terms


@given(paid_threats(), unit(0.05, 1.0))
def test_a_patron_with_more_at_stake_pays_strictly_more(case: tuple[Any, ...], raise_by: float) -> None:
    d, x, p, t = case
    richer = {**d, "v": d["v"] * (1 + raise_by)}
    assert float(_run(richer, x, p, t).demand) > float(_run(d, x, p, t).demand)


@given(paid_threats(), unit(0.01, 0.3))
def test_a_domestic_outcry_raises_the_demand_strictly(case: tuple[Any, ...], more: float) -> None:
    d, x, p, t = case
    outcry = {**d, "sal": d["sal"] * (1 + more)}
    assume(x * outcry["sal"] * (outcry["omega0"] + outcry["d"]) < 0.99)
    assume(_reference(outcry, x, p, t)["response"] == "patron pays")
    assert float(_run(outcry, x, p, t).demand) > float(_run(d, x, p, t).demand)


@given(paid_threats())
def test_the_client_takes_strictly_more_than_its_reservation_with_a_share(case: tuple[Any, ...]) -> None:
    d, x, p, t = case
    reservation = float(_run(d, x, p, {**t, "share": 0.0}).demand)
    got = _run(d, x, p, t)
    assert HOLDUP_LABELS[int(got.response)] == "patron pays"
    assert float(got.demand) > reservation > 0
    assert float(got.payment) == pytest.approx(p + float(got.demand) / t["duration"])


def test_a_bluff_changes_nothing_and_a_costly_closure_is_let_go() -> None:
    dyad = FormationParams(T=0.5, phi=0.3, d=0.5, sal=1.0, mu=0.01, v=100.0, mode="FIXED")
    bluff = facility_holdup(dyad, 1.0, 500.0, HoldupTerms(facilities=0.5, duration=1.0))
    assert not bool(bluff.credible) and float(bluff.payment) == 500.0 and float(bluff.package) == 1.0
    cheap_move = facility_holdup(dyad, 1.0, 0.0, HoldupTerms(facilities=0.5, duration=1.0, relocation=0.0))
    assert bool(cheap_move.credible)
    assert HOLDUP_LABELS[int(cheap_move.response)] == "patron lets the facilities go"
    assert float(cheap_move.package) == pytest.approx(0.5)
