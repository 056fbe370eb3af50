"""report.data_plots: UNGA agreement with a patron, allies against others, on a small hand-made frame."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from figure_probe import legend_labels
from matplotlib.figure import Figure

from alliancelab.errors import UserInputError
from alliancelab.report.data_plots import THIN_SESSION, agreement_by_alliance, plot_agreement_with_patron

Saved = Callable[[Callable[[Path], object]], Figure]

# patron 2 (USA); 20 and 200 under a defence pledge, 365 and 770 not (770's pledge unknown: counted as none)
DYADS = pd.DataFrame(
    {
        "ccode1": pd.array([2, 2, 2, 2, 2, 2, 2, 2, 20], dtype="Int32"),
        "ccode2": pd.array([20, 200, 365, 770, 20, 200, 365, 770, 2], dtype="Int32"),
        "year": np.array([2000] * 4 + [2001] * 4 + [2000], dtype="int32"),
        "atop_defense": pd.array([1, 1, 0, None, 1, 1, 0, None, 1], dtype="Int8"),
        "un_agree": [0.8, 0.9, 0.2, 0.3, 0.6, 0.7, 0.4, np.nan, 0.0],
    }
)
DYADS.attrs["sources"] = ["leeds2002atop", "voeten2009unvotes"]


def test_agreement_by_alliance_summarises_each_year_and_group() -> None:
    summary = agreement_by_alliance(DYADS, patron=2).set_index(["year", "group"])
    assert summary.loc[(2000, "defence pledge"), "mean"] == pytest.approx(0.85)
    assert summary.loc[(2000, "no pledge"), "mean"] == pytest.approx(0.25)
    assert summary.loc[(2001, "defence pledge"), "mean"] == pytest.approx(0.65)
    assert summary.loc[(2001, "no pledge"), "mean"] == pytest.approx(0.4)  # 770's missing vote left out
    assert summary.loc[(2001, "no pledge"), "states"] == 1
    assert summary.loc[(2000, "defence pledge"), "q25"] == pytest.approx(0.825)
    assert summary.attrs == {"patron": 2, "sources": ["leeds2002atop", "voeten2009unvotes"]}


def test_agreement_errors_name_the_problem() -> None:
    with pytest.raises(UserInputError, match="no column 'un_agree'"):
        agreement_by_alliance(DYADS.drop(columns="un_agree"))
    with pytest.raises(UserInputError, match="no UN agreement rows for patron 365"):
        agreement_by_alliance(DYADS, patron=365)


def test_figure_draws_group_means_bands_and_highlighted_states(saved: Saved) -> None:
    summary = agreement_by_alliance(DYADS, patron=2)
    returned: list[Figure] = []
    fig = saved(
        lambda path: returned.append(
            plot_agreement_with_patron(summary, frame=DYADS, highlight={200: "United Kingdom"}, path=path)
        )
    )
    assert returned == [fig]
    (ax,) = fig.axes
    assert legend_labels(ax) == [
        "defence pledge (median, IQR band)",
        "no pledge (median, IQR band)",
        "United Kingdom",
    ]
    allies, others, uk = ax.get_lines()
    np.testing.assert_allclose(allies.get_ydata(), [0.85, 0.65])  # medians of two states: their means too
    np.testing.assert_allclose(others.get_ydata(), [0.25, 0.4])
    np.testing.assert_allclose(uk.get_ydata(), [0.9, 0.7])
    assert len(ax.collections) == 2  # one interquartile band per group
    assert ax.get_ylim() == (0.0, 1.0)
    assert ax.get_xlabel() == "year (UNGA session)"
    assert ax.get_ylabel() == "share of common votes cast alike"


def test_the_line_is_the_median_so_it_stays_inside_its_band_and_thin_sessions_are_marked(
    saved: Saved,
) -> None:
    """A mean can leave its interquartile band (one outlier does it); the median cannot. A session with one
    roll call (1964, the Article 19 crisis) gives a meaningless score: it is left out and marked."""
    skewed = pd.DataFrame(
        {
            "ccode1": pd.array([2] * 10, dtype="Int32"),
            "ccode2": pd.array([20, 200, 210, 220, 230] * 2, dtype="Int32"),
            "year": np.array([1963] * 5 + [1964] * 5, dtype="int32"),
            "atop_defense": pd.array([1] * 10, dtype="Int8"),
            "un_agree": [0.9, 0.88, 0.86, 0.92, 0.0, 1.0, 1.0, 0.0, 1.0, 1.0],
            "un_common_votes": pd.array([60, 58, 61, 59, 57, 1, 1, 1, 1, 1], dtype="Int32"),
        }
    )
    summary = agreement_by_alliance(skewed).set_index("year")
    assert summary.loc[1963, "mean"] < summary.loc[1963, "q25"]  # the mean would be drawn outside the band
    assert summary.loc[1964, "roll_calls"] == 1 and summary.loc[1963, "roll_calls"] == 61
    fig = saved(lambda path: plot_agreement_with_patron(summary.reset_index(), frame=skewed, path=path))
    (ax,) = fig.axes
    (median,) = ax.get_lines()
    years, y = (np.asarray(v, float) for v in median.get_data())
    assert y[years == 1963] == pytest.approx(summary.loc[1963, "median"])
    assert summary.loc[1963, "q25"] <= y[years == 1963] <= summary.loc[1963, "q75"]
    assert np.isnan(y[years == 1964]).all()  # the one-roll-call session is not drawn as a spike
    assert THIN_SESSION in legend_labels(ax)
    assert [t.get_text() for t in ax.texts] == ["1964: 1 roll call"]


def test_figure_without_path_is_returned_unsaved(tmp_path: Path) -> None:
    fig = plot_agreement_with_patron(agreement_by_alliance(DYADS))
    assert len(fig.axes[0].get_lines()) == 2
    assert list(tmp_path.iterdir()) == []


def test_title_names_the_patron_given() -> None:
    other = DYADS.assign(ccode1=DYADS["ccode1"].replace({2: 200, 20: 2}))
    fig = plot_agreement_with_patron(agreement_by_alliance(other, patron=200))
    assert "United States" not in fig.axes[0].get_title()
