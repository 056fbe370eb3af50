"""What every command promises: one JSON object with provenance, one-line errors (exit 2), no stray output.

These run each command through the in-process ``cli`` fixture; the per-command files test what they compute.
"""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest

CASE = "us-pakistan-1954"
MISSION = str(Path(__file__).parents[2] / "src/alliancelab/cases/missions/example-mission.toml")
STATES = "state,ideal_point,formal_obligation,visible_payment\nUK,0.9,1,0\nIndia,0.3,0,0.2\n"

# command line -> the seed its provenance must record (None: the command is deterministic)
JSON_COMMANDS: list[tuple[tuple[str, ...], int | None]] = [
    (("formation", "--case", CASE), None),
    (("formation", "--case", CASE, "--sweep", "d=0:1:3"), None),
    (("realign", "--case", CASE, "--rival", "v=300"), None),
    (("realign", "--case", CASE, "--sweep", "tau=0:2:3"), None),
    (("maintain", "--years", "5", "--rng", "11"), 11),
    (("burden", "--threat", "0.6"), None),
    (("burden", "free-riding", "--sizes", "500,80,30"), None),
    (("legitimacy", "{states}"), None),
    (("coalition", "--case", "korea-1950"), None),
    (("coalition", "plan", MISSION, "--draws", "20", "--rng", "5"), 5),
    (("coalition", "plan", MISSION, "--draws", "0"), None),
    (("data", "list"), None),
    (("data", "info", "cow_majors"), None),
]


@pytest.mark.parametrize(
    ("args", "seed"), JSON_COMMANDS, ids=lambda v: " ".join(v) if isinstance(v, tuple) else ""
)
def test_json_is_one_object_with_provenance(
    cli: Any, tmp_path: Path, args: tuple[str, ...], seed: int | None
) -> None:
    states = tmp_path / "states.csv"
    states.write_text(STATES, encoding="utf-8")
    result = cli(*(a.format(states=states) for a in args), "--json")
    assert result.code == 0, result.err
    assert result.err == ""  # nothing on stderr either: no progress bar, no notes
    body = json.loads(result.out)  # the whole of stdout is one JSON document ...
    assert isinstance(body, dict)  # ... and it is an object
    provenance = body["provenance"]
    assert provenance["alliancelab_version"] and provenance["created_utc"]
    assert provenance["seed"] == seed


def test_data_build_json_has_provenance(cli: Any, data_dir: Path) -> None:
    result = cli("data", "build", "--years", "1990", "--add", "majors", "--json")
    assert result.code == 0, result.err
    body = json.loads(result.out)
    assert body["provenance"]["params"]["years"] == "1990" and body["provenance"]["steps"] == ["majors"]


def test_help_groups_the_commands_in_panels(cli: Any) -> None:
    result = cli("--help")
    assert result.code == 0
    text = result.out
    panels = [text.index(f"─ {name} ─") for name in ("Models", "Coalitions", "Data", "About")]
    assert panels == sorted(panels)
    order = [
        "formation",
        "realign",
        "maintain",
        "burden",
        "legitimacy",
        "coalition",
        "data",
        "cite",
        "version",
    ]
    places = [text.index(f"│ {name} ") for name in order]
    assert places == sorted(places)
    assert panels[0] < places[0] and places[4] < panels[1] < places[5] < panels[2] < places[6] < panels[3]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("maintain", "--rng", "abc"), "Invalid value for '--rng'"),
        (("realign", "--bogus"), "No such option: --bogus"),
        (("legitimacy",), "Missing argument"),
        (("coalition", "plan", MISSION, "--draws", "-1"), "--draws"),
    ],
)
def test_usage_errors_are_one_line_with_where_to_look(cli: Any, args: tuple[str, ...], message: str) -> None:
    result = cli(*args)
    assert result.code == 2
    assert result.err.startswith("error: ") and message in result.err
    assert f"(see 'alliancelab {args[0]}" in result.err and result.err.count("\n") == 1
    assert result.out == ""


