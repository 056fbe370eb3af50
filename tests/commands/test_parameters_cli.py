"""One way to set a parameter: the same named options and ``--set`` in formation, realign and maintain."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from alliancelab.cases.formation_case import FORMATION_FIELDS, LEADER_FIELDS
from alliancelab.commands._parameters import CASE_OPTIONS, CONTEST_OPTIONS, DYNAMICS_OPTIONS
from alliancelab.theory.maintenance import MaintenanceParams
from alliancelab.theory.realignment import ContestParams

CASE = "us-pakistan-1954"


def _json(cli: Any, *args: str) -> dict[str, Any]:
    result = cli(*args, "--json")
    assert result.code == 0, result.err
    body = json.loads(result.out)
    assert isinstance(body, dict)
    return body


def test_the_table_covers_every_field_of_the_parameter_objects() -> None:
    """The options are generated from one table; it must name every field the library takes."""
    assert {o.field for o in CASE_OPTIONS} == {*FORMATION_FIELDS, *LEADER_FIELDS, "mode"}
    contest = {f.name for f in dataclasses.fields(ContestParams)} - {"dyad", "rival", "aligned"}
    assert {o.field for o in CONTEST_OPTIONS} == contest
    world = {f.name for f in dataclasses.fields(MaintenanceParams)}
    world -= {"dyad", "leader", "rival", "coup_W", "democracy_W", "reform"}
    assert {o.field for o in (*CONTEST_OPTIONS, *DYNAMICS_OPTIONS)} == world


@pytest.mark.parametrize(
    ("command", "tables"),
    [
        ("formation", (CASE_OPTIONS,)),
        ("realign", (CASE_OPTIONS, CONTEST_OPTIONS)),
        ("maintain", (CASE_OPTIONS, CONTEST_OPTIONS, DYNAMICS_OPTIONS)),
    ],
)
def test_help_lists_every_parameter_option(cli: Any, command: str, tables: tuple[Any, ...]) -> None:
    result = cli(command, "--help")
    assert result.code == 0
    shown = set(result.out.replace("│", " ").split())
    for option in (o for table in tables for o in table):
        assert option.flag in shown, f"{command} --help misses {option.flag}"
    assert "--set" in shown


def test_realign_takes_the_formation_options(cli: Any) -> None:
    """``alliancelab realign --case us-pakistan-1954 --d 0.8`` was a usage error; now it sets d."""
    base = _json(cli, "realign", "--case", CASE, "--no-rival")
    named = _json(cli, "realign", "--case", CASE, "--no-rival", "--d", "0.8", "--W", "0.6", "--S", "1")
    assigned = _json(cli, "realign", "--case", CASE, "--no-rival", "--set", "d=0.8", "--set", "W=0.6",
                     "--set", "S=1")  # fmt: skip
    assert named["payment"] == assigned["payment"] and named["payment"] != base["payment"]
    assert named["provenance"]["params"]["dyad"]["d"] == 0.8


def test_realign_contest_options_match_set(cli: Any) -> None:
    args = ("realign", "--case", CASE, "--rival", "v=400")
    named = _json(cli, *args, "--tau", "3", "--credibility", "0.7")
    assigned = _json(cli, *args, "--set", "tau=3", "--set", "credibility=0.7")
    assert (named["tau"], named["credibility"]) == (3.0, 0.7)
    assert named["incumbent_offer"] == assigned["incumbent_offer"] and named["winner"] == assigned["winner"]


def test_formation_takes_set_like_the_others(cli: Any) -> None:
    named = _json(cli, "formation", "--case", CASE, "--lambda", "0.5", "--mode", "fixed")
    assigned = _json(cli, "formation", "--case", CASE, "--set", "lambda=0.5", "--mode", "FIXED")
    assert named["solution"] == assigned["solution"]
    assert named["leader"]["lambda_"] == 0.5 and named["case"]["mode"] == "FIXED"


def test_maintain_dynamics_options_match_set(cli: Any) -> None:
    args = ("maintain", "--case", CASE, "--years", "30", "--rng", "4", "--rival", "v=150")
    base = _json(cli, *args)
    named = _json(cli, *args, "--theta-sd", "0.2", "--new-leader-periods", "3", "--tau", "0.1")
    assigned = _json(cli, *args, "--set", "theta_sd=0.2", "--set", "new-leader-periods=3", "--set", "tau=0.1")
    assert named["path"] == assigned["path"] and named["path"] != base["path"]
    params = named["provenance"]["params"]
    assert (params["theta_sd"], params["new_leader_periods"], params["tau"]) == (0.2, 3, 0.1)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("realign", "--d", "0.8", "--set", "d=0.7"), "--d and --set d=... both set d: give it once"),
        (("maintain", "--theta-sd", "x"), "--theta-sd: 'x' is not a number"),
        (("maintain", "--new-leader-periods", "2.5"), "--new-leader-periods: 2.5 is not a whole number"),
        (("maintain", "--set", "new_leader_periods=1.5"), "--set new_leader_periods: 1.5 is not a whole"),
        (("maintain", "--theta-sd", "-1"), "--theta-sd: -1 is outside"),
        (("realign", "--credibility", "0"), "--credibility: 0 is outside the allowed range (0, 1]"),
        (("realign", "--set", "theta_sd=0.1"), "unknown parameter 'theta_sd'"),
        (("formation", "--d", "nan"), "--d: nan is not allowed"),
        (("formation", "--set", "d"), "expected NAME=VALUE"),
        (("realign", "--mode", "FLEXX"), "did you mean 'FLEX'?"),
    ],
)
def test_bad_parameter_is_one_line_exit_2(cli: Any, args: tuple[str, ...], message: str) -> None:
    result = cli(*args)
    assert result.code == 2
    assert result.err.startswith("error: ") and message in result.err
    assert result.err.count("\n") == 1


STATES = "src/alliancelab/cases/examples/states.csv"


@pytest.mark.parametrize(
    ("args", "typed", "library_name"),
    [
        (("formation", "--threat", "1.5"), "--threat: 1.5 is outside the allowed range [0, 1)", "T = "),
        (("formation", "--T", "1.5"), "--T: 1.5 is outside the allowed range [0, 1)", "T = "),
        (("formation", "--set", "threat=1.5"), "--set threat: 1.5 is outside", "T = "),
        (("realign", "--threat", "-0.1"), "--threat: -0.1 is outside the allowed range [0, 1)", "T = "),
        (("maintain", "--threat", "1"), "--threat: 1 is outside the allowed range [0, 1)", "T = "),
        (("formation", "--lambda", "-1"), "--lambda: -1 is outside the allowed range (0, inf)", "lambda_"),
        (("maintain", "--set", "lambda=0"), "--set lambda: 0 is outside", "lambda_"),
        (("maintain", "--hegemon-position", "1.5"), "--hegemon-position: 1.5 is outside", "theta_H"),
        (("maintain", "--theta-H", "1.5"), "--theta-H: 1.5 is outside", "theta_H = "),
        (("burden", "--ally-benefit", "-3"), "--ally-benefit: -3 is outside the allowed range", "(Ben)"),
        (("burden", "--adversary", "0"), "--adversary: 0 is outside the allowed range (0, inf]", "(Zbar)"),
        (("burden", "free-riding", "--sizes", "1,2,3", "--taste", "-1"), "--taste: -1 is outside", "(b0)"),
        (("legitimacy", STATES, "--hegemon-position", "2"), "--hegemon-position: 2 is outside", "theta_H"),
        (("formation", "--sweep", "threat=0:1.5:4"), "--sweep threat: 1 is outside", "T = "),
        (("realign", "--sweep", "lambda=-1:1:3"), "--sweep lambda: -1 is outside", "lambda_"),
    ],
)
def test_a_bad_value_names_the_option_typed_not_the_library_field(
    cli: Any, args: tuple[str, ...], typed: str, library_name: str
) -> None:
    """``--threat 1.5`` is reported as ``--threat: ...``, never as the library's ``T = 1.5``."""
    result = cli(*args)
    error = result.err.splitlines()[-1]
    assert result.code == 2 and error.startswith("error: ")
    assert typed in error
    assert library_name not in error


