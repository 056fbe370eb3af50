"""Formation case files: shipped cases load and solve; bad files get one-line errors naming the problem."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from alliancelab.cases import case_names
from alliancelab.cases.formation_case import load_formation_case
from alliancelab.errors import UserInputError
from alliancelab.references import cite
from alliancelab.theory.formation import solve

GOLDEN = Path(__file__).parent / "golden" / "us-pakistan-1954.json"
SHIPPED = Path(__file__).parents[2] / "src" / "alliancelab" / "cases" / "formation" / "us-pakistan-1954.toml"


@pytest.mark.parametrize("name", case_names("formation"))
def test_every_shipped_case_loads_solves_and_cites(name: str) -> None:
    case = load_formation_case(name)
    solution = solve(case.formation)
    assert np.isfinite(solution.payment)
    assert case.provenance and all(case.provenance.values())
    assert cite(case).startswith("@")  # every key the case uses is in references.bib


def test_us_pakistan_1954_matches_the_golden_numbers() -> None:
    """Golden: Kabir 2019 (seed 000), "the alliance, formed in 1954, was a result of a strategic trade-off
    between the United States and Pakistan"; numbers from the scalar reference (tests/cases/golden)."""
    golden = json.loads(GOLDEN.read_text())
    case = load_formation_case("us-pakistan-1954")
    assert float(case.formation.mu) == pytest.approx(golden["inputs"]["mu"], rel=1e-12)
    solution = solve(case.formation)
    for key, expected in golden["expected"].items():
        got = getattr(solution, key)
        if isinstance(expected, bool):
            assert bool(got) is expected, key
        else:
            assert float(got) == pytest.approx(expected, rel=1e-10), key


def test_us_pakistan_1954_reproduces_the_seed_story() -> None:
    """Seed 000: "in the absence of a common threat or shared interests, the trade-off tends to leave a
    deficit in a weaker state's net benefits from the alliance. I argue that side payments fill in the
    deficit"; the alliance formed, Pakistan granted the concessions, and the US paid."""
    case = load_formation_case("us-pakistan-1954")
    solution = solve(case.formation)
    observed = case.observed
    assert observed is not None and observed.formed and observed.payment and observed.package
    assert bool(solution.forms) is observed.formed
    assert float(solution.deficit) > 0  # a deficit that money must fill
    assert float(solution.package) == pytest.approx(observed.package.value)
    assert float(solution.payment) == pytest.approx(observed.payment.value, rel=0.05)  # mu0 is calibrated
    assert float(solution.free_concession) < float(solution.package)  # security alone buys only part


def _write(tmp_path: Path, old: str, new: str) -> Path:
    text = SHIPPED.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "edited.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_typo_in_a_field_name_suggests_the_right_one(tmp_path: Path) -> None:
    path = _write(tmp_path, "\nphi = {", "\nphii = {")
    with pytest.raises(
        UserInputError, match=r"unknown field 'parameters\.phii'; did you mean 'phi'\?"
    ) as err:
        load_formation_case(str(path))
    assert str(path) in str(err.value) and "\n" not in str(err.value)


def test_typo_in_a_value_table_is_named(tmp_path: Path) -> None:
    path = _write(tmp_path, "T = { value = 0.6, source", "T = { valeu = 0.6, source")
    with pytest.raises(UserInputError, match=r"unknown field 'parameters\.T\.valeu'; did you mean 'value'\?"):
        load_formation_case(str(path))


def test_non_numeric_value_is_named(tmp_path: Path) -> None:
    path = _write(tmp_path, "d = { value = 0.6,", 'd = { value = "high",')
    with pytest.raises(UserInputError, match=r"field 'parameters\.d\.value'.*number.*'high'"):
        load_formation_case(str(path))


def test_out_of_range_value_names_field_value_and_range(tmp_path: Path) -> None:
    path = _write(tmp_path, "phi = { value = 0.33,", "phi = { value = -0.33,")
    with pytest.raises(
        UserInputError, match=r"parameters\.phi = -0\.33 is outside the allowed range \[0, 1\]"
    ):
        load_formation_case(str(path))


def test_coalition_larger_than_selectorate_is_named(tmp_path: Path) -> None:
    path = _write(tmp_path, "W = { value = 0.25,", "W = { value = 0.75,")
    with pytest.raises(UserInputError, match=r"leader\.W = 0\.75 exceeds S = 0\.5"):
        load_formation_case(str(path))


def test_value_without_provenance_is_rejected(tmp_path: Path) -> None:
    path = _write(tmp_path, "omega0 = { value = 0.1, reasoning", "omega0 = { value = 0.1, note")
    with pytest.raises(UserInputError, match="omega0"):
        load_formation_case(str(path))
    bare = _write(
        tmp_path,
        'omega0 = { value = 0.1, reasoning = "models.md default baseline autonomy cost of concessions." }',
        "omega0 = 0.1",
    )
    with pytest.raises(UserInputError, match="table with its provenance"):
        load_formation_case(str(bare))


def test_unknown_citation_key_is_named(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        'source = "kabir2019sidepayments", reasoning = "Pakistan\'s leaders sought',
        'source = "kabir2019sidepayment", reasoning = "Pakistan\'s leaders sought',
    )
    with pytest.raises(UserInputError, match=r"did you mean 'kabir2019sidepayments'"):
        load_formation_case(str(path))


def test_unknown_case_name_suggests_a_shipped_one() -> None:
    with pytest.raises(UserInputError, match="did you mean 'us-pakistan-1954'"):
        load_formation_case("us-pakistan-1945")


def test_overrides_replace_formation_and_leader_values() -> None:
    case = load_formation_case("us-pakistan-1954")
    larger = case.with_overrides({"W": 0.5, "d": 0.8})
    assert float(larger.formation.d) == 0.8
    assert float(larger.formation.mu) == pytest.approx(float(case.formation.mu) / 2)  # gamma = 1
    with pytest.raises(UserInputError, match="did you mean 'phi'"):
        case.with_overrides({"ph": 0.3})
    with pytest.raises(UserInputError, match=r"T = 1\.2 is outside"):
        case.with_overrides({"T": 1.2})
    assert math.isinf(float(case.formation.budget))


def test_observed_values_out_of_range_are_named(tmp_path: Path) -> None:
    path = _write(tmp_path, "package = { value = 1.0, source", "package = { value = 1.5, source")
    with pytest.raises(
        UserInputError, match=r"'observed\.package'.*value = 1\.5 is outside the allowed range \[0, 1\]"
    ):
        load_formation_case(str(path))
    path = _write(tmp_path, "payment = { value = 155.0,", "payment = { value = -155.0,")
    with pytest.raises(UserInputError, match=r"'observed\.payment'.*value = -155 is outside"):
        load_formation_case(str(path))
