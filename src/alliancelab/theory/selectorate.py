r"""Selectorate effect: how the client leader's coalition, resources and instability price a concession.

Section (b) of the model specification (``docs/models/selectorate.md``). The side payment a client leader
needs is the deficit of section (a) divided by ``mu``, the leader's marginal utility of external money.
Bueno de Mesquita & Smith give the direction of every effect; the reduced form is ours:

.. code-block:: text

    mu    = mu0 * W^(-gamma) * S^(lambda) * (1 + r/rbar)^(-eta) * (1 + h)^(zeta)   [PROPOSED, signs LIT-SIGN]
    p_min = max(0, D(x)) / mu                                                     (section (a))

    d ln p_min/d ln W = +gamma ;  d ln p_min/d ln S = -lambda ;
    d ln p_min/d ln(1+r/rbar) = +eta ;  d ln p_min/d ln(1+h) = -zeta               (FIXED package)

``zeta`` is signed: the seeds give no sign for instability. The default ``zeta > 0`` makes insecure leaders
value external resources more (cheaper to buy); ``zeta < 0`` is the opposite reading. Instability also
lowers the patron's expected value, ``v_eff = v*(1 - h_RC)`` (:func:`patron_value_at_risk`).

References: kabir2015tradeoff, kabir2019sidepayments, bdm2007foreign, bdm2009political, bdm2003logic.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from alliancelab._types import FloatArray, Real
from alliancelab._types import as_float as _f
from alliancelab._validate import check_broadcast, check_range
from alliancelab.errors import ParameterError
from alliancelab.theory.formation import FormationParams

__all__ = [
    "CITATION_KEYS",
    "SelectorateParams",
    "conversion_rate",
    "patron_value_at_risk",
    "payment_elasticities",
    "with_leader",
]

CITATION_KEYS: tuple[str, ...] = (
    "kabir2015tradeoff",
    "kabir2019sidepayments",
    "bdm2007foreign",
    "bdm2009political",
    "bdm2003logic",
)


@dataclass(frozen=True, slots=True)
class SelectorateParams:
    """The client leader's domestic setting (every field broadcasts over numpy arrays).

    ``W``, ``S``: winning-coalition and selectorate indices (BdM et al. 2003), ``0 < W <= S <= 1``;
    ``r``: the leader's domestic revenue (USD m/yr); ``h``: deposition hazard in [0, 1].
    """

    W: Real = 0.5
    S: Real = 1.0
    r: Real = 1000.0
    h: Real = 0.1
    mu0: Real = 0.01  # utils per USD m at W = S = 1, r = 0, h = 0
    gamma: Real = 1.0  # elasticity of the payment in W
    lambda_: Real = 0.5  # elasticity of mu in S
    eta: Real = 0.5  # elasticity of the payment in (1 + r/rbar)
    zeta: Real = 0.5  # signed: > 0 makes unstable leaders cheaper to buy
    rbar: Real = 1000.0  # revenue scale, USD m/yr

    def __post_init__(self) -> None:
        check_broadcast(self)
        check_range("W", self.W, 0, 1, lo_open=True)
        check_range("S", self.S, 0, 1, lo_open=True)
        w, s = np.asarray(self.W, dtype=float), np.asarray(self.S, dtype=float)
        if np.any(w > s):
            bad_w, bad_s = np.broadcast_arrays(w, s)
            i = np.flatnonzero(bad_w > bad_s)[0]
            raise ParameterError(
                f"W = {bad_w.flat[i]:g} exceeds S = {bad_s.flat[i]:g}: the winning coalition is part of the "
                "selectorate, so W <= S"
            )
        check_range("r", self.r, 0, hi_open=True)
        check_range("h", self.h, 0, 1)
        check_range("mu0", self.mu0, 0, lo_open=True, hi_open=True)
        check_range("gamma", self.gamma, 0, lo_open=True, hi_open=True)
        check_range("lambda_", self.lambda_, 0, lo_open=True, hi_open=True)
        check_range("eta", self.eta, 0, lo_open=True, hi_open=True)
        check_range("zeta", self.zeta, lo_open=True, hi_open=True)
        check_range("rbar", self.rbar, 0, lo_open=True)


def conversion_rate(params: SelectorateParams) -> FloatArray:
    """Leader's utils per USD m of external money, ``mu = mu0*W^-gamma*S^lambda*(1+r/rbar)^-eta*(1+h)^zeta``.

    [PROPOSED, signs LIT-SIGN]. Kabir (seed 001): "the amount of side payments needed to compensate for
    policy concessions is likely to be smaller for small coalition leaders (typically seen in autocratic
    polities) than it is for large coalition leaders (usually seen in liberal democracies)." BdM&S 2007:
    the amount of aid "increases as the recipient leader's coalition increases, the selectorate decreases
    ... and the domestic resources increase." Kabir 2019 (seed 000): side payments "enhanced the Pakistani
    leaders' hold on power in an unstable political environment" (sign of ``zeta`` left to the user).
    """
    log_mu = (
        np.log(_f(params.mu0))
        - _f(params.gamma) * np.log(_f(params.W))
        + _f(params.lambda_) * np.log(_f(params.S))
        - _f(params.eta) * np.log1p(_f(params.r) / _f(params.rbar))
        + _f(params.zeta) * np.log1p(_f(params.h))
    )
    return np.exp(log_mu)


def payment_elasticities(params: SelectorateParams) -> dict[str, FloatArray]:
    """Closed-form elasticities of the payment for a FIXED package (``p_min`` proportional to ``1/mu``).

    ``d ln p/d ln W = gamma``, ``d ln p/d ln S = -lambda``, ``d ln p/d ln(1+r/rbar) = eta``,
    ``d ln p/d ln(1+h) = -zeta``. [LIT-SIGN]

    BdM&S 2007: the amount of aid "increases as the recipient leader's coalition increases, the selectorate
    decreases, the issue's salience increases, and the domestic resources increase."
    """
    return {
        "W": _f(params.gamma),
        "S": -_f(params.lambda_),
        "1+r/rbar": _f(params.eta),
        "1+h": -_f(params.zeta),
    }


def with_leader(formation: FormationParams, leader: SelectorateParams) -> FormationParams:
    """The formation parameters with ``mu`` set from the client leader's domestic setting. [PROPOSED]

    BdM&S 2009: "Small coalition leaders rely more on private goods to retain office, making it easier for
    them to grant policy concessions for aid." The selectorate enters the bargain only through ``mu``.
    """
    return dataclasses.replace(formation, mu=conversion_rate(leader))


def patron_value_at_risk(v: Real, regime_hazard: Real, patron_discount: Real | None = None) -> FloatArray:
    """Patron's value of a client whose successor regime may renege: ``v_eff = v*(1 - h_RC)``. [PROPOSED]

    Kabir (seed 001): "the new regime may terminate the existing alliance"; the patron discounts for it.

    With a discount factor ``beta_H`` the value is multiplied by the expected remaining duration
    ``1/(1 - beta_H*(1 - h_RC))`` of section (d). Instability therefore lowers the price (through ``mu``)
    and the patron's value at once, so its net effect on formation is ambiguous.
    """
    check_range("regime_hazard", regime_hazard, 0, 1)
    value = _f(v) * (1 - _f(regime_hazard))
    if patron_discount is None:
        return value
    check_range("patron_discount", patron_discount, 0, 1, hi_open=True)
    return value / (1 - _f(patron_discount) * (1 - _f(regime_hazard)))
