"""Seeds 000, 001 and 004: side payments — who gets US aid, and what buys a peacekeeper.

T-A3: aid to allies rises with their divergence from the US (claims A1, A3). T-B1: small-coalition
(autocratic) clients are cheaper (B1). T-G2: the US subsidises under-resourced states that start deploying
peacekeepers (G2). Specifications: ``docs/preregistration.md``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from alliancelab.analysis.estimators import Contrast, Fit, logit, ols
from alliancelab.analysis.evidence_common import Years, in_window, make_result, variant_row, window
from alliancelab.analysis.prepare import USA, lagged, log_millions, require_columns
from alliancelab.analysis.registry import hypothesis
from alliancelab.analysis.results import TestResult

__all__ = ["aid_follows_divergence", "aid_frame", "peacekeeping_subsidy", "small_coalitions_cheaper"]

AID_YEARS = (1946, 2014)
PKO_YEARS = (1990, 2014)
#: Personnel that make a state's first substantial contribution (pre-registered: 100).
FIRST_CONTRIBUTION = 100.0


def _ideal_distance(panel: pd.DataFrame, kind: str) -> pd.Series:
    """Ideal-point distance to the US (``kind`` "all" or "fp"); a simulation's one distance serves both."""
    for column in (f"us_idealdist_{kind}", "us_idealdist"):
        if column in panel.columns:
            return panel[column].astype(float)
    return pd.Series(np.nan, index=panel.index)


def aid_frame(panel: pd.DataFrame) -> pd.DataFrame:
    """The aid sample (states with any US aid record, US excluded) with logs, distances and lags."""
    require_columns(panel, ["unit", "year", "us_aid_total", "us_ally"], "aid tests")
    data = panel[panel["ccode"] != USA].copy()
    ever = data.groupby("unit")["us_aid_total"].transform(lambda s: (s.fillna(0) > 0).any())
    data = data[ever].copy()
    data["log_aid"] = log_millions(data["us_aid_total"])
    if "us_aid_econ" in data.columns:
        data["log_aid_econ"] = log_millions(data["us_aid_econ"])
    data["dist_all"] = _ideal_distance(data, "all")
    data["dist_fp"] = _ideal_distance(data, "fp")
    require_columns(
        data, ["wbgdppc2011est", "wbpopest"], "aid tests (GDP per capita and population controls)"
    )
    lag_cols = ["us_ally", "dist_all", "dist_fp", "wbgdppc2011est", "wbpopest"]
    lag_cols += [c for c in ("polity2", "v2x_polyarchy", "W") if c in data.columns]
    data = lagged(data, lag_cols)
    data["ally_x_dist"] = data["us_ally_lag"] * data["dist_all_lag"]
    data["ally_x_dist_fp"] = data["us_ally_lag"] * data["dist_fp_lag"]
    return data


def _a3(data: pd.DataFrame, y: str = "log_aid", dist: str = "dist_all") -> tuple[Contrast, Fit]:
    inter = "ally_x_dist" if dist == "dist_all" else "ally_x_dist_fp"
    regs = ["us_ally_lag", f"{dist}_lag", inter, "wbgdppc2011est_lag", "wbpopest_lag"]
    fit = ols(data, y, regs, fixed=["unit", "year"], cluster="unit")
    return fit.contrast({inter: 1}), fit


HURDLE_DEVIATION = (
    "variant hurdle model: its first part, the logit of any aid, has year fixed effects only (state dummies "
    "would bring the incidental-parameter bias of a fixed-effects logit); its second part, the log amount "
    "where aid is positive, is the variant 'years with an aid record only'"
)
W_DEVIATION = (
    "variant W index: `alliancelab evidence run` has no way to supply a user's W index, so it is estimated "
    "only on a table that has a W column (a simulated run's)"
)


def _a3_hurdle(data: pd.DataFrame) -> tuple[Contrast, Fit]:
    """The hurdle's first part: logit of any aid on T-A3's regressors with year FE.

    State effects are left out of the logit (dummies for ~190 states would bring the incidental-parameter
    bias of a fixed-effects logit); the second part, log amount where aid is positive, is the variant
    "years with an aid record only".
    """
    regs = ["us_ally_lag", "dist_all_lag", "ally_x_dist", "wbgdppc2011est_lag", "wbpopest_lag"]
    frame = data.assign(any_aid=(data["us_aid_total"] > 0).astype(float))
    fit = logit(frame, "any_aid", regs, fixed=["year"], cluster="unit")
    return fit.contrast({"ally_x_dist": 1}), fit


