"""Scenarios: a world of patrons and small states, written as TOML and validated with pydantic.

A scenario file has seven tables (``alliancelab scenario new FILE`` writes every field with its default and
a comment; ``docs/sim.md`` lists them)::

    [scenario]    name, title, note, years, start_year, states, runs, seed
    [hegemon]     the patron H (ccode 2): budget, valuation of concessions and legitimacy, strain, ...
    [rival]       optional rival R (ccode 365), same fields plus entry_year; absent: no rival
    [population]  distributions of the small states' characteristics (W, S, potential, threat, ...)
    [dynamics]    drift and event rates: threat AR(1), ideal-point drift, leader and regime change, ...
    [events]      contested actions and roll calls (f), crises that launch a coalition mission (g)
    [model]       constants of the model kernels (a)-(g) (models.md defaults)

A distribution is a number (a constant) or an inline table ``{dist = "beta", a = 2, b = 5}`` with
``dist`` one of ``constant`` (value), ``uniform`` (low, high), ``normal`` (mean, sd), ``lognormal``
(median, sigma) or ``beta`` (a, b; only for fields on [0, 1]). Draws are clipped to the field's domain.
Errors name the file, the field, the value and what is allowed, on one line (the machinery of the case
files, :func:`alliancelab._validate.user_error_from_validation`).
"""

from __future__ import annotations

import difflib
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, field_validator, model_validator

from alliancelab._validate import user_error_from_validation
from alliancelab.errors import UserInputError
from alliancelab.io import read_toml
from alliancelab.sim.distributions import DOMAINS, Dist, Section, check_domain

__all__ = [
    "DOMAINS",
    "MAX_STATE_YEARS",
    "RIVAL_DEFAULTS",
    "Dist",
    "Dynamics",
    "Events",
    "ModelConstants",
    "Patron",
    "Population",
    "Scenario",
    "ScenarioInfo",
    "load_scenario",
    "scenario_from_dict",
    "scenario_names",
    "scenario_path",
    "with_overrides",
]

# The most state-years one run directory may hold: 10,000 runs of 150 states x 70 years is 1.05e8 (about
# 12 GB of Parquet); ten times that still fits a cluster's scratch disk, a hundred times would not.
MAX_STATE_YEARS = 1_000_000_000


class ScenarioInfo(Section):
    name: str = Field(
        "custom",
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$",
        description="short name, used in the run directory",
    )
    title: str = Field("", description="one-line title")
    note: str = Field("", description="what the scenario represents")
    years: int = Field(70, ge=1, le=500, description="horizon, years")
    start_year: int = Field(1946, ge=1, le=3000, description="calendar year of the first simulated year")
    states: int = Field(150, ge=2, le=5000, description="number of small states")
    runs: int = Field(100, ge=1, le=10_000_000, description="number of simulated histories")
    seed: int = Field(20261206, ge=0, description="root seed; run i uses SeedSequence(seed).spawn(runs)[i]")


class Patron(Section):
    budget: float = Field(
        6000.0,
        ge=0,
        description="side-payment budget B_k in its first year of bidding (a rival's entry_year), USD m/yr",
    )
    budget_growth: float = Field(
        0.0, ge=-0.5, le=0.5, description="yearly growth rate of the budget from its first year of bidding"
    )
    capability: float = Field(15000.0, gt=0, description="latent potential K_k, USD bn (sets cinc)")
    ideal_point: float = Field(0.9, ge=0, le=1, description="foreign-policy ideal point theta_k")
    protection: float = Field(0.6, ge=0, le=1, description="baseline protection effectiveness q0_k")
    credibility: float = Field(0.95, gt=0, le=1, description="delivery probability pi_k of promised payments")
    value: Dist = Field(
        default_factory=lambda: Dist(dist="lognormal", median=100.0, sigma=0.6),
        description="value v_k,i of a client's full concessions (bases, votes), USD m/yr, per client",
    )
    cost_share: float = Field(
        0.15, ge=0, le=10, description="commitment cost c_k,i as a share of v_k,i at T0, phi0"
    )
    legitimacy_value: float = Field(
        200.0, ge=0, description="lambda_k: value of one unit of legitimacy, USD m"
    )
    strain: float = Field(
        0.5, ge=0, le=1, description="mean resource strain rho_k (drawn around it each year)"
    )
    strain_sd: float = Field(0.05, ge=0, le=1, description="sd of the yearly strain shock")
    retrenchment: float = Field(0.5, ge=0, le=1, description="domestic retrenchment pressure psi_k")
    entry_year: int = Field(0, ge=0, description="years after start before the patron bids (rival only)")


