"""Seed 002, security for legitimacy: allies vote with the hegemon and join its contested uses of force.

Istomin & Baikov (``istomin2019dynamics``) argue that a hegemon offers security to buy legitimacy: its
allies lend it their votes and their names. Three pre-registered tests (``docs/preregistration.md``):
T-F1 (allies agree with the US in the UNGA), T-F3 (informal ties legitimate more — indirect) and T-F2
(allies join the 2003 Iraq coalition and the Global Coalition against Daesh).
"""

from __future__ import annotations

from importlib import resources

import numpy as np
import pandas as pd

from alliancelab.analysis.estimators import logit as logit_fit
from alliancelab.analysis.estimators import ols
from alliancelab.analysis.evidence_common import Years, in_window, make_result, variant_row, window
from alliancelab.analysis.prepare import USA, log_millions, require_columns
from alliancelab.analysis.registry import hypothesis
from alliancelab.analysis.results import TestResult

__all__ = [
    "ACTIONS",
    "allies_join_coalitions",
    "allies_vote_with_hegemon",
    "coalition_frame",
    "coalition_members",
    "informal_ties_legitimate",
]

UN_YEARS = (1946, 2014)
#: Each action: the year membership is read (and UN participation), and the year of the covariates.
ACTIONS = {"iraq_2003": (2003, 2002), "daesh_2014": (2015, 2013)}
_F1_SPEC = (
    "OLS of un_agree_ref on US ally, log CINC, polity2, land contiguity with the US, log capital distance, "
    "year FE; SEs clustered by state; the UN state system (UNGA voters) 1946-2014, US excluded"
)


def _log_positive(values: pd.Series) -> pd.Series:
    x = values.astype(float)
    return pd.Series(np.log(x.where(x > 0).to_numpy()), index=x.index)


def _agreement_sample(
    panel: pd.DataFrame, span: tuple[int, int]
) -> tuple[pd.DataFrame, list[str], list[str]]:
    """The T-F1/T-F3 sample, its controls, and the deviations forced by absent columns or tables.

    The sample is the UN state system's state-years (``create_stateyears(system="un")``: every state that
    voted in the UNGA session year) with an agreement share, US excluded; a table of another state system
    (a simulation's states) is used as it is, and the result says so.
    """
    require_columns(panel, ["unit", "year", "un_agree_ref", "us_ally", "cinc", "polity2"], "T-F1/T-F3")
    data = in_window(panel, span)
    data = data[(data["ccode"] != USA) & data["un_agree_ref"].notna()].copy()
    data["log_cinc"] = _log_positive(data["cinc"])
    controls = ["log_cinc", "polity2"]
    deviations = []
    if panel.attrs.get("membership") != "un":
        deviations.append(
            "no UN state-system table: the sample is the table's own state-years with a UNGA agreement share"
        )
    if "us_contiguous" in data.columns and "us_capdist" in data.columns:
        data["log_capdist"] = _log_positive(data["us_capdist"])
        controls += ["us_contiguous", "log_capdist"]
    else:
        deviations.append(
            "no contiguity/capital-distance columns (conttype, capdist) in the data: those two controls are "
            "left out"
        )
    return data, controls, deviations


def _outside_cow(data: pd.DataFrame) -> dict[str, object]:
    """The sample's state-years outside the COW system (no COW-coded covariates: out of the regression)."""
    if "cow_member" not in data.columns:
        return {}
    outside = data[data["cow_member"] == 0]
    spans = outside.groupby("ccode")["year"].agg(["min", "max"])
    return {
        "UN state-years outside the COW system (no CINC, contiguity, distance: not estimated)": {
            "state-years": len(outside),
            "states": {
                int(c): f"{int(lo)}-{int(hi)}"
                for c, lo, hi in zip(spans.index, spans["min"], spans["max"], strict=True)
            },
        }
    }


def yearly_difference(data: pd.DataFrame) -> list[list[float]]:
    """``[year, mean agreement of allies - of others]`` for every year with both groups."""
    means = data.groupby(["year", "us_ally"])["un_agree_ref"].mean().unstack()
    if 1.0 not in means.columns or 0.0 not in means.columns:
        return []
    diff = (means[1.0] - means[0.0]).dropna()
    return [[int(str(y)), float(v)] for y, v in diff.items()]


