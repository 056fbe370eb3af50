"""Claims G1-G8 and G10 of models.md (g) as property tests; G9 is a conjecture (see test_holdup.py)."""

from __future__ import annotations

import numpy as np
import pytest
from coalition_strategies import US_COST, candidate, mission, missions
from hypothesis import assume, example, given
from hypothesis import strategies as st

from alliancelab.coalition.mission import Mission, SideDeal, mission_from_dict
from alliancelab.coalition.pricing import (
    agreement_probability,
    cost_shares,
    markup_beta,
    mixed_price,
    payment_form,
    quote,
    screening_offer,
)
from alliancelab.coalition.typology import ContributorType

money = st.floats(0.0, 1000.0, allow_nan=False)
unit = st.floats(0.0, 1.0, allow_nan=False)


def _with(m: Mission, **changes: object) -> Mission:
    return mission_from_dict(m.model_dump() | changes)


@given(st.lists(st.floats(1.0, 1e4), min_size=2, max_size=5), st.floats(1.01, 5.0))
def test_G1_payment_share_rises_with_mission_value(values: list[float], factor: float) -> None:
    """G1. "pivotal states ... care most about the deployment and success of a particular military
    operation and thus provide the bulk of the means to cover such payments." """
    pivots = [{"name": f"P{k}", "mission_value": v} for k, v in enumerate(values)]
    m = mission([candidate("A")], pivotal_states=pivots)
    shares = cost_shares(m)
    assert sum(shares.values()) == pytest.approx(1.0)
    top = max(pivots, key=lambda p: p["mission_value"])["name"]
    assert shares[top] == max(shares.values())
    raised = [
        p | ({"mission_value": p["mission_value"] * factor} if p["name"] == "P0" else {}) for p in pivots
    ]
    assert cost_shares(mission([candidate("A")], pivotal_states=raised))["P0"] > shares["P0"]


@given(st.floats(2.0, 20.0), st.floats(0.05, 0.9))
def test_G2_type_predicts_payment_form(ratio: float, z_share: float) -> None:
    """G2. "Deployment subsidies are most often offered to states that lack the resources to deploy
    efficiently, whereas political side deals are used to lure critical contributors." Both candidates
    hold the same asymmetric item (omega/z = ratio); only the critical one is paid with it."""
    value = 50.0
    item = {"name": "debt relief", "value_to_candidate": value, "cost_to_payer": value * z_share / ratio}
    willing = candidate("Willing", intrinsic_interest=10.0, liquidity=1.0, side_deals=[item])
    critical = candidate("Critical", intrinsic_interest=0.0, side_deals=[item])
    q = quote(mission([willing, critical], critical=["Critical"]))
    kinds = {c.name: c.type for c in q.classifications}
    assert kinds == {"Willing": ContributorType.WILLING_UNDERRESOURCED, "Critical": ContributorType.CRITICAL}
    w_form, c_form = q.forms
    assert w_form is not None and c_form is not None
    assert w_form.kind == "subsidy" and w_form.cash == pytest.approx(5.0 - 1.0)
    assert "debt relief" in c_form.items


@given(missions(max_candidates=5), st.floats(1.05, 3.0))
def test_G3_scarcity_raises_price_and_success(m: Mission, factor: float) -> None:
    """G3. Whether opportunistic states succeed "depends most often on the overall availability of force
    contributions to a particular mission." More required troops from the same supply (higher sigma):
    each priced candidate's price and its chance of agreement do not fall, and rise somewhere."""
    scarcer = _with(m, required_troops=m.required_troops * factor)
    before, after = quote(m), quote(scarcer)
    assert after.sigma > before.sigma
    priced = ~np.isnan(before.price) & ~np.isnan(after.price) & ~before.fixed_acceptance
    assume(priced.any())
    assert np.all(after.price[priced] >= before.price[priced] - 1e-9)
    assert np.all(after.agreement_probability()[priced] >= before.agreement_probability()[priced] - 1e-9)
    room = priced & (before.value > before.price + 1e-6)
    if room.any() and before.beta < 1:
        assert np.any(after.price[room] > before.price[room])


@given(money, money, money, unit, unit, st.floats(0.0, 2.0))
def test_G4_revealed_eagerness_raises_price(value: float, lo: float, width: float, e1: float, e2: float,
                                            sigma: float) -> None:  # fmt: skip
    """G4. "pivotal states have a tendency to reveal their preferences by openly seeking coalition
    contributions ... a political vulnerability that can be exploited by third parties." Wherever an offer
    is made (V > rho_lo), the MIXED price with the scarcity markup rises with E_P."""
    assume(value > lo + 1e-3 and abs(e1 - e2) > 1e-3)
    low, high = min(e1, e2), max(e1, e2)
    hi = lo + width

    def price(e: float) -> float:
        return float(mixed_price(value, lo, hi, e, markup_beta(sigma, e, 0.2, 0.5, 0.3)))

    assert price(high) > price(low) - 1e-9
    if (
        float(screening_offer(value, lo, hi)) < value - 1e-6
        and float(markup_beta(sigma, low, 0.2, 0.5, 0.3)) < 1
    ):
        assert price(high) > price(low)


