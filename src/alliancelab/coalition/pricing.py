"""Prices and the form of payment in the coalition market (models.md (g); all forms ``[PROPOSED]``).

Henke (seed 004): "Coalition negotiations, like any other type of negotiation, is a game in which
information is power. The party that knows the most about the other party's reservation level is likely
to get the better deal." Three information regimes, with ``rho_j ~ U[rho_lo, rho_hi]`` P's prior::

    SCREEN    pi* = clip((V_P,j + rho_lo)/2, rho_lo, rho_hi)   no offer if V_P,j <= rho_lo
    REVEALED  pi  = V_P,j
    MIXED     pi  = E_P*V_P,j + (1 - E_P)*min(pi*, V_P,j)
    markup    pi  <- pi + beta*(V_P,j - pi),   beta = clip(beta0 + beta1*sigma_m + beta2*E_P, 0, 1)

``[REVISED]`` models.md adds the markup as generalized Nash bargaining around j's *private* ``rho_j``
(``pi = rho_j + beta*(V - rho_j)``); that lets P's price depend on what P does not know. Here the markup
instead gives j the share ``beta`` of the surplus P leaves on the table above its MIXED offer, so the
price stays a function of public quantities; G3, G4 and G10 keep their signs (see the tests).
:func:`nash_price` keeps the models.md form for reference.

Form of payment (issue linkage): P delivers the value ``pi`` at least cost, items topped up by cash::

    min_U  sum_{g in U} z_P(g) + max(0, pi - sum_{g in U} omega_j(g))

so a side deal is used iff some item has ``z_P(g) < min(omega_j(g), pi)`` (asymmetric valuation). Types
fix what is negotiable: volunteers get nothing; a willing-but-inadequately-resourced state gets an
earmarked subsidy ``s_j = c_j*n_j - r_j`` in cash (Henke: "deployment subsidies generally defray costs that
occur in direct relationship to the operation"); critical and opportunistic states get ``pi`` in the
cheapest form; non-participants are not bought. References: ``henke2019buying``.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from alliancelab._types import FloatArray
from alliancelab.coalition.mission import MarketSettings, Mission, Regime, SideDeal
from alliancelab.coalition.typology import (
    CONTRIBUTOR_TYPES,
    Classification,
    ContributorType,
    classify,
    contributor_types,
    market_features,
)
from alliancelab.coalition.valuation import (
    MarketArrays,
    market_arrays,
    reservation_price,
    scarcities,
    valuation,
)

__all__ = [
    "PaymentForm",
    "QuoteArrays",
    "Quotes",
    "agreement_probability",
    "cost_shares",
    "markup_beta",
    "mixed_price",
    "nash_price",
    "payment_form",
    "quote",
    "quote_arrays",
    "screening_offer",
]


def screening_offer(value: ArrayLike, rho_lo: ArrayLike, rho_hi: ArrayLike) -> FloatArray:
    """P's take-it-or-leave-it offer ``clip((V + rho_lo)/2, rho_lo, rho_hi)``; NaN where ``V <= rho_lo``.

    Henke: "While potential participants can hide their true inclinations from the pivotal state, pivotal
    states have a tendency to reveal their preferences" -- when they do not, P must screen. ``[PROPOSED]``
    (the monopsony offer against a uniform prior).
    """
    v, lo, hi = (np.asarray(a, dtype=float) for a in (value, rho_lo, rho_hi))
    offer = np.clip((v + lo) / 2.0, lo, hi)
    return np.asarray(np.where(v > lo, offer, np.nan), dtype=float)


def agreement_probability(price: ArrayLike, rho_lo: ArrayLike, rho_hi: ArrayLike) -> FloatArray:
    """``F_j(pi) = Pr(rho_j <= pi)`` for ``rho_j ~ U[rho_lo, rho_hi]`` (0 where there is no offer)."""
    p, lo, hi = (np.asarray(a, dtype=float) for a in (price, rho_lo, rho_hi))
    width = hi - lo
    with np.errstate(divide="ignore", invalid="ignore"):
        frac = np.where(width > 0, (p - lo) / np.where(width > 0, width, 1.0), (p >= lo).astype(float))
    return np.asarray(np.where(np.isnan(p), 0.0, np.clip(frac, 0.0, 1.0)), dtype=float)


def markup_beta(
    sigma: ArrayLike, eagerness: ArrayLike, beta0: float, beta1: float, beta2: float
) -> FloatArray:
    """``beta = clip(beta0 + beta1*sigma_m + beta2*E_P, 0, 1)``, j's bargaining share. ``[PROPOSED]``.

    Claim G10. Henke: pivotal states are at a disadvantage "especially in an environment in which the
    demand for contributions exceeds the supply".
    """
    s, e = np.asarray(sigma, dtype=float), np.asarray(eagerness, dtype=float)
    return np.asarray(np.clip(beta0 + beta1 * s + beta2 * e, 0.0, 1.0), dtype=float)


def mixed_price(
    value: ArrayLike,
    rho_lo: ArrayLike,
    rho_hi: ArrayLike,
    eagerness: ArrayLike,
    beta: ArrayLike = 0.0,
) -> FloatArray:
    """``pi = E_P*V + (1-E_P)*min(pi*, V)``, then ``pi + beta*(V - pi)``. ``[PROPOSED]`` ``[REVISED]``.

    Claim G4. Henke: "pivotal states have a tendency to reveal their preferences by openly seeking
    coalition contributions ... a political vulnerability that can be exploited by third parties". Where
    screening makes no offer (``V <= rho_lo``) its branch is taken to offer ``V``, so the price is ``V``.
    """
    v = np.asarray(value, dtype=float)
    e, b = np.asarray(eagerness, dtype=float), np.asarray(beta, dtype=float)
    screen = screening_offer(v, rho_lo, rho_hi)
    screen = np.where(np.isnan(screen), v, np.minimum(screen, v))
    posted = e * v + (1.0 - e) * screen
    return np.asarray(posted + b * (v - posted), dtype=float)


def nash_price(rho: ArrayLike, value: ArrayLike, beta: ArrayLike) -> FloatArray:
    """models.md's generalized Nash form ``pi = rho + beta*(V - rho)`` (full information). ``[PROPOSED]``."""
    r, v = np.asarray(rho, dtype=float), np.asarray(value, dtype=float)
    return np.asarray(r + np.asarray(beta, dtype=float) * (v - r), dtype=float)


