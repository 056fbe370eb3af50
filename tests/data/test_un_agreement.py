"""UNGA agreement: the rule (same vote among yes/abstain/no over common votes) and facts from the data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from alliancelab.data.builders import add_un_agreement, agreement_scores, create_dyadyears, create_stateyears
from alliancelab.errors import UserInputError

USA, CUBA, UK, USSR, ISRAEL = 2, 40, 200, 365, 666


def test_rule_on_a_hand_example() -> None:
    """A: yes,no,abstain; B: yes,yes,abstain; C: votes only on the first roll call (no)."""
    codes = np.array([1, 1, 1, 2, 2, 2, 3])
    rcids = np.array([10, 11, 12, 10, 11, 12, 10])
    votes = np.array([1, 3, 2, 1, 1, 2, 3])
    states, common, share = agreement_scores(codes, rcids, votes)
    assert states.tolist() == [1, 2, 3]
    assert common.tolist() == [[3, 3, 1], [3, 3, 1], [1, 1, 1]]
    assert share[0, 1] == pytest.approx(2 / 3)  # yes-yes and abstain-abstain agree, no-yes does not
    assert share[0, 2] == 0.0 and share[2, 2] == 1.0


@given(
    votes=st.lists(st.lists(st.sampled_from([0, 1, 2, 3]), min_size=6, max_size=6), min_size=2, max_size=7)
)
def test_agreement_matches_brute_force_and_is_symmetric(votes: list[list[int]]) -> None:
    """Property: the matrix kernel equals a direct count; symmetric; a state agrees with itself."""
    matrix = np.array(votes)
    state, rc = np.nonzero(matrix)
    if len(state) == 0:
        return
    states, common, share = agreement_scores(state, rc, matrix[state, rc])
    for a, i in enumerate(states):
        for b, j in enumerate(states):
            both = (matrix[i] > 0) & (matrix[j] > 0)
            assert common[a, b] == both.sum()
            if both.any():
                assert share[a, b] == pytest.approx((matrix[i][both] == matrix[j][both]).mean())
            else:
                assert np.isnan(share[a, b])
    assert np.allclose(share, share.T, equal_nan=True)
    assert np.all(share.diagonal() == 1.0)


@pytest.fixture(scope="module")
def dyads_80s(data_dir: Path) -> pd.DataFrame:
    return create_dyadyears(years=(1980, 1989)).pipe(add_un_agreement)


def _agree(frame: pd.DataFrame, a: int, b: int) -> pd.Series:
    rows = frame[(frame["ccode1"] == a) & (frame["ccode2"] == b)]
    return rows.set_index("year")["un_agree"]


def test_agreement_is_symmetric_in_the_data(dyads_80s: pd.DataFrame) -> None:
    flipped = dyads_80s.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1"})
    both = dyads_80s.merge(flipped, on=["ccode1", "ccode2", "year"], suffixes=("", "_rev"))
    assert len(both) == len(dyads_80s)
    assert np.allclose(both["un_agree"], both["un_agree_rev"], equal_nan=True)
    assert (both["un_common_votes"] == both["un_common_votes_rev"]).all()


def test_usa_agrees_more_with_uk_than_with_cuba_in_the_1980s(dyads_80s: pd.DataFrame) -> None:
    uk, cuba = _agree(dyads_80s, USA, UK), _agree(dyads_80s, USA, CUBA)
    assert (uk > cuba + 0.3).all()
    assert (_agree(dyads_80s, USA, ISRAEL) > _agree(dyads_80s, USA, USSR)).all()
    assert (dyads_80s["un_agree"].dropna().between(0, 1)).all()


def test_agreement_with_a_reference_state(data_dir: Path) -> None:
    states = create_stateyears(years=(1985, 1985)).pipe(add_un_agreement, reference=USA)
    by_state = states.set_index("ccode")
    assert by_state.loc[USA, "un_agree_ref"] == 1.0  # a state agrees with itself
    assert by_state.loc[UK, "un_agree_ref"] > by_state.loc[CUBA, "un_agree_ref"]
    assert by_state.loc[USA, "un_common_ref"] > 50
    assert states.attrs["un_reference"] == USA


def test_missing_outside_the_voting_data(data_dir: Path) -> None:
    frame = create_dyadyears(years=(2014, 2016)).pipe(add_un_agreement)
    usa_uk = _agree(frame, USA, UK)
    assert not np.isnan(usa_uk[2015]) and np.isnan(usa_uk[2016])
    assert frame.loc[frame["year"] == 2016, "un_common_votes"].isna().all()


def test_unknown_reference_code_is_an_error(data_dir: Path) -> None:
    states = create_stateyears(years=1985)
    with pytest.raises(UserInputError, match="9999 is not a state"):
        add_un_agreement(states, reference=9999)
    with pytest.raises(UserInputError, match="needs a reference"):
        add_un_agreement(states)


def test_us_allies_agree_more_with_the_us(data_dir: Path, tmp_path: Path) -> None:
    """The worked example of docs/data.md: states under a US defence pledge agree more with the US."""
    from alliancelab.data.builders import add_atop_alliance
    from alliancelab.report.data_plots import agreement_by_alliance, plot_agreement_with_patron

    dyads = create_dyadyears(years=(1955, 1985)).pipe(add_atop_alliance).pipe(add_un_agreement)
    summary = agreement_by_alliance(dyads, patron=USA)
    means = summary.pivot(index="year", columns="group", values="mean")
    assert (means["defence pledge"] > means["no pledge"]).mean() > 0.9
    plot_agreement_with_patron(summary, path=tmp_path / "fig.png")
    assert (tmp_path / "fig.png").stat().st_size > 10_000
    with pytest.raises(UserInputError, match="atop_defense"):
        agreement_by_alliance(dyads.drop(columns="atop_defense"))


def test_reference_count_is_zero_for_a_state_outside_the_un(data_dir: Path) -> None:
    """Switzerland joined the UN in 2002: in 1985 it shares no vote with the US (count 0, share missing)."""
    states = create_stateyears(years=1985).pipe(add_un_agreement, reference=USA).set_index("ccode")
    assert states.loc[225, "un_common_ref"] == 0 and pd.isna(states.loc[225, "un_agree_ref"])
    dyads = create_dyadyears(years=1985).pipe(add_un_agreement)
    row = dyads[(dyads["ccode1"] == USA) & (dyads["ccode2"] == 225)].iloc[0]
    assert row["un_common_votes"] == 0 and pd.isna(row["un_agree"])
