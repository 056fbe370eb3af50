"""Every evidence test recovers a known effect in a synthetic world; a reversed effect reverses its verdict.

Each world (tests/analysis/synthetic_world.py) has exactly one non-zero effect; the test's estimate must
hold the true value inside its 95% CI and give the pre-registered verdict for the sign (``holds`` for the
predicted sign, ``fails`` for the reversed one).
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from alliancelab.analysis.estimators import cox_time_varying
from alliancelab.analysis.evidence import prepare_tables, run_evidence
from alliancelab.analysis.evidence_aid import (
    HURDLE_DEVIATION,
    W_DEVIATION,
    aid_follows_divergence,
    peacekeeping_subsidy,
    small_coalitions_cheaper,
)
from alliancelab.analysis.evidence_alliances import SPELL_YEARS, _spell_sample, regime_not_leader_change
from alliancelab.analysis.evidence_burden import goldilocks_pressure, large_carry_burden
from alliancelab.analysis.evidence_common import window
from alliancelab.analysis.evidence_legitimacy import (
    allies_join_coalitions,
    allies_vote_with_hegemon,
    informal_ties_legitimate,
)
from alliancelab.analysis.results import TestResult

from .synthetic_world import Effects, expected_spearman, synthetic_tables

SIGNS = [pytest.param(1, id="predicted"), pytest.param(-1, id="reversed")]


@cache
def _tables(
    effects: Effects, gdp_within_sd: float = 0.0, rng: int = 7, n_states: int = 150
) -> dict[str, pd.DataFrame]:
    states, dyads = synthetic_tables(effects, rng=rng, gdp_within_sd=gdp_within_sd, n_states=n_states)
    return prepare_tables(states, dyads, coalitions=False)


def _check(result: TestResult, truth: float, sign: int, min_n: int = 100) -> None:
    assert result.ci is not None
    assert result.ci[0] <= truth <= result.ci[1], (result.estimate, result.ci, truth)
    assert result.prereg_verdict == ("holds" if sign > 0 else "fails")
    assert math.isfinite(result.estimate) and result.n and result.n > min_n


@pytest.mark.parametrize("sign", SIGNS)
def test_f1_allies_vote_with_hegemon(sign: int) -> None:
    result = allies_vote_with_hegemon(_tables(Effects(agree_ally=0.1 * sign))["state_years"])
    _check(result, 0.1 * sign, sign)
    # the synthetic world has no geography: the two controls are left out, and the result says so
    assert any("contiguity" in d for d in result.deviations)


def test_f1_f3_sample_is_the_un_state_system() -> None:
    """T-F1/T-F3 read the UN state system's table when there is one: a state-year in which the state did
    not vote leaves the sample, a voter outside the COW system stays in it, is counted, and drops out of
    the regression for want of COW-coded covariates; without that table the result says so."""
    states, dyads = synthetic_tables(Effects(agree_ally=0.1), rng=7)
    absent = states["ccode"].eq(1000) & states["year"].between(1950, 1959)  # no UN votes these years
    outsider = pd.DataFrame({"ccode": 9999, "year": range(1946, 1991), "un_agree_ref": 0.5})
    un_states = pd.concat([states[~absent].assign(cow_member=1.0), outsider.assign(cow_member=0.0)])
    tables = prepare_tables(states, dyads, un_state_years=un_states, coalitions=False)
    by_test = {o.test_id: o.result for o in run_evidence(tables, only=["T-F1", "T-F3"])}
    plain = allies_vote_with_hegemon(tables["state_years"])
    for result in by_test.values():
        assert result is not None and result.n == plain.n - 10
        outside = result.details[next(k for k in result.details if k.startswith("UN state-years outside"))]
        assert outside == {"state-years": 45, "states": {9999: "1946-1990"}}
        assert [d for d in result.deviations if "contiguity" not in d] == []  # no geography here only
    assert any("no UN state-system table" in d for d in plain.deviations)


@pytest.mark.parametrize("sign", SIGNS)
def test_f3_informal_ties(sign: int) -> None:
    effects = Effects(agree_ally=0.1, agree_informal=0.1 + 0.05 * sign)
    result = informal_ties_legitimate(_tables(effects)["state_years"])
    _check(result, 0.05 * sign, sign)
    assert result.details["label"] == "indirect"


def _coalition_world(beta: float, rng: int = 3) -> pd.DataFrame:
    gen = np.random.default_rng(rng)
    n = 400
    frame = pd.DataFrame(
        {
            "ccode": np.tile(1000 + np.arange(n), 2),
            "action": np.repeat(["iraq_2003", "daesh_2014"], n),
            "us_ally": np.tile((gen.random(n) < 0.35).astype(float), 2),
            "log_cinc": np.tile(gen.normal(-7, 1, n), 2),
            "polity2": np.tile(gen.integers(-10, 11, n).astype(float), 2),
            "log_aid": np.tile(gen.exponential(2, n), 2),
        }
    )
    frame["unit"] = frame["ccode"]
    frame["action_daesh"] = (frame["action"] == "daesh_2014").astype(float)
    index = -1.0 + beta * frame["us_ally"] + 0.3 * frame["action_daesh"]
    frame["member"] = (gen.random(len(frame)) < 1 / (1 + np.exp(-index))).astype(float)
    return frame


@pytest.mark.parametrize("sign", SIGNS)
def test_f2_allies_join_coalitions(sign: int) -> None:
    result = allies_join_coalitions(_coalition_world(1.2 * sign))
    _check(result, 1.2 * sign, sign)
    assert [v["variant"] for v in result.details["variants"]] == ["iraq_2003 alone", "daesh_2014 alone"]


@pytest.mark.parametrize("sign", SIGNS)
def test_a3_aid_follows_divergence(sign: int) -> None:
    result = aid_follows_divergence(_tables(Effects(aid_interaction=0.8 * sign))["state_years"])
    _check(result, 0.8 * sign, sign)
    assert result.n_clusters == 150
    variants = {v["variant"]: v for v in result.details["variants"]}
    # every variant runs but two, which say why: this world has no economic-aid column, and every state
    # gets some aid every year, so the hurdle's logit has nothing to explain
    assert "us_aid_econ" not in _tables(Effects())["state_years"]
    assert "log_aid_econ" in variants["economic aid only (Greenbook, to 2009)"]["note"]
    assert "one value" in variants["hurdle part 1: logit of any aid, year FE (log-odds)"]["note"]
    assert sum("note" in v for v in variants.values()) == 2
    # the hurdle's first part leaves out the state effects: a declared deviation, not a silent one
    assert [d for d in result.deviations if d.startswith("variant hurdle model")] == [HURDLE_DEVIATION]


@pytest.mark.parametrize("sign", SIGNS)
def test_b1_small_coalitions_cheaper(sign: int) -> None:
    result = small_coalitions_cheaper(_tables(Effects(aid_polity=0.1 * sign))["state_years"])
    _check(result, 0.1 * sign, sign)
    # the simulation's own W (= (polity2 + 10) / 20 here) replaces the proxy in a variant: 20 times the slope
    w = {v["variant"]: v for v in result.details["variants"]}["the table's W index"]
    assert w["ci"][0] <= 2.0 * sign <= w["ci"][1]
    assert W_DEVIATION not in result.deviations


def test_b1_without_a_w_index_declares_the_variant_missing() -> None:
    panel = _tables(Effects(aid_polity=0.1))["state_years"].drop(columns="W")
    result = small_coalitions_cheaper(panel)
    assert result.deviations == (W_DEVIATION,)
    w = {v["variant"]: v for v in result.details["variants"]}["the table's W index"]
    assert w == {"variant": "the table's W index", "note": "not estimable: the table has no W column"}


@pytest.mark.parametrize("sign", SIGNS)
def test_d2_regime_not_leader_change(sign: int) -> None:
    spells = _tables(Effects(hazard_regime=1.2 * sign), n_states=400)["alliance_spells"]
    result = regime_not_leader_change(spells)
    _check(result, math.exp(1.2 * sign), sign, min_n=200)
    assert result.null_value == 1.0
    assert result.details["terminations"] > 50


def test_d2_standard_errors_clustered_by_dyad() -> None:
    """T-D2's CIs, primary and Cox variants, come from the dyad-clustered covariance (pre-registration)."""
    spells = _tables(Effects(hazard_regime=1.2), n_states=400)["alliance_spells"]
    result = regime_not_leader_change(spells)
    data = _spell_sample(spells, window(SPELL_YEARS, None, spells))
    regs = ["regime_recent", "leader_recent", "log_cinc", "polity2"]
    ratio = {"regime_recent": 1, "leader_recent": -1}
    clustered = cox_time_varying(data, regs, strata=["patron"], cluster="dyad").contrast(ratio).exp()
    naive = cox_time_varying(data, regs, strata=["patron"]).contrast(ratio).exp()
    assert result.ci == pytest.approx(clustered.ci, rel=1e-12)
    assert result.ci != pytest.approx(naive.ci, rel=1e-3)
    assert "SEs clustered by dyad" in result.estimator
    assert result.n_clusters == data.dropna(subset=regs)["dyad"].nunique()
    assert all(v["n_clusters"] == result.n_clusters for v in result.details["variants"])
    assert not any("SE" in d or "variance" in d for d in result.deviations)