@cache
def _subsets(size: int) -> NDArray[np.bool_]:
    """Every subset of ``size`` items as rows of a boolean matrix (the empty set first)."""
    return np.array(list(itertools.product([False, True], repeat=size)), dtype=bool).reshape(-1, size)


@dataclass(frozen=True, slots=True)
class PaymentForm:
    """How P delivers a price: items of the issue menu plus cash (all USD m)."""

    items: tuple[str, ...]
    cash: float
    payer_cost: float  # sum z_P(g) + cash
    value_delivered: float  # sum omega_j(g) + cash (>= the price)

    @property
    def kind(self) -> str:
        if self.items and self.cash > 0:
            return "subsidy + side deal"
        if self.items:
            return "side deal"
        return "subsidy" if self.cash > 0 else "none"


def payment_form(price: float, menu: tuple[SideDeal, ...] | list[SideDeal]) -> PaymentForm:
    """Deliver ``price`` at least cost: ``min_U sum z(g) + max(0, pi - sum omega(g))``. ``[REVISED]``.

    Claim G6. Henke: "Political side deals, in turn, are rewards that have no relationship to the costs of
    the mission per se. They include trade agreements, debt relief, and sanction relief." A side deal is
    chosen iff an item is worth more to the candidate than it costs the payer (ties go to cash).
    """
    if price <= 0:
        return PaymentForm(items=(), cash=0.0, payer_cost=0.0, value_delivered=0.0)
    if not menu:
        return PaymentForm(items=(), cash=float(price), payer_cost=float(price), value_delivered=float(price))
    omega = np.array([d.value_to_candidate for d in menu])
    z = np.array([d.cost_to_payer for d in menu])
    subsets = _subsets(len(menu))
    cash = np.maximum(0.0, price - subsets @ omega)
    cost = subsets @ z + cash
    # cost = price - saving, saving = min(pi, sum omega) - sum z. Ranking by the saving, exactly 0 for the
    # empty set and for an item with omega = z, keeps rounding in `price - omega + z` from breaking a tie in
    # favour of the item. argmax takes the first maximum: the empty set (all cash) wins ties.
    saving = np.minimum(price, subsets @ omega) - subsets @ z
    best = int(np.argmax(saving))
    chosen = subsets[best]
    return PaymentForm(
        items=tuple(d.name for d, use in zip(menu, chosen, strict=True) if use),
        cash=float(cash[best]),
        payer_cost=float(cost[best]),
        value_delivered=float(chosen @ omega + cash[best]),
    )


