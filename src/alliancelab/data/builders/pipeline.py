"""Named builder steps and a one-call pipeline (what ``alliancelab data build`` runs).

``build_dyadyears(years, ["atop", "nmc", "majors"])`` is the same as
``create_dyadyears(years=years).pipe(add_atop_alliance).pipe(add_nmc).pipe(add_cow_majors)``; it also
times each step and checks the step names before any work is done.
"""

from __future__ import annotations

import difflib
import importlib
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from alliancelab.data.builders._frame import sharing_columns
from alliancelab.data.builders.create import create_dyadyears, create_stateyears, parse_years
from alliancelab.errors import UserInputError

__all__ = ["ADDERS", "COVERAGE", "BuildResult", "build", "parse_adders", "plan"]

Adder = Callable[[pd.DataFrame], pd.DataFrame]

_PACKAGE = "alliancelab.data.builders"
#: Each step: its module, its function, and the name of the constant holding the years its source covers
#: (``None``: the step makes no source years of its own). The modules are imported when a step is used,
#: so that a pipeline of three steps does not import (and pay for) the other twenty.
_STEPS: dict[str, tuple[str, str, str | None]] = {
    "atop": ("alliances", "add_atop_alliance", "ATOP_YEARS"),
    "nmc": ("capabilities", "add_nmc", "NMC_YEARS"),
    "majors": ("capabilities", "add_cow_majors", "MAJORS_YEARS"),
    "democracy": ("politics", "add_democracy", "DEMOCRACY_YEARS"),
    "leaders": ("politics", "add_leaders", "LEADER_YEARS"),
    "rivalries": ("rivalries", "add_rivalries", "RIVALRY_YEARS"),
    "gdp": ("capabilities", "add_gdp", "GDP_YEARS"),
    "ideal": ("ideal_points", "add_ideal_points", "IDEAL_POINT_YEARS"),
    "un": ("agreement", "add_un_agreement", "UN_YEARS"),
    "aid": ("us_aid", "add_us_aid", "AID_YEARS"),
    "troops": ("us_troops", "add_us_troops", "TROOP_YEARS"),
    "patron": ("patron_client", "add_patron_client", None),
    "contiguity": ("geography", "add_contiguity", "CONTIGUITY_YEARS"),
    "capdist": ("geography", "add_capital_distance", "CAPITAL_YEARS"),
    "mindist": ("geography", "add_minimum_distance", "MINDIST_YEARS"),
    "gml": ("conflict", "add_gml_mids", "GML_MID_YEARS"),
    "cowmid": ("conflict", "add_cow_mids", "COW_MID_YEARS"),
    "terrthreat": ("conflict", "add_terrthreat", "TERRTHREAT_YEARS"),
    "ucdp": ("conflict", "add_ucdp_acd", "UCDP_YEARS"),
    "sipri": ("burden", "add_sipri", "SIPRI_YEARS"),
    "peacekeeping": ("burden", "add_peacekeeping", "PKO_YEARS"),
    "fpsim": ("similarity", "add_fpsim", "FPSIM_YEARS"),
    "spells": ("spells", "add_spells", None),
}


