"""What the app's pages compute (no browser): the same library results and the same error lines as the CLI."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from alliancelab.app import logic
from alliancelab.cases.formation_case import load_formation_case
from alliancelab.errors import UserInputError
from alliancelab.report.formation_report import solution_table
from alliancelab.theory.formation import solve

EXAMPLE = Path(__file__).resolve().parents[2] / "src/alliancelab/cases/missions/example-mission.toml"
CASE = "us-pakistan-1954"


def test_sliders_start_at_the_case_and_cover_its_domain() -> None:
    case = load_formation_case(CASE)
    sliders = {s.field: s for s in logic.formation_sliders(CASE)}
    assert set(sliders) == {"T", "d", "chi", "phi", "q0", "v", "c", "W", "S", "h"}
    assert sliders["d"].value == pytest.approx(float(case.formation.d))
    assert sliders["W"].value == pytest.approx(float(np.asarray(case.leader.W)))  # type: ignore[union-attr]
    assert (sliders["chi"].lo, sliders["chi"].hi) == (-1.0, 1.0)
    assert sliders["v"].hi == pytest.approx(2 * float(case.formation.v))
    for slider in sliders.values():
        assert slider.lo <= slider.value <= slider.hi
        assert 0 < slider.step <= (slider.hi - slider.lo) / 50


def test_the_formation_view_solves_the_case_at_the_sliders() -> None:
    view = logic.formation_view(CASE, {"d": 0.9}, "T")
    assert not view.error and view.figure is not None and view.solution is not None
    expected = load_formation_case(CASE).with_overrides({"d": 0.9})
    assert view.solution.records() == _records(solution_table(solve(expected.formation)))
    other = logic.formation_view(CASE, {"d": 0.2}, "T")
    assert other.figure is not None and other.figure.png != view.figure.png  # the figure follows the slider


def _records(rows: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"quantity": k, "value": v} for k, v in rows.items()]


@pytest.mark.parametrize(
    ("overrides", "parameter", "expected"),
    [
        ({"W": 0.9, "S": 0.5}, "d", "error: sliders: W = 0.9 exceeds S = 0.5"),
        ({}, "sal", "error: sweep: unknown parameter 'sal'"),
        ({"T": 1.0}, "d", "error: sliders: T = 1 is outside the allowed range [0, 1)"),
    ],
)
def test_impossible_sliders_give_an_error_line_not_an_exception(
    overrides: dict[str, float], parameter: str, expected: str
) -> None:
    view = logic.formation_view(CASE, overrides, parameter)
    assert view.figure is None and view.solution is None
    assert view.error.startswith(expected), view.error
    assert "\n" not in view.error


def test_the_plan_view_is_the_plan_of_the_example_mission() -> None:
    from alliancelab.coalition.mission import read_mission
    from alliancelab.coalition.plan import plan_mission

    view = logic.plan_view(EXAMPLE.read_text("utf-8"), "example-mission.toml", draws=30, rng=5)
    assert not view.error
    expected = plan_mission(read_mission(EXAMPLE), draws=30, rng=5)
    bought = next(s for s in view.sections if s.heading == "Who is bought, and for what")
    rows = bought.tables[0].records()
    assert [r["candidate"] for r in rows if r["in coalition"]] == expected.summary["members"]
    mc = next(s for s in view.sections if s.heading.startswith("Monte Carlo"))
    assert mc.tables[0].records() == [
        {"quantity": k, "value": v} for k, v in expected.simulation.summary().items()
    ]


def _cli_error(cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, content: bytes) -> str:
    monkeypatch.chdir(tmp_path)
    Path(name).write_bytes(content)
    result = cli("coalition", "plan", name, "--draws", "0")
    assert result.code == 2
    return " ".join(result.err.split())


BAD_MISSIONS = {
    "syntax": b"name = 'x\nrequired_troops = 3\n",
    "typo": EXAMPLE.read_bytes().replace(b"min_flags = 6", b"min_flag = 6", 1),
    "range": EXAMPLE.read_bytes().replace(b"required_troops = 10000", b"required_troops = -5", 1),
    "infeasible": EXAMPLE.read_bytes().replace(b"min_flags = 6 ", b"min_flags = 40 ", 1),
}


@pytest.mark.parametrize("problem", list(BAD_MISSIONS))
def test_a_bad_mission_shows_the_line_the_cli_prints(
    problem: str, cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = BAD_MISSIONS[problem]
    assert content != EXAMPLE.read_bytes()
    printed = _cli_error(cli, tmp_path, monkeypatch, "my-mission.toml", content)
    view = logic.plan_view(logic.decode_upload("my-mission.toml", content), "my-mission.toml", draws=0, rng=1)
    assert view.error == printed and not view.sections


def test_an_upload_must_be_utf8_and_may_carry_a_bom() -> None:
    assert logic.decode_upload("m.toml", "\ufeffname = 'é'".encode()) == "name = 'é'"
    with pytest.raises(UserInputError, match=r"m.toml: not UTF-8 text \(byte 8\)"):
        logic.decode_upload("m.toml", "name = 'é'".encode("latin-1"))
    view = logic.plan_view("", "empty.toml", draws=-1, rng=0)
    assert view.error.startswith("error: draws = -1")


def test_a_target_page_answers_with_the_report_or_the_reports_error(tmp_path: Path) -> None:
    assert logic.target_view("   ") == logic.PageView()
    folder = logic.target_view(str(tmp_path))
    assert folder.error.startswith(f"error: {tmp_path}: a folder that no report kind reads")
    case = logic.target_view(CASE)
    assert not case.error and case.title.startswith("United States")
    assert "Figures" in [s.heading for s in case.sections]
