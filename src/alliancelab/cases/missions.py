"""Coalition missions as files and mappings: the schema of the mission format and its loaders.

A mission file (TOML, or a mapping such as parsed JSON) holds the keys of the coalition market's parameter
objects, :class:`~alliancelab.coalition.mission.Mission` and the objects it holds (their symbols, units,
defaults and allowed ranges in :mod:`alliancelab.coalition.mission`; the shipped example is
``alliancelab/cases/missions/example-mission.toml``). The schema below says which keys a file may have and
of what type; the parameter objects check the ranges, once, at construction. A file's error is one line
naming the file, the field (``candidates.2.quality``), the value and what is allowed.

The parameter objects are frozen dataclasses in the model layer (``coalition/`` imports no pydantic); this
module turns a file into them. Was ``alliancelab.coalition.mission.read_mission`` and ``mission_from_dict``
(a model package does not read files; cases do).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from alliancelab._validate import user_error_from_validation
from alliancelab.cases.checks import typos_first
from alliancelab.cases.library import read_toml
from alliancelab.coalition.holdup import HoldupParams
from alliancelab.coalition.mission import Candidate, MarketSettings, Mission, PivotalState, Regime, SideDeal
from alliancelab.errors import ParameterError, UserInputError

__all__ = [
    "CandidateEntry",
    "HoldupEntry",
    "MarketEntry",
    "MissionFile",
    "PivotalStateEntry",
    "SideDealEntry",
    "mission_from_dict",
    "read_mission",
]

# Unknown keys are errors at every level. A key left out takes the parameter object's default: the
# defaults live there, once (``None`` here only marks a key the file did not give).
_FILE = ConfigDict(extra="forbid", frozen=True)


class SideDealEntry(BaseModel):
    """A ``[[candidates.side_deals]]`` table: one item of a candidate's issue menu (:class:`SideDeal`)."""

    model_config = _FILE
    name: str = Field(description="what is offered, e.g. 'debt relief'")
    value_to_candidate: float = Field(description="omega_j(g): what the item is worth to j, USD m (> 0)")
    cost_to_payer: float = Field(description="z_P(g): what the item costs the pivotal state, USD m (>= 0)")


class CandidateEntry(BaseModel):
    """A ``[[candidates]]`` table: a state the pivotal state may recruit (:class:`Candidate`)."""

    model_config = _FILE
    name: str = Field(description="state name, unique within the mission")
    troops: float = Field(description="n_j: soldiers j can deploy (>= 0)")
    cost_per_soldier: float = Field(description="c_j: j's own cost per soldier-year, USD (> 0)")
    intrinsic_interest: float = Field(description="w_j: value of the mission to j, USD m/yr (may be < 0)")
    quality: float | None = Field(None, description="q_j: effective troops per soldier (> 0)")
    liquidity: float | None = Field(
        None, description="r_j: money j has for deploying, USD m/yr (inf: no limit)"
    )
    criticality: float | None = Field(None, description="k_j in [0, 1]: military/political criticality")
    side_deals: list[SideDealEntry] | None = Field(None, description="Gamma_j: the issue menu (<= 16 items)")
    legitimacy_weight: float | None = Field(None, description="l_j: legitimacy j lends the mission (>= 0)")
    reputation_cost: float | None = Field(
        None, description="what j loses with the pivotal state if it walks out mid-deployment, USD m"
    )
    reservation_range: tuple[float, float] | None = Field(
        None,
        description="[rho_lo, rho_hi], P's prior on j's private reservation price (USD m/yr); default: "
        "the nominal rho_j widened by market.reservation_uncertainty",
    )


class PivotalStateEntry(BaseModel):
    """A ``[[pivotal_states]]`` table: a state that values the mission and pays (:class:`PivotalState`)."""

    model_config = _FILE
    name: str
    mission_value: float = Field(description="V0_k: value of the mission to this state, USD m/yr (> 0)")
    cost_per_soldier: float | None = Field(None, description="c_P: own cost per soldier-year, USD")
    budget: float | None = Field(None, description="B_k: side-payment budget, USD m/yr (inf: no limit)")
    eagerness: float | None = Field(None, description="E_P in [0, 1]: eagerness revealed by demarches")
    legitimacy_value: float | None = Field(None, description="lambda_P: USD m per unit legitimacy")
    own_troops: float | None = Field(None, description="own soldiers available (inf: no limit)")


