"""Claims G1-G8 and G10 of models.md (g) as property tests; G9 is a conjecture (see test_holdup.py)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import reference_coalition as reference
from coalition_strategies import US_COST, candidate, mission, missions, ordered
from hypothesis import assume, example, given
from hypothesis import strategies as st

from alliancelab.coalition.mission import Mission, SideDeal
from alliancelab.coalition.pricing import (
    Quotes,
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
    return dataclasses.replace(m, **changes)


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


@given(missions(max_candidates=5, eagerness=(0.5, 1.0)), st.floats(1.05, 3.0))
def test_G3_scarcity_raises_price_and_success(m: Mission, factor: float) -> None:
    """G3. Whether opportunistic states succeed "depends most often on the overall availability of force
    contributions to a particular mission." More required troops from the same supply (higher sigma):
    each priced candidate's price and its chance of agreement do not fall, and rise somewhere. The
    candidates' share ``beta = clip(.2 + .5*sigma + .3*E_P, 0, 1)`` with ``sigma = N/sum q*n`` (models.md
    (g), computed here) rises strictly while below 1, and with it the price of a contingent whose value to P
    did not move (E_P >= .5 lets the uninterested ask for a quid pro quo)."""
    scarcer = _with(m, required_troops=m.required_troops * factor)
    before, after = quote(m), quote(scarcer)
    assert after.sigma > before.sigma
    supply = sum(c.quality * c.troops for c in m.candidates)
    for mission_, q in ((m, before), (scarcer, after)):
        sigma = mission_.required_troops / supply
        assert q.sigma == pytest.approx(sigma, rel=1e-12)
        assert q.beta == pytest.approx(min(1.0, 0.2 + 0.5 * sigma + 0.3 * m.lead.eagerness), rel=1e-12)
    if before.beta < 1:
        assert after.beta > before.beta
    priced = ~np.isnan(before.price) & ~np.isnan(after.price) & ~before.fixed_acceptance
    assert np.all(after.price[priced] >= before.price[priced] - 1e-9)
    assert np.all(after.agreement_probability()[priced] >= before.agreement_probability()[priced] - 1e-9)
    room = priced & (before.value > before.price + 1e-6)
    if room.any() and before.beta < 1:
        assert np.any(after.price[room] > before.price[room])
        same_value = room & (after.value == before.value)
        assert np.all(after.price[same_value] > before.price[same_value])


@given(money, st.floats(1e-3, 1000.0), money, ordered(0.0, 1.0, 1e-3), st.floats(0.0, 2.0))
def test_G4_revealed_eagerness_raises_price(
    lo: float, above: float, width: float, eagerness: tuple[float, float], sigma: float
) -> None:
    """G4. "pivotal states have a tendency to reveal their preferences by openly seeking coalition
    contributions ... a political vulnerability that can be exploited by third parties." Wherever an offer
    is made (V > rho_lo, drawn as V = rho_lo + above), the MIXED price with the scarcity markup rises
    with E_P."""
    value = lo + above
    low, high = eagerness
    hi = lo + width

    def price(e: float, markup: bool = True) -> float:
        beta = float(markup_beta(sigma, e, 0.2, 0.5, 0.3)) if markup else 0.0
        got = float(mixed_price(value, lo, hi, e, beta))
        assert got == pytest.approx(reference.mixed_price(value, lo, hi, e, beta), rel=1e-12, abs=1e-12)
        return got

    assert price(high) > price(low) - 1e-9
    screened_below_value = float(screening_offer(value, lo, hi)) < value - 1e-6
    if screened_below_value and float(markup_beta(sigma, low, 0.2, 0.5, 0.3)) < 1:
        assert price(high) > price(low)
    if screened_below_value:  # revealing V raises the price even without the markup
        assert price(high, markup=False) > price(low, markup=False)


@given(money, st.floats(1.0, 1000.0), st.floats(1e-6, 1.0 - 1e-6))
def test_G5_screening_fails_some_efficient_deals(lo: float, width: float, share: float) -> None:
    """G5. "The party that knows the most about the other party's reservation level is likely to get the
    better deal." Under SCREEN some deals with rho < V fail (whenever V is inside the prior's reach,
    V < 2*rho_hi - rho_lo, else P offers rho_hi and all trade); a candidate who knows V is paid more.
    V is drawn inside that reach, ``V = rho_lo + 1e-3 + share*(2*width - 2e-3)``."""
    hi = lo + width
    value = lo + 1e-3 + share * (2 * width - 2e-3)
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
    richer = [dataclasses.replace(d, value_to_candidate=d.value_to_candidate * scale) for d in menu]
    assert bool(payment_form(price, richer).items) >= used


def _reference_values(m: Mission) -> np.ndarray:
    """``V_P,j`` of every candidate from the scalar reference (tests/coalition/reference_coalition.py)."""
    cands = [dataclasses.asdict(c) for c in m.candidates]
    return np.array(
        [
            reference.valuation(
                j,
                cands,
                required=m.required_troops,
                own_cost=m.lead.cost_per_soldier,
                mission_value=m.mission_value,
                legitimacy_value=m.legitimacy_value,
                critical=set(m.critical),
            )
            for j in range(len(cands))
        ]
    )


def _market_priced(m: Mission, q: Quotes) -> tuple[np.ndarray, np.ndarray]:
    """Non-critical contingents bought at a market price (an offer made: V > rho_lo), and P's net cost per
    effective soldier of each, ``(price - lambda_P*l_j)/(q_j*n_j)`` in USD."""
    effective = np.array([c.quality * c.troops for c in m.candidates])
    bought = ~np.array(m.is_critical()) & ~np.isnan(q.price) & (effective > 0)
    market = bought & ~q.fixed_acceptance & (q.value > q.rho_lo + 1e-6)
    legit = m.legitimacy_value * np.array([c.legitimacy_weight for c in m.candidates])
    return market, (q.price - legit) / np.where(effective > 0, effective, 1.0) * 1e6


@given(missions(max_candidates=6, demand=(0.2, 1.0), eagerness=(0.5, 0.95)))
def test_G8_bought_soldiers_cost_less_than_own(m: Mission) -> None:
    """G8. "“Buying” the services of foreign soldiers can thus be quite cost effective." Under the stated
    condition (E_P < 1, beta < 1, MIXED, an offer made: V > rho_lo): every market-priced non-critical
    contingent costs P less per effective soldier than its own, net of legitimacy, (price - lambda*l)/(q*n)
    < c_P, hence also on average. (Earmarked subsidies are cost-linked, c_j/q_j per effective soldier, and
    are bought only where the covering program finds them cheaper than own troops.) The draw keeps
    sigma <= 1 and .5 <= E_P <= .95 (the condition, and an opportunity for the uninterested to ask), so
    beta < 1 holds and no example is filtered; the valuation is the scalar reference's."""
    q = quote(m)
    assert q.beta < 1 and m.lead.eagerness < 1
    np.testing.assert_allclose(q.value, _reference_values(m), rtol=1e-12, atol=1e-12)
    market, per_soldier = _market_priced(m, q)
    assert np.all(per_soldier[market] < m.lead.cost_per_soldier)
    if market.any():
        assert per_soldier[market].mean() < m.lead.cost_per_soldier


