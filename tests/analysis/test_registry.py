"""The hypothesis registry: registration, selection and running on the tables given."""

from __future__ import annotations

import pytest

from alliancelab.analysis import registry
from alliancelab.analysis.results import TestResult
from alliancelab.errors import UserInputError


@pytest.fixture
def clean_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    registry.load_all()  # the real tests register into the real registry, not the empty one below
    monkeypatch.setattr(registry, "_REGISTRY", {})
    monkeypatch.setattr(registry, "TEST_MODULES", ())


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


def test_the_registry_does_not_depend_on_import_order() -> None:
    """A fresh process that imports only the registry sees every test, real and simulated."""
    import subprocess
    import sys

    code = (
        "from alliancelab.analysis.registry import registered; "
        "print(' '.join(registered())); print(' '.join(registered('sim')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    every, simulated = (line.split() for line in out.splitlines())
    assert {"T-F1", "T-F3", "T-F2", "T-A3", "T-B1", "T-D2", "T-E7", "T-E1", "T-G2"} <= set(every)
    assert simulated and all(
        t.startswith("S-") for t in simulated
    )  # real-data tests run on a run only on request
