"""The schema of an episode file (format 1), checked by pydantic with ``extra="forbid"`` at every level.

An episode is one client's history with a patron (and rivals) over years, cut into phases, each with the
outcome that was observed. See ``docs/cases/episodes.md`` for the format and ``coding.py`` for the levels.
"""

from __future__ import annotations

import itertools
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from alliancelab.cases.episodes.coding import REGIMES
from alliancelab.cases.formation_case import _check_source

__all__ = [
    "EPISODE_FORMAT",
    "EVENT_FIELDS",
    "EVENT_KINDS",
    "OUTCOMES",
    "Coded",
    "EpisodeFile",
    "Event",
    "Observed",
    "Phase",
    "Rival",
]

EPISODE_FORMAT = 1
Outcome = Literal[
    "FORMATION",
    "NO-ALLIANCE",
    "SURVIVED",
    "SURVIVED-LC",
    "SURVIVED-RC",
    "PRICE-UP",
    "CONCESSION-DOWN",
    "REALIGNMENT",
    "TERMINATION",
    "HOLD-UP",
]
EventKind = Literal[
    "regime-change",
    "leader-change",
    "rival-entry",
    "rival-exit",
    "rival-offer",
    "budget-cut",
    "embargo",
    "ratification",
    "hold-up",
]
OUTCOMES: tuple[str, ...] = Outcome.__args__  # type: ignore[attr-defined]
EVENT_KINDS: tuple[str, ...] = EventKind.__args__  # type: ignore[attr-defined]
# Fields each event kind may carry (besides year, kind, note, source, detail, reasoning).
EVENT_FIELDS: dict[str, tuple[str, ...]] = {
    "regime-change": ("regime", "W", "S", "shift", "h", "ceiling"),
    "leader-change": ("shift", "h"),
    "rival-entry": ("rival",),
    "rival-exit": ("rival",),
    "rival-offer": ("rival", "v", "budget", "credibility"),
    "budget-cut": ("budget",),
    "embargo": ("until",),
    "ratification": ("veto", "regime", "W", "salience", "threshold"),
    "hold-up": ("facilities", "duration", "relocation", "suspended", "sal"),
}
_REQUIRED: dict[str, tuple[str, ...]] = {
    "rival-entry": ("rival",),
    "rival-exit": ("rival",),
    "rival-offer": ("rival",),
    "budget-cut": ("budget",),
    "ratification": ("veto", "threshold"),
    "hold-up": ("facilities", "duration"),
}
_STRICT = ConfigDict(extra="forbid", strict=True)


class _Provenance(BaseModel):
    model_config = _STRICT
    source: str | None = None
    detail: str | None = None
    reasoning: str | None = None

    @field_validator("source")
    @classmethod
    def _known_source(cls, source: str | None) -> str | None:
        return None if source is None else _check_source(source)

    @model_validator(mode="after")
    def _has_provenance(self) -> Any:
        if not (self.source or self.reasoning):
            raise ValueError("give a source (citation key or URL) or a reasoning")
        return self

    def provenance(self) -> str:
        """One line: source (and detail) and reasoning."""
        where = ", ".join(p for p in (self.source, self.detail) if p)
        return " -- ".join(p for p in (where, self.reasoning or "") if p)


