"""`alliancelab --help` and `version` start fast: commands are imported only when they run or show help."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from alliancelab.cli import LAZY_COMMANDS, load_command

SRC = str(Path(__file__).parents[2] / "src")
HEAVY = ("pandas", "scipy", "matplotlib")


def _imported_modules(*args: str) -> set[str]:
    """The modules ``python -X importtime -m alliancelab ARGS`` imports (a fresh interpreter)."""
    env = {**os.environ, "PYTHONPATH": SRC}
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "alliancelab", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )
    return {
        line.rsplit("|", 1)[-1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:")
    }


@pytest.mark.parametrize("args", [("--help",), ("version",)])
def test_start_up_imports_no_heavy_library(args: tuple[str, ...]) -> None:
    modules = _imported_modules(*args)
    assert "alliancelab.cli" in modules  # the measurement saw the package
    heavy = sorted(m for m in modules if m.split(".")[0] in HEAVY)
    assert heavy == [], f"alliancelab {' '.join(args)} imports {heavy[:5]}"
    assert not any(m.startswith("alliancelab.theory") for m in modules)


def test_a_command_imports_only_its_own_module() -> None:
    # sys.modules, not -X importtime: importlib.import_module's own module gets no importtime line
    code = (
        "import sys; from alliancelab.cli import run; run(['burden', '--help']); print(*sorted(sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": SRC},
        timeout=60,
        check=True,
    )
    modules = set(done.stdout.split())
    assert "alliancelab.commands.burden" in modules
    assert "alliancelab.commands.formation" not in modules and "alliancelab.commands.coalition" not in modules


def test_help_lists_every_command_with_its_own_first_line(cli: Any) -> None:
    """The static table's one-line help is the command's own: the two cannot drift apart."""
    text = " ".join(cli("--help").out.replace("│", " ").split())
    for entry in LAZY_COMMANDS:
        command = load_command(entry)
        first_line = (command.help or "").strip().splitlines()[0]
        assert first_line == entry.help, entry.name
        assert f"{entry.name} {entry.help}" in text


def test_every_command_module_is_registered() -> None:
    """A command module nobody registers would be dead code: every one is in the table."""
    folder = Path(SRC) / "alliancelab" / "commands"
    modules = {p.stem for p in folder.glob("*.py") if not p.stem.startswith("_")}
    registered = {m.rsplit(".", 1)[-1] for entry in LAZY_COMMANDS for m in entry.modules}
    assert modules == registered


def test_unknown_command_suggests_the_closest(cli: Any) -> None:
    result = cli("formaton")
    assert result.code == 2 and "formaton" in result.err and result.err.count("\n") == 1
