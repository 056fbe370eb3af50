"""report.formation_plots: the case figure and the sweep figure show the solution they are given."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from figure_probe import legend_labels, line_labels
from matplotlib.figure import Figure

from alliancelab.cases.formation_case import FormationCase, load_formation_case
from alliancelab.report.formation_plots import NO_ALLIANCE, plot_case, plot_sweep
from alliancelab.report.formation_report import illustrative_rival, sweep
from alliancelab.theory.formation import solve

Saved = Callable[[Callable[[Path], object]], Figure]


@pytest.fixture(scope="module")
def case() -> FormationCase:
    return load_formation_case("us-pakistan-1954")


@pytest.fixture(scope="module")
def frame(case: FormationCase) -> pd.DataFrame:
    return sweep(case, "d", np.linspace(0.0, 1.0, 21), rival=illustrative_rival(case))


def _expected_labels(frame: pd.DataFrame) -> list[str]:
    labels = []
    for client in dict.fromkeys(frame["client"]):
        labels += [client, f"{client}, with rival"]
    return labels


def test_sweep_figure_has_one_line_per_client_and_rival(saved: Saved, frame: pd.DataFrame) -> None:
    fig = saved(lambda path: plot_sweep(frame, path, title="Divergence"))
    payment_ax, package_ax = fig.axes
    labels = _expected_labels(frame)
    assert len(labels) == 6
    assert line_labels(payment_ax) == line_labels(package_ax) == labels
    own = frame[(frame["client"] == frame["client"].iloc[0]) & ~frame["rival"]]
    shaded = [NO_ALLIANCE] if not own["forms"].all() else []
    assert legend_labels(payment_ax) == labels + shaded
    assert payment_ax.get_xlabel() == package_ax.get_xlabel() == "interest divergence d"
    assert payment_ax.get_ylabel() == "side payment p* (USD m/yr; 0: free concessions)"
    assert package_ax.get_ylabel() == "package x* (share of full package)"
    assert package_ax.get_ylim() == (0.0, 1.05)
    assert fig.get_suptitle() == "Divergence"


def test_sweep_lines_are_the_solution_with_gaps_where_no_alliance_forms(
    saved: Saved, frame: pd.DataFrame
) -> None:
    fig = saved(lambda path: plot_sweep(frame, path))
    payment_ax, package_ax = fig.axes
    client = frame["client"].iloc[0]
    for with_rival, index in ((False, 0), (True, 1)):
        rows = frame[(frame["client"] == client) & (frame["rival"] == with_rival)]
        forms = rows["forms"].to_numpy(bool)
        for ax, column in ((payment_ax, "payment"), (package_ax, "package")):
            x, y = (np.asarray(v, float) for v in ax.get_lines()[index].get_data())
            np.testing.assert_array_equal(x, rows["d"].to_numpy())
            np.testing.assert_array_equal(np.isnan(y), ~forms)
            np.testing.assert_allclose(y[forms], rows[column].to_numpy(float)[forms])
    assert fig.get_suptitle() == ""


def test_sweep_over_W_names_the_axis_and_draws_no_rival(saved: Saved, case: FormationCase) -> None:
    frame = sweep(case, "W", np.linspace(0.02, 0.5, 9))
    fig = saved(lambda path: plot_sweep(frame, path))
    payment_ax, _ = fig.axes
    assert payment_ax.get_xlabel() == "winning coalition W"
    labels = legend_labels(payment_ax)
    assert labels[:2] == ["this case", "this case, FIXED package"]  # the case's W is the axis, not a label
    assert not any("W =" in label for label in labels)
    assert sweep(case, "S", np.linspace(0.3, 1.0, 5))["client"].iloc[0] == "this case (W = 0.25)"


def test_case_figure_panels_legends_and_offer(saved: Saved, case: FormationCase) -> None:
    returned: list[pd.DataFrame] = []
    fig = saved(lambda path: returned.append(plot_case(case, path)))
    sweep_payment, sweep_package, trade_off = fig.axes
    (frame,) = returned
    assert len(frame) == 201 * 3 * 2  # the d grid x three clients x with/without the rival
    observed = "1954 commitment (calibration target)"  # mu0 was set to reproduce it: not a test of fit
    assert legend_labels(sweep_package) == [*_expected_labels(frame), observed]
    assert line_labels(sweep_payment)[-1] == observed
    star = sweep_payment.get_lines()[-1]
    assert star.get_marker() == "*"
    assert star.get_xdata()[0] == pytest.approx(0.6) and star.get_ydata()[0] == pytest.approx(155.0)
    solution = solve(case.formation)
    x_star, p_star = float(solution.package), float(solution.payment)
    assert legend_labels(trade_off) == [
        "client's reservation payment",
        "patron's value v*x - c",
        f"offer: x* = {x_star:.2f}, p* = {p_star:,.0f}",
    ]
    offer = trade_off.get_lines()[-1]
    assert (offer.get_xdata()[0], offer.get_ydata()[0]) == pytest.approx((x_star, p_star))
    value = trade_off.get_lines()[1]
    np.testing.assert_allclose(value.get_ydata(), 500.0 * np.asarray(value.get_xdata()) - 50.0)
    assert trade_off.get_xlabel() == "package x" and trade_off.get_ylabel() == "USD m/yr"
    assert fig.get_suptitle().startswith(case.info.title)


def test_no_alliance_is_a_shaded_gap_and_free_concessions_a_zero_payment(
    saved: Saved, case: FormationCase
) -> None:
    values = np.linspace(0.0, 600.0, 31)
    frame = sweep(case, "v", values)
    fig = saved(lambda path: plot_sweep(frame, path))
    payment_ax, package_ax = fig.axes
    rows = frame[frame["client"] == frame["client"].iloc[0]]
    forms = rows["forms"].to_numpy(bool)
    free = forms & (rows["payment"].to_numpy(float) == 0)
    assert (~forms).any() and free.any()  # the sweep shows both kinds of zero
    _, y = (np.asarray(v, float) for v in payment_ax.get_lines()[0].get_data())
    assert np.isnan(y[~forms]).all() and (y[free] == 0).all()
    for ax in (payment_ax, package_ax):
        covered = {round(float(p.get_x() + p.get_width() / 2), 6) for p in ax.patches}  # the grey spans
        assert covered == {round(float(v), 6) for v in values[~forms]}
    assert NO_ALLIANCE in legend_labels(payment_ax)


def test_case_figure_without_rival_has_only_solid_lines(saved: Saved, case: FormationCase) -> None:
    fig = saved(lambda path: plot_case(case, path, with_rival=False))
    labels = legend_labels(fig.axes[1])
    assert labels and not any("with rival" in label for label in labels)
    assert {line.get_linestyle() for line in fig.axes[0].get_lines()[:-1]} == {"-"}


def test_png_is_written_atomically(tmp_path: Path, frame: pd.DataFrame) -> None:
    plot_sweep(frame, tmp_path / "sweep.png")
    assert (tmp_path / "sweep.png").read_bytes()[:4] == b"\x89PNG"
    assert [p.name for p in tmp_path.iterdir()] == ["sweep.png"]
