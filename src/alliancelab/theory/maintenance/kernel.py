"""The deterministic kernel of section (d): review, events and re-bargaining year by year, over dyads."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from alliancelab._types import FloatArray, Int8Array
from alliancelab._types import as_float as _f
from alliancelab.errors import ParameterError
from alliancelab.theory.formation import FormationParams
from alliancelab.theory.maintenance.review import (
    _THREAT_CAP,
    FORM,
    NONE,
    REALIGN,
    REBARGAIN,
    TERMINATE,
    MaintenanceParams,
    Review,
    Shocks,
    _select,
    leader_swing_sd,
    offer_at,
    review,
)
from alliancelab.theory.realignment import PatronTerms, contest_kernel, contract_for, patron_dyad
from alliancelab.theory.selectorate import SelectorateParams, conversion_rate

__all__ = ["PathArrays", "simulate_kernel"]


@dataclass(frozen=True, slots=True)
class PathArrays:
    """A run as arrays of shape ``(years + 1, dyads)``; row 0 is the formation year (no shocks)."""

    alignment: Int8Array  # index into ALIGNMENT_LABELS
    package: FloatArray
    payment: FloatArray
    outcome: Int8Array  # index into OUTCOME_LABELS
    theta: FloatArray
    divergence_H: FloatArray
    divergence_R: FloatArray
    threat: FloatArray
    phi: FloatArray
    W: FloatArray
    S: FloatArray
    hazard: FloatArray  # leader hazard h_t
    mu: FloatArray
    leader_change: npt.NDArray[np.bool_]
    regime_change: npt.NDArray[np.bool_]
    democratization: npt.NDArray[np.bool_]


def _bargain(
    params: MaintenanceParams,
    dyad_h: FormationParams,
    dyad_r: FormationParams | None,
    state: tuple[Int8Array, FloatArray, FloatArray],
    rebargain: npt.NDArray[np.bool_],
    shop: npt.NDArray[np.bool_],
) -> tuple[Int8Array, FloatArray, FloatArray, Int8Array]:
    """One year's contracting for every dyad: review, re-bargain after a regime change, or the market.

    Seed 001: "a regime change in small states will be likely to cause one of the following outcomes: a) the
    new regime may terminate the existing alliance or b) the alliance remains intact in exchange for an
    increased level of side payments." After a regime change the contest of section (c) runs with
    ``tau' = 0`` and, in FLEX mode, a re-chosen package: the alliance survives iff ``G' >= 0``. [PROPOSED]
    FLEX: the payment for the pre-change package rises but H may buy fewer concessions for less money
    (claim D2 is tested on the pre-change package there; docs/models/maintenance.md).
    """
    align, x, p = state
    on_r = align == 2
    pi_h = np.full(align.shape, params.credibility)
    if dyad_r is None or params.rival is None:
        inc, chal, pi_inc = dyad_h, None, pi_h
    else:
        pi_r = np.full(align.shape, _f(params.rival.credibility))
        inc, chal = _select(on_r, dyad_h, dyad_r), _select(on_r, dyad_r, dyad_h)
        pi_inc, pi_chal = np.where(on_r, pi_r, pi_h), np.where(on_r, pi_h, pi_r)
    market = contest_kernel(inc, pi_inc, None if chal is None else (chal, pi_chal), 0.0)
    rival_net = market.rival_offer - params.tau
    rev = review(inc, pi_inc, x, p, rival_net, band=params.band, transaction_cost=params.transaction_cost)
    switch = np.zeros(align.shape, dtype=bool)
    x_sw, p_sw = np.zeros(align.shape), np.zeros(align.shape)
    if chal is not None:
        with np.errstate(invalid="ignore"):
            h_at_x = np.maximum(offer_at(inc, x, pi_inc), 0.0)
            x_sw, p_sw, ok_sw, _ = contract_for(chal, params.tau + h_at_x, pi_chal)
            switch = (rev.outcome == TERMINATE) & (rival_net > h_at_x) & ok_sw
    reviewed = (align > 0) & ~rebargain
    contested = rebargain | shop
    return year_outcome(align, x, market, rev, (switch, x_sw, p_sw), contested, reviewed)


class MarketResult(Protocol):
    """What :func:`year_outcome` reads of a contest: the winner (0 none, 1 incumbent, 2 challenger) and its
    contract (a :class:`~alliancelab.theory.realignment.ContestSolution`, or the composed world's)."""

    @property
    def winner(self) -> npt.NDArray[Any]: ...
    @property
    def package(self) -> FloatArray: ...
    @property
    def payment(self) -> FloatArray: ...


def year_outcome(
    align: Int8Array,
    x: FloatArray,
    market: MarketResult,
    rev: Review,
    moves: tuple[npt.NDArray[np.bool_], FloatArray, FloatArray],
    contested: npt.NDArray[np.bool_],
    reviewed: npt.NDArray[np.bool_],
) -> tuple[Int8Array, FloatArray, FloatArray, Int8Array]:
    """Each dyad's alignment, package, payment and outcome after the year's contracting.

    A contested client (unaligned, or re-bargaining after a regime change) takes the market's winner
    (section (c)); a reviewed alliance keeps, reprices or ends its contract (the review), and an ended one
    moves to the challenger where ``moves`` = (switch, package, payment) says so; any other dyad has no
    alliance. Shared by this kernel and the composed world (:mod:`alliancelab.sim.market`).
    """
    switch, x_sw, p_sw = moves
    aligned = align > 0
    won_inc, won_chal = market.winner == 1, market.winner == 2
    inc_label = np.where(align == 2, 2, 1)
    market_align = np.where(won_inc, inc_label, np.where(won_chal, 3 - inc_label, 0))
    market_outcome = np.where(
        aligned,
        np.where(won_inc, REBARGAIN, np.where(won_chal, REALIGN, TERMINATE)),
        np.where(market.winner > 0, FORM, NONE),
    )
    review_align = np.where(rev.outcome == TERMINATE, np.where(switch, 3 - align, 0), align)
    review_outcome = np.where(switch, REALIGN, rev.outcome)
    review_x = np.where(switch, x_sw, np.where(rev.outcome == TERMINATE, 0.0, x))
    review_p = np.where(switch, p_sw, np.where(rev.outcome == TERMINATE, 0.0, rev.payment))
    new_align = np.where(contested, market_align, np.where(reviewed, review_align, 0)).astype(np.int8)
    outcome = np.where(contested, market_outcome, np.where(reviewed, review_outcome, NONE)).astype(np.int8)
    new_x = np.where(contested, market.package, np.where(reviewed, review_x, 0.0))
    new_p = np.where(contested, market.payment, np.where(reviewed, review_p, 0.0))
    return new_align, new_x, new_p, outcome


def _cost(base: float | FloatArray, scale: FloatArray) -> FloatArray:
    """Commitment cost scaled with exposure; a zero cost stays zero even where the scale overflows.

    A year-0 exposure of 1e-313 makes the scale overflow: the cost is then the largest float, which no
    package covers (as ``inf`` would), but stays a valid, finite ``c``.
    """
    c0 = _f(base)
    with np.errstate(invalid="ignore", over="ignore"):
        return np.where(c0 > 0, np.minimum(c0 * scale, np.finfo(float).max), 0.0)


def _check_dyad_axis(params: MaintenanceParams, n: int) -> None:
    """Every array parameter must broadcast to the dyad axis of the shocks."""
    parts: list[FormationParams | SelectorateParams | PatronTerms] = [params.dyad, params.leader]
    if params.rival is not None:
        parts.append(params.rival)
    for part in parts:
        for spec in dataclasses.fields(part):
            shape = np.shape(getattr(part, spec.name))
            try:
                fits = np.broadcast_shapes(shape, (n,)) == (n,)
            except ValueError:
                fits = False
            if not fits:
                raise ParameterError(
                    f"{spec.name} has shape {shape}, which does not fit {n} dyad(s): pass one value per dyad"
                )


def simulate_kernel(params: MaintenanceParams, shocks: Shocks) -> PathArrays:
    """Run the years deterministically from pre-drawn ``shocks`` (the pure kernel, vectorised over dyads).

    Seed 001: "During the maintenance phase of the alliance, the parties engage in a process of bargaining
    to continue the flow of benefits from the alignment as well as to minimize one's costs and risks
    associated with the alliance commitments." Rules of section (d) as in the module docstring (world
    drift, leader and regime changes, review, re-bargaining and the alignment market). [PROPOSED][REVISED]
    """
    years, n = shocks.shape
    _check_dyad_axis(params, n)
    theta_start, theta_r = (np.broadcast_to(a, (n,)).astype(float) for a in params.positions())
    dyad, leader, rival = params.dyad, params.leader, params.rival
    t0 = np.broadcast_to(_f(dyad.T), (n,)).astype(float)
    phi_start = np.broadcast_to(_f(dyad.phi), (n,)).astype(float)
    exposure0 = t0 * (1 - phi_start)
    W = np.broadcast_to(_f(leader.W), (n,)).astype(float)
    S = np.broadcast_to(_f(leader.S), (n,)).astype(float)
    h_base = np.broadcast_to(_f(leader.h), (n,)).astype(float)
    theta, threat, phi = theta_start.copy(), t0.copy(), phi_start.copy()
    remaining = 1 - phi_start  # 1 - phi, kept apart from phi (see below)
    with np.errstate(divide="ignore"):
        log_odds = np.log(phi) - np.log1p(-phi)
    tenure = np.full(n, params.new_leader_periods)
    align, x, p = np.zeros(n, dtype=np.int8), np.zeros(n), np.zeros(n)
    rows: dict[str, list[npt.NDArray[np.generic]]] = {f.name: [] for f in dataclasses.fields(PathArrays)}
    no_event = np.zeros(n, dtype=bool)

    for t in range(years + 1):
        lc = rc = dem = no_event
        if t > 0:
            s = t - 1
            theta = np.clip(theta + params.theta_sd * shocks.theta[s], 0.0, 1.0)
            threat = np.clip(
                t0 + params.threat_persistence * (threat - t0) + params.threat_sd * shocks.threat[s],
                0.0,
                _THREAT_CAP,
            )
            log_odds = log_odds + params.growth + params.capability_sd * shocks.capability[s]
            # 1 - phi from the odds, not as a difference: near phi = 1 the round trip phi -> log-odds ->
            # phi moves phi by an ulp, which doubled 1 - phi (and the commitment cost that follows it) in a
            # year with no capability shock (phi = 1 - 2**-53 ended a standing alliance)
            with np.errstate(over="ignore"):
                remaining = 1 / (1 + np.exp(log_odds))
                phi = np.where(log_odds > 0, 1 - remaining, 1 / (1 + np.exp(-log_odds)))
            h_start = np.clip(h_base + params.new_leader_hazard * (tenure < params.new_leader_periods), 0, 1)
            hazard_rc = np.clip(params.regime_hazard_base + params.regime_hazard_slope * h_start, 0, 1)
            rc = shocks.regime_u[s] < hazard_rc
            lc = ~rc & (shocks.leader_u[s] < h_start)
            swing = leader_swing_sd(W, params.leader_swing, params.leader_swing_exponent)
            theta = np.where(lc, np.clip(theta + swing * shocks.leader_swing[s], 0, 1), theta)
            tenure = np.where(lc, 0, tenure + 1)
            dem = rc & (shocks.regime_kind_u[s] < params.democratization_prob)
            (c_lo, c_hi), (d_lo, d_hi) = params.coup_W, params.democracy_W
            u = shocks.regime_w_u[s]
            w_new = np.where(dem, d_lo + (d_hi - d_lo) * u, c_lo + (c_hi - c_lo) * u)
            W, S = np.where(rc, w_new, W), np.where(rc, np.maximum(S, w_new), S)
            patron_theta = np.where(align == 2, theta_r, params.theta_H)
            away = np.sign(theta - patron_theta)
            away = np.where(away == 0, np.where(patron_theta <= 0.5, 1.0, -1.0), away)
            shift = np.abs(params.regime_shift_mean + params.regime_shift_sd * shocks.regime_shift[s])
            theta = np.where(rc, np.clip(theta + away * shift, 0, 1), theta)
        h = np.clip(h_base + params.new_leader_hazard * (tenure < params.new_leader_periods), 0, 1)
        mu = conversion_rate(dataclasses.replace(leader, W=W, S=S, h=h))
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            # no year-0 threat (T_0 = 0): the cost follows the client's exposure 1 - phi alone, as a review's
            # capability shock scales it (review.py); before, a capability shock left it unmoved
            by_phi = np.where(phi_start < 1, remaining / (1 - phi_start), 1.0)
            scale = np.where(exposure0 > 0, threat * remaining / exposure0, by_phi)
        d_h = np.abs(theta - params.theta_H)
        dyad_h = dataclasses.replace(dyad, T=threat, phi=phi, d=d_h, mu=mu, c=_cost(dyad.c, scale))
        dyad_r = None
        d_r = np.abs(theta - theta_r)
        if rival is not None:
            terms = dataclasses.replace(rival, d=d_r, c=_cost(rival.c, scale))
            dyad_r = patron_dyad(dyad_h, terms)
        shop = (align == 0) & (params.reform or t == 0)
        align, x, p, outcome = _bargain(params, dyad_h, dyad_r, (align, x, p), rc & (align > 0), shop)
        for name, value in (
            ("alignment", align), ("package", x), ("payment", p), ("outcome", outcome), ("theta", theta),
            ("divergence_H", d_h), ("divergence_R", d_r), ("threat", threat), ("phi", phi), ("W", W),
            ("S", S), ("hazard", h), ("mu", mu), ("leader_change", lc), ("regime_change", rc),
            ("democratization", dem),
        ):  # fmt: skip
            rows[name].append(np.array(value))
    return PathArrays(**{name: np.stack(values) for name, values in rows.items()})
