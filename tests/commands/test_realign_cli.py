"""``alliancelab realign`` through the in-process ``cli`` fixture."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest


def test_realign_prints_both_offers_the_choice_and_why(cli: Any) -> None:
    result = cli("realign", "--rival", "v=300", "--rival", "d=0.3")
    assert result.code == 0, result.err
    assert "incumbent (H)" in result.out and "rival (R)" in result.out
    assert "Outcome: the client realigns to the rival." in result.out
    assert "Why:" in result.out


def test_realign_json_reports_winner_and_contract(cli: Any) -> None:
    result = cli("realign", "--case", "us-pakistan-1954", "--rival", "v=50", "--json")
    assert result.code == 0, result.err
    body = json.loads(result.out)
    assert body["case"] == "us-pakistan-1954" and body["winner"] == "incumbent"
    assert body["payment"] > 0 and 0 <= body["package"] <= 1 and body["rival_present"] is True
    assert "kabir2015tradeoff" in body["sources"]


def test_realign_without_rival_pays_the_reservation_price(cli: Any) -> None:
    """C5 at the command line: with pi_H = 1 the monopoly price is the formation payment."""
    realign = json.loads(cli("realign", "--no-rival", "--set", "credibility=1", "--json").out)
    formation = json.loads(cli("formation", "--json").out)
    solution = formation.get("solution", formation)
    assert realign["payment"] == pytest.approx(solution["payment"], rel=1e-9)
    assert realign["rival_offer"] == "-inf"


def test_realign_sweep_writes_a_figure(cli: Any, tmp_path: Path) -> None:
    figure = tmp_path / "sweep.png"
    result = cli("realign", "--sweep", "rival_v=0:400:9", "--plot", str(figure), "--json")
    assert result.code == 0, result.err
    rows = json.loads(result.out)["rows"]
    assert len(rows) == 18 and {r["rival"] for r in rows} == {True, False}
    winners = [r["winner"] for r in rows if r["rival"]]
    assert winners[0] == "incumbent" and winners[-1] == "rival"  # C3: a strong enough rival wins
    assert figure.stat().st_size > 10_000


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--set", "dd=1"), "unknown parameter 'dd'; did you mean 'd'?"),
        (("--set", "d=abc"), "--set d: 'abc' is not a number"),
        (("--set", "d=1.5"), "--set d: 1.5 is outside the allowed range [0, 1]"),
        (("--rival", "credibility=2"), "rival credibility (pi_R) = 2 is outside the allowed range (0, 1]"),
        (("--set", "tau=-1"), "--set tau: -1 is outside"),
        (("--rival", "v=10", "--no-rival"), "contradict"),
        (("--case", "us-pakistan-1945"), "did you mean 'us-pakistan-1954'?"),
        (("--sweep", "zz=0:1:3"), "unknown parameter 'zz'"),
        (("--plot", "figure.xyz"), "must end in .png, .pdf, .svg"),
    ],
)
def test_realign_bad_input_is_one_line_exit_2(cli: Any, args: tuple[str, ...], message: str) -> None:
    result = cli("realign", *args)
    assert result.code == 2
    assert message in result.err and "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_no_rival_is_formations_monopoly_divided_by_the_credibility(cli: Any) -> None:
    """One case, one monopoly price: realign --no-rival pays formation's price / pi_H (0.95 by default)."""
    formation = json.loads(cli("formation", "--case", "us-pakistan-1954", "--json").out)["solution"]
    default = json.loads(cli("realign", "--case", "us-pakistan-1954", "--no-rival", "--json").out)
    full = json.loads(
        cli("realign", "--case", "us-pakistan-1954", "--no-rival", "--credibility", "1", "--json").out
    )
    assert full["payment"] == pytest.approx(formation["payment"], rel=1e-9)
    assert default["payment"] == pytest.approx(formation["payment"] / 0.95, rel=1e-9)
    assert "(--credibility 1 gives `alliancelab formation`'s price)" in " ".join(
        cli("realign", "--help").out.replace("│", " ").split()
    )


def test_the_default_rival_is_one_definition(cli: Any) -> None:
    """realign's rival, maintain's --with-rival and the formation figures' rival are the library's one."""
    from alliancelab.cases.formation_case import load_formation_case
    from alliancelab.provenance import to_jsonable
    from alliancelab.report.formation_report import illustrative_rival
    from alliancelab.theory.realignment import default_rival

    case = load_formation_case("us-pakistan-1954")
    body = json.loads(cli("realign", "--case", "us-pakistan-1954", "--json").out)
    library = default_rival(case.formation)
    assert body["rival_terms"] == to_jsonable(dataclasses.asdict(library))  # budget inf is "inf" in JSON
    assert illustrative_rival(case) == library
    assert library.credibility == 0.8 and library.v == case.formation.v
