"""Every name that moved still resolves from its old home, with a DeprecationWarning naming the new one."""

from __future__ import annotations

import importlib

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
    ("coalition.exact", "enumerate_optimum", "coalition.lagrangian_enumeration", "enumerate_optimum"),
    ("coalition", "read_mission", "cases.missions", "read_mission"),
    ("coalition.mission", "read_mission", "cases.missions", "read_mission"),
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
