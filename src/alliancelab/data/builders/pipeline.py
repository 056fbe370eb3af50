"""Named builder steps and a one-call pipeline (what ``alliancelab data build`` runs).

``build_dyadyears(years, ["atop", "nmc", "majors"])`` is the same as
``create_dyadyears(years=years).pipe(add_atop_alliance).pipe(add_nmc).pipe(add_cow_majors)``; it also
times each step and checks the step names before any work is done.
"""

from __future__ import annotations

import difflib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pandas as pd

from alliancelab.data.builders.agreement import UN_YEARS, add_un_agreement
from alliancelab.data.builders.alliances import ATOP_YEARS, add_atop_alliance
from alliancelab.data.builders.burden import PKO_YEARS, SIPRI_YEARS, add_peacekeeping, add_sipri
from alliancelab.data.builders.capabilities import (
    GDP_YEARS,
    MAJORS_YEARS,
    NMC_YEARS,
    add_cow_majors,
    add_gdp,
    add_nmc,
)
from alliancelab.data.builders.conflict import (
    COW_MID_YEARS,
    GML_MID_YEARS,
    TERRTHREAT_YEARS,
    UCDP_YEARS,
    add_cow_mids,
    add_gml_mids,
    add_terrthreat,
    add_ucdp_acd,
)
from alliancelab.data.builders.create import create_dyadyears, create_stateyears, parse_years
from alliancelab.data.builders.geography import (
    CONTIGUITY_YEARS,
    MINDIST_YEARS,
    add_capital_distance,
    add_contiguity,
    add_minimum_distance,
)
from alliancelab.data.builders.ideal_points import IDEAL_POINT_YEARS, add_ideal_points
from alliancelab.data.builders.patron_client import add_patron_client
from alliancelab.data.builders.politics import DEMOCRACY_YEARS, LEADER_YEARS, add_democracy, add_leaders
from alliancelab.data.builders.rivalries import RIVALRY_YEARS, add_rivalries
from alliancelab.data.builders.similarity import FPSIM_YEARS, add_fpsim
from alliancelab.data.builders.spells import add_spells
from alliancelab.data.builders.us_aid import AID_YEARS, add_us_aid
from alliancelab.data.builders.us_troops import TROOP_YEARS, add_us_troops
from alliancelab.errors import UserInputError

__all__ = ["ADDERS", "COVERAGE", "BuildResult", "build", "parse_adders", "plan"]

Adder = Callable[[pd.DataFrame], pd.DataFrame]

#: Short names of the ``add_*`` steps, in the order ``--add all`` applies them.
ADDERS: dict[str, Adder] = {
    "atop": add_atop_alliance,
    "nmc": add_nmc,
    "majors": add_cow_majors,
    "democracy": add_democracy,
    "leaders": add_leaders,
    "rivalries": add_rivalries,
    "gdp": add_gdp,
    "ideal": add_ideal_points,
    "un": add_un_agreement,
    "aid": add_us_aid,
    "troops": add_us_troops,
    "patron": add_patron_client,
    "contiguity": add_contiguity,
    "capdist": add_capital_distance,
    "mindist": add_minimum_distance,
    "gml": add_gml_mids,
    "cowmid": add_cow_mids,
    "terrthreat": add_terrthreat,
    "ucdp": add_ucdp_acd,
    "sipri": add_sipri,
    "peacekeeping": add_peacekeeping,
    "fpsim": add_fpsim,
    "spells": add_spells,
}
_DYAD_ONLY = {"atop", "rivalries", "patron", "gml", "cowmid", "fpsim"}
_STATE_ONLY = {"ucdp"}
#: The years each step's source covers (outside them its columns are missing).
COVERAGE: dict[str, tuple[int, int]] = {
    "atop": ATOP_YEARS,
    "nmc": NMC_YEARS,
    "majors": MAJORS_YEARS,
    "democracy": DEMOCRACY_YEARS,
    "leaders": LEADER_YEARS,
    "rivalries": RIVALRY_YEARS["tss"],
    "gdp": GDP_YEARS,
    "ideal": IDEAL_POINT_YEARS,
    "un": UN_YEARS,
    "aid": AID_YEARS,
    "troops": TROOP_YEARS,
    "contiguity": CONTIGUITY_YEARS,
    "capdist": (1816, 2024),
    "mindist": MINDIST_YEARS,
    "gml": GML_MID_YEARS,
    "cowmid": COW_MID_YEARS,
    "terrthreat": TERRTHREAT_YEARS,
    "ucdp": UCDP_YEARS,
    "sipri": SIPRI_YEARS,
    "peacekeeping": PKO_YEARS,
    "fpsim": FPSIM_YEARS,
}


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
        start = time.perf_counter()
        frame = add_un_agreement(frame, un_reference) if name == "un" else ADDERS[name](frame)
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
    first, last = UN_YEARS
    alive = spells[(spells["start"].dt.year <= last) & (spells["end"].dt.year >= first)]
    if int(code) not in set(alive["code"].astype(int).tolist()):
        raise UserInputError(
            f"--un-reference {code}: not a COW state code of the UN years {first}-{last}; "
            "use for example 2 (USA), 200 (UK), 365 (Russia)"
        )
