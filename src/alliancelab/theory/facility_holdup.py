r"""Client hold-up in a dyad: closing the patron's facilities as counter-leverage, and the patron's answer.

The coalition model's hold-up (:mod:`alliancelab.coalition.holdup`) is about contingents in a mission. Here
a client hosting the patron's facilities (bases, transit routes) under a standing contract ``(x, p)``
threatens to close the part ``x_f`` of the package they stand for. Closing regains autonomy; the patron
suspends the share ``s`` of the payment while they stay closed; the patron's own alternative is to move the
facilities (one-off cost ``K``) or to do without them for the ``h`` years the closure lasts. All forms
``[PROPOSED]``:

.. code-block:: text

    g      = (1-alpha)*[ln(1 - (x-x_f)*delta) - ln(1 - x*delta)]/mu      autonomy regained, USD m/yr (>= 0)
    L      = h*(pi*s*p - g)                 client's loss from a closure it keeps up (USD m; < 0: it gains)
    R      = min(K, h*v*x_f)                patron's loss from a closure it does not buy off (USD m)
    credible iff L < 0                      the client would really close if refused
    credible and -L <= R:   the patron pays  demand = -L + beta*(R + L)   (over h years)     -> HOLD-UP
    credible and -L >  R:   the patron lets them go: x' = x - x_f, p' = (1-s)*p     -> CONCESSION-DOWN
    not credible:           nothing changes (the patron calls the bluff)

``-L`` is what the client needs to keep the facilities open; ``R`` the most the patron pays to keep them.
Between the two, the client takes the share ``beta`` of the gain (a Nash split of the hold-up surplus),
unlike the take-it-or-leave-it bargain of section (a), in which the patron keeps all the surplus. A
domestic outcry raises the salience ``sal`` and with it ``g``: that is when closures happen.

Seed 004 (Henke): opportunistic states "can deploy and signal midway to reduce or withdraw their forces if
their demands for a quid pro quo are not met"; "relatively weak states can thus dominate negotiations".
Cooley 2008 (via reviews): outcomes depend on "the regime's political dependence on the security contract".

References (keys of ``references.bib``): henke2019buying, cooley2008base, kabir2015tradeoff.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from alliancelab._validate import check_range
from alliancelab.theory.formation import FloatArray, FormationParams, Real, security_terms

__all__ = [
    "CITATION_KEYS",
    "HOLDUP_LABELS",
    "HoldupOutcome",
    "HoldupTerms",
    "autonomy_regained",
    "facility_holdup",
]

CITATION_KEYS: tuple[str, ...] = ("henke2019buying", "cooley2008base", "kabir2015tradeoff")
NO_THREAT, PAID, LET_GO = 0, 1, 2
HOLDUP_LABELS: tuple[str, ...] = ("no credible threat", "patron pays", "patron lets the facilities go")


@dataclass(frozen=True, slots=True)
class HoldupTerms:
    """A closure threat: facility share ``x_f``, duration ``h``, relocation cost ``K``, suspension, share."""

    facilities: Real = 0.5  # x_f: share of the package the closure takes away, [0, 1]
    duration: Real = 1.0  # h: years the closure lasts if not bought off, > 0
    relocation: Real = np.inf  # K: patron's one-off cost of moving the facilities, USD m, >= 0
    suspended: Real = 1.0  # s: share of the payment the patron suspends while they are closed, [0, 1]
    share: Real = 0.5  # beta: the client's bargaining share of the hold-up surplus, [0, 1]

    def __post_init__(self) -> None:
        check_range("hold-up facilities", self.facilities, 0, 1)
        check_range("hold-up duration", self.duration, 0, lo_open=True, hi_open=True)
        check_range("hold-up relocation", self.relocation, 0)
        check_range("hold-up suspended", self.suspended, 0, 1)
        check_range("hold-up share", self.share, 0, 1)


@dataclass(frozen=True, slots=True)
class HoldupOutcome:
    """The threat and the patron's answer (arrays broadcast); money in USD m (``demand`` over ``h`` years)."""

    regained: FloatArray  # g, USD m/yr
    client_loss: FloatArray  # L, USD m
    patron_loss: FloatArray  # R, USD m
    credible: npt.NDArray[np.bool_]
    demand: FloatArray  # what the patron pays in total (0 unless it pays)
    response: npt.NDArray[np.int8]  # index into HOLDUP_LABELS
    package: FloatArray  # x after the answer
    payment: FloatArray  # p per year after the answer (demand spread over h years when paid)
    citation_keys: tuple[str, ...] = field(default=CITATION_KEYS)


def autonomy_regained(dyad: FormationParams, package: Real, facilities: Real) -> FloatArray:
    """``g = (1-alpha)*[ln(1-(x-x_f)delta) - ln(1-x*delta)]/mu``: what closing ``x_f`` is worth (USD m/yr).

    ``+inf`` where the standing package cannot be compensated (``x*delta >= 1``). [PROPOSED] Seed 000:
    the client's concessions ("granting basing rights") are what it gives up autonomy for.
    """
    st = security_terms(dyad)
    x = np.asarray(package, dtype=float)
    x_left = np.maximum(x - np.asarray(facilities, dtype=float), 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        regained = (
            (1 - st.alpha)
            * (np.log1p(-np.minimum(x_left * st.delta, 1.0)) - np.log1p(-np.minimum(x * st.delta, 1.0)))
            / np.asarray(dyad.mu, dtype=float)
        )
    return np.asarray(np.where(x * st.delta >= 1, np.inf, regained), dtype=float)


def facility_holdup(
    dyad: FormationParams,
    package: Real,
    payment: Real,
    terms: HoldupTerms,
    credibility: Real = 1.0,
) -> HoldupOutcome:
    """The client's closure threat on a standing contract ``(x, p)`` and the patron's cheapest answer.

    Henke (seed 004): weak states "can deploy and signal midway to reduce or withdraw their forces if their
    demands for a quid pro quo are not met" and "relatively weak states can thus dominate negotiations".
    Equations in the module docstring. [PROPOSED]
    """
    x, p = np.asarray(package, dtype=float), np.asarray(payment, dtype=float)
    x_f = np.minimum(np.asarray(terms.facilities, dtype=float), x)
    h = np.asarray(terms.duration, dtype=float)
    s = np.asarray(terms.suspended, dtype=float)
    beta = np.asarray(terms.share, dtype=float)
    regained = autonomy_regained(dyad, x, x_f)
    with np.errstate(invalid="ignore"):
        loss = h * (np.asarray(credibility, dtype=float) * s * p - regained)
        patron = np.minimum(np.asarray(terms.relocation, dtype=float), h * np.asarray(dyad.v, float) * x_f)
        credible = (loss < 0) & (x_f > 0)
        pays = credible & (-loss <= patron)
        demand = np.where(pays, -loss + beta * (patron + loss), 0.0)
    let_go = credible & ~pays
    response = np.where(pays, PAID, np.where(let_go, LET_GO, NO_THREAT)).astype(np.int8)
    new_x = np.where(let_go, x - x_f, x)
    with np.errstate(invalid="ignore"):
        new_p = np.where(pays, p + demand / h, np.where(let_go, (1 - s) * p, p))
    shape = response.shape

    def full(a: FloatArray) -> FloatArray:
        return np.broadcast_to(a, shape).astype(float)

    return HoldupOutcome(
        full(regained),
        full(loss),
        full(patron),
        np.broadcast_to(credible, shape).copy(),
        full(demand),
        response,
        full(new_x),
        full(new_p),
    )
