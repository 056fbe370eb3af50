"""The mutation runner (tools/mutants.py, `make mutants`): the list is valid and current, mutants apply to a
temporary copy only, and a snippet that is gone is reported stale rather than skipped."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load(name: str, path: Path):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


mutants = _load("mutants", ROOT / "tools" / "mutants.py")
claim_index = _load("make_claim_index", ROOT / "docs" / "make_claim_index.py")


def test_the_list_covers_every_claim_with_a_sign_and_a_removal_mutant() -> None:
    listed = mutants.load()
    assert mutants.coverage_gaps(listed) == []
    # every claim of the docs, through the ID whose tests check it (A6 is tested by D7's tests)
    needed = {claim.tested_as for claim in claim_index.documented_claims().values()}
    assert needed == {m.claim for m in listed}


def test_every_snippet_is_in_the_source_exactly_once(tmp_path: Path) -> None:
    """A refactoring that moves a snippet must update tools/mutants.toml (`make mutants` calls it stale)."""
    stale = {}
    for mutant in mutants.load():
        text = (ROOT / "src" / mutant.file).read_text(encoding="utf-8")
        if text.count(mutant.original) != 1:
            stale[mutant.id] = f"{text.count(mutant.original)} occurrences in src/{mutant.file}"
    assert stale == {}


def _copy(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(ROOT / "src" / "alliancelab" / "coalition", src / "alliancelab" / "coalition")
    return src


def test_a_mutant_changes_the_copy_and_never_the_working_tree(tmp_path: Path) -> None:
    mutant = next(m for m in mutants.load() if m.id == "G9-interest-lowers-risk")
    original = (ROOT / "src" / mutant.file).read_text(encoding="utf-8")
    src = _copy(tmp_path)
    assert mutants.apply(mutant, src) is None
    changed = (src / mutant.file).read_text(encoding="utf-8")
    assert mutant.replacement in changed and mutant.original not in changed
    assert changed == original.replace(mutant.original, mutant.replacement)
    assert (ROOT / "src" / mutant.file).read_text(encoding="utf-8") == original


def test_a_snippet_that_is_gone_is_stale_not_skipped(tmp_path: Path) -> None:
    src = _copy(tmp_path)
    gone = mutants.Mutant("X1-gone", "G9", "sign", "alliancelab/coalition/holdup.py", "no such code", "x")
    assert "found 0 times" in (mutants.apply(gone, src) or "")
    missing = mutants.Mutant("X2-moved", "G9", "sign", "alliancelab/coalition/moved.py", "a", "b")
    assert "no file" in (mutants.apply(missing, src) or "")
    twice = mutants.Mutant("X3-twice", "G9", "sign", "alliancelab/coalition/holdup.py", "import", "x")
    assert "need exactly 1" in (mutants.apply(twice, src) or "")
    result = mutants.Result(gone, "stale", 0.0, "snippet found 0 times")
    assert "stale: X1-gone" in mutants.summary([result])
    assert "| X1-gone | G9 | sign |" in mutants.table([result])


def test_a_malformed_entry_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[[mutant]]\nid = "a"\nclaim = "A1"\nkind = "flip"\nfile = "f"\noriginal = "x"\n'
                   'replacement = "y"\n', encoding="utf-8")  # fmt: skip
    with pytest.raises(ValueError, match="kind = 'flip'"):
        mutants.load(bad)
    bad.write_text('[[mutant]]\nid = "a"\nclaim = "A1"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="lacks file, kind, original, replacement"):
        mutants.load(bad)
