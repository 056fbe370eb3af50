"""Security for legitimacy: what allies give the hegemon besides bases (Istomin & Baikov, models.md (f)).

Seed 002 (:cite:`istomin2019dynamics`): "in exchange for military security guarantees, small and middle
countries provide legitimization of unpopular foreign policy actions of the hegemon", and the "lack of legal
expression of the allegiance to the hegemon ... increases the legitimating effect of support from the
allies". Support from heterogeneous, neutral actors transmits information (:cite:`thompson2006coercion`);
aid buys UNGA votes (:cite:`dreher2008does`, :cite:`carter2015democracy`, :cite:`kuziemko2006seat`). All
forms are `[PROPOSED]`:

    weight of supporter j    l_j = l0*size_j^nu*(1 - phi_F*F_j)*(1 + chi_d*d_j)*(1 - phi_V*Vis_j)
    legitimacy produced      Legit(S) = 1 - exp(-sum_{j in S} l_j)
    hegemon's payoff         Pi_H(A) = B_A - C_A + lambda_H*Legit(S) - sum_{j in S} payments_j
    linkage credibility      kappa_link,j = clip(kl0 + kl1*Dem_j, 0, 1)
    vote with H on v         Pr = Lambda(b0 + b1*kappa_link*zeta_pun*Ben_j*imp_v
                                         - b2*sal_v*|theta_j - theta_v|/mu_j)
    support a use of force   same with imp_v = 1, minus b2*(participation cost, USD m)
    patron's valuation       v_H,i = v_base,i + E[lambda_H]*l_i*n_contested/yr

``Ben_j`` is the gross alliance value at risk (USD m/yr, 0 for non-allies; see
:func:`alliancelab.theory.burden.gross_alliance_value`). With independent supporters, expected legitimacy is
``1 - prod_j (1 - p_j + p_j*exp(-l_j))``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from alliancelab._deprecation import moved_names
from alliancelab._types import FloatArray
from alliancelab._types import as_float as _f
from alliancelab._validate import check_broadcast, check_range
from alliancelab.theory._special import logistic

__all__ = [
    "SOURCES",
    "ContestedAction",
    "LegitimacyParams",
    "expected_legitimacy",
    "hegemon_payoff",
    "legitimacy",
    "legitimacy_valuation",
    "legitimating_weight",
    "linkage_credibility",
    "marginal_legitimacy",
    "support_probability",
    "vote_probability",
]

SOURCES = ("istomin2019dynamics", "thompson2006coercion", "carter2015democracy", "dreher2008does")


@dataclass(frozen=True, slots=True)
class LegitimacyParams:
    """Defaults of models.md (f): ``l0=.2, nu=.5, phi_F=.5, chi_d=.5, phi_V=.5; kl0=.5, kl1=.3,
    zeta_pun=.5``; vote logit ``b0=0, b1=b2=.01`` per USD m."""

    base_weight: ArrayLike = 0.2  # l0
    size_elasticity: ArrayLike = 0.5  # nu
    formal_discount: ArrayLike = 0.5  # phi_F
    distance_premium: ArrayLike = 0.5  # chi_d
    visibility_discount: ArrayLike = 0.5  # phi_V
    linkage_base: ArrayLike = 0.5  # kl0
    linkage_democracy: ArrayLike = 0.3  # kl1
    punishment_share: ArrayLike = 0.5  # zeta_pun
    vote_intercept: ArrayLike = 0.0  # b0
    vote_benefit_slope: ArrayLike = 0.01  # b1, per USD m
    vote_cost_slope: ArrayLike = 0.01  # b2, per USD m

    def __post_init__(self) -> None:
        check_broadcast(self)
        w = "LegitimacyParams"
        check_range("base_weight (l0)", self.base_weight, 0, np.inf, where=w)
        check_range("size_elasticity (nu)", self.size_elasticity, 0, np.inf, where=w)
        check_range("formal_discount (phi_F)", self.formal_discount, 0, 1, where=w)
        check_range("distance_premium (chi_d)", self.distance_premium, 0, np.inf, where=w)
        check_range("visibility_discount (phi_V)", self.visibility_discount, 0, 1, where=w)
        check_range("linkage_base (kl0)", self.linkage_base, 0, 1, where=w)
        check_range("linkage_democracy (kl1)", self.linkage_democracy, -1, 1, where=w)
        check_range("punishment_share (zeta_pun)", self.punishment_share, 0, 1, where=w)
        check_range("vote_intercept (b0)", self.vote_intercept, where=w)
        check_range("vote_benefit_slope (b1)", self.vote_benefit_slope, 0, np.inf, where=w)
        check_range("vote_cost_slope (b2)", self.vote_cost_slope, 0, np.inf, where=w)


@dataclass(frozen=True, slots=True)
class ContestedAction:
    """A contested action or roll call ``v``: issue position, salience, importance, legitimacy value.

    ``issue_position`` is ``theta_v`` on the [0, 1] ideal-point scale (H's side of the vote);
    ``hegemon_position`` is ``theta_H`` (for ``d_j = |theta_j - theta_H|`` when no distance is given);
    ``importance`` is the State Department "important vote" flag ``imp_v`` (1 for uses of force);
    ``legitimacy_value`` is ``lambda_H,t`` in USD m per unit of legitimacy.
    """

    issue_position: float = 1.0
    hegemon_position: float = 1.0
    salience: float = 1.0
    importance: float = 1.0
    legitimacy_value: float = 1000.0

    def __post_init__(self) -> None:
        check_broadcast(self)
        w = "ContestedAction"
        check_range("issue_position (theta_v)", self.issue_position, 0, 1, where=w)
        check_range("hegemon_position (theta_H)", self.hegemon_position, 0, 1, where=w)
        check_range("salience (sal_v)", self.salience, 0, np.inf, where=w)
        check_range("importance (imp_v)", self.importance, 0, 1, where=w)
        check_range("legitimacy_value (lambda_H)", self.legitimacy_value, 0, np.inf, where=w)


def legitimating_weight(
    size: ArrayLike,
    formal_obligation: ArrayLike,
    distance: ArrayLike,
    visible_payment: ArrayLike,
    params: LegitimacyParams | None = None,
) -> FloatArray:
    """Legitimating weight ``l_j = l0*size^nu*(1 - phi_F*F)*(1 + chi_d*d)*(1 - phi_V*Vis)`` `[PROPOSED]`.

    Claims F3 and F4. Seed 002: "this lack of legal expression of the allegiance to the hegemon could, the
    authors argue, turn out in the latter's own interests, as it increases the legitimating effect of
    support from the allies" (``dl/dF < 0``); distant supporters legitimate more, visibly paid ones less
    (seed 002's ref. 38, "Coalition of the bribed and bullied?"; Thompson 2006).
    """
    p = params or LegitimacyParams()
    where = "legitimating_weight"
    check_range("size", size, 0, np.inf, lo_open=True, hi_open=True, where=where)
    check_range("formal_obligation (F)", formal_obligation, 0, 1, where=where)
    check_range("distance (d)", distance, 0, 1, where=where)
    check_range("visible_payment (Vis)", visible_payment, 0, 1, where=where)
    return np.asarray(
        _f(p.base_weight)
        * _f(size) ** _f(p.size_elasticity)
        * (1.0 - _f(p.formal_discount) * _f(formal_obligation))
        * (1.0 + _f(p.distance_premium) * _f(distance))
        * (1.0 - _f(p.visibility_discount) * _f(visible_payment)),
        float,
    )


def legitimacy(weights: ArrayLike, supports: ArrayLike | None = None, *, axis: int = -1) -> FloatArray:
    """Legitimacy produced by a set of supporters ``Legit(S) = 1 - exp(-sum_{j in S} l_j)`` `[PROPOSED]`.

    ``supports`` (0/1 or booleans, broadcasting with ``weights``) marks the members of ``S``; ``None``
    counts every state given.
    """
    w = _f(weights)
    s = _f(supports) if supports is not None else np.ones_like(w)
    return np.asarray(-np.expm1(-(w * s).sum(axis=axis)), float)


def expected_legitimacy(weights: ArrayLike, probabilities: ArrayLike, *, axis: int = -1) -> FloatArray:
    """``E[Legit] = 1 - prod_j (1 - p_j + p_j*exp(-l_j))`` for independent support decisions."""
    w, pr = _f(weights), _f(probabilities)
    return np.asarray(1.0 - np.prod(1.0 - pr * (-np.expm1(-w)), axis=axis), float)


def marginal_legitimacy(weights: ArrayLike, probabilities: ArrayLike) -> FloatArray:
    """Per state: ``E[Legit | j supports] - E[Legit | j abstains]`` along the last axis (others random)."""
    w, pr = np.broadcast_arrays(_f(weights), _f(probabilities))
    factors = 1.0 - pr * (-np.expm1(-w))  # Pr-weighted exp(-l_k): 0 in floating point for a sure, heavy k
    ones = np.ones_like(factors[..., :1])
    # product over k != j from exclusive prefix and suffix products (dividing the total by factor j would
    # give 0/0 where that factor underflows to 0)
    before = np.cumprod(np.concatenate([ones, factors[..., :-1]], axis=-1), axis=-1)
    after = np.cumprod(np.concatenate([ones, factors[..., :0:-1]], axis=-1), axis=-1)[..., ::-1]
    return np.asarray(before * after * (-np.expm1(-w)), float)


def hegemon_payoff(
    benefit: ArrayLike,
    cost: ArrayLike,
    legitimacy_value: ArrayLike,
    weights: ArrayLike,
    supports: ArrayLike,
    payments: ArrayLike = 0.0,
) -> FloatArray:
    """``Pi_H(A) = B_A - C_A + lambda_H*Legit(S) - sum_{j in S} payments_j`` (USD m) `[PROPOSED]`.

    Seed 002: small and middle countries "provide legitimization of unpopular foreign policy actions of the
    hegemon"; the hegemon pays for it (payments are counted only for supporters).
    """
    s = _f(supports)
    paid = (np.broadcast_to(_f(payments), np.broadcast_shapes(s.shape, _f(payments).shape)) * s).sum(axis=-1)
    produced = legitimacy(weights, s)
    return np.asarray(_f(benefit) - _f(cost) + _f(legitimacy_value) * produced - paid, float)


def linkage_credibility(democracy: ArrayLike, params: LegitimacyParams | None = None) -> FloatArray:
    """``kappa_link,j = clip(kl0 + kl1*Dem_j, 0, 1)`` `[PROPOSED]` (Carter & Stone 2015: US "linkages are
    more credible when directed toward democratic countries")."""
    p = params or LegitimacyParams()
    check_range("democracy (Dem)", democracy, 0, 1, where="linkage_credibility")
    return np.asarray(np.clip(_f(p.linkage_base) + _f(p.linkage_democracy) * _f(democracy), 0.0, 1.0), float)


def vote_probability(
    benefit: ArrayLike,
    marginal_utility: ArrayLike,
    ideal_point: ArrayLike,
    action: ContestedAction | None = None,
    *,
    democracy: ArrayLike = 0.0,
    params: LegitimacyParams | None = None,
) -> FloatArray:
    """Probability that state j votes with H on roll call v (logit) `[PROPOSED]` (claim F1).

    ``Lambda(b0 + b1*kappa_link*zeta_pun*Ben*imp_v - b2*sal_v*|theta_j - theta_v|/mu)``. Seed 002: the
    authors' explanation rests on "an analysis of voting data in the UN GA"; allies (``Ben > 0``) vote with
    H more often than non-allies (``Ben = 0``) at equal ideal-point distance.
    """
    act = action or ContestedAction()
    return _logit_rule(benefit, marginal_utility, ideal_point, act, act.importance, 0.0, democracy, params)


def support_probability(
    benefit: ArrayLike,
    marginal_utility: ArrayLike,
    ideal_point: ArrayLike,
    action: ContestedAction | None = None,
    *,
    participation_cost: ArrayLike = 0.0,
    democracy: ArrayLike = 0.0,
    params: LegitimacyParams | None = None,
) -> FloatArray:
    """Probability that j supports H's contested use of force (vote rule with ``imp = 1``) (claim F2).

    Seed 002: evidence from "the record of supporting U.S. actions against both Iraq in 2003 and ISIS in
    2014–2017". ``participation_cost`` (USD m) is the cost of joining from models.md (g).
    """
    act = action or ContestedAction()
    return _logit_rule(
        benefit, marginal_utility, ideal_point, act, 1.0, participation_cost, democracy, params
    )


def _logit_rule(
    benefit: ArrayLike,
    marginal_utility: ArrayLike,
    ideal_point: ArrayLike,
    action: ContestedAction,
    importance: float,
    participation_cost: ArrayLike,
    democracy: ArrayLike,
    params: LegitimacyParams | None,
) -> FloatArray:
    p = params or LegitimacyParams()
    where = "vote/support probability"
    check_range("benefit (Ben)", benefit, 0, np.inf, hi_open=True, where=where)
    check_range("marginal_utility (mu)", marginal_utility, 0, np.inf, lo_open=True, hi_open=True, where=where)
    check_range("ideal_point (theta)", ideal_point, 0, 1, where=where)
    check_range("participation_cost", participation_cost, 0, np.inf, hi_open=True, where=where)
    pull = _f(p.vote_benefit_slope) * linkage_credibility(democracy, p) * _f(p.punishment_share)
    pull = pull * _f(benefit) * importance
    distance_cost = action.salience * np.abs(_f(ideal_point) - action.issue_position) / _f(marginal_utility)
    push = _f(p.vote_cost_slope) * (distance_cost + _f(participation_cost))
    return np.asarray(logistic(_f(p.vote_intercept) + pull - push), float)


def legitimacy_valuation(
    base_value: ArrayLike, legitimacy_value: ArrayLike, weight: ArrayLike, contested_per_year: ArrayLike
) -> FloatArray:
    """The patron's valuation of client i: ``v_H,i = v_base,i + E[lambda_H]*l_i*n_contested`` `[PROPOSED]`.

    Claim F5 runs through this term: the legitimacy a client supplies raises ``v_H,i`` in the formation
    model (a), hence formation and (in FLEX mode) the package and the payment. Seed 002: "in exchange for
    military security guarantees, small and middle countries provide legitimization of unpopular foreign
    policy actions of the hegemon".
    """
    for name, value in (
        ("base_value", base_value),
        ("legitimacy_value", legitimacy_value),
        ("weight", weight),
        ("contested_per_year", contested_per_year),
    ):
        check_range(name, value, 0, np.inf, where="legitimacy_valuation")
    return np.asarray(_f(base_value) + _f(legitimacy_value) * _f(weight) * _f(contested_per_year), float)


__getattr__ = moved_names(
    __name__,
    {
        "INPUT_COLUMNS": "alliancelab.report.legitimacy_report",
        "REQUIRED_COLUMNS": "alliancelab.report.legitimacy_report",
        "score_states": "alliancelab.report.legitimacy_report",
    },
)