@hypothesis(
    "T-F1",
    claim_id="F1",
    seed="002",
    table="un_state_years",
    prediction="US allies vote with the US in the UN General Assembly more often than other states",
    specification=_F1_SPEC,
    sources=("real",),  # `evidence run --sim` runs it on a simulated run explicitly
)
def allies_vote_with_hegemon(panel: pd.DataFrame, *, years: Years = None) -> TestResult:
    """T-F1. Allies vote with the hegemon (claim F1).

    Seed 002 (Istomin & Baikov): "in exchange for military security guarantees, small and middle countries
    provide legitimization of unpopular foreign policy actions of the hegemon."

    Primary: OLS of the share of UNGA votes cast as the US did on ``us_ally`` with log CINC, polity2, land
    contiguity and log capital distance to Washington, and year fixed effects; SEs clustered by state.
    Predicted sign +. Variants: polyarchy for polity2; 1946-1989; 1990-2014; state FE added.
    """
    span = window(UN_YEARS, years, panel)
    data, controls, deviations = _agreement_sample(panel, span)
    fit = ols(data, "un_agree_ref", ["us_ally", *controls], fixed=["year"], cluster="unit")
    alt = [c if c != "polity2" else "v2x_polyarchy" for c in controls]
    variants = [
        variant_row("V-Dem polyarchy instead of polity2", lambda: _coef(data, ["us_ally", *alt], ["year"])),
        variant_row(
            "1946-1989", lambda: _coef(in_window(data, (1946, 1989)), ["us_ally", *controls], ["year"])
        ),
        variant_row(
            "1990-2014", lambda: _coef(in_window(data, (1990, 2014)), ["us_ally", *controls], ["year"])
        ),
        variant_row(
            "state fixed effects added", lambda: _coef(data, ["us_ally", *controls], ["year", "unit"])
        ),
    ]
    return make_result(
        "T-F1",
        statistic="coefficient of US ally",
        contrast=fit.contrast({"us_ally": 1}),
        fit=fit,
        span=span,
        expected_sign=1,
        data="state-years of the UN state system (UNGA voters)",
        deviations=deviations,
        details={
            "variants": variants,
            "figure_yearly_difference": yearly_difference(data),
            **_outside_cow(data),
        },
        sources=panel.attrs.get("sources", ()),
    )


def _coef(data: pd.DataFrame, regressors: list[str], fixed: list[str], term: str = "us_ally"):  # type: ignore[no-untyped-def]
    fit = ols(data, "un_agree_ref", regressors, fixed=fixed, cluster="unit")
    return fit.contrast({term: 1}), fit


@hypothesis(
    "T-F3",
    claim_id="F3",
    seed="002",
    table="un_state_years",
    prediction="informally tied states agree with the US more than formal allies (indirect test)",
    specification="T-F1's OLS with US ally and Informal tie; contrast Informal tie - US ally",
    sources=("real",),  # `evidence run --sim` runs it on a simulated run explicitly
)
def informal_ties_legitimate(panel: pd.DataFrame, *, years: Years = None) -> TestResult:
    """T-F3 (indirect). Informal ties legitimate more (claim F3).

    Seed 002: "this lack of legal expression of the allegiance to the hegemon could ... turn out in the
    latter's own interests, as it increases the legitimating effect of support from the allies."

    T-F1's sample and controls with the mutually exclusive ``us_ally`` and ``informal_tie``; the contrast
    b(informal) - b(ally) is predicted +. The seed's claim is about legitimacy, not votes: indirect.
    """
    span = window(UN_YEARS, years, panel)
    data, controls, deviations = _agreement_sample(panel, span)
    require_columns(data, ["informal_tie"], "T-F3")
    fit = ols(data, "un_agree_ref", ["us_ally", "informal_tie", *controls], fixed=["year"], cluster="unit")
    return make_result(
        "T-F3",
        statistic="b(informal tie) - b(US ally)",
        contrast=fit.contrast({"informal_tie": 1, "us_ally": -1}),
        fit=fit,
        span=span,
        expected_sign=1,
        data="state-years of the UN state system (UNGA voters)",
        deviations=deviations,
        details={
            **_outside_cow(data),
            "label": "indirect",
            "b(US ally)": fit.contrast({"us_ally": 1}).estimate,
            "b(informal tie)": fit.contrast({"informal_tie": 1}).estimate,
        },
        sources=panel.attrs.get("sources", ()),
    )