class Population(Section):
    W: Dist = Field(default_factory=lambda: Dist(dist="beta", a=1.5, b=1.5))
    S: Dist = Field(default_factory=lambda: Dist(dist="uniform", low=0.4, high=1.0))
    potential: Dist = Field(default_factory=lambda: Dist(dist="lognormal", median=120.0, sigma=1.4))
    capability_ratio: Dist = Field(default_factory=lambda: Dist(dist="uniform", low=0.1, high=0.6))
    adversary_ratio: Dist = Field(default_factory=lambda: Dist(dist="lognormal", median=0.5, sigma=0.5))
    threat: Dist = Field(default_factory=lambda: Dist(dist="beta", a=2.0, b=3.0))
    common_threat_hegemon: Dist = Field(default_factory=lambda: Dist(dist="uniform", low=-0.3, high=0.6))
    common_threat_rival: Dist = Field(default_factory=lambda: Dist(dist="uniform", low=-0.6, high=0.4))
    ideal_point: Dist = Field(default_factory=lambda: Dist(dist="beta", a=2.0, b=2.0))
    resources: Dist = Field(default_factory=lambda: Dist(dist="lognormal", median=800.0, sigma=1.0))
    instability: Dist = Field(default_factory=lambda: Dist(dist="beta", a=2.0, b=12.0))
    salience: Dist = Field(default_factory=lambda: Dist(dist="lognormal", median=1.0, sigma=0.25))
    switching_cost: Dist = Field(default_factory=lambda: Dist(dist="uniform", low=0.05, high=0.5))
    troops_per_bn: Dist = Field(default_factory=lambda: Dist(dist="lognormal", median=20.0, sigma=0.5))
    soldier_cost: Dist = Field(default_factory=lambda: Dist(dist="lognormal", median=20000.0, sigma=0.8))

    @field_validator("*")
    @classmethod
    def _in_domain(cls, dist: Dist, info: Any) -> Dist:
        return check_domain(str(info.field_name), dist)


class Dynamics(Section):
    growth: float = Field(0.03, ge=-0.5, le=0.5, description="mean yearly growth of ln K")
    growth_sd: float = Field(0.04, ge=0, le=1, description="sd of the yearly ln K shock (M scales with K)")
    threat_persistence: float = Field(0.8, ge=0, le=1, description="AR(1) persistence rho_T of threat")
    threat_sd: float = Field(0.05, ge=0, le=1, description="sd of the yearly threat shock s_T")
    ideal_point_sd: float = Field(0.02, ge=0, le=1, description="sd of the yearly ideal-point drift s_theta")
    regime_hazard_base: float = Field(0.01, ge=0, le=1, description="h_RC = base + slope*h (per year)")
    regime_hazard_slope: float = Field(0.1, ge=0, le=10, description="slope of h_RC in the leader hazard h")
    democratization_prob: float = Field(
        0.5, ge=0, le=1, description="share of regime changes that democratize"
    )
    coup_W: tuple[float, float] = Field((0.05, 0.25), description="W' ~ U(lo, hi) after a coup")
    democracy_W: tuple[float, float] = Field((0.6, 1.0), description="W' ~ U(lo, hi) after democratization")
    regime_shift_mean: float = Field(
        0.3, ge=0, le=1, description="m_RC: mean move of theta away from the patron"
    )
    regime_shift_sd: float = Field(0.15, ge=0, le=1, description="s_RC")
    leader_swing: float = Field(
        0.1, ge=0, le=1, description="s_LC0: sd of a new leader's move in theta at W=0"
    )
    leader_swing_exponent: float = Field(1.0, ge=0, le=10, description="nu in s_LC(W) = s_LC0*(1-W)^nu")
    new_leader_hazard: float = Field(0.1, ge=0, le=1, description="h_new: hazard bump of a new leader")
    new_leader_periods: int = Field(2, ge=0, le=50, description="L0: years the bump lasts")
    depreciation: float = Field(0.1, ge=0, le=1, description="dep in M' = (1-dep)*M + e*K")
    band: float = Field(0.01, ge=0, description="b_neg: renegotiation band, utils")
    transaction_cost: float = Field(
        1.0, ge=0, description="k_neg: patron's renegotiation threshold, USD m/yr"
    )
    cooldown: int = Field(
        2, ge=1, le=50, description="years before a client may re-ally with a patron it left"
    )

    @field_validator("coup_W", "democracy_W")
    @classmethod
    def _interval(cls, value: tuple[float, float]) -> tuple[float, float]:
        lo, hi = value
        if not 0 < lo <= hi <= 1:
            raise ValueError(f"need 0 < lo <= hi <= 1 (got [{lo:g}, {hi:g}])")
        return value


