"""Load episode files: validate (one-line errors), apply the coding map, deflate money, build parameters.

``load_episode`` takes a shipped name (``us-pakistan-1954-2012``) or a path. A format-1 episode file has an
``[episode]`` table; an old formation case file (a ``[case]`` table) still loads, as a one-phase episode
whose observed outcome is FORMATION or NO-ALLIANCE from its ``[observed] formed``.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
from pydantic import ValidationError

from alliancelab._validate import user_error_from_validation
from alliancelab.cases import read_toml
from alliancelab.cases.episodes.coding import CONSTANTS, LEVELS, MONEY_FIELDS, MU0, REGIMES
from alliancelab.cases.episodes.schema import Coded, EpisodeFile, EpisodeInfo, Rival
from alliancelab.cases.formation_case import _typos_first, load_formation_case
from alliancelab.errors import ParameterError, UserInputError
from alliancelab.theory.deflator import PriceIndex, price_factor
from alliancelab.theory.formation import FormationParams
from alliancelab.theory.packages import PackageBounds
from alliancelab.theory.realignment import PatronTerms
from alliancelab.theory.selectorate import SelectorateParams

__all__ = [
    "Episode",
    "EpisodeEvent",
    "ObservedOutcome",
    "PhaseSpec",
    "RivalSpec",
    "episode_from_table",
    "episode_names",
    "episode_path",
    "load_episode",
    "price_index",
]

_LIBRARY = ("episodes", "library")


@dataclass(frozen=True, slots=True)
class RivalSpec:
    """A rival patron: its terms (constant dollars) and the years it is present (``None``: open)."""

    name: str
    terms: PatronTerms
    enters: int | None
    exits: int | None


@dataclass(frozen=True, slots=True)
class EpisodeEvent:
    """A scheduled event: numbers after the coding map and deflation, names (rival, veto, regime)."""

    year: int
    kind: str
    values: Mapping[str, float]
    names: Mapping[str, str]
    note: str
    provenance: str


@dataclass(frozen=True, slots=True)
class PhaseSpec:
    """A phase: years ``start..end`` (inclusive) and the parameters it sets from its start."""

    id: str
    start: int
    end: int
    label: str
    overrides: Mapping[str, float]


@dataclass(frozen=True, slots=True)
class ObservedOutcome:
    outcome: str
    provenance: str


@dataclass(frozen=True, slots=True)
class Episode:
    """A loaded episode: parameters at the start (constant dollars), rivals, events, phases, observations."""

    path: Path
    info: EpisodeInfo
    dyad: FormationParams
    leader: SelectorateParams
    bounds: PackageBounds
    credibility: float  # pi_H
    payment: float | None  # the standing payment when the client starts aligned
    rivals: tuple[RivalSpec, ...]
    events: tuple[EpisodeEvent, ...]
    phases: tuple[PhaseSpec, ...]
    observed: Mapping[str, ObservedOutcome]
    provenance: Mapping[str, str]
    sources: tuple[str, ...]
    format: int = 1

    @property
    def name(self) -> str:
        return self.info.name


@functools.cache
def price_index() -> PriceIndex:
    """The CPI-U table shipped with the episodes (``cases/episodes/cpi-u.toml``), base year 2000."""
    path = Path(str(resources.files("alliancelab.cases").joinpath("episodes", "cpi-u.toml")))
    table = read_toml(path)["index"]
    return PriceIndex(
        np.asarray(table["years"], dtype=float),
        np.asarray(table["levels"], dtype=float),
        int(table["base_year"]),
        str(table["name"]),
    )


def episode_names() -> list[str]:
    """Names of the shipped episodes."""
    folder = resources.files("alliancelab.cases").joinpath(*_LIBRARY)
    return sorted(p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml"))


def episode_path(name_or_path: str | Path) -> Path:
    """A shipped episode's file, or the given path; unknown names get the closest match."""
    as_path = Path(name_or_path)
    if as_path.suffix == ".toml" or as_path.exists():
        if not as_path.is_file():
            raise UserInputError(f"episode file {name_or_path} does not exist")
        return as_path
    names = episode_names()
    if str(name_or_path) not in names:
        hint = difflib.get_close_matches(str(name_or_path), names, n=1)
        guess = f"; did you mean {hint[0]!r}?" if hint else ""
        raise UserInputError(f"no episode named {str(name_or_path)!r}{guess} Shipped: {', '.join(names)}")
    return Path(str(resources.files("alliancelab.cases").joinpath(*_LIBRARY, f"{name_or_path}.toml")))


