"""docs/sim.md's table of the simulated-world tests says what the registered tests do."""

from __future__ import annotations

import re
from pathlib import Path

import alliancelab.analysis.world_support_tests
import alliancelab.analysis.world_tests  # noqa: F401  (the two modules register the S-* tests)
from alliancelab.analysis.registry import registered

DOCS = Path(__file__).resolve().parents[2] / "docs" / "sim.md"


def test_every_simulated_world_test_has_one_row_with_its_registered_specification() -> None:
    rows = re.findall(r"^\| (S-[A-Z]\d+) \| .*? \| (.*) \|$", DOCS.read_text(encoding="utf-8"), re.MULTILINE)
    documented = {test_id: spec.replace("\\|", "|") for test_id, spec in rows}
    assert len(documented) == len(rows), "a test has two rows"
    tests = registered("sim")
    assert set(documented) == set(tests)
    for test_id, hypothesis in tests.items():
        assert documented[test_id] == hypothesis.specification, test_id