class Events(Section):
    contested_rate: float = Field(
        0.3, ge=0, le=1, description="Pr(the hegemon takes a contested action) per year"
    )
    roll_calls: int = Field(8, ge=1, le=200, description="UNGA-style roll calls per year")
    roll_call_spread: float = Field(
        0.25, ge=0, le=1, description="sd of a roll call's position around theta_H"
    )
    important_share: float = Field(
        0.2, ge=0, le=1, description="share of roll calls flagged important (imp_v = 1)"
    )
    crisis_rate: float = Field(0.08, ge=0, le=1, description="Pr(a coalition mission is launched) per year")
    solver: Literal["exact", "greedy"] = Field(
        "exact", description="covering program: exact (the optimal coalition) or greedy (the heuristic)"
    )
    candidates: int = Field(
        12, ge=1, le=60, description="candidates per mission (cheapest per effective soldier)"
    )
    mission_troops: Dist = Field(
        default_factory=lambda: Dist(dist="lognormal", median=20000.0, sigma=0.7),
        description="required effective troops N_m",
    )
    min_flags: int = Field(2, ge=1, le=60, description="Fl_m: minimum number of flags (the pivot's included)")
    mission_value: float = Field(500.0, ge=0, description="V0_m, USD m (credited to critical members)")
    own_cost: float = Field(138465.0, gt=0, description="c_P: the pivot's own cost per soldier-year, USD")
    eagerness: float = Field(0.5, ge=0, le=1, description="E_P: the pivot's revealed eagerness")
    interest_base: float = Field(5.0, description="w0 in w_j = w0 - w1*|theta_j - theta_H|, USD m")
    interest_slope: float = Field(60.0, ge=0, description="w1, USD m")
    reservation_spread: float = Field(
        0.5, ge=0, le=1, description="P's prior rho_j ~ U[rho*(1-s), rho*(1+s)]"
    )
    beta0: float = Field(
        0.2, ge=0, le=1, description="scarcity markup beta = clip(beta0 + beta1*sigma + beta2*E_P)"
    )
    beta1: float = Field(0.5, ge=0, le=5, description="beta1 (scarcity)")
    beta2: float = Field(0.3, ge=0, le=5, description="beta2 (eagerness)")

    @field_validator("mission_troops")
    @classmethod
    def _positive(cls, dist: Dist) -> Dist:
        if dist.support()[0] <= 0 and dist.dist in ("constant", "uniform"):
            raise ValueError("mission_troops must be > 0")
        return dist


