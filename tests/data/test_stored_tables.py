"""Prepared tables kept on disk (``builders._stored``): the same table back, remade when damaged or stale."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from alliancelab.data import _fingerprint, readers
from alliancelab.data.builders import _stored, _tables
from alliancelab.data.readers import clear_cache

CODE = _tables.PREPARER_CODE


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ALLIANCELAB_CACHE", str(tmp_path))
    return tmp_path / "parquet"


def test_a_stored_table_comes_back_identical_and_is_remade_when_damaged(data_dir: Path, cache: Path) -> None:
    made = _tables._PREPARERS["atop"]()
    first = _stored.load_or_make("atop", ("atop_alliance",), CODE, lambda: made)
    assert first is made  # nothing stored yet: made, and stored
    (stored,) = cache.glob(_stored.PATTERN)
    loaded = _stored.load_or_make("atop", ("atop_alliance",), CODE, _fail)
    pd.testing.assert_frame_equal(loaded, made, check_exact=True)  # Int8 masks, int64 keys: as made
    stored.write_bytes(b"not a zip file")
    again = _stored.load_or_make("atop", ("atop_alliance",), CODE, lambda: made)
    assert again is made and len(list(cache.glob(_stored.PATTERN))) == 1
    assert clear_cache() >= 1 and not list(cache.glob(_stored.PATTERN))


@pytest.mark.parametrize("changed", [CODE, readers.READER_CODE], ids=["preparer", "reader"])
def test_changed_code_makes_the_table_again_and_the_same_code_finds_it(
    data_dir: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, changed: tuple[str, ...]
) -> None:
    """The key covers the code that made the table: a new fingerprint of the preparing or the reading
    modules (a bug fix in how a file is parsed or prepared) makes it again; the same inputs find it."""
    table = pd.DataFrame({"code": [2, 20], "year": [1990, 1990], "x": pd.array([1, None], dtype="Int32")})
    assert _stored.load_or_make("toy", ("cow_majors",), CODE, lambda: table) is table
    pd.testing.assert_frame_equal(_stored.load_or_make("toy", ("cow_majors",), CODE, _fail), table)
    real = _fingerprint.code_fingerprint

    def fixed(*modules: str) -> str | None:
        digest = real(*modules)
        return f"{digest}-fixed" if modules == changed else digest

    monkeypatch.setattr(_stored, "code_fingerprint", fixed)
    monkeypatch.setattr(readers, "code_fingerprint", fixed)
    remade = table.assign(x=pd.array([3, 4], dtype="Int32"))
    assert _stored.load_or_make("toy", ("cow_majors",), CODE, lambda: remade) is remade
    pd.testing.assert_frame_equal(_stored.load_or_make("toy", ("cow_majors",), CODE, _fail), remade)
    assert len(list(cache.glob("prepared-toy-*.npz"))) == 1  # the stale copy is gone


def test_unreadable_code_keeps_nothing_on_disk(
    data_dir: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copy that cannot be dated by its code is never trusted: nothing is stored or loaded."""
    monkeypatch.setattr(_stored, "code_fingerprint", lambda *modules: None)
    table = pd.DataFrame({"code": [2], "year": [1990]})
    assert _stored.load_or_make("toy", ("cow_majors",), CODE, lambda: table) is table
    assert not list(cache.glob(_stored.PATTERN))


def test_the_fingerprint_is_computed_once_per_process(data_dir: Path, cache: Path) -> None:
    table = pd.DataFrame({"code": [2], "year": [1990]})
    _fingerprint.code_fingerprint.cache_clear()
    for _ in range(3):
        _stored.load_or_make("toy", ("cow_majors",), CODE, lambda: table)
    info = _fingerprint.code_fingerprint.cache_info()
    assert info.misses == 2 and info.hits == 4  # the preparers' and the readers' modules, once each


def test_the_fingerprint_follows_the_bytes_of_every_module_of_a_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Content, not modification time: a touched file keeps its fingerprint, an edited one (of any module
    of the package, including one added later) changes it; a module that cannot be found gives ``None``."""
    package = tmp_path / "toy_parsers"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "_csv.py").write_text("SEPARATOR = ','\n")
    monkeypatch.syspath_prepend(str(tmp_path))

    def fingerprint() -> str | None:
        _fingerprint.code_fingerprint.cache_clear()  # as a new process would
        return _fingerprint.code_fingerprint("toy_parsers")

    first = fingerprint()
    assert first is not None and len(first) == 64
    (package / "_csv.py").touch()
    assert fingerprint() == first
    (package / "_csv.py").write_text("SEPARATOR = ';'\n")
    edited = fingerprint()
    assert edited not in (None, first)
    (package / "_xlsx.py").write_text("SHEET = 0\n")
    assert fingerprint() not in (None, first, edited)
    assert _fingerprint.code_fingerprint("no_such_module_anywhere") is None


def test_tables_with_text_columns_are_not_stored(data_dir: Path, cache: Path) -> None:
    table = pd.DataFrame({"code": [2], "name": ["United States"]})
    _stored.load_or_make("texts", ("cow_majors",), CODE, lambda: table)
    assert not list(cache.glob("prepared-texts-*.npz"))


def _fail() -> pd.DataFrame:
    raise AssertionError("the stored copy should have been used")
