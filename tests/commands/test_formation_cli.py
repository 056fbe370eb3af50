"""``alliancelab formation``: table, JSON, explanation, figures, sweeps; one-line errors with exit code 2."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

SHIPPED = Path(__file__).parents[2] / "src" / "alliancelab" / "cases" / "formation" / "us-pakistan-1954.toml"


def test_case_prints_the_solution_table(cli: Any) -> None:
    result = cli("formation", "--case", "us-pakistan-1954")
    assert result.code == 0, result.err
    for quantity in ("deficit", "reservation payment", "patron's maximum", "offered package", "outcome"):
        assert quantity in result.out
    assert "155.4" in result.out and "alliance with side payment" in result.out


def test_make_run_command_explains_and_draws(cli: Any, tmp_path: Path) -> None:
    figure = tmp_path / "out" / "us-pakistan-1954.png"
    result = cli("formation", "--case", "us-pakistan-1954", "--explain", "--plot", str(figure))
    assert result.code == 0, result.err
    assert "deficit of 0.288 utils" in result.out
    assert "Observed: the alliance formed in 1954" in result.out
    assert figure.stat().st_size > 10_000
    assert [p.name for p in figure.parent.iterdir()] == ["us-pakistan-1954.png"]  # no temporary left


def test_json_is_one_object_with_documented_keys(cli: Any) -> None:
    result = cli("formation", "--case", "us-pakistan-1954", "--json")
    assert result.code == 0, result.err
    body = json.loads(result.out)
    assert set(body) == {
        "case", "units", "parameters", "leader", "solution", "observed", "citation_keys", "provenance",
    }  # fmt: skip
    solution = body["solution"]
    assert solution["forms"] is True and solution["package"] == pytest.approx(1.0)
    assert solution["payment"] == pytest.approx(155.446, rel=1e-4)
    assert body["provenance"]["alliancelab_version"] and body["parameters"]["budget"] == "inf"
    assert "kabir2019sidepayments" in body["citation_keys"]
    with_text = json.loads(cli("formation", "--case", "us-pakistan-1954", "--json", "--explain").out)
    assert with_text["explanation"].startswith("United States")


def test_options_override_the_case(cli: Any) -> None:
    base = json.loads(cli("formation", "--case", "us-pakistan-1954", "--json").out)["solution"]
    larger = json.loads(cli("formation", "--case", "us-pakistan-1954", "--W", "0.5", "--json").out)[
        "solution"
    ]
    assert larger["reservation_payment"] != base["reservation_payment"]
    fixed = json.loads(cli("formation", "--case", "us-pakistan-1954", "--mode", "fixed", "--json").out)
    assert fixed["case"]["mode"] == "FIXED"


def test_no_case_uses_the_default_parameters(cli: Any) -> None:
    result = cli("formation", "--d", "0.8", "--json")
    assert result.code == 0, result.err
    body = json.loads(result.out)
    assert body["parameters"]["d"] == 0.8 and body["leader"] is None


def test_sweep_prints_rows_and_draws_a_figure(cli: Any, tmp_path: Path) -> None:
    figure = tmp_path / "sweep.pdf"
    result = cli("formation", "--case", "us-pakistan-1954", "--sweep", "d=0:1:5", "--plot", str(figure))
    assert result.code == 0, result.err
    assert "small coalition" in result.out and "large coalition" in result.out
    assert figure.read_bytes().startswith(b"%PDF")
    body = json.loads(cli("formation", "--case", "us-pakistan-1954", "--sweep", "W=0.1:0.5:3", "--json").out)
    rows = body["sweep"]["rows"]
    assert (
        body["sweep"]["parameter"] == "W" and len(rows) == 3 * 4
    )  # own + FIXED, each with and without rival
    no_rival = json.loads(
        cli("formation", "--case", "us-pakistan-1954", "--sweep", "W=0.1:0.5:3", "--json", "--no-rival").out
    )
    assert len(no_rival["sweep"]["rows"]) == 3 * 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--case", "us-pakistan-1954", "--phi", "-0.2"), "--phi: -0.2 is outside the allowed range [0, 1]"),
        (("--threat", "1.2"), "--threat: 1.2 is outside the allowed range [0, 1)"),
        (("--q0", "1.5"), "--q0: 1.5 is outside"),
        (("--W", "0.9", "--S", "0.5"), "W = 0.9 exceeds S = 0.5"),
        (("--d", "high"), "--d: 'high' is not a number"),
        (("--case", "us-pakistan-1945"), "did you mean 'us-pakistan-1954'?"),
        (("--case", "missing.toml"), "case file missing.toml does not exist"),
        (("--mode", "FLEXX"), "did you mean 'FLEX'?"),
        (("--sweep", "dd=0:1:5"), "unknown parameter 'dd'"),
    ],
)
def test_bad_input_gives_one_line_and_exit_code_2(cli: Any, args: tuple[str, ...], message: str) -> None:
    result = cli("formation", *args)
    assert result.code == 2
    assert message in result.err
    assert result.err.count("\n") == 1 and "Traceback" not in result.err


def test_case_file_with_typo_gives_one_line_naming_the_field(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "typo.toml"
    path.write_text(
        SHIPPED.read_text(encoding="utf-8").replace("\nchi = {", "\nchii = {", 1), encoding="utf-8"
    )
    result = cli("formation", "--case", str(path))
    assert result.code == 2
    assert "unknown field 'parameters.chii'; did you mean 'chi'?" in result.err
    assert result.err.count("\n") == 1


def test_case_file_with_non_numeric_value_is_named(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "text.toml"
    path.write_text(
        SHIPPED.read_text(encoding="utf-8").replace("T = { value = 0.6,", 'T = { value = "0.6x",')
    )
    result = cli("formation", "--case", str(path))
    assert result.code == 2 and "parameters.T.value" in result.err and "'0.6x'" in result.err


def test_json_keys_are_the_documented_ones(cli: Any) -> None:
    """docs/cli/formation.md documents every key of the JSON object and of its ``solution``."""
    doc = (Path(__file__).parents[2] / "docs" / "cli" / "formation.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `(\w+)` \|", doc, flags=re.MULTILINE))
    body = json.loads(
        cli("formation", "--case", "us-pakistan-1954", "--json", "--explain", "--sweep", "d=0:1:2").out
    )
    assert set(body) <= documented
    assert set(body["solution"]) <= documented


def test_the_readme_tour_annotations_match_what_is_printed(cli: Any) -> None:
    """The tour's second command: a large-coalition leader makes the same package dearer (FIXED), and FLEX
    buys less for less; the README's numbers are what the commands print."""
    readme = (Path(__file__).parents[2] / "README.md").read_text("utf-8")
    args = ("formation", "--case", "us-pakistan-1954", "--W", "0.6", "--S", "1", "--json")
    fixed = json.loads(cli(*args, "--mode", "FIXED").out)["solution"]
    flex = json.loads(cli(*args).out)["solution"]
    base = json.loads(cli("formation", "--case", "us-pakistan-1954", "--json").out)["solution"]
    assert fixed["payment"] > base["payment"] > flex["payment"] and flex["package"] < base["package"]
    for shown in (f"{fixed['payment']:.1f}", f"{base['payment']:.1f}", f"{flex['payment']:.1f}"):
        assert shown in readme
    assert f"x* = {flex['package']:.2f}" in readme


