"""report.coalition_plots: the Monte Carlo cost distribution against the pivotal state's own cost."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from figure_probe import legend_labels
from matplotlib.figure import Figure

from alliancelab.cases import case_path
from alliancelab.cases.missions import read_mission
from alliancelab.coalition import plan_mission
from alliancelab.coalition.simulate import SimulationResult
from alliancelab.report.coalition_plots import plot_cost_distribution

Saved = Callable[[Callable[[Path], object]], Figure]


@pytest.fixture(scope="module")
def simulation() -> SimulationResult:
    mission = read_mission(case_path("missions", "example-mission"))
    result = plan_mission(mission, draws=200, rng=7).simulation
    assert result is not None
    return result


def test_histogram_bars_are_shares_of_all_draws(saved: Saved, simulation: SimulationResult) -> None:
    """The bars sum to the success probability, not to 1: failed draws are part of the denominator."""
    fig = saved(lambda path: plot_cost_distribution(simulation, path, title="Example"))
    (ax,) = fig.axes
    ok = simulation.draws["success"].to_numpy(bool)
    assert 0 < ok.sum() < len(ok)  # the example has both outcomes
    heights = [patch.get_height() for patch in ax.patches]
    assert sum(heights) == pytest.approx(ok.mean())
    per = simulation.draws.loc[ok, "cost_per_soldier_year_usd"].to_numpy(float) / 1e3
    left = min(patch.get_x() for patch in ax.patches)
    right = max(patch.get_x() + patch.get_width() for patch in ax.patches)
    assert left == pytest.approx(per.min()) and right == pytest.approx(per.max())
    (own,) = ax.get_lines()
    assert own.get_xdata()[0] == pytest.approx(simulation.record["own_cost_per_soldier_year"] / 1e3)
    assert ax.get_xlabel() == "cost per soldier-year of the mission (USD thousand)"
    assert ax.get_ylabel() == "share of all draws"
    failed = 1 - ok.mean()
    assert ax.get_title() == f"Example\n{len(ok)} draws; no coalition meets the requirements in {failed:.0%}"


@pytest.mark.parametrize("own_troops", [0.0, 250.0])
def test_legend_names_own_troops_only_when_the_coalitions_use_them(
    saved: Saved, simulation: SimulationResult, own_troops: float
) -> None:
    draws = simulation.draws.assign(own_troops=np.where(simulation.draws["success"], own_troops, np.nan))
    fig = saved(lambda path: plot_cost_distribution(dataclasses.replace(simulation, draws=draws), path))
    bought = "bought coalition + own troops" if own_troops > 0 else "bought coalition"
    assert legend_labels(fig.axes[0]) == [bought, "own soldiers only"]


def test_no_successful_draw_gives_an_empty_histogram(saved: Saved, simulation: SimulationResult) -> None:
    draws = simulation.draws.assign(success=False)
    failed_all = dataclasses.replace(simulation, draws=draws)
    fig = saved(lambda path: plot_cost_distribution(failed_all, path))
    (ax,) = fig.axes
    assert len(ax.patches) == 0
    assert legend_labels(ax) == ["own soldiers only"]
    assert ax.get_title().endswith("no coalition meets the requirements in 100%")
    assert ax.get_title().startswith("Coalition cost over private reservation prices")


def test_png_is_written_atomically(tmp_path: Path, simulation: SimulationResult) -> None:
    plot_cost_distribution(simulation, tmp_path / "cost.png")
    assert (tmp_path / "cost.png").read_bytes()[:4] == b"\x89PNG"
    assert [p.name for p in tmp_path.iterdir()] == ["cost.png"]
    assert np.isfinite(simulation.record["own_cost_per_soldier_year"])
