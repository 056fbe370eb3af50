"""One contract for every model: frozen, validated parameter objects; solutions that speak the same language.

Parameter classes are found, not listed: every class named ``*Params`` in ``alliancelab.theory`` and
``alliancelab.coalition``, so a new model is held to the contract the day it lands. Each must be a frozen
dataclass, reject a value outside its domain with :class:`ParameterError` (tried field by field with
``nan``), and reject array fields whose shapes do not broadcast, naming both fields and their shapes. The
coalition market's parameter objects (``Mission`` and the objects it holds: one number per named state, no
arrays) are held to the first two rules.
Every solution type has citation keys that exist in ``references.bib``, ``to_frame()`` with those keys in
``attrs["sources"]``, and ``to_dict()`` in the one JSON shape ``{"model", "citation_keys", "values"}``.
Every model has a report module with the same three functions in the same shape: ``frame(subject,
result=None)`` (a DataFrame), ``sweep(subject, parameter, values)`` (a DataFrame over the grid, the swept
input its first column) and ``explain(subject, result=None)`` (words about the result).
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
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import alliancelab
import alliancelab.coalition
import alliancelab.theory
from alliancelab.cases.formation_case import load_formation_case
from alliancelab.coalition.mission import Candidate, MarketSettings, Mission, PivotalState, SideDeal
from alliancelab.errors import ParameterError
from alliancelab.references import bibliography
from alliancelab.theory.burden import ControlParams, PublicGoodParams, nash_equilibrium, pressure_window
from alliancelab.theory.formation import FormationParams, solve
from alliancelab.theory.maintenance import MaintenanceParams
from alliancelab.theory.realignment import ContestParams, PatronTerms, solve_contest
from alliancelab.theory.selectorate import SelectorateParams


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
MARKET = [SideDeal, Candidate, PivotalState, MarketSettings, Mission]  # a mission and what it holds
REQUIRED: dict[str, Callable[[], dict[str, Any]]] = {  # constructors' required arguments
    "ContestParams": lambda: {"dyad": FormationParams()},
    "SideDeal": lambda: {"name": "debt relief", "value_to_candidate": 40.0, "cost_to_payer": 5.0},
    "Candidate": lambda: {
        "name": "A",
        "troops": 1000.0,
        "cost_per_soldier": 5000.0,
        "intrinsic_interest": 1.0,
    },
    "PivotalState": lambda: {"name": "P", "mission_value": 100.0},
    "Mission": lambda: {
        "name": "m",
        "required_troops": 500.0,
        "pivotal_states": (PivotalState(name="P", mission_value=100.0),),
    },
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


@pytest.mark.parametrize("cls", PARAMS + MARKET, ids=lambda c: c.__name__)
def test_params_are_frozen_dataclasses(cls: type) -> None:
    obj = _build(cls)
    assert dataclasses.is_dataclass(obj) and cls.__dataclass_params__.frozen  # type: ignore[attr-defined]
    name = dataclasses.fields(obj)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(obj, name, getattr(obj, name))


@pytest.mark.parametrize("cls", PARAMS + MARKET, ids=lambda c: c.__name__)
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


def _mission() -> Any:
    from alliancelab.cases.missions import read_mission

    return read_mission(MISSION)


# model -> (its report module, the subject, keywords every call needs, a parameter and values to sweep)
STATES = Path(alliancelab.__file__).parent / "cases" / "examples" / "states.csv"
MISSION = Path(alliancelab.__file__).parent / "cases" / "missions" / "example-mission.toml"
MODEL_REPORTS: dict[str, tuple[str, Callable[[], Any], dict[str, Any], str, list[float]]] = {
    "formation": ("formation_report", lambda: load_formation_case("us-pakistan-1954"), {}, "d", [0.2, 0.8]),
    "selectorate": ("selectorate_report", SelectorateParams, {}, "W", [0.1, 0.5, 0.9]),
    "realignment": (
        "realignment_report",
        lambda: ContestParams(FormationParams(), PatronTerms()),
        {},
        "tau",
        [0.0, 0.5, 2.0],
    ),
    "maintenance": ("maintenance_report", MaintenanceParams, {"rng": 7, "years": 6}, "theta_sd", [0.0, 0.1]),
    "burden.control": ("control_report", ControlParams, {}, "threat", [0.3, 0.6, 0.9]),
    "burden.olson": (
        "public_good_report",
        PublicGoodParams,
        {"sizes": [5000.0, 800.0, 300.0, 40.0]},
        "taste_base",
        [0.02, 0.06, 0.2],
    ),
    "legitimacy": ("legitimacy_report", lambda: pd.read_csv(STATES), {}, "salience", [0.5, 1.0, 2.0]),
    "coalition market": ("mission_report", _mission, {}, "required_troops", [2000.0, 10000.0]),
}


def _report(model: str) -> Any:
    return importlib.import_module(f"alliancelab.report.{MODEL_REPORTS[model][0]}")


# every parameter class -> the model whose report module tables, sweeps and explains it
REPORTED_BY = {
    "FormationParams": "formation",
    "SelectorateParams": "selectorate",
    "ContestParams": "realignment",
    "MaintenanceParams": "maintenance",
    "ControlParams": "burden.control",
    "PublicGoodParams": "burden.olson",
    "LegitimacyParams": "legitimacy",
    "HoldupParams": "coalition market",
}


@pytest.mark.parametrize("cls", PARAMS, ids=lambda c: c.__name__)
def test_every_model_has_a_report_module(cls: type) -> None:
    """A new ``*Params`` class in theory/ or coalition/ fails here until its model has frame, sweep and
    explain in a report module listed in MODEL_REPORTS."""
    assert REPORTED_BY.get(cls.__name__) in MODEL_REPORTS, f"{cls.__name__}: no report module"


@pytest.mark.parametrize("model", MODEL_REPORTS)
def test_report_functions_have_the_same_names_and_signature_shape(model: str) -> None:
    """``frame(subject, result=None, *, ...)``, ``sweep(subject, parameter, values, *, ...)``,
    ``explain(subject, result=None, *, ...)`` in every model's report module."""
    module = _report(model)
    assert {"frame", "sweep", "explain"} <= set(module.__all__)
    positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    shapes = {}
    for name in ("frame", "sweep", "explain"):
        params = list(inspect.signature(getattr(module, name)).parameters.values())
        leading = [p for p in params if p.kind in positional]
        assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in params[len(leading) :]), name
        shapes[name] = leading
    subject = shapes["frame"][0].name
    assert [p.name for p in shapes["sweep"]] == [subject, "parameter", "values"]
    for name in ("frame", "explain"):
        first, *rest = shapes[name]
        assert first.name == subject and first.default is inspect.Parameter.empty
        assert len(rest) == 1 and rest[0].default is None, f"{name}(subject, result=None)"


