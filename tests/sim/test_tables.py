"""The output tables follow the shared column contract (docs/data.md) and are written in key order."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from alliancelab.sim.runner import simulate_chunk
from alliancelab.sim.scenario import Scenario
from alliancelab.sim.tables import TABLES, chunk_tables

WORLD = {
    "scenario": {"states": 20, "runs": 3, "years": 8, "seed": 5, "start_year": 1950},
    "rival": {"ideal_point": 0.1, "entry_year": 3},
    "events": {"crisis_rate": 0.5, "candidates": 4, "contested_rate": 0.5},
}
CONTRACT = {
    "state_years": (
        "run",
        "ccode",
        "year",
        "us_ally",
        "W",
        "S",
        "v2x_polyarchy",
        "polity2",
        "leader_change",
        "regime_change",
        "cinc",
        "milex",
        "sipri_milex",
        "sipri_milex_gdp",
        "un_agree_ref",
        "idealpointdist_ref",
        "us_aid_total",
    ),
    "dyad_years": (
        "run",
        "ccode1",
        "ccode2",
        "year",
        "atop_defense",
        "us_aid_total",
        "idealpointdist",
        "un_agree",
        "cinc1",
        "cinc2",
        "polity22",
        "v2x_polyarchy2",
        "leader_change2",
        "regime_change2",
    ),
}
KEYS = {
    "state_years": ["run", "year", "ccode"],
    "dyad_years": ["run", "ccode1", "ccode2", "year"],
    "patron_years": ["run", "year", "ccode"],
}


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    scenario = Scenario.model_validate(WORLD)
    return {k: v.to_pandas() for k, v in chunk_tables(simulate_chunk(scenario, 0, 3), scenario, 7).items()}


def test_every_table_is_written_with_run_as_the_first_key(tables: dict[str, pd.DataFrame]) -> None:
    assert set(tables) == set(TABLES)
    for name in TABLES:
        frame = tables[name]
        assert frame.columns[0] == "run", name
        if len(frame):
            assert set(frame["run"]) <= {7, 8, 9}, name  # global run indices


@pytest.mark.parametrize("name", ["state_years", "dyad_years"])
def test_the_shared_column_contract(tables: dict[str, pd.DataFrame], name: str) -> None:
    frame = tables[name]
    missing = [c for c in CONTRACT[name] if c not in frame.columns]
    assert not missing


def test_codes_years_and_key_order(tables: dict[str, pd.DataFrame]) -> None:
    states, dyads = tables["state_years"], tables["dyad_years"]
    assert set(states["ccode"]) == set(range(1000, 1020))
    assert set(states["patron"]) <= {0, 2, 365} and set(dyads["ccode1"]) == {2, 365}
    assert states["year"].min() == 1950 and states["year"].max() == 1957
    np.testing.assert_allclose(states["polity2"], 20 * states["W"] - 10)
    for name, keys in KEYS.items():
        frame = tables[name]
        assert not frame.duplicated(keys).any(), name
        assert frame[keys].equals(frame[keys].sort_values(keys, ignore_index=True)), name
    # a dyad is allied iff the state-year names that patron; payments sit on the patron's row only
    merged = dyads.merge(
        states[["run", "ccode", "year", "patron", "us_aid_total", "rival_aid_total"]],
        left_on=["run", "ccode2", "year"],
        right_on=["run", "ccode", "year"],
    )
    assert ((merged["atop_defense"] == 1) == (merged["patron"] == merged["ccode1"])).all()
    paid = np.where(merged["ccode1"] == 2, merged["us_aid_total_y"], merged["rival_aid_total"])
    np.testing.assert_array_equal(merged["us_aid_total_x"], paid)
