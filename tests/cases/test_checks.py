"""The checks every case format shares (cases/checks.py); no format leans on another's private names."""

from __future__ import annotations

import ast
import codecs
from collections.abc import Callable
from pathlib import Path

import pytest
from episode_files import episode, write

import alliancelab.cases
from alliancelab.cases import case_path
from alliancelab.cases.episodes import load_episode
from alliancelab.cases.formation_case import load_formation_case
from alliancelab.errors import UserInputError

Encoder = Callable[[str], bytes]


def _case_text() -> str:
    return case_path("formation", "us-pakistan-1954").read_text(encoding="utf-8")


LOADERS = [(load_episode, episode), (load_formation_case, _case_text)]
BAD_BYTES = [
    (lambda text: codecs.BOM_UTF8 + text.encode(), "starts with a byte-order mark"),
    (
        lambda text: text.replace("title = ", "title = \u00e9", 1).encode("latin-1", errors="replace"),
        r"not UTF-8 text \(byte 0xe9",
    ),
]


@pytest.mark.parametrize(("load", "text"), LOADERS)
@pytest.mark.parametrize(("encode", "says"), BAD_BYTES)
def test_a_file_that_is_not_plain_utf8_is_one_line(
    tmp_path: Path, load: Callable[[Path], object], text: Callable[[], str], encode: Encoder, says: str
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_bytes(encode(text()))
    with pytest.raises(UserInputError, match=says) as info:
        load(bad)
    assert "\n" not in str(info.value) and str(bad) in str(info.value)


def test_an_episode_with_an_accent_in_utf8_loads(tmp_path: Path) -> None:
    text = episode().replace("Test episode", "Test \u00e9pisode")
    assert load_episode(write(tmp_path, text)).info.title == "Test \u00e9pisode"


def test_no_case_module_imports_a_private_name_of_another_module() -> None:
    """Formats share helpers through public names, so one format's refactoring cannot break another."""
    root = Path(alliancelab.cases.__file__).parent
    private = []
    for module in root.rglob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("alliancelab"):
                private += [f"{module.name}: {a.name}" for a in node.names if a.name.startswith("_")]
    assert private == []