class Coded(_Provenance):
    """A number (``value``) or a level of the coding map (``level``), with its provenance.

    Money carries the year of its dollars (``dollars``; default: the episode's ``dollars``).
    """

    value: float | None = None
    level: str | None = None
    dollars: int | None = None

    @model_validator(mode="before")
    @classmethod
    def _table_expected(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            raise ValueError(
                f'write the value as a table with its provenance: {{value = {data!r}, reasoning = "..."}}'
            )
        if ("value" in data) == ("level" in data):
            raise ValueError("give exactly one of value (a number) or level (a word of the coding map)")
        return data


class Regime(_Provenance):
    kind: str

    @field_validator("kind")
    @classmethod
    def _known_regime(cls, kind: str) -> str:
        if kind not in REGIMES:
            raise ValueError(f"regime {kind!r} is not one of {', '.join(REGIMES)}")
        return kind


class EpisodeInfo(BaseModel):
    model_config = _STRICT
    format: Literal[1]
    name: str
    title: str
    patron: str
    client: str
    start: int
    end: int
    dollars: int | None = None
    mode: Literal["FIXED", "FLEX"] = "FLEX"
    aligned: bool = False
    summary: str = ""
    sources: list[str] = Field(default_factory=list)

    @field_validator("sources")
    @classmethod
    def _known_sources(cls, sources: list[str]) -> list[str]:
        return [_check_source(s) for s in sources]

    @model_validator(mode="after")
    def _years(self) -> EpisodeInfo:
        if self.end < self.start:
            raise ValueError(f"end = {self.end} is before start = {self.start}")
        return self


class _DyadFields(BaseModel):
    """Formation fields an episode sets at its start and a phase may override."""

    model_config = _STRICT
    T: Coded | None = None
    phi: Coded | None = None
    chi: Coded | None = None
    q0: Coded | None = None
    d: Coded | None = None
    sal: Coded | None = None
    v: Coded | None = None
    c: Coded | None = None
    budget: Coded | None = None
    package: Coded | None = None
    credibility: Coded | None = None  # pi_H


class DyadValues(_DyadFields):
    payment: Coded | None = None  # the standing payment of an alliance in place at the start (aligned)


class LeaderValues(BaseModel):
    model_config = _STRICT
    regime: Regime | None = None
    W: Coded | None = None
    S: Coded | None = None
    r: Coded | None = None
    h: Coded | None = None


class Bounds(BaseModel):
    model_config = _STRICT
    minimum: Coded | None = None
    ceiling: Coded | None = None


class Rival(BaseModel):
    model_config = _STRICT
    name: str
    enters: int | None = None
    exits: int | None = None
    v: Coded | None = None
    c: Coded | None = None
    d: Coded | None = None
    chi: Coded | None = None
    q0: Coded | None = None
    budget: Coded | None = None
    credibility: Coded | None = None
    package: Coded | None = None


class Event(_Provenance):
    year: int
    kind: EventKind
    note: str = ""
    rival: str | None = None
    regime: str | None = None
    veto: str | None = None
    until: int | None = None
    W: Coded | None = None
    S: Coded | None = None
    shift: Coded | None = None
    h: Coded | None = None
    ceiling: Coded | None = None
    v: Coded | None = None
    budget: Coded | None = None
    credibility: Coded | None = None
    salience: Coded | None = None
    threshold: Coded | None = None
    facilities: Coded | None = None
    duration: Coded | None = None
    relocation: Coded | None = None
    suspended: Coded | None = None
    sal: Coded | None = None

    @model_validator(mode="after")
    def _fields_of_kind(self) -> Event:
        allowed = EVENT_FIELDS[self.kind]
        given = [
            name
            for name in self.model_fields_set
            if name not in {"year", "kind", "note", "source", "detail", "reasoning"}
        ]
        extra = sorted(set(given) - set(allowed))
        if extra:
            raise ValueError(
                f"a {self.kind} event takes no {extra[0]!r}; its fields are {', '.join(allowed) or 'none'}"
            )
        missing = [name for name in _REQUIRED.get(self.kind, ()) if name not in given]
        if missing:
            raise ValueError(f"a {self.kind} event needs {', '.join(missing)}")
        if self.regime is not None and self.regime not in REGIMES:
            raise ValueError(f"regime {self.regime!r} is not one of {', '.join(REGIMES)}")
        return self


class PhaseValues(_DyadFields):
    h: Coded | None = None
    r: Coded | None = None
    minimum: Coded | None = None
    ceiling: Coded | None = None


class Phase(BaseModel):
    model_config = _STRICT
    id: str
    start: int
    label: str = ""
    set: PhaseValues = Field(default_factory=PhaseValues)


class Observed(_Provenance):
    outcome: Outcome


class EpisodeFile(BaseModel):
    """An episode file (format 1)."""

    model_config = _STRICT
    episode: EpisodeInfo
    parameters: DyadValues
    leader: LeaderValues = Field(default_factory=LeaderValues)
    bounds: Bounds = Field(default_factory=Bounds)
    rival: Rival | None = None
    rivals: list[Rival] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    phases: list[Phase] = Field(min_length=1)
    observed: dict[str, Observed]

    @model_validator(mode="after")
    def _consistent(self) -> EpisodeFile:
        info = self.episode
        names = [r.name for r in self.all_rivals()]
        if len(set(names)) != len(names):
            raise ValueError("two rivals share a name")
        ids = [p.id for p in self.phases]
        if len(set(ids)) != len(ids):
            raise ValueError("two phases share an id")
        starts = [p.start for p in self.phases]
        if starts[0] != info.start:
            raise ValueError(
                f"the first phase starts in {starts[0]}, not in the episode's start {info.start}"
            )
        if any(b <= a for a, b in itertools.pairwise(starts)) or starts[-1] > info.end:
            raise ValueError(f"phase starts {starts} must increase and stay within {info.start}-{info.end}")
        for i, event in enumerate(self.events):
            if not info.start <= event.year <= info.end:
                raise ValueError(f"events[{i}] in {event.year} is outside {info.start}-{info.end}")
            if event.rival is not None and event.rival not in names:
                raise ValueError(f"events[{i}] names rival {event.rival!r}; the rivals are {names or 'none'}")
        missing = [i for i in ids if i not in self.observed]
        unknown = [k for k in self.observed if k not in ids]
        if missing or unknown:
            raise ValueError(
                f"[observed] must give one outcome per phase id {ids}: "
                + (f"missing {missing}" if missing else f"unknown {unknown}")
            )
        return self

    def all_rivals(self) -> list[Rival]:
        """``[rival]`` and ``[[rivals]]`` together."""
        return ([self.rival] if self.rival is not None else []) + list(self.rivals)
