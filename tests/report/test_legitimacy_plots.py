"""report.legitimacy_plots: legitimating weights (claims F3, F4) and the states' scores."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from figure_probe import legend_labels
from matplotlib.figure import Figure

from alliancelab.errors import ParameterError
from alliancelab.report import legitimacy_report
from alliancelab.report.legitimacy_plots import (
    legitimacy_weight_figure,
    plot_legitimacy_weights,
    plot_state_scores,
    state_scores_figure,
)
from alliancelab.theory.legitimacy import LegitimacyParams, legitimating_weight

Saved = Callable[[Callable[[Path], object]], Figure]

STATES = pd.DataFrame(
    {
        "state": ["UK", "Poland", "Pakistan", "Georgia", "Colombia", "Egypt"],
        "ideal_point": [0.9, 0.8, 0.4, 0.6, 0.7, 0.2],
        "formal_obligation": [1, 1, 0, 0, 0, 0],
        "visible_payment": [0.0, 0.2, 0.5, 0.0, 0.3, 0.8],
    }
)


def test_weight_figure_shows_informal_distant_unpaid_supporters_weigh_more(saved: Saved) -> None:
    fig = saved(lambda path: plot_legitimacy_weights(path))
    left, right = fig.axes
    labels = ["informal (F = 0)", "formal (F = 1)"]
    assert legend_labels(left) == labels
    assert [line.get_label() for line in right.get_lines()] == labels
    assert left.get_xlabel() == "preference distance from the hegemon d"
    assert left.get_ylabel() == "legitimating weight l"
    assert right.get_xlabel() == "visibly paid share Vis"
    (informal_d, formal_d), (informal_v, formal_v) = left.get_lines(), right.get_lines()
    assert np.all(np.asarray(informal_d.get_ydata()) > np.asarray(formal_d.get_ydata()))  # F3
    assert np.all(np.diff(informal_d.get_ydata()) > 0)  # F4: distance raises the weight
    assert np.all(np.diff(informal_v.get_ydata()) < 0)  # F4: visible payment lowers it
    d = np.asarray(informal_d.get_xdata(), float)
    np.testing.assert_allclose(
        informal_d.get_ydata(), legitimating_weight(1.0, 0.0, d, 0.0, LegitimacyParams())
    )
    np.testing.assert_allclose(
        formal_v.get_ydata(), legitimating_weight(1.0, 1.0, 0.5, d, LegitimacyParams())
    )
    assert "F3, F4" in fig.get_suptitle()


def test_weight_figure_uses_the_given_parameters() -> None:
    params = LegitimacyParams(base_weight=0.4)
    fig = legitimacy_weight_figure(params)
    (informal, _) = fig.axes[0].get_lines()
    assert informal.get_ydata()[0] == pytest.approx(float(legitimating_weight(1.0, 0.0, 0.0, 0.0, params)))
    assert informal.get_ydata()[0] == pytest.approx(0.4)  # l0 * size^nu at d = 0, unpaid, informal


def test_state_scores_bars_are_the_largest_marginal_values(saved: Saved) -> None:
    scored = legitimacy_report.frame(STATES)
    fig = saved(lambda path: plot_state_scores(scored, path, top=4))
    (ax,) = fig.axes
    bars = ax.patches
    assert len(bars) == 4
    top4 = scored.nlargest(4, "marginal_value").iloc[::-1]  # largest at the top
    np.testing.assert_allclose([bar.get_width() for bar in bars], top4["marginal_value"].to_numpy(float))
    assert [t.get_text() for t in ax.get_yticklabels()] == list(top4["state"])
    assert [t.get_text() for t in ax.texts] == [f"Pr(support) {p:.2f}" for p in top4["support_probability"]]
    assert ax.get_xlabel() == "marginal legitimacy value (USD m)"
    assert ax.get_title() == "Value of each state's support"


def test_state_scores_need_the_scored_columns() -> None:
    with pytest.raises(ParameterError, match="need columns marginal_value, state, support_probability"):
        state_scores_figure(STATES)
