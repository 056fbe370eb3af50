"""The Bertrand contest between an incumbent and a rival patron (see the package docstring)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from alliancelab._deprecation import moved_names
from alliancelab._results import data_frame, flat_columns, result_dict
from alliancelab._types import BoolArray, FloatArray, Real
from alliancelab._types import as_float as _f
from alliancelab._validate import check_broadcast, check_range
from alliancelab.theory.formation import (
    FormationParams,
    budget_concession,
    deficit_at,
    interior_concession,
    max_concession,
    security_terms,
)

if TYPE_CHECKING:
    import pandas as pd

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
    "solve_contest",
]

CITATION_KEYS: tuple[str, ...] = (
    "bdm2016competition",
    "kabir2015tradeoff",
    "kabir2019sidepayments",
    "morrow1991alliances",
)
NO_ALLIANCE, INCUMBENT, RIVAL = 0, 1, 2
WINNER_LABELS: tuple[str, ...] = ("none", "incumbent", "rival")
_U_SLACK = 1e-12  # utils: a best offer of -1e-300 is rounding, not a refusal
_TOL = 1e-9  # relative slack for break-even and tie checks (floating-point residue, not economics)


@dataclass(frozen=True, slots=True)
class PatronTerms:
    """A patron's side of a dyad: what differs between H and R for the same client (arrays broadcast).

    ``v``, ``c``, ``budget`` in USD m/yr; ``credibility`` is ``pi_k``, the probability that promised payments
    are delivered. Client-side parameters (threat, capability, salience, ``mu``) stay in the
    :class:`~alliancelab.theory.formation.FormationParams` of the contest.
    """

    v: Real = 100.0
    c: Real = 10.0
    d: Real = 0.5
    chi: Real = 0.0
    q0: Real = 0.6
    budget: Real = np.inf
    credibility: Real = 0.8
    package: Real = 1.0

    def __post_init__(self) -> None:
        check_broadcast(self)
        check_range("rival v", self.v, 0)
        check_range("rival c", self.c, 0)
        check_range("rival d", self.d, 0, 1)
        check_range("rival chi", self.chi, -1, 1)
        check_range("rival q0", self.q0, 0, 1)
        check_range("rival budget", self.budget, 0)
        check_range("rival credibility (pi_R)", self.credibility, 0, 1, lo_open=True)
        check_range("rival package", self.package, 0, 1)


def patron_dyad(dyad: FormationParams, terms: PatronTerms) -> FormationParams:
    """The client's dyad with patron ``terms`` in place of the incumbent's (client fields unchanged)."""
    return dataclasses.replace(
        dyad,
        v=terms.v,
        c=terms.c,
        d=terms.d,
        chi=terms.chi,
        q0=terms.q0,
        budget=terms.budget,
        package=terms.package,
    )


DEFAULT_RIVAL_CREDIBILITY = 0.8  # pi_R < pi_H = .95 (models.md, section (c))


def default_rival(dyad: FormationParams, **terms: Real) -> PatronTerms:
    """The rival patron used when none is specified: the incumbent's own terms in ``dyad``, delivered with
    credibility ``pi_R = 0.8``, then ``terms`` (e.g. ``v=1000``) in their place.

    One definition for every command, figure and sweep that adds "a rival": it differs from the incumbent
    only in how believable its payments are, so it competes (and raises the incumbent's price, claim C1)
    without taking the client unless ``terms`` make it stronger. Raises
    :class:`~alliancelab.errors.ParameterError` for terms outside their domain.
    """
    base: dict[str, Real] = {
        "v": dyad.v,
        "c": dyad.c,
        "d": dyad.d,
        "chi": dyad.chi,
        "q0": dyad.q0,
        "budget": dyad.budget,
        "package": dyad.package,
        "credibility": DEFAULT_RIVAL_CREDIBILITY,
    }
    return PatronTerms(**{**base, **terms})


@dataclass(frozen=True, slots=True)
class ContestParams:
    """The rival-patron contest for one client (or arrays of clients).

    ``dyad`` holds the client and the incumbent H; ``rival`` the rival R's terms (``None``: no rival, the
    monopoly of section (a)); ``credibility`` is ``pi_H``; ``tau`` the switching cost in utils, paid only if
    the client is ``aligned`` with H and moves to R.
    """

    dyad: FormationParams = field(default_factory=FormationParams)
    rival: PatronTerms | None = None
    credibility: Real = 0.95
    tau: Real = 0.5
    aligned: bool = True

    def __post_init__(self) -> None:
        check_broadcast(self)
        check_range("credibility (pi_H)", self.credibility, 0, 1, lo_open=True)
        check_range("tau", self.tau, 0)


@dataclass(frozen=True, slots=True)
class Offer:
    """A patron's best offer: the most client utility it can give while breaking even within budget."""

    utility: FloatArray  # U_k (utils over being unaligned); -inf where no offer breaks even
    package: FloatArray
    payment: FloatArray  # nominal USD m/yr
    surplus: FloatArray  # G_k = U_k/(mu*pi_k), USD m/yr in the client's money


