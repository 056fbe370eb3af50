"""Every simulated-world test (S-*) on a small synthetic table whose answer is known by construction."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from alliancelab.analysis import world_support_tests as ws
from alliancelab.analysis import world_tests as wt
from alliancelab.analysis._fitting import hypotheses_frame
from alliancelab.analysis.registry import registered, run_tests
from alliancelab.analysis.results import TestResult

N_STATES, N_YEARS = 60, 20


def _state_grid(rng: np.random.Generator, runs: int = 2) -> pd.DataFrame:
    run, ccode, year = np.meshgrid(
        np.arange(runs), 1000 + np.arange(N_STATES), 1950 + np.arange(N_YEARS), indexing="ij"
    )
    frame = pd.DataFrame({"run": run.ravel(), "ccode": ccode.ravel(), "year": year.ravel()})
    return frame.sort_values(["run", "ccode", "year"], ignore_index=True).assign(
        idealpointdist_ref=rng.random(len(frame))
    )


def test_every_simulated_test_is_registered_with_its_table() -> None:
    tests = registered("sim")
    ids = {k for k in tests if k.startswith("S-")}
    assert ids == {"S-A1", "S-B1", "S-C3", "S-D2", "S-E1", "S-E7", "S-F1", "S-F2", "S-G3"}
    assert {tests[k].table for k in ids} == {"state_years", "dyad_years", "coalitions"}


def test_payment_presence_rises_with_divergence(rng: np.random.Generator) -> None:
    d = rng.random(4000)
    paid = rng.random(4000) < 1 / (1 + np.exp(-(-2 + 4 * d)))  # true log-odds slope 4
    dyads = pd.DataFrame(
        {
            "run": 0,
            "ccode1": 2,
            "ccode2": 1000 + np.arange(4000) % 80,
            "year": np.arange(4000) // 80,
            "atop_defense": 1,
            "idealpointdist": d,
            "us_aid_total": np.where(paid, 50.0, 0.0),
        }
    )
    result = wt.payment_presence_divergence(dyads)
    assert result.verdict == "supports" and result.ci is not None and result.ci[0] < 4 < result.ci[1]
    flat = wt.payment_presence_divergence(dyads.assign(us_aid_total=10.0))
    assert flat.verdict == "inconclusive" and "every ally is paid" in flat.details["note"]


def test_payment_size_rises_with_W(rng: np.random.Generator) -> None:
    n = 3000
    polity = rng.uniform(-10, 10, n)
    aid = np.expm1(2.0 + 0.1 * polity + rng.normal(0, 0.3, n))
    dyads = pd.DataFrame(
        {
            "ccode1": 2,
            "ccode2": 1000 + np.arange(n) % 100,
            "year": np.arange(n) // 100,
            "atop_defense": 1,
            "polity22": polity,
            "idealpointdist": rng.random(n),
            "us_aid_total": aid,
        }
    )
    result = wt.payment_size_W(dyads)  # no run column: a real-data-shaped frame works as well
    assert result.verdict == "supports" and result.ci is not None and result.ci[0] < 0.1 < result.ci[1]


def test_a_world_without_paid_allies_is_not_estimable_rather_than_an_error() -> None:
    # a tiny simulated world (a 2-state sweep cell) can have no paid ally: the sweep used to crash in pandas
    dyads = pd.DataFrame(
        {"run": [0, 0], "ccode1": 2, "ccode2": [1001, 1002], "year": [1990, 1990], "atop_defense": 1,
         "polity22": [5.0, -3.0], "idealpointdist": [0.2, 0.4], "us_aid_total": [0.0, 0.0]}
    )  # fmt: skip
    result = wt.payment_size_W(dyads)
    assert result.n == 0 and np.isnan(result.estimate) and "could not be estimated" in result.details["note"]


def test_realignment_is_more_frequent_with_a_rival(rng: np.random.Generator) -> None:
    states = _state_grid(rng)
    states["rival_present"] = (states["year"] >= 1960).astype(int)
    states["patron"] = 2
    states["realigned"] = ((states["rival_present"] == 1) & (rng.random(len(states)) < 0.1)).astype(int)
    result = wt.realignment_with_rival(states)
    assert result.verdict == "supports" and result.ci is not None and result.ci[0] < 0.1 < result.ci[1]
    assert result.details["rate_without_rival"] == 0.0
    alone = wt.realignment_with_rival(states.assign(rival_present=0))
    assert alone.verdict == "inconclusive" and "with and without a rival" in alone.details["note"]


def test_regime_change_ends_alliances_more_than_leader_change(rng: np.random.Generator) -> None:
    runs, dyads, years = 2, 150, 30
    rows = []
    for r in range(runs):
        for j in range(dyads):
            allied = 1
            for t in range(years):
                rc, lc = rng.random() < 0.08, rng.random() < 0.15
                if allied and rng.random() < (0.6 if rc else 0.03):
                    allied = 0
                elif not allied and rng.random() < 0.3:
                    allied = 1
                rows.append((r, 2, 1000 + j, 1950 + t, allied, int(rc), int(lc and not rc)))
    frame = pd.DataFrame(
        rows, columns=["run", "ccode1", "ccode2", "year", "atop_defense", "regime_change2", "leader_change2"]
    )
    result = wt.alliance_termination(frame)
    assert (
        result.verdict == "supports" and result.estimate > 2
    )  # log-odds ratio about ln(.6/.4 * .97/.03) = 3.9
    assert (
        result.details["end_rate_after_regime_change"] > 0.4 > result.details["end_rate_after_leader_change"]
    )


@pytest.mark.parametrize(("slope", "verdict"), [(1.0, "supports"), (-1.0, "contradicts")])
def test_burden_rank_correlation_follows_the_sign_of_the_relation(
    rng: np.random.Generator, slope: float, verdict: str
) -> None:
    states = _state_grid(rng, runs=4).assign(us_ally=1)
    states["wbgdp2011est"] = rng.normal(25, 2, len(states))
    states["sipri_milex_gdp"] = np.clip(
        0.03 + slope * 0.005 * (states["wbgdp2011est"] - 25) + rng.normal(0, 0.002, len(states)), 0, 1
    )
    result = ws.burden_rank_correlation(states)
    assert result.verdict == verdict and abs(result.estimate) > 0.8


@pytest.mark.parametrize(("shape", "verdict"), [("middle", "supports"), ("rising", "contradicts")])
def test_goldilocks_pressure_needs_the_middle_tercile_pressed_most(
    rng: np.random.Generator, shape: str, verdict: str
) -> None:
    states = _state_grid(rng).assign(us_ally=1)
    states["wbgdp2011est"] = rng.normal(25, 1.5, len(states))
    middle = (states["wbgdp2011est"] > 24.4) & (states["wbgdp2011est"] < 25.6)
    rising = np.clip((states["wbgdp2011est"] - 23.0) / 4.0, 0.0, 1.0)  # no fall at the top
    prob = np.where(middle, 0.7, 0.0) if shape == "middle" else rising
    states["pressure"] = (rng.random(len(states)) < prob).astype(int)
    result = ws.goldilocks_pressure(states)
    assert result.verdict == verdict
    shares = result.details["pressed_share_by_size_tercile"]
    assert (shares[1] > max(shares[0], shares[2])) == (shape == "middle")


def test_allies_agree_more_at_equal_distance(rng: np.random.Generator) -> None:
    states = _state_grid(rng)
    states["us_ally"] = (rng.random(len(states)) < 0.4).astype(int)
    states["un_agree_ref"] = (
        0.6 + 0.1 * states["us_ally"] - 0.3 * states["idealpointdist_ref"] + rng.normal(0, 0.05, len(states))
    )
    result = ws.allies_vote_with_hegemon(states)
    assert result.verdict == "supports" and result.ci is not None and result.ci[0] < 0.1 < result.ci[1]


def test_allies_support_contested_actions_more(rng: np.random.Generator) -> None:
    states = _state_grid(rng)
    states["us_ally"] = (rng.random(len(states)) < 0.5).astype(int)
    p = np.where(states["us_ally"] == 1, 0.7, 0.3)
    action_year = states["year"] % 3 == 0
    states["supports_action"] = np.where(action_year, (rng.random(len(states)) < p).astype(float), np.nan)
    result = ws.allies_support_force(states)
    assert result.verdict == "supports" and result.n == int(action_year.sum())


def test_coalition_prices_rise_with_scarcity(rng: np.random.Generator) -> None:
    crises = 80
    scarcity = np.repeat(rng.uniform(0.2, 2.0, crises), 6)
    troops = rng.uniform(500, 3000, crises * 6)
    per_soldier = 10000 + 20000 * scarcity + rng.normal(0, 2000, crises * 6)
    frame = pd.DataFrame(
        {
            "run": 0,
            "year": np.repeat(np.arange(crises), 6),
            "ccode2": 1000 + np.arange(crises * 6) % 30,
            "price": per_soldier * troops / 1e6,
            "effective_troops": troops,
            "scarcity": scarcity,
        }
    )
    result = ws.coalition_price_scarcity(frame)
    assert result.verdict == "supports" and result.ci is not None and result.ci[0] < 20000 < result.ci[1]


def test_run_tests_and_the_table_of_results(rng: np.random.Generator) -> None:
    states = _state_grid(rng).assign(
        us_ally=1, un_agree_ref=0.5, pressure=0, patron=2, realigned=0, rival_present=0
    )
    pairs: list[tuple[object, object]] = []
    run_tests({"state_years": states}, only=["S-F1", "S-C3"], on_result=lambda h, r: pairs.append((h, r)))
    frame = wt.hypotheses_frame(pairs)  # type: ignore[arg-type]
    assert list(frame["test"]) == ["S-F1", "S-C3"]
    assert set(frame.columns) >= {
        "claim",
        "seed",
        "prediction",
        "specification",
        "estimate",
        "ci_low",
        "ci_high",
        "n",
        "holds",
    }
    assert (frame["holds"] == "inconclusive").all()  # no variation in either: said, not crashed


def _burden_world(rng: np.random.Generator, runs: int) -> pd.DataFrame:
    states = _state_grid(rng, runs=runs).assign(us_ally=1)
    states["wbgdp2011est"] = rng.normal(25, 2, len(states))
    states["sipri_milex_gdp"] = np.clip(
        0.03 + 0.005 * (states["wbgdp2011est"] - 25) + rng.normal(0, 0.002, len(states)), 0, 1
    )
    return states


@pytest.mark.parametrize(
    ("runs", "clusters"),
    [(12, 12), (3, 3 * -(-N_YEARS // ws.YEAR_BLOCK))],  # enough runs: runs; too few: 5-year blocks in runs
)
def test_burden_rank_correlation_clusters_by_run_only_with_enough_runs(
    rng: np.random.Generator, runs: int, clusters: int
) -> None:
    result = ws.burden_rank_correlation(_burden_world(rng, runs))
    assert result.details["clusters"] == clusters
    assert result.ci is not None and result.ci[0] < result.estimate < result.ci[1]
    assert result.prereg_verdict == "holds"


def test_burden_rank_correlation_of_one_cluster_has_no_ci(rng: np.random.Generator) -> None:
    world = _burden_world(rng, 1)
    one_block = world[world["year"] < world["year"].min() + ws.YEAR_BLOCK]
    result = ws.burden_rank_correlation(one_block)
    assert result.details["clusters"] == 1 and result.estimate > 0.8
    assert result.ci is not None and all(np.isnan(result.ci))  # a bootstrap of one cluster repeats it
    assert result.prereg_verdict == "inconclusive"
    frame = hypotheses_frame([(registered("sim")["S-E7"], result)])
    assert frame.loc[0, "holds"] == "inconclusive"


def test_the_table_says_holds_only_when_the_ci_excludes_the_null() -> None:
    h = registered("sim")["S-F1"]
    touching = TestResult(
        test="t", statistic="b", estimate=0.4, p_value=0.04, ci=(0.0, 0.8), claim_id="F1", expected_sign=1
    )
    assert touching.verdict == "supports"  # p < 0.05, but the CI reaches 0
    clear = TestResult(
        test="t", statistic="b", estimate=0.4, p_value=0.01, ci=(0.1, 0.7), claim_id="F1", expected_sign=1
    )
    wrong_side = TestResult(
        test="t", statistic="b", estimate=-0.4, p_value=0.01, ci=(-0.7, -0.1), claim_id="F1", expected_sign=1
    )
    frame = hypotheses_frame([(h, touching), (h, clear), (h, wrong_side)])
    assert list(frame["holds"]) == ["inconclusive", "holds", "fails"]
