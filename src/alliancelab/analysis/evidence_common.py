"""What every pre-registered evidence test shares: its sample window, its result record and its variants."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd

from alliancelab.analysis.estimators import Contrast, Fit
from alliancelab.analysis.registry import registered
from alliancelab.analysis.results import PreregVerdict, TestResult
from alliancelab.errors import DataError

__all__ = ["Years", "in_window", "make_result", "simulated", "variant_row", "window"]

Years = tuple[int, int] | None


def simulated(frame: pd.DataFrame) -> bool:
    """Whether ``frame`` comes from a simulated run, whose years are a model calendar, not history."""
    return frame.attrs.get("calendar") == "simulated"


def window(prereg: tuple[int, int], years: Years, frame: pd.DataFrame | None = None) -> tuple[int, int]:
    """The pre-registered years narrowed to ``years`` (``--years``); an empty overlap is an error.

    On a simulated table (:func:`simulated`) the pre-registered calendar years do not apply: the window is
    the table's own years, narrowed to ``years`` if given.
    """
    if frame is not None and simulated(frame):
        prereg = (int(frame["year"].min()), int(frame["year"].max()))
    if years is None:
        return prereg
    lo, hi = max(prereg[0], years[0]), min(prereg[1], years[1])
    if lo > hi:
        raise DataError(
            f"years {years[0]}-{years[1]} do not overlap the test's years {prereg[0]}-{prereg[1]}"
        )
    return lo, hi


def in_window(frame: pd.DataFrame, span: tuple[int, int], column: str = "year") -> pd.DataFrame:
    """Rows whose ``column`` lies in ``span`` (inclusive)."""
    return frame[frame[column].between(span[0], span[1])]


def variant_row(name: str, estimate: Callable[[], tuple[Contrast, Fit]]) -> dict[str, Any]:
    """One variant's estimate, CI, p and n, or the reason it could not be estimated (never a verdict)."""
    try:
        contrast, fit = estimate()
    except DataError as err:
        return {"variant": name, "note": f"not estimable: {err}"}
    return {
        "variant": name,
        "estimate": contrast.estimate,
        "ci": [contrast.ci[0], contrast.ci[1]],
        "p_value": contrast.p_value,
        "n": fit.n,
        "n_clusters": fit.n_clusters,
    }


def make_result(
    test_id: str,
    *,
    statistic: str,
    contrast: Contrast,
    fit: Fit | None,
    span: tuple[int, int],
    expected_sign: int,
    data: str,
    n: int | None = None,
    n_clusters: int | None = None,
    estimator: str | None = None,
    null_value: float = 0.0,
    rule_verdict: PreregVerdict | None = None,
    deviations: Sequence[str] = (),
    details: Mapping[str, Any] | None = None,
    sources: Sequence[str] = (),
) -> TestResult:
    """The :class:`TestResult` of a registered test, with its claim and specification from the registry."""
    h = registered()[test_id]
    return TestResult(
        test=f"{test_id}: {h.prediction}",
        statistic=statistic,
        estimate=contrast.estimate,
        p_value=contrast.p_value,
        ci=contrast.ci,
        claim_id=h.claim_id,
        claim=h.prediction,
        expected_sign=expected_sign,
        n=fit.n if n is None and fit is not None else n,
        details=dict(details or {}),
        sources=tuple(dict.fromkeys(sources)),
        test_id=test_id,
        seed=h.seed,
        specification=h.specification,
        estimator=estimator or (fit.estimator if fit is not None else ""),
        data=data,
        years=span,
        n_clusters=fit.n_clusters if n_clusters is None and fit is not None else n_clusters,
        null_value=null_value,
        rule_verdict=rule_verdict,
        deviations=tuple(deviations),
    )
