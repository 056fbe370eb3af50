"""Tests of the seeds' predictions on a simulated world (IDs ``S-*``), in the shared hypothesis registry.

Each test reads one table with the evidence layer's column names (``ccode``/``year`` keys,
``atop_defense``, ``us_aid_total``, ``un_agree_ref``, ``polity22``, ...), so it runs on a simulated table
and on a real one with those columns; a simulated table adds ``run`` as its first key. Standard errors are
clustered by state (``run`` x ``ccode``) or by dyad; a test whose sample has no variation returns an
inconclusive result that says why, instead of failing. Models: statsmodels (logit, OLS).

Verdicts follow :class:`~alliancelab.analysis.results.TestResult`: the claim *holds* (``supports``) when the
two-sided 95% interval excludes 0 on the side the seed predicts. This module holds the tests of alliances
and payments (A1, B1, C3, D2); :mod:`alliancelab.analysis.world_support_tests` those of what allies give.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from alliancelab.analysis._fitting import cluster_labels, fit_term, hypotheses_frame, not_estimable
from alliancelab.analysis.registry import hypothesis
from alliancelab.analysis.results import TestResult

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "alliance_termination",
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