@given(missions(max_candidates=6, demand=(0.2, 0.95), eagerness=(0.5, 1.0), market={"regime": "revealed"}))
def test_G8_a_cheaper_foreign_substitute_sets_the_price_below_own_cost(m: Mission) -> None:
    """G8 [REVISED] condition "sigma_m < 1 (a cheaper foreign substitute sets V)": even when P reveals its
    whole valuation (REVEALED, price = V), a contingent with a foreign substitute cheaper than P's own
    soldier costs P at most that substitute per effective soldier, so strictly less than c_P. The
    substitute's unit cost comes from the scalar reference; a valuation that ignored the substitute (V at
    P's own cost) would price these contingents at exactly c_P."""
    q = quote(m)
    assert q.sigma < 1
    np.testing.assert_allclose(q.value, _reference_values(m), rtol=1e-12, atol=1e-12)
    market, per_soldier = _market_priced(m, q)
    cands = [dataclasses.asdict(c) for c in m.candidates]
    own = m.lead.cost_per_soldier
    for j in np.flatnonzero(market):
        substitute = reference.substitute_unit_cost(j, cands, m.required_troops, own)
        assert per_soldier[j] <= min(own, substitute) * (1 + 1e-12)
        if substitute < own:
            assert per_soldier[j] < own


def test_G8_example_the_substitute_halves_the_price() -> None:
    """Two 1,000-soldier contingents at 5,000 and 60,000 USD per soldier, 1,000 needed, REVEALED: each is
    valued at the other (P would buy the other instead), 60 and 5 USD m, not at P's own 138.5 USD m. A is
    bought at 60 USD m (60,000 USD per soldier, 43% of P's own); B, asking 60 for a value of 5, is not."""
    cands = [candidate("A", cost_per_soldier=5000.0), candidate("B", cost_per_soldier=60_000.0)]
    m = mission(cands, required_troops=1000.0, market={"regime": "revealed"}, pivot={"eagerness": 0.9})
    q = quote(m)
    np.testing.assert_allclose(q.value, [60.0, 5.0])
    assert q.price[0] == pytest.approx(60.0) and np.isnan(q.price[1])
    assert q.price[0] / 1000 * 1e6 < 0.5 * US_COST


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
