"""Alliance control theory (Blankenship, seed 003): abandonment, compliance, patron pressure, Goldilocks.

models.md (e2); every form is `[PROPOSED]` (the seed argues verbally; :cite:`blankenship2023dilemma`,
:cite:`blankenship2021price`, :cite:`snyder1984security`). Money in the patron calculus is USD bn; ``Ben``
is USD m/yr (multiply by ``mu``, utils per USD m, to compare with the compliance cost).

    abandonment credibility   kappa = clip(k0 + k1*rho_H + k2*psi_H - k3*v/vbar, 0, 1)
    compliance                comply iff ln((1-e0)/(1-e0-Delta)) <= kappa*mu*Ben                  [REVISED]
    value of ally defence     s_H = s0*(1 + T)*(1 + rho_H)          (USD of H-savings per USD)
    pressure value            N(K)  = s_H*Delta*K - V*[pi_exit((e0+Delta)*K) - pi_exit(e0*K)] - F
    reassurance value         N-(K) = -s_H*Delta*K + V*[pi_exit(e0*K) - pi_exit((e0-Delta)^+*K)] - F
                              (q = -1 payoff, [REVISED])
    decision                  q = +1 iff comply and N > max(0, N-);  q = -1 iff N- > max(0, N);  else 0

``pi_exit`` is read at the horizon stock ``Hz*e*K`` (models.md: ``Hz = 1``, the yearly outlay; the formulas
above are written for it). With the quadratic stand-in ``pi_exit(M) = min(1, (M/M*)^2)``, ``M* = T*Zbar``,
and while ``(e0+Delta)*K <= M*``, ``N(K) = a*K - b*K^2 - F`` with ``a = s_H*Delta`` and
``b = V*((e0+Delta)^2 - e0^2)/M*^2``: pressure window ``((a -+ sqrt(a^2 - 4bF))/(2b))``, peak ``K* = a/(2b)``.
Defaults give the window (238, 3362) and peak 1800 (USD bn); reassurance from ``K_re = 6215``.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from alliancelab._deprecation import moved_names
from alliancelab._results import data_frame, flat_columns, result_dict
from alliancelab._types import FloatArray
from alliancelab._types import as_float as _f
from alliancelab._validate import check_broadcast, check_choice, check_range
from alliancelab.errors import ParameterError
from alliancelab.theory.burden.exit import exit_probability_quadratic, exit_probability_structural

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CITATION_KEYS",
    "ControlParams",
    "PressureWindow",
    "abandonment_credibility",
    "compliance_cost",
    "compliance_margin",
    "compliance_probability",
    "complies",
    "defence_value",
    "exit_risk",
    "pressure_decision",
    "pressure_intensity",
    "pressure_value",
    "pressure_window",
    "reassurance_value",
    "self_reliance_threshold",
]

ExitModel = Literal["quadratic", "structural"]
CITATION_KEYS = ("blankenship2023dilemma", "blankenship2021price", "snyder1984security")


@dataclass(frozen=True, slots=True)
class ControlParams:
    """Patron H, ally i and their environment (models.md (e) defaults). Fields broadcast as arrays.

    ``relative_value`` is ``v_H,i/vbar`` (the ally's strategic value relative to the mean over H's allies).
    ``exit_model = "structural"`` replaces the quadratic stand-in by ``Lambda((Hz*e*K - M_exit)/sigma_M)``
    with ``exit_threshold = M_exit`` (from :func:`~alliancelab.theory.burden.exit_threshold_structural`).
    `[REVISED]` models.md writes ``Lambda((M + Hz*e*K - M_exit)/sigma_M)`` with the current stock ``M``;
    here the stock is the one each burden builds, ``Hz*e*K``, and both the pressed and the baseline burden
    are read at it. ``M_exit`` is a stock, so use ``horizon = 1/dep`` (10 at ``dep = .1``: the steady state
    ``e*K/dep`` of ``M_{t+1} = (1-dep)*M_t + e*K``); at ``Hz = 1`` the yearly outlay never reaches the
    default ``M_exit`` and no pressure window closes. The quadratic model keeps models.md's ``Hz = 1``.
    """

    threat: ArrayLike = 0.5  # T
    strain: ArrayLike = 0.5  # rho_H
    retrenchment: ArrayLike = 0.5  # psi_H
    demand: ArrayLike = 0.01  # Delta
    baseline_burden: ArrayLike = 0.02  # e0
    control_value: ArrayLike = 500.0  # V_ctrl, USD bn
    pressure_cost: ArrayLike = 5.0  # F_H, USD bn
    adversary_capability: ArrayLike = 400.0  # Zbar, USD bn
    value_scale: ArrayLike = 1.0  # s0
    k0: ArrayLike = 0.2
    k1: ArrayLike = 0.4
    k2: ArrayLike = 0.3
    k3: ArrayLike = 0.2
    relative_value: ArrayLike = 1.0  # v_H,i / vbar
    ally_benefit: ArrayLike = 25.0  # Ben, USD m/yr
    marginal_utility: ArrayLike = 0.01  # mu, utils per USD m
    exit_model: ExitModel = "quadratic"
    exit_threshold: ArrayLike = np.inf  # M_exit, USD bn (structural model only)
    exit_spread: ArrayLike = 20.0  # sigma_M, USD bn (structural model only)
    horizon: ArrayLike = 1.0  # Hz, years

    def __post_init__(self) -> None:
        check_broadcast(self)
        w = "ControlParams"
        check_range("threat (T)", self.threat, 0, 1, lo_open=True, hi_open=True, where=w)
        check_range("strain (rho_H)", self.strain, 0, 1, where=w)
        check_range("retrenchment (psi_H)", self.retrenchment, 0, 1, where=w)
        check_range("demand (Delta)", self.demand, 0, 1, lo_open=True, hi_open=True, where=w)
        check_range("baseline_burden (e0)", self.baseline_burden, 0, 1, hi_open=True, where=w)
        total = np.asarray(self.baseline_burden, float) + np.asarray(self.demand, float)
        check_range("baseline_burden + demand (e0 + Delta)", total, 0, 1, hi_open=True, where=w)
        for name, value in (
            ("control_value (V_ctrl)", self.control_value),
            ("pressure_cost (F_H)", self.pressure_cost),
            ("value_scale (s0)", self.value_scale),
            ("k0", self.k0),
            ("k1", self.k1),
            ("k2", self.k2),
            ("k3", self.k3),
            ("relative_value (v/vbar)", self.relative_value),
            ("ally_benefit (Ben)", self.ally_benefit),
            ("exit_threshold (M_exit)", self.exit_threshold),
        ):
            check_range(name, value, 0, np.inf, where=w)
        check_range(
            "adversary_capability (Zbar)", self.adversary_capability, 0, np.inf, lo_open=True, where=w
        )
        check_range("marginal_utility (mu)", self.marginal_utility, 0, np.inf, lo_open=True, where=w)
        check_range("exit_spread (sigma_M)", self.exit_spread, 0, np.inf, lo_open=True, where=w)
        check_range("horizon (Hz)", self.horizon, 0, np.inf, lo_open=True, where=w)
        check_choice("exit_model", self.exit_model, ["quadratic", "structural"], where=w)


def abandonment_credibility(p: ControlParams) -> FloatArray:
    """``kappa_H,i = clip(k0 + k1*rho_H + k2*psi_H - k3*v/vbar, 0, 1)`` `[PROPOSED]` (claims E3, E5).

    Seed 003: "A patron can more believably threaten to walk away from its alliances when it faces strains
    on its resources and pressure to retrench from domestic actors, which constrain its ability to maintain
    its commitments."
    """
    raw = _f(p.k0) + _f(p.k1) * _f(p.strain) + _f(p.k2) * _f(p.retrenchment) - _f(p.k3) * _f(p.relative_value)
    return np.asarray(np.clip(raw, 0.0, 1.0), float)


def compliance_cost(p: ControlParams) -> FloatArray:
    """The ally's utility cost of moving ``Delta`` of GDP into defence, ``ln((1-e0)/(1-e0-Delta))``.

    `[REVISED]`: the old money rule ``Delta*K*1000 <= kappa*Ben`` never held inside the pressure window.

    From O&Z's private-consumption term ``ln(K - m)`` (models.md (e1)), so it does not depend on scale.
    """
    e0, delta = _f(p.baseline_burden), _f(p.demand)
    return np.asarray(np.log1p(-e0) - np.log1p(-e0 - delta), float)


def compliance_margin(p: ControlParams) -> FloatArray:
    """``kappa*mu*Ben - ln((1-e0)/(1-e0-Delta))`` (utils): the ally complies iff it is ``>= 0`` `[REVISED]`.

    Seed 003: "Two factors shape the effectiveness of patron burden-sharing pressure: whether a patron's
    threat of abandonment is credible, and how badly allies need protection."
    """
    expected_loss = abandonment_credibility(p) * _f(p.marginal_utility) * _f(p.ally_benefit)
    return np.asarray(expected_loss - compliance_cost(p), float)


def complies(p: ControlParams) -> NDArray[np.bool_]:
    """The ally's compliance rule (deterministic): ``compliance_margin >= 0`` `[REVISED]`."""
    return np.asarray(compliance_margin(p) >= 0)


