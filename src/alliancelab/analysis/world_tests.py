"""Tests of the seeds' predictions on a simulated world (IDs ``S-*``), in the shared hypothesis registry.

Each test reads one table with the evidence layer's column names (``ccode``/``year`` keys,
``atop_defense``, ``us_aid_total``, ``un_agree_ref``, ``polity22``, ...), so it runs on a simulated table
and on a real one with those columns; a simulated table adds ``run`` as its first key. Standard errors are
clustered by state (``run`` x ``ccode``) or by dyad; a test whose sample has no variation returns an
inconclusive result that says why, instead of failing. Models: statsmodels (logit, OLS).

Verdicts follow :class:`~alliancelab.analysis.results.TestResult`: the claim *holds* (``supports``) when the
two-sided 95% interval excludes 0 on the side the seed predicts.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from alliancelab.analysis._fitting import cluster_labels, fit_term, hypotheses_frame, not_estimable
from alliancelab.analysis.registry import hypothesis
from alliancelab.analysis.results import TestResult

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "alliance_termination",
    "allies_support_force",
    "allies_vote_with_hegemon",
    "burden_rank_correlation",
    "coalition_price_scarcity",
    "goldilocks_pressure",
    "hypotheses_frame",
    "payment_presence_divergence",
    "payment_size_W",
    "realignment_with_rival",
]

HEGEMON = 2  # ccode of the hegemon (the USA in real data)


def _hegemon_allies(dyads: pd.DataFrame) -> pd.DataFrame:
    return dyads.loc[(dyads["ccode1"] == HEGEMON) & (dyads["atop_defense"] == 1)]


A1 = (
    "having interest divergence between prospective allies increases the likelihood that a great power uses "
    "side payments"
)


@hypothesis(
    "S-A1",
    claim_id="A1",
    seed="001",
    prediction="Allies more distant from the hegemon are more likely to be paid",
    specification="logit(us_aid_total > 0) ~ idealpointdist, hegemon-ally dyad-years, SE clustered by dyad",
    table="dyad_years",
    sources=("sim",),
)
def payment_presence_divergence(dyads: pd.DataFrame) -> TestResult:
    """Claim A1: Pr(side payment | alliance) rises with divergence (logit, the hegemon's ally dyad-years)."""
    data = _hegemon_allies(dyads).assign(paid=lambda f: (f["us_aid_total"] > 0).astype(float))
    name = "Side payment presence on interest divergence (logit)"
    if data["paid"].nunique() < 2:
        return not_estimable(
            name,
            "coefficient idealpointdist (log-odds)",
            "A1",
            A1,
            1,
            len(data),
            "every ally is paid, or none",
        )
    return fit_term(
        "logit",
        "paid ~ idealpointdist",
        data,
        cluster_labels(data, ("ccode1", "ccode2")),
        "idealpointdist",
        test=name,
        claim_id="A1",
        claim=A1,
        sign=1,
        details={"share_paid": float(data["paid"].mean())},
    )


B1 = "likely to be smaller for small coalition leaders (typically seen in autocratic polities)"


@hypothesis(
    "S-B1",
    claim_id="B1",
    seed="001",
    prediction="Paid allies with larger winning coalitions (higher polity2) get more",
    specification="OLS log1p(us_aid_total) ~ polity22 + idealpointdist, paid hegemon-ally dyad-years, "
    "SE by dyad",
    table="dyad_years",
    sources=("sim",),
)
def payment_size_W(dyads: pd.DataFrame) -> TestResult:
    """Claim B1: the payment rises with the client's coalition size (polity2 proxy of W)."""
    data = (
        _hegemon_allies(dyads)
        .loc[lambda f: f["us_aid_total"] > 0]
        .assign(log_aid=lambda f: np.log1p(f["us_aid_total"]))
    )
    return fit_term(
        "ols",
        "log_aid ~ polity22 + idealpointdist",
        data,
        cluster_labels(data, ("ccode1", "ccode2")),
        "polity22",
        test="Payment size on coalition size W (OLS)",
        claim_id="B1",
        claim=B1,
        sign=1,
    )


C3 = (
    "If there are substitute great powers who are willing to offer more side payments than the small "
    "state is getting"
)


@hypothesis(
    "S-C3",
    claim_id="C3",
    seed="001",
    prediction="Aligned states realign more often when a rival patron bids",
    specification="OLS realigned ~ rival_present, state-years aligned the year before, SE clustered by state",
    table="state_years",
    sources=("sim",),
)
def realignment_with_rival(states: pd.DataFrame) -> TestResult:
    """Claim C3: realignment needs a rival's better offer, so the rate is higher with a rival present."""
    keys = [k for k in ("run", "ccode") if k in states.columns]
    ordered = states.sort_values([*keys, "year"])
    previous = ordered.groupby(keys, sort=False)["patron"].shift(1)
    data = ordered.loc[previous.fillna(0) > 0]
    name = "Realignment rate with and without a rival (linear probability)"
    if data["rival_present"].nunique() < 2:
        return not_estimable(
            name,
            "coefficient rival_present",
            "C3",
            C3,
            1,
            len(data),
            "needs years with and without a rival (the rising-rival scenario, or a sweep over the rival)",
        )
    rates = data.groupby("rival_present")["realigned"].mean()
    return fit_term(
        "ols",
        "realigned ~ rival_present",
        data,
        cluster_labels(data, ("ccode",)),
        "rival_present",
        test=name,
        claim_id="C3",
        claim=C3,
        sign=1,
        details={
            "rate_without_rival": float(rates.get(0, np.nan)),
            "rate_with_rival": float(rates.get(1, np.nan)),
        },
    )


D2 = "the new regime may terminate the existing alliance"


@hypothesis(
    "S-D2",
    claim_id="D2",
    seed="001",
    prediction="Alliances end more often after a regime change than after a leader change",
    specification="logit(alliance ends in t) ~ regime_change2 + leader_change2, dyad-years allied in t-1; "
    "contrast regime_change2 - leader_change2",
    table="dyad_years",
    sources=("sim",),
)
def alliance_termination(dyads: pd.DataFrame) -> TestResult:
    """Claims D2 and D4: the termination hazard after regime change exceeds the one after leader change."""
    keys = [k for k in ("run", "ccode1", "ccode2") if k in dyads.columns]
    ordered = dyads.sort_values([*keys, "year"])
    grouped = ordered.groupby(keys, sort=False)
    allied_before = grouped["atop_defense"].shift(1)
    consecutive = grouped["year"].shift(1) == ordered["year"] - 1
    data = ordered.loc[(allied_before == 1) & consecutive].assign(ends=lambda f: 1.0 - f["atop_defense"])
    name = "Alliance termination after regime vs leader change (discrete-time logit)"
    if data["ends"].nunique() < 2 or data["regime_change2"].sum() == 0:
        return not_estimable(
            name,
            "contrast regime_change2 - leader_change2 (log-odds)",
            "D2",
            D2,
            1,
            len(data),
            "no terminations or no regime changes among allied dyad-years",
        )
    rates = {
        "end_rate_after_regime_change": float(data.loc[data["regime_change2"] == 1, "ends"].mean()),
        "end_rate_after_leader_change": float(data.loc[data["leader_change2"] == 1, "ends"].mean()),
        "end_rate_otherwise": float(
            data.loc[(data["regime_change2"] == 0) & (data["leader_change2"] == 0), "ends"].mean()
        ),
    }
    return fit_term(
        "logit",
        "ends ~ regime_change2 + leader_change2",
        data,
        cluster_labels(data, ("ccode1", "ccode2")),
        "",
        test=name,
        claim_id="D2",
        claim=D2,
        sign=1,
        details=rates,
        contrast="regime_change2 - leader_change2",
    )


E7 = "larger partners in an alliance inevitably pay a disproportionate share of the alliance's defense burden"


@hypothesis(
    "S-E7",
    claim_id="E7",
    seed="003",
    prediction="Among the hegemon's allies, richer states carry a larger defence burden",
    specification="Spearman rho of sipri_milex_gdp with wbgdp2011est per (run,) year among US allies; "
    "mean rho, "
    "95% CI by cluster bootstrap over runs (years without runs)",
    table="state_years",
    sources=("sim",),
)
def burden_rank_correlation(states: pd.DataFrame, *, draws: int = 400, seed: int = 7) -> TestResult:
    """Claim E7 (Olson-Zeckhauser): mean within-alliance Spearman correlation of burden with size."""
    allies = states.loc[
        states["us_ally"] == 1,
        [c for c in ("run", "year", "wbgdp2011est", "sipri_milex_gdp") if c in states.columns],
    ]
    by = [c for c in ("run", "year") if c in allies.columns]
    ranks = allies.groupby(by)[["wbgdp2011est", "sipri_milex_gdp"]].rank()
    frame = allies[by].assign(a=ranks["wbgdp2011est"], b=ranks["sipri_milex_gdp"])
    g = frame.groupby(by)
    frame = frame.assign(a=frame["a"] - g["a"].transform("mean"), b=frame["b"] - g["b"].transform("mean"))
    sums = (
        frame.assign(ab=frame["a"] * frame["b"], aa=frame["a"] ** 2, bb=frame["b"] ** 2)
        .groupby(by)[["ab", "aa", "bb"]]
        .sum()
    )
    counts = g.size()
    ok = (counts >= 4) & (sums["aa"] > 0) & (sums["bb"] > 0)
    rho: pd.Series = (sums["ab"] / np.sqrt(sums["aa"] * sums["bb"]))[ok]
    name = "Olson-Zeckhauser: burden rank correlation with size among allies (mean Spearman)"
    if rho.empty:
        return not_estimable(
            name,
            "mean Spearman rho",
            "E7",
            E7,
            1,
            0,
            "no alliance-year with 4 or more members and varying burdens",
        )
    cluster = rho.index.get_level_values("run") if "run" in by else rho.index.get_level_values("year")
    per_cluster = rho.groupby(np.asarray(cluster)).agg(["sum", "count"])
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(per_cluster), size=(draws, len(per_cluster)))
    boot = per_cluster["sum"].to_numpy()[idx].sum(axis=1) / per_cluster["count"].to_numpy()[idx].sum(axis=1)
    estimate = float(rho.mean())
    lo, hi = (float(v) for v in np.quantile(boot, [0.025, 0.975]))
    se = float(np.std(boot, ddof=1)) if len(per_cluster) > 1 else math.nan
    p = float(math.erfc(abs(estimate) / se / math.sqrt(2))) if se and se > 0 else math.nan
    return TestResult(
        test=name,
        statistic="mean Spearman rho",
        estimate=estimate,
        p_value=p,
        ci=(lo, hi),
        claim_id="E7",
        claim=E7,
        expected_sign=1,
        n=len(rho),
        details={
            "alliance_years": len(rho),
            "clusters": len(per_cluster),
            "bootstrap_draws": draws,
            "specification": "mean over alliance-years of Spearman(wbgdp2011est, sipri_milex_gdp)",
        },
        sources=("olson1966economic",),
    )


