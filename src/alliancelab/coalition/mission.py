"""A coalition mission and its candidates, as validated data (models.md section (g); Henke 2019).

A :class:`Mission` states what the pivotal state(s) want fielded and whom they may ask::

    N_m   required_troops       effective troops (soldier-years per year)
    Fl_m  min_flags             flags in the coalition, the pivotal state's own flag included
    C_m   critical              names of the candidates without whom the mission cannot go ahead
    V0_k  PivotalState.mission_value   value of the mission to pivotal state k (USD m per year)

Each :class:`Candidate` ``j`` carries the quantities of the market (units as in models.md (g): money in
USD m per deployment year, per-soldier costs in USD per soldier-year so ``c*n`` stands for ``c*n/10^6``)::

    w_j   intrinsic_interest    value of the mission to j (USD m/yr; may be < 0)
    c_j   cost_per_soldier      j's own cost of one soldier-year (USD)
    n_j   troops                soldiers j can deploy
    q_j   quality               effective troops = q_j*n_j
    r_j   liquidity             money j has for this deployment (USD m/yr)
    k_j   criticality           in [0, 1]; critical if j in C_m or k_j >= kbar
    Gamma_j side_deals          items with value to j omega_j(g) and cost to the payer z_P(g) (USD m)
    l_j   legitimacy_weight     legitimacy j lends, valued at lambda_P per unit (section (f))

Several pivotal states pool their budgets and share costs in proportion to ``V0_k`` (claim G1). The
mission's own troops, eagerness ``E_P`` and soldier cost ``c_P`` are those of the lead pivotal state (the
one that values the mission most, ``P_m = argmax_k V0_k``).

A :class:`Mission` is the market's validated parameter object: every function of the coalition model takes
one, and the composed world (:mod:`alliancelab.sim.crisis`) builds one per crisis in memory. Reading one
from a mapping or a TOML file, with one-line errors naming the file and the field, is the case layer's:
:func:`alliancelab.cases.missions.mission_from_dict` and :func:`~alliancelab.cases.missions.read_mission`
(their old names here still work, with a DeprecationWarning). References: ``henke2019buying``.
"""

from __future__ import annotations

import math
from enum import StrEnum
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from alliancelab._deprecation import moved_names

__all__ = [
    "Candidate",
    "HoldupSettings",
    "MarketSettings",
    "Mission",
    "PivotalState",
    "Regime",
    "SideDeal",
]

# numbers must be finite (a NaN or inf cost, value or requirement is a typo, not a model input); the three
# "unlimited" quantities -- liquidity, budget, own troops -- accept inf (their default) explicitly
_FROZEN = ConfigDict(extra="forbid", frozen=True, ser_json_inf_nan="strings", allow_inf_nan=False)


class Regime(StrEnum):
    """Who knows whose reservation level (models.md (g), "Price under information asymmetry")."""

    SCREEN = "screen"  # P proposes without knowing rho_j
    REVEALED = "revealed"  # j knows V_P,j from P's visible demarches and proposes
    MIXED = "mixed"  # partly revealed: weight E_P on the revealed price


class SideDeal(BaseModel):
    """One item of a candidate's issue menu ``Gamma_j`` (debt relief, sanction relief, arms, membership)."""

    model_config = _FROZEN

    name: str = Field(min_length=1, description="what is offered, e.g. 'debt relief'")
    value_to_candidate: float = Field(description="omega_j(g): what the item is worth to j, USD m (> 0)")
    cost_to_payer: float = Field(ge=0, description="z_P(g): what the item costs the pivotal state, USD m")

    @model_validator(mode="after")
    def _has_value(self) -> Self:
        if not (self.value_to_candidate > 0 and math.isfinite(self.value_to_candidate)):
            raise ValueError(
                f"side deal {self.name!r} has value_to_candidate = {self.value_to_candidate:g}; an item "
                "worth nothing to the candidate cannot buy its participation (need a finite value > 0)"
            )
        return self