def test_bare_group_still_shows_its_help(cli: Any) -> None:
    result = cli("data")
    assert "build" in result.err + result.out and "fetch" in result.err + result.out


@pytest.mark.parametrize(
    "args",
    [
        ("formation", "--case", CASE, "--plot", "{tmp}/fig.xyz"),
        ("formation", "--sweep", "d=0:1:3", "--plot", "{tmp}/fig.jpg"),
        ("coalition", "plan", MISSION, "--draws", "0", "--plot", "{tmp}/fig.xyz"),
        ("burden", "--plot", "{tmp}/fig.xyz"),
        ("legitimacy", "{tmp}/states.csv", "--out", "{tmp}/scores.txt"),
        ("maintain", "--years", "3", "--out", "{tmp}/path"),
        ("maintain", "--years", "3", "--out", "{tmp}/states.csv/path.csv"),
    ],
)
def test_bad_output_paths_fail_before_any_work(cli: Any, tmp_path: Path, args: tuple[str, ...]) -> None:
    (tmp_path / "states.csv").write_text(STATES, encoding="utf-8")
    result = cli(*(a.format(tmp=tmp_path) for a in args))
    assert result.code == 2
    assert (
        result.err.startswith("error: --") and result.err.count("\n") == 1 and "Traceback" not in result.err
    )
    assert result.out == ""
    assert [p.name for p in tmp_path.iterdir()] == ["states.csv"]  # nothing written, no temporary left