E1 = (
    "it is moderately sized allies who are strong enough to make meaningful contributions, but not so strong "
    "that they can choose to leave"
)


@hypothesis(
    "S-E1",
    claim_id="E1",
    seed="003",
    prediction="The hegemon presses mid-sized allies most (inverted U in size)",
    specification="share of US-ally state-years pressed (pressure == 1) by wbgdp2011est tercile; "
    "min(middle - small, middle - large), 95% CI by cluster bootstrap over states",
    table="state_years",
    sources=("sim",),
)
def goldilocks_pressure(states: pd.DataFrame, *, draws: int = 400, seed: int = 11) -> TestResult:
    """Claim E1: the middle size tercile of allies is pressed more often than both the small and the large
    (the tercile contrast of the pre-registered T-E1, on the patron's pressure decisions)."""
    import pandas as pd

    data = states.loc[states["us_ally"] == 1]
    name = "Goldilocks pressure: middle-sized allies pressed most (tercile contrast)"
    statistic = "min(middle - small, middle - large) share pressed"
    if len(data) < 30 or data["wbgdp2011est"].nunique() < 3:
        return not_estimable(name, statistic, "E1", E1, 1, len(data), "too few allies to form size terciles")
    tercile = pd.qcut(data["wbgdp2011est"], 3, labels=False, duplicates="drop").to_numpy()
    pressed = (data["pressure"] == 1).to_numpy(dtype=float)
    clusters = cluster_labels(data, ("ccode",))
    n_clusters = int(clusters.max()) + 1
    counts = np.zeros((n_clusters, 3))
    hits = np.zeros((n_clusters, 3))
    np.add.at(counts, (clusters, tercile), 1.0)
    np.add.at(hits, (clusters, tercile), pressed)

    def contrast(c: np.ndarray, h: np.ndarray) -> np.ndarray:
        share = h / np.maximum(c, 1e-300)
        return np.asarray(np.minimum(share[..., 1] - share[..., 0], share[..., 1] - share[..., 2]))

    estimate = float(contrast(counts.sum(0), hits.sum(0)))
    pick = np.random.default_rng(seed).integers(0, n_clusters, size=(draws, n_clusters))
    boot = contrast(counts[pick].sum(axis=1), hits[pick].sum(axis=1))
    lo, hi = (float(v) for v in np.quantile(boot, [0.025, 0.975]))
    se = float(np.std(boot, ddof=1))
    p = float(math.erfc(abs(estimate) / se / math.sqrt(2))) if se > 0 else math.nan
    shares = hits.sum(0) / counts.sum(0)
    return TestResult(
        test=name,
        statistic=statistic,
        estimate=estimate,
        p_value=p,
        ci=(lo, hi),
        claim_id="E1",
        claim=E1,
        expected_sign=1,
        n=len(data),
        details={
            "pressed_share_by_size_tercile": [round(float(v), 4) for v in shares],
            "clusters": n_clusters,
            "bootstrap_draws": draws,
            "specification": "tercile contrast of the share pressed",
        },
    )


