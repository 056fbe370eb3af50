"""The estimators of the evidence tests: OLS and logit with state-clustered errors, and the Cox model.

Each returns a :class:`Fit` — the named coefficients, their covariance, the inference degrees of freedom and
the sample counts — so that a test can form the linear contrast it pre-registered (:meth:`Fit.contrast`)
without knowing which library estimated it. In OLS the fixed effects are absorbed by alternating
projections (:func:`absorb`, as Stata's reghdfe), which gives the dummy-variable slopes exactly at a
fraction of the cost; the clustered covariance is statsmodels' CR1 with ``t`` on G - 1 degrees of freedom.
The logit keeps its (few) fixed effects as dummies and uses the normal reference. The Cox model is
lifelines' ``CoxTimeVaryingFitter`` (Efron ties); its clustered covariance is the sandwich of
:mod:`alliancelab.analysis.cox_robust` (lifelines' own robust variance ignores late entry) with the
factor G/(G - 1) and the normal reference.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from alliancelab.analysis.prepare import require_columns
from alliancelab.errors import DataError

# how the keys read in a report (``unit`` is the state, or run x state in a simulation)
_NAMES = {"unit": "state", "dyad": "dyad", "ccode": "state"}


def _describe(estimator: str, fixed: Sequence[str], cluster: str | None, library: str = "statsmodels") -> str:
    """``OLS, fixed effects: state, year, SEs clustered by state (statsmodels)`` and the like."""
    fixed_text = f", fixed effects: {', '.join(_NAMES.get(f, f) for f in fixed)}" if fixed else ""
    cluster_text = f", SEs clustered by {_NAMES.get(cluster, cluster)}" if cluster else ""
    return f"{estimator}{fixed_text}{cluster_text} ({library})"


__all__ = ["Contrast", "Fit", "absorb", "cox_time_varying", "logit", "ols"]


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
    require_columns(frame, needed, y)
    data = frame[list(dict.fromkeys(needed))].dropna()
    if data.empty:
        raise DataError(f"no complete rows for {y} on {', '.join(regressors)}")
    x = data[list(regressors)].astype(float)
    parts = [pd.DataFrame({"const": np.ones(len(data))}, index=data.index), x]
    for name in fixed:
        dummies = pd.get_dummies(
            data[name].astype("int64"), prefix=f"fe_{name}", drop_first=True, dtype=float
        )
        parts.append(dummies)
    design = pd.concat(parts, axis=1)
    # a dummy or regressor without variation in the sample (a year with one row, say) is not identified
    design = design.loc[:, (design.std(ddof=0) > 0) | (design.columns == "const")]
    groups = data[cluster].to_numpy() if cluster else None
    return data[y].to_numpy(float), design, groups


def absorb(
    matrix: np.ndarray, groups: Sequence[np.ndarray], *, tol: float = 1e-10, max_iter: int = 10_000
) -> np.ndarray:
    """Subtract every fixed effect from the columns of ``matrix`` (alternating projections, as reghdfe).

    ``groups`` holds one integer code array per fixed effect. One effect is removed exactly in one pass;
    two or more are removed by repeated demeaning until no column moves by more than ``tol``.
    """
    out = np.array(matrix, dtype=float, copy=True)
    codes = [pd.factorize(g)[0] for g in groups]
    counts = [np.bincount(c).astype(float) for c in codes]
    for _ in range(max_iter):
        before = out.copy()
        for c, n in zip(codes, counts, strict=True):
            sums = np.stack(
                [np.bincount(c, weights=out[:, j], minlength=len(n)) for j in range(out.shape[1])], 1
            )
            out -= (sums / n[:, None])[c]
        if len(codes) == 1 or np.max(np.abs(out - before)) < tol:
            return out
    raise DataError(f"fixed effects did not converge in {max_iter} demeaning passes")


def ols(
    frame: pd.DataFrame,
    y: str,
    regressors: Sequence[str],
    *,
    fixed: Sequence[str] = (),
    cluster: str | None = "ccode",
) -> Fit:
    """OLS of ``y`` on ``regressors`` with ``fixed`` effects absorbed and SEs clustered by ``cluster``.

    The fixed effects are swept out by :func:`absorb` (the slopes equal the dummy-variable estimator's); a
    regressor that the fixed effects absorb entirely (a state constant under state effects) is dropped. The
    clustered covariance is statsmodels' CR1 with ``t`` on G - 1 degrees of freedom, its small-sample factor
    counting the slopes and every fixed-effect level not nested in the clusters (as reghdfe does).
    """
    import statsmodels.api as sm

    needed = list(dict.fromkeys([y, *regressors, *fixed, *([cluster] if cluster else [])]))
    require_columns(frame, needed, y)
    data = frame[needed].dropna()
    if data.empty:
        raise DataError(f"no complete rows for {y} on {', '.join(regressors)}")
    matrix = data[[y, *regressors]].to_numpy(dtype=float)
    if fixed:
        matrix = absorb(matrix, [data[f].to_numpy() for f in fixed])
    yy, xx = matrix[:, 0], matrix[:, 1:]
    names = list(regressors)
    keep = [j for j in range(xx.shape[1]) if np.std(xx[:, j]) > 1e-9 * (1 + np.abs(xx[:, j]).max())]
    dropped = [names[j] for j in range(len(names)) if j not in keep]
    xx, names = xx[:, keep], [names[j] for j in keep]
    if not fixed:
        xx, names = np.column_stack([np.ones(len(yy)), xx]), ["const", *names]
    if not names:
        raise DataError(f"no regressor of {y} varies within the fixed effects")
    n, k = xx.shape
    extra = 0
    for f in fixed:  # fixed-effect levels count unless every level lies inside one cluster
        nested = cluster is not None and bool((data.groupby(f)[cluster].nunique() == 1).all())
        extra += 0 if nested else data[f].nunique() - 1
    extra += 1 if fixed else 0  # the absorbed intercept
    model = sm.OLS(yy, xx)
    if cluster is not None:
        groups = data[cluster].to_numpy()
        res = model.fit(cov_type="cluster", cov_kwds={"groups": pd.factorize(groups)[0]}, use_t=True)
        n_clusters: int | None = len(np.unique(groups))
        df: float = float(len(np.unique(groups)) - 1)
        scale = (n - k) / max(n - k - extra, 1)
    else:
        res = model.fit()
        n_clusters = None
        df = float(n - k - extra)
        scale = (n - k) / max(n - k - extra, 1)
    cov = pd.DataFrame(np.asarray(res.cov_params()) * scale, index=names, columns=names)
    return Fit(
        pd.Series(np.asarray(res.params), index=names),
        cov,
        n,
        n_clusters,
        df,
        _describe("OLS", fixed, cluster) + _dropped_text(dropped),
    )


def _dropped_text(dropped: Sequence[str]) -> str:
    return f"; without {', '.join(dropped)} (no variation within the fixed effects)" if dropped else ""


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
    from statsmodels.tools.sm_exceptions import ConvergenceWarning, PerfectSeparationError

    yy, design, groups = _design(frame, y, regressors, fixed, cluster)
    if len(np.unique(yy)) < 2:
        raise DataError(f"logit: {y} has one value in every complete row")
    model = sm.Logit(yy, design)
    cov_kwds = (
        {"cov_type": "cluster", "cov_kwds": {"groups": pd.factorize(groups)[0]}} if groups is not None else {}
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)  # checked below, and reported as such
            res = model.fit(disp=0, maxiter=100, **cov_kwds)
    except (PerfectSeparationError, np.linalg.LinAlgError) as err:
        raise DataError(f"logit of {y}: {err}") from None
    if not res.mle_retvals.get("converged", True):
        raise DataError(f"logit of {y}: the likelihood did not converge in 100 iterations")
    cov = pd.DataFrame(res.cov_params(), index=design.columns, columns=design.columns)
    n_clusters = len(np.unique(groups)) if groups is not None else None
    return Fit(
        pd.Series(res.params, index=design.columns),
        cov,
        len(yy),
        n_clusters,
        None,
        _describe("logit", fixed, cluster),
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

    The coefficients and the model-based covariance are lifelines' ``CoxTimeVaryingFitter`` (Efron ties,
    stratified by ``strata``). With ``cluster``, the covariance is the cluster-robust sandwich over the
    groups of ``cluster`` (:func:`~alliancelab.analysis.cox_robust.cluster_robust_covariance`: Efron
    score residuals, factor G/(G - 1)); without, it is the model-based one. ``n`` is the number of spells
    (``spell``), ``n_clusters`` the number of ``cluster`` groups.
    """
    from lifelines import CoxTimeVaryingFitter
    from lifelines.exceptions import ConvergenceError, ConvergenceWarning

    from alliancelab.analysis.cox_robust import cluster_robust_covariance, efron_score_residuals

    cols = list(dict.fromkeys([spell, start, stop, event, *regressors, *strata]))
    require_columns(frame, [*cols, *([cluster] if cluster else [])], "Cox model")
    data = frame[[*cols, *([cluster] if cluster and cluster not in cols else [])]].dropna()
    if data.empty or data[event].sum() == 0:
        raise DataError("Cox model: no complete spell-years with a termination")
    fitter = CoxTimeVaryingFitter(strata=list(strata) or None)
    try:
        with warnings.catch_warnings():
            # lifelines warns, and returns meaningless estimates, when a covariate separates the events
            warnings.simplefilter("error", ConvergenceWarning)
            fitter.fit(
                data[cols].astype(dict.fromkeys(regressors, float)),
                id_col=spell,
                event_col=event,
                start_col=start,
                stop_col=stop,
            )
    except (ConvergenceError, ConvergenceWarning, np.linalg.LinAlgError) as err:
        text = str(err)
        reason = (
            "a covariate (nearly) separates the terminations"
            if "separation" in text or "low variance" in text
            else next((line.strip() for line in text.splitlines() if line.strip()), type(err).__name__)
        )
        raise DataError(f"Cox model did not converge: {reason}") from None
    params = fitter.params_.copy()
    params.index = params.index.astype(str)
    model_cov = fitter.variance_matrix_.to_numpy(dtype=float)
    strata_text = f", stratified by {', '.join(strata)}" if strata else ""
    estimator = f"Cox proportional hazards, time-varying{strata_text}"
    if cluster is None:
        cov, n_clusters, estimator = model_cov, None, f"{estimator}, model-based SEs (lifelines)"
    else:
        clusters = pd.factorize(data[cluster])[0]
        n_clusters = int(clusters.max()) + 1
        if n_clusters < 2:
            raise DataError(f"Cox model: SEs clustered by {cluster} need two or more groups, not 1")
        stratum = np.asarray(
            data.groupby(list(strata), sort=False).ngroup() if strata else np.zeros(len(data)),
            dtype=np.int64,
        )
        residuals = efron_score_residuals(
            data[list(params.index)].to_numpy(dtype=float),
            params.to_numpy(dtype=float),
            data[start].to_numpy(dtype=float),
            data[stop].to_numpy(dtype=float),
            data[event].to_numpy(dtype=float) > 0,
            stratum,
        )
        cov = cluster_robust_covariance(model_cov, residuals, clusters.astype(np.int64))
        estimator = _describe(estimator, (), cluster, library="lifelines")
    return Fit(
        params,
        pd.DataFrame(cov, index=params.index, columns=params.index),
        int(data[spell].nunique()),
        n_clusters,
        None,
        estimator,
    )
