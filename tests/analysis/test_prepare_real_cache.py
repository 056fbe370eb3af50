"""The evidence frames' cache key changes with the code that builds them and with the data files."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

import alliancelab.data._fingerprint as fingerprint
from alliancelab.analysis import prepare_real


def _data_with(tmp_path: Path, data_dir: Path, relative: str) -> Path:
    """A data folder holding one file of the real one (the other data sets are absent)."""
    copy = tmp_path / "data" / relative
    copy.parent.mkdir(parents=True)
    shutil.copy2(data_dir / relative, copy)
    return copy


def test_the_key_follows_the_data_files_and_the_code(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = _data_with(tmp_path, data_dir, "peacesciencer/cow_majors.rda")
    monkeypatch.setenv("ALLIANCELAB_DATA", str(tmp_path / "data"))
    first = prepare_real._inputs_key()
    assert first is not None and prepare_real._inputs_key() == first  # the same inputs, the same key
    stat = copy.stat()
    os.utime(copy, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))  # an updated data file
    updated = prepare_real._inputs_key()
    assert updated is not None and updated != first
    copy.unlink()  # a data set removed
    removed = prepare_real._inputs_key()
    assert removed not in (first, updated)
    real = fingerprint.code_fingerprint
    monkeypatch.setattr(fingerprint, "code_fingerprint", lambda *m: "fixed " + str(real(*m)))
    assert prepare_real._inputs_key() not in (first, updated, removed)  # a fixed builder
    monkeypatch.setattr(fingerprint, "code_fingerprint", lambda *m: None)
    assert prepare_real._inputs_key() is None  # unreadable code: nothing is cached


def test_a_cached_frame_is_not_served_after_the_inputs_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every builder stubbed (no real data read): the same key serves the cache, a new key builds again."""
    calls: list[int] = []
    keys = iter(["aaaa", "aaaa", "bbbb"])
    monkeypatch.setattr(prepare_real, "_inputs_key", lambda: next(keys))

    def build(years: tuple[int, int]) -> pd.DataFrame:
        calls.append(1)
        return pd.DataFrame({"ccode": [2], "year": [years[0]]})

    for builder in ("state_years", "un_state_years", "us_dyad_years"):
        monkeypatch.setattr(prepare_real, builder, build)
    monkeypatch.setattr(prepare_real, "_with_burden", lambda frame: frame)
    nato = pd.DataFrame({"ccode": [2], "year": [1990], "nato": [1.0]})
    monkeypatch.setattr(prepare_real, "nato_members", lambda: nato)
    monkeypatch.setattr(prepare_real, "_adder", lambda name: None)
    prepare_real.real_tables((1990, 1990), cache=tmp_path)
    assert len(calls) == 3  # state_years, un_state_years and dyad_years, each built once
    prepare_real.real_tables((1990, 1990), cache=tmp_path)  # same key: from the cache
    assert len(calls) == 3
    prepare_real.real_tables((1990, 1990), cache=tmp_path)  # new key: built again
    assert len(calls) == 6