def _shape(dyad: FormationParams) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray]:
    st = security_terms(dyad)
    return st.alpha, np.log(st.ratio), st.delta, max_concession(st.delta, dyad.eps), st.security_aligned


def best_offer(dyad: FormationParams, credibility: Real = 1.0) -> Offer:
    """Best offer ``U_k = max_x mu*pi_k*min(B_k, v_k*x - c_k) - D_k(x)``, ``v_k*x >= c_k``. [LIT-SIGN]

    BdM&S 2016: "When there are rival donors, recipients can extract greater amounts of aid while granting
    smaller policy concessions." A patron bids up to its whole surplus; ``G_k = U_k/(mu*pi_k)`` is that
    surplus in the client's money (``D`` not floored at 0, ``mu*pi_k`` in ``x_int``).
    """
    alpha, log_ratio, delta, xbar, _ = _shape(dyad)
    mu, pi = _f(dyad.mu), _f(credibility)
    v, c, budget = _f(dyad.v), _f(dyad.c), _f(dyad.budget)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        x_lo = np.where(v > 0, c / np.where(v > 0, v, 1.0), np.where(c > 0, np.inf, 0.0))
        x_cap = np.where(v > 0, (budget + c) / np.where(v > 0, v, 1.0), np.inf)
    if dyad.mode == "FLEX":
        x_int = interior_concession(alpha, delta, mu * pi, v)
        hi = np.minimum(x_cap, xbar)
        x = np.minimum(np.maximum(x_int, x_lo), hi)
        feasible = x_lo <= xbar
    else:
        x = np.broadcast_arrays(_f(dyad.package), alpha)[0].copy()
        feasible = v * x - c >= 0
    x = np.where(feasible, x, 0.0)
    payment = np.where(feasible, np.clip(v * x - c, 0.0, budget), 0.0)
    deficit = deficit_at(x, alpha, log_ratio, delta, dyad.eps)
    with np.errstate(invalid="ignore"):
        utility = np.where(feasible & np.isfinite(deficit), mu * pi * payment - deficit, -np.inf)
    return Offer(utility, x, payment, utility / (mu * pi))


def contract_for(
    dyad: FormationParams, need: Real, credibility: Real = 1.0
) -> tuple[FloatArray, FloatArray, BoolArray, BoolArray]:
    """Cheapest contract ``(x, p)`` giving the client ``need`` utils, with the budget cap. [LIT-SIGN][REVISED]

    Returns ``(package, payment, feasible, budget_binds)``. ``feasible`` is false where no package meets
    ``need`` within the budget (``x_B < 0``) or the patron would not break even. Seed 001: "the
    availability of alternative donors, affect the flow of aid".

    .. code-block:: text

        FLEX:  x = clip(max(x_need, x_int), 0, xbar)
               x_need = (1 - ratio^(-alpha/(1-alpha))*exp(need/(1-alpha)))/delta
        p = max(0, D(x) + need)/(mu*pi_k);   p > B_k:  p = B_k,  x = min(x, x_B)
    """
    alpha, log_ratio, delta, xbar, _ = _shape(dyad)
    mu, pi, need_a = _f(dyad.mu), _f(credibility), _f(need)
    v, c, budget = _f(dyad.v), _f(dyad.c), _f(dyad.budget)
    if dyad.mode == "FLEX":
        with np.errstate(over="ignore", divide="ignore"):
            x_need = -np.expm1((need_a - alpha * log_ratio) / (1 - alpha)) / delta
        x_int = interior_concession(alpha, delta, mu * pi, v)
        x = np.clip(np.maximum(x_need, x_int), 0.0, xbar)
    else:
        x = np.broadcast_arrays(_f(dyad.package), alpha, need_a)[0].copy()
    owed = deficit_at(x, alpha, log_ratio, delta, dyad.eps) + need_a
    with np.errstate(invalid="ignore"):
        payment = np.where(owed <= 0, 0.0, np.maximum(owed, 0.0) / (mu * pi))
    over = payment > budget
    if dyad.mode == "FLEX":
        with np.errstate(over="ignore"):  # a huge requirement gives x_B = -inf: no package meets it
            x_budget = budget_concession(
                budget, alpha, log_ratio, delta, mu, required_utility=need_a, credibility=pi
            )
        x = np.where(over, np.minimum(x, x_budget), x)
        payment = np.where(over, budget, payment)
        feasible = np.isfinite(payment) & (x >= -_TOL)  # x_B = -1e-17 is rounding, not a missing package
        x = np.maximum(x, 0.0)
    else:
        feasible = np.isfinite(payment) & ~over
    with np.errstate(invalid="ignore"):
        margin = v * x - c - payment
    feasible = feasible & (margin >= -_TOL * (1 + np.abs(v) + np.abs(c)))
    return x, payment, feasible, over & feasible


