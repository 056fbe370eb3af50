"""alliancelab.io: one reader for every user file (UTF-8, BOM accepted, size capped); outputs all or none."""

from __future__ import annotations

from pathlib import Path

import pytest

from alliancelab.errors import DataError
from alliancelab.io import MAX_INPUT_BYTES, atomic_outputs, atomic_path, read_csv, read_text, read_toml

TOML = 'name = "Pakistan [1954]"\nvalue = 1.5\n'


@pytest.mark.parametrize("prefix", [b"", b"\xef\xbb\xbf"], ids=["utf-8", "utf-8 with BOM"])
def test_utf8_with_or_without_a_byte_order_mark(tmp_path: Path, prefix: bytes) -> None:
    toml = tmp_path / "case.toml"
    toml.write_bytes(prefix + TOML.encode())
    assert read_toml(toml) == {"name": "Pakistan [1954]", "value": 1.5}
    csv = tmp_path / "states.csv"
    csv.write_bytes(prefix + "state,size\nCôte d'Ivoire,3\n".encode())
    frame = read_csv(csv)
    assert list(frame.columns) == ["state", "size"] and frame["state"][0] == "Côte d'Ivoire"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (TOML.encode("utf-16"), "the file is UTF-16; save it as UTF-8"),
        (TOML.encode("utf-16-le"), "not a text file (it contains NUL bytes); expected UTF-8 text"),
        (
            TOML.encode("latin-1").replace(b"1954", b"1954\xe9"),
            "byte 22 is not UTF-8 (0xe9); save the file as UTF-8",
        ),
        (bytes(range(256)), "not a text file (it contains NUL bytes); expected UTF-8 text"),
    ],
    ids=["utf-16", "utf-16 without BOM", "latin-1", "binary"],
)
def test_undecodable_files_are_one_line_naming_file_and_encoding(
    tmp_path: Path, data: bytes, message: str
) -> None:
    path = tmp_path / "case.toml"
    path.write_bytes(data)
    for reader in (read_text, read_toml, read_csv):
        with pytest.raises(DataError) as info:
            reader(path)
        assert str(info.value) == f"{path}: {message}"


def test_files_over_the_cap_are_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    with path.open("wb") as handle:
        handle.truncate(MAX_INPUT_BYTES + 1)  # sparse: no time or disk spent
    with pytest.raises(
        DataError, match=r"huge.toml: 10.0 MiB is larger than the 10 MiB input files may have"
    ):
        read_toml(path)


def test_missing_files_folders_and_syntax_errors(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="file not found"):
        read_text(tmp_path / "none.toml")
    with pytest.raises(DataError, match="is not a file"):
        read_text(tmp_path)
    bad = tmp_path / "bad.toml"
    bad.write_text("name = \n")
    with pytest.raises(DataError, match=r"bad.toml: not valid TOML: .*line 1"):
        read_toml(bad)
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(DataError, match="not a readable CSV table"):
        read_csv(empty)


def test_several_outputs_are_written_all_or_none(tmp_path: Path) -> None:
    table, figure = tmp_path / "path.csv", tmp_path / "path.png"
    table.write_text("old")
    with pytest.raises(RuntimeError), atomic_outputs(table, None, figure) as (t, none, f):
        assert none is None and t is not None and f is not None
        t.write_text("new")
        raise RuntimeError("the figure failed")
    assert table.read_text() == "old" and not figure.exists()  # nothing replaced, nothing new
    assert sorted(p.name for p in tmp_path.iterdir()) == ["path.csv"]  # no temporary left
    with atomic_outputs(table, figure) as (t, f):
        assert t is not None and f is not None
        t.write_text("new")
        f.write_bytes(b"png")
    assert table.read_text() == "new" and figure.read_bytes() == b"png"


def test_a_write_error_names_the_users_path_not_the_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    with pytest.raises(PermissionError) as info, atomic_path(target) as tmp:
        raise PermissionError(13, "Permission denied", str(tmp))
    assert info.value.filename == str(target)