def test_a_rival_value_is_not_reported_under_the_incumbents_option(cli: Any) -> None:
    """``credibility`` is a field of both patrons: the rival's bad value stays the rival's."""
    result = cli("realign", "--credibility", "0.9", "--rival", "credibility=1.5")
    assert result.code == 2
    assert "--rival: rival credibility (pi_R) = 1.5" in result.err and "--credibility:" not in result.err


def test_the_make_run_lines_work_unchanged(cli: Any, tmp_path: Path) -> None:
    """The Makefile's and the docs' command lines (``--set``, ``--rival``, ``--sweep``) keep working."""
    path, figure, sweep = tmp_path / "x.csv", tmp_path / "x.png", tmp_path / "y.png"
    maintain = cli("maintain", "--case", CASE, "--years", "40", "--rng", "4", "--rival", "v=150", "--rival",
                   "d=0.3", "--set", "theta_sd=0.03", "--plot", str(figure), "--out", str(path))  # fmt: skip
    assert maintain.code == 0, maintain.err
    assert path.stat().st_size > 0 and figure.stat().st_size > 10_000
    realign = cli("realign", "--case", CASE, "--rival", "v=1000")
    assert realign.code == 0 and "rival (R)" in realign.out
    swept = cli("realign", "--case", CASE, "--sweep", "rival_v=0:1400:141", "--plot", str(sweep))
    assert swept.code == 0 and sweep.stat().st_size > 10_000


