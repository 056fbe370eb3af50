"""The many-state, many-year world in which the models act together (Monte Carlo sweeps).

* :mod:`~alliancelab.sim.scenario`: scenario files (pydantic), the shipped scenarios.
* :mod:`~alliancelab.sim.world`: the state of many runs as arrays, per-run generators, shocks.
* :mod:`~alliancelab.sim.step`: one year of the period loop (models.md 0.3) as a pure function.
* :mod:`~alliancelab.sim.runner`: chunks of runs to Parquet, resumable, on Dask.
* :mod:`~alliancelab.sim.database`: a DuckDB connection to a finished run, wherever it is now.
* :mod:`~alliancelab.sim.manifest`: a run's manifest and directory, checked before they are read.
* :mod:`~alliancelab.sim.sweep`: grids of scenarios.
* :mod:`~alliancelab.sim.hypotheses`: the seeds' predictions estimated on a run.
"""

from alliancelab.sim.database import connect_run
from alliancelab.sim.runner import RunResult, open_run, regenerate, run_scenario, simulate_chunk
from alliancelab.sim.scenario import (
    Scenario,
    load_scenario,
    scenario_from_dict,
    scenario_names,
    with_overrides,
)
from alliancelab.sim.step import YearLog, advance, step
from alliancelab.sim.world import WorldState, draw_shocks, init_state, run_generators

__all__ = [
    "RunResult",
    "Scenario",
    "WorldState",
    "YearLog",
    "advance",
    "connect_run",
    "draw_shocks",
    "init_state",
    "load_scenario",
    "open_run",
    "regenerate",
    "run_generators",
    "run_scenario",
    "scenario_from_dict",
    "scenario_names",
    "simulate_chunk",
    "step",
    "with_overrides",
]