def compliance_probability(p: ControlParams, *, noise: float = 0.01) -> FloatArray:
    """``Pr(comply) = Lambda(margin/noise)``: the rule with logistic taste shocks of scale ``noise`` utils
    `[PROPOSED]` (models.md states E3/E4 as ``dPr(comply)/d. > 0`` but gives only the deterministic rule).

    ``noise -> 0`` recovers :func:`complies`.
    """
    check_range("noise", noise, 0, np.inf, lo_open=True, where="compliance_probability")
    return np.asarray(0.5 * (1.0 + np.tanh(compliance_margin(p) / (2.0 * noise))), float)


def defence_value(p: ControlParams) -> FloatArray:
    """``s_H,i = s0*(1 + T)*(1 + rho_H)``: H's savings per USD of ally defence spending `[PROPOSED]`."""
    return np.asarray(_f(p.value_scale) * (1.0 + _f(p.threat)) * (1.0 + _f(p.strain)), float)


def self_reliance_threshold(p: ControlParams) -> FloatArray:
    """``M* = T*Zbar`` (USD bn): the capability at which the quadratic exit risk reaches 1 `[PROPOSED]`."""
    return np.asarray(_f(p.threat) * _f(p.adversary_capability), float)


def exit_risk(burden: ArrayLike, potential: FloatArray, p: ControlParams) -> FloatArray:
    """The ally's exit probability at burden ``e`` and potential ``K``: ``pi_exit(Hz*e*K)``."""
    stock = _f(p.horizon) * _f(burden) * potential  # horizon stock M = Hz*e*K
    if p.exit_model == "structural":
        return exit_probability_structural(stock, p.exit_threshold, p.exit_spread)
    return exit_probability_quadratic(stock, self_reliance_threshold(p))


