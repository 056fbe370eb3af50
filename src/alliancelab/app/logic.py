"""What the web app's pages compute, without any UI: plain functions over the library, tested directly.

Each page of :mod:`alliancelab.app.pages` calls one function here and shows what it returns. A function
never raises for bad input: it returns a view whose ``error`` is the one line the command line prints for the
same input (``error: ...``, from :class:`~alliancelab.errors.UserInputError`), so the app cannot crash on it.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from alliancelab.errors import UserInputError
from alliancelab.report.html import Figure, Section, Table

__all__ = [
    "EXAMPLE_MISSION",
    "FormationView",
    "PageView",
    "Slider",
    "decode_upload",
    "example_mission_text",
    "formation_sliders",
    "formation_view",
    "mission_from_text",
    "plan_view",
    "target_view",
]

EXAMPLE_MISSION = "example-mission"


def _message(err: UserInputError) -> str:
    """The line the command line prints for ``err`` (``alliancelab.cli`` prefixes ``error: ``)."""
    return f"error: {err}"


@dataclass(frozen=True, slots=True)
class Slider:
    """One parameter slider: the library's field name, its label, range, step and the case's value."""

    field: str
    label: str
    lo: float
    hi: float
    step: float
    value: float


# slider fields of a formation case and their domains (None: up to twice the case's value, for money)
_FORMATION_SLIDERS: dict[str, tuple[float, float] | None] = {
    "T": (0.0, 0.95),
    "d": (0.0, 1.0),
    "chi": (-1.0, 1.0),
    "phi": (0.0, 1.0),
    "q0": (0.0, 1.0),
    "v": None,
    "c": None,
}
_LEADER_SLIDERS: dict[str, tuple[float, float] | None] = {"W": (0.01, 1.0), "S": (0.01, 1.0), "h": (0.0, 1.0)}
# the sweep figure's words for a parameter, where it has them
_MORE_LABELS = {"phi": "own-capability ratio phi", "q0": "patron's baseline protection q0"}


def formation_sliders(case_name: str) -> list[Slider]:
    """Sliders for the parameters of a formation case, each starting at the case's value."""
    from alliancelab.cases.formation_case import load_formation_case
    from alliancelab.report.formation_plots import LABELS

    case = load_formation_case(case_name)
    tables: list[tuple[Any, dict[str, tuple[float, float] | None]]] = [(case.formation, _FORMATION_SLIDERS)]
    if case.leader is not None:
        tables.append((case.leader, _LEADER_SLIDERS))
    sliders = []
    for params, fields in tables:
        for field, domain in fields.items():
            label = LABELS.get(field) or _MORE_LABELS[field]
            value = float(np.asarray(getattr(params, field)))
            lo, hi = domain if domain is not None else (0.0, 2.0 * max(value, 1.0))
            step = 10.0 ** np.floor(np.log10((hi - lo) / 100))
            sliders.append(Slider(field, label, lo, hi, float(step), float(np.clip(value, lo, hi))))
    return sliders


@dataclass(frozen=True, slots=True)
class FormationView:
    """The formation page: the comparative-statics figure and the solution at the sliders, or an error."""

    figure: Figure | None = None
    solution: Table | None = None
    explanation: tuple[str, ...] = ()
    error: str = ""


def formation_view(case_name: str, overrides: Mapping[str, float], parameter: str) -> FormationView:
    """Solve ``case_name`` with the slider values and sweep ``parameter`` (one of ``SWEEP_PARAMETERS``)."""
    from alliancelab.cases.formation_case import load_formation_case
    from alliancelab.report.formation_report import explain, solution_table
    from alliancelab.report.html_cases import SWEEP_PARAMETERS, sweep_figure
    from alliancelab.theory.formation import solve

    try:
        if parameter not in SWEEP_PARAMETERS:
            raise UserInputError(
                f"sweep: unknown parameter {parameter!r}; allowed: {', '.join(SWEEP_PARAMETERS)}"
            )
        case = load_formation_case(case_name).with_overrides(dict(overrides), where="sliders")
        if parameter in ("W", "S") and case.leader is None:
            raise UserInputError(f"sweep {parameter}: the case has no [leader] table to sweep")
        figure, _ = sweep_figure(case, parameter)
        solution = solve(case.formation)
    except UserInputError as err:
        return FormationView(error=_message(err))
    table = Table("Solution at the sliders' values", solution_table(solution))
    return FormationView(figure, table, tuple(explain(case, solution).splitlines()))


def decode_upload(name: str, content: bytes) -> str:
    """An uploaded file as text: UTF-8 with or without a byte-order mark; anything else is an error."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise UserInputError(
            f"{name}: not UTF-8 text (byte {err.start}); save the file as UTF-8 and upload it again"
        ) from None


def mission_from_text(text: str, source: str) -> Any:
    """A :class:`~alliancelab.coalition.mission.Mission` from TOML text; errors name ``source`` and the field,
    in the words ``alliancelab coalition plan FILE`` uses for a file of that name."""
    from alliancelab.cases.missions import mission_from_dict

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise UserInputError(f"{source}: not valid TOML: {err}") from None
    return mission_from_dict(data, source=source)


def example_mission_text() -> str:
    """The shipped example mission, as the editor's starting text."""
    from alliancelab.cases import case_path

    return case_path("missions", EXAMPLE_MISSION).read_text(encoding="utf-8")


@dataclass(frozen=True, slots=True)
class PageView:
    """What a page shows: a title, sections (paragraphs, figures, tables), or the error line."""

    title: str = ""
    sections: tuple[Section, ...] = ()
    error: str = ""


def plan_view(text: str, source: str, *, draws: int, rng: int) -> PageView:
    """Plan the mission in ``text`` (named ``source`` in errors): who is bought, for what, at what cost."""
    from alliancelab.coalition.plan import plan_mission
    from alliancelab.report.html_cases import plan_sections

    try:
        if draws < 0 or rng < 0:
            raise UserInputError(f"draws = {draws}, seed = {rng}: both must be integers >= 0")
        mission = mission_from_text(text, source)
        plan = plan_mission(mission, draws=draws, rng=rng)
    except UserInputError as err:
        return PageView(error=_message(err))
    return PageView(mission.name, tuple(plan_sections(plan)))


def target_view(target: str) -> PageView:
    """The report of a folder or file (a simulated run, an episode, an evidence folder, ...), as a page:
    the sections :func:`~alliancelab.report.html_kinds.build_report` builds, or the error line."""
    from alliancelab.report.html_kinds import build_report

    target = target.strip()
    if not target:
        return PageView()
    try:
        report = build_report(str(Path(target).expanduser()))
    except UserInputError as err:
        return PageView(error=_message(err))
    return PageView(report.title, report.sections)
