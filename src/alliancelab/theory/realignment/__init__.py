r"""Rival patrons and realignment: Bertrand competition for a client's alignment (section (c)).

An incumbent patron ``H`` and a rival ``R`` bid for client ``i``. Each patron's terms (protection, divergence,
value of concessions, commitment cost, budget, delivery credibility ``pi_k``) enter the formation model of
section (a) (:mod:`alliancelab.theory.formation`); the client values a promised payment ``p`` from ``k`` at
``pi_k*p`` and pays a switching cost ``tau`` (utils) to leave the patron it is aligned with. The contest is a
complete-information first-price auction, i.e. Bertrand competition in offered client utility: the winner
pays what the loser's best offer is worth to the client (BdM&S 2016; Kabir, seed 001). Equations:

.. code-block:: text

    U_k    = max_x  mu*pi_k*min(B_k, v_k*x - c_k) - D_k(x)   over  x in [c_k/v_k, xbar_k]   best offer (utils)
             FLEX: x = clip(x_int^k, c_k/v_k, min((B_k+c_k)/v_k, xbar_k)),  x_int^k with mu*pi_k
             FIXED: x = package_k
    G_k    = U_k/(mu*pi_k)                                  surplus in the client's money          [LIT-SIGN]
    U'_R   = U_R - tau  (tau only if the client is aligned with H)
    H keeps iff U_H >= max(0, U'_R):   need = max(0, U'_R)
    R wins  iff otherwise U'_R >= 0:   need = tau + max(0, U_H)
    winner: x = clip(max(x_need, x_int), 0, xbar)
            x_need = (1 - ratio^(-alpha/(1-alpha))*exp(need/(1-alpha)))/delta
            p = max(0, D(x) + need)/(mu*pi_k)
            if p > B_k:  p = B_k,  x = min(x, x_B),  y = pi_k*B_k - need/mu
                         x_B = (1 - exp(-(mu*y + alpha*ln ratio)/(1-alpha)))/delta       [REVISED]
    monopoly (no rival): need = 0, p = p_min(x*)/pi_H                                   (BdM&S 2016)
    Kabir's rule: realign iff alpha*ln(sA_R/sA_H) + (1-alpha)*ln((1-x_R*delta_R)/(1-x_H*delta_H))
                              + mu*(pi_R*p_R - pi_H*p_H) > tau

Implementation note (an improvement of the ``[PROPOSED]`` form, as models.md allows): the best offer ``U_k``
respects the patron's break-even constraint ``0 <= p <= v*x - c`` and its budget ``p <= B_k``. Without a
budget and where ``x_int^k >= c_k/v_k`` it equals the spec's ``mu*pi_k*G_k`` with ``D`` not floored; with
them, the winner is always a patron that can deliver the package it wins with (the spec's rule could name a
winner whose budget or break-even constraint then failed). With ``pi_H = 1`` and no rival the contest
reproduces :func:`alliancelab.theory.formation.solve` exactly (claim C5).

References (keys of ``references.bib``): bdm2016competition, kabir2015tradeoff, kabir2019sidepayments,
morrow1991alliances.
"""

from alliancelab._deprecation import moved_names
from alliancelab.theory.realignment.contest import (
    CITATION_KEYS,
    WINNER_LABELS,
    ContestParams,
    ContestSolution,
    Offer,
    PatronTerms,
    best_offer,
    competitive_payment,
    contest_kernel,
    contract_for,
    default_rival,
    patron_dyad,
    solve_contest,
)
from alliancelab.theory.realignment.kabir_rule import realignment_gain, realigns

__all__ = [
    "CITATION_KEYS",
    "WINNER_LABELS",
    "ContestParams",
    "ContestSolution",
    "Offer",
    "PatronTerms",
    "best_offer",
    "competitive_payment",
    "contest_kernel",
    "contract_for",
    "default_rival",
    "patron_dyad",
    "realignment_gain",
    "realigns",
    "solve_contest",
]

__getattr__ = moved_names(
    __name__,
    {
        "contest_frame": "alliancelab.report.realignment_report:frame",
        "explain_contest": "alliancelab.report.realignment_report:explain",
        "sweep_frame": "alliancelab.report.realignment_report:sweep",
    },
)