@given(money, money, st.floats(1.0, 1000.0))
def test_G5_screening_fails_some_efficient_deals(value: float, lo: float, width: float) -> None:
    """G5. "The party that knows the most about the other party's reservation level is likely to get the
    better deal." Under SCREEN some deals with rho < V fail (whenever V is inside the prior's reach,
    V < 2*rho_hi - rho_lo, else P offers rho_hi and all trade); a candidate who knows V is paid more."""
    hi = lo + width
    assume(lo + 1e-3 < value < 2 * hi - lo - 1e-3)
    offer = float(screening_offer(value, lo, hi))
    efficient = min(value, hi)  # Pr(rho < V) covers [lo, min(V, hi)]
    p_efficient = float(agreement_probability(efficient, lo, hi))
    p_deal = float(agreement_probability(offer, lo, hi))
    assert p_deal < p_efficient  # Pr(no deal | rho < V) = 1 - p_deal/p_efficient > 0
    assert value >= offer  # the revealed price V is at least the screening offer


@given(money.filter(lambda p: p > 0), st.lists(st.tuples(st.floats(0.1, 500), st.floats(0, 500)), max_size=4),
       st.floats(1.0, 10.0))  # fmt: skip
@example(
    price=257.9907965741606, items=[(1.5906787355726522, 1.5906787355726522)], scale=1.0
)  # omega = z: cash
def test_G6_side_deal_use_rises_with_asymmetric_valuation(price: float, items: list[tuple[float, float]],
                                                         scale: float) -> None:  # fmt: skip
    """G6. "Political side deals, in turn, are rewards that have no relationship to the costs of the mission
    per se." A side deal is used iff some item is worth more to j than it costs P; raising omega/z never
    turns one off."""
    menu = [SideDeal(name=f"g{k}", value_to_candidate=o, cost_to_payer=z) for k, (o, z) in enumerate(items)]
    used = bool(payment_form(price, menu).items)
    assert used == any(z < min(o, price) for o, z in items)
    richer = [d.model_copy(update={"value_to_candidate": d.value_to_candidate * scale}) for d in menu]
    assert bool(payment_form(price, richer).items) >= used


@given(missions(max_candidates=6))
def test_G8_bought_soldiers_cost_less_than_own(m: Mission) -> None:
    """G8. "“Buying” the services of foreign soldiers can thus be quite cost effective." Under the stated
    condition (E_P < 1, beta < 1, MIXED, an offer made: V > rho_lo): every market-priced non-critical
    contingent costs P less per effective soldier than its own, net of legitimacy, (price - lambda*l)/(q*n)
    < c_P, hence also on average. (Earmarked subsidies are cost-linked, c_j/q_j per effective soldier, and
    are bought only where the covering program finds them cheaper than own troops.)"""
    q = quote(m)
    assume(m.lead.eagerness < 0.99 and q.beta < 0.99)
    effective = np.array([c.quality * c.troops for c in m.candidates])
    bought = ~np.array(m.is_critical()) & ~np.isnan(q.price) & (effective > 0)
    market = bought & ~q.fixed_acceptance & (q.value > q.rho_lo + 1e-6)
    assume(market.any())
    legit = m.legitimacy_value * np.array([c.legitimacy_weight for c in m.candidates])
    per_soldier = (q.price - legit) / np.where(effective > 0, effective, 1.0) * 1e6
    assert np.all(per_soldier[market] < m.lead.cost_per_soldier)
    assert per_soldier[market].mean() < m.lead.cost_per_soldier


@given(st.floats(0.0, 3.0), st.floats(0.0, 3.0), unit)
def test_G10_scarcity_shifts_bargaining_power(s1: float, s2: float, eagerness: float) -> None:
    """G10. Pivotal states can be at a disadvantage "especially in an environment in which the demand for
    contributions exceeds the supply". The candidates' share beta rises with sigma."""
    assume(abs(s1 - s2) > 1e-6)
    low, high = sorted((s1, s2))
    b_low, b_high = (
        float(markup_beta(low, eagerness, 0.2, 0.5, 0.3)),
        float(markup_beta(high, eagerness, 0.2, 0.5, 0.3)),
    )
    assert b_high >= b_low
    if b_low < 1:
        assert b_high > b_low


def test_G10_reversal_revealed_under_scarcity_pays_own_cost() -> None:
    """G10 / G8 boundary: REVEALED and demand >= supply, a non-critical contingent costs P its own soldier."""
    cands = [candidate("A", troops=1000), candidate("B", troops=500)]
    m = mission(cands, required_troops=2000.0, market={"regime": "revealed"}, pivot={"eagerness": 1.0})
    q = quote(m)
    assert q.sigma >= 1
    np.testing.assert_allclose(q.price / np.array([1000.0, 500.0]) * 1e6, US_COST)
