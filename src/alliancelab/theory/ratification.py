r"""Ratification by a veto player: a legislature that must approve the deal the leader accepted (episodes).

The leader of section (b) accepts a contract ``(x, p)`` when the money covers the deficit at the leader's
own conversion rate ``mu``. A veto player -- a parliament voting on a basing treaty or a deployment --
answers to a larger coalition ``W_V``, so it values the same money less (``mu_V``, section (b) at ``W_V``),
and its members feel the concession's salience unevenly. Member ``m`` has a salience multiplier
``u_m ~ U[m_V(1 - s_V), m_V(1 + s_V)]`` and votes yes iff the deal leaves it no worse off:

.. code-block:: text

    mu_V   = mu0 * W_V^(-gamma) * S_V^(lambda) * (1 + r/rbar)^(-eta) * (1 + h)^(zeta),  S_V = max(S, W_V)
    yes_m  iff  mu_V*pi*p + alpha*ln(ratio) + (1-alpha)*ln(1 - x*u_m*delta) >= 0        [PROPOSED]
    u*     = (1 - exp(-(mu_V*pi*p + alpha*ln(ratio))/(1-alpha))) / (x*delta)            largest yes-multiplier
    share  = clip((u* - m_V(1-s_V)) / (2*m_V*s_V), 0, 1)                                 share voting yes
    ratified iff share >= threshold
    u_thr  = m_V*(1 - s_V) + 2*m_V*s_V*threshold                                        pivotal member
    p_V    = max(0, -(1-alpha)*ln(1 - x*u_thr*delta) - alpha*ln(ratio)) / (mu_V*pi)     price of ratification

A patron that foresees the vote pays ``max(p, p_V)`` when that is within its budget and break-even, and
otherwise the deal fails (two-level bargaining; ``p_V = +inf`` where ``x*u_thr*delta >= 1``).

With ``W_V = W``, ``m_V = 1`` and a small spread the veto player approves exactly the contracts the leader
accepts; a larger ``W_V`` or a more salient package (``m_V`` up) lowers the share voting yes, and more money
raises it. ``x = 0`` asks nothing of the veto player: share 1.

Seed 001 (Kabir): "Because most democratic leaders are constrained by domestic political institutions and
rely on the support from different segments of society, it is difficult for them to make drastic changes
in policy." BdM&S 2007: aid goes where "the policy concession sought by the donor is not too politically
costly". Seed 004 (Henke) gives the case: "On March 1, 2003, however, the Turkish parliament rejected
Turkish participation in the coalition."

References (keys of ``references.bib``): kabir2015tradeoff, bdm2007foreign, henke2019buying.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from alliancelab._validate import check_range
from alliancelab.theory.formation import FloatArray, FormationParams, Real, security_terms
from alliancelab.theory.selectorate import SelectorateParams, conversion_rate

__all__ = [
    "CITATION_KEYS",
    "VetoPlayer",
    "ratification_price",
    "ratifies",
    "veto_conversion_rate",
    "yes_share",
]

CITATION_KEYS: tuple[str, ...] = ("kabir2015tradeoff", "bdm2007foreign", "henke2019buying")


@dataclass(frozen=True, slots=True)
class VetoPlayer:
    """A veto player: its coalition ``W_V``, salience multiplier ``m_V``, spread ``s_V`` and threshold."""

    W: Real = 0.75  # W_V: the coalition the veto player answers to, (0, 1]
    salience: Real = 1.0  # m_V: mean multiplier of the package's salience among its members, > 0
    spread: Real = 0.5  # s_V: members' multipliers are uniform on m_V*[1 - s_V, 1 + s_V], (0, 1]
    threshold: Real = 0.5  # share of members who must vote yes, (0, 1]

    def __post_init__(self) -> None:
        check_range("veto W", self.W, 0, 1, lo_open=True)
        check_range("veto salience", self.salience, 0, lo_open=True)
        check_range("veto spread", self.spread, 0, 1, lo_open=True)
        check_range("veto threshold", self.threshold, 0, 1, lo_open=True)


def veto_conversion_rate(leader: SelectorateParams, veto: VetoPlayer) -> FloatArray:
    """``mu_V``: section (b)'s conversion rate at the veto player's coalition ``W_V`` (``S_V = max(S, W_V)``).

    BdM&S 2009: "As coalition size increases, incumbents rely more on public goods to reward supporters,
    making it difficult to compensate for policy concessions." [LIT-SIGN]
    """
    w_v = np.asarray(veto.W, dtype=float)
    s_v = np.maximum(np.asarray(leader.S, dtype=float), w_v)
    return conversion_rate(dataclasses.replace(leader, W=w_v, S=s_v))


def yes_share(
    dyad: FormationParams,
    leader: SelectorateParams,
    veto: VetoPlayer,
    package: Real,
    payment: Real,
    credibility: Real = 1.0,
) -> FloatArray:
    """Share of the veto player's members voting for the contract ``(x, p)`` (module docstring). [PROPOSED]

    Seed 001: democratic leaders "rely on the support from different segments of society"; Henke (seed
    004): "the Turkish parliament rejected Turkish participation in the coalition."
    """
    st = security_terms(dyad)
    alpha, log_ratio, delta = st.alpha, np.log(st.ratio), st.delta
    mu_v = veto_conversion_rate(leader, veto)
    x = np.asarray(package, dtype=float)
    money = mu_v * np.asarray(credibility, dtype=float) * np.asarray(payment, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        u_star = -np.expm1(-(money + alpha * log_ratio) / (1 - alpha)) / (x * delta)
    m, s = np.asarray(veto.salience, dtype=float), np.asarray(veto.spread, dtype=float)
    share = np.clip((u_star - m * (1 - s)) / (2 * m * s), 0.0, 1.0)
    return np.asarray(np.where(x > 0, np.nan_to_num(share, nan=0.0), 1.0), dtype=float)


def ratifies(
    dyad: FormationParams,
    leader: SelectorateParams,
    veto: VetoPlayer,
    package: Real,
    payment: Real,
    credibility: Real = 1.0,
) -> npt.NDArray[np.bool_]:
    """``share >= threshold``: the veto player approves the contract. [PROPOSED]

    Henke (seed 004): "On March 1, 2003, however, the Turkish parliament rejected Turkish participation in
    the coalition."
    """
    share = yes_share(dyad, leader, veto, package, payment, credibility)
    return np.asarray(share >= np.asarray(veto.threshold, dtype=float))


def ratification_price(
    dyad: FormationParams,
    leader: SelectorateParams,
    veto: VetoPlayer,
    package: Real,
    credibility: Real = 1.0,
) -> FloatArray:
    """Smallest payment that carries the vote: the pivotal member ``u_thr`` is just compensated. [PROPOSED]

    ``p_V = max(0, -(1-alpha)*ln(1 - x*u_thr*delta) - alpha*ln(ratio))/(mu_V*pi)`` with
    ``u_thr = m_V*(1 - s_V) + 2*m_V*s_V*threshold``; ``+inf`` where no payment compensates the pivotal
    member. Henke (seed 004): after the failed vote "the Turkish government again entered into negotiations
    with the United States to set the terms for a much smaller involvement".
    """
    st = security_terms(dyad)
    m, s = np.asarray(veto.salience, dtype=float), np.asarray(veto.spread, dtype=float)
    u_thr = m * (1 - s) + 2 * m * s * np.asarray(veto.threshold, dtype=float)
    xd = np.asarray(package, dtype=float) * u_thr * st.delta
    mu_v = veto_conversion_rate(leader, veto) * np.asarray(credibility, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        owed = -(1 - st.alpha) * np.log1p(-np.minimum(xd, 1.0)) - st.alpha * np.log(st.ratio)
    return np.asarray(np.where(xd >= 1, np.inf, np.maximum(owed, 0.0) / mu_v), dtype=float)