def cost_shares(mission: Mission) -> dict[str, float]:
    """Each pivotal state's share of the payments, in proportion to ``V0_k`` (Lindahl). ``[PROPOSED]``.

    Claim G1. Henke: pivotal states "care most about the deployment and success of a particular military
    operation and thus provide the bulk of the means to cover such payments."
    """
    total = mission.mission_value
    return {p.name: p.mission_value / total for p in mission.pivotal_states}


def _accepts(
    drawn: ArrayLike, nominal: FloatArray, delivered: FloatArray, fixed: NDArray[np.bool_]
) -> NDArray[np.bool_]:
    """``rho_j <= value delivered``: the drawn ``rho_j``, or the nominal one where j's answer is fixed."""
    answer = np.where(fixed, nominal, np.asarray(drawn, dtype=float)) <= delivered
    return np.asarray(answer, dtype=bool)


@dataclass(frozen=True, slots=True)
class Quotes:
    """Per-candidate market quantities of a mission (arrays in candidate order; money USD m/yr)."""

    names: tuple[str, ...]
    classifications: tuple[Classification, ...]
    value: FloatArray  # V_P,j
    rho: FloatArray  # nominal reservation price from the file's w_j, c_j, n_j
    rho_lo: FloatArray
    rho_hi: FloatArray
    price: FloatArray  # NaN: no offer
    forms: tuple[PaymentForm | None, ...]  # None: not bought
    payer_cost: FloatArray  # cost to P if j joins (inf if not available)
    value_delivered: FloatArray  # what j receives (-inf if no offer)
    fixed_acceptance: NDArray[np.bool_]  # True: j's answer does not depend on its private rho
    sigma: float
    beta: float

    def accepts(self, rho: ArrayLike) -> NDArray[np.bool_]:
        """Who joins, given (drawn) private reservation prices: ``rho_j <= value delivered``."""
        return _accepts(rho, self.rho, self.value_delivered, self.fixed_acceptance)

    def agreement_probability(self) -> FloatArray:
        prob = agreement_probability(self.value_delivered, self.rho_lo, self.rho_hi)
        nominal = (self.rho <= self.value_delivered).astype(float)
        return np.asarray(np.where(self.fixed_acceptance, nominal, prob), dtype=float)

    def to_frame(self) -> pd.DataFrame:
        """One row per candidate: type, reasons, valuation, price, payment form and cost to the payer."""
        return pd.DataFrame(
            {
                "candidate": list(self.names),
                "type": [str(c.type) for c in self.classifications],
                "reasons": [c.explain() for c in self.classifications],
                "valuation_usd_m": self.value,
                "reservation_usd_m": self.rho,
                "price_usd_m": self.price,
                "payment": [f.kind if f is not None else "not bought" for f in self.forms],
                "side_deals": [", ".join(f.items) if f is not None else "" for f in self.forms],
                "cash_usd_m": [f.cash if f is not None else np.nan for f in self.forms],
                "payer_cost_usd_m": self.payer_cost,
                "agreement_probability": self.agreement_probability(),
            }
        )


@dataclass(frozen=True, slots=True)
class QuoteArrays:
    """:func:`quote_arrays`: a mission's (or many missions') market quantities as arrays over candidates
    (the last axis), for candidates without an issue menu (every positive price is paid in cash)."""

    types: NDArray[np.int8]  # codes into typology.CONTRIBUTOR_TYPES
    value: FloatArray  # V_P,j
    rho: FloatArray
    rho_lo: FloatArray
    rho_hi: FloatArray
    market_price: FloatArray  # the regime's price before the form of payment (NaN: no offer)
    price: FloatArray  # NaN: no offer
    payer_cost: FloatArray  # inf if not available
    value_delivered: FloatArray  # -inf if no offer
    fixed_acceptance: NDArray[np.bool_]
    sigma: FloatArray  # one per mission
    beta: FloatArray  # one per mission

    def accepts(self, rho: ArrayLike) -> NDArray[np.bool_]:
        """Who joins, given (drawn) private reservation prices: ``rho_j <= value delivered``."""
        return _accepts(rho, self.rho, self.value_delivered, self.fixed_acceptance)