class MarketEntry(BaseModel):
    """The ``[market]`` table: thresholds and bargaining coefficients (:class:`MarketSettings`)."""

    model_config = _FILE
    regime: Regime | None = Field(None, description="screen | revealed | mixed")
    markup: bool | None = Field(None, description="apply the scarcity markup beta (generalized Nash)")
    beta0: float | None = None
    beta1: float | None = None
    beta2: float | None = None
    criticality_threshold: float | None = Field(None, description="kbar")
    scarcity_threshold: float | None = Field(None, description="sigmabar")
    eagerness_threshold: float | None = Field(None, description="Ebar")
    reservation_uncertainty: float | None = Field(
        None, description="default prior half-width u: rho in [rho*(1-u), rho*(1+u)]"
    )


class HoldupEntry(BaseModel):
    """The ``[holdup]`` table: mid-deployment hold-up (:class:`~alliancelab.coalition.HoldupParams`)."""

    model_config = _FILE
    surge_premium: float | None = Field(None, description="extra cost of surging own soldiers")
    visibility: float | None = Field(None, description="share of legitimacy lost on exit, in [0, 1]")
    beta_hold0: float | None = None
    beta_hold1: float | None = None
    threat_threshold: float | None = Field(None, description="smallest demand worth a threat, USD m")
    credible_only: bool | None = Field(
        None, description="threats only from states that would leave if refused (false: models.md's rule)"
    )
    cost_shock: float | None = Field(None, description="rise of contingents' costs from year 2 (> -1)")


class MissionFile(BaseModel):
    """A mission file: what the pivotal state(s) need fielded and whom they can ask (:class:`Mission`)."""

    model_config = _FILE
    name: str
    required_troops: float = Field(description="N_m: effective troops required (> 0)")
    min_flags: int | None = Field(None, description="Fl_m: flags required, the pivotal state's included")
    critical: list[str] | None = Field(None, description="C_m: names of critical candidates")
    years: int | None = Field(None, description="length of the deployment in years, 1 to 50 (hold-up)")
    pivotal_states: list[PivotalStateEntry] = Field(description="who pays: at least one")
    candidates: list[CandidateEntry] | None = None
    market: MarketEntry | None = None
    holdup: HoldupEntry | None = None


# each table of the file -> the parameter object it becomes
PARAMETER_OBJECTS: dict[type[BaseModel], type] = {
    SideDealEntry: SideDeal,
    CandidateEntry: Candidate,
    PivotalStateEntry: PivotalState,
    MarketEntry: MarketSettings,
    HoldupEntry: HoldupParams,
    MissionFile: Mission,
}


def _located(err: ParameterError, loc: tuple[str | int, ...]) -> ParameterError:
    """The error with the field's path in the file (``candidates.2.quality = 0 is outside ...``)."""
    if err.field is None or err.reason is None:  # a rule across fields: the message names the object
        return err
    path = ".".join(str(part) for part in (*loc, err.field))
    return ParameterError(f"{path} = {err.reason}", field=path, reason=err.reason)


def _build(entry: BaseModel, loc: tuple[str | int, ...]) -> Any:
    """The parameter object of a table, from the keys the file gave (the others take its defaults)."""
    values = {name: _value(getattr(entry, name), (*loc, name)) for name in entry.model_fields_set}
    try:
        return PARAMETER_OBJECTS[type(entry)](**values)
    except ParameterError as err:
        raise _located(err, loc) from None


def _value(value: Any, loc: tuple[str | int, ...]) -> Any:
    if isinstance(value, BaseModel):
        return _build(value, loc)
    if isinstance(value, list):
        return tuple(_value(item, (*loc, k)) for k, item in enumerate(value))
    return value


def mission_from_dict(data: dict[str, Any], source: str = "mission") -> Mission:
    """Validate a mapping into a :class:`Mission`; errors name ``source`` and the field (one line)."""
    try:
        parsed = MissionFile.model_validate(data)
    except ValidationError as err:
        raise user_error_from_validation(typos_first(err), source, MissionFile) from None
    try:
        mission: Mission = _build(parsed, ())
    except ParameterError as err:
        raise UserInputError(f"{source}: {err}") from None
    return mission


def read_mission(path: str | Path) -> Mission:
    """Read a mission TOML file (keys of :class:`Mission`; see ``cases/missions/example-mission.toml``).

    Errors are one-line :class:`~alliancelab.errors.UserInputError` messages naming the file and field.
    """
    path = Path(path)
    return mission_from_dict(read_toml(path), source=str(path))
