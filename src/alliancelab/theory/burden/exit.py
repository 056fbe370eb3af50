"""Ally exit: the quadratic stand-in and the structural threshold; the gross alliance value ``Ben``.

models.md (e2), all `[PROPOSED]` (seed 003 argues verbally, :cite:`blankenship2023dilemma`):

    quadratic stand-in:   pi_exit(M) = min(1, (M/M*)^2),   M* = T*Zbar  (self-reliance threshold)
    structural:           stay iff alpha*ln(ratio(M)) + mu*pi*p >= -(1-alpha)*ln(1 - x*delta)
                          ratio = s^A/s^0 = (1 - u*(1-q))/(1 - u),   u = T*(1 - phi),  phi = M/(M + Z)
                          Rstar = exp((-(1-alpha)*ln(1-x*delta) - mu*pi*p)/alpha)
                          u_star = (Rstar - 1)/(Rstar - 1 + q);  phi_exit = 1 - u_star/T
                          M_exit = Z*phi_exit/(1 - phi_exit)  (exit iff M > M_exit)
                          pi_exit = Lambda((Hz*e*K - M_exit)/sigma_M)                        (smoothed)
    gross value at risk:  Ben = alpha*ln(s^A/s^0)/mu + pi*p        (USD m/yr)            [REVISED]

``Ben`` is the *gross* value of the alliance to the ally, not its net surplus: at the formation price
``p = p_min`` (models.md (a)) the ally's net gain is zero, but abandonment would still cost it the
security gain plus the delivered payment (models.md "Open issues" item 4). Burden-sharing (e) and
legitimacy (f) take ``Ben`` as an input; :func:`gross_alliance_value` computes it from an alliance contract
so that the (e) models do not depend on the formation solver.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from alliancelab._types import FloatArray
from alliancelab._validate import check_broadcast, check_range
from alliancelab.theory._special import logistic

__all__ = [
    "AllyContract",
    "exit_probability_quadratic",
    "exit_probability_structural",
    "exit_threshold_structural",
    "gross_alliance_value",
    "security_ratio",
    "stays_in_alliance",
]


@dataclass(frozen=True, slots=True)
class AllyContract:
    """An ally's side of an existing alliance contract (x, p), with the notation of models.md section 0.

    Defaults: ``alpha = a0 + a1*T = .3 + .6*.5``; ``q = q0_H = .6``; ``delta = sal*(omega0 + d)`` with
    ``sal = 1, omega0 = .1, d = .1``; ``mu = mu0 = .01``; ``pi_H = .95``; ``Z = Zbar = 400`` USD bn.
    """

    security_weight: ArrayLike = 0.6  # alpha
    threat: ArrayLike = 0.5  # T
    protection: ArrayLike = 0.6  # q_H,i
    concession: ArrayLike = 0.5  # x
    autonomy_loss: ArrayLike = 0.2  # delta
    marginal_utility: ArrayLike = 0.01  # mu, utils per USD m
    credibility: ArrayLike = 0.95  # pi_H
    payment: ArrayLike = 0.0  # p, USD m/yr
    adversary_capability: ArrayLike = 400.0  # Z, USD bn

    def __post_init__(self) -> None:
        check_broadcast(self)
        w = "AllyContract"
        check_range(
            "security_weight (alpha)", self.security_weight, 0, 1, lo_open=True, hi_open=True, where=w
        )
        check_range("threat (T)", self.threat, 0, 1, hi_open=True, where=w)
        check_range("protection (q)", self.protection, 0, 1, where=w)
        check_range("concession (x)", self.concession, 0, 1, where=w)
        check_range("autonomy_loss (delta)", self.autonomy_loss, 0, np.inf, where=w)
        check_range("marginal_utility (mu)", self.marginal_utility, 0, np.inf, lo_open=True, where=w)
        check_range("credibility (pi)", self.credibility, 0, 1, where=w)
        check_range("payment (p)", self.payment, 0, np.inf, where=w)
        check_range("adversary_capability (Z)", self.adversary_capability, 0, np.inf, lo_open=True, where=w)
        x_delta = np.asarray(self.concession, float) * np.asarray(self.autonomy_loss, float)
        check_range("concession*autonomy_loss (x*delta)", x_delta, 0, 1, hi_open=True, where=w)


def security_ratio(capability: ArrayLike, contract: AllyContract) -> FloatArray:
    """``ratio = s^A/s^0 = (1 - u*(1-q))/(1 - u)`` with ``u = T*(1-phi)``, ``phi = M/(M+Z)`` `[PROPOSED]`."""
    m = np.asarray(capability, float)
    check_range("capability (M)", m, 0, np.inf, where="security_ratio")
    phi = m / (m + np.asarray(contract.adversary_capability, float))
    u = np.asarray(contract.threat, float) * (1.0 - phi)
    return np.asarray((1.0 - u * (1.0 - np.asarray(contract.protection, float))) / (1.0 - u), float)


def gross_alliance_value(capability: ArrayLike, contract: AllyContract) -> FloatArray:
    """Gross alliance value at risk ``Ben = alpha*ln(s^A/s^0)/mu + pi_H*p`` (USD m/yr) `[REVISED]`.

    models.md "Open issues" item 4: "Client utility at p = p_min is zero *net*, but the gross value at risk
    Ben is positive. (e) and (f) must therefore use Ben, not the net surplus." At a given contract (x, p)
    Ben rises with the threat T (claim E4).
    """
    ratio = security_ratio(capability, contract)
    alpha = np.asarray(contract.security_weight, float)
    mu = np.asarray(contract.marginal_utility, float)
    paid = np.asarray(contract.credibility, float) * np.asarray(contract.payment, float)
    return np.asarray(alpha * np.log(ratio) / mu + paid, float)


def stays_in_alliance(capability: ArrayLike, contract: AllyContract) -> NDArray[np.bool_]:
    """Direct exit check: stay iff ``alpha*ln(ratio(M)) + mu*pi*p >= -(1-alpha)*ln(1 - x*delta)``."""
    alpha = np.asarray(contract.security_weight, float)
    gain = alpha * np.log(security_ratio(capability, contract)) + np.asarray(
        contract.marginal_utility, float
    ) * np.asarray(contract.credibility, float) * np.asarray(contract.payment, float)
    autonomy_cost = -(1.0 - alpha) * np.log1p(
        -np.asarray(contract.concession, float) * np.asarray(contract.autonomy_loss, float)
    )
    return np.asarray(gain >= autonomy_cost)


def exit_threshold_structural(contract: AllyContract) -> FloatArray:
    """Own capability ``M_exit`` (USD bn) above which the ally leaves the alliance `[PROPOSED]` `[REVISED]`.

    Seed 003: larger allies "have greater potential to fend for themselves outside of the alliance". Closed
    form of models.md (e2): ``inf`` when payment and protection always cover the autonomy cost
    (``Rstar <= 1``), ``0`` when the ally leaves at any capability (``u_star >= T``), otherwise
    ``Z*phi_exit/(1 - phi_exit)`` with ``phi_exit = 1 - u_star/T``.
    """
    alpha = np.asarray(contract.security_weight, float)
    t = np.asarray(contract.threat, float)
    q = np.asarray(contract.protection, float)
    z = np.asarray(contract.adversary_capability, float)
    autonomy_cost = -(1.0 - alpha) * np.log1p(
        -np.asarray(contract.concession, float) * np.asarray(contract.autonomy_loss, float)
    )
    paid = (
        np.asarray(contract.marginal_utility, float)
        * np.asarray(contract.credibility, float)
        * np.asarray(contract.payment, float)
    )
    excess = np.expm1((autonomy_cost - paid) / alpha)  # Rstar - 1, accurate near 0
    with np.errstate(divide="ignore", invalid="ignore"):
        u_star = excess / (excess + q)
        phi_exit = 1.0 - u_star / t
        m_exit = z * phi_exit / (1.0 - phi_exit)
    m_exit = np.where(u_star >= t, 0.0, m_exit)
    return np.asarray(np.where(excess <= 0, np.inf, m_exit), float)


def exit_probability_quadratic(capability: ArrayLike, threshold: ArrayLike) -> FloatArray:
    """Quadratic stand-in ``pi_exit(M) = min(1, (M/M*)^2)`` `[PROPOSED]` (``M* = T*Zbar``)."""
    m = np.asarray(capability, float)
    return np.asarray(np.minimum(1.0, (m / np.asarray(threshold, float)) ** 2), float)


def exit_probability_structural(capability: ArrayLike, threshold: ArrayLike, spread: ArrayLike) -> FloatArray:
    """Smoothed structural exit ``pi_exit = Lambda((M - M_exit)/sigma_M)`` `[PROPOSED]`.

    ``capability`` is the horizon stock ``M = Hz*e*K`` (the patron's evaluation in models.md (e2)).
    """
    m = np.asarray(capability, float)
    return np.asarray(logistic((m - np.asarray(threshold, float)) / np.asarray(spread, float)), float)