class ModelConstants(Section):
    mode: Literal["FLEX", "FIXED"] = Field(
        "FLEX", description="package mode of (a): patron chooses x, or x = package"
    )
    package: float = Field(1.0, ge=0, le=1, description="the FIXED package")
    a0: float = Field(0.3, ge=0, lt=1, description="alpha = clip(a0 + a1*T, .05, .95)")
    a1: float = Field(0.6, gt=0, lt=10, description="a1 (weight of threat in alpha)")
    omega0: float = Field(0.1, gt=0, lt=1, description="autonomy cost of concessions at d = 0")
    mu0: float = Field(0.01, gt=0, description="mu = mu0*W^-gamma*S^lambda*(1+r/rbar)^-eta*(1+h)^zeta")
    gamma: float = Field(1.0, gt=0, description="elasticity of the payment in W")
    lambda_: float = Field(0.5, gt=0, description="elasticity of mu in S")
    eta: float = Field(0.5, gt=0, description="elasticity of the payment in 1 + r/rbar")
    zeta: float = Field(0.5, description="signed: > 0 makes unstable leaders cheaper to buy")
    rbar: float = Field(1000.0, gt=0, description="revenue scale, USD m/yr")
    taste_base: float = Field(0.06, gt=0, description="O&Z taste b = b0 + b1*T")
    taste_threat: float = Field(0.04, ge=0, description="b1: threat raises the taste for defence")
    demand: float = Field(0.01, gt=0, lt=0.5, description="Delta: burden increase a patron presses for")
    control_value: float = Field(500.0, ge=0, description="V_ctrl, USD bn")
    pressure_cost: float = Field(5.0, ge=0, description="F_H, USD bn")
    adversary_scale: float = Field(400.0, gt=0, description="Zbar in the patron's pressure calculus, USD bn")
    k0: float = Field(0.2, ge=0, description="kappa = clip(k0 + k1*rho + k2*psi - k3*v/vbar, 0, 1)")
    k1: float = Field(0.4, ge=0, description="k1 (strain)")
    k2: float = Field(0.3, ge=0, description="k2 (retrenchment)")
    k3: float = Field(0.2, ge=0, description="k3 (relative value)")


# where a [rival] table differs from the hegemon's defaults: the other end of the scale, a smaller purse and
# less credible promises (BdM & Smith 2016 on Soviet aid)
RIVAL_DEFAULTS: dict[str, Any] = {"ideal_point": 0.15, "budget": 3000.0, "credibility": 0.8}


class Scenario(Section):
    """A whole scenario file (``extra="forbid"`` at every level)."""

    scenario: ScenarioInfo = Field(default_factory=ScenarioInfo)
    hegemon: Patron = Field(default_factory=Patron)
    rival: Patron | None = None
    population: Population = Field(default_factory=Population)
    dynamics: Dynamics = Field(default_factory=Dynamics)
    events: Events = Field(default_factory=Events)
    model: ModelConstants = Field(default_factory=ModelConstants)

    @model_validator(mode="before")
    @classmethod
    def _rival_defaults(cls, data: Any) -> Any:
        """A ``[rival]`` table starts from the rival's defaults, not the hegemon's (other ideal point)."""
        if isinstance(data, dict) and isinstance(data.get("rival"), dict):
            return {**data, "rival": {**RIVAL_DEFAULTS, **data["rival"]}}
        return data

    @model_validator(mode="after")
    def _bounded_work(self) -> Scenario:
        info = self.scenario
        size = info.runs * info.states * info.years
        if size > MAX_STATE_YEARS:
            raise ValueError(
                f"runs x states x years = {info.runs:,} x {info.states:,} x {info.years:,} = {size:,} "
                f"state-years is more than the {MAX_STATE_YEARS:,} a run may simulate (about 110 bytes of "
                "tables each); lower runs, states or years"
            )
        return self

    @model_validator(mode="after")
    def _rival_enters_in_time(self) -> Scenario:
        if self.hegemon.entry_year != 0:
            raise ValueError(
                f"hegemon.entry_year = {self.hegemon.entry_year}: the hegemon bids from the start, only a "
                "rival enters late; allowed: 0 (set rival.entry_year instead)"
            )
        if self.rival is not None and self.rival.entry_year >= self.scenario.years:
            raise ValueError(
                f"rival.entry_year = {self.rival.entry_year} is not before the horizon "
                f"(scenario.years = {self.scenario.years}); drop the [rival] table for a world without one"
            )
        return self

    @model_validator(mode="after")
    def _coalitions_can_form(self) -> Scenario:
        # a mission's coalition is the pivot and some of its shortlist of min(candidates, states) states
        most = min(self.events.candidates, self.scenario.states) + 1
        if self.events.min_flags > most:
            raise ValueError(
                f"events.min_flags = {self.events.min_flags} can never be met: a coalition has at most "
                f"min(events.candidates = {self.events.candidates}, scenario.states = "
                f"{self.scenario.states}) + 1 (the pivot) = {most} flags; allowed: 1 to {most}"
            )
        return self