@pytest.mark.parametrize("sign", SIGNS)
def test_e7_large_carry_burden(sign: int) -> None:
    # 42 yearly rhos make a noisy mean: the CI must cover the truth in at least 4 of 5 worlds (a 95% CI
    # misses in 2 or more of 5 with probability 0.023) and the verdict must be right in every one
    slope = 0.005 * sign
    truth = expected_spearman(slope / math.hypot(slope, 0.005), 16)
    covered = 0
    for seed in range(5):
        panel = _tables(Effects(burden_size=slope), gdp_within_sd=1.5, rng=seed)["state_years"]
        result = large_carry_burden(panel)
        assert result.ci is not None
        covered += result.ci[0] <= truth <= result.ci[1]
        assert result.prereg_verdict == ("holds" if sign > 0 else "fails")
        # the statistic is the mean of the yearly Spearman rho: recompute it with scipy, independently
        nato = panel[(panel["nato"] == 1) & panel["year"].between(1949, 1990)]
        rhos = [stats.spearmanr(g["wbgdp2011est"], g["sipri_milex_gdp"])[0] for _, g in nato.groupby("year")]
        assert result.estimate == pytest.approx(np.mean(rhos), abs=1e-12)
    assert covered >= 4


def test_e7_nato_panel_holds_the_us_and_drops_shares_above_one() -> None:
    """The US is a NATO member (ATOP): it is in T-E7's NATO panel, but never its own ally; a share of GDP
    above 1 is dropped, and the result's deviations say how many member-years that removed."""
    states, dyads = synthetic_tables(Effects(burden_size=0.005), rng=0, gdp_within_sd=1.5)
    us = states["ccode"] == 2
    states.loc[us, ["nato", "wbgdp2011est", "sipri_milex_gdp"]] = [1.0, 30.0, 0.4]  # largest, heaviest
    us_1960 = dyads[dyads["ccode1"].eq(2) & dyads["year"].eq(1960)]
    pledged = us_1960.loc[us_1960["atop_defense"].eq(1), "ccode2"]
    member = states.loc[states["nato"].eq(1) & states["ccode"].isin(pledged), "ccode"].iloc[0]
    war_year = states["ccode"].eq(member) & states["year"].eq(1960)  # a NATO member and a US ally
    states.loc[war_year, "sipri_milex_gdp"] = 1.2
    panel = prepare_tables(states, dyads, coalitions=False)["state_years"]
    assert panel.loc[panel["ccode"] == 2, "us_ally"].isna().all()
    result = large_carry_burden(panel)
    cold_war = panel[panel["year"].between(1949, 1990)]
    kept = cold_war[(cold_war["nato"] == 1) & (cold_war["sipri_milex_gdp"] <= 1)]
    assert result.n == len(kept) == 17 * 42 - 1
    rhos = [stats.spearmanr(g["wbgdp2011est"], g["sipri_milex_gdp"])[0] for _, g in kept.groupby("year")]
    assert result.estimate == pytest.approx(np.mean(rhos), abs=1e-12)
    allies = result.details["yearly rho"]["us_ally"]
    expected = cold_war[cold_war["us_ally"] == 1].groupby("year").size()
    assert dict(zip(allies["year"], allies["n"], strict=True))[1960] == expected[1960] - 1
    assert any("dropped (nato: 1, us_ally: 1 in 1949-2014)" in d for d in result.deviations)


