"""A coalition mission and its candidates, as validated parameter objects (models.md section (g); Henke 2019).

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

Every class here is a frozen dataclass (``frozen=True, slots=True``), as every model's parameter object is
(``FormationParams``, ``HoldupParams``): its domains are checked once, at construction, by
:func:`alliancelab._validate.check_range`, and a value outside them is a
:class:`~alliancelab.errors.ParameterError` naming the object, the field, the value and the allowed range.
Numbers must be finite (a NaN or inf cost, value or requirement is a typo, not a model input), except the
three "unlimited" quantities -- liquidity, budget, own troops -- whose default is ``inf``. Sweeps use
:func:`dataclasses.replace`. The mission's ``[holdup]`` table is :class:`~alliancelab.coalition.holdup.
HoldupParams` itself (``HoldupSettings`` is the same class, under the mission file's old name).

A :class:`Mission` is the market's parameter object: every function of the coalition model takes one, and
the composed world (:mod:`alliancelab.sim.crisis`) may build one per crisis in memory. Reading one from a
mapping or a TOML file -- the file's schema, unknown keys, and one-line errors naming the file and the field
-- is the case layer's: :func:`alliancelab.cases.missions.mission_from_dict` and
:func:`~alliancelab.cases.missions.read_mission` (their old names here still work, with a
DeprecationWarning). References: ``henke2019buying``.
"""

from __future__ import annotations

import dataclasses
import math
import numbers
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Self, cast

from alliancelab._deprecation import moved_names
from alliancelab._validate import check_choice, check_range
from alliancelab.coalition.holdup import HoldupParams
from alliancelab.errors import ParameterError

__all__ = [
    "Candidate",
    "HoldupSettings",
    "MarketSettings",
    "Mission",
    "PivotalState",
    "Regime",
    "SideDeal",
]

MAX_SIDE_DEALS = 16  # a candidate's menu is enumerated item set by item set (2^16 sets at most)
MAX_YEARS = 50


class Regime(StrEnum):
    """Who knows whose reservation level (models.md (g), "Price under information asymmetry")."""

    SCREEN = "screen"  # P proposes without knowing rho_j
    REVEALED = "revealed"  # j knows V_P,j from P's visible demarches and proposes
    MIXED = "mixed"  # partly revealed: weight E_P on the revealed price


HoldupSettings = HoldupParams  # the mission's [holdup] table: the hold-up model's own parameter object


@dataclass(frozen=True, slots=True)
class _Interval:
    """An allowed range, as :func:`~alliancelab._validate.check_range` takes it."""

    lo: float
    hi: float
    lo_open: bool
    hi_open: bool


_FINITE = _Interval(-math.inf, math.inf, True, True)  # any finite number
_POSITIVE = _Interval(0.0, math.inf, True, True)  # (0, inf)
_NONNEGATIVE = _Interval(0.0, math.inf, False, True)  # [0, inf)
_UNLIMITED = _Interval(0.0, math.inf, False, False)  # [0, inf]: inf is "no limit"
_SHARE = _Interval(0.0, 1.0, False, False)  # [0, 1]
_AT_LEAST_ONE = _Interval(1.0, math.inf, False, True)  # [1, inf)


def _set(obj: object, name: str, value: object) -> None:
    """Store a normalised value (a tuple for a list, a float for an int) on a frozen dataclass."""
    object.__setattr__(obj, name, value)


def _fail(where: str, name: str, reason: str) -> ParameterError:
    return ParameterError(f"{where}: {name} = {reason}", field=name, reason=reason)


