"""The composed world's figures draw every result a test can give, including the awkward ones."""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from alliancelab.report import sim_plots


def _combined() -> pd.DataFrame:
    est = 0.69724
    return pd.DataFrame(
        {
            "test": ["S-E7"] * 4,
            "cell": ["a", "b", "c", "d"],
            "prediction": ["richer allies carry more"] * 4,
            "estimate": [est, est, 0.3, math.nan],
            # b: a percentile CI that misses its estimate by rounding; c: one cluster, no CI; d: not estimable
            "ci_low": [0.5, est + 2e-16, math.nan, math.nan],
            "ci_high": [0.8, est + 4e-16, math.nan, math.nan],
            "holds": ["holds", "holds", "inconclusive", "inconclusive"],
        }
    )


def test_a_sweep_figure_draws_cis_that_miss_their_estimate_and_missing_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: list[plt.Figure] = []
    monkeypatch.setattr(sim_plots, "save_figure", lambda fig, path: drawn.append(fig))
    sim_plots.sweep_figure(_combined(), tmp_path / "sweep.png")
    (ax,) = drawn[0].axes
    points = [line for line in ax.lines if line.get_marker() == "o"]
    assert len(points) == 3  # every finite estimate, whatever its CI
    assert len(ax.collections) == 4  # two CIs, each a bar and its two caps
    plt.close(drawn[0])


def test_a_sweep_figure_is_written(tmp_path: Path) -> None:
    sim_plots.sweep_figure(_combined(), tmp_path / "sweep.png")
    assert (tmp_path / "sweep.png").stat().st_size > 0
