"""The one result type for statistical tests (docs/style.md item 7)."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alliancelab.analysis.results import TestResult
from alliancelab.errors import ParameterError


def _result(**kw: object) -> TestResult:
    base: dict[str, object] = {
        "test": "Spearman rank correlation",
        "statistic": "rho",
        "estimate": 0.49,
        "p_value": 0.03,
        "claim_id": "E7",
        "claim": "larger partners ... pay a disproportionate share",
        "expected_sign": 1,
        "n": 14,
    }
    base.update(kw)
    return TestResult(**base)  # type: ignore[arg-type]


@given(st.floats(-1, 1, allow_nan=False), st.floats(0, 1), st.sampled_from([-1, 0, 1]), st.floats(0.001, 0.5))
def test_verdict_follows_the_sign_and_significance_rule(
    estimate: float, p: float, sign: int, alpha: float
) -> None:
    r = _result(estimate=estimate, p_value=p, expected_sign=sign, alpha=alpha)
    significant = p < alpha
    if sign == 0:
        assert r.verdict == ("significant" if significant else "not significant")
    elif not significant or estimate == 0:
        assert r.verdict == "inconclusive"
    else:
        assert r.verdict == ("supports" if (estimate > 0) == (sign > 0) else "contradicts")


def test_verdict_cases_by_hand() -> None:
    assert _result().verdict == "supports"
    assert _result(estimate=-0.49).verdict == "contradicts"
    assert _result(p_value=0.2).verdict == "inconclusive"
    assert _result(estimate=math.nan, p_value=math.nan).verdict == "inconclusive"
    assert _result(expected_sign=0).verdict == "significant"


def test_verdict_at_the_boundaries() -> None:
    """``p == alpha`` is not significant; an estimate of exactly 0 or nan cannot take a side."""
    assert _result(p_value=0.05, alpha=0.05).verdict == "inconclusive"
    assert _result(p_value=0.05, alpha=0.05, expected_sign=0).verdict == "not significant"
    assert _result(p_value=0.0499999, alpha=0.05).verdict == "supports"
    assert _result(estimate=0.0, p_value=0.001).verdict == "inconclusive"
    assert _result(estimate=-0.0, p_value=0.001, expected_sign=-1).verdict == "inconclusive"
    assert _result(estimate=math.nan, p_value=0.001).verdict == "inconclusive"
    assert _result(p_value=math.nan).verdict == "inconclusive"
    assert _result(p_value=math.nan, expected_sign=0).verdict == "not significant"
    assert _result(estimate=-0.3, p_value=0.001, expected_sign=-1).verdict == "supports"
    assert _result(ci=(math.nan, math.nan)).ci is not None  # an undefined interval is allowed


def test_summary_html_and_dict_carry_the_claim_and_numbers() -> None:
    r = _result(
        ci=(0.1, 0.8), details={"free_riders": 3, "members": list(range(12))}, sources=("olson1966economic",)
    )
    text = r.summary()
    assert text.splitlines()[0] == "Spearman rank correlation (claim E7): supports the claim"
    assert '"larger partners ... pay a disproportionate share"' in text
    assert "95% CI" in text and "[0.1, 0.8]" in text and "free_riders" in text and "12 in all" in text
    assert str(r) == text
    html = r._repr_html_()
    assert html.startswith("<table>") and "claim E7" in html and "supports" in html
    assert "olson1966economic" in html and "0.1" in html and "free_riders" in html
    d = r.to_dict()
    assert d["verdict"] == "supports" and d["significant"] is True and d["ci"] == [0.1, 0.8]
    assert json.loads(json.dumps(d))["details"]["free_riders"] == 3


def test_html_escapes_text() -> None:
    assert "&lt;b&gt;" in _result(claim="<b>bold</b>")._repr_html_()


def test_nan_estimates_serialise_as_null() -> None:
    d = _result(estimate=math.nan, p_value=math.nan).to_dict()
    assert d["estimate"] is None and d["p_value"] is None
    json.dumps(d)


def test_bad_fields_are_rejected_in_words() -> None:
    with pytest.raises(ParameterError, match=r"p_value = 1\.5 is outside the allowed range \[0, 1\]"):
        _result(p_value=1.5)
    with pytest.raises(ParameterError, match="expected_sign"):
        _result(expected_sign=2)
    with pytest.raises(ParameterError, match="lower <= upper"):
        _result(ci=(0.8, 0.1))
    with pytest.raises(ParameterError, match="alpha"):
        _result(alpha=0.0)