def test_sweep_rows_name_the_parameter_as_the_user_gave_it(cli: Any) -> None:
    body = json.loads(
        cli("formation", "--case", "us-pakistan-1954", "--sweep", "threat=0:0.9:3", "--json").out
    )
    assert body["sweep"]["parameter"] == "threat" and "threat" in body["sweep"]["rows"][0]
    assert [row["threat"] for row in body["sweep"]["rows"][:3]] == [0.0, 0.45, 0.9]


README = Path(__file__).parents[2] / "README.md"


def _tour_line(marker: str) -> tuple[list[str], list[str]]:
    """The README tour's ``alliancelab formation`` line holding ``marker``: its arguments and the numbers
    its comment states."""
    line = next(
        text for text in README.read_text("utf-8").splitlines() if text.startswith("alliancelab formation")
        and marker in text
    )  # fmt: skip
    command, _, comment = line.partition("#")
    return command.split()[1:], re.findall(r"\d+\.\d+", comment)


def test_the_readme_tour_annotations_state_what_the_commands_print(cli: Any) -> None:
    """The tour's comments quote numbers; they must be the commands' own (a large-coalition Pakistan pays
    more for the same FIXED package; under FLEX the patron buys less)."""

    def solution(*args: str) -> dict[str, Any]:
        result = cli(*args, "--json")
        assert result.code == 0, result.err
        body: dict[str, Any] = json.loads(result.out)["solution"]
        return body

    base = solution("formation", "--case", "us-pakistan-1954")
    args, numbers = _tour_line("--mode FIXED")
    fixed = solution(*args)
    assert numbers == [f"{fixed['payment']:.1f}", f"{base['payment']:.1f}"]
    assert fixed["payment"] > base["payment"]
    args, numbers = _tour_line("FLEX:")
    flexible = solution(*args)
    assert numbers == [f"{flexible['package']:.2f}", f"{flexible['payment']:.1f}"]
    assert flexible["package"] < 1 and flexible["payment"] < fixed["payment"]
