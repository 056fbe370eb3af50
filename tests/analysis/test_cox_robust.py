"""The Cox model's dyad-clustered covariance against two independent implementations.

Reference numbers: R's ``survival::coxph(ties = "efron", cluster = dyad)`` on ``cox_reference/spells.csv``
(yearly spell rows with late entry, heavily tied failures, two strata and a dyad frailty; written by
``cox_reference/make_reference.py``). Live cross-check: statsmodels' ``PHReg`` with the groups of the
clusters, on spells without tied failures — the one case its robust covariance gets right (see
:mod:`alliancelab.analysis.cox_robust`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from alliancelab.analysis.cox_robust import cluster_robust_covariance, efron_score_residuals
from alliancelab.analysis.estimators import cox_time_varying
from alliancelab.errors import DataError

REFERENCE = Path(__file__).parent / "cox_reference"
SPELLS = pd.read_csv(REFERENCE / "spells.csv")
R = json.loads((REFERENCE / "r_survival.json").read_text(encoding="utf-8"))
REGS = ["shock", "client"]
N_DYADS = 40
# R's robust variance has no small-sample factor; ours has G / (G - 1), as Stata's stcox
TO_R = (N_DYADS - 1) / N_DYADS
STRATA = {"stratified": ["patron"], "pooled": []}


def _residuals(frame: pd.DataFrame, beta: np.ndarray, strata: list[str]) -> np.ndarray:
    codes = frame.groupby(strata).ngroup() if strata else pd.Series(0, index=frame.index)
    return efron_score_residuals(
        frame[REGS].to_numpy(float),
        np.asarray(beta, dtype=float),
        frame["start"].to_numpy(float),
        frame["stop"].to_numpy(float),
        frame["event"].to_numpy(int) == 1,
        codes.to_numpy(np.int64),
    )


def _phreg(frame: pd.DataFrame) -> Any:
    """statsmodels' Efron Cox model of the rows, stratified by patron, entering just after ``start``.

    statsmodels counts a row as at risk at its own entry time; the nudge makes its risk set (start, stop].
    """
    from statsmodels.duration.hazard_regression import PHReg

    return PHReg(
        frame["stop"].to_numpy(float),
        frame[REGS].to_numpy(float),
        status=frame["event"].to_numpy(float),
        entry=frame["start"].to_numpy(float) + 1e-9,
        strata=frame["patron"].to_numpy(),
        ties="efron",
    )


@pytest.mark.parametrize("model", ["stratified", "pooled"])
def test_dyad_clustered_covariance_equals_r_survival(model: str) -> None:
    fit = cox_time_varying(SPELLS, REGS, strata=STRATA[model], cluster="dyad")
    ref = R[model]
    np.testing.assert_allclose(fit.params[REGS], ref["coef"][0], rtol=1e-6)
    np.testing.assert_allclose(fit.cov.loc[REGS, REGS].to_numpy() * TO_R, ref["robust_var"], rtol=1e-6)
    assert fit.n_clusters == N_DYADS and fit.n == SPELLS["spell_id"].nunique()
    assert "SEs clustered by dyad" in fit.estimator and fit.df is None


@pytest.mark.parametrize("model", ["stratified", "pooled"])
def test_score_residuals_summed_by_dyad_equal_r_survival(model: str) -> None:
    ref = R[model]
    residuals = _residuals(SPELLS, np.array(ref["coef"][0]), STRATA[model])
    by_dyad = pd.DataFrame(residuals).groupby(SPELLS["dyad"].to_numpy()).sum().to_numpy()
    np.testing.assert_allclose(by_dyad, ref["cluster_score"], rtol=1e-7, atol=1e-9)


def test_clustering_by_dyad_matters_for_a_dyad_level_covariate() -> None:
    """The dyad frailty correlates a dyad's score contributions: its clustered SE exceeds the naive one."""
    clustered = cox_time_varying(SPELLS, REGS, strata=["patron"], cluster="dyad")
    naive = cox_time_varying(SPELLS, REGS, strata=["patron"])
    by_spell = cox_time_varying(SPELLS, REGS, strata=["patron"], cluster="spell_id")
    np.testing.assert_allclose(naive.cov.loc[REGS, REGS], R["stratified"]["naive_var"], rtol=1e-6)
    pd.testing.assert_series_equal(clustered.params, naive.params)
    se = {name: np.sqrt(np.diag(f.cov.loc[REGS, REGS])) for name, f in
          [("dyad", clustered), ("naive", naive), ("spell", by_spell)]}  # fmt: skip
    assert se["dyad"][1] > 1.3 * se["naive"][1]  # client: 0.175 against 0.123
    assert se["dyad"][1] > 1.1 * se["spell"][1]  # a dyad's spells are not independent either
    assert naive.n_clusters is None and "model-based SEs" in naive.estimator
    assert by_spell.n_clusters == SPELLS["spell_id"].nunique()


