"""Ratification by a veto player (theory/ratification.py): share voting yes, its signs, the price of a vote.

Expected values come from a scalar ``math`` rendering of the module's equations written here, not from the
code under test; the sign tests use strict inequalities where the share is strictly inside (0, 1).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from formation_strategies import dyads, unit
from hypothesis import assume, given
from hypothesis import strategies as st

from alliancelab.theory.formation import FormationParams
from alliancelab.theory.ratification import VetoPlayer, ratification_price, ratifies, yes_share
from alliancelab.theory.selectorate import SelectorateParams


def _exponent(d: dict[str, Any], lead: dict[str, float], veto: dict[str, float], p: float) -> float:
    """``mu_V*p/(1-alpha)``: beyond ~25, ``exp(-z)`` vanishes next to 1 and money stops moving votes."""
    alpha = d["alpha"] if d["alpha"] is not None else min(0.95, max(0.05, 0.3 + 0.6 * d["T"]))
    w_v, s_v = veto["W"], max(lead["S"], veto["W"])
    mu_v = lead["mu0"] * w_v**-1.0 * s_v**0.5 * (1 + lead["r"] / 1000.0) ** -0.5 * (1 + lead["h"]) ** 0.5
    return mu_v * p / (1 - alpha)


def _reference_share(
    d: dict[str, Any], lead: dict[str, float], veto: dict[str, float], x: float, p: float
) -> float:
    T, phi, chi, q0 = d["T"], d["phi"], d["chi"], d["q0"]
    alpha = d["alpha"] if d["alpha"] is not None else min(0.95, max(0.05, 0.3 + 0.6 * T))
    q = q0 + (1 - q0) * chi if chi >= 0 else q0 * (1 + chi)
    s0 = 1 - T * (1 - phi)
    log_ratio = math.log((1 - T * (1 - phi) * (1 - q)) / s0)
    delta = d["sal"] * (d["omega0"] + d["d"])
    w_v, s_v = veto["W"], max(lead["S"], veto["W"])
    mu_v = lead["mu0"] * w_v**-1.0 * s_v**0.5 * (1 + lead["r"] / 1000.0) ** -0.5 * (1 + lead["h"]) ** 0.5
    if x == 0:
        return 1.0
    u_star = (1 - math.exp(-(mu_v * p + alpha * log_ratio) / (1 - alpha))) / (x * delta)
    m, s = veto["salience"], veto["spread"]
    return min(1.0, max(0.0, (u_star - m * (1 - s)) / (2 * m * s)))


@st.composite
def settings(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, float], dict[str, float], float, float]:
    d = draw(dyads(mode="FIXED"))
    w = draw(unit(0.05, 1.0))
    lead = {"W": w, "S": draw(unit(w, 1.0)), "r": draw(unit(0, 5000)), "h": draw(unit(0, 1)), "mu0": 0.01}
    veto = {"W": draw(unit(0.05, 1.0)), "salience": draw(unit(0.3, 2.0)), "spread": draw(unit(0.05, 1.0)),
            "threshold": draw(unit(0.05, 1.0))}  # fmt: skip
    x = draw(st.one_of(st.just(0.0), unit(1e-6, 1.0)))  # not 1e-300: x*delta would underflow to 0
    return d, lead, veto, x, draw(unit(0.0, 500.0))


def _call(d: dict[str, Any], lead: dict[str, float], veto: dict[str, float], x: float, p: float) -> float:
    return float(yes_share(FormationParams(**d), SelectorateParams(**lead), VetoPlayer(**veto), x, p))


@given(settings())
def test_share_matches_the_scalar_reference(case: tuple[Any, ...]) -> None:
    d, lead, veto, x, p = case
    assert _call(d, lead, veto, x, p) == pytest.approx(_reference_share(d, lead, veto, x, p), abs=1e-9)


def _mu_v(lead: dict[str, float], veto: dict[str, float]) -> float:
    w_v, s_v = veto["W"], max(lead["S"], veto["W"])
    return lead["mu0"] * w_v**-1.0 * s_v**0.5 * (1 + lead["r"] / 1000.0) ** -0.5 * (1 + lead["h"]) ** 0.5


@st.composite
def interior(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, float], dict[str, float], float, float]:
    """A setting whose yes share is strictly inside (0, 1): the payment solved from a drawn target share."""
    d, lead, veto, x, _ = draw(settings())
    x = draw(unit(0.2, 1.0))
    target = draw(unit(0.1, 0.9))
    alpha = d["alpha"] if d["alpha"] is not None else min(0.95, max(0.05, 0.3 + 0.6 * d["T"]))
    q = d["q0"] + (1 - d["q0"]) * d["chi"] if d["chi"] >= 0 else d["q0"] * (1 + d["chi"])
    log_ratio = math.log((1 - d["T"] * (1 - d["phi"]) * (1 - q)) / (1 - d["T"] * (1 - d["phi"])))
    delta = d["sal"] * (d["omega0"] + d["d"])
    m, sp = veto["salience"], veto["spread"]
    u = m * (1 - sp) + 2 * m * sp * target
    assume(x * u * delta < 0.95)
    money = -(1 - alpha) * math.log1p(-x * u * delta) - alpha * log_ratio
    assume(money > 1e-3 and money / (1 - alpha) < 20)
    return d, lead, veto, x, money / _mu_v(lead, veto)


@given(interior(), unit(0.01, 0.2))
def test_a_larger_veto_coalition_votes_strictly_less_for_the_deal(case: tuple[Any, ...], step: float) -> None:
    d, lead, veto, x, p = case
    larger = {**veto, "W": min(1.0, veto["W"] + step)}
    # a W clipped at 1 within rounding of the old one (0.9999999999999999 -> 1.0) is no larger coalition
    assume(larger["W"] - veto["W"] >= 1e-3 and max(lead["S"], larger["W"]) == max(lead["S"], veto["W"]))
    assert _call(d, lead, larger, x, p) < _call(d, lead, veto, x, p)


@given(interior(), unit(0.01, 0.3))
def test_a_more_salient_package_gets_strictly_fewer_votes(case: tuple[Any, ...], step: float) -> None:
    d, lead, veto, x, p = case
    assert _call(d, lead, {**veto, "salience": veto["salience"] + step}, x, p) < _call(d, lead, veto, x, p)


@given(interior(), unit(0.01, 0.3))
def test_more_money_buys_strictly_more_votes(case: tuple[Any, ...], share: float) -> None:
    d, lead, veto, x, p = case
    assert _call(d, lead, veto, x, p * (1 + share)) > _call(d, lead, veto, x, p)


@given(settings(), unit(1e-6, 1.0))
def test_the_price_of_ratification_carries_the_vote_exactly(case: tuple[Any, ...], x: float) -> None:
    d, lead, veto, _, _ = case  # x > 0 drawn apart: half of settings()' draws have x = 0, priced at 0
    args = (FormationParams(**d), SelectorateParams(**lead), VetoPlayer(**veto), x)
    price = float(ratification_price(*args))
    assume(math.isfinite(price) and price > 1e-6)
    assert bool(ratifies(*args, price * (1 + 1e-9) + 1e-12))
    assert not bool(ratifies(*args, price * (1 - 1e-6)))


def test_a_veto_player_like_the_leader_approves_what_the_leader_accepts() -> None:
    dyad = FormationParams(T=0.5, phi=0.3, d=0.6, mode="FIXED")
    leader = SelectorateParams(W=0.5, S=1.0, mu0=0.01)
    like_leader = VetoPlayer(W=0.5, salience=1.0, spread=0.01, threshold=0.5)
    from alliancelab.theory.formation import reservation_payment
    from alliancelab.theory.selectorate import with_leader

    p_min = float(reservation_payment(with_leader(dyad, leader), 1.0))
    assert bool(ratifies(dyad, leader, like_leader, 1.0, p_min * 1.001))
    assert not bool(ratifies(dyad, leader, like_leader, 1.0, p_min * 0.95))
    assert float(yes_share(dyad, leader, like_leader, 0.0, 0.0)) == 1.0  # nothing asked, nothing to veto
    np.testing.assert_array_less(
        yes_share(dyad, leader, VetoPlayer(W=1.0, salience=1.5), 1.0, p_min),
        yes_share(dyad, leader, like_leader, 1.0, p_min) + 1e-12,
    )
