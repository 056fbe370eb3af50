"""The pre-registered tests on the real data: each gives a finite estimate with the documented n.

The reference counts (``evidence_real_n.json``) are the rows and clusters of the run reported in
docs/evidence.md; a change to the data layer that changes a sample shows up here and must be documented.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest

from alliancelab.analysis.evidence import EVIDENCE_TESTS, Outcome, prepare_tables, run_evidence

REFERENCE = json.loads((Path(__file__).parent / "evidence_real_n.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def outcomes(data_dir: Path) -> dict[str, Outcome]:
    from alliancelab.analysis.prepare_real import real_tables

    raw = real_tables()
    tables = prepare_tables(
        raw["state_years"],
        raw["dyad_years"],
        alliance_spells=raw.get("alliance_spells"),
        un_state_years=raw.get("un_state_years"),
    )
    return {o.test_id: o for o in run_evidence(tables)}


@pytest.mark.parametrize("test_id", EVIDENCE_TESTS)
def test_real_estimate_is_finite_with_the_documented_n(outcomes: dict[str, Outcome], test_id: str) -> None:
    outcome = outcomes[test_id]
    assert outcome.result is not None, outcome.reason
    r = outcome.result
    assert math.isfinite(r.estimate) and r.ci is not None and all(map(math.isfinite, r.ci))
    assert r.ci[0] <= r.estimate <= r.ci[1]
    assert {"n": r.n, "n_clusters": r.n_clusters} == REFERENCE[test_id]
    assert r.prereg_verdict in ("holds", "fails", "inconclusive")
    assert r.sources and r.specification and r.estimator


def test_coalition_lists_resolve_to_cow_states(data_dir: Path) -> None:
    from alliancelab.analysis.evidence_legitimacy import coalition_members

    members = coalition_members()
    assert members["ccode"].notna().all()
    assert members.groupby("action").size().to_dict() == {"daesh_2014": 63, "iraq_2003": 49}
    assert members["source"].str.len().gt(20).all()
    assert not members.duplicated(["action", "ccode"]).any()
    assert 2 in set(members["ccode"])  # the US is listed, and excluded from the samples by the tests


def test_real_panel_definitions(data_dir: Path) -> None:
    """Spot checks of the derived ties against facts: NATO allies, the US a NATO member but not its own
    ally, exclusive tie types."""
    from alliancelab.analysis.prepare_real import real_tables

    raw = real_tables()
    tables = prepare_tables(
        raw["state_years"],
        raw["dyad_years"],
        alliance_spells=raw.get("alliance_spells"),
        un_state_years=raw.get("un_state_years"),
    )
    panel = tables["state_years"].set_index(["ccode", "year"])
    assert panel.loc[(2, 1960), "nato"] == 1 and pd.isna(panel.loc[(2, 1960), "us_ally"])
    assert panel.loc[(200, 1960), "us_ally"] == 1  # UK in NATO
    assert panel.loc[(365, 1960), "us_ally"] == 0
    assert panel.loc[(260, 1960), "nato"] == 1  # West Germany joined in 1955 (ATOP: 1954 protocol)
    assert (panel["us_ally"] + panel["informal_tie"]).max() == 1  # mutually exclusive
    spells = tables["alliance_spells"]
    assert set(spells["patron"]) == {2, 365}
    assert isinstance(spells, pd.DataFrame) and spells["event"].isin([0, 1]).all()


def test_d2_real_standard_errors_clustered_by_dyad(outcomes: dict[str, Outcome]) -> None:
    """T-D2 on the real spells equals R's ``survival::coxph`` with ``cluster = dyad`` on the same rows.

    Reference: ``coxph(Surv(start, stop, event) ~ regime_recent + leader_recent + log_cinc + polity2 +
    strata(patron), ties = "efron", cluster = dyad)`` (survival 3.5.3) on T-D2's 5,715 complete spell-years,
    its robust variance times G / (G - 1) = 85 / 84; normal 95% CIs of the hazard ratios.
    """
    r = outcomes["T-D2"].result
    assert r is not None and r.ci is not None
    assert "SEs clustered by dyad" in r.estimator
    assert r.estimate == pytest.approx(1.526869, rel=1e-6)
    assert r.ci == pytest.approx((0.6608023, 3.528027), rel=1e-6)
    assert r.details["HR(regime change)"] == "1.97 [0.993, 3.92]"
    # entry types come from Archigos's own `entry` column: no deviation left, and both variants estimated
    assert not r.deviations
    assert all("estimate" in v for v in r.details["variants"])


def test_e7_real_nato_panel_counts_the_us(outcomes: dict[str, Outcome]) -> None:
    """T-E7's NATO panel holds every ATOP member, the US included: in 1950, its first year with 3 members
    with data, 8 of the 12 founders have SIPRI and GDP figures (the US among them; Belgium, the
    Netherlands, Italy and Iceland lack SIPRI's share), and no member-year had a share above 1, so no
    deviation is declared."""
    r = outcomes["T-E7"].result
    assert r is not None
    nato = r.details["yearly rho"]["nato"]
    assert nato["year"][0] == 1950 and nato["n"][0] == 8
    assert not any("SIPRI" in d for d in r.deviations)  # nothing dropped: no deviation to declare


def test_f1_real_sample_is_the_un_state_system(outcomes: dict[str, Outcome]) -> None:
    """T-F1's sample is the UN state system: its 98 state-years outside the COW system (the Ukrainian and
    Byelorussian SSRs 1946-1990 among them) are counted and, lacking CINC, left out of the regression."""
    r = outcomes["T-F1"].result
    assert r is not None and not r.deviations
    outside = r.details[next(k for k in r.details if k.startswith("UN state-years outside"))]
    assert outside["state-years"] == 98
    assert outside["states"][369] == outside["states"][370] == "1946-1990"


def test_variants_that_depart_from_the_specification_are_declared(outcomes: dict[str, Outcome]) -> None:
    """T-A3's hurdle variant (year effects only in its logit) and T-B1's W-index variant (no W index on
    the real data) are deviations in the results, so the report shows them."""
    from alliancelab.analysis.evidence_aid import HURDLE_DEVIATION, W_DEVIATION

    a3, b1 = outcomes["T-A3"].result, outcomes["T-B1"].result
    assert a3 is not None and b1 is not None
    assert a3.deviations == (HURDLE_DEVIATION,) and b1.deviations == (W_DEVIATION,)
    assert "not estimable" in b1.details["variants"][-1]["note"]
