"""`alliancelab hypotheses` writes its tables and figures all together, or none of them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from alliancelab.analysis.registry import registered
from alliancelab.analysis.results import TestResult
from alliancelab.sim.hypotheses import write_hypotheses


def _pairs() -> list[tuple[Any, TestResult]]:
    h = next(iter(registered("sim").values()))
    result = TestResult(
        test=h.prediction,
        statistic="b",
        estimate=0.4,
        p_value=0.01,
        ci=(0.1, 0.7),
        claim_id=h.claim_id,
        expected_sign=1,
        n=120,
    )
    return [(h, result)]


def test_tables_and_figures_are_written_together(tmp_path: Path) -> None:
    drawn: list[str] = []
    paths = write_hypotheses(
        _pairs(), tmp_path, figures={"png": lambda f, p: (p.write_bytes(b"png"), drawn.append(p.suffix))}
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"hypotheses.{k}" for k in ("txt", "md", "csv", "json", "png")
    )
    assert drawn == [".png"] and paths["png"].read_bytes() == b"png"
    assert "0.4" in paths["csv"].read_text("utf-8")


def test_a_failing_figure_leaves_every_earlier_output_as_it_was(tmp_path: Path) -> None:
    (tmp_path / "hypotheses.csv").write_text("old table\n", encoding="utf-8")

    def broken(frame: Any, path: Path) -> None:
        raise OSError(28, "No space left on device", str(path))

    with pytest.raises(OSError, match=r"/hypotheses\.svg'$"):  # the user's path, not the temporary one
        write_hypotheses(_pairs(), tmp_path, figures={"svg": broken})
    assert [p.name for p in tmp_path.iterdir()] == ["hypotheses.csv"]
    assert (tmp_path / "hypotheses.csv").read_text("utf-8") == "old table\n"
