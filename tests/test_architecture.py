"""The layers of docs/architecture.md, enforced over the source with ``ast``: what may import what.

Every import in ``src/alliancelab`` is read, at module level and inside functions alike (a lazy import is
still a dependency). ``if TYPE_CHECKING:`` blocks are skipped: they never run. Names that moved upwards are
resolved by :func:`alliancelab._deprecation.moved_names` from a string, so a deprecation shim is no import.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "alliancelab"

FOUNDATION = {"__init__", "__main__", "errors", "io", "provenance", "references", "_validate", "_types",
              "_results", "_deprecation"}  # fmt: skip
# layer -> the layers it may import (its own included); cli (and __main__, which only runs it) may import all
ALLOWED: dict[str, set[str]] = {
    "foundation": {"foundation"},
    "theory": {"foundation", "theory"},
    "data": {"foundation", "data"},
    "coalition": {"foundation", "theory", "coalition"},
    "analysis": {"foundation", "theory", "data", "coalition", "analysis"},
    "sim": {"foundation", "theory", "data", "coalition", "analysis", "sim"},
    "cases": {"foundation", "theory", "data", "coalition", "analysis", "sim", "cases"},
    "report": {"foundation", "theory", "data", "coalition", "analysis", "sim", "cases", "report"},
    "commands": {
        "foundation",
        "theory",
        "data",
        "coalition",
        "analysis",
        "sim",
        "cases",
        "report",
        "commands",
    },
    "app": {"foundation", "theory", "data", "coalition", "analysis", "sim", "cases", "report", "app"},
}
THEORY_FORBIDS = ("pandas", "scipy", "matplotlib", "pyarrow", "pydantic", "statsmodels", "duckdb")


def _layer(module: str) -> str:
    """``alliancelab.theory.formation`` -> ``theory``; foundation modules and ``cli`` by name."""
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else "__init__"
    if top == "cli":
        return "cli"
    if top in FOUNDATION:
        return "foundation"
    return top


def _module_name(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts = parts[:-1] if len(parts) > 2 else [*parts[:-1], "__init__"]
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(path: Path) -> list[tuple[int, str]]:
    return imports_in(
        path.read_text(encoding="utf-8"), _module_name(path), is_package=path.name == "__init__.py"
    )


def imports_in(source: str, module: str, *, is_package: bool = False) -> list[tuple[int, str]]:
    """(line, imported module) of every import in ``source`` that can run; relative imports resolved.

    For ``from alliancelab.x import y`` both ``alliancelab.x`` and ``alliancelab.x.y`` are listed (``y`` may
    be a module); a name that is not a module still maps to the layer of ``alliancelab.x``.
    """
    package = module if is_package else module.rsplit(".", 1)[0]
    found: list[tuple[int, str]] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.append((node.lineno, base))
            if base == "alliancelab":
                found.extend((node.lineno, f"{base}.{alias.name}") for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(source))
    return found


SOURCES = sorted(SRC.rglob("*.py"))


def test_every_folder_belongs_to_a_layer() -> None:
    unknown = {_layer(_module_name(p)) for p in SOURCES} - set(ALLOWED) - {"cli"}
    assert not unknown, f"place {sorted(unknown)} in docs/architecture.md and in ALLOWED here"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_module_imports_an_upper_layer(path: Path) -> None:
    layer = _layer(_module_name(path))
    if layer == "cli" or path.name == "__main__.py":
        return
    upward = [
        f"line {line}: {target} ({_layer(target)})"
        for line, target in _imports(path)
        if target.startswith("alliancelab.") and _layer(target) not in ALLOWED[layer] | {"__init__"}
    ]
    assert not upward, f"{path.relative_to(SRC)} ({layer}) imports an upper layer: {'; '.join(upward)}"


@pytest.mark.parametrize(
    "path", sorted((SRC / "theory").rglob("*.py")), ids=lambda p: str(p.relative_to(SRC))
)
def test_theory_is_numpy_only(path: Path) -> None:
    heavy = [
        f"line {line}: {target}" for line, target in _imports(path) if target.split(".")[0] in THEORY_FORBIDS
    ]
    assert not heavy, f"theory/{path.relative_to(SRC / 'theory')} imports {', '.join(heavy)}"


@pytest.mark.parametrize(
    "path",
    sorted([*(SRC / "theory").rglob("*.py"), *(SRC / "coalition").rglob("*.py")]),
    ids=lambda p: str(p.relative_to(SRC)),
)
def test_model_layers_import_no_pydantic(path: Path) -> None:
    """Parameter objects of the models are frozen dataclasses; pydantic is for file schemas, in cases/
    (``cases/missions.py`` is the schema of the coalition market's mission files)."""
    found = [
        f"line {line}: {target}" for line, target in _imports(path) if target.split(".")[0] == "pydantic"
    ]
    assert not found, f"{path.relative_to(SRC)} imports {', '.join(found)}"


# what turns a user's file into objects, with errors naming the file: the case layer's, not a model's
FILE_LOADERS = (
    "alliancelab.io",
    "alliancelab.cases",
    "tomllib",
    "alliancelab._validate.user_error_from_validation",
)


@pytest.mark.parametrize(
    "path",
    sorted([*(SRC / "theory").rglob("*.py"), *(SRC / "coalition").rglob("*.py")]),
    ids=lambda p: str(p.relative_to(SRC)),
)
def test_model_layers_hold_no_file_loaders(path: Path) -> None:
    """Case files and their loaders live in cases/ (``cases/missions.py`` reads missions): a model module
    neither reads files nor turns a file's validation errors into messages. ``coalition.mission.Mission``
    stays below, as the market's parameter object (a frozen dataclass), which the model and the composed
    world take."""
    source = path.read_text(encoding="utf-8")
    loaders = [f"line {line}: {target}" for line, target in _imports(path) if target.startswith(FILE_LOADERS)]
    loaders += [
        f"calls {name}" for name in ("user_error_from_validation(", "read_toml(", "open(") if name in source
    ]
    assert not loaders, f"{path.relative_to(SRC)}: {', '.join(loaders)}"


def test_one_helper_once() -> None:
    """The type aliases and the float coercion are defined in alliancelab/_types.py only."""
    copies = []
    for path in SOURCES:
        if path.name == "_types.py":
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef) and node.name in {"_f", "as_float"}:
                copies.append(f"{path.relative_to(SRC)}: def {node.name}")
            targets = node.targets if isinstance(node, ast.Assign) else []
            names = {t.id for t in targets if isinstance(t, ast.Name)}
            copies += [
                f"{path.relative_to(SRC)}: {n}"
                for n in names & {"FloatArray", "BoolArray", "IntArray", "Real"}
            ]
    assert not copies, f"import these from alliancelab._types instead: {copies}"


def test_the_checker_sees_lazy_relative_and_package_imports() -> None:
    """The rules cannot pass vacuously: imports inside functions, relative and ``from alliancelab`` count."""
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    import matplotlib\n"
        "def f():\n    import pandas\n    from ..report import style\n    from alliancelab import cli\n"
    )
    found = {target for _, target in imports_in(source, "alliancelab.theory.probe")}
    assert {"pandas", "alliancelab.report", "alliancelab.cli"} <= found
    assert "matplotlib" not in found  # type-only
    assert _layer("alliancelab.report") == "report" and "report" not in ALLOWED["theory"]
