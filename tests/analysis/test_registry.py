"""The hypothesis registry: registration, selection and running on the tables given."""

from __future__ import annotations

import pytest

from alliancelab.analysis import registry
from alliancelab.analysis.results import TestResult
from alliancelab.errors import UserInputError


@pytest.fixture
def clean_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "_REGISTRY", {})


def _result(frame: list[float]) -> TestResult:
    return TestResult(
        test="mean", statistic="mean", estimate=sum(frame) / len(frame), p_value=0.01, expected_sign=1
    )


def test_registered_tests_run_on_their_table_only(clean_registry: None) -> None:
    registry.hypothesis(
        "S-X1",
        claim_id="A1",
        seed="000",
        prediction="p",
        specification="s",
        table="state_years",
        sources=("sim",),
    )(_result)
    registry.hypothesis(
        "T-X2",
        claim_id="F1",
        seed="002",
        prediction="p",
        specification="s",
        table="dyad_years",
        sources=("real",),
    )(_result)
    assert list(registry.registered()) == ["S-X1", "T-X2"]
    assert list(registry.registered("sim")) == ["S-X1"]
    seen: list[str] = []
    out = registry.run_tests({"state_years": [1.0, 3.0]}, on_result=lambda h, r: seen.append(h.test_id))
    assert [r.estimate for r in out] == [2.0] and seen == ["S-X1"]  # T-X2's table is absent: left out
    with pytest.raises(UserInputError, match="unknown test S-NOPE; known: S-X1, T-X2"):
        registry.run_tests({}, only=["S-NOPE"])


def test_an_id_cannot_name_two_functions(clean_registry: None) -> None:
    registry.hypothesis(
        "S-X1", claim_id="A1", seed="000", prediction="p", specification="s", table="state_years"
    )(_result)
    with pytest.raises(ValueError, match="registered twice"):
        registry.hypothesis(
            "S-X1", claim_id="A1", seed="000", prediction="p", specification="s", table="state_years"
        )(lambda f: _result(f))
