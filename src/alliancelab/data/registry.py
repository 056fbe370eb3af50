"""The registry of every data set AllianceLab reads: files, origin, checksum, schema, unit and citation.

(Formerly ``alliancelab.data.sources``, which still re-exports it.) The entries themselves are in the
``_catalog_*`` modules, one per kind of data; the builders' prepared tables are in
:mod:`alliancelab.data.builders._tables`.

Each entry (:class:`~alliancelab.data._schema.DataSource`) is one *logical* data set with a short name
(``cow_nmc``, ``atop_alliance``, ``un_votes``, ``ideal_points``, ``sipri_milex`` ...). Its files are paths
relative to the data root (the layout of ``shared/data``); ``manifest.json`` beside this module records,
for every file, its size, SHA-256 and public origin (GitHub repository, path and commit), from which
:func:`origin_url` builds the raw-file URL that ``alliancelab data fetch`` downloads. Citation keys point
into ``references.bib``.

The COW Formal Alliances data are deliberately absent: their maintainer asks that software not facilitate
their use. ATOP (``atop_alliance``, ``atop_alliance_level``, ``atop_member_level``) is the alliance source.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from urllib.parse import quote

from alliancelab.data._catalog_alliance_provisions import ALLIANCE_PROVISIONS
from alliancelab.data._catalog_burden_aid_troops import BURDEN_AID_TROOPS
from alliancelab.data._catalog_geography_conflict import GEOGRAPHY_CONFLICT
from alliancelab.data._catalog_peacesciencer import PEACESCIENCER
from alliancelab.data._catalog_un_voting import UN_VOTING
from alliancelab.data._schema import Column, DataSource
from alliancelab.errors import DataError

__all__ = ["Column", "DataSource", "FileRecord", "file_record", "get_source", "origin_url", "source_names"]


@dataclass(frozen=True, slots=True)
class FileRecord:
    """One file as published: where it lives in the data root, its origin and its checksum."""

    relative: str
    sha256: str
    size: int
    repo: str
    path: str
    commit: str


@cache
def _manifest() -> dict[str, FileRecord]:
    text = resources.files("alliancelab.data").joinpath("manifest.json").read_text(encoding="utf-8")
    raw = json.loads(text)["files"]
    return {rel: FileRecord(relative=rel, **fields) for rel, fields in raw.items()}


def file_record(relative: str) -> FileRecord:
    """The manifest record of one file (``relative`` as in ``peacesciencer/cow_nmc.rda``)."""
    try:
        return _manifest()[relative]
    except KeyError:
        raise DataError(f"{relative}: not a file AllianceLab knows (see `alliancelab data list`)") from None


def origin_url(record: FileRecord) -> str:
    """The raw-file URL of ``record`` at the recorded commit on GitHub."""
    return f"https://raw.githubusercontent.com/{record.repo}/{record.commit}/{quote(record.path)}"


def _with_folder_files(source: DataSource) -> DataSource:
    if source.format != "csv-folder" or source.files:
        return source
    prefix = "ipi_peacekeeping/countries/"
    files = tuple(sorted(rel for rel in _manifest() if rel.startswith(prefix)))
    return dataclasses.replace(source, files=files)


@cache
def _registry() -> dict[str, DataSource]:
    entries = [
        _with_folder_files(s)
        for s in (*PEACESCIENCER, *GEOGRAPHY_CONFLICT, *UN_VOTING, *ALLIANCE_PROVISIONS, *BURDEN_AID_TROOPS)
    ]
    registry = {s.name: s for s in entries}
    if len(registry) != len(entries):
        raise RuntimeError("duplicate data set names in the catalogue")
    return registry


def source_names() -> list[str]:
    """Every data set name, in catalogue order."""
    return list(_registry())


def get_source(name: str) -> DataSource:
    """The registry entry for ``name``; an unknown name raises :class:`DataError` with close matches."""
    registry = _registry()
    if name in registry:
        return registry[name]
    close = difflib.get_close_matches(name, list(registry), n=3, cutoff=0.5)
    hint = f"did you mean {', '.join(close)}? " if close else ""
    raise DataError(f"unknown data set {name!r}: {hint}`alliancelab data list` shows all {len(registry)}")
