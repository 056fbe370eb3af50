"""Seed 001: regime change ends or reprices alliances; leader change does not (claims D2, D4) — T-D2."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from alliancelab.analysis.estimators import Contrast, Fit, cox_time_varying, logit
from alliancelab.analysis.evidence_common import Years, in_window, make_result, variant_row, window
from alliancelab.analysis.prepare import require_columns
from alliancelab.analysis.registry import hypothesis
from alliancelab.analysis.results import PreregVerdict, TestResult

__all__ = ["D4_BAND", "regime_not_leader_change"]

SPELL_YEARS = (1946, 2014)
#: D4 holds when the leader-change hazard ratio's CI contains 1 and lies within this band.
D4_BAND = (0.67, 1.5)


def _spell_sample(spells: pd.DataFrame, span: tuple[int, int]) -> pd.DataFrame:
    require_columns(
        spells,
        [
            "spell_id",
            "start",
            "stop",
            "event",
            "patron",
            "dyad",
            "regime_recent",
            "leader_recent",
            "cinc",
            "polity2",
        ],
        "T-D2",
    )
    data = in_window(spells, span).copy()
    cinc = data["cinc"].astype(float)
    data["log_cinc"] = np.log(cinc.where(cinc > 0))
    return data


def _hazard_ratio(fit: Fit, term: str) -> Contrast:
    return fit.contrast({term: 1}).exp()


@hypothesis(
    "T-D2",
    claim_id="D2",
    seed="001",
    table="alliance_spells",
    prediction="regime change ends US and Soviet/Russian alliances more than leader change does",
    specification=(
        "Cox model of patron->client defence/offence spell termination with time-varying regime change (t or "
        "t-1) and leader change (t or t-1), log client CINC, client polity2, stratified by patron; contrast "
        "HR(regime)/HR(leader)"
    ),
    sources=("real",),  # `evidence run --sim` runs it on a simulated run explicitly
)
def regime_not_leader_change(spells: pd.DataFrame, *, years: Years = None) -> TestResult:
    """T-D2. Regime change ends or reprices alliances; leader change does not (claims D2, D4).

    Seed 001 (Kabir 2015): "a regime change in small states will be likely to cause one of the following
    outcomes: a) the new regime may terminate the existing alliance or b) the alliance remains intact in
    exchange for an increased level of side payments", while "leadership changes, both in democratic and
    non-democratic small states, will have minimal impacts on the continuation of asymmetric alliances in
    the short run."

    Cox model (lifelines) of spell termination on spell time with time-varying ``regime change in t or
    t-1`` and ``leader change in t or t-1``, log client CINC and polity2, stratified by patron. SEs are
    clustered by dyad: the pre-registration clusters a dyad-level test by dyad, and the directed
    patron -> client dyad (``dyad``) is the unit whose spells share a client and its regime history (a
    dyad holds up to four ATOP spells, one per alliance), so clustering by spell would treat the spells
    of one client as independent; the discrete-time variant clusters by the same dyad. Primary:
    HR(regime)/HR(leader) > 1. Beside it: HR(regime) against 1 (D2) and HR(leader) within [0.67, 1.5]
    with 1 inside its CI (D4). Variants: discrete-time logit with cubic spell time; regular and irregular
    leader entries separately — each kind in its own Cox model, in place of ``leader change`` beside
    ``regime change`` and the controls (an irregular entry is Archigos ``entry`` "Irregular" or "Foreign
    Imposition").
    """
    span = window(SPELL_YEARS, years, spells)
    data = _spell_sample(spells, span)
    regs = ["regime_recent", "leader_recent", "log_cinc", "polity2"]
    fit = cox_time_varying(data, regs, strata=["patron"], cluster="dyad")
    ratio = fit.contrast({"regime_recent": 1, "leader_recent": -1}).exp()
    hr_regime, hr_leader = _hazard_ratio(fit, "regime_recent"), _hazard_ratio(fit, "leader_recent")
    inside_band = D4_BAND[0] <= hr_leader.ci[0] and hr_leader.ci[1] <= D4_BAND[1]
    d4: PreregVerdict = (
        "fails" if not hr_leader.ci[0] <= 1 <= hr_leader.ci[1] else "holds" if inside_band else "inconclusive"
    )
    d2: PreregVerdict = "holds" if hr_regime.ci[0] > 1 else "fails" if hr_regime.ci[1] < 1 else "inconclusive"

    def discrete() -> tuple[Contrast, Fit]:
        d = data.assign(t1=data["stop"], t2=data["stop"] ** 2 / 100, t3=data["stop"] ** 3 / 10_000)
        d["patron_ussr"] = (d["patron"] != d["patron"].min()).astype(float)
        f = logit(d, "event", [*regs, "t1", "t2", "t3", "patron_ussr"], cluster="dyad")
        return f.contrast({"regime_recent": 1, "leader_recent": -1}), f

    def split(kind: str) -> tuple[Contrast, Fit]:
        require_columns(data, [f"leader_recent_{kind}"], f"T-D2 ({kind} leader entries)")
        f = cox_time_varying(
            data,
            ["regime_recent", f"leader_recent_{kind}", "log_cinc", "polity2"],
            strata=["patron"],
            cluster="dyad",
        )
        return f.contrast({f"leader_recent_{kind}": 1}).exp(), f

    variants = [
        variant_row("discrete-time logit, cubic spell time (log odds-ratio contrast)", discrete),
        variant_row("HR of regular leader entries", lambda: split("regular")),
        variant_row("HR of irregular leader entries", lambda: split("irregular")),
    ]
    deviations = []
    if spells.attrs.get("spells_from") != "create_alliance_spells":
        deviations.append(
            "spells from ATOP dyad-years (consecutive years of a patron's defence or offence obligation), "
            "until create_alliance_spells() is available"
        )
    return make_result(
        "T-D2",
        statistic="HR(regime change) / HR(leader change)",
        contrast=ratio,
        fit=fit,
        span=span,
        expected_sign=1,
        null_value=1.0,
        data="patron->client alliance spell-years (US, USSR/Russia)",
        n_clusters=fit.n_clusters,
        deviations=deviations,
        details={
            "HR(regime change)": _fmt_ci(hr_regime),
            "D2 verdict (HR regime > 1)": d2,
            "HR(leader change)": _fmt_ci(hr_leader),
            "D4 verdict (HR leader CI holds 1 and lies within [0.67, 1.5])": d4,
            "terminations": int(data.dropna(subset=regs)["event"].sum()),
            "spell-years": len(data.dropna(subset=regs)),
            "variants": variants,
        },
        sources=[*spells.attrs.get("sources", ()), "kabir2019sidepayments", "goemans2009archigos"],
    )


def _fmt_ci(c: Contrast) -> str:
    if math.isnan(c.estimate):
        return "nan"
    return f"{c.estimate:.3g} [{c.ci[0]:.3g}, {c.ci[1]:.3g}]"