def coalition_members() -> pd.DataFrame:
    """The package's membership lists: ``action``, ``year``, ``country``, ``source``, ``note``, ``ccode``."""
    from alliancelab.data.crosswalk import name_to_cow

    path = resources.files("alliancelab.analysis") / "data" / "coalitions.csv"
    with resources.as_file(path) as file:
        members = pd.read_csv(file, encoding="utf-8")
    members["ccode"] = name_to_cow(members["country"], members["year"].to_numpy()).astype("Int64")
    return members


def coalition_frame(panel: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    """One row per action and UN-voting state (US excluded): ``member`` and the prior year's covariates."""
    require_columns(panel, ["ccode", "year", "us_ally", "cinc", "polity2", "us_aid_total"], "T-F2")
    rows = []
    for action, (year, prior) in ACTIONS.items():
        voters = panel[(panel["year"] == year) & (panel.get("un_common_ref", 1) > 0)]["ccode"]
        before = panel[panel["year"] == prior].set_index("ccode")
        joined = set(members.loc[members["action"] == action, "ccode"].dropna().astype(int))
        frame = pd.DataFrame({"ccode": sorted(set(voters.astype(int)) - {USA})})
        frame["action"] = action
        frame["member"] = frame["ccode"].isin(joined).astype(float)
        for col in ("us_ally", "cinc", "polity2", "us_aid_total"):
            frame[col] = before[col].reindex(frame["ccode"]).to_numpy(dtype=float)
        frame["unit"] = frame["ccode"]
        frame["year"] = prior
        rows.append(frame)
    out = pd.concat(rows, ignore_index=True)
    out["action_daesh"] = (out["action"] == "daesh_2014").astype(float)
    out["log_cinc"] = _log_positive(out["cinc"])
    out["log_aid"] = log_millions(out["us_aid_total"])
    out.attrs = dict(panel.attrs)
    return out


@hypothesis(
    "T-F2",
    claim_id="F2",
    seed="002",
    table="coalitions",
    prediction="US allies join the US's contested uses of force (Iraq 2003, the coalition against Daesh)",
    specification=(
        "pooled logit of coalition membership on US ally (year before), log CINC, polity2, log US aid, "
        "action "
        "FE; SEs clustered by state"
    ),
    sources=("real",),  # `evidence run --sim` runs it on a simulated run explicitly
)
def allies_join_coalitions(frame: pd.DataFrame, *, years: Years = None) -> TestResult:
    """T-F2. Allies join the hegemon's contested uses of force (claim F2).

    Seed 002 rests its claim on "the record of supporting U.S. actions against both Iraq in 2003 and ISIS in
    2014–2017": small allies "provide legitimization of unpopular foreign policy actions of the hegemon."

    Logit of membership (Iraq 2003 "coalition of the willing"; Global Coalition against Daesh by 2015) on
    ``us_ally`` in the year before, log CINC, polity2 and log US aid; the pooled stacked logit with an
    action fixed effect gives the verdict, each action alone is reported beside it. Predicted sign +.
    """
    span = window((2002, 2015), years, frame)
    require_columns(frame, ["member", "us_ally", "log_cinc", "polity2", "log_aid", "action"], "T-F2")
    regressors = ["us_ally", "log_cinc", "polity2", "log_aid"]
    fit = logit_fit(frame, "member", [*regressors, "action_daesh"], cluster="unit")
    per_action = [
        variant_row(
            f"{action} alone",
            lambda a=action: _logit_ally(frame[frame["action"] == a], regressors),  # type: ignore[misc]
        )
        for action in ACTIONS
    ]
    return make_result(
        "T-F2",
        statistic="log-odds coefficient of US ally",
        contrast=fit.contrast({"us_ally": 1}),
        fit=fit,
        span=span,
        expected_sign=1,
        data="states x actions (UNGA voters in 2003 and 2015)",
        deviations=["UN membership read from UNGA participation in the action's year (2003, 2015)"],
        details={"variants": per_action, "members": int(frame["member"].sum())},
        sources=[*frame.attrs.get("sources", ()), "istomin2019dynamics"],
    )


def _logit_ally(data: pd.DataFrame, regressors: list[str]):  # type: ignore[no-untyped-def]
    fit = logit_fit(data, "member", regressors, cluster="unit")
    return fit.contrast({"us_ally": 1}), fit
