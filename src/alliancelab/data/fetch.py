"""Download the published data files into the user cache, verified, resumable and atomic.

Every file comes from the raw-file URL of its GitHub repository at the commit recorded in
``manifest.json`` (or from a mirror with the layout of ``shared/data``: ``--mirror URL`` or
``$ALLIANCELAB_DATA_MIRROR``). A download goes to ``<file>.part``; an interrupted one is resumed with an
HTTP ``Range`` request; the file is renamed into place only after its SHA-256 matches the manifest, so the
cache never holds a partial or wrong file under the real name. A checksum mismatch deletes the ``.part``.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import quote

from alliancelab.data.paths import cache_dir, locate
from alliancelab.data.registry import FileRecord, file_record, get_source, origin_url, source_names
from alliancelab.errors import DataError
from alliancelab.provenance import __version__

__all__ = ["FileStatus", "Progress", "fetch", "sha256_of", "verify"]

Progress = Callable[[str, int, int], None]
"""Called as ``progress(relative_name, bytes_done, bytes_total)`` while a file downloads."""

_CHUNK = 1 << 16
_TIMEOUT = 60.0


def sha256_of(path: Path) -> str:
    """The SHA-256 hex digest of the file at ``path``."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _url(record: FileRecord, mirror: str | None) -> str:
    if mirror:
        return mirror.rstrip("/") + "/" + quote(record.relative)
    return origin_url(record)


def _open(url: str, start: int) -> http.client.HTTPResponse | None:
    """The response for ``url`` from byte ``start``; ``None`` when the range starts past the end (416)."""
    request = urllib.request.Request(url, headers={"User-Agent": f"alliancelab/{__version__}"})
    if start > 0:
        request.add_header("Range", f"bytes={start}-")
    try:
        response: http.client.HTTPResponse = urllib.request.urlopen(request, timeout=_TIMEOUT)
    except urllib.error.HTTPError as err:
        if err.code == 416 and start > 0:
            return None
        raise
    return response


def _download(record: FileRecord, url: str, target: Path, progress: Progress | None) -> None:
    part = target.with_name(target.name + ".part")
    target.parent.mkdir(parents=True, exist_ok=True)
    start = part.stat().st_size if part.is_file() else 0
    if start > record.size:
        part.unlink()
        start = 0
    if start < record.size:
        response = _open(url, start)
        if response is None:  # the server says the .part is complete or stale: start again
            start = 0
            response = _open(url, 0)
        assert response is not None  # a request without a range is never answered 416
        if response.status != 206:  # the server ignored the range: start again from the first byte
            start = 0
        length = response.headers.get("Content-Length")
        announced = start + int(length) if length and length.isdigit() else None
        with response, open(part, "ab" if start else "wb") as out:
            done = start
            while block := response.read(_CHUNK):
                out.write(block)
                done += len(block)
                if progress is not None:
                    progress(record.relative, done, record.size)
        if announced is not None and done < announced:  # the connection ended early: keep the .part
            raise DataError(
                f"{record.relative}: download from {url} stopped after {done:,} of {announced:,} bytes; "
                "run the same fetch again to resume"
            )
    got = sha256_of(part)
    if got != record.sha256:
        part.unlink(missing_ok=True)
        raise DataError(
            f"{record.relative}: checksum mismatch (sha256 {got[:12]}…, expected {record.sha256[:12]}…) "
            f"from {url}; nothing was kept: check the mirror or retry `alliancelab data fetch --force`"
        )
    os.replace(part, target)


def fetch(
    names: Iterable[str] | None = None,
    *,
    mirror: str | None = None,
    force: bool = False,
    dest: Path | None = None,
    progress: Progress | None = None,
) -> list[Path]:
    """Download the files of the named data sets (all if ``names`` is empty) and return their paths.

    Files already in ``dest`` (default: the user cache) with the right checksum are kept unless
    ``force``. ``mirror`` (default ``$ALLIANCELAB_DATA_MIRROR``) replaces the GitHub origin with a base
    URL laid out like ``shared/data``. Network failures raise :class:`DataError` and keep the ``.part``
    file, so the next call resumes where this one stopped.
    """
    wanted = list(names or []) or source_names()
    sources = [get_source(n) for n in wanted]  # unknown names fail before anything is downloaded
    mirror = mirror or os.environ.get("ALLIANCELAB_DATA_MIRROR") or None
    dest = dest if dest is not None else cache_dir()
    paths: list[Path] = []
    for source in sources:
        for relative in source.files:
            record = file_record(relative)
            target = dest / relative
            if force:
                target.with_name(target.name + ".part").unlink(missing_ok=True)
            elif target.is_file() and sha256_of(target) == record.sha256:
                paths.append(target)
                continue
            url = _url(record, mirror)
            try:
                _download(record, url, target, progress)
            except urllib.error.HTTPError as err:
                raise DataError(
                    f"{relative}: download from {url} failed (HTTP {err.code} {err.reason}); "
                    "check the mirror URL (--mirror / ALLIANCELAB_DATA_MIRROR) or retry later"
                ) from None
            except (urllib.error.URLError, http.client.HTTPException, OSError, TimeoutError) as err:
                reason = getattr(err, "reason", None) or err
                raise DataError(
                    f"{relative}: download from {url} failed ({reason}); check the network and retry "
                    "(a partial download resumes), or use --mirror URL"
                ) from None
            paths.append(target)
    return paths


@dataclass(frozen=True, slots=True)
class FileStatus:
    """Whether one file of a data set is present and matches the manifest's checksum."""

    dataset: str
    relative: str
    path: Path | None
    status: Literal["ok", "absent", "modified"]


def verify(names: Iterable[str] | None = None) -> list[FileStatus]:
    """Check the SHA-256 of every file of the named data sets (all if empty) where it is found."""
    out: list[FileStatus] = []
    for name in list(names or []) or source_names():
        source = get_source(name)
        for relative in source.files:
            path = locate(relative)
            if path is None:
                out.append(FileStatus(name, relative, None, "absent"))
                continue
            ok = sha256_of(path) == file_record(relative).sha256
            out.append(FileStatus(name, relative, path, "ok" if ok else "modified"))
    return out