@dataclass(frozen=True, slots=True)
class ContestSolution:
    """Who wins the client and at what contract (arrays broadcast from the parameters).

    Utilities in utils over being unaligned; money in nominal USD m/yr. ``incumbent_*`` and ``rival_*`` are
    the contract each patron signs if it wins against the other's best offer.
    """

    winner: npt.NDArray[np.int8]  # index into WINNER_LABELS
    realigns: BoolArray  # aligned with H and R wins
    incumbent_offer: FloatArray  # U_H
    rival_offer: FloatArray  # U'_R = U_R - tau (net of the switching cost); -inf without a rival
    incumbent_surplus: FloatArray  # G_H
    rival_surplus: FloatArray  # G_R
    need: FloatArray  # utility the winner must give the client (utils)
    package: FloatArray  # winner's x (0 if no alliance)
    payment: FloatArray  # winner's nominal p (0 if no alliance)
    delivered_payment: FloatArray  # pi_k*p
    budget_binds: BoolArray
    incumbent_package: FloatArray
    incumbent_payment: FloatArray
    rival_package: FloatArray
    rival_payment: FloatArray
    citation_keys: tuple[str, ...] = field(default=CITATION_KEYS)

    def winner_labels(self) -> npt.NDArray[np.str_]:
        """``none``, ``incumbent`` or ``rival`` per client."""
        return np.asarray(WINNER_LABELS)[self.winner]

    def as_dict(self) -> dict[str, object]:
        """Every field, arrays included (for pandas); ``to_dict()`` is the JSON form."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def _values(self) -> dict[str, object]:
        values = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "citation_keys"}
        return {"winner_label": self.winner_labels(), **values}

    def to_dict(self) -> dict[str, object]:
        """JSON-ready: ``{"model", "citation_keys", "values"}`` (``-inf`` offers as the string ``"-inf"``)."""
        return result_dict("realignment", self.citation_keys, self._values())

    def to_frame(self) -> pd.DataFrame:
        """One row per client (arrays flattened in C order): the winner in words, offers, contracts."""
        return data_frame(flat_columns(self._values()), sources=self.citation_keys)


def solve_contest(params: ContestParams) -> ContestSolution:
    """Solve the Bertrand contest between H and R for the client's alignment. [LIT-SIGN][REVISED]

    Seed 001: "a small state leader chooses to realign with another great power when the leader expects a
    higher payoffs of net value from the new alliance." Without a rival the incumbent is a monopolist and
    pays the reservation price: "In the absence of any alternative great powers" (seed 001), "a dominant
    donor captures all the surplus from any deal" (BdM&S 2016).
    """
    rival = None
    if params.rival is not None:
        rival = (patron_dyad(params.dyad, params.rival), _f(params.rival.credibility))
    tau = _f(params.tau) * float(params.aligned)
    solution = contest_kernel(params.dyad, _f(params.credibility), rival, tau)
    if not params.aligned:
        solution = dataclasses.replace(solution, realigns=np.zeros_like(solution.realigns))
    return solution


def contest_kernel(
    incumbent: FormationParams,
    credibility: Real,
    rival: tuple[FormationParams, Real] | None,
    tau: Real,
    offers: tuple[FloatArray, FloatArray] | None = None,
) -> ContestSolution:
    """Array kernel of :func:`solve_contest`: patrons as dyads, ``tau`` the switching cost actually paid.

    Ties go to the incumbent. Used by :mod:`alliancelab.theory.maintenance` with the roles of H and R set
    per client (whoever the client is aligned with is the incumbent). ``offers``: both patrons' best-offer
    utilities (:func:`best_offer`), when the caller has them already.
    """
    pi_h = _f(credibility)
    u_h = best_offer(incumbent, pi_h).utility if offers is None else offers[0]
    if rival is None:
        dyad_r, pi_r = incumbent, np.ones_like(pi_h)
        u_r_gross = np.full_like(u_h, -np.inf)
    else:
        dyad_r, pi_r = rival[0], _f(rival[1])
        u_r_gross = best_offer(dyad_r, pi_r).utility if offers is None else offers[1]
    tau_a = _f(tau)
    u_r = u_r_gross - tau_a
    h_wins = (u_h >= -_U_SLACK) & (u_h >= u_r)  # participation up to rounding (1e-12 utils)
    r_wins = ~h_wins & (u_r >= -_U_SLACK)
    need_h = np.maximum(u_r, 0.0)
    need_r = tau_a + np.maximum(u_h, 0.0)
    x_h, p_h, ok_h, bind_h = contract_for(incumbent, need_h, pi_h)
    x_r, p_r, ok_r, bind_r = contract_for(dyad_r, need_r, pi_r)
    h_wins, r_wins = h_wins & ok_h, r_wins & ok_r
    winner = np.where(h_wins, INCUMBENT, np.where(r_wins, RIVAL, NO_ALLIANCE)).astype(np.int8)
    mu = _f(incumbent.mu)
    with np.errstate(invalid="ignore"):
        g_h = u_h / (mu * pi_h)
        g_r = u_r_gross / (mu * pi_r)
    shape = winner.shape

    def full(a: FloatArray) -> FloatArray:
        return np.broadcast_to(a, shape).copy()

    return ContestSolution(
        winner=winner,
        realigns=r_wins,
        incumbent_offer=full(u_h),
        rival_offer=full(u_r),
        incumbent_surplus=full(g_h),
        rival_surplus=full(g_r),
        need=np.where(h_wins, need_h, np.where(r_wins, need_r, 0.0)),
        package=np.where(h_wins, x_h, np.where(r_wins, x_r, 0.0)),
        payment=np.where(h_wins, p_h, np.where(r_wins, p_r, 0.0)),
        delivered_payment=np.where(h_wins, pi_h * p_h, np.where(r_wins, pi_r * p_r, 0.0)),
        budget_binds=np.where(h_wins, bind_h, r_wins & bind_r),
        incumbent_package=full(x_h),
        incumbent_payment=full(p_h),
        rival_package=full(x_r) if rival is not None else np.full(shape, np.nan),
        rival_payment=full(p_r) if rival is not None else np.full(shape, np.nan),
    )


def competitive_payment(
    dyad: FormationParams,
    rival: PatronTerms | None = None,
    *,
    credibility: Real = 1.0,
    tau: Real = 0.5,
    aligned: bool = True,
) -> FloatArray:
    """Nominal payment (USD m/yr) the client obtains from whichever patron wins it; 0 where no alliance.

    The function for comparative-statics figures "with and without a rival": ``rival=None`` gives the
    monopoly price ``p_min(x*)/pi_H`` (with the default ``credibility = 1`` exactly
    :func:`~alliancelab.theory.formation.solve`'s payment where the alliance forms); with a rival the winner
    pays the loser's best offer on top (claim C1). Seed 001: "the availability of alternative donors, affect
    the flow of aid". Broadcasts over arrays in ``dyad`` and ``rival``. [LIT-SIGN][REVISED]
    """
    return solve_contest(ContestParams(dyad, rival, credibility, tau, aligned)).payment


__getattr__ = moved_names(  # Kabir's rule over two given contracts has a module of its own
    __name__,
    {
        "realignment_gain": "alliancelab.theory.realignment.kabir_rule",
        "realigns": "alliancelab.theory.realignment.kabir_rule",
    },
)