class Candidate(BaseModel):
    """A state the pivotal state may recruit. Field names are the data-file keys (see module docstring)."""

    model_config = _FROZEN

    name: str = Field(min_length=1, description="state name, unique within the mission")
    troops: float = Field(description="n_j: soldiers j can deploy (>= 0)")
    cost_per_soldier: float = Field(gt=0, description="c_j: j's own cost per soldier-year, USD")
    intrinsic_interest: float = Field(description="w_j: value of the mission to j, USD m/yr (may be < 0)")
    quality: float = Field(default=1.0, gt=0, description="q_j: effective troops per soldier")
    liquidity: float = Field(
        default=math.inf, ge=0, allow_inf_nan=True, description="r_j: money j has for deploying, USD m/yr"
    )
    criticality: float = Field(default=0.0, ge=0, le=1, description="k_j: military/political criticality")
    side_deals: tuple[SideDeal, ...] = Field(default=(), description="Gamma_j: the issue menu")
    legitimacy_weight: float = Field(default=0.0, ge=0, description="l_j: legitimacy j lends the mission")
    reputation_cost: float = Field(
        default=0.0,
        ge=0,
        description="what j loses with the pivotal state if it walks out mid-deployment, USD m",
    )
    reservation_range: tuple[float, float] | None = Field(
        default=None,
        description="[rho_lo, rho_hi], P's prior on j's private reservation price (USD m/yr); default: "
        "the nominal rho_j widened by MarketSettings.reservation_uncertainty",
    )

    @model_validator(mode="after")
    def _check(self) -> Self:
        if not (self.troops >= 0 and math.isfinite(self.troops)):
            raise ValueError(f"candidate {self.name!r}: troops = {self.troops:g}; troops must be >= 0")
        if self.reservation_range is not None:
            lo, hi = self.reservation_range
            if not 0 <= lo <= hi < math.inf:
                raise ValueError(
                    f"candidate {self.name!r}: reservation_range = [{lo:g}, {hi:g}]; need 0 <= lo <= hi"
                )
        if len({d.name for d in self.side_deals}) != len(self.side_deals):
            raise ValueError(f"candidate {self.name!r}: side deal names must be unique")
        if len(self.side_deals) > 16:
            raise ValueError(f"candidate {self.name!r}: at most 16 side deals (the menu is enumerated)")
        return self


class PivotalState(BaseModel):
    """A state that cares most about the mission and pays for it (Henke's "pivotal state")."""

    model_config = _FROZEN

    name: str = Field(min_length=1)
    mission_value: float = Field(gt=0, description="V0_k: value of the mission to this state, USD m/yr")
    cost_per_soldier: float = Field(
        default=138_465.0, gt=0, description="c_P: own cost per soldier-year, USD (US default, seed 004)"
    )
    budget: float = Field(
        default=math.inf, ge=0, allow_inf_nan=True, description="B_k: side-payment budget, USD m/yr"
    )
    eagerness: float = Field(default=0.5, ge=0, le=1, description="E_P: eagerness revealed by demarches")
    legitimacy_value: float = Field(default=0.0, ge=0, description="lambda_P: USD m per unit legitimacy")
    own_troops: float = Field(
        default=math.inf, ge=0, allow_inf_nan=True, description="own soldiers available for the mission"
    )


class MarketSettings(BaseModel):
    """Thresholds and bargaining coefficients of models.md (g); defaults from its parameter sketch."""

    model_config = _FROZEN

    regime: Regime = Regime.MIXED
    markup: bool = Field(default=True, description="apply the scarcity markup beta (generalized Nash)")
    beta0: float = Field(default=0.2, ge=0, le=1)
    beta1: float = Field(default=0.5, ge=0)
    beta2: float = Field(default=0.3, ge=0)
    criticality_threshold: float = Field(default=0.5, ge=0, le=1, description="kbar")
    scarcity_threshold: float = Field(default=0.8, gt=0, description="sigmabar")
    eagerness_threshold: float = Field(default=0.5, ge=0, le=1, description="Ebar")
    reservation_uncertainty: float = Field(
        default=0.5, ge=0, le=1, description="default prior half-width: rho in [rho*(1-u), rho*(1+u)]"
    )


