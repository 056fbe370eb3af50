"""One contract for every model: frozen, validated parameter objects; solutions that speak the same language.

Parameter classes are found, not listed: every class named ``*Params`` in ``alliancelab.theory`` and
``alliancelab.coalition``, so a new model is held to the contract the day it lands. Each must be a frozen
dataclass, reject a value outside its domain with :class:`ParameterError` (tried field by field with
``nan``), and reject array fields whose shapes do not broadcast, naming both fields and their shapes.
Every solution type has citation keys that exist in ``references.bib``, ``to_frame()`` with those keys in
``attrs["sources"]``, and ``to_dict()`` in the one JSON shape ``{"model", "citation_keys", "values"}``.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import json
import math
import pkgutil
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest

import alliancelab.coalition
import alliancelab.theory
from alliancelab.errors import ParameterError
from alliancelab.references import bibliography
from alliancelab.theory.burden import ControlParams, PublicGoodParams, nash_equilibrium, pressure_window
from alliancelab.theory.formation import FormationParams, solve
from alliancelab.theory.maintenance import MaintenanceParams
from alliancelab.theory.realignment import ContestParams, PatronTerms, solve_contest


def _params_classes() -> list[type]:
    found: dict[str, type] = {}
    for package in (alliancelab.theory, alliancelab.coalition):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            module = importlib.import_module(info.name)
            for name, obj in vars(module).items():
                if inspect.isclass(obj) and name.endswith("Params") and obj.__module__ == module.__name__:
                    found[f"{obj.__module__}.{name}"] = obj
    return [found[k] for k in sorted(found)]


PARAMS = _params_classes()
REQUIRED: dict[str, Callable[[], dict[str, Any]]] = {  # constructors' required arguments
    "ContestParams": lambda: {"dyad": FormationParams()},
}


def _build(cls: type, **changes: Any) -> Any:
    return cls(**{**REQUIRED.get(cls.__name__, dict)(), **changes})


def _numeric_fields(obj: Any) -> list[str]:
    return [
        f.name
        for f in dataclasses.fields(obj)
        if isinstance(getattr(obj, f.name), int | float) and not isinstance(getattr(obj, f.name), bool)
    ]


def test_every_model_has_a_params_class_in_the_registry() -> None:
    names = {cls.__name__ for cls in PARAMS}
    expected = {"FormationParams", "SelectorateParams", "ContestParams", "MaintenanceParams", "ControlParams"}
    assert expected | {"PublicGoodParams", "LegitimacyParams", "HoldupParams"} <= names


@pytest.mark.parametrize("cls", PARAMS, ids=lambda c: c.__name__)
def test_params_are_frozen_dataclasses(cls: type) -> None:
    obj = _build(cls)
    assert dataclasses.is_dataclass(obj) and cls.__dataclass_params__.frozen  # type: ignore[attr-defined]
    name = dataclasses.fields(obj)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(obj, name, getattr(obj, name))


@pytest.mark.parametrize("cls", PARAMS, ids=lambda c: c.__name__)
def test_params_validate_every_number_at_construction(cls: type) -> None:
    obj = _build(cls)
    fields = _numeric_fields(obj)
    assert fields, f"{cls.__name__} has no numeric field to validate"
    for name in fields:
        with pytest.raises(ParameterError, match=re.escape(name.split("_")[0])):
            _build(cls, **{name: math.nan})


@pytest.mark.parametrize("cls", PARAMS, ids=lambda c: c.__name__)
def test_params_reject_array_fields_that_do_not_broadcast_naming_fields_and_shapes(cls: type) -> None:
    obj = _build(cls)
    fields = [
        n
        for n in _numeric_fields(obj)
        if isinstance(getattr(obj, n), float) and math.isfinite(getattr(obj, n))
    ]
    if len(fields) < 2:
        pytest.skip(f"{cls.__name__} has fewer than two float fields")
    first, second = fields[0], fields[1]
    ok = {first: np.full(3, getattr(obj, first)), second: np.full((3, 1), getattr(obj, second))}
    assert _build(cls, **ok) is not None  # (3,) and (3, 1) broadcast to a (3, 3) grid
    bad = {first: np.full(3, getattr(obj, first)), second: np.full(2, getattr(obj, second))}
    with pytest.raises(ParameterError) as caught:
        _build(cls, **bad)
    message = str(caught.value)
    for text in (cls.__name__, first, second, "(3,)", "(2,)"):
        assert text in message


def test_nested_parameter_objects_broadcast_together() -> None:
    with pytest.raises(ParameterError, match=r"dyad\.T has shape \(3,\) and rival\.v has shape \(2,\)"):
        ContestParams(FormationParams(T=np.array([0.1, 0.2, 0.3])), PatronTerms(v=np.array([50.0, 80.0])))


def _maintenance_run() -> Any:
    from alliancelab.report.maintenance_report import simulate

    return simulate(MaintenanceParams(), 5, rng=1, dyads=2)


SOLUTIONS: dict[str, Callable[[], Any]] = {
    "formation": lambda: solve(FormationParams(T=np.linspace(0.1, 0.9, 4))),
    "realignment": lambda: solve_contest(
        ContestParams(FormationParams(d=np.array([0.2, 0.8])), PatronTerms())
    ),
    "burden.olson": lambda: nash_equilibrium([100.0, 30.0, 5.0], PublicGoodParams()),
    "burden.control": lambda: pressure_window(ControlParams(threat=np.array([0.3, 0.6]))),
    "maintenance": _maintenance_run,
}


@pytest.mark.parametrize("model", SOLUTIONS)
def test_solutions_have_citations_a_frame_and_one_json_shape(model: str) -> None:
    solution = SOLUTIONS[model]()
    keys = solution.citation_keys
    assert isinstance(keys, tuple) and keys
    assert set(keys) <= set(bibliography()), f"{model}: citation keys missing from references.bib"
    frame = solution.to_frame()
    assert isinstance(frame, pd.DataFrame) and len(frame) > 0
    assert frame.attrs["sources"] == list(keys)
    as_json = json.loads(json.dumps(solution.to_dict()))
    assert set(as_json) == {"model", "citation_keys", "values"}
    assert as_json["model"] == model and as_json["citation_keys"] == list(keys)
    assert as_json["values"]


def test_a_formation_frame_keeps_the_swept_input_column() -> None:
    """README: ``solve(FormationParams(d=[...])).to_frame()`` has the swept ``d`` beside the payment."""
    grid = np.array([0.2, 0.5, 0.8])
    frame = solve(FormationParams(d=grid)).to_frame()
    assert frame["d"].tolist() == grid.tolist()
    assert {"payment", "outcome_label"} <= set(frame.columns)


def test_formation_solution_has_a_summary_and_an_html_repr_like_test_results() -> None:
    one = solve(FormationParams())
    text = one.summary()
    assert "alliance with side payment" in text and "side payment p* (USD m/yr)" in text
    assert f"{float(one.payment):,.4g}" in text
    html = solve(FormationParams(d=np.array([0.0, 0.9]), omega0=0.1))._repr_html_()
    assert html.startswith("<table>") and "dyads" in html and "alliance forms" in html


MODEL_REPORTS = ("formation", "realignment", "maintenance", "control", "legitimacy")


@pytest.mark.parametrize("model", MODEL_REPORTS)
def test_report_modules_use_the_same_names_for_tables_sweeps_and_words(model: str) -> None:
    """``frame`` (one row per unit), ``sweep`` (comparative statics), ``explain`` (the result in words)."""
    module = importlib.import_module(f"alliancelab.report.{model}_report")
    offered = {"frame", "sweep", "explain"} & set(module.__all__)
    assert offered, f"report.{model}_report offers none of frame, sweep, explain"
    assert all(callable(getattr(module, name)) for name in offered)
    if model in ("formation", "realignment"):  # the two models with all three
        assert offered == {"frame", "sweep", "explain"}
