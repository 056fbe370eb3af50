"""Every name that moved still resolves from its old home, with a DeprecationWarning naming the new one."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

MOVED = [  # (old module, old name, new module, new name), under alliancelab.
    ("theory.burden", "exploitation_test", "analysis.exploitation", "exploitation_test"),
    ("theory.burden.olson", "exploitation_test", "analysis.exploitation", "exploitation_test"),
    ("theory.burden", "goldilocks_curve", "report.control_report", "goldilocks_curve"),
    ("theory.burden.control", "goldilocks_curve", "report.control_report", "goldilocks_curve"),
    ("theory.legitimacy", "score_states", "report.legitimacy_report", "score_states"),
    ("theory.realignment", "contest_frame", "report.realignment_report", "frame"),
    ("theory.realignment", "sweep_frame", "report.realignment_report", "sweep"),
    ("theory.realignment", "explain_contest", "report.realignment_report", "explain"),
    ("theory.maintenance", "simulate", "report.maintenance_report", "simulate"),
    ("theory.maintenance", "MaintenanceRun", "report.maintenance_report", "MaintenanceRun"),
    ("coalition.cases", "load_operation", "cases.coalition_cases", "load_operation"),
    ("coalition.cases", "operation_report", "report.coalition_report", "operation_report"),
    ("coalition.case_schema", "Operation", "cases.coalition_schema", "Operation"),
    ("theory.realignment.contest", "realigns", "theory.realignment.kabir_rule", "realigns"),
    ("coalition.exact", "enumerate_optimum", "coalition.lagrangian_enumeration", "enumerate_optimum"),
    ("coalition", "read_mission", "cases.missions", "read_mission"),
    ("coalition.mission", "read_mission", "cases.missions", "read_mission"),
    ("coalition", "mission_from_dict", "cases.missions", "mission_from_dict"),
    ("coalition.mission", "mission_from_dict", "cases.missions", "mission_from_dict"),
]  # fmt: skip


@pytest.mark.parametrize(("old", "name", "new", "new_name"), MOVED, ids=lambda v: str(v))
def test_old_names_resolve_with_a_warning_naming_the_new_home(
    old: str, name: str, new: str, new_name: str
) -> None:
    old, new = f"alliancelab.{old}", f"alliancelab.{new}"
    module = importlib.import_module(old)
    with pytest.warns(DeprecationWarning, match=rf"{old}\.{name} moved to {new}\.{new_name}"):
        value = getattr(module, name)
    assert value is getattr(importlib.import_module(new), new_name)


def test_unknown_names_are_still_attribute_errors() -> None:
    module = importlib.import_module("alliancelab.theory.burden")
    with pytest.raises(AttributeError, match="no attribute 'no_such_thing'"):
        module.no_such_thing  # noqa: B018


RENAMED = [  # (report module, old name, new name): frame, sweep and explain in every model's report module
    ("realignment_report", "contest_frame", "frame"),
    ("realignment_report", "sweep_frame", "sweep"),
    ("realignment_report", "explain_contest", "explain"),
    ("formation_report", "sweep_frame", "sweep"),
]


@pytest.mark.parametrize(("module", "old", "new"), RENAMED, ids=lambda v: str(v))
def test_renamed_report_functions_resolve_with_a_warning(module: str, old: str, new: str) -> None:
    report = importlib.import_module(f"alliancelab.report.{module}")
    with pytest.warns(DeprecationWarning, match=rf"{module}\.{old} is renamed .*{module}\.{new}"):
        value = getattr(report, old)
    assert value is getattr(report, new)


def test_former_signatures_still_work_with_a_warning() -> None:
    """The old call forms give the new functions' results (the argument order changed)."""
    import numpy as np
    import pandas as pd

    from alliancelab.report import control_report, legitimacy_report, maintenance_report
    from alliancelab.theory.burden import ControlParams
    from alliancelab.theory.maintenance import MaintenanceParams
    from alliancelab.theory.maintenance.paths import simulate_paths

    k = np.linspace(0.0, 3000.0, 4)
    with pytest.warns(DeprecationWarning, match=r'sweep\(p, "potential", potentials\)'):
        old = control_report.goldilocks_curve(k, ControlParams())
    pd.testing.assert_frame_equal(old, control_report.sweep(ControlParams(), "potential", k))
    states = pd.DataFrame(
        {"state": ["a", "b"], "ideal_point": [0.2, 0.9], "formal_obligation": [0.0, 1.0],
         "visible_payment": [0.1, 0.0]}
    )  # fmt: skip
    with pytest.warns(DeprecationWarning, match="score_states is deprecated"):
        scored = legitimacy_report.score_states(states)
    pd.testing.assert_frame_equal(scored, legitimacy_report.frame(states))
    arrays, _ = simulate_paths(MaintenanceParams(), 4, rng=1)
    with pytest.warns(DeprecationWarning, match=r"frame\(arrays\) is deprecated"):
        path = maintenance_report.frame(arrays)  # type: ignore[arg-type]
    pd.testing.assert_frame_equal(path, maintenance_report.path_frame(arrays))


def test_missions_keep_the_former_pydantic_methods_with_a_warning() -> None:
    import dataclasses

    from alliancelab.cases.missions import read_mission
    from alliancelab.coalition import Mission
    from alliancelab.errors import ParameterError

    example = Path(__file__).parents[1] / "src/alliancelab/cases/missions/example-mission.toml"
    mission = read_mission(example)
    with pytest.warns(DeprecationWarning, match=r"Mission\.model_dump\(\) .* dataclasses\.asdict"):
        dumped = mission.model_dump()
    assert dumped == dataclasses.asdict(mission) and dumped["candidates"][0]["name"]
    with pytest.warns(DeprecationWarning, match=r"model_copy\(update=\.\.\.\) .* dataclasses\.replace"):
        changed = mission.model_copy(update={"required_troops": mission.required_troops + 1})
    assert isinstance(changed, Mission) and changed.required_troops == mission.required_troops + 1
    assert changed.candidates == mission.candidates
    with pytest.warns(DeprecationWarning), pytest.raises(ParameterError, match="required_troops"):
        mission.model_copy(update={"required_troops": -1.0})  # re-checked, unlike pydantic's model_copy
