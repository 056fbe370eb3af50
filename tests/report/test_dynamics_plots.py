"""report.dynamics_plots: the contest sweep (with and without a rival) and one dyad's maintenance path."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from figure_probe import legend_labels, line_labels
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from alliancelab.report.dynamics_plots import LABELS, plot_contest_sweep, plot_path
from alliancelab.report.maintenance_report import MaintenanceRun, simulate
from alliancelab.report.realignment_report import sweep
from alliancelab.theory.formation import FormationParams
from alliancelab.theory.maintenance import MaintenanceParams
from alliancelab.theory.realignment import ContestParams, PatronTerms

Saved = Callable[[Callable[[Path], object]], Figure]
GRID = np.linspace(0.0, 1400.0, 15)


@pytest.fixture(scope="module")
def contest() -> pd.DataFrame:
    return sweep(ContestParams(FormationParams(d=0.5), PatronTerms(v=GRID, d=0.3)), "rival_v", GRID)


@pytest.fixture(scope="module")
def run() -> MaintenanceRun:
    return simulate(MaintenanceParams(rival=PatronTerms(v=80, d=0.3)), years=50, rng=7, dyads=3)


def _shaded_spans(ax: object) -> list[Rectangle]:
    return [p for p in ax.patches if isinstance(p, Rectangle)]  # type: ignore[attr-defined]


def test_contest_sweep_lines_labels_and_shading(saved: Saved, contest: pd.DataFrame) -> None:
    fig = saved(lambda path: plot_contest_sweep(contest, path, title="Rival"))
    pay_ax, x_ax = fig.axes
    keeps, wins = "with rival: the incumbent keeps the client", "with rival: the rival wins, its contract"
    assert line_labels(pay_ax) == line_labels(x_ax) == ["no rival (monopoly)", keeps, wins]
    assert legend_labels(pay_ax) == ["no rival (monopoly)", keeps, wins, "rival wins"]
    assert pay_ax.get_xlabel() == x_ax.get_xlabel() == LABELS["rival_v"]
    assert pay_ax.get_ylabel() == "payment of the winner p (USD m/yr)"
    assert x_ax.get_ylabel() == "concessions x (share of full package)"
    assert fig.get_suptitle() == "Rival"
    with_rival = contest[contest["rival"]]
    payment = with_rival["payment"].to_numpy(float)
    incumbent, rival = ((with_rival["winner"] == w).to_numpy() for w in ("incumbent", "rival"))
    # two separate dashed lines: neither draws a segment from an incumbent's payment to a rival's
    for line, own in ((pay_ax.get_lines()[1], incumbent), (pay_ax.get_lines()[2], rival)):
        y = np.asarray(line.get_ydata(), float)
        np.testing.assert_allclose(y[own], payment[own])
        assert np.isnan(y[~own]).all()
    assert pay_ax.get_lines()[2].get_color() != pay_ax.get_lines()[1].get_color()
    rival_wins = int(rival.sum())
    assert 0 < rival_wins < len(GRID) and incumbent.any()
    assert len(_shaded_spans(pay_ax)) == len(_shaded_spans(x_ax)) == rival_wins


def test_contest_sweep_without_rival_has_no_shading(saved: Saved) -> None:
    monopoly = sweep(
        ContestParams(FormationParams(d=np.linspace(0, 1, 11)), None), "d", np.linspace(0, 1, 11)
    )
    fig = saved(lambda path: plot_contest_sweep(monopoly, path))
    pay_ax, _ = fig.axes
    assert legend_labels(pay_ax) == ["no rival (monopoly)"]
    assert _shaded_spans(pay_ax) == []
    assert pay_ax.get_xlabel() == LABELS["d"]


@pytest.mark.parametrize("dyad", [0, 1, 2])
def test_path_figure_shows_the_dyads_path_and_events(saved: Saved, run: MaintenanceRun, dyad: int) -> None:
    fig = saved(lambda path: plot_path(run.path, run.events, path, dyad=dyad, title=f"dyad {dyad}"))
    pay_ax, div_ax, x_ax = fig.axes
    rows = run.path[run.path["dyad"] == dyad]
    events = run.events[run.events["dyad"] == dyad]
    payment = next(line for line in pay_ax.get_lines() if line.get_label() == "payment p (USD m/yr)")
    np.testing.assert_array_equal(payment.get_xdata(), rows["year"].to_numpy())
    # a year's contract starts at its review: the step rises at the event's year, not half a year before
    (concessions_line,) = x_ax.get_lines()
    assert payment.get_drawstyle() == concessions_line.get_drawstyle() == "steps-post"
    years = rows["year"].to_numpy()
    for span in _shaded_spans(pay_ax):  # alignment shading covers [year, year + 1)
        assert span.get_x() in set(years.tolist()) and span.get_width() == pytest.approx(1.0)
    np.testing.assert_allclose(payment.get_ydata(), rows["payment"].to_numpy(float))
    (concessions,) = x_ax.get_lines()
    np.testing.assert_allclose(concessions.get_ydata(), rows["concessions"].to_numpy(float))
    assert x_ax.get_ylabel() == "concessions x" and pay_ax.get_ylabel() == "payment p (USD m/yr)"
    assert div_ax.get_xlabel() == "year" and div_ax.get_ylabel() == "divergence d"

    expected_pay = {"payment p (USD m/yr)", "concessions x"}
    expected_pay |= {f"aligned with {side}" for side in rows["alignment"].unique()}
    expected_pay |= {
        k.replace("_", " ") for k in ("terminate", "realign", "renegotiate_up") if k in set(rows["review"])
    }
    assert set(legend_labels(pay_ax)) == expected_pay
    expected_div = {"divergence from H"} | (
        {"divergence from R"} if rows["divergence_R"].notna().any() else set()
    )
    expected_div |= {
        k.replace("_", " ") for k in ("regime_change", "leader_change") if k in set(events["event"])
    }
    assert set(legend_labels(div_ax)) == expected_div
    changes = int((events["event"] == "regime_change").sum()) + int(
        (events["event"] == "leader_change").sum()
    )
    vertical = [line for line in div_ax.get_lines() if not line.get_label().startswith("divergence")]
    assert len(vertical) == changes
    assert fig.get_suptitle() == f"dyad {dyad}"
