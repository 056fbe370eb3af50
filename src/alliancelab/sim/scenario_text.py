"""Scenario files as text: the commented default (``alliancelab scenario new``) and the field reference.

Both are generated from the pydantic models of :mod:`alliancelab.sim.scenario`, so the file a user starts
from, the reference in ``docs/sim.md`` and the validator never disagree.
"""

from __future__ import annotations

import json
import unicodedata
from typing import Any

from pydantic import BaseModel

from alliancelab.sim.scenario import DOMAINS, Dist, Scenario

__all__ = ["default_scenario_text", "field_reference", "note_comment", "scenario_text"]

_TABLE_NOTES = {
    "scenario": "what is simulated: horizon, population size, number of runs, root seed",
    "hegemon": "the hegemon H (ccode 2): its purse and what it values (models.md (a)-(f))",
    "rival": "the rival R (ccode 365); delete this table for a world without a rival",
    "population": "the small states, as distributions: a number, or {dist = ..., ...} (see the header)",
    "dynamics": "drift and event rates (models.md (d)), capability depreciation, renegotiation",
    "events": "roll calls and contested actions (f); crises that launch a coalition mission (g)",
    "model": "constants of the model kernels (models.md defaults)",
}

_HEADER = """\
# An AllianceLab scenario (models.md section 0.3). Every field is optional: a missing one takes the default
# shown here. Distributions are a number (a constant) or an inline table:
#   {dist = "uniform", low = 0.1, high = 0.6}     {dist = "normal", mean = 0.5, sd = 0.1}
#   {dist = "lognormal", median = 100, sigma = 1}   {dist = "beta", a = 2, b = 5}  (fields on [0, 1] only)
# Draws are clipped to the field's domain. Money in USD m/yr unless stated; K, M, Z in USD bn.
"""


def _value(value: Any) -> str:
    if isinstance(value, Dist):
        parts = [f'dist = "{value.dist}"'] + [
            f"{k} = {_value(v)}" for k, v in value.model_dump(exclude_none=True).items() if k != "dist"
        ]
        return "{" + ", ".join(parts) + "}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return json.dumps(value).replace("\x7f", "\\u007f")  # JSON leaves DEL raw; TOML forbids it


def note_comment(note: str) -> str:
    """A scenario's note as TOML comment lines (every line of it), control characters shown as ``\\xNN``
    (TOML forbids them in a comment, and a terminal would act on an escape sequence)."""
    lines = note.splitlines()
    shown = (
        "".join(c if c == "\t" or unicodedata.category(c) != "Cc" else f"\\x{ord(c):02x}" for c in line)
        for line in lines
    )
    return "".join(f"# {line}".rstrip() + "\n" for line in shown)


def _describe(model: type[BaseModel], name: str) -> str:
    field = model.model_fields[name]
    if field.description:
        return field.description
    if name in DOMAINS:
        return DOMAINS[name][1]
    return ""


def _table(name: str, section: BaseModel) -> list[str]:
    lines = ["", f"[{name}]  # {_TABLE_NOTES[name]}"]
    for field in type(section).model_fields:
        value = getattr(section, field)
        note = _describe(type(section), field)
        lines.append(f"{field} = {_value(value)}" + (f"  # {note}" if note else ""))
    return lines


def scenario_text(scenario: Scenario) -> str:
    """A scenario as commented TOML (every field, with its description)."""
    lines = [_HEADER.rstrip("\n")]
    for name in Scenario.model_fields:
        section = getattr(scenario, name)
        if section is None:
            continue
        lines += _table(name, section)
    return "\n".join(lines) + "\n"


def default_scenario_text() -> str:
    """The default scenario (with a rival) as commented TOML, for ``alliancelab scenario new``."""
    return scenario_text(Scenario.model_validate({"rival": {}}))


def field_reference() -> str:
    """Every field of a scenario file as Markdown tables (one per TOML table): name, default, meaning."""
    default = Scenario.model_validate({"rival": {}})
    out: list[str] = []
    for name in Scenario.model_fields:
        section = getattr(default, name)
        out += [f"**[{name}]** {_TABLE_NOTES[name]}", "", "| field | default | meaning |", "|---|---|---|"]
        for field in type(section).model_fields:
            shown = _value(getattr(section, field)).replace("|", "\\|")
            note = _describe(type(section), field).replace("|", "\\|")
            out.append(f"| `{field}` | `{shown}` | {note} |")
        out.append("")
    return "\n".join(out)