def test_block_bootstrap_is_reproducible_and_covers_the_mean() -> None:
    from alliancelab.analysis.evidence_burden import block_bootstrap_mean

    x = np.random.default_rng(1).normal(0.3, 0.1, 40)
    first, second = block_bootstrap_mean(x), block_bootstrap_mean(x)
    assert first == second
    mean, (lo, hi), p = first
    assert lo < mean < hi and mean == pytest.approx(x.mean())
    assert p < 0.01


@pytest.mark.parametrize("sign", SIGNS)
def test_e1_goldilocks_pressure(sign: int) -> None:
    result = goldilocks_pressure(_tables(Effects(goldilocks=0.01 * sign))["state_years"])
    _check(result, 0.01 * sign, sign)
    vs_large = result.details["middle - large"]
    assert vs_large["ci"][0] <= 0.01 * sign <= vs_large["ci"][1]


def test_e1_needs_both_contrasts() -> None:
    # no effect at all: neither contrast excludes 0, so the compound rule cannot say "holds"
    result = goldilocks_pressure(_tables(Effects())["state_years"])
    assert result.prereg_verdict == "inconclusive"


@pytest.mark.parametrize("sign", SIGNS)
def test_g2_peacekeeping_subsidy(sign: int) -> None:
    result = peacekeeping_subsidy(_tables(Effects(pko_subsidy=1.0 * sign))["state_years"])
    _check(result, 1.0 * sign, sign)
    assert result.details["events"] == 150