class _Coder:
    """Turns coded values into numbers: levels through the coding map, money into constant dollars."""

    def __init__(self, path: Path, dollars: int) -> None:
        self.path, self.dollars = path, dollars
        self.provenance: dict[str, str] = {}
        self.cited: list[str] = []

    def fail(self, where: str, message: str) -> UserInputError:
        return UserInputError(f"{self.path}: field {where!r}: {message}")

    def __call__(self, field: str, coded: Coded, where: str, v: float | None = None) -> float:
        self.provenance[where] = coded.provenance()
        if coded.source and not coded.source.startswith("http"):
            self.cited.append(coded.source)
        if coded.level is not None and coded.dollars is not None:
            raise self.fail(where, "a level is in constant dollars already; remove dollars")
        money = field in MONEY_FIELDS or (field == "c" and coded.value is not None)
        if coded.dollars is not None and not money:
            raise self.fail(where, f"{field} is not an amount of money; remove dollars = {coded.dollars}")
        if coded.level is not None:
            levels = LEVELS.get(field)
            if levels is None:
                raise self.fail(where, f"{field} takes a number (value = ...), not a level")
            if coded.level not in levels:
                raise self.fail(where, f"level {coded.level!r} is not one of {', '.join(levels)}")
            number = float(levels[coded.level])
            return number * float(v) if field == "c" and v is not None else number
        assert coded.value is not None  # the schema allows exactly one of value and level
        if not money:
            return float(coded.value)
        year = coded.dollars if coded.dollars is not None else self.dollars
        try:
            return float(coded.value * price_factor(price_index(), year))
        except ParameterError as err:
            raise self.fail(where, str(err)) from None


def _table(coder: _Coder, table: Any, prefix: str, skip: tuple[str, ...] = ()) -> dict[str, float]:
    """Every coded field of a pydantic table as numbers (``v`` first: ``c`` levels are shares of it)."""
    fields = {k: item for k, item in table if isinstance(item, Coded) and k not in skip}
    out: dict[str, float] = {}
    if "v" in fields:
        out["v"] = coder("v", fields.pop("v"), f"{prefix}.v")
    for name, item in fields.items():
        out[name] = coder(name, item, f"{prefix}.{name}", out.get("v"))
    return out


def _rival(coder: _Coder, rival: Rival, i: int, dyad: FormationParams) -> RivalSpec:
    values = _table(coder, rival, f"rivals.{i}")
    if "c" not in values and "v" in values:
        values["c"] = float(LEVELS["c"]["M"]) * values["v"]
    base = {"v": dyad.v, "c": dyad.c, "d": dyad.d, "chi": dyad.chi, "q0": dyad.q0, "budget": np.inf}
    try:
        terms = PatronTerms(**{**base, "credibility": LEVELS["credibility"]["M"], **values})
    except ParameterError as err:
        raise UserInputError(f"{coder.path}: rivals.{i} ({rival.name}): {err}") from None
    return RivalSpec(rival.name, terms, rival.enters, rival.exits)


def _from_case(path: Path) -> Episode:
    """An old formation case file as a one-phase episode (format 0)."""
    case = load_formation_case(path)
    year = case.info.year or 0
    info = EpisodeInfo(
        format=1, name=case.name, title=case.info.title, patron=case.info.patron, client=case.info.client,
        start=year, end=year, mode=case.info.mode, summary=case.info.summary,
    )  # fmt: skip
    observed: dict[str, ObservedOutcome] = {}
    if case.observed is not None and case.observed.formed is not None:
        outcome = "FORMATION" if case.observed.formed else "NO-ALLIANCE"
        observed["case"] = ObservedOutcome(outcome, case.observed.note or "the case file's [observed] formed")
    phase = PhaseSpec("case", year, year, case.info.title, MappingProxyType({}))
    leader = case.leader or SelectorateParams()
    return Episode(
        path, info, case.formation, leader, PackageBounds(), float(CONSTANTS["credibility"]), None, (), (),
        (phase,), MappingProxyType(observed), MappingProxyType(case.provenance), case.sources, format=0,
    )  # fmt: skip