def scenario_names() -> list[str]:
    """Names of the shipped scenarios."""
    folder = resources.files("alliancelab.sim").joinpath("scenarios")
    return sorted(p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml"))


def scenario_path(name_or_path: str | Path) -> Path:
    """A shipped scenario's file, or a path to a TOML file; unknown names get the closest match."""
    as_path = Path(name_or_path)
    if as_path.suffix == ".toml" or as_path.exists():
        if as_path.is_dir():
            raise UserInputError(
                f"scenario file {name_or_path} is a folder; give a TOML file or a shipped name"
            )
        if not as_path.is_file():
            raise UserInputError(f"scenario file {name_or_path} does not exist")
        return as_path
    names = scenario_names()
    if str(name_or_path) not in names:
        hint = difflib.get_close_matches(str(name_or_path), names, n=1)
        guess = f"; did you mean {hint[0]!r}?" if hint else ""
        raise UserInputError(f"no scenario named {str(name_or_path)!r}{guess} Shipped: {', '.join(names)}")
    return Path(str(resources.files("alliancelab.sim").joinpath("scenarios", f"{name_or_path}.toml")))


def scenario_from_dict(data: dict[str, Any], source: str = "scenario") -> Scenario:
    """Validate a scenario given as a dict (parsed TOML, or a manifest's copy); one-line errors."""
    tables = list(Scenario.model_fields)
    unknown = [key for key in data if key not in tables]
    if unknown:  # before pydantic, whose message would quote a whole foreign table (an episode, a case)
        hint = difflib.get_close_matches(unknown[0], tables, n=1)
        guess = f"; did you mean {hint[0]!r}?" if hint else ""
        raise UserInputError(
            f"{source}: unknown table {unknown[0]!r}{guess} A scenario has the tables {', '.join(tables)}"
        )
    try:
        return Scenario.model_validate(data)
    except ValidationError as err:
        raise user_error_from_validation(err, source, Scenario) from None


def load_scenario(name_or_path: str | Path) -> Scenario:
    """Load a shipped scenario (``rising-rival``) or a TOML file by path."""
    path = scenario_path(name_or_path)
    return scenario_from_dict(read_toml(path), str(path))  # UTF-8 or BOM, size cap, one-line errors


def with_overrides(scenario: Scenario, overrides: dict[str, Any], *, where: str = "--set") -> Scenario:
    """The scenario with dotted fields replaced (``hegemon.budget=2000``, ``scenario.runs=10``)."""
    data = scenario.model_dump(mode="python")
    for key, value in overrides.items():
        parts = key.split(".")
        node = data
        for part in parts[:-1]:
            if not isinstance(node.get(part), dict):
                if part == "rival" and node.get(part) is None:
                    node[part] = Patron.model_validate(RIVAL_DEFAULTS).model_dump(mode="python")
                else:
                    raise UserInputError(f"{where}: {key!r} is not a scenario field (write TABLE.FIELD)")
            node = node[part]
        if len(parts) < 2 or parts[-1] not in node:
            raise UserInputError(
                f"{where}: {key!r} is not a scenario field (write TABLE.FIELD, e.g. hegemon.budget)"
            )
        node[parts[-1]] = value
    return scenario_from_dict(data, where)