def _potential(potential: ArrayLike) -> FloatArray:
    k = _f(potential)
    check_range("latent potential (K)", k, 0, np.inf, hi_open=True, where="alliance control")
    return k


def pressure_value(potential: ArrayLike, p: ControlParams) -> FloatArray:
    """H's net value of pressing for ``+Delta``: ``N(K)`` (USD bn) `[PROPOSED]` (claims E1, E2).

    Seed 003: "patrons are likely to tailor their efforts at securing allied contributions not only to
    maximize cost savings, but also to minimize the risk of empowering allies to go their own way and exit
    the alliance." ``N = s_H*Delta*K - V*[pi_exit((e0+Delta)K) - pi_exit(e0 K)] - F``.
    """
    k = _potential(potential)
    e0, delta = _f(p.baseline_burden), _f(p.demand)
    control_loss = exit_risk(e0 + delta, k, p) - exit_risk(e0, k, p)
    return np.asarray(defence_value(p) * delta * k - _f(p.control_value) * control_loss - _f(p.pressure_cost))


def reassurance_value(potential: ArrayLike, p: ControlParams) -> FloatArray:
    """H's net value of reassuring (ally burden falls by ``Delta``): ``N-(K)`` (USD bn) `[REVISED]` (E6)."""
    k = _potential(potential)
    e0, delta = _f(p.baseline_burden), _f(p.demand)
    control_gain = exit_risk(e0, k, p) - exit_risk(np.maximum(0.0, e0 - delta), k, p)
    return np.asarray(
        -defence_value(p) * delta * k + _f(p.control_value) * control_gain - _f(p.pressure_cost)
    )


def pressure_decision(potential: ArrayLike, p: ControlParams) -> NDArray[np.int_]:
    """H's choice ``q in {-1, 0, +1}`` (reassure, nothing, press) `[PROPOSED]` (claims E1, E2, E6).

    Seed 003: "it is moderately sized allies who are strong enough to make meaningful contributions, but not
    so strong that they can choose to leave the alliance given sufficient investments in defense."
    Pressure requires compliance (H presses only where pressure works).
    """
    n_press, n_reassure = pressure_value(potential, p), reassurance_value(potential, p)
    press = complies(p) & (n_press > np.maximum(0.0, n_reassure))
    reassure = n_reassure > np.maximum(0.0, n_press)
    return np.asarray(np.where(press, 1, np.where(reassure, -1, 0)), dtype=np.int_)