@pytest.mark.parametrize("model", MODEL_REPORTS)
def test_report_functions_return_a_frame_a_sweep_and_words(model: str) -> None:
    """frame -> DataFrame with sources; sweep -> DataFrame with the swept input as its first column, every
    value of the grid in it; explain -> words (sentences with numbers) about the result."""
    module = _report(model)
    _, make, context, parameter, values = MODEL_REPORTS[model]
    subject = make()
    bib = set(bibliography())

    table = module.frame(subject, **context)
    assert isinstance(table, pd.DataFrame) and len(table) > 0
    assert table.attrs["sources"] and set(table.attrs["sources"]) <= bib

    swept = module.sweep(subject, parameter, values, **context)
    assert isinstance(swept, pd.DataFrame) and len(swept) >= len(values)
    assert swept.columns[0] == parameter
    assert sorted(set(swept[parameter].tolist())) == values
    assert swept.attrs["sources"] and set(swept.attrs["sources"]) <= bib
    outputs = [c for c in swept.columns[1:] if pd.api.types.is_numeric_dtype(swept[c])]
    assert outputs and any(swept[c].nunique() > 1 for c in outputs), "the sweep changes nothing"

    words = module.explain(subject, **context)
    assert isinstance(words, str) and len(words.split()) >= 12
    assert re.search(r"\d", words) and "nan" not in words.split()