class HoldupSettings(BaseModel):
    """Mid-deployment hold-up parameters (see :class:`alliancelab.coalition.holdup.HoldupParams`)."""

    model_config = _FROZEN

    surge_premium: float = Field(default=0.25, ge=0, description="extra cost of surging own soldiers")
    visibility: float = Field(default=1.0, ge=0, le=1, description="share of legitimacy lost on exit")
    beta_hold0: float = Field(default=0.2, ge=0, le=1)
    beta_hold1: float = Field(default=0.5, ge=0)
    threat_threshold: float = Field(default=1.0, ge=0, description="smallest demand worth a threat, USD m")
    credible_only: bool = Field(
        default=True,
        description="threats only from states that would leave if refused (false: models.md's literal rule)",
    )
    cost_shock: float = Field(default=0.0, gt=-1, description="rise of contingents' costs from year 2")


class Mission(BaseModel):
    """What the pivotal state(s) need fielded and whom they can ask."""

    model_config = _FROZEN

    name: str = Field(min_length=1)
    required_troops: float = Field(gt=0, description="N_m: effective troops required")
    min_flags: int = Field(default=1, ge=1, description="Fl_m: flags required, the pivotal state's included")
    critical: tuple[str, ...] = Field(default=(), description="C_m: names of critical candidates")
    years: int = Field(default=1, ge=1, le=50, description="length of the deployment in years (hold-up)")
    pivotal_states: tuple[PivotalState, ...] = Field(min_length=1)
    candidates: tuple[Candidate, ...] = Field(default=())
    market: MarketSettings = MarketSettings()
    holdup: HoldupSettings = HoldupSettings()

    @model_validator(mode="after")
    def _check(self) -> Self:
        names = [c.name for c in self.candidates]
        duplicated = sorted({n for n in names if names.count(n) > 1})
        if duplicated:
            raise ValueError(f"candidate names must be unique; repeated: {', '.join(duplicated)}")
        pivots = {p.name for p in self.pivotal_states}
        if len(pivots) != len(self.pivotal_states):
            raise ValueError("pivotal state names must be unique")
        clash = sorted(pivots & set(names))
        if clash:
            raise ValueError(f"{', '.join(clash)} cannot be both a pivotal state and a candidate")
        for crit in self.critical:
            if crit not in names:
                raise ValueError(
                    f"critical partner {crit!r} is not among the candidates "
                    f"({', '.join(names) if names else 'none listed'})"
                )
        return self

    # -- pooled quantities over several pivotal states ------------------------------------------
    @property
    def lead(self) -> PivotalState:
        """The pivotal state that values the mission most; it supplies own troops and sets c_P, E_P."""
        return max(self.pivotal_states, key=lambda p: p.mission_value)

    @property
    def mission_value(self) -> float:
        """Pooled ``V0_m = sum_k V0_k`` (USD m/yr)."""
        return sum(p.mission_value for p in self.pivotal_states)

    @property
    def budget(self) -> float:
        """Pooled side-payment budget ``B_P = sum_k B_k`` (USD m/yr)."""
        return sum(p.budget for p in self.pivotal_states)

    @property
    def legitimacy_value(self) -> float:
        """Pooled ``lambda_P`` (each payer values the legitimacy a partner lends)."""
        return sum(p.legitimacy_value for p in self.pivotal_states)

    @property
    def candidate_names(self) -> list[str]:
        return [c.name for c in self.candidates]

    def is_critical(self) -> list[bool]:
        """``j in C_m or k_j >= kbar`` for each candidate."""
        kbar = self.market.criticality_threshold
        return [c.name in self.critical or c.criticality >= kbar for c in self.candidates]


__getattr__ = moved_names(
    __name__,
    {"read_mission": "alliancelab.cases.missions", "mission_from_dict": "alliancelab.cases.missions"},
)
