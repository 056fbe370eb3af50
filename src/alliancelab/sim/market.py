"""Stages 2 and 3 of the period loop: contract review and the alignment market, under shared budgets.

Every client is handled at once, as arrays over ``(runs, states)``, with the kernels of sections (a)-(d):

* the patron a client is aligned with is its *incumbent*, the other patron the *challenger* (for an
  unaligned client H is the incumbent and there is no switching cost);
  :func:`~alliancelab.theory.realignment.contest_kernel` gives both patrons' best offers and, for unaligned
  clients and clients whose regime just changed (``tau' = 0``, models.md (d)), the winner and its contract;
* a standing contract is reviewed with :func:`~alliancelab.theory.maintenance.review` against the
  challenger's best offer net of the switching cost; a terminated client realigns iff that offer beats the
  incumbent's best offer at the standing package and the challenger can deliver it
  (:func:`~alliancelab.theory.maintenance.offer_at`, :func:`~alliancelab.theory.realignment.contract_for`)
  -- the same rules as :mod:`alliancelab.theory.maintenance`'s kernel;
* **one budget per patron.** The kernels cap each dyad's payment at the patron's budget; the patron then
  funds its clients in order of priority -- standing contracts first, then renegotiated ones, then new
  ones, and within a class the clients worth most to it (``v*x - c - p``) first -- until the budget runs
  out. Free alliances (``p = 0``) always fit. A standing alliance that cannot be funded ends
  (``terminate``), a new one is not signed (``unfunded``) and the client may shop again next year. The sum
  of a patron's payments never exceeds its budget. `[PROPOSED]`
* a client whose alliance with a patron ended may not ally with that patron again for ``cooldown`` years
  (the patron makes it no offer), so a terminated alliance pays nothing the next year. `[PROPOSED]`
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from alliancelab._types import BoolArray, FloatArray
from alliancelab.theory.formation import FormationParams
from alliancelab.theory.maintenance import offer_at, review
from alliancelab.theory.maintenance.kernel import year_outcome
from alliancelab.theory.maintenance.review import (
    CONTINUE,
    DOWN,
    TERMINATE,
    UP,
)
from alliancelab.theory.maintenance.review import OUTCOME_LABELS as _REVIEW_LABELS
from alliancelab.theory.realignment import best_offer, contest_kernel, contract_for

__all__ = [
    "EXIT",
    "OUTCOME_LABELS",
    "UNFUNDED",
    "Contracts",
    "allocate_budget",
    "contract_stage",
]

UNFUNDED, EXIT = len(_REVIEW_LABELS), len(_REVIEW_LABELS) + 1
OUTCOME_LABELS: tuple[str, ...] = (*_REVIEW_LABELS, "unfunded", "exit")
_PATRON_FIELDS = ("v", "c", "d", "chi", "q0", "budget", "package")


@dataclass(frozen=True, slots=True)
class Contracts:
    """The year's contracts after review, market and budget (arrays over ``(runs, states)``)."""

    align: npt.NDArray[np.int8]  # 0 none, 1 H, 2 R
    x: FloatArray
    p: FloatArray
    outcome: npt.NDArray[np.int8]  # index into OUTCOME_LABELS
    incumbent_offer: FloatArray  # U of the incumbent's best offer (utils)
    challenger_net_offer: FloatArray  # challenger's best offer net of the switching cost (utils)
    incumbent_offer_at_x: FloatArray  # incumbent's best at the standing x (terminated contracts, else nan)
    ended_with: npt.NDArray[np.int8]  # patron (1, 2) whose alliance ended this year, 0 if none


def _pick(mask: BoolArray, first: FormationParams, second: FormationParams) -> FormationParams:
    """Patron fields from ``second`` where ``mask``, else from ``first`` (client fields are shared)."""
    chosen = {
        k: np.where(mask, np.asarray(getattr(second, k), float), np.asarray(getattr(first, k), float))
        for k in _PATRON_FIELDS
    }
    return dataclasses.replace(first, **chosen)  # type: ignore[arg-type]


