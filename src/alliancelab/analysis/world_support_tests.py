"""Simulated-world tests of what allies give (IDs ``S-*``): burden (E1, E7), votes and support (F1, F2),
troops bought in a crisis (G3). Same conventions as :mod:`alliancelab.analysis.world_tests`.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from alliancelab.analysis._fitting import cluster_labels, fit_term, not_estimable
from alliancelab.analysis.registry import hypothesis
from alliancelab.analysis.results import TestResult

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "allies_support_force",
    "allies_vote_with_hegemon",
    "burden_rank_correlation",
    "coalition_price_scarcity",
    "goldilocks_pressure",
]


E7 = "larger partners in an alliance inevitably pay a disproportionate share of the alliance's defense burden"


MIN_RUN_CLUSTERS = 10  # fewer runs than this make a bootstrap over runs too coarse to trust
YEAR_BLOCK = 5  # years per block when runs are too few (the real-data T-E7 uses blocks of 5 years too)


def _rho_clusters(index: pd.Index, by: list[str]) -> np.ndarray:
    """The bootstrap's clusters for the yearly rhos: runs when there are enough of them, else blocks of
    ``YEAR_BLOCK`` consecutive years within each run (a run's years are serially dependent, so single years
    would understate the uncertainty); years alone for a table without runs."""
    years = np.asarray(index.get_level_values("year"))
    if "run" not in by:
        return years
    runs = np.asarray(index.get_level_values("run"))
    if len(np.unique(runs)) >= MIN_RUN_CLUSTERS:
        return runs
    block = (years - years.min()) // YEAR_BLOCK
    return np.asarray(runs * (int(block.max()) + 1) + block)


@hypothesis(
    "S-E7",
    claim_id="E7",
    seed="003",
    prediction="Among the hegemon's allies, richer states carry a larger defence burden",
    specification="Spearman rho of sipri_milex_gdp with wbgdp2011est per (run,) year among US allies; "
    "mean rho, 95% CI by cluster bootstrap over runs (10 or more runs), else over 5-year blocks within runs "
    "(years without runs)",
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
    per_cluster = rho.groupby(_rho_clusters(rho.index, by)).agg(["sum", "count"])
    estimate = float(rho.mean())
    lo, hi, se = math.nan, math.nan, math.nan  # one cluster: a bootstrap would only repeat it
    if len(per_cluster) > 1:
        rng = np.random.default_rng(seed)
        idx = rng.integers(0, len(per_cluster), size=(draws, len(per_cluster)))
        total, count = per_cluster["sum"].to_numpy(), per_cluster["count"].to_numpy()
        boot = total[idx].sum(axis=1) / count[idx].sum(axis=1)
        lo, hi = (float(v) for v in np.quantile(boot, [0.025, 0.975]))
        se = float(np.std(boot, ddof=1))
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