def test_help_shows_the_library_defaults_of_the_dynamics(cli: Any) -> None:
    text = " ".join(cli("maintain", "--help").out.replace("│", " ").split())
    defaults = MaintenanceParams()
    for option in (*CONTEST_OPTIONS, *DYNAMICS_OPTIONS):
        shown = f"{option.flag} {option.metavar} {option.help} Default {getattr(defaults, option.field):g}."
        assert shown in text


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (("formation", "--case", CASE, "--T", "0.3"), ("formation", "--case", CASE, "--threat", "0.3")),
        (
            ("formation", "--case", CASE, "--set", "T=0.3"),
            ("formation", "--case", CASE, "--set", "threat=0.3"),
        ),
        (
            ("maintain", "--years", "5", "--rng", "1", "--theta-H", "0.7"),
            ("maintain", "--years", "5", "--rng", "1", "--hegemon-position", "0.7"),
        ),
        (("burden", "--adversary", "300"), ("burden", "--adversary-capability", "300")),
        (("burden", "--benefit", "30"), ("burden", "--ally-benefit", "30")),
    ],
)
def test_renamed_options_still_work_and_warn(cli: Any, old: tuple[str, ...], new: tuple[str, ...]) -> None:
    before, after = cli(*old, "--json"), cli(*new, "--json")
    assert before.code == 0 and after.code == 0, before.err + after.err
    assert after.err == "" and before.err.startswith("warning: ") and "is deprecated; use" in before.err
    strip = ("provenance",)
    assert {k: v for k, v in json.loads(before.out).items() if k not in strip} == {
        k: v for k, v in json.loads(after.out).items() if k not in strip
    }


def test_one_name_per_parameter_across_commands(cli: Any) -> None:
    """--threat in formation as in burden; --hegemon-position (theta_H) in maintain as in legitimacy."""
    shown = {c: cli(c, "--help").out for c in ("formation", "burden", "maintain", "legitimacy")}
    assert "--threat" in shown["formation"] and "--threat" in shown["burden"]
    assert "--hegemon-position" in shown["maintain"] and "--hegemon-position" in shown["legitimacy"]
    assert not any(old in text for text in shown.values() for old in ("--T ", "--theta-H", "--adversary "))


def test_a_former_sweep_name_maps_to_the_new_one(cli: Any) -> None:
    old = cli("formation", "--case", CASE, "--sweep", "T=0:0.9:3", "--json")
    new = cli("formation", "--case", CASE, "--sweep", "threat=0:0.9:3", "--json")
    assert old.code == 0 and "--sweep T is deprecated; use --sweep threat" in old.err
    assert json.loads(old.out)["sweep"] == json.loads(new.out)["sweep"]


def test_both_old_and_new_flag_is_an_error(cli: Any) -> None:
    result = cli("formation", "--T", "0.3", "--threat", "0.3")
    assert result.code == 2 and "--threat and --T both set threat: give it once" in result.err
