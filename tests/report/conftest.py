"""Fixtures for the figure tests: capture what a plotting function saved, and check how it saved it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import figure_probe
import matplotlib.pyplot as plt
import pytest
from matplotlib.figure import Figure

figure_probe.register()


@pytest.fixture
def saved(tmp_path: Path) -> Callable[[Callable[[Path], object]], Figure]:
    """``saved(lambda path: plot_x(..., path))`` runs the plot into ``tmp_path/figure.probe`` and returns
    the figure it saved, after checking the save: one PNG written, no temporary file left, figure closed."""

    def run(plot: Callable[[Path], object]) -> Figure:
        figure_probe.SAVED.clear()
        target = tmp_path / "figure.probe"
        plot(target)
        assert len(figure_probe.SAVED) == 1, f"expected one saved figure, got {len(figure_probe.SAVED)}"
        fig = figure_probe.SAVED.pop()
        assert sorted(p.name for p in tmp_path.iterdir()) == ["figure.probe"], "a temporary file was left"
        assert target.read_bytes().startswith(figure_probe.PNG_MAGIC)
        assert not plt.fignum_exists(fig.number), "the figure was not closed after saving"
        return fig

    return run


@pytest.fixture(autouse=True)
def _close_figures() -> object:
    """Figures that tests build without saving are closed after each test."""
    yield
    plt.close("all")