@hypothesis(
    "T-A3",
    claim_id="A3",
    seed="000, 001",
    table="state_years",
    prediction="US aid to allies rises with their divergence from the US (ideal-point distance)",
    specification=(
        "OLS of log US aid on lagged US ally, lagged ideal-point distance (idealpointall), their "
        "interaction, "
        "lagged log GDP per capita and log population, state and year FE; SEs clustered by state"
    ),
    sources=("real",),  # `evidence run --sim` runs it on a simulated run explicitly
)
def aid_follows_divergence(panel: pd.DataFrame, *, years: Years = None) -> TestResult:
    """T-A3. Aid to allies rises with divergence (claims A1, A3).

    Seed 000 (Kabir 2019): "side payments facilitate the formation of alliances between great powers and
    weaker states when the parties have diverging and conflicting interests." Seed 001: "Increasing
    divergence of interests leads either to alliance termination or to donors increasing the side payments
    made to a small state for its policy concessions." Specification: the interaction of lagged ``US ally``
    with lagged ideal-point distance is predicted +; state and year FE, clustered by state.
    """
    span = window(AID_YEARS, years, panel)
    data = in_window(aid_frame(panel), span)
    contrast, fit = _a3(data)
    variants = [
        variant_row("final-passage ideal points (idealpointfp)", lambda: _a3(data, dist="dist_fp")),
        variant_row(
            "economic aid only (Greenbook, to 2009)",
            lambda: _a3(in_window(data, (span[0], min(span[1], 2009))), y="log_aid_econ"),
        ),
        variant_row("years with an aid record only", lambda: _a3(data[data["us_aid_total"] > 0])),
        variant_row("Cold War years only (to 1989)", lambda: _a3(in_window(data, (span[0], 1989)))),
        variant_row("hurdle part 1: logit of any aid, year FE (log-odds)", lambda: _a3_hurdle(data)),
    ]
    return make_result(
        "T-A3",
        deviations=[HURDLE_DEVIATION],
        statistic="coefficient of US ally x distance",
        contrast=contrast,
        fit=fit,
        span=span,
        expected_sign=1,
        data="state-years with a US aid record",
        details={"variants": variants},
        sources=[*panel.attrs.get("sources", ()), "kabir2019sidepayments"],
    )


def _b1(data: pd.DataFrame, regime: str) -> tuple[Contrast, Fit]:
    regs = [f"{regime}_lag", "dist_all_lag", "wbgdppc2011est_lag", "wbpopest_lag"]
    fit = ols(data, "log_aid", regs, fixed=["year"], cluster="unit")
    return fit.contrast({f"{regime}_lag": 1}), fit


@hypothesis(
    "T-B1",
    claim_id="B1",
    seed="001",
    table="state_years",
    prediction="US allies with small winning coalitions (autocracies) receive less aid",
    specification=(
        "OLS of log US aid on lagged polity2, lagged ideal-point distance, lagged log GDP per capita and log "
        "population, year FE (no state FE); US-ally state-years; SEs clustered by state"
    ),
    sources=("real",),  # `evidence run --sim` runs it on a simulated run explicitly
)
def small_coalitions_cheaper(panel: pd.DataFrame, *, years: Years = None) -> TestResult:
    """T-B1. Small-coalition clients are cheaper (claim B1).

    Seed 001 (Kabir 2015): "the amount of side payments needed to compensate for policy concessions is
    likely to be smaller for small coalition leaders (typically seen in autocratic polities) than it is for
    large coalition leaders (usually seen in liberal democracies)." Specification: among US-ally
    state-years, lagged polity2 (the W proxy) is predicted to raise aid (+); year FE; clustered by state.
    """
    span = window(AID_YEARS, years, panel)
    data = in_window(aid_frame(panel), span)
    require_columns(data, ["polity2_lag"], "T-B1")
    allies = data[data["us_ally"] == 1]
    contrast, fit = _b1(allies, "polity2")
    # V-Dem polyarchy; a W index in the table (a simulation's own, or a user's) replaces the proxy
    alternatives = {"V-Dem polyarchy": "v2x_polyarchy", "the table's W index": "W"}
    variants = [
        variant_row(name, lambda c=column: _b1(allies, c))  # type: ignore[misc]
        if f"{column}_lag" in allies.columns
        else {"variant": name, "note": f"not estimable: the table has no {column} column"}
        for name, column in alternatives.items()
    ]
    return make_result(
        "T-B1",
        deviations=[] if "W_lag" in allies.columns else [W_DEVIATION],
        statistic="coefficient of lagged polity2",
        contrast=contrast,
        fit=fit,
        span=span,
        expected_sign=1,
        data="US-ally state-years with a US aid record",
        details={"variants": variants},
        sources=[*panel.attrs.get("sources", ()), "kabir2019sidepayments"],
    )


