"""The one result type for every statistical test in AllianceLab.

Each test of a seed's claim (the Olson–Zeckhauser exploitation test, vote-coincidence tests, coalition
payment regressions, ...) returns a :class:`TestResult`: the estimate, an optional confidence interval, the
p-value, a verdict on the claim, the claim it tests (its ID in ``models.md`` and the seed sentence), a
plain-text :meth:`~TestResult.summary`, an HTML table for Jupyter (``_repr_html_``) and a JSON-ready
:meth:`~TestResult.to_dict`. This follows lifelines' single ``StatisticalResult`` (``docs/style.md`` item 7).

Verdict rule. A claim states the expected sign of the estimate (``expected_sign`` = +1 or -1). With a
two-sided p-value strictly below ``alpha`` the result *supports* the claim if the estimate has the expected
sign and *contradicts* it otherwise; with ``p >= alpha`` (``p == alpha`` included), a missing p-value, or an
estimate that is missing or exactly 0 it is *inconclusive*. A test without an expected sign
(``expected_sign = 0``) reports *significant* or *not significant*. Using the two-sided p-value for a signed
claim is conservative: it is the one-sided test at level ``alpha/2``.

Pre-registered verdict (``docs/preregistration.md``). The real-data tests of ``alliancelab evidence`` are
judged on the confidence interval: :attr:`TestResult.prereg_verdict` is *holds* if the CI excludes
``null_value`` (0, or 1 for a ratio) on the side the claim predicts, *fails* if it excludes it on the other
side, and *inconclusive* otherwise (or without a CI). A test whose pre-registered rule is compound (two
contrasts, an equivalence band) states its verdict in ``rule_verdict``, which then takes precedence. The
record of the estimation (``test_id``, ``seed``, ``specification``, ``estimator``, ``data``, ``years``,
``n_clusters``, ``deviations``) is optional, so every older caller keeps working.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from alliancelab._validate import check_range
from alliancelab.errors import ParameterError
from alliancelab.provenance import to_jsonable

__all__ = ["PreregVerdict", "TestResult", "Verdict"]

Verdict = Literal["supports", "contradicts", "inconclusive", "significant", "not significant"]
#: The pre-registration's CI-based verdict.
PreregVerdict = Literal["holds", "fails", "inconclusive"]
_PREREG_VERDICTS = ("holds", "fails", "inconclusive")


@dataclass(frozen=True, slots=True)
class TestResult:
    """Outcome of one statistical test of one claim.

    >>> r = TestResult(test="Spearman rank correlation", statistic="rho", estimate=0.49, p_value=0.03,
    ...                claim_id="E7", expected_sign=1, n=14)
    >>> r.verdict
    'supports'
    >>> print(r.summary().splitlines()[0])
    Spearman rank correlation (claim E7): supports the claim
    """

    __test__: ClassVar[bool] = False  # not a pytest test class, despite the name

    test: str
    statistic: str
    estimate: float
    p_value: float
    ci: tuple[float, float] | None = None
    ci_level: float = 0.95
    alpha: float = 0.05
    claim_id: str = ""
    claim: str = ""
    expected_sign: int = 0
    n: int | None = None
    details: Mapping[str, Any] = field(default_factory=dict)
    sources: tuple[str, ...] = ()
    # the record of a registered test's estimation (all optional; see the module docstring)
    test_id: str = ""
    seed: str = ""
    specification: str = ""
    estimator: str = ""
    data: str = ""
    years: tuple[int, int] | None = None
    n_clusters: int | None = None
    null_value: float = 0.0
    rule_verdict: PreregVerdict | None = None
    deviations: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        where = f"TestResult({self.test})"
        if not math.isnan(self.p_value):
            check_range("p_value", self.p_value, 0, 1, where=where)
        check_range("alpha", self.alpha, 0, 1, lo_open=True, hi_open=True, where=where)
        check_range("ci_level", self.ci_level, 0, 1, lo_open=True, hi_open=True, where=where)
        if self.expected_sign not in (-1, 0, 1):
            raise ParameterError(f"{where}: expected_sign = {self.expected_sign!r} must be -1, 0 or 1")
        if self.ci is not None and not any(map(math.isnan, self.ci)) and not self.ci[0] <= self.ci[1]:
            raise ParameterError(f"{where}: ci = {self.ci!r} must be (lower, upper) with lower <= upper")
        if self.n is not None and self.n < 0:
            raise ParameterError(f"{where}: n = {self.n} must be >= 0")
        if self.n_clusters is not None and self.n_clusters < 0:
            raise ParameterError(f"{where}: n_clusters = {self.n_clusters} must be >= 0")
        if self.rule_verdict is not None and self.rule_verdict not in _PREREG_VERDICTS:
            raise ParameterError(
                f"{where}: rule_verdict = {self.rule_verdict!r} must be one of {', '.join(_PREREG_VERDICTS)}"
            )

    @property
    def significant(self) -> bool:
        """Whether the two-sided p-value lies below ``alpha`` (False when the p-value is undefined)."""
        return not math.isnan(self.p_value) and self.p_value < self.alpha

    @property
    def verdict(self) -> Verdict:
        """``supports`` / ``contradicts`` / ``inconclusive`` for a signed claim, else (not) significant."""
        if self.expected_sign == 0:
            return "significant" if self.significant else "not significant"
        if not self.significant or math.isnan(self.estimate) or self.estimate == 0:
            return "inconclusive"
        return "supports" if math.copysign(1, self.estimate) == self.expected_sign else "contradicts"

    @property
    def prereg_verdict(self) -> PreregVerdict:
        """The pre-registered verdict: where the CI lies against ``null_value`` and the predicted side.

        >>> TestResult(test="OLS", statistic="b", estimate=0.2, p_value=0.01, ci=(0.05, 0.35),
        ...            expected_sign=1).prereg_verdict
        'holds'
        >>> TestResult(test="Cox", statistic="HR ratio", estimate=0.5, p_value=0.01, ci=(0.3, 0.8),
        ...            expected_sign=1, null_value=1.0).prereg_verdict
        'fails'
        """
        if self.rule_verdict is not None:
            return self.rule_verdict
        if self.ci is None or self.expected_sign == 0 or any(map(math.isnan, self.ci)):
            return "inconclusive"
        lo, hi = self.ci
        above, below = lo > self.null_value, hi < self.null_value
        if not (above or below):
            return "inconclusive"
        return "holds" if (1 if above else -1) == self.expected_sign else "fails"

    def _rows(self) -> list[tuple[str, str]]:
        rows = [(self.statistic, _num(self.estimate)), ("p-value", _num(self.p_value))]
        if self.ci is not None:
            rows.append((f"{self.ci_level:.0%} CI", f"[{_num(self.ci[0])}, {_num(self.ci[1])}]"))
        if self.n is not None:
            rows.append(("n", str(self.n)))
        sign = {1: "positive", -1: "negative", 0: "none (two-sided)"}[self.expected_sign]
        rows += [("expected sign", sign), ("alpha", _num(self.alpha)), ("verdict", self.verdict)]
        if self.test_id:
            rows.append(("pre-registered verdict", self.prereg_verdict))
        record = {
            "test ID": self.test_id,
            "seed": self.seed,
            "specification": self.specification,
            "estimator": self.estimator,
            "data": self.data,
            "years": f"{self.years[0]}-{self.years[1]}" if self.years else "",
            "clusters": "" if self.n_clusters is None else str(self.n_clusters),
        }
        rows += [(k, v) for k, v in record.items() if v]
        rows += [("deviation", d) for d in self.deviations]
        rows += [(str(k), _detail(v)) for k, v in self.details.items()]
        return rows

    def summary(self) -> str:
        """Plain-text report: title line, the seed claim, then one ``name: value`` line per quantity."""
        tag = f" (claim {self.claim_id})" if self.claim_id else ""
        verdict = self.verdict
        headline = f"{verdict} the claim" if verdict in ("supports", "contradicts") else verdict
        lines = [f"{self.test}{tag}: {headline}"]
        if self.claim:
            lines.append(f'  claim: "{self.claim}"')
        width = max(len(name) for name, _ in self._rows())
        lines += [f"  {name:<{width}}  {value}" for name, value in self._rows()]
        if self.sources:
            lines.append(f"  sources: {', '.join(self.sources)}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()

    def _repr_html_(self) -> str:
        tag = f" (claim {html.escape(self.claim_id)})" if self.claim_id else ""
        caption = f"<caption><b>{html.escape(self.test)}</b>{tag}</caption>"
        claim = f"<tr><th>claim</th><td><i>{html.escape(self.claim)}</i></td></tr>" if self.claim else ""
        body = "".join(
            f"<tr><th style='text-align:left'>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>"
            for k, v in self._rows()
        )
        sources = html.escape(", ".join(self.sources))
        cited = f"<tr><th style='text-align:left'>sources</th><td>{sources}</td></tr>" if self.sources else ""
        return f"<table>{caption}{claim}{body}{cited}</table>"

    def to_dict(self) -> dict[str, Any]:
        """Every field plus ``verdict`` and ``significant``, as plain JSON types."""
        out: dict[str, Any] = {
            "test": self.test,
            "claim_id": self.claim_id,
            "claim": self.claim,
            "statistic": self.statistic,
            "estimate": self.estimate,
            "ci": list(self.ci) if self.ci is not None else None,
            "ci_level": self.ci_level,
            "p_value": self.p_value,
            "alpha": self.alpha,
            "expected_sign": self.expected_sign,
            "significant": self.significant,
            "verdict": self.verdict,
            "n": self.n,
            "details": dict(self.details),
            "sources": list(self.sources),
            "test_id": self.test_id,
            "seed": self.seed,
            "specification": self.specification,
            "estimator": self.estimator,
            "data": self.data,
            "years": list(self.years) if self.years is not None else None,
            "n_clusters": self.n_clusters,
            "null_value": self.null_value,
            "prereg_verdict": self.prereg_verdict,
            "deviations": list(self.deviations),
        }
        jsonable: dict[str, Any] = to_jsonable(out)
        return jsonable


def _num(x: float) -> str:
    return "nan" if math.isnan(x) else f"{x:.4g}"


def _detail(value: Any) -> str:
    if isinstance(value, float):
        return _num(value)
    if isinstance(value, list | tuple) and len(value) > 8:
        shown = ", ".join(str(v) for v in value[:8])
        return f"[{shown}, ... ({len(value)} in all)]"
    return str(value)
