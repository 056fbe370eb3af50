"""The checks every case format shares (cases/checks.py); no format leans on another's private names."""

from __future__ import annotations

import ast
import codecs
from pathlib import Path

from episode_files import episode

import alliancelab.cases
from alliancelab.cases.episodes import load_episode


def test_no_case_module_imports_a_private_name_of_another_module() -> None:
    """Formats share helpers through public names, so one format's refactoring cannot break another."""
    root = Path(alliancelab.cases.__file__).parent
    private = []
    for module in root.rglob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("alliancelab"):
                private += [f"{module.name}: {a.name}" for a in node.names if a.name.startswith("_")]
    assert private == []


def test_an_episode_saved_with_a_byte_order_mark_loads(tmp_path: Path) -> None:
    """Windows editors write a BOM; the one reader of user files (alliancelab.io) accepts it."""
    path = tmp_path / "bom.toml"
    path.write_bytes(codecs.BOM_UTF8 + episode().replace("Test episode", "Test \u00e9pisode").encode())
    assert load_episode(path).info.title == "Test \u00e9pisode"