@dataclass(frozen=True, slots=True)
class PressureWindow:
    """Latent potentials (USD bn) where H presses, the peak of ``N`` and where reassurance starts.

    ``lower``/``upper`` are ``nan`` when ``N`` never exceeds 0; ``complies`` says whether the ally would
    comply (otherwise H presses nowhere, although ``N > 0`` inside the window). ``valid_upto`` bounds the
    region where the quadratic closed form holds: ``(e0+Delta)*K <= M*``; ``closed_form_valid`` is False
    where the window's upper end lies beyond it. There the exit risk under pressure is already capped at 1,
    ``N`` rises again with K and H presses up to the ally's exit (``e0*K = M*``): the stand-in says
    nothing useful about such allies, which are on their way out anyway.
    """

    lower: FloatArray
    upper: FloatArray
    peak: FloatArray
    peak_value: FloatArray
    reassure_from: FloatArray
    valid_upto: FloatArray
    complies: NDArray[np.bool_]
    closed_form_valid: NDArray[np.bool_]
    citation_keys: tuple[str, ...] = CITATION_KEYS

    def _values(self) -> dict[str, object]:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "citation_keys"}

    def to_dict(self) -> dict[str, object]:
        """JSON-ready: ``{"model", "citation_keys", "values"}`` (``nan`` where no window exists)."""
        return result_dict("burden.control", self.citation_keys, self._values())

    def to_frame(self) -> pd.DataFrame:
        """One row per environment (arrays flattened in C order), one column per quantity."""
        return data_frame(flat_columns(self._values()), sources=self.citation_keys)


def pressure_window(p: ControlParams) -> PressureWindow:
    """Pressure window, peak ``K* = a/(2b)`` and reassurance threshold, closed form (quadratic exit).

    Claim E1: ``N(K) = a*K - b*K^2 - F`` is concave, with window ``((a -+ sqrt(a^2 - 4bF))/(2b))``; E6:
    ``N-(K) = -a*K + b_-*K^2 - F`` turns positive at ``K_re = (a + sqrt(a^2 + 4 b_- F))/(2 b_-)``. With a
    horizon ``Hz != 1`` the exit risk is read at ``Hz*e*K``, so ``M*/Hz`` replaces ``M*`` in ``b``, ``b_-``
    and ``valid_upto`` (models.md's ``Hz = 1`` gives its numbers).
    """
    if p.exit_model != "quadratic":
        raise ParameterError("pressure_window: the closed form needs exit_model = 'quadratic'")
    e0, delta, v, f = _f(p.baseline_burden), _f(p.demand), _f(p.control_value), _f(p.pressure_cost)
    # the exit risk is evaluated at the horizon stock Hz*e*K, so in units of K the threshold is M*/Hz
    m_star = self_reliance_threshold(p) / _f(p.horizon)
    a = defence_value(p) * delta
    b = v * ((e0 + delta) ** 2 - e0**2) / m_star**2
    b_minus = v * (e0**2 - np.maximum(0.0, e0 - delta) ** 2) / m_star**2
    disc = a * a - 4.0 * b * f
    root = np.sqrt(np.where(disc > 0, disc, np.nan))
    with np.errstate(divide="ignore", invalid="ignore"):
        reassure_from = np.where(
            b_minus > 0, (a + np.sqrt(a * a + 4.0 * b_minus * f)) / (2.0 * b_minus), np.inf
        )
    upper = np.asarray((a + root) / (2.0 * b), float)
    valid_upto = np.asarray(m_star / (e0 + delta), float)
    return PressureWindow(
        lower=np.asarray((a - root) / (2.0 * b), float),
        upper=upper,
        peak=np.asarray(a / (2.0 * b), float),
        peak_value=np.asarray(a * a / (4.0 * b) - f, float),
        reassure_from=np.asarray(reassure_from, float),
        valid_upto=valid_upto,
        complies=complies(p),
        closed_form_valid=np.asarray(~(upper > valid_upto)),
    )


def pressure_intensity(
    potential: ArrayLike, p: ControlParams, *, reference: ControlParams | None = None
) -> FloatArray:
    """Continuous pressure ``max(0, N(K))/Nmax`` where the ally complies, else 0 `[PROPOSED]` `[REVISED]`.

    models.md (e2): "Pressure intensity can be set to ``max(0, N)/Nmax`` for a continuous version."
    ``Nmax`` is the closed-form peak of ``N`` for ``reference``. By default that is ``p`` itself, so with the
    quadratic exit model the curve lies in [0, 1] and peaks at 1 (the Goldilocks shape). `[REVISED]` With a
    fixed ``reference`` environments are compared on one scale, and the intensity rises with threat and
    strain (claim E2); normalising each by its own peak would hide E2. It then exceeds 1 where ``N`` beats
    the reference's peak. For the structural exit model the quadratic stand-in with the same parameters
    sets the scale, so the values are not bounded by 1 either.
    """
    ref = replace(reference if reference is not None else p, exit_model="quadratic")
    peak = pressure_window(ref).peak_value
    if reference is not None and np.any(peak <= 0):
        raise ParameterError("pressure_intensity: the reference environment never presses (peak of N <= 0)")
    positive = peak > 0  # without a reference, an environment that never pays to press has intensity 0
    raw = np.maximum(0.0, pressure_value(potential, p)) / np.where(positive, peak, 1.0)
    return np.asarray(np.where(complies(p) & positive, raw, 0.0), float)


__getattr__ = moved_names(__name__, {"goldilocks_curve": "alliancelab.report.control_report"})
