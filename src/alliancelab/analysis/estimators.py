"""The estimators of the evidence tests: OLS and logit with state-clustered errors, and the Cox model.

Each returns a :class:`Fit` — the named coefficients, their covariance, the inference degrees of freedom and
the sample counts — so that a test can form the linear contrast it pre-registered (:meth:`Fit.contrast`)
without knowing which library estimated it. Fixed effects enter as dummy variables (least squares dummy
variables), which gives the within estimator's slopes and lets the clustered covariance be computed the
usual way (statsmodels' ``cov_type="cluster"``: the CR1 small-sample factor and ``t`` with G - 1 degrees of
freedom for OLS; the normal distribution for the logit). lifelines' time-varying Cox model has no robust
variance, so its covariance is the model-based one (a documented deviation of T-D2).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from alliancelab.errors import DataError

__all__ = ["Contrast", "Fit", "cox_time_varying", "logit", "ols"]


@dataclass(frozen=True, slots=True)
class Contrast:
    """A linear combination of coefficients with its SE, CI and two-sided p-value."""

    estimate: float
    se: float
    ci: tuple[float, float]
    p_value: float

    def exp(self) -> Contrast:
        """The same contrast on the ratio scale (hazard or odds ratios); the p-value is unchanged."""
        with np.errstate(over="ignore"):
            lo, est, hi = np.exp([self.ci[0], self.estimate, self.ci[1]])
        return Contrast(float(est), math.nan, (float(lo), float(hi)), self.p_value)


@dataclass(frozen=True, slots=True)
class Fit:
    """Coefficients (by name) and their covariance from one estimation, with its sample counts."""

    params: pd.Series
    cov: pd.DataFrame
    n: int
    n_clusters: int | None
    df: float | None  # degrees of freedom of the t reference; None = normal
    estimator: str

    def contrast(self, weights: Mapping[str, float], level: float = 0.95) -> Contrast:
        """``sum(w_k * b_k)`` with its SE from the covariance and a two-sided CI at ``level``."""
        from scipy import stats

        missing = [k for k in weights if k not in self.params.index]
        if missing:
            raise DataError(f"{self.estimator}: no coefficient {', '.join(missing)} (collinear or absent)")
        w = pd.Series(weights, dtype=float)
        est = float((self.params[w.index] * w).sum())
        var = float(w.to_numpy() @ self.cov.loc[w.index, w.index].to_numpy() @ w.to_numpy())
        se = math.sqrt(var) if var > 0 else math.nan
        ref = stats.norm if self.df is None else stats.t(self.df)
        q = float(ref.ppf(0.5 + level / 2))
        p = float(2 * ref.sf(abs(est) / se)) if se > 0 else math.nan
        return Contrast(est, se, (est - q * se, est + q * se), p)


def _design(
    frame: pd.DataFrame, y: str, regressors: Sequence[str], fixed: Sequence[str], cluster: str | None
) -> tuple[np.ndarray, pd.DataFrame, np.ndarray | None]:
    """Complete cases: the outcome, the design (constant, regressors, fixed-effect dummies), the clusters."""
    needed = [y, *regressors, *fixed, *([cluster] if cluster else [])]
    data = frame[list(dict.fromkeys(needed))].dropna()
    if data.empty:
        raise DataError(f"no complete rows for {y} on {', '.join(regressors)}")
    x = data[list(regressors)].astype(float)
    parts = [pd.DataFrame({"const": np.ones(len(data))}, index=data.index), x]
    for name in fixed:
        dummies = pd.get_dummies(data[name].astype("int64"), prefix=f"fe_{name}", drop_first=True, dtype=float)
        parts.append(dummies)
    design = pd.concat(parts, axis=1)
    # a dummy or regressor without variation in the sample (a year with one row, say) is not identified
    design = design.loc[:, (design.std(ddof=0) > 0) | (design.columns == "const")]
    groups = data[cluster].to_numpy() if cluster else None
    return data[y].to_numpy(float), design, groups


def ols(
    frame: pd.DataFrame,
    y: str,
    regressors: Sequence[str],
    *,
    fixed: Sequence[str] = (),
    cluster: str | None = "ccode",
) -> Fit:
    """OLS of ``y`` on ``regressors`` with ``fixed``-effect dummies and SEs clustered by ``cluster``."""
    import statsmodels.api as sm

    yy, design, groups = _design(frame, y, regressors, fixed, cluster)
    model = sm.OLS(yy, design)
    if groups is not None:
        res = model.fit(cov_type="cluster", cov_kwds={"groups": pd.factorize(groups)[0]}, use_t=True)
        n_clusters = len(np.unique(groups))
        df: float | None = n_clusters - 1
    else:
        res = model.fit()
        n_clusters, df = None, float(res.df_resid)
    cov = pd.DataFrame(res.cov_params(), index=design.columns, columns=design.columns)
    fixed_text = f", fixed effects: {', '.join(fixed)}" if fixed else ""
    cluster_text = f", SEs clustered by {cluster}" if cluster else ""
    return Fit(
        pd.Series(res.params, index=design.columns), cov, len(yy), n_clusters, df,
        f"OLS{fixed_text}{cluster_text} (statsmodels)",
    )


def logit(
    frame: pd.DataFrame,
    y: str,
    regressors: Sequence[str],
    *,
    fixed: Sequence[str] = (),
    cluster: str | None = "ccode",
) -> Fit:
    """Logit of the 0/1 ``y`` with ``fixed``-effect dummies and SEs clustered by ``cluster``."""
    import statsmodels.api as sm
    from statsmodels.tools.sm_exceptions import PerfectSeparationError

    yy, design, groups = _design(frame, y, regressors, fixed, cluster)
    if len(np.unique(yy)) < 2:
        raise DataError(f"logit: {y} has one value in every complete row")
    model = sm.Logit(yy, design)
    try:
        if groups is not None:
            res = model.fit(disp=0, cov_type="cluster", cov_kwds={"groups": pd.factorize(groups)[0]})
        else:
            res = model.fit(disp=0)
    except (PerfectSeparationError, np.linalg.LinAlgError) as err:
        raise DataError(f"logit of {y}: {err}") from None
    cov = pd.DataFrame(res.cov_params(), index=design.columns, columns=design.columns)
    n_clusters = len(np.unique(groups)) if groups is not None else None
    fixed_text = f", fixed effects: {', '.join(fixed)}" if fixed else ""
    cluster_text = f", SEs clustered by {cluster}" if cluster else ""
    return Fit(
        pd.Series(res.params, index=design.columns), cov, len(yy), n_clusters, None,
        f"logit{fixed_text}{cluster_text} (statsmodels)",
    )


def cox_time_varying(
    frame: pd.DataFrame,
    regressors: Sequence[str],
    *,
    spell: str = "spell_id",
    start: str = "start",
    stop: str = "stop",
    event: str = "event",
    strata: Sequence[str] = (),
    cluster: str | None = None,
) -> Fit:
    """Cox model on counting-process rows (``start``, ``stop``] with time-varying ``regressors``.

    ``n`` is the number of spells (``spell``); ``n_clusters`` counts ``cluster`` groups if given (for the
    record only: the variance is model-based).
    """
    import warnings

    from lifelines import CoxTimeVaryingFitter
    from lifelines.exceptions import ConvergenceError, ConvergenceWarning

    cols = list(dict.fromkeys([spell, start, stop, event, *regressors, *strata]))
    data = frame[[*cols, *([cluster] if cluster and cluster not in cols else [])]].dropna()
    if data.empty or data[event].sum() == 0:
        raise DataError("Cox model: no complete spell-years with a termination")
    fitter = CoxTimeVaryingFitter(strata=list(strata) or None)
    try:
        with warnings.catch_warnings():
            # lifelines warns, and returns meaningless estimates, when a covariate separates the events
            warnings.simplefilter("error", ConvergenceWarning)
            fitter.fit(
                data[cols].astype({c: float for c in regressors}),
                id_col=spell, event_col=event, start_col=start, stop_col=stop,
            )
    except (ConvergenceError, ConvergenceWarning, np.linalg.LinAlgError) as err:
        first = next((line.strip() for line in str(err).splitlines() if line.strip()), type(err).__name__)
        raise DataError(f"Cox model did not converge: {first}") from None
    params = fitter.params_.copy()
    params.index = params.index.astype(str)
    cov = pd.DataFrame(fitter.variance_matrix_.to_numpy(), index=params.index, columns=params.index)
    n_clusters = int(data[cluster].nunique()) if cluster else None
    strata_text = f", stratified by {', '.join(strata)}" if strata else ""
    return Fit(
        params, cov, int(data[spell].nunique()), n_clusters, None,
        f"Cox proportional hazards, time-varying{strata_text}, model-based SEs (lifelines)",
    )