def load_episode(name_or_path: str | Path) -> Episode:
    """Load a shipped episode or a file (format 1, or an old case file); errors are one line each."""
    path = episode_path(name_or_path)
    raw = read_toml(path)
    if "case" in raw and "episode" not in raw:
        return _from_case(path)
    return episode_from_table(raw, path)


def episode_from_table(raw: dict[str, Any], path: Path) -> Episode:
    """Build an episode from a parsed TOML table (``path`` names it in errors); see :func:`load_episode`."""
    try:
        parsed = EpisodeFile.model_validate(raw)
    except ValidationError as err:
        raise user_error_from_validation(_typos_first(err), str(path), EpisodeFile) from None
    info = parsed.episode
    coder = _Coder(path, info.dollars if info.dollars is not None else info.start)
    values = _table(coder, parsed.parameters, "parameters")
    payment = values.pop("payment", None)
    credibility = values.pop("credibility", float(CONSTANTS["credibility"]))
    if "c" not in values and "v" in values:
        values["c"] = float(LEVELS["c"]["M"]) * values["v"]
    leader_values = _table(coder, parsed.leader, "leader")
    if parsed.leader.regime is not None:
        if "W" in leader_values or "S" in leader_values:
            raise coder.fail("leader.regime", "give a regime or W and S, not both")
        coder.provenance["leader.regime"] = parsed.leader.regime.provenance()
        leader_values["W"], leader_values["S"] = REGIMES[parsed.leader.regime.kind]
    fixed = {k: CONSTANTS[k] for k in ("gamma", "lambda_", "eta", "zeta", "rbar")}
    try:
        leader = SelectorateParams(mu0=MU0, **fixed, **leader_values)
    except ParameterError as err:
        raise UserInputError(f"{path}: leader.{err}") from None
    from alliancelab.theory.selectorate import with_leader

    try:
        dyad = FormationParams(
            mode=info.mode, omega0=CONSTANTS["omega0"], a0=CONSTANTS["a0"], a1=CONSTANTS["a1"], **values
        )
        bounds = PackageBounds(**_table(coder, parsed.bounds, "bounds"))
    except ParameterError as err:
        raise UserInputError(f"{path}: parameters.{err}") from None
    dyad = with_leader(dyad, leader)
    rivals = tuple(_rival(coder, r, i, dyad) for i, r in enumerate(parsed.all_rivals()))
    events = []
    for i, event in enumerate(parsed.events):
        numbers = _table(coder, event, f"events.{i}")
        if event.regime is not None:
            numbers.setdefault("W", REGIMES[event.regime][0])
            numbers.setdefault("S", REGIMES[event.regime][1])
        if event.until is not None:
            numbers["until"] = float(event.until)
        names = {
            k: str(getattr(event, k)) for k in ("rival", "veto", "regime") if getattr(event, k) is not None
        }
        if event.source and not event.source.startswith("http"):
            coder.cited.append(event.source)
        events.append(
            EpisodeEvent(event.year, event.kind, MappingProxyType(numbers), MappingProxyType(names),
                         event.note, event.provenance())
        )  # fmt: skip
    starts = [p.start for p in parsed.phases]
    ends = [s - 1 for s in starts[1:]] + [info.end]
    phases = tuple(
        PhaseSpec(p.id, p.start, end, p.label, MappingProxyType(_table(coder, p.set, f"phases.{p.id}.set")))
        for p, end in zip(parsed.phases, ends, strict=True)
    )
    observed = {}
    for key, obs in parsed.observed.items():
        observed[key] = ObservedOutcome(obs.outcome, obs.provenance())
        if obs.source and not obs.source.startswith("http"):
            coder.cited.append(obs.source)
    cited = [*info.sources, *coder.cited]
    return Episode(
        path, info, dyad, leader, bounds, credibility, payment, rivals,
        tuple(sorted(events, key=lambda e: e.year)), phases, MappingProxyType(observed),
        MappingProxyType(coder.provenance), tuple(dict.fromkeys(cited)),
    )  # fmt: skip
