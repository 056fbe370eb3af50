"""The mission file format (cases/missions.py): a schema over the coalition market's parameter objects.

The schema says which keys a file may have; the parameter objects (frozen dataclasses in coalition/) hold
the defaults and the ranges, once. These tests keep the two in step and check what the loader builds.
"""

from __future__ import annotations

import dataclasses
import json
import math
from pathlib import Path

import pytest

from alliancelab.cases.library import case_path
from alliancelab.cases.missions import PARAMETER_OBJECTS, mission_from_dict, read_mission
from alliancelab.coalition import HoldupParams, HoldupSettings, MarketSettings, Mission, Regime
from alliancelab.errors import UserInputError
from alliancelab.provenance import to_jsonable

EXAMPLE = case_path("missions", "example-mission")
MINIMAL = {"name": "m", "required_troops": 100, "pivotal_states": [{"name": "P", "mission_value": 50}]}


@pytest.mark.parametrize("table", list(PARAMETER_OBJECTS), ids=lambda t: t.__name__)
def test_every_table_has_the_keys_and_required_keys_of_its_parameter_object(table: type) -> None:
    params = PARAMETER_OBJECTS[table]
    fields = dataclasses.fields(params)
    assert list(table.model_fields) == [f.name for f in fields]
    required = {f.name for f in fields if f.default is f.default_factory is dataclasses.MISSING}
    assert {name for name, info in table.model_fields.items() if info.is_required()} == required


def test_a_key_left_out_takes_the_parameter_objects_default() -> None:
    mission = mission_from_dict(MINIMAL)
    assert (
        mission.min_flags == 1 and mission.years == 1 and mission.critical == () and mission.candidates == ()
    )
    assert mission.market == MarketSettings() and mission.holdup == HoldupParams()
    assert mission.pivotal_states[0].budget == math.inf and mission.pivotal_states[0].eagerness == 0.5
    assert isinstance(mission.required_troops, float) and isinstance(mission.min_flags, int)


def test_the_example_file_builds_the_parameter_objects() -> None:
    mission = read_mission(EXAMPLE)
    assert isinstance(mission, Mission) and mission.market.regime is Regime.MIXED
    assert mission.holdup == HoldupSettings(credible_only=True, cost_shock=0.25, surge_premium=0.25)
    india = mission.candidates[2]
    assert india.name == "India" and india.reservation_range == (0.0, 400.0)
    assert india.side_deals[0].value_to_candidate == 40.0 and india.troops == 3000.0
    assert mission.pivotal_states[1].name == "Germany" and mission.pivotal_states[1].own_troops == math.inf


def test_the_provenance_record_of_a_mission_is_a_mission_file() -> None:
    """``run_record(params=mission)`` writes ``to_jsonable(mission)``; read back, it is the same mission."""
    mission = read_mission(EXAMPLE)
    written = json.loads(json.dumps(to_jsonable(mission)))
    assert written["pivotal_states"][0]["own_troops"] == "inf"
    assert mission_from_dict(written) == mission


def test_errors_name_the_file_and_the_path_of_the_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        EXAMPLE.read_text(encoding="utf-8").replace("criticality = 1.0", "criticality = 1.5"),
        encoding="utf-8",
    )
    with pytest.raises(UserInputError) as caught:
        read_mission(bad)
    assert str(caught.value) == f"{bad}: candidates.6.criticality = 1.5 is outside the allowed range [0, 1]"


def test_a_misspelt_required_key_is_named_before_the_missing_one() -> None:
    data = {**MINIMAL, "required_troop": 100}
    del data["required_troops"]
    with pytest.raises(
        UserInputError, match="unknown field 'required_troop'; did you mean 'required_troops'"
    ):
        mission_from_dict(data, source="m.json")
