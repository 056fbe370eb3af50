"""Kabir's realignment rule: an aligned client moves to a rival patron when the move beats the switching cost.

Section (c) of the model specification, as a rule over two given contracts (the contest that sets the
contracts is :mod:`alliancelab.theory.realignment.contest`)::

    realign iff alpha*ln(sA_R/sA_H) + (1-alpha)*ln((1-x_R*delta_R)/(1-x_H*delta_H))
                + mu*(pi_R*p_R - pi_H*p_H) > tau

References (keys of ``references.bib``): kabir2015tradeoff, kabir2019sidepayments.
"""

from __future__ import annotations

import numpy as np

from alliancelab._types import BoolArray, FloatArray, Real
from alliancelab._types import as_float as _f
from alliancelab.theory.formation import FormationParams, security_terms
from alliancelab.theory.realignment.contest import PatronTerms, patron_dyad

__all__ = ["realignment_gain", "realigns"]


def realignment_gain(
    dyad: FormationParams,
    incumbent_contract: tuple[Real, Real],
    rival: PatronTerms,
    rival_contract: tuple[Real, Real],
    credibility: Real = 1.0,
) -> FloatArray:
    """Client's utility gain (utils) from moving contract ``(x_H, p_H)`` with H to ``(x_R, p_R)`` with R.

    ``alpha*ln(sA_R/sA_H) + (1-alpha)*ln((1-x_R*delta_R)/(1-x_H*delta_H)) + mu*(pi_R*p_R - pi_H*p_H)``
    (Kabir's rule, section (c)); ``credibility`` is ``pi_H``. ``-inf``/``+inf`` where a package cannot be
    compensated. Seed 001: "If there are substitute great powers who are willing to offer more side payments
    than the small state is getting ... then the net value of realignment with another great power will
    increase." [LIT-SIGN]
    """
    st_h, st_r = security_terms(dyad), security_terms(patron_dyad(dyad, rival))
    x_h, p_h = (_f(v) for v in incumbent_contract)
    x_r, p_r = (_f(v) for v in rival_contract)
    alpha = st_h.alpha
    with np.errstate(divide="ignore", invalid="ignore"):
        autonomy = np.log1p(-np.minimum(x_r * st_r.delta, 1.0)) - np.log1p(-np.minimum(x_h * st_h.delta, 1.0))
        gain: FloatArray = (
            alpha * np.log(st_r.security_aligned / st_h.security_aligned)
            + (1 - alpha) * autonomy
            + _f(dyad.mu) * (_f(rival.credibility) * p_r - _f(credibility) * p_h)
        )
    return gain


def realigns(
    dyad: FormationParams,
    incumbent_contract: tuple[Real, Real],
    rival: PatronTerms,
    rival_contract: tuple[Real, Real],
    *,
    credibility: Real = 1.0,
    tau: Real = 0.5,
) -> BoolArray:
    """Kabir's realignment rule: the client moves to R iff its utility gain exceeds the switching cost.

    Seed 001: "If there are substitute great powers who are willing to offer more side payments than the
    small state is getting (or expected to get) from the existing alliance and the expected costs for small
    states are equal to (or less than) the existing level, then the net value of realignment with another
    great power will increase." ``[LIT-SIGN]``: gain ``> tau``.
    """
    gain = realignment_gain(dyad, incumbent_contract, rival, rival_contract, credibility)
    return np.asarray(gain > _f(tau))
