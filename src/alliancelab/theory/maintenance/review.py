"""Parameters, shocks and the per-period contract review of section (d) (see the package docstring)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from alliancelab._types import FloatArray, Int8Array, Real
from alliancelab._types import as_float as _f
from alliancelab._validate import check_broadcast, check_range
from alliancelab.errors import ParameterError
from alliancelab.theory.formation import FormationParams, deficit_at, security_terms
from alliancelab.theory.realignment import PatronTerms
from alliancelab.theory.selectorate import SelectorateParams

__all__ = [
    "ALIGNMENT_LABELS",
    "CITATION_KEYS",
    "OUTCOME_LABELS",
    "MaintenanceParams",
    "Review",
    "Shocks",
    "capability_shock",
    "draw_shocks",
    "leader_swing_sd",
    "offer_at",
    "review",
]

CITATION_KEYS: tuple[str, ...] = (
    "kabir2015tradeoff",
    "cooley2008base",
    "morrow1991alliances",
    "bdm2016competition",
    "bdm2003logic",
)
NONE, FORM, CONTINUE, UP, DOWN, TERMINATE, REALIGN, REBARGAIN = range(8)
OUTCOME_LABELS: tuple[str, ...] = (
    "unaligned",
    "form",
    "continue",
    "renegotiate_up",
    "renegotiate_down",
    "terminate",
    "realign",
    "rebargain",
)
ALIGNMENT_LABELS: tuple[str, ...] = ("none", "H", "R")
_SLACK = 1e-9
_THREAT_CAP = 1 - 1e-3  # T stays below 1 so that security alone s0 > 0


def leader_swing_sd(W: Real, s_lc0: float = 0.1, nu: float = 1.0) -> FloatArray:
    """Policy swing of a new leader, ``s_LC(W) = s_LC0*(1 - W)^nu`` (sd of the move in theta). [PROPOSED]

    Seed 001: "most democratic leaders are constrained by domestic political institutions and rely on the
    support from different segments of society, it is difficult for them to make drastic changes in policy."
    """
    return s_lc0 * (1 - _f(W)) ** nu


@dataclass(frozen=True, slots=True)
class MaintenanceParams:
    """One dyad's world over time (dyad and leader fields may be arrays over dyads; the rest are scalars).

    ``dyad`` is the client with patron H at year 0: its ``d`` places the client's ideal point at
    ``theta_H + d`` (or ``theta_H - d`` if that exceeds 1) and its ``mu`` is replaced every year by the
    leader's conversion rate from ``leader`` (section (b)). ``rival.d`` places R on the far side of the
    client. Hazards are per year; ``band`` (``b_neg``) is in utils and ``transaction_cost`` (``k_neg``) in
    USD m/yr.
    """

    dyad: FormationParams = field(default_factory=FormationParams)
    leader: SelectorateParams = field(default_factory=SelectorateParams)
    rival: PatronTerms | None = None
    credibility: float = 0.95  # pi_H
    tau: float = 0.5  # switching cost, utils
    theta_H: float = 0.0
    theta_sd: float = 0.02  # s_theta
    threat_persistence: float = 0.8  # rho_T
    threat_sd: float = 0.0  # s_T
    growth: float = 0.0  # mean d ln K
    capability_sd: float = 0.0  # s_K
    regime_hazard_base: float = 0.01
    regime_hazard_slope: float = 0.1
    regime_shift_mean: float = 0.3  # m_RC
    regime_shift_sd: float = 0.15  # s_RC
    democratization_prob: float = 0.5
    coup_W: tuple[float, float] = (0.05, 0.25)
    democracy_W: tuple[float, float] = (0.6, 1.0)
    leader_swing: float = 0.1  # s_LC0
    leader_swing_exponent: float = 1.0  # nu
    new_leader_hazard: float = 0.1  # h_new
    new_leader_periods: int = 2  # L0
    band: float = 0.01  # b_neg
    transaction_cost: float = 1.0  # k_neg
    reform: bool = True

    def __post_init__(self) -> None:
        check_broadcast(self, exclude=("coup_W", "democracy_W"))  # (low, high) ranges of W
        check_range("credibility (pi_H)", self.credibility, 0, 1, lo_open=True)
        for name in ("tau", "theta_sd", "threat_sd", "capability_sd", "regime_shift_mean", "regime_shift_sd"):
            check_range(name, getattr(self, name), 0)
        for name in ("leader_swing", "leader_swing_exponent", "band", "transaction_cost"):
            check_range(name, getattr(self, name), 0)
        check_range("theta_H", self.theta_H, 0, 1)
        check_range(
            "dyad omega0 (divergence may drift to 0)", self.dyad.omega0, 0, 1, lo_open=True, hi_open=True
        )
        check_range("threat_persistence", self.threat_persistence, 0, 1)
        check_range("growth", self.growth, -1, 1)
        check_range("regime_hazard_base", self.regime_hazard_base, 0, 1)
        check_range("regime_hazard_slope", self.regime_hazard_slope, 0)
        check_range("democratization_prob", self.democratization_prob, 0, 1)
        check_range("new_leader_hazard", self.new_leader_hazard, 0, 1)
        check_range("new_leader_periods", self.new_leader_periods, 0)
        for name in ("coup_W", "democracy_W"):
            lo, hi = getattr(self, name)
            check_range(f"{name} lower end", lo, 0, 1, lo_open=True)
            check_range(f"{name} upper end", hi, lo, 1)
        self.positions()  # raises if the patrons cannot be placed on [0, 1]

    def positions(self) -> tuple[FloatArray, FloatArray]:
        """Initial ideal points ``(theta_client, theta_R)`` from ``theta_H``, ``dyad.d`` and ``rival.d``."""
        d_h = _f(self.dyad.d)
        up = self.theta_H + d_h
        theta = np.where(up <= 1, up, self.theta_H - d_h)
        if np.any(theta < 0):
            raise ParameterError(f"d = {float(np.max(d_h)):g} cannot place the client on [0, 1] from theta_H")
        if self.rival is None:
            return theta, np.full_like(theta, np.nan)
        d_r = _f(self.rival.d)
        away = np.where(theta >= self.theta_H, theta + d_r, theta - d_r)
        theta_r = np.where(
            (away >= 0) & (away <= 1), away, np.where(theta >= self.theta_H, theta - d_r, theta + d_r)
        )
        if np.any((theta_r < 0) | (theta_r > 1)):
            raise ParameterError(f"rival d = {float(np.max(d_r)):g} cannot place the rival on [0, 1]")
        return theta, theta_r


@dataclass(frozen=True, slots=True)
class Shocks:
    """Every random draw of a run, shape ``(years, dyads)``: uniforms in [0, 1), the rest standard normal."""

    theta: FloatArray
    threat: FloatArray
    capability: FloatArray
    leader_u: FloatArray
    leader_swing: FloatArray
    regime_u: FloatArray
    regime_kind_u: FloatArray
    regime_w_u: FloatArray
    regime_shift: FloatArray

    @property
    def shape(self) -> tuple[int, int]:
        """``(years, dyads)``."""
        rows, cols = self.theta.shape
        return int(rows), int(cols)


def draw_shocks(years: int, dyads: int = 1, *, rng: np.random.Generator) -> Shocks:
    """Draw all shocks of a run up front from ``rng`` (one block per kind, in a fixed order)."""
    size = (years, dyads)
    normal = rng.standard_normal((5, *size))
    uniform = rng.random((4, *size))
    return Shocks(
        theta=normal[0],
        threat=normal[1],
        capability=normal[2],
        leader_swing=normal[3],
        regime_shift=normal[4],
        leader_u=uniform[0],
        regime_u=uniform[1],
        regime_kind_u=uniform[2],
        regime_w_u=uniform[3],
    )


def offer_at(dyad: FormationParams, package: Real, credibility: Real) -> FloatArray:
    """Most client utility a patron can give at a fixed package: ``mu*pi*clip(v*x - c, 0, B) - D(x)``.

    ``-inf`` where the patron cannot break even (``v*x < c``) or the package cannot be compensated. Used when
    a review terminates: the client realigns iff the rival's net offer beats this (Kabir's rule, section
    (c); seed 001: "a small state leader chooses to realign with another great power when the leader
    expects a higher payoffs of net value from the new alliance"). [LIT-SIGN]
    """
    st = security_terms(dyad)
    x = _f(package)
    gross = _f(dyad.v) * x - _f(dyad.c)
    deficit = deficit_at(x, st.alpha, np.log(st.ratio), st.delta, dyad.eps)
    pay = np.clip(gross, 0.0, _f(dyad.budget))
    with np.errstate(invalid="ignore"):
        return np.where(
            (gross >= 0) & np.isfinite(deficit), _f(dyad.mu) * _f(credibility) * pay - deficit, -np.inf
        )


def capability_shock(dyad: FormationParams, log_change: Real) -> FormationParams:
    """The dyad after a capability shock ``d ln K``: M scales with K, so the odds ``M/Z`` scale by ``K'/K``.

    ``phi' = phi*g/(phi*g + 1 - phi)`` with ``g = exp(d ln K)``; the patron's commitment cost follows the
    client's exposure, ``c' = c*(1-phi')/(1-phi)`` (``c = eps_k*T*(1-phi)*q0*Cbar``, section 0.2).
    Morrow 1991 (not in the seeds): "the greater the change in its members' individual capabilities, the
    more likely it will be broken". [PROPOSED] (M scales with K, models.md (d) Parameters)
    """
    phi, growth = _f(dyad.phi), np.exp(_f(log_change))
    # (1-phi')/(1-phi) = 1/(phi*g + 1 - phi): written without the difference 1 - phi', which cancels to 0
    # (and takes the patron's whole cost away) when phi is within rounding of 1
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        scale = np.where(phi < 1, 1.0 / (phi * growth + (1 - phi)), 1.0)
        new_phi = np.clip(np.where(phi < 1, phi * growth * scale, 1.0), 0.0, 1.0)
    return dataclasses.replace(dyad, phi=new_phi, c=_f(dyad.c) * scale)


@dataclass(frozen=True, slots=True)
class Review:
    """Outcome of the per-period review of a standing contract (arrays over dyads)."""

    outcome: Int8Array  # CONTINUE, UP, DOWN or TERMINATE (see OUTCOME_LABELS)
    payment: FloatArray  # p after review (the standing p if terminated)
    required_payment: FloatArray  # p_req
    surplus: FloatArray  # G_t
    client_margin: FloatArray  # Z (utils)
    patron_margin: FloatArray  # Y (USD m/yr)


def review(
    incumbent: FormationParams,
    credibility: Real,
    package: Real,
    payment: Real,
    rival_offer: Real = -np.inf,
    *,
    band: float = 0.01,
    transaction_cost: float = 1.0,
) -> Review:
    """Review a standing contract ``(x, p)`` at current parameters: continue, renegotiate or terminate.

    Seed 001: "Increasing divergence of interests leads either to alliance termination or to donors
    increasing the side payments made to a small state for its policy concessions." ``rival_offer`` is the
    rival's best offer net of the switching cost (utils; ``-inf`` without a rival). [PROPOSED][REVISED]

    .. code-block:: text

        p_req = max(0, D_t(x) + max(0, rival_offer))/(mu*pi)    (+inf if x*delta >= 1-eps)
        G_t = v*x - c - p_req;   Z = mu*pi*(p - p_req);   Y = v*x - c - p
        G_t < 0 or p_req > B: terminate;  Z < -band: up, p' = p_req;  Y < -transaction_cost: down, p' = p_req
    """
    st = security_terms(incumbent)
    mu, pi, x, p = _f(incumbent.mu), _f(credibility), _f(package), _f(payment)
    need = np.maximum(_f(rival_offer), 0.0)
    owed = deficit_at(x, st.alpha, np.log(st.ratio), st.delta, incumbent.eps) + need
    with np.errstate(invalid="ignore"):
        p_req = np.where(owed <= 0, 0.0, owed / (mu * pi))
        gross = _f(incumbent.v) * x - _f(incumbent.c)
        surplus = gross - p_req
        z = mu * pi * (p - p_req)
    y = gross - p
    budget = _f(incumbent.budget)
    slack = _SLACK * (1 + np.abs(_f(incumbent.v)) + np.abs(_f(incumbent.c)))  # rounding, not economics
    terminate = ~np.isfinite(p_req) | (surplus < -slack) | (p_req > budget + slack)
    up = ~terminate & (z < -band)
    down = ~terminate & ~up & (y < -transaction_cost)
    outcome = np.select([terminate, up, down], [TERMINATE, UP, DOWN], CONTINUE).astype(np.int8)
    new_p = np.where(up | down, np.minimum(p_req, budget), p)
    return Review(outcome, new_p, p_req, surplus, z, y)


def _select(mask: npt.NDArray[np.bool_], first: FormationParams, second: FormationParams) -> FormationParams:
    """Patron fields from ``second`` where ``mask`` else from ``first`` (client fields are shared)."""

    def pick(name: str) -> FloatArray:
        return np.where(mask, _f(getattr(second, name)), _f(getattr(first, name)))

    return dataclasses.replace(
        first,
        v=pick("v"),
        c=pick("c"),
        d=pick("d"),
        chi=pick("chi"),
        q0=pick("q0"),
        budget=pick("budget"),
        package=pick("package"),
    )