def _subset(
    dyad: FormationParams, rows: tuple[npt.NDArray[np.intp], ...], shape: tuple[int, ...]
) -> FormationParams:
    """The dyads at ``rows`` (every array field broadcast to ``shape`` first; scalars stay scalars)."""
    flat = np.ravel_multi_index(rows, shape)

    def pick(value: FloatArray) -> FloatArray:
        a = np.asarray(value, float)
        if a.shape == shape:  # most fields: take() gives a[rows] without fancy indexing (a third the time)
            return np.asarray(a.take(flat), float)
        return np.asarray(np.broadcast_to(a, shape)[rows], float)

    changes = {
        f.name: pick(getattr(dyad, f.name))
        for f in dataclasses.fields(dyad)
        if isinstance(getattr(dyad, f.name), np.ndarray) and np.ndim(getattr(dyad, f.name)) > 0
    }
    return dataclasses.replace(dyad, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class _Market:
    """The contest's winner and contract where contested (0 elsewhere), over ``(runs, states)``."""

    winner: npt.NDArray[np.int8]
    package: FloatArray
    payment: FloatArray


def _contest_where(
    contested: BoolArray,
    inc: FormationParams,
    pi_inc: FloatArray,
    chal: FormationParams,
    pi_chal: FloatArray,
    offers: tuple[FloatArray, FloatArray],
) -> _Market:
    """:func:`~alliancelab.theory.realignment.contest_kernel` on the contested clients only (elementwise,
    so each client's result is the one the kernel gives over all clients); ``offers`` are both patrons'
    best-offer utilities for every client."""
    shape = contested.shape
    winner, package, payment = np.zeros(shape, np.int8), np.zeros(shape), np.zeros(shape)
    rows = np.nonzero(contested)
    if rows[0].size:
        sub = contest_kernel(
            _subset(inc, rows, shape),
            pi_inc[rows],
            (_subset(chal, rows, shape), pi_chal[rows]),
            0.0,
            offers=(offers[0][rows], offers[1][rows]),
        )
        winner[rows], package[rows], payment[rows] = sub.winner, sub.package, sub.payment
    return _Market(winner, package, payment)


def contract_stage(
    dyads: tuple[FormationParams, FormationParams],
    credibility: tuple[float, float],
    state: tuple[npt.NDArray[np.int8], FloatArray, FloatArray],
    tau: FloatArray,
    regime_change: BoolArray,
    *,
    band: float,
    transaction_cost: float,
) -> Contracts:
    """Review standing contracts and run the market for every client (before the budget allocation).

    Seed 001: "Increasing divergence of interests leads either to alliance termination or to donors
    increasing the side payments"; "a small state leader chooses to realign with another great power when
    the leader expects a higher payoffs of net value from the new alliance". ``dyads`` are the client-H and
    client-R dyads (a patron that makes no offer has ``v = 0``, ``c = inf``).
    """
    align, x, p = state
    dyad_h, dyad_r = dyads
    on_r = align == 2
    inc = _pick(on_r, dyad_h, dyad_r)
    chal = _pick(on_r, dyad_r, dyad_h)
    pi_inc = np.where(on_r, credibility[1], credibility[0])
    pi_chal = np.where(on_r, credibility[0], credibility[1])
    aligned = align > 0
    contested = (regime_change & aligned) | ~aligned
    # both patrons' best offers for every client (the review weighs the challenger's); the contest's
    # contracts only for the contested clients, a few per cent of them once alliances stand
    incumbent_offer = np.broadcast_to(best_offer(inc, pi_inc).utility, align.shape)
    rival_offer = np.broadcast_to(best_offer(chal, pi_chal).utility, align.shape)  # U'_R with tau = 0
    market = _contest_where(contested, inc, pi_inc, chal, pi_chal, (incumbent_offer, rival_offer))
    # the switching cost binds a standing contract; after a regime change the new regime is not bound (d)
    tau_paid = np.where(aligned & ~regime_change, tau, 0.0)
    challenger_net = rival_offer - tau_paid
    rev = review(inc, pi_inc, x, p, challenger_net, band=band, transaction_cost=transaction_cost)
    # a terminated standing contract may move to the challenger: evaluated only for those clients (few)
    at_x = np.full(align.shape, np.nan)
    switch = np.zeros(align.shape, dtype=bool)
    x_sw, p_sw = np.zeros(align.shape), np.zeros(align.shape)
    ended = aligned & ~regime_change & (rev.outcome == TERMINATE)
    if ended.any():
        rows = np.nonzero(ended)
        inc_e, chal_e = _subset(inc, rows, align.shape), _subset(chal, rows, align.shape)
        with np.errstate(invalid="ignore"):
            at_x[rows] = offer_at(inc_e, x[rows], pi_inc[rows])
        floor = np.maximum(at_x[rows], 0.0)
        x_e, p_e, ok_e, _ = contract_for(chal_e, tau[rows] + floor, pi_chal[rows])
        switch[rows] = (challenger_net[rows] > floor) & ok_e
        x_sw[rows], p_sw[rows] = x_e, p_e
    # every client is either contested or a standing alliance under review (contested includes ~aligned)
    new_align, new_x, new_p, outcome = year_outcome(
        align, x, market, rev, (switch, x_sw, p_sw), contested, ~contested
    )
    new_p = np.where(new_align > 0, new_p, 0.0)  # no payment without an alliance
    ended = np.where(aligned & (new_align != align), align, 0).astype(np.int8)
    return Contracts(
        align=new_align,
        x=np.where(new_align > 0, new_x, 0.0),
        p=new_p,
        outcome=outcome,
        incumbent_offer=np.broadcast_to(incumbent_offer, align.shape).copy(),
        challenger_net_offer=np.broadcast_to(challenger_net, align.shape).copy(),
        incumbent_offer_at_x=at_x,
        ended_with=ended,
    )


def allocate_budget(
    contracts: Contracts, previous_align: npt.NDArray[np.int8], budget: FloatArray, margin: FloatArray
) -> Contracts:
    """Fund each patron's clients in order of priority until its budget runs out (see module docstring).

    ``budget``: ``(runs, patrons)``; ``margin``: ``(runs, patrons, states)`` patron value ``v*x - c`` of
    the client's package, from which the payment is subtracted for the ordering.
    """
    align, p, outcome = contracts.align, contracts.p, contracts.outcome
    funded = np.ones(align.shape, dtype=bool)
    standing = (outcome == CONTINUE) | (outcome == DOWN)
    klass = np.where(standing, 0, np.where(outcome == UP, 1, 2))
    for k in (0, 1):  # two patrons: a fixed, tiny loop
        mine = align == k + 1
        asked = np.where(mine, p, 0.0)
        # ration only in the runs where the patron's clients ask for more than its budget
        rows = np.flatnonzero(asked.sum(axis=1) > budget[:, k])
        if not rows.size:
            continue
        mine_r = mine[rows]
        value = np.where(mine_r, margin[rows, k] - p[rows], -np.inf)
        order = np.lexsort((-value, np.where(mine_r, klass[rows], 3)), axis=-1)
        paid = np.take_along_axis(asked[rows], order, axis=-1)
        fits_sorted = (np.cumsum(paid, axis=-1) <= budget[rows, k : k + 1]) | (paid == 0.0)
        fits = np.empty_like(fits_sorted)
        np.put_along_axis(fits, order, fits_sorted, axis=-1)
        funded[rows] &= ~mine_r | fits
    if funded.all():
        return contracts
    dropped = ~funded
    was_aligned = previous_align > 0
    new_outcome = np.where(dropped, np.where(was_aligned, TERMINATE, UNFUNDED), outcome).astype(np.int8)
    ended = np.where(dropped & was_aligned, previous_align, contracts.ended_with).astype(np.int8)
    return dataclasses.replace(
        contracts,
        align=np.where(dropped, 0, align).astype(np.int8),
        x=np.where(dropped, 0.0, contracts.x),
        p=np.where(dropped, 0.0, p),
        outcome=new_outcome,
        ended_with=ended,
    )
