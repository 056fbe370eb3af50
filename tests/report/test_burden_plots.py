"""report.burden_plots: the Goldilocks figure (E1, E6) and the Olson-Zeckhauser burden-size scatter (E7)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from figure_probe import legend_labels
from matplotlib.figure import Figure

from alliancelab.errors import ParameterError
from alliancelab.report.burden_plots import (
    closed_form_label,
    exploitation_figure,
    goldilocks_figure,
    plot_exploitation,
    plot_goldilocks,
)
from alliancelab.report.control_report import sweep
from alliancelab.theory.burden import ControlParams, nash_equilibrium, pressure_window

Saved = Callable[[Callable[[Path], object]], Figure]
SIZES = [16000.0, 3500.0, 1200.0, 150.0]


def test_goldilocks_figure_marks_the_window_and_peak(saved: Saved) -> None:
    params = ControlParams()
    fig = saved(lambda path: plot_goldilocks(params, path))
    top, bottom = fig.axes
    window = pressure_window(params)
    assert legend_labels(top) == [
        "pressure intensity max(0, N)/N_max",
        "press (q = +1)",
        "reassure (q = -1)",
        closed_form_label(float(window.valid_upto)),  # the axis ends at the closed form's limit: say so
    ]
    assert legend_labels(bottom) == ["N(K): press", "N-(K): reassure"]
    assert top.get_ylabel() == "pressure intensity"
    assert bottom.get_xlabel() == "ally latent potential K (GDP, USD bn)"
    assert bottom.get_ylabel() == "patron net value (USD bn)"
    assert top.get_title() == "Goldilocks pressure: threat T = 0.5, strain rho_H = 0.5"
    peak_line = next(line for line in top.get_lines() if line.get_linestyle() == "--")
    assert peak_line.get_xdata()[0] == pytest.approx(float(window.peak))
    (note,) = top.texts
    assert note.get_text() == "peak K* = 1,800\nwindow (238, 3,362)"  # docs/models/burden.md's numbers
    intensity = next(line for line in top.get_lines() if line.get_label().startswith("pressure intensity"))
    k = np.asarray(intensity.get_xdata(), float)
    assert k[0] == 0 and k[-1] == pytest.approx(float(window.valid_upto))  # the quadratic stand-in's range
    curve = sweep(params, "potential", k)
    np.testing.assert_allclose(intensity.get_ydata(), curve["intensity"].to_numpy(float))
    assert float(np.max(intensity.get_ydata())) == pytest.approx(1.0, abs=1e-3)


def test_goldilocks_at_the_readme_settings_does_not_report_a_window_past_the_closed_form(
    saved: Saved,
) -> None:
    """README: `alliancelab burden --threat 0.7 --strain 0.8 --plot ...`. The closed form's window ends at
    K = 9,430, past its validity limit K = 9,333: the note must not print the invalid number."""
    params = ControlParams(threat=0.7, strain=0.8)
    window = pressure_window(params)
    assert not bool(window.closed_form_valid) and float(window.upper) > float(window.valid_upto)
    fig = saved(lambda path: plot_goldilocks(params, path, potential_max=12_000.0))
    top, bottom = fig.axes
    (note,) = top.texts
    limit = float(window.valid_upto)
    assert note.get_text() == f"peak K* = 4,798\nwindow (166, > {limit:,.0f}: past the closed form)"
    assert f"{float(window.upper):,.0f}" not in note.get_text()
    assert closed_form_label(limit) in legend_labels(top)
    for ax in (top, bottom):
        (beyond,) = [p for p in ax.patches if p.get_hatch() == "//"]
        assert beyond.get_x() == pytest.approx(
            limit
        ) and beyond.get_x() + beyond.get_width() == pytest.approx(12_000)
        (limit_line,) = [line for line in ax.get_lines() if line.get_linestyle() == ":"]
        assert limit_line.get_xdata()[0] == pytest.approx(limit)


def test_goldilocks_figure_range_and_errors() -> None:
    fig = goldilocks_figure(ControlParams(), potential_max=2000.0, points=11)
    assert np.asarray(fig.axes[0].get_lines()[0].get_xdata())[-1] == 2000.0
    with pytest.raises(ParameterError, match="threat must be a single number"):
        goldilocks_figure(dataclasses.replace(ControlParams(), threat=np.array([0.2, 0.8])))
    with pytest.raises(ParameterError, match="potential_max = 0 must be > 0"):
        goldilocks_figure(ControlParams(), potential_max=0.0)


def test_structural_exit_model_draws_no_peak_note() -> None:
    fig = goldilocks_figure(ControlParams(exit_model="structural"), points=51)
    assert len(fig.axes[0].texts) == 0


def test_exploitation_scatter_separates_contributors_from_free_riders(saved: Saved) -> None:
    eq = nash_equilibrium(SIZES)
    burdens = eq.burdens.ravel()
    names = ["US", "DE", "IT", "NO"]
    fig = saved(lambda path: plot_exploitation(SIZES, burdens, path, labels=names))
    (ax,) = fig.axes
    contributors, free_riders = ax.collections
    assert legend_labels(ax) == ["contributors", "free riders"]
    np.testing.assert_allclose(contributors.get_offsets(), [[16000.0, 100 * burdens[0]]])
    np.testing.assert_allclose(free_riders.get_offsets()[:, 0], SIZES[1:])
    assert [t.get_text() for t in ax.texts] == names
    assert ax.get_xscale() == "log"
    assert ax.get_xlabel() == "size K (GDP)" and ax.get_ylabel() == "defence burden e (% of GDP)"


def test_exploitation_figure_from_an_equilibrium_and_errors() -> None:
    fig = exploitation_figure(equilibrium=nash_equilibrium(SIZES))
    contributors, free_riders = fig.axes[0].collections
    assert len(contributors.get_offsets()) == 1 and len(free_riders.get_offsets()) == 3
    with pytest.raises(ParameterError, match="give sizes and burdens"):
        exploitation_figure(sizes=SIZES)
