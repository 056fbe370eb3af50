"""Prepared tables kept on disk (``builders._stored``): the same table back, remade when damaged or stale."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from alliancelab.data.builders import _stored, _tables
from alliancelab.data.readers import clear_cache


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ALLIANCELAB_CACHE", str(tmp_path))
    return tmp_path / "parquet"


def test_a_stored_table_comes_back_identical_and_is_remade_when_damaged(data_dir: Path, cache: Path) -> None:
    made = _tables._PREPARERS["atop"]()
    first = _stored.load_or_make("atop", ("atop_alliance",), Path(_tables.__file__), lambda: made)
    assert first is made  # nothing stored yet: made, and stored
    (stored,) = cache.glob(_stored.PATTERN)
    loaded = _stored.load_or_make("atop", ("atop_alliance",), Path(_tables.__file__), _fail)
    pd.testing.assert_frame_equal(loaded, made, check_exact=True)  # Int8 masks, int64 keys: as made
    stored.write_bytes(b"not a zip file")
    again = _stored.load_or_make("atop", ("atop_alliance",), Path(_tables.__file__), lambda: made)
    assert again is made and len(list(cache.glob(_stored.PATTERN))) == 1
    assert clear_cache() >= 1 and not list(cache.glob(_stored.PATTERN))


def test_a_changed_preparing_module_makes_the_table_again(
    data_dir: Path, cache: Path, tmp_path: Path
) -> None:
    code = tmp_path / "preparer.py"
    code.write_text("# version 1\n")
    table = pd.DataFrame({"code": [2, 20], "year": [1990, 1990], "x": pd.array([1, None], dtype="Int32")})
    _stored.load_or_make("toy", ("cow_majors",), code, lambda: table)
    pd.testing.assert_frame_equal(_stored.load_or_make("toy", ("cow_majors",), code, _fail), table)
    code.write_text("# version 2, longer\n")
    os.utime(code, ns=(1, 1))
    remade = table.assign(x=pd.array([3, 4], dtype="Int32"))
    assert _stored.load_or_make("toy", ("cow_majors",), code, lambda: remade) is remade
    assert len(list(cache.glob("prepared-toy-*.npz"))) == 1  # the stale copy is gone


def test_tables_with_text_columns_are_not_stored(data_dir: Path, cache: Path) -> None:
    table = pd.DataFrame({"code": [2], "name": ["United States"]})
    _stored.load_or_make("texts", ("cow_majors",), Path(_tables.__file__), lambda: table)
    assert not list(cache.glob("prepared-texts-*.npz"))


def _fail() -> pd.DataFrame:
    raise AssertionError("the stored copy should have been used")
