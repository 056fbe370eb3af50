"""The documentation executes: every fenced code block of README.md and docs/**/*.md is run or checked.

* ```python blocks run in order, one namespace per page, in a temporary working directory (the folder
  ``src`` of the checkout is linked into it, so documented paths such as
  ``src/alliancelab/cases/missions/example-mission.toml`` work as they do in a checkout).
* Each line of a ```shell / ```sh / ```bash / ```console
  block that starts with ``alliancelab `` (after an optional
  ``$ ``) runs in-process through :func:`alliancelab.cli.run` and must exit with 0. ``> FILE`` redirects the
  output to a file; ``\\`` continues a line. A ```text block that starts with ``$ alliancelab ...`` is a
  transcript: the command runs and its documented output must appear in the real output.
* ```toml blocks must parse.
* Blocks and lines that need the real data (``alliancelab data ...``, Python that imports
  ``alliancelab.data``) request the ``data_dir`` fixture, so they skip or fail exactly as it does.
* Lines that cannot run in a test are skipped through ``NOT_RUN`` below, each with its reason.
* Every block carries a language tag; an untagged block (which would hide commands from this test) fails.

Each block is one test, with the id ``page:line`` (the line of the opening fence).
"""

from __future__ import annotations

import ast
import importlib.util
import re
import shlex
import shutil
import sys
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from alliancelab.cli import run

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]

SHELL_LANGUAGES = {"shell", "sh", "bash", "console"}
KNOWN_LANGUAGES = SHELL_LANGUAGES | {"python", "toml", "text"}

# Command lines in the docs that a test cannot run, by their first words, with the reason.
NOT_RUN = {
    "make run": "creates .venv and runs every worked case (Makefile target): minutes, and not in-process",
    "make test": "runs this test suite itself",
    "alliancelab data fetch": "downloads from the internet; tests/data/test_fetch.py covers fetch offline",
}

# Input files that documented commands name but the checkout does not ship: made here from the shipped
# example they stand for. (The example tables the docs use ship in src/alliancelab/cases/examples/.)


def _make_inputs(workdir: Path) -> None:
    (workdir / "src").symlink_to(ROOT / "src", target_is_directory=True)
    case = (ROOT / "src/alliancelab/cases/formation/us-pakistan-1954.toml").read_text(encoding="utf-8")
    (workdir / "pakistan-1959.toml").write_text(
        case.replace('name = "us-pakistan-1954"', 'name = "pakistan-1959"'), encoding="utf-8"
    )
    shutil.copy(ROOT / "src/alliancelab/cases/missions/example-mission.toml", workdir / "my-mission.toml")


@dataclass(frozen=True)
class Block:
    page: str  # relative to the checkout
    line: int  # line of the opening fence
    language: str
    code: str

    @property
    def id(self) -> str:
        return f"{self.page}:{self.line}"


_FENCE = re.compile(r"^(\s*)(```+)\s*([\w+-]*)\s*$")


def parse_blocks(text: str, page: str) -> list[Block]:
    """Every fenced block of a Markdown page (fences of three or more backticks, possibly indented)."""
    blocks: list[Block] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        match = _FENCE.match(lines[i])
        if not match:
            i += 1
            continue
        indent, fence, language = match.groups()
        start, body = i + 1, []
        i += 1
        while i < len(lines) and lines[i].strip() != fence:
            body.append(lines[i][len(indent) :] if lines[i].startswith(indent) else lines[i])
            i += 1
        if i == len(lines):
            raise AssertionError(f"{page}:{start}: unclosed code fence")
        blocks.append(Block(page, start, language.lower(), "\n".join(body) + "\n"))
        i += 1
    return blocks


BLOCKS = [
    block for path in PAGES for block in parse_blocks(path.read_text("utf-8"), str(path.relative_to(ROOT)))
]


def _needs_data(code: str) -> bool:
    return re.search(r"^\s*(from|import)\s+alliancelab\.data\b", code, re.MULTILINE) is not None


def shell_commands(code: str) -> list[tuple[int, str]]:
    """(line offset, command) of each ``alliancelab``/``make`` line of a shell block, continuations joined."""
    commands: list[tuple[int, str]] = []
    pending, first = "", 0
    for offset, raw in enumerate(code.splitlines(), start=1):
        line = raw.strip()
        if not pending:
            first = offset
        if line.startswith("$ "):
            line = line[2:]
        if line.endswith("\\"):
            pending += line[:-1].rstrip() + " "
            continue
        command, pending = (pending + line).strip(), ""
        if command.startswith(("alliancelab ", "make ")):
            commands.append((first, command))
    return commands


