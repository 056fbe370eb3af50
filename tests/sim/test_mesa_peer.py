"""The Mesa peer of the benchmark runs the same world: one run reproduces the array engine's run exactly."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from alliancelab.sim.runner import simulate_chunk
from alliancelab.sim.scenario import load_scenario, with_overrides

pytest.importorskip("mesa")
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from peers.mesa_world import WorldModel


def test_one_agent_per_state_gives_the_array_engines_history() -> None:
    scenario = with_overrides(
        load_scenario("bipolar-cold-war"),
        {"scenario.states": 25, "scenario.years": 10, "events.crisis_rate": 0.4, "events.candidates": 5},
    )
    model = WorldModel(scenario, run=1)
    for _ in range(10):
        model.step()
    logs = simulate_chunk(scenario, 0, 3)  # run 1 inside a chunk of three runs
    assert len(model.agents) == 25
    for t, log in enumerate(logs):
        np.testing.assert_array_equal(model.history[t]["align"][0], log.align[1])
        np.testing.assert_array_equal(model.history[t]["p"][0], log.p[1])
        np.testing.assert_array_equal(model.history[t]["coalition_spent"], log.coalition_spent[1:2])
        np.testing.assert_array_equal(model.history[t]["legitimacy"], log.legitimacy[1:2])
    assert any(np.any(log.align[1] == 2) for log in logs) and any(np.any(log.p[1] > 0) for log in logs)