F1 = "based on an analysis of voting data in the UN GA"


@hypothesis(
    "S-F1",
    claim_id="F1",
    seed="002",
    prediction="Allies vote with the hegemon more often than non-allies at equal distance",
    specification="OLS un_agree_ref ~ us_ally + idealpointdist_ref, state-years, SE clustered by state",
    table="state_years",
    sources=("sim",),
)
def allies_vote_with_hegemon(states: pd.DataFrame) -> TestResult:
    """Claim F1: UN agreement of allies exceeds that of non-allies, controlling for ideal-point distance."""
    data = states.dropna(subset=["un_agree_ref", "idealpointdist_ref"])
    return fit_term(
        "ols",
        "un_agree_ref ~ us_ally + idealpointdist_ref",
        data,
        cluster_labels(data, ("ccode",)),
        "us_ally",
        test="UN agreement of allies vs non-allies (OLS)",
        claim_id="F1",
        claim=F1,
        sign=1,
    )


F2 = "record of supporting U.S. actions against both Iraq in 2003 and ISIS in 2014-2017"


@hypothesis(
    "S-F2",
    claim_id="F2",
    seed="002",
    prediction="Allies support the hegemon's contested uses of force more often",
    specification="logit(supports_action) ~ us_ally + idealpointdist_ref, state-years with a contested "
    "action",
    table="state_years",
    sources=("sim",),
)
def allies_support_force(states: pd.DataFrame) -> TestResult:
    """Claim F2: allies are more likely to support the hegemon's contested actions."""
    data = states.dropna(subset=["supports_action"])
    name = "Support for contested actions, allies vs non-allies (logit)"
    if data.empty or data["supports_action"].nunique() < 2:
        return not_estimable(
            name,
            "coefficient us_ally (log-odds)",
            "F2",
            F2,
            1,
            len(data),
            "no contested action, or no variation in support",
        )
    return fit_term(
        "logit",
        "supports_action ~ us_ally + idealpointdist_ref",
        data,
        cluster_labels(data, ("ccode",)),
        "us_ally",
        test=name,
        claim_id="F2",
        claim=F2,
        sign=1,
    )


G3 = "depends most often on the overall availability of force contributions"


@hypothesis(
    "S-G3",
    claim_id="G3",
    seed="004",
    prediction="Coalition prices per soldier rise with the scarcity of contributions",
    specification="OLS price per effective soldier (USD) ~ scarcity, priced offers to non-volunteers, "
    "SE by crisis",
    table="coalitions",
    sources=("sim",),
)
def coalition_price_scarcity(coalitions: pd.DataFrame) -> TestResult:
    """Claim G3: the price of a contribution rises with scarcity ``sigma_m``."""
    data = coalitions.loc[(coalitions["price"] > 0) & (coalitions["effective_troops"] > 0)].assign(
        price_per_soldier=lambda f: f["price"] * 1e6 / f["effective_troops"]
    )
    name = "Coalition price per soldier on scarcity (OLS)"
    if data.empty or data["scarcity"].nunique() < 2:
        return not_estimable(
            name, "coefficient scarcity", "G3", G3, 1, len(data), "no priced offers, or one level of scarcity"
        )
    return fit_term(
        "ols",
        "price_per_soldier ~ scarcity",
        data,
        cluster_labels(data, ("year",)),
        "scarcity",
        test=name,
        claim_id="G3",
        claim=G3,
        sign=1,
    )