class _StepTable(Mapping[str, Any]):
    """A read-only table over the steps whose values come from the step's module, imported on first use."""

    def __init__(self, pick: Callable[[str], Any], names: Sequence[str]) -> None:
        self._pick, self._names, self._values = pick, list(names), dict[str, Any]()

    def __getitem__(self, name: str) -> Any:
        if name not in self._names:
            raise KeyError(name)
        if name not in self._values:
            self._values[name] = self._pick(name)
        return self._values[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


def _module(name: str) -> Any:
    return importlib.import_module(f"{_PACKAGE}.{_STEPS[name][0]}")


def _years_of(name: str) -> tuple[int, int]:
    years = getattr(_module(name), str(_STEPS[name][2]))
    first, last = years["tss"] if name == "rivalries" else years
    return int(first), int(last)


#: Short names of the ``add_*`` steps, in the order ``--add all`` applies them.
ADDERS: Mapping[str, Adder] = _StepTable(lambda name: getattr(_module(name), _STEPS[name][1]), list(_STEPS))
_DYAD_ONLY = {"atop", "rivalries", "patron", "gml", "cowmid", "fpsim"}
_STATE_ONLY = {"ucdp"}
#: The years each step's source covers (outside them its columns are missing).
COVERAGE: Mapping[str, tuple[int, int]] = _StepTable(_years_of, [n for n, s in _STEPS.items() if s[2]])


def parse_adders(spec: str | Sequence[str]) -> list[str]:
    """Step names from ``"atop,nmc"`` or a list; ``"all"`` means every step. Unknown names are errors."""
    names = [n.strip() for n in (spec.split(",") if isinstance(spec, str) else spec) if n.strip()]
    if names == ["all"]:
        return list(ADDERS)
    for name in names:
        if name not in ADDERS:
            hint = difflib.get_close_matches(name, list(ADDERS), n=1)
            guess = f" (did you mean {hint[0]!r}?)" if hint else ""
            raise UserInputError(
                f"--add: unknown step {name!r}{guess}; choose from {', '.join(ADDERS)} or all"
            )
    return list(dict.fromkeys(names))


@dataclass(slots=True)
class BuildResult:
    """The built frame and the wall time of each step (seconds)."""

    frame: pd.DataFrame
    seconds: dict[str, float] = field(default_factory=dict)


def plan(
    years: int | str | tuple[int, int] | None,
    adders: str | Sequence[str] = (),
    *,
    unit: str = "dyad-year",
    system: str = "cow",
    un_reference: int | None = None,
) -> list[str]:
    """The steps :func:`build` will run, in order, after checking every option (no data are read).

    On a state-year frame the dyad-only steps (atop, rivalries, patron) are refused (``"all"`` skips them)
    and ``un`` needs ``un_reference``. A step whose data do not overlap ``years`` is an error. ``patron``
    runs after ``majors`` and ``nmc`` (added if missing).
    """
    names = parse_adders(adders)
    if unit not in ("dyad-year", "state-year"):
        raise UserInputError(f"unit = {unit!r}: choose dyad-year or state-year")
    if system not in ("cow", "gw", "un"):
        raise UserInputError(
            f"system = {system!r}: choose cow, gw or un (UN members that voted; state-years)"
        )
    if system == "un" and unit != "state-year":
        raise UserInputError("system = 'un' is a list of state-years: use --unit state-year")
    everything = (adders == "all") or list(adders) == ["all"]
    if unit == "state-year" and everything:  # "all" means every step that applies to state-years
        names = [n for n in names if n not in _DYAD_ONLY and (n != "un" or un_reference is not None)]
    if unit == "dyad-year" and everything:
        names = [n for n in names if n not in _STATE_ONLY]
    if unit == "dyad-year" and any(n in _STATE_ONLY for n in names):
        raise UserInputError("--add ucdp: only for state-years (use --unit state-year)")
    if "spells" in names and not everything and not any(n in names for n in ("gml", "cowmid", "ucdp")):
        raise UserInputError("--add spells: needs an event step first (gml, cowmid or ucdp)")
    if "spells" in names:  # spells count the years since the events, so they come last
        names = [n for n in names if n != "spells"] + ["spells"]
    if unit == "state-year":
        refused = [n for n in names if n in _DYAD_ONLY]
        if refused:
            raise UserInputError(
                f"--add {','.join(refused)}: only for dyad-years (drop them or use --unit dyad-year)"
            )
        if "un" in names and un_reference is None:
            raise UserInputError("--add un on state-years needs --un-reference, e.g. 2 (USA)")
    first, last = parse_years(years, system)
    for name in names:
        lo, hi = COVERAGE.get(name, (first, last))
        if last < lo or first > hi:
            raise UserInputError(
                f"--add {name}: its data cover {lo}-{hi}, which does not overlap --years {first}-{last}"
            )
    if un_reference is not None and "un" in names:
        check_un_reference(un_reference)
    if "patron" in names:  # its inputs first
        names = [n for n in names if n != "patron"]
        names += [n for n in ("majors", "nmc") if n not in names] + ["patron"]
    return names


def build(
    years: int | str | tuple[int, int] | None,
    adders: str | Sequence[str] = (),
    *,
    unit: str = "dyad-year",
    system: str = "cow",
    directed: bool = True,
    un_reference: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> BuildResult:
    """Create the frame and apply the steps of :func:`plan`; ``progress(step)`` is called before each."""
    names = plan(years, adders, unit=unit, system=system, un_reference=un_reference)
    result = BuildResult(frame=pd.DataFrame())
    start = time.perf_counter()
    step = "create_dyadyears" if unit == "dyad-year" else "create_stateyears"
    if progress is not None:
        progress(step)
    frame = (
        create_dyadyears(system, years, directed=directed)  # type: ignore[arg-type]
        if unit == "dyad-year"
        else create_stateyears(system, years)  # type: ignore[arg-type]
    )
    result.seconds[step] = time.perf_counter() - start
    for name in names:
        if progress is not None:
            progress(name)
        adder = ADDERS[name]  # imported before the clock starts: a step's time is its work
        start = time.perf_counter()
        with sharing_columns():  # the previous frame is dropped here: its columns need no copy
            frame = adder(frame, un_reference) if name == "un" else adder(frame)  # type: ignore[call-arg]
        result.seconds[name] = time.perf_counter() - start
    result.frame = frame
    return result


def check_un_reference(code: int) -> None:
    """Refuse a ``--un-reference`` that is no COW state of the UN years, before any table is computed.

    Reads only the COW membership spells (a small table, read in milliseconds): a code that never was a
    state between 1946 and 2015 cannot have UN votes, and finding that out from the agreement table itself
    would first compute the whole table.
    """
    from alliancelab.data.builders import _tables

    spells = _tables.prepared("cow_spells")
    first, last = COVERAGE["un"]
    alive = spells[(spells["start"].dt.year <= last) & (spells["end"].dt.year >= first)]
    if int(code) not in set(alive["code"].astype(int).tolist()):
        raise UserInputError(
            f"--un-reference {code}: not a COW state code of the UN years {first}-{last}; "
            "use for example 2 (USA), 200 (UK), 365 (Russia)"
        )