def test_unwritable_output_is_one_line(cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An output that fails on writing (here a folder made read-only after the checks) is one line too."""
    import pandas as pd

    def refuse(_frame: Any, path: Any, **_kwargs: Any) -> None:
        raise PermissionError(13, "Permission denied", str(path))  # names the temporary file being written

    monkeypatch.setattr(pd.DataFrame, "to_csv", refuse)
    result = cli("maintain", "--years", "3", "--rng", "1", "--out", str(tmp_path / "x.csv"))
    assert result.code == 2
    assert result.err == f"error: Permission denied: {tmp_path / 'x.csv'}\n"  # the user's path
    assert list(tmp_path.iterdir()) == []


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_coalition_progress_bar_only_on_a_terminal_stderr(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    args = ("coalition", "plan", MISSION, "--draws", "200", "--rng", "2", "--json")
    quiet = cli(*args)  # stderr captured by pytest: not a terminal, so no carriage-return lines
    assert quiet.code == 0 and quiet.err == ""
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    shown = cli(*args)
    assert shown.code == 0
    assert "coalition programs" in terminal.getvalue()  # the bar went to (the terminal's) stderr ...
    assert json.loads(shown.out)["provenance"]["seed"] == 2  # ... and stdout is still one JSON object


MARKUP = "[/] [red]Côte d'Ivoire[/red] [bold"


@pytest.mark.parametrize(
    "command",
    [
        ("formation", "--case", "{case}", "--explain"),
        ("realign", "--case", "{case}"),
        ("maintain", "--case", "{case}", "--years", "3", "--rng", "1", "--out", "{tmp}/path.csv"),
        ("legitimacy", "{states}", "--out", "{tmp}/scores.csv"),
        ("coalition", "plan", "{mission}", "--draws", "0"),
    ],
    ids=lambda args: args[0] if args[0] != "coalition" else "coalition plan",
)
def test_user_text_is_printed_as_it_is_never_as_markup(
    cli: Any, tmp_path: Path, command: tuple[str, ...]
) -> None:
    """A name with "[/]" once crashed with MarkupError (in maintain after writing --out); "[red]" vanished."""
    root = Path(__file__).parents[2] / "src/alliancelab/cases"
    case = tmp_path / "case.toml"
    case.write_text(
        (root / "formation/us-pakistan-1954.toml")
        .read_text("utf-8")
        .replace('title = "United States', f'title = "{MARKUP} United States'),
        encoding="utf-8",
    )
    mission = tmp_path / "mission.toml"
    mission.write_text(
        (root / "missions/example-mission.toml")
        .read_text("utf-8")
        .replace('name = "Coastal', f'name = "{MARKUP}'),
        encoding="utf-8",
    )
    states = tmp_path / "states.csv"
    states.write_text(STATES.replace("India", f'"{MARKUP}"'), encoding="utf-8")
    (tmp_path / "path.csv").write_text("old")
    places = {"case": case, "mission": mission, "states": states, "tmp": tmp_path}
    result = cli(*(a.format(**places) for a in command))
    assert result.code == 0, result.err
    shown = " ".join(result.out.replace("│", " ").split())
    assert "[/] [red]Côte" in shown  # printed as typed (a table may wrap the rest of the name)
    if command[0] == "maintain":  # the run succeeded, so its output replaced the old file
        assert (tmp_path / "path.csv").read_text().startswith("dyad,")


DOCS_CLI = Path(__file__).parents[2] / "docs" / "cli"


@pytest.mark.parametrize(
    ("args", "seed"), JSON_COMMANDS, ids=lambda v: " ".join(v) if isinstance(v, tuple) else ""
)
def test_every_json_key_is_documented(
    cli: Any, tmp_path: Path, args: tuple[str, ...], seed: int | None
) -> None:
    """docs/cli/COMMAND.md names every key the command's --json prints, at the top and one level down.

    Left out: provenance (documented once, on docs/cli/index.md), parameter objects documented as "every
    field of" their class, and maps keyed by state names."""
    states = tmp_path / "states.csv"
    states.write_text(STATES, encoding="utf-8")
    body = json.loads(cli(*(a.format(states=states) for a in args), "--json").out)
    page = (DOCS_CLI / f"{args[0]}.md").read_text("utf-8")
    keys = set(body)
    whole_objects = {"provenance", "parameters", "leader", "rival_terms", "cost_shares", "sweep"}
    for name, value in body.items():
        if name in whole_objects:
            continue
        if isinstance(value, dict):
            keys |= set(value)
        if isinstance(value, list) and value and isinstance(value[0], dict):
            keys |= set(value[0])
    missing = sorted(k for k in keys if f"`{k}`" not in page)
    assert missing == [], f"docs/cli/{args[0]}.md does not name {missing}"


def _commands() -> list[tuple[str, Any]]:
    import click
    import typer

    from alliancelab.cli import app

    root = typer.main.get_command(app)
    context = click.Context(root)
    found: list[tuple[str, Any]] = []

    def walk(command: Any, path: str) -> None:
        if hasattr(command, "list_commands"):
            for name in command.list_commands(context):
                walk(command.get_command(context, name), f"{path} {name}".strip())
        else:
            found.append((path, command))

    walk(root, "")
    return found


def test_every_option_shows_what_it_takes_in_one_help_style() -> None:
    """Every value an option or argument takes is named (NUM, FILE, DIR, N, NAME|FILE ...): no typer
    defaults such as ``<int range>``, ``<path>`` or ``<list[str]>``, and no help text that rich markup
    would eat (``[default: ...]`` written by hand vanishes from the help)."""
    commands = _commands()
    assert len(commands) > 25  # every leaf command, nested groups included
    unnamed, eaten = [], []
    for path, command in commands:
        for param in command.params:
            if getattr(param, "is_flag", False) or getattr(param, "hidden", False):
                continue
            if param.metavar is None:
                unnamed.append(f"{path} {param.name}")
            help_text = getattr(param, "help", None) or ""
            if re.search(r"(?<!\\)\[[A-Za-z/@#]", help_text):  # a rich markup tag, not "[0, 1]"
                eaten.append(f"{path} {param.name}: {help_text}")
    assert not unnamed, f"options without a metavar: {unnamed}"
    assert not eaten, f"help with [...] that rich would drop: {eaten}"