def test_point_estimates_equal_lifelines_and_statsmodels_efron() -> None:
    from lifelines import CoxTimeVaryingFitter

    fit = cox_time_varying(SPELLS, REGS, strata=["patron"], cluster="dyad")
    ctv = CoxTimeVaryingFitter(strata=["patron"]).fit(
        SPELLS[["spell_id", "start", "stop", "event", "patron", *REGS]],
        id_col="spell_id",
        event_col="event",
        start_col="start",
        stop_col="stop",
    )
    np.testing.assert_allclose(fit.params[REGS], ctv.params_[REGS], rtol=1e-12)
    phreg = _phreg(SPELLS).fit()
    np.testing.assert_allclose(fit.params[REGS], phreg.params, rtol=1e-6)


def test_score_residuals_sum_to_the_efron_score_at_any_coefficients() -> None:
    """Summed, the residuals are the gradient of statsmodels' Efron log partial likelihood (with ties)."""
    model = _phreg(SPELLS)
    for beta in ([0.0, 0.0], [0.85, 0.2], [-1.0, 2.0]):
        total = _residuals(SPELLS, np.array(beta), ["patron"]).sum(axis=0)
        np.testing.assert_allclose(total, model.score(np.array(beta)), rtol=1e-9, atol=1e-9)


def test_score_residuals_follow_their_rows(rng: np.random.Generator) -> None:
    order = rng.permutation(len(SPELLS))
    beta = np.array(R["stratified"]["coef"][0])
    shuffled = _residuals(SPELLS.iloc[order].reset_index(drop=True), beta, ["patron"])
    np.testing.assert_allclose(shuffled, _residuals(SPELLS, beta, ["patron"])[order], atol=1e-12)


def _untied_spells(rng: np.random.Generator, n_dyads: int = 60) -> pd.DataFrame:
    """Spells in continuous time (rows of random length, no tied failures) with a dyad frailty."""
    rows = []
    for dyad in range(n_dyads):
        frailty, client = rng.normal(0.0, 1.0), rng.normal()
        for spell in range(int(rng.integers(1, 4))):
            t = rng.uniform(0.0, 3.0)
            while True:
                length = rng.uniform(0.5, 1.5)
                shock, x = float(rng.random() < 0.2), client + rng.normal(0.0, 0.5)
                ended = rng.random() < 1 - np.exp(-0.1 * length * np.exp(0.7 * shock + 0.3 * x + frailty))
                rows.append((dyad, dyad * 10 + spell, dyad % 2, t, t + length, int(ended), shock, x))
                t += length
                if ended or t > 15:
                    break
    columns = ["dyad", "spell_id", "patron", "start", "stop", "event", "shock", "client"]
    return pd.DataFrame(rows, columns=columns)


def test_dyad_clustered_covariance_equals_statsmodels_without_ties(rng: np.random.Generator) -> None:
    data = _untied_spells(rng)
    assert not data.loc[data["event"] == 1, "stop"].duplicated().any()
    fit = cox_time_varying(data, REGS, strata=["patron"], cluster="dyad")
    # statsmodels misplaces a row at risk at no failure time (its residual is 0): leave those out for it
    failure_times = {p: np.sort(g.loc[g["event"] == 1, "stop"].to_numpy()) for p, g in data.groupby("patron")}
    holds_failure = [
        np.searchsorted(failure_times[p], b, "right") > np.searchsorted(failure_times[p], a, "right")
        for p, a, b in data[["patron", "start", "stop"]].itertuples(index=False)
    ]
    kept = data[holds_failure]
    result = _phreg(kept).fit(groups=kept["dyad"].to_numpy())
    g = data["dyad"].nunique()
    np.testing.assert_allclose(fit.params[REGS], result.params, rtol=1e-6)
    np.testing.assert_allclose(fit.cov.loc[REGS, REGS] * (g - 1) / g, result.cov_params(), rtol=1e-6)
    naive = cox_time_varying(data, REGS, strata=["patron"])
    assert not np.allclose(fit.cov, naive.cov, rtol=0.05)


def test_cluster_robust_covariance_needs_two_clusters() -> None:
    with pytest.raises(ValueError, match="two clusters"):
        cluster_robust_covariance(np.eye(1), np.ones((3, 1)), np.zeros(3, np.int64))
    with pytest.raises(DataError, match="two or more groups"):
        cox_time_varying(SPELLS.assign(dyad=1), REGS, cluster="dyad")


def test_a_failing_row_of_zero_length_counts_for_nothing() -> None:
    """A row with start == stop is in no risk set (R's coxph drops it): adding one, failing, changes no
    other row's residual, and its own is 0."""
    beta = np.array(R["stratified"]["coef"][0])
    base = _residuals(SPELLS, beta, ["patron"])
    empty = SPELLS.iloc[[0]].assign(start=SPELLS["stop"].iloc[0], event=1)
    with_empty = _residuals(pd.concat([SPELLS, empty], ignore_index=True), beta, ["patron"])
    np.testing.assert_allclose(with_empty[:-1], base, atol=1e-12)
    assert np.all(with_empty[-1] == 0.0)
