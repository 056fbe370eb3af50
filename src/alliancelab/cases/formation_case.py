"""Formation cases: one patron-client dyad per TOML file, every value with its source or reasoning.

A case file has four tables (see ``docs/cases.md``)::

    [case]        name, title, patron, client, year, mode ("FIXED" or "FLEX"), summary, sources
    [parameters]  formation parameters of section (a): T, phi, chi, q0, d, sal, omega0, v, c, budget, ...
    [leader]      the client leader's setting of section (b): W, S, r, h, mu0, ... (sets mu)
    [observed]    optional: what happened (formed, year, payment, package, note)

Every parameter is a table ``{value = 0.6, source = "kabir2019sidepayments", reasoning = "..."}`` with a
``source`` (a key of ``references.bib`` or a URL) or a ``reasoning`` or both. Field names are checked
(typos get the closest match), values must be numbers, and ranges are those of the parameter objects.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from alliancelab._validate import user_error_from_validation
from alliancelab.cases.checks import check_source, typos_first
from alliancelab.cases.library import case_path, read_toml
from alliancelab.errors import ParameterError, UserInputError
from alliancelab.theory.formation import FormationParams
from alliancelab.theory.selectorate import SelectorateParams, with_leader

__all__ = [
    "FORMATION_FIELDS",
    "LEADER_FIELDS",
    "CaseFile",
    "FormationCase",
    "Sourced",
    "custom_case",
    "load_formation_case",
]

_STRICT = ConfigDict(extra="forbid", strict=True)
FORMATION_FIELDS: tuple[str, ...] = tuple(
    f.name for f in dataclasses.fields(FormationParams) if f.name != "mode"
)
LEADER_FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(SelectorateParams))


class Sourced(BaseModel):
    """A number with where it comes from: a citation key or URL (``source``), or ``reasoning``, or both."""

    model_config = _STRICT
    value: float
    source: str | None = None
    detail: str | None = None  # page, document number, table
    reasoning: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _table_expected(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            raise ValueError(
                f'write the value as a table with its provenance: {{value = {data!r}, reasoning = "..."}}'
            )
        return data

    @field_validator("source")
    @classmethod
    def _known_source(cls, source: str | None) -> str | None:
        return None if source is None else check_source(source)

    @model_validator(mode="after")
    def _has_provenance(self) -> Sourced:
        if not (self.source or self.reasoning):
            raise ValueError("give a source (citation key or URL) or a reasoning for every value")
        return self

    def provenance(self) -> str:
        """One line: source (and detail) and reasoning."""
        parts = [p for p in (self.source, self.detail) if p]
        where = ", ".join(parts)
        return " -- ".join(p for p in (where, self.reasoning or "") if p)


class CaseInfo(BaseModel):
    model_config = _STRICT
    name: str
    title: str
    patron: str
    client: str
    year: int | None = None
    mode: Literal["FIXED", "FLEX"] = "FLEX"
    summary: str = ""
    sources: list[str] = Field(default_factory=list)

    @field_validator("sources")
    @classmethod
    def _known_sources(cls, sources: list[str]) -> list[str]:
        return [check_source(s) for s in sources]


class FormationValues(BaseModel):
    model_config = _STRICT
    T: Sourced | None = None
    phi: Sourced | None = None
    chi: Sourced | None = None
    q0: Sourced | None = None
    d: Sourced | None = None
    sal: Sourced | None = None
    omega0: Sourced | None = None
    mu: Sourced | None = None
    v: Sourced | None = None
    c: Sourced | None = None
    budget: Sourced | None = None
    alpha: Sourced | None = None
    a0: Sourced | None = None
    a1: Sourced | None = None
    package: Sourced | None = None
    beta0: Sourced | None = None
    eps: Sourced | None = None


class LeaderValues(BaseModel):
    model_config = _STRICT
    W: Sourced | None = None
    S: Sourced | None = None
    r: Sourced | None = None
    h: Sourced | None = None
    mu0: Sourced | None = None
    gamma: Sourced | None = None
    lambda_: Sourced | None = None
    eta: Sourced | None = None
    zeta: Sourced | None = None
    rbar: Sourced | None = None


class Observed(BaseModel):
    model_config = _STRICT
    formed: bool | None = None
    year: int | None = None
    payment: Sourced | None = None  # USD m/yr
    package: Sourced | None = None  # share of the patron's full package, [0, 1]
    calibration_target: bool = False  # the parameters were set to reproduce these values (in-sample)
    note: str = ""

    @field_validator("payment")
    @classmethod
    def _payment_in_range(cls, payment: Sourced | None) -> Sourced | None:
        if payment is not None and not 0 <= payment.value < math.inf:
            raise ValueError(f"value = {payment.value:g} is outside the allowed range [0, inf) (USD m/yr)")
        return payment

    @field_validator("package")
    @classmethod
    def _package_in_range(cls, package: Sourced | None) -> Sourced | None:
        if package is not None and not 0 <= package.value <= 1:
            raise ValueError(f"value = {package.value:g} is outside the allowed range [0, 1]")
        return package


class CaseFile(BaseModel):
    """The schema of a formation case file (``extra="forbid"`` at every level)."""

    model_config = _STRICT
    case: CaseInfo
    parameters: FormationValues
    leader: LeaderValues | None = None
    observed: Observed | None = None


@dataclass(frozen=True, slots=True)
class FormationCase:
    """A loaded case: validated parameter objects plus what the file says about each value."""

    path: Path
    info: CaseInfo
    formation: FormationParams  # with mu set from the leader table when there is one
    leader: SelectorateParams | None
    observed: Observed | None
    provenance: dict[str, str]  # "parameters.T" -> source and reasoning
    sources: tuple[str, ...]  # citation keys the file uses (URLs left out)

    @property
    def name(self) -> str:
        return self.info.name

    @property
    def citation_keys(self) -> list[str]:
        """Keys of ``references.bib`` that the case file and the models it uses cite."""
        from alliancelab.theory import formation, selectorate

        model_keys = formation.CITATION_KEYS + (selectorate.CITATION_KEYS if self.leader is not None else ())
        return list(dict.fromkeys([*self.sources, *model_keys]))

    def with_overrides(self, overrides: Mapping[str, Any], *, where: str = "option") -> FormationCase:
        """The case with some parameters replaced (formation or leader fields; values may be arrays)."""
        formation_updates = {k: v for k, v in overrides.items() if k in FORMATION_FIELDS or k == "mode"}
        leader_updates = {k: v for k, v in overrides.items() if k in LEADER_FIELDS}
        unknown = set(overrides) - set(formation_updates) - set(leader_updates)
        if unknown:
            name = sorted(unknown)[0]
            allowed = [*FORMATION_FIELDS, *LEADER_FIELDS]
            hint = difflib.get_close_matches(name, allowed, n=1)
            guess = f"; did you mean {hint[0]!r}?" if hint else ""
            raise UserInputError(f"{where}: unknown parameter {name!r}{guess} Allowed: {', '.join(allowed)}")
        leader = self.leader
        if leader_updates and leader is None:
            leader = SelectorateParams()
        try:
            if leader is not None and leader_updates:
                leader = dataclasses.replace(leader, **leader_updates)
            formation = dataclasses.replace(self.formation, **formation_updates)
            if leader is not None and "mu" not in formation_updates:
                formation = with_leader(formation, leader)
        except ParameterError as err:
            raise err.within(where) from None
        return dataclasses.replace(self, formation=formation, leader=leader)


def load_formation_case(name_or_path: str | Path) -> FormationCase:
    """Load a shipped case (``us-pakistan-1954``) or a TOML file by path; errors name file and field."""
    path = case_path("formation", str(name_or_path))
    raw = read_toml(path)
    try:
        parsed = CaseFile.model_validate(raw)
    except ValidationError as err:
        raise user_error_from_validation(typos_first(err), str(path), CaseFile) from None
    values = {k: s.value for k, s in parsed.parameters if s is not None}
    leader_values = {k: s.value for k, s in parsed.leader if s is not None} if parsed.leader else {}
    if parsed.leader is not None and "mu" in values:
        raise UserInputError(
            f"{path}: parameters.mu and a [leader] table both set mu; give one of them (the leader table "
            "computes mu from W, S, r and h)"
        )
    try:
        leader = SelectorateParams(**leader_values) if parsed.leader is not None else None
    except ParameterError as err:
        raise UserInputError(f"{path}: leader.{err}") from None
    try:
        formation = FormationParams(mode=parsed.case.mode, **values)
    except ParameterError as err:
        raise UserInputError(f"{path}: parameters.{err}") from None
    if leader is not None:
        formation = with_leader(formation, leader)
    provenance = {f"parameters.{k}": s.provenance() for k, s in parsed.parameters if s is not None}
    if parsed.leader is not None:
        provenance.update({f"leader.{k}": s.provenance() for k, s in parsed.leader if s is not None})
    cited = [*parsed.case.sources]
    for table in (parsed.parameters, parsed.leader, parsed.observed):
        for _, item in table or ():
            if isinstance(item, Sourced) and item.source and not item.source.startswith("http"):
                cited.append(item.source)
    sources = tuple(dict.fromkeys(cited))
    return FormationCase(path, parsed.case, formation, leader, parsed.observed, provenance, sources)


def custom_case() -> FormationCase:
    """A dyad with the models.md default parameters and no file (``alliancelab formation`` without --case)."""
    info = CaseInfo(
        name="custom",
        title="Custom dyad (models.md defaults unless set)",
        patron="the patron",
        client="the client",
    )
    return FormationCase(Path("(no case file)"), info, FormationParams(), None, None, {}, ())
