"""The derived quantities of the pre-registration, on small tables worked out by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd

from alliancelab.analysis.prepare import (
    add_regime_events,
    alliance_spell_years,
    atop_spell_years,
    lagged,
    patron_panel,
    with_unit,
)


def _panel(rows: list[tuple[int, int, float, float, int, int, int]]) -> pd.DataFrame:
    columns = ["ccode", "year", "polity2", "v2x_polyarchy", "leader_change"]
    frame = pd.DataFrame(rows, columns=[*columns, "leader_change_regular", "leader_change_irregular"])
    return with_unit(frame)


def test_regime_change_rule_and_leader_entries() -> None:
    panel = _panel(
        [
            (100, 2000, -7, 0.10, 0, 0, 0),
            (100, 2001, 0, 0.15, 1, 0, 1),  # polity +7 >= 6: regime change; the entry is no leader change
            (100, 2002, 1, 0.20, 1, 1, 0),  # regime change in t-1: still not a leader change
            (100, 2003, 1, 0.20, 1, 1, 0),  # a leader change (regular)
            (100, 2004, np.nan, 0.50, 0, 0, 0),  # polity missing: polyarchy alone, +0.30 >= 0.25
            (100, 2005, np.nan, np.nan, 1, 0, 1),  # no regime data, but a regime change in t-1: no entry
            (100, 2006, 1, 0.5, 1, 1, 1),  # unknown regime change: a coup and a regular successor
        ]
    )
    out = add_regime_events(panel).set_index("year")
    assert out["regime_change"].tolist()[1:5] == [1.0, 0.0, 0.0, 1.0]
    assert np.isnan(out.loc[2000, "regime_change"]) and np.isnan(out.loc[2005, "regime_change"])
    assert out["regime_recent"].loc[2001:2004].tolist() == [1.0, 1.0, 0.0, 1.0]
    assert out["leader_entry"].loc[2001:2006].tolist() == [0.0, 0.0, 1.0, 0.0, 0.0, 1.0]
    assert out["leader_entry_regular"].loc[2001:2006].tolist() == [0.0, 0.0, 1.0, 0.0, 0.0, 1.0]
    assert out["leader_entry_irregular"].loc[2001:2006].tolist() == [0.0, 0.0, 0.0, 0.0, 0.0, 1.0]
    assert out.loc[2003, "leader_recent"] == 1 and out.loc[2003, "leader_recent_irregular"] == 0
    assert out.loc[2004, "leader_recent"] == 1  # an entry in t-1 counts
    # a table without entry types (a simulation) has no split, rather than calling every entry regular
    plain = add_regime_events(panel.drop(columns=["leader_change_regular", "leader_change_irregular"]))
    assert "leader_recent" in plain and "leader_recent_regular" not in plain


def test_patron_ties_either_direction_and_informal() -> None:
    states = with_unit(
        pd.DataFrame({"ccode": [2, 20, 70, 200, 365], "year": 1990, "us_troops": [9e5, 0, 150, 0, 0]})
    ).drop(columns="unit")
    dyads = pd.DataFrame(
        {
            "ccode1": [20, 2, 2, 2],
            "ccode2": [2, 70, 200, 365],
            "year": 1990,
            "atop_defense": [1, 0, 0, 0],  # Canada pledges to defend the US: an ally (either direction)
            "atop_consul": [0, 0, 1, 0],  # the US promises the UK consultation: an informal tie
            "atop_nonagg": [0, 0, 0, 0],
        }
    )
    panel = patron_panel(states, dyads).set_index("ccode")
    # the US stays in the panel (a NATO member for T-E7) but has no ties to itself, though it hosts troops
    assert panel.loc[2, ["us_ally", "informal_tie", "atop_defense"]].isna().all()
    panel = panel.drop(index=2)
    assert panel["us_ally"].to_dict() == {20: 1.0, 70: 0.0, 200: 0.0, 365: 0.0}
    # Mexico hosts 150 US troops, the UK has a consultation pact: both informal; Russia neither
    assert panel["informal_tie"].to_dict() == {20: 0.0, 70: 1.0, 200: 1.0, 365: 0.0}


def test_lag_needs_the_previous_year() -> None:
    frame = with_unit(pd.DataFrame({"ccode": [1, 1, 1], "year": [2000, 2001, 2003], "x": [1.0, 2.0, 3.0]}))
    lag = lagged(frame, ["x"])["x_lag"].to_numpy()
    assert np.isnan(lag[0]) and lag[1] == 1.0 and np.isnan(lag[2])  # 2002 is absent: 2003 has no lag


def test_spells_from_dyad_years_and_from_atop_agree() -> None:
    """One US pledge 1950-1960 ending while both states live on; one Soviet pledge censored at the end."""
    years = np.arange(1946, 1966)
    dyads = pd.DataFrame(
        {
            "ccode1": np.repeat([2, 365], len(years)),
            "ccode2": np.repeat([100, 200], len(years)),
            "year": np.tile(years, 2),
            "atop_defense": np.r_[(years >= 1950) & (years <= 1960), years >= 1955].astype(float),
        }
    )
    panel = with_unit(pd.DataFrame({"ccode": np.repeat([100, 200], len(years)), "year": np.tile(years, 2)}))
    from_dyads = alliance_spell_years(dyads, panel, years=(1946, 1965))
    spells = pd.DataFrame(
        {
            "ccode1": [2, 365],
            "ccode2": [100, 200],
            "atopid": [1, 2],
            "start_year": [1950, 1955],
            "end_year": [1960, 1965],
            "ended": [1, 0],
            "atop_defense": [1, 1],
        }
    )
    from_atop = atop_spell_years(spells, panel, years=(1946, 1965))
    for spell_years in (from_dyads, from_atop):
        us = spell_years[spell_years["patron"] == 2]
        assert us["year"].tolist() == list(range(1950, 1961))
        assert us["event"].tolist() == [0] * 10 + [1]
        assert us["start"].tolist() == list(range(11)) and us["stop"].tolist() == list(range(1, 12))
        assert spell_years.loc[spell_years["patron"] == 365, "event"].sum() == 0  # censored in 1965
    assert from_atop.attrs["spells_from"] == "create_alliance_spells"
    assert from_dyads.attrs["spells_from"] == "dyad_years"