def _skip_reason(command: str) -> str | None:
    return next((why for prefix, why in NOT_RUN.items() if command.startswith(prefix)), None)


# ---------------------------------------------------------------------------------------------------------
# python blocks: one namespace and one working directory per page, shared by its blocks in order. Under
# pytest-xdist a page's blocks may land on different workers, so a test whose predecessors did not run in
# this process runs them first (as setup).


@dataclass
class _PageState:
    workdir: Path
    namespace: dict[str, Any]
    done: int  # how many python blocks of the page have run


_PAGE_STATE: dict[str, _PageState] = {}


def _python_blocks(page: str) -> list[Block]:
    return [b for b in BLOCKS if b.page == page and b.language == "python"]


def _documented_value(source_line: str) -> tuple[bool, Any]:
    """The value a trailing comment states, if it is a Python literal (``expr   # 0.26``)."""
    _, hash_, comment = source_line.partition("  # ")
    if not hash_:
        return False, None
    try:
        return True, ast.literal_eval(comment.strip())
    except (ValueError, SyntaxError):
        return False, None  # a prose comment


def _matches(value: Any, shown: Any) -> bool:
    """``value`` equals ``shown`` to the precision the docs print (0.26 accepts 0.255 up to 0.265)."""
    if isinstance(shown, tuple):
        return isinstance(value, tuple) and len(value) == len(shown) and all(map(_matches, value, shown))
    if isinstance(shown, float):
        decimals = len(repr(shown).partition(".")[2])
        return bool(abs(float(value) - shown) <= 0.5 * 10.0**-decimals + 1e-12)
    return bool(value == shown)


def _exec_block(block: Block, namespace: dict[str, Any]) -> None:
    """Run a block statement by statement; an expression whose comment is a literal must equal it."""
    source = "\n" * block.line + block.code  # padded: tracebacks give the line number of the page
    lines = source.splitlines()
    try:
        for node in ast.parse(source, block.page).body:
            stated, shown = _documented_value(lines[(node.end_lineno or node.lineno) - 1])
            if isinstance(node, ast.Expr) and stated:
                value = eval(compile(ast.Expression(node.value), block.page, "eval"), namespace)
                assert _matches(value, shown), (
                    f"{block.page}:{node.lineno}: documented {shown!r}, got {value!r}"
                )
            else:
                exec(compile(ast.Module([node], type_ignores=[]), block.page, "exec"), namespace)
    finally:
        plt.close("all")


PYTHON = [b for b in BLOCKS if b.language == "python"]


def _python_needs_data(block: Block) -> bool:
    page_blocks = _python_blocks(block.page)
    return any(_needs_data(b.code) for b in page_blocks[: page_blocks.index(block) + 1])


def _params(blocks: list[Block], needs_data: Callable[[Block], bool]) -> list[Any]:
    """One test per block, id ``page:line``; blocks that need the real data carry the ``data`` mark."""
    return [pytest.param(b, id=b.id, marks=[pytest.mark.data] if needs_data(b) else []) for b in blocks]