def _number(
    obj: object, name: str, allowed: _Interval, where: str, *, whole: bool = False, why: str = ""
) -> None:
    """Check the field ``name`` of ``obj`` against ``allowed`` and store it as a float (``whole``: as an int,
    and only a whole number passes). ``why`` says why the range is what it is, in the error."""
    value = getattr(obj, name)
    number = value
    if type(value) is not float:  # a plain float (the common case) needs no type check nor conversion
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise _fail(where, name, f"{value!r} is not a number")
        number = float(value)
    try:
        check_range(name, number, allowed.lo, allowed.hi, lo_open=allowed.lo_open, hi_open=allowed.hi_open,
                    where=where)  # fmt: skip
    except ParameterError as err:
        raise _fail(where, name, f"{err.reason} ({why})") if why else err from None
    if whole:
        if not number.is_integer():
            raise _fail(where, name, f"{number:g} is not a whole number")
        _set(obj, name, int(number))
    elif number is not value:
        _set(obj, name, number)


def _name(value: object, where: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise _fail(where, "name", f"{value!r} is not allowed; give a non-empty name")


def _items(obj: object, name: str, kind: type, where: str) -> None:
    """Store the sequence field ``name`` (a list or a tuple) as a tuple of ``kind`` items."""
    value = getattr(obj, name)
    if not isinstance(value, list | tuple):
        raise _fail(where, name, f"{value!r} is not allowed; give a list or a tuple of {kind.__name__}")
    wrong = [item for item in value if not isinstance(item, kind)]
    if wrong:
        reason = f"{wrong[0]!r} is not a {kind.__name__}"
        if isinstance(wrong[0], dict):  # a file's content: the case layer reads it
            reason += " (read a mapping with alliancelab.cases.missions.mission_from_dict)"
        raise _fail(where, name, reason)
    _set(obj, name, tuple(value))


class _FormerPydanticMethods:
    """``model_dump``/``model_copy`` of the former pydantic models: kept for a while, with a warning."""

    __slots__ = ()

    def model_dump(self) -> dict[str, Any]:
        """Deprecated: use ``dataclasses.asdict(obj)``."""
        _warn_moved(type(self).__name__, "model_dump()", "dataclasses.asdict(obj)")
        return dataclasses.asdict(cast(Any, self))

    def model_copy(self, *, update: Mapping[str, Any] | None = None) -> Self:
        """Deprecated: use ``dataclasses.replace(obj, **changes)`` (which re-checks the values)."""
        _warn_moved(type(self).__name__, "model_copy(update=...)", "dataclasses.replace(obj, **changes)")
        return cast(Self, dataclasses.replace(cast(Any, self), **dict(update or {})))


def _warn_moved(cls: str, old: str, new: str) -> None:
    warnings.warn(
        f"{cls}.{old} is from when missions were pydantic models; use {new}",
        DeprecationWarning,
        stacklevel=3,
    )


def _unique(names: list[str], what: str, where: str) -> None:
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise ParameterError(f"{where}: {what} names must be unique; repeated: {', '.join(repeated)}")


@dataclass(frozen=True, slots=True, kw_only=True)
class SideDeal(_FormerPydanticMethods):
    """One item of a candidate's issue menu ``Gamma_j`` (debt relief, sanction relief, arms, membership)."""

    name: str  # what is offered, e.g. 'debt relief'
    value_to_candidate: float  # omega_j(g): what the item is worth to j, USD m (> 0)
    cost_to_payer: float  # z_P(g): what the item costs the pivotal state, USD m (>= 0)

    def __post_init__(self) -> None:
        where = f"side deal {self.name!r}"
        _name(self.name, where)
        _number(self, "value_to_candidate", _POSITIVE, where,
                why="an item worth nothing to the candidate cannot buy its participation")  # fmt: skip
        _number(self, "cost_to_payer", _NONNEGATIVE, where)


@dataclass(frozen=True, slots=True, kw_only=True)
class Candidate(_FormerPydanticMethods):
    """A state the pivotal state may recruit. Field names are the data-file keys (see module docstring)."""

    name: str  # state name, unique within the mission
    troops: float  # n_j: soldiers j can deploy (>= 0)
    cost_per_soldier: float  # c_j: j's own cost per soldier-year, USD (> 0)
    intrinsic_interest: float  # w_j: value of the mission to j, USD m/yr (may be < 0)
    quality: float = 1.0  # q_j: effective troops per soldier (> 0)
    liquidity: float = math.inf  # r_j: money j has for deploying, USD m/yr (>= 0; inf: unlimited)
    criticality: float = 0.0  # k_j in [0, 1]: military/political criticality
    side_deals: tuple[SideDeal, ...] = ()  # Gamma_j: the issue menu, at most 16 items
    legitimacy_weight: float = 0.0  # l_j: legitimacy j lends the mission (>= 0)
    reputation_cost: float = 0.0  # what j loses with the pivotal state if it walks out, USD m (>= 0)
    # [rho_lo, rho_hi]: P's prior on j's private reservation price (USD m/yr); None: the nominal rho_j
    # widened by MarketSettings.reservation_uncertainty
    reservation_range: tuple[float, float] | None = None

    def __post_init__(self) -> None:
        where = f"candidate {self.name!r}"
        _name(self.name, where)
        _number(self, "troops", _NONNEGATIVE, where)
        _number(self, "cost_per_soldier", _POSITIVE, where)
        _number(self, "intrinsic_interest", _FINITE, where)
        _number(self, "quality", _POSITIVE, where)
        _number(self, "liquidity", _UNLIMITED, where)
        _number(self, "criticality", _SHARE, where)
        _number(self, "legitimacy_weight", _NONNEGATIVE, where)
        _number(self, "reputation_cost", _NONNEGATIVE, where)
        _items(self, "side_deals", SideDeal, where)
        _unique([d.name for d in self.side_deals], "side deal", where)
        if len(self.side_deals) > MAX_SIDE_DEALS:
            raise _fail(where, "side_deals", f"{len(self.side_deals)} items; at most {MAX_SIDE_DEALS} (the "
                        "menu is enumerated)")  # fmt: skip
        if self.reservation_range is not None:
            self._check_reservation_range(where)

    def _check_reservation_range(self, where: str) -> None:
        bounds: tuple[Any, ...] = tuple(self.reservation_range or ())
        numeric = all(isinstance(b, numbers.Real) and not isinstance(b, bool) for b in bounds)
        if len(bounds) != 2 or not numeric or not 0 <= float(bounds[0]) <= float(bounds[1]) < math.inf:
            shown = "[" + ", ".join(f"{b:g}" if numeric else repr(b) for b in bounds) + "]"
            raise _fail(where, "reservation_range", f"{shown} is not a range [low, high] with 0 <= low <= "
                        "high < inf")  # fmt: skip
        _set(self, "reservation_range", (float(bounds[0]), float(bounds[1])))


@dataclass(frozen=True, slots=True, kw_only=True)
class PivotalState(_FormerPydanticMethods):
    """A state that cares most about the mission and pays for it (Henke's "pivotal state")."""

    name: str
    mission_value: float  # V0_k: value of the mission to this state, USD m/yr (> 0)
    cost_per_soldier: float = 138_465.0  # c_P: own cost per soldier-year, USD (US default, seed 004)
    budget: float = math.inf  # B_k: side-payment budget, USD m/yr (>= 0; inf: unlimited)
    eagerness: float = 0.5  # E_P in [0, 1]: eagerness revealed by demarches
    legitimacy_value: float = 0.0  # lambda_P: USD m per unit legitimacy (>= 0)
    own_troops: float = math.inf  # own soldiers available for the mission (>= 0; inf: unlimited)

    def __post_init__(self) -> None:
        where = f"pivotal state {self.name!r}"
        _name(self.name, where)
        _number(self, "mission_value", _POSITIVE, where)
        _number(self, "cost_per_soldier", _POSITIVE, where)
        _number(self, "budget", _UNLIMITED, where)
        _number(self, "eagerness", _SHARE, where)
        _number(self, "legitimacy_value", _NONNEGATIVE, where)
        _number(self, "own_troops", _UNLIMITED, where)


@dataclass(frozen=True, slots=True, kw_only=True)
class MarketSettings(_FormerPydanticMethods):
    """Thresholds and bargaining coefficients of models.md (g); defaults from its parameter sketch."""

    regime: Regime = Regime.MIXED
    markup: bool = True  # apply the scarcity markup beta (generalized Nash)
    beta0: float = 0.2  # in [0, 1]
    beta1: float = 0.5  # >= 0
    beta2: float = 0.3  # >= 0
    criticality_threshold: float = 0.5  # kbar, in [0, 1]
    scarcity_threshold: float = 0.8  # sigmabar, > 0
    eagerness_threshold: float = 0.5  # Ebar, in [0, 1]
    reservation_uncertainty: float = 0.5  # default prior half-width u: rho in [rho*(1-u), rho*(1+u)]

    def __post_init__(self) -> None:
        where = "MarketSettings"
        check_choice("regime", str(self.regime), [r.value for r in Regime], where=where)
        _set(self, "regime", Regime(self.regime))
        if self.markup not in (True, False):
            raise _fail(where, "markup", f"{self.markup!r} is not allowed; choose true or false")
        _set(self, "markup", bool(self.markup))
        _number(self, "beta0", _SHARE, where)
        _number(self, "beta1", _NONNEGATIVE, where)
        _number(self, "beta2", _NONNEGATIVE, where)
        _number(self, "criticality_threshold", _SHARE, where)
        _number(self, "scarcity_threshold", _POSITIVE, where)
        _number(self, "eagerness_threshold", _SHARE, where)
        _number(self, "reservation_uncertainty", _SHARE, where)


_DEFAULT_MARKET = MarketSettings()
_DEFAULT_HOLDUP = HoldupParams()


@dataclass(frozen=True, slots=True, kw_only=True)
class Mission(_FormerPydanticMethods):
    """What the pivotal state(s) need fielded and whom they can ask."""

    name: str
    required_troops: float  # N_m: effective troops required (> 0)
    min_flags: int = 1  # Fl_m: flags required, the pivotal state's included (>= 1)
    critical: tuple[str, ...] = ()  # C_m: names of critical candidates
    years: int = 1  # length of the deployment in years, 1 to 50 (hold-up)
    pivotal_states: tuple[PivotalState, ...]  # at least one: who pays
    candidates: tuple[Candidate, ...] = ()
    market: MarketSettings = _DEFAULT_MARKET  # frozen: one shared default is safe
    holdup: HoldupParams = _DEFAULT_HOLDUP

    def __post_init__(self) -> None:
        where = f"mission {self.name!r}"
        _name(self.name, where)
        _number(self, "required_troops", _POSITIVE, where)
        _number(self, "min_flags", _AT_LEAST_ONE, where, whole=True)
        _number(self, "years", _Interval(1.0, MAX_YEARS, False, False), where, whole=True)
        _items(self, "critical", str, where)
        _items(self, "pivotal_states", PivotalState, where)
        _items(self, "candidates", Candidate, where)
        for name, kind in (("market", MarketSettings), ("holdup", HoldupParams)):
            if not isinstance(getattr(self, name), kind):
                raise _fail(where, name, f"{getattr(self, name)!r} is not a {kind.__name__}")
        if not self.pivotal_states:
            raise _fail(
                where, "pivotal_states", "() is not allowed; give at least one pivotal state (a payer)"
            )
        names = self.candidate_names
        _unique(names, "candidate", where)
        pivots = [p.name for p in self.pivotal_states]
        _unique(pivots, "pivotal state", where)
        clash = sorted(set(pivots) & set(names))
        if clash:
            raise ParameterError(
                f"{where}: {', '.join(clash)} cannot be both a pivotal state and a candidate"
            )
        for crit in self.critical:
            if crit not in names:
                raise ParameterError(
                    f"{where}: critical partner {crit!r} is not among the candidates "
                    f"({', '.join(names) if names else 'none listed'})"
                )

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
