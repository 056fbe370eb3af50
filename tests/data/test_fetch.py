"""`fetch`, offline: a local HTTP server on 127.0.0.1 serves the data folder (with HTTP Range support)."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from alliancelab.data import read
from alliancelab.data.fetch import fetch, sha256_of
from alliancelab.data.sources import file_record, get_source
from alliancelab.errors import DataError

pytestmark = pytest.mark.data


@dataclass
class Mirror:
    url: str
    root: Path
    requests: list[tuple[str, str | None, int]] = field(default_factory=list)  # (path, Range, status)
    honour_range: bool = True
    cut_after: int | None = None  # send only this many bytes, then drop the connection


def _handler(mirror: Mirror) -> type[SimpleHTTPRequestHandler]:
    class RangeHandler(SimpleHTTPRequestHandler):
        """Serves ``mirror.root``; answers ``Range: bytes=N-`` with 206 (or ignores it when told to)."""

        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=str(mirror.root), **kwargs)  # type: ignore[arg-type]

        def do_GET(self) -> None:
            wanted = self.headers.get("Range")
            path = Path(self.translate_path(self.path))
            if not path.is_file():
                mirror.requests.append((self.path, wanted, 404))
                self.send_error(404)
                return
            body = path.read_bytes()
            start = int(wanted.removeprefix("bytes=").rstrip("-")) if wanted and mirror.honour_range else 0
            if start >= len(body) and start > 0:
                mirror.requests.append((self.path, wanted, 416))
                self.send_error(416)
                return
            status = 206 if start else 200
            mirror.requests.append((self.path, wanted, status))
            self.send_response(status)
            self.send_header("Content-Length", str(len(body) - start))
            if status == 206:
                self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
            self.end_headers()
            if mirror.cut_after is not None:
                self.wfile.write(body[start : start + mirror.cut_after])
                self.wfile.flush()
                self.close_connection = True
                return
            self.wfile.write(body[start:])

        def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
            return

    return RangeHandler


def _serve(root: Path) -> Iterator[Mirror]:
    mirror = Mirror(url="", root=root)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(mirror))
    server.daemon_threads = True
    mirror.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    stopper = threading.Timer(120.0, server.shutdown)  # bounded: stops by itself even if a test hangs
    stopper.daemon = True
    stopper.start()
    try:
        yield mirror
    finally:
        stopper.cancel()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def mirror(data_dir: Path) -> Iterator[Mirror]:
    yield from _serve(data_dir)


@pytest.fixture
def dest(tmp_path: Path) -> Path:
    return tmp_path / "cache" / "data"


def test_fetch_downloads_verifies_and_feeds_the_readers(
    mirror: Mirror, dest: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    paths = fetch(["cow_majors", "gw_states", "ipi_monthly"], mirror=mirror.url, dest=dest)
    assert [p.relative_to(dest).as_posix() for p in paths] == [
        "peacesciencer/cow_majors.rda",
        "peacesciencer/gw_states.rda",
        "ipi_peacekeeping/data_monthly.csv",
    ]
    for path in paths:
        assert sha256_of(path) == file_record(path.relative_to(dest).as_posix()).sha256
    assert not list(dest.rglob("*.part"))
    monkeypatch.setenv("ALLIANCELAB_DATA", str(dest))
    monkeypatch.setenv("ALLIANCELAB_CACHE", str(tmp_path / "parsed"))
    assert len(read("cow_majors")) == 14


def test_verified_copies_are_not_downloaded_again_unless_forced(mirror: Mirror, dest: Path) -> None:
    fetch(["cow_majors"], mirror=mirror.url, dest=dest)
    assert len(mirror.requests) == 1
    fetch(["cow_majors"], mirror=mirror.url, dest=dest)
    assert len(mirror.requests) == 1
    fetch(["cow_majors"], mirror=mirror.url, dest=dest, force=True)
    assert len(mirror.requests) == 2


def test_partial_download_is_resumed_with_a_range_request(mirror: Mirror, dest: Path) -> None:
    relative = "peacesciencer/cow_states.rda"
    full = (mirror.root / relative).read_bytes()
    part = dest / (relative + ".part")
    part.parent.mkdir(parents=True)
    part.write_bytes(full[:1500])
    (path,) = fetch(["cow_states"], mirror=mirror.url, dest=dest)
    assert mirror.requests == [("/" + relative, "bytes=1500-", 206)]
    assert path.read_bytes() == full and not part.exists()


def test_interrupted_download_keeps_the_part_and_the_next_fetch_resumes(mirror: Mirror, dest: Path) -> None:
    relative = "peacesciencer/cow_nmc.rda"
    full = (mirror.root / relative).read_bytes()
    mirror.cut_after = 100_000
    with pytest.raises(DataError, match="run the same fetch again to resume") as err:
        fetch(["cow_nmc"], mirror=mirror.url, dest=dest)
    assert "\n" not in str(err.value)
    part = dest / (relative + ".part")
    assert part.read_bytes() == full[:100_000]
    assert not (dest / relative).exists()
    mirror.cut_after = None
    (path,) = fetch(["cow_nmc"], mirror=mirror.url, dest=dest)
    assert mirror.requests[-1] == ("/" + relative, "bytes=100000-", 206)
    assert path.read_bytes() == full and not part.exists()


def test_server_that_ignores_range_still_gives_the_right_file(mirror: Mirror, dest: Path) -> None:
    mirror.honour_range = False
    relative = "peacesciencer/cow_states.rda"
    part = dest / (relative + ".part")
    part.parent.mkdir(parents=True)
    part.write_bytes(b"garbage that must not survive")
    (path,) = fetch(["cow_states"], mirror=mirror.url, dest=dest)
    assert mirror.requests[0][2] == 200
    assert sha256_of(path) == file_record(relative).sha256


def test_stale_part_longer_than_the_file_is_discarded(mirror: Mirror, dest: Path) -> None:
    relative = "peacesciencer/cow_majors.rda"
    part = dest / (relative + ".part")
    part.parent.mkdir(parents=True)
    part.write_bytes(b"x" * 5000)  # the real file has 394 bytes
    (path,) = fetch(["cow_majors"], mirror=mirror.url, dest=dest)
    assert sha256_of(path) == file_record(relative).sha256


def test_checksum_mismatch_leaves_no_file(data_dir: Path, tmp_path: Path, dest: Path) -> None:
    bad_root = tmp_path / "bad-mirror"
    target = bad_root / "peacesciencer" / "cow_majors.rda"
    target.parent.mkdir(parents=True)
    shutil.copyfile(data_dir / "peacesciencer" / "gw_states.rda", target)  # wrong bytes under the name
    for served in _serve(bad_root):
        with pytest.raises(DataError, match="checksum mismatch") as err:
            fetch(["cow_majors"], mirror=served.url, dest=dest)
        assert "\n" not in str(err.value)
    assert not (dest / "peacesciencer" / "cow_majors.rda").exists()
    assert not (dest / "peacesciencer" / "cow_majors.rda.part").exists()


def test_unreachable_mirror_is_one_line_and_writes_nothing(dest: Path) -> None:
    with pytest.raises(DataError, match=r"peacesciencer/cow_majors.rda: download from http://127.0.0.1:9/"):
        fetch(["cow_majors"], mirror="http://127.0.0.1:9", dest=dest)
    assert not (dest / "peacesciencer" / "cow_majors.rda").exists()


def test_missing_file_on_the_mirror(tmp_path: Path, dest: Path) -> None:
    empty = tmp_path / "empty-mirror"
    empty.mkdir()
    for served in _serve(empty):
        with pytest.raises(DataError, match="HTTP 404 Not Found"):
            fetch(["cow_majors"], mirror=served.url, dest=dest)
    assert not any(dest.rglob("*.rda"))


def test_unknown_name_fails_before_any_download(mirror: Mirror, dest: Path) -> None:
    with pytest.raises(DataError, match="did you mean cow_majors"):
        fetch(["cow_majors", "cow_major"], mirror=mirror.url, dest=dest)
    assert mirror.requests == []


def test_mirror_from_the_environment_and_default_destination(
    mirror: Mirror, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ALLIANCELAB_DATA_MIRROR", mirror.url)
    monkeypatch.setenv("ALLIANCELAB_CACHE", str(tmp_path / "usercache"))
    (path,) = fetch(["td_rivalries"])
    assert path == tmp_path / "usercache" / "data" / get_source("td_rivalries").files[0]
    assert len(mirror.requests) == 1


def test_range_past_the_end_of_a_smaller_served_file_restarts_then_fails_checksum(
    tmp_path: Path, dest: Path
) -> None:
    bad_root = tmp_path / "small-mirror"
    served_file = bad_root / "peacesciencer" / "cow_nmc.rda"
    served_file.parent.mkdir(parents=True)
    served_file.write_bytes(b"tiny")
    part = dest / "peacesciencer" / "cow_nmc.rda.part"
    part.parent.mkdir(parents=True)
    part.write_bytes(b"y" * 1000)
    for served in _serve(bad_root):
        with pytest.raises(DataError, match="checksum mismatch"):
            fetch(["cow_nmc"], mirror=served.url, dest=dest)
        assert [status for _, _, status in served.requests] == [416, 200]
    assert not part.exists() and not (dest / "peacesciencer" / "cow_nmc.rda").exists()