@pytest.mark.parametrize("block", _params(PYTHON, _python_needs_data))
def test_python_block(
    block: Block,
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page_blocks = _python_blocks(block.page)
    index = page_blocks.index(block)
    if _python_needs_data(block):
        request.getfixturevalue("data_dir")
    state = _PAGE_STATE.get(block.page)
    if state is None or state.done != index:
        workdir = tmp_path_factory.mktemp("docs")
        _make_inputs(workdir)
        state = _PageState(workdir, {"__name__": "__docs__"}, 0)
        _PAGE_STATE[block.page] = state
    monkeypatch.chdir(state.workdir)
    while state.done < index:  # earlier blocks of the page this one relies on
        _exec_block(page_blocks[state.done], state.namespace)
        state.done += 1
    state.done = -1  # a failure below leaves the page state unusable for later blocks
    _exec_block(block, state.namespace)
    state.done = index + 1


# ---------------------------------------------------------------------------------------------------------
# shell blocks


def _run_command(command: str, workdir: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """Run one documented ``alliancelab ...`` line in ``workdir``; returns its standard output."""
    words = shlex.split(command, comments=True)
    target = None
    if ">" in words:
        at = words.index(">")
        words, target = words[:at], words[at + 1 :]
        assert len(target) == 1, f"{command!r}: only `> FILE` redirection is supported here"
    capsys.readouterr()
    code = run(words[1:])
    plt.close("all")
    out, err = capsys.readouterr()
    assert code == 0, f"`{command}` exited with {code}:\n{err}{out[-2000:]}"
    if target and target[0] != "/dev/null":
        (workdir / target[0]).write_text(out, encoding="utf-8")
    return out


SHELL = [b for b in BLOCKS if b.language in SHELL_LANGUAGES]


def _shell_needs_data(block: Block) -> bool:
    return any(
        c.startswith("alliancelab data ") and not _skip_reason(c) for _, c in shell_commands(block.code)
    )


@pytest.mark.parametrize("block", _params(SHELL, _shell_needs_data))
def test_shell_block(
    block: Block,
    request: pytest.FixtureRequest,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    commands = shell_commands(block.code)
    assert commands, f"{block.id}: a shell block without an `alliancelab` command (tag it `text`)"
    runnable = [(offset, c) for offset, c in commands if _skip_reason(c) is None]
    if _shell_needs_data(block):
        request.getfixturevalue("data_dir")
    _make_inputs(tmp_path)
    monkeypatch.chdir(tmp_path)
    for _, command in runnable:
        _run_command(command, tmp_path, capsys)
    skipped = [f"line {block.line + o}: {_skip_reason(c)}" for o, c in commands if _skip_reason(c)]
    if skipped and not runnable:
        pytest.skip("; ".join(skipped))


def _normalise(text: str) -> str:
    """Words only: the docs show rich tables without their box-drawing borders, wrapped at another width."""
    return " ".join(re.sub("[\u2500-\u257f]", " ", text).split())


TRANSCRIPTS = [b for b in BLOCKS if b.language == "text" and b.code.startswith("$ alliancelab ")]


@pytest.mark.parametrize("block", TRANSCRIPTS, ids=[b.id for b in TRANSCRIPTS])
def test_transcript_block(
    block: Block, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A documented command with its output: the output shown must be what the command prints."""
    command, _, shown = block.code.partition("\n")
    _make_inputs(tmp_path)
    monkeypatch.chdir(tmp_path)
    out = _run_command(command[2:], tmp_path, capsys)
    assert _normalise(shown) in _normalise(out), f"{block.id}: the documented output differs:\n{out}"


# A ```text block of `error: ...` lines documents what bad input prints. Each line is reproduced from the
# shipped case with one edit (regex on the case file -> replacement), or, without an edit, by the case name.
CASE_FILE = ROOT / "src/alliancelab/cases/formation/us-pakistan-1954.toml"
ERROR_RECIPES: dict[str, tuple[str, str] | str] = {
    "unknown field 'parameters.phii'": (r"^phi = \{", "phii = {"),
    "'parameters.d.value'": (r"^d = \{ value = 0.6", 'd = { value = "high"'),
    "parameters.phi = -0.33": (r"^phi = \{ value = 0.33", "phi = { value = -0.33"),
    "leader.W = 0.75": (r"^W = \{ value = 0.25", "W = { value = 0.75"),
    "'parameters.omega0'": (r"^omega0 = \{.*$", "omega0 = 0.1"),
    "no formation case named 'us-pakistan-1945'": "us-pakistan-1945",
}
ERROR_LINES = [
    pytest.param(line, id=f"{b.id}+{offset}")
    for b in BLOCKS
    if b.language == "text" and b.code.startswith("error: ")
    for offset, line in enumerate(b.code.splitlines(), start=1)
]


@pytest.mark.parametrize("documented", ERROR_LINES)
def test_documented_error_is_what_the_command_prints(
    documented: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The error examples of the docs are real: "..." in a documented line stands for the rest."""
    recipe = next((r for key, r in ERROR_RECIPES.items() if key in documented), None)
    assert recipe is not None, f"no recipe in ERROR_RECIPES reproduces the documented {documented!r}"
    monkeypatch.chdir(tmp_path)
    if isinstance(recipe, str):
        case = recipe
    else:
        pattern, replacement = recipe
        text, edits = re.subn(pattern, replacement, CASE_FILE.read_text("utf-8"), count=1, flags=re.M)
        assert edits == 1, f"the recipe {pattern!r} no longer matches {CASE_FILE.name}"
        case = "my-case.toml"
        (tmp_path / case).write_text(text, encoding="utf-8")
    capsys.readouterr()
    assert run(["formation", "--case", case]) == 2
    printed = capsys.readouterr().err.strip()
    expected = ".*".join(re.escape(part) for part in documented.split("..."))
    assert re.fullmatch(expected, printed), f"documented:\n{documented}\nprinted:\n{printed}"


TOML = [b for b in BLOCKS if b.language == "toml"]


@pytest.mark.parametrize("block", TOML, ids=[b.id for b in TOML])
def test_toml_block_parses(block: Block, tmp_path: Path) -> None:
    """TOML examples parse; one with a ``[case]`` table is a whole formation case file and must load."""
    parsed = tomllib.loads(block.code)
    assert parsed, f"{block.id}: empty TOML"
    if "case" in parsed:
        from alliancelab.cases.formation_case import load_formation_case

        path = tmp_path / "example-case.toml"
        path.write_text(block.code, encoding="utf-8")
        case = load_formation_case(path)
        assert case.info.name == parsed["case"]["name"]


# ---------------------------------------------------------------------------------------------------------
# the collection itself


def test_every_block_has_a_known_language() -> None:
    untagged = [f"{b.id} ({b.language or 'no tag'})" for b in BLOCKS if b.language not in KNOWN_LANGUAGES]
    assert not untagged, f"tag these blocks with one of {sorted(KNOWN_LANGUAGES)}: {', '.join(untagged)}"


def test_text_blocks_hide_no_commands() -> None:
    """An `alliancelab` command in a ```text block is not run unless the block is a transcript."""
    hidden = [
        b.id
        for b in BLOCKS
        if b.language == "text" and b not in TRANSCRIPTS and re.search(r"^\$? ?alliancelab ", b.code, re.M)
    ]
    assert not hidden, f"commands in text blocks (tag them `shell`): {hidden}"


def test_the_collection_finds_every_page_and_skips_only_listed_lines() -> None:
    pages = {b.page for b in BLOCKS}
    assert {"README.md", "docs/models/formation.md", "docs/data.md"} <= pages
    assert len(PYTHON) >= 10 and len(SHELL) >= 15
    skipped = {c for b in SHELL for _, c in shell_commands(b.code) if _skip_reason(c)}
    assert skipped, "the allowlist matches no documented line: remove the stale entries"
    for prefix in NOT_RUN:
        assert any(c.startswith(prefix) for c in skipped), f"NOT_RUN entry {prefix!r} matches no line"


def test_parse_blocks_and_commands() -> None:
    """The parser sees indented fences, languages, continuations, `$ ` prompts and comments."""
    page = (
        "intro\n```shell\nalliancelab a --x 1 \\\n   --y 2   # note\necho hi\n```\n"
        "  ```python\n  x = 1\n  ```\n"
    )
    blocks = parse_blocks(page, "p.md")
    assert [(b.line, b.language) for b in blocks] == [(2, "shell"), (7, "python")]
    assert blocks[1].code == "x = 1\n"
    assert shell_commands(blocks[0].code) == [(1, "alliancelab a --x 1 --y 2   # note")]
    assert shell_commands("$ alliancelab data list   # all\n") == [(1, "alliancelab data list   # all")]


def test_block_ids_are_unique() -> None:
    ids = [b.id for b in BLOCKS]
    assert len(ids) == len(set(ids))


def test_the_checks_can_fail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A failing command, a raising block and a wrong documented value are each caught."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(AssertionError, match="exited with 2"):
        _run_command("alliancelab formation --d 7", tmp_path, capsys)
    with pytest.raises(ZeroDivisionError):
        _exec_block(Block("p.md", 1, "python", "x = 1\n1 / 0\n"), {})
    with pytest.raises(AssertionError, match=r"documented 0\.26, got 0\.27"):
        _exec_block(Block("p.md", 1, "python", "0.27   # 0.26\n"), {})
    namespace: dict[str, Any] = {}
    _exec_block(Block("p.md", 1, "python", "x = 0.2649\nx   # 0.26\n(x, 'a')  # (0.26, 'a')\n"), namespace)
    assert namespace["x"] == 0.2649
    _run_command("alliancelab formation --json > out.json", tmp_path, capsys)
    assert (tmp_path / "out.json").read_text(encoding="utf-8").startswith("{")


# ---------------------------------------------------------------------------------------------------------
# links, the claim index and the test names the docs cite

_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)|!\[[^\]]*\]\(([^)\s]+)\)")


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[`*_]", "", heading.strip().lower())
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", path.read_text("utf-8"), flags=re.S)
    return {_slug(m) for m in re.findall(r"^#+\s+(.*)$", text, re.M)}


def test_relative_links_resolve() -> None:
    """Every relative link and image of README and docs names an existing file (and heading, if any)."""
    broken = []
    for page in PAGES:
        text = re.sub(r"```.*?```", "", page.read_text("utf-8"), flags=re.S)
        for match in _LINK.finditer(text):
            target = match.group(1) or match.group(2)
            if re.match(r"[a-z]+:", target):
                continue  # http(s), mailto: not checked offline
            file, _, anchor = target.partition("#")
            resolved = (page.parent / file).resolve() if file else page
            if not resolved.exists():
                broken.append(f"{page.relative_to(ROOT)}: {target} (no such file)")
            elif anchor and resolved.suffix == ".md" and anchor not in _anchors(resolved):
                broken.append(f"{page.relative_to(ROOT)}: {target} (no such heading)")
    assert not broken, "broken links:\n" + "\n".join(broken)


def test_slug_matches_github() -> None:
    assert _slug("Worked case: US–Pakistan, 1954") == "worked-case-uspakistan-1954"
    assert _slug("Scoring a list of states (`alliancelab legitimacy`)") == (
        "scoring-a-list-of-states-alliancelab-legitimacy"
    )


def _load_claim_index() -> Any:
    spec = importlib.util.spec_from_file_location("make_claim_index", ROOT / "docs" / "make_claim_index.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_claim_index_is_current() -> None:
    index = _load_claim_index()
    current = index.PAGE.read_text(encoding="utf-8")
    assert index.updated_page(current) == current, (
        "docs/index.md is stale: run `python docs/make_claim_index.py`"
    )


MODELS_MD = ROOT.parent / "shared" / "docs" / "models.md"


def test_every_claim_of_the_spec_is_indexed_and_tested() -> None:
    """Each claim ID of models.md's claim tables is in the index with a test, unless documented as a
    conjecture or open question (G9, F6)."""
    if not MODELS_MD.is_file():
        pytest.skip(f"the working specification is not beside the checkout ({MODELS_MD})")
    specified = re.findall(r"^\|\s*([A-G]\d+)\s*\|", MODELS_MD.read_text("utf-8"), re.M)
    assert len(specified) >= 40
    indexed = {claim.id: claim for claim in _load_claim_index().claim_index()}
    missing = [i for i in specified if i not in indexed]
    untested = [i for i in specified if i in indexed and not indexed[i].tests and not indexed[i].untestable]
    assert not missing, f"claims of models.md that no docs page documents: {missing}"
    assert not untested, f"claims of models.md without a test_<ID>_ test: {untested}"
    assert {i for i in specified if indexed[i].untestable} == {"F6", "G9"}


def test_claim_index_parser(tmp_path: Path) -> None:
    """Rows, aliases, "see ..." rows, conjectures and test names are read as documented."""
    index = _load_claim_index()
    docs, tests = tmp_path / "docs", tmp_path / "tests"
    docs.mkdir()
    tests.mkdir()
    (docs / "m.md").write_text(
        "| ID | claim | test |\n|---|---|---|\n| A1 | rises \\| falls | `test_A1_x` |\n"
        "| D7 (A6) | shocks matter | |\n| E7 | see (e1) | |\n| E7 | burden rises | |\n"
        "| G9 | conjecture: fewer risks | |\n",
        encoding="utf-8",
    )
    (tests / "test_m.py").write_text("def test_A1_x():\n    pass\ndef test_A10_y():\n    pass\n", "utf-8")
    claims = index.documented_claims(docs)
    assert sorted(claims) == ["A1", "A6", "D7", "E7", "G9"]
    assert claims["A1"].text == "rises \\| falls" and claims["A6"].tested_as == "D7"
    assert claims["E7"].text == "burden rises"
    assert claims["G9"].untestable and not claims["A1"].untestable
    assert index.claim_tests(tests) == {
        "A1": [("tests/test_m.py", "test_A1_x")],
        "A10": [("tests/test_m.py", "test_A10_y")],
    }


def _defined_tests() -> dict[str, set[str]]:
    names: dict[str, set[str]] = {}
    for path in (ROOT / "tests").rglob("test_*.py"):
        for name in re.findall(r"^\s*def (test_\w+)", path.read_text("utf-8"), re.M):
            names.setdefault(name, set()).add(path.name)
    return names


def test_docs_name_existing_tests() -> None:
    """Every test the docs cite by name (`test_x`, `file.py::test_x`, `test_G7_*`) exists."""
    defined, stale = _defined_tests(), []
    for page in PAGES:
        for file, name in re.findall(r"`(?:([\w/]+\.py)::)?(test_[\w*]+)`", page.read_text("utf-8")):
            matches = [n for n in defined if n == name or (name.endswith("*") and n.startswith(name[:-1]))]
            if file:
                matches = [n for n in matches if Path(file).name in defined[n]]
            if not matches:
                stale.append(f"{page.relative_to(ROOT)}: {file + '::' if file else ''}{name}")
    assert not stale, "the docs cite tests that do not exist:\n" + "\n".join(stale)