def quote_arrays(
    m: MarketArrays,
    settings: MarketSettings,
    ranges: tuple[tuple[float, float] | None, ...] = (),
) -> QuoteArrays:
    """Type, valuation, price and payment in cash for every candidate of one mission, or of many missions
    at once (``m``'s arrays shaped ``(missions, candidates)``, ``m.required`` one per mission).

    ``ranges`` (one mission only) replaces P's prior ``[rho_lo, rho_hi]`` of the candidates that have one.
    Volunteers get nothing; a willing-but-inadequately-resourced state gets the earmarked subsidy
    ``max(0, c_j*n_j - r_j)``; critical and opportunistic states are offered the regime's price;
    non-participants are not bought. :func:`quote` adds the issue menus (side deals).
    """
    value = valuation(m)
    rho = reservation_price(m.cost_per_soldier, m.troops, m.interest)
    u = settings.reservation_uncertainty
    lo, hi = rho * (1 - u), rho * (1 + u)
    for j, bounds in enumerate(ranges):
        if bounds is not None:
            lo[j], hi[j] = bounds
    sigma = scarcities(np.asarray(m.required, dtype=float), m.effective)
    beta = markup_beta(sigma, m.eagerness, settings.beta0, settings.beta1, settings.beta2)
    if settings.regime is Regime.SCREEN:
        market_price = screening_offer(value, lo, hi)
    elif settings.regime is Regime.REVEALED:
        market_price = value.copy()
    else:
        market_price = mixed_price(value, lo, hi, m.eagerness, beta[..., None] if settings.markup else 0.0)
    types = contributor_types(**market_features(m, rho, value, sigma, settings))
    code = {t: CONTRIBUTOR_TYPES.index(t) for t in ContributorType}
    volunteer = types == code[ContributorType.VOLUNTEER]
    underresourced = types == code[ContributorType.WILLING_UNDERRESOURCED]
    fixed = volunteer | underresourced  # j's answer does not depend on its private rho
    bargained = (types == code[ContributorType.CRITICAL]) | (types == code[ContributorType.OPPORTUNISTIC])
    offered = fixed | (bargained & ~np.isnan(market_price))
    subsidy = np.maximum(0.0, m.deploy_cost - m.liquidity)
    asked = np.where(underresourced, subsidy, np.where(volunteer, 0.0, market_price))
    with np.errstate(invalid="ignore"):
        cash = np.where(asked > 0, asked, 0.0)  # payment_form(price, ()): a positive price in cash
    return QuoteArrays(
        types=types,
        value=value,
        rho=rho,
        rho_lo=lo,
        rho_hi=hi,
        market_price=market_price,
        price=np.where(offered, np.where(fixed, cash, market_price), np.nan),
        payer_cost=np.where(offered, cash, np.inf),
        value_delivered=np.where(offered, cash, -np.inf),
        fixed_acceptance=fixed,
        sigma=sigma,
        beta=beta,
    )


def quote(mission: Mission) -> Quotes:
    """Type, valuation, price and cheapest payment form for every candidate of ``mission``."""
    m = market_arrays(mission)
    arrays = quote_arrays(m, mission.market, tuple(c.reservation_range for c in mission.candidates))
    market_price = arrays.market_price
    payer_cost, delivered = arrays.payer_cost.copy(), arrays.value_delivered.copy()
    forms: list[PaymentForm | None] = []
    for j, cand in enumerate(mission.candidates):
        form: PaymentForm | None = None
        if arrays.fixed_acceptance[j]:
            form = payment_form(float(arrays.price[j]), ())  # nothing, or earmarked cash: no side deal
        elif not np.isnan(arrays.price[j]):
            form = payment_form(float(market_price[j]), cand.side_deals)
            payer_cost[j], delivered[j] = form.payer_cost, form.value_delivered
        forms.append(form)
    return Quotes(
        names=tuple(mission.candidate_names),
        classifications=tuple(classify(mission)),
        value=arrays.value,
        rho=arrays.rho,
        rho_lo=arrays.rho_lo,
        rho_hi=arrays.rho_hi,
        price=arrays.price,
        forms=tuple(forms),
        payer_cost=payer_cost,
        value_delivered=delivered,
        fixed_acceptance=arrays.fixed_acceptance,
        sigma=float(arrays.sigma),
        beta=float(arrays.beta),
    )