def pko_frame(panel: pd.DataFrame, span: tuple[int, int]) -> pd.DataFrame:
    """The T-G2 sample: contributor state-years in ``span`` with the event, low income and aid change."""
    require_columns(panel, ["unit", "year", "us_aid_total", "pko_total", "wbgdppc2011est"], "T-G2")
    data = panel[panel["ccode"] != USA].sort_values(["unit", "year"]).copy()
    data["log_aid"] = log_millions(data["us_aid_total"])
    contributor = data.groupby("unit")["pko_total"].transform(lambda s: (s.fillna(0) > 0).any())
    data = data[contributor].copy()
    big = data["pko_total"].fillna(0) >= FIRST_CONTRIBUTION
    first_year = data["year"].where(big).groupby(data["unit"]).transform("min")
    data["first_contribution"] = (data["year"] == first_year).astype(float)
    by_unit = data.set_index(["unit", "year"])["log_aid"]

    def shifted(k: int) -> np.ndarray:
        keys = pd.MultiIndex.from_arrays([data["unit"], data["year"] + k])
        return by_unit.reindex(keys).to_numpy(dtype=float)

    # mean over the available years of t-3..t-1 (missing when none is available)
    prior_mean = pd.DataFrame({k: shifted(k) for k in (-3, -2, -1)}, index=data.index).mean(axis=1)
    data["aid_change"] = shifted(1) - prior_mean
    data = in_window(data, span).copy()
    median = data.groupby("year")["wbgdppc2011est"].transform("median")
    data["low_income"] = (data["wbgdppc2011est"] < median).astype(float).where(data["wbgdppc2011est"].notna())
    data["event_x_low"] = data["first_contribution"] * data["low_income"]
    data["log_personnel"] = np.log1p(data["pko_total"].astype(float))
    data["personnel_x_low"] = data["log_personnel"] * data["low_income"]
    return data


@hypothesis(
    "T-G2",
    claim_id="G2",
    seed="004",
    table="state_years",
    prediction="US aid rises after an under-resourced state's first substantial peacekeeping deployment",
    specification=(
        "OLS of log US aid in t+1 minus its mean over t-3..t-1 on first contribution (>= 100 personnel), low "
        "income, their interaction, year FE; contributors 1990-2014; SEs clustered by state"
    ),
    sources=("real",),  # `evidence run --sim` runs it on a simulated run explicitly
)
def peacekeeping_subsidy(panel: pd.DataFrame, *, years: Years = None) -> TestResult:
    """T-G2. Deployment subsidies for the under-resourced (claim G2).

    Seed 004 (Henke 2019), on states "willing but inadequately resourced": "Pivotal states thus view them as
    inefficient coalition partners and agree to provide deployment subsidies to make international
    military cooperation across rich and poor countries possible." Specification: the interaction of the
    first-contribution event with low income (GDP per capita below the year's sample median) is predicted
    + on the change in log US aid; year FE; clustered by state.
    """
    span = window(PKO_YEARS, years, panel)
    data = pko_frame(panel, span)
    regs = ["first_contribution", "low_income", "event_x_low"]
    fit = ols(data, "aid_change", regs, fixed=["year"], cluster="unit")

    def personnel() -> tuple[Contrast, Fit]:
        f = ols(
            data,
            "aid_change",
            ["log_personnel", "low_income", "personnel_x_low"],
            fixed=["year"],
            cluster="unit",
        )
        return f.contrast({"personnel_x_low": 1}), f

    return make_result(
        "T-G2",
        statistic="coefficient of first contribution x low income",
        contrast=fit.contrast({"event_x_low": 1}),
        fit=fit,
        span=span,
        expected_sign=1,
        data="state-years of UN peacekeeping contributors (IPI)",
        deviations=["IPI starts in November 1990: a first year of 1990 may continue earlier contributions"],
        details={
            "variants": [variant_row("log personnel instead of the event", personnel)],
            "events": int(data["first_contribution"].sum()),
        },
        sources=[*panel.attrs.get("sources", ()), "henke2019buying"],
    )
