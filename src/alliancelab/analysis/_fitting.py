"""Fitting helpers shared by the hypothesis tests: cluster labels, cluster-robust fits, the results table.

Every fit returns a :class:`~alliancelab.analysis.results.TestResult`; a design that cannot be estimated
(no variation, perfect separation) gives an inconclusive result whose ``details["note"]`` says why.
"""

from __future__ import annotations

import math
import warnings
from typing import TYPE_CHECKING, Any

import numpy as np

from alliancelab.analysis.results import TestResult

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["cluster_labels", "fit_term", "hypotheses_frame", "not_estimable"]


def cluster_labels(frame: pd.DataFrame, keys: tuple[str, ...]) -> Any:
    """Cluster labels from the keys present (``run`` only in simulated tables)."""
    import pandas as pd

    present = [k for k in ("run", *keys) if k in frame.columns]
    if frame.empty:  # nothing to cluster (a tiny simulated world): the fit then reports "not estimable"
        return np.zeros(0, dtype=int)
    return pd.factorize(pd.MultiIndex.from_frame(frame[present]) if len(present) > 1 else frame[present[0]])[
        0
    ]


def not_estimable(
    test: str, statistic: str, claim_id: str, claim: str, sign: int, n: int, why: str
) -> TestResult:
    return TestResult(
        test=test,
        statistic=statistic,
        estimate=math.nan,
        p_value=math.nan,
        claim_id=claim_id,
        claim=claim,
        expected_sign=sign,
        n=n,
        details={"note": why},
    )


def fit_term(
    kind: str,
    formula: str,
    data: pd.DataFrame,
    groups: Any,
    term: str,
    *,
    test: str,
    claim_id: str,
    claim: str,
    sign: int,
    details: dict[str, Any] | None = None,
    contrast: str | None = None,
) -> TestResult:
    """Fit ``formula`` (OLS or logit, cluster-robust) and report ``term`` (or a linear ``contrast``)."""
    import statsmodels.formula.api as smf
    from statsmodels.tools.sm_exceptions import ConvergenceWarning

    n = len(data)
    extra = dict(details or {})
    statistic = f"{'contrast' if contrast else 'coefficient'} {contrast or term}" + (
        " (log-odds)" if kind == "logit" else ""
    )
    try:
        model = smf.logit(formula, data) if kind == "logit" else smf.ols(formula, data)
        fit_kw: dict[str, Any] = {"cov_type": "cluster", "cov_kwds": {"groups": groups}}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)  # checked below, reported as a note
            fit = model.fit(disp=0, **fit_kw) if kind == "logit" else model.fit(**fit_kw)
        if kind == "logit" and not fit.mle_retvals.get("converged", True):
            return not_estimable(
                test,
                statistic,
                claim_id,
                claim,
                sign,
                n,
                "the logit did not converge (separation or too few events)",
            )
        if contrast is not None:
            t = fit.t_test(contrast)
            estimate, p = float(np.squeeze(t.effect)), float(np.squeeze(t.pvalue))
            lo, hi = (float(v) for v in np.squeeze(t.conf_int(alpha=0.05)))
        else:
            estimate, p = float(fit.params[term]), float(fit.pvalues[term])
            lo, hi = (float(v) for v in fit.conf_int(alpha=0.05).loc[term])
    except Exception as err:
        return not_estimable(
            test, statistic, claim_id, claim, sign, n, f"model could not be estimated: {err}"
        )
    if not all(map(math.isfinite, (estimate, p, lo, hi))):
        return not_estimable(test, statistic, claim_id, claim, sign, n, "model gave no finite estimate")
    extra.update({"specification": formula, "clusters": len(np.unique(groups))})
    return TestResult(
        test=test,
        statistic=statistic,
        estimate=estimate,
        p_value=min(max(p, 0.0), 1.0),
        ci=(lo, hi),
        claim_id=claim_id,
        claim=claim,
        expected_sign=sign,
        n=n,
        details=extra,
    )


def hypotheses_frame(pairs: list[tuple[Any, TestResult]]) -> pd.DataFrame:
    """One row per test: ID, claim, seed, prediction, specification, estimate, 95% CI, n, holds."""
    import pandas as pd

    rows = []
    for h, r in pairs:
        lo, hi = r.ci if r.ci is not None else (math.nan, math.nan)
        holds = r.prereg_verdict  # the CI against the null on the predicted side, as docs/sim.md states
        rows.append(
            {
                "test": h.test_id,
                "claim": r.claim_id,
                "seed": h.seed,
                "prediction": h.prediction,
                "specification": h.specification,
                "statistic": r.statistic,
                "estimate": r.estimate,
                "ci_low": lo,
                "ci_high": hi,
                "p_value": r.p_value,
                "n": r.n,
                "holds": holds,
                "note": str(r.details.get("note", "")),
            }
        )
    return pd.DataFrame(rows)
