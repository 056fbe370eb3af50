"""The bad-input corpus: every malformed file and option set in tests/bad_inputs/ fails cleanly.

Each entry of ``tests/bad_inputs/inputs.toml`` runs ``alliancelab ARGS`` in-process and must give exit code
2, exactly one line on stderr (``error: ...`` containing the entry's message: the file, option or value),
nothing on stdout, no traceback, every pre-existing output unchanged and no new file, within a time limit.
``docs/reliability.md`` gives the counts of inputs and classes; a test keeps them in step.
"""

from __future__ import annotations

import re
import signal
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).parent / "bad_inputs"
CORPUS: list[dict[str, Any]] = tomllib.loads((HERE / "inputs.toml").read_text("utf-8"))["input"]
MISSION = Path(__file__).parents[1] / "src/alliancelab/cases/missions/example-mission.toml"
TIME_LIMIT_S = 30  # generous for a loaded CI machine; an unbounded sweep or parse would take minutes
RELIABILITY = Path(__file__).parents[1] / "docs/reliability.md"


class _TooSlow(Exception):
    pass


def _alarm(_signum: int, _frame: Any) -> None:
    raise _TooSlow


def _prepare(tmp: Path, entry: dict[str, Any]) -> dict[str, bytes]:
    """The test folder: the entry's existing outputs (known bytes), a sub-folder and the oversized files."""
    (tmp / "a-folder").mkdir()
    existing = {name: f"existing {name}, must survive\n".encode() for name in entry.get("existing", [])}
    for name, content in existing.items():
        (tmp / name).write_bytes(content)
    return existing


def _big(tmp: Path, suffix: str) -> Path:
    path = tmp / "big" / f"oversized{suffix}"
    path.parent.mkdir(exist_ok=True)
    with path.open("wb") as handle:
        handle.truncate(11 * 2**20)  # sparse: no disk or time spent
    return path


@pytest.mark.parametrize("entry", CORPUS, ids=[e["id"] for e in CORPUS])
def test_bad_input_fails_cleanly(
    cli: Any, tmp_path: Path, request: pytest.FixtureRequest, entry: dict[str, Any]
) -> None:
    if entry.get("needs_data"):
        request.getfixturevalue("data_dir")
    existing = _prepare(tmp_path, entry)
    places = {
        "files": str(HERE / "files"),
        "tmp": str(tmp_path),
        "mission": str(MISSION),
        "big_toml": str(_big(tmp_path, ".toml")) if "{big_toml}" in str(entry["args"]) else "",
        "big_csv": str(_big(tmp_path, ".csv")) if "{big_csv}" in str(entry["args"]) else "",
    }
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    args = [re.sub(r"\{(\w+)\}", lambda m: places[m.group(1)], a) for a in entry["args"]]
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(TIME_LIMIT_S)
    try:
        result = cli(*args)
    except _TooSlow:
        pytest.fail(f"alliancelab {' '.join(args)} ran over {TIME_LIMIT_S} s")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert result.code == 2, result.err
    assert "Traceback" not in result.err and result.out == ""
    assert result.err.count("\n") == 1 and result.err.startswith("error: "), result.err
    assert entry["message"] in result.err, result.err
    for name, content in existing.items():
        assert (tmp_path / name).read_bytes() == content, f"{name} was replaced"
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before  # nothing new, no temporary


def _leaf_commands() -> set[str]:
    """Every command a user can run, as its words (``burden free-riding``, ``data build``, ``version``)."""
    import typer

    from alliancelab.cli import LAZY_COMMANDS, app, load_command

    leaves = set(typer.main.get_group(app).commands)  # cite, version
    for entry in LAZY_COMMANDS:
        command = load_command(entry)
        leaves.add(entry.name)
        for sub, child in getattr(command, "commands", {}).items():
            if not child.hidden:
                leaves.add(f"{entry.name} {sub}")
    return leaves


def test_the_corpus_covers_every_command_and_class() -> None:
    covered = {" ".join(e["args"][:2]) for e in CORPUS} | {e["args"][0] for e in CORPUS}
    missing = sorted(c for c in _leaf_commands() if c not in covered)
    assert missing == [], f"no bad input for: {missing}"
    classes = Counter(e["class"] for e in CORPUS)
    expected = {
        "encoding",
        "size",
        "file content",
        "markup",
        "option value",
        "unbounded work",
        "output",
        "usage",
    }
    assert set(classes) == expected and min(classes.values()) >= 3
    assert len({e["id"] for e in CORPUS}) == len(CORPUS)


def test_reliability_page_states_the_counts() -> None:
    readme = (RELIABILITY.parents[1] / "README.md").read_text("utf-8")
    assert f"a corpus of {len(CORPUS)} bad inputs" in " ".join(readme.split())
    text = RELIABILITY.read_text("utf-8")
    files = len([p for p in (HERE / "files").iterdir() if p.is_file()])
    classes = len({e["class"] for e in CORPUS})
    assert (
        f"{len(CORPUS)} bad inputs" in text
        and f"{classes} classes" in text
        and f"{files} malformed files" in text
    )
    for name, count in Counter(e["class"] for e in CORPUS).items():
        assert f"| {name} | {count} |" in text, f"docs/reliability.md: the row of {name!r} should say {count}"
