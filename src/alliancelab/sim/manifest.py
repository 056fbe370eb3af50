"""A run's manifest and its run directory, checked before anything reads or regenerates them.

``manifest.json`` (written last by :func:`~alliancelab.sim.runner.run_scenario`) records the scenario, the
runs and chunk size, the SHA-256 and size of every Parquet part and the row counts. The readers
(``hypotheses``, :func:`~alliancelab.sim.runner.open_run`) and regeneration rely on those fields, so
:func:`read_manifest` checks each of them, and :func:`check_run_dir` checks that every part the manifest
lists is on disk with its recorded size (a stat per part: cheap on a run of gigabytes, unlike a hash) and
that no stray file sits among them. Every error is one line naming the file and the field.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

from alliancelab.errors import UserInputError
from alliancelab.sim.tables import TABLES

__all__ = ["check_run_dir", "expected_parts", "read_manifest", "run_manifest"]

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def expected_parts(runs: int, chunk_size: int) -> list[str]:
    """The Parquet parts of a run (``state_years/part-00000.parquet``, ...): one per table and chunk."""
    chunks = math.ceil(runs / chunk_size)
    return [f"{name}/part-{i:05d}.parquet" for name in TABLES for i in range(chunks)]


def _shown(value: Any) -> str:
    if isinstance(value, dict) and value:  # never the whole of a run's thousands of hashes
        return f"{{...}} ({len(value):,} entries)"
    if isinstance(value, list) and value:
        return f"[...] ({len(value):,} items)"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _whole(value: Any, least: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= least


def read_manifest(path: str | Path) -> dict[str, Any]:
    """A run's ``manifest.json``, with every field the readers and regeneration use checked."""
    path = Path(path)
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:  # a UnicodeDecodeError is a ValueError
        reason = str(err).split("\n")[0]
        raise UserInputError(
            f"{path}: not the manifest of a run ({reason}); `alliancelab run` writes it"
        ) from None

    if not isinstance(manifest, dict):
        raise UserInputError(
            f"{path}: not the manifest of a run (not an object); `alliancelab run` writes it"
        )

    def bad(field: str, value: Any, allowed: str) -> UserInputError:
        what = f"= {_shown(value)}" if field in manifest else "is missing"
        return UserInputError(
            f"{path}: field {field!r} {what}: {allowed}; not the manifest of a finished run "
            "(`alliancelab run` writes it)"
        )

    for field in ("runs", "chunk_size"):
        if not _whole(manifest.get(field), 1):
            raise bad(field, manifest.get(field), "expected a whole number >= 1")
    params = manifest.get("params")
    if not isinstance(params, dict) or not isinstance(params.get("scenario"), dict):
        raise bad("params", params, "expected the scenario, an object of tables")
    tables = manifest.get("tables")
    if not isinstance(tables, list) or any(name not in tables for name in TABLES):
        raise bad("tables", tables, f"expected the list {', '.join(TABLES)}")
    rows = manifest.get("rows")
    if not isinstance(rows, dict) or not all(_whole(rows.get(name), 0) for name in TABLES):
        raise bad("rows", rows, "expected the number of rows of every table")
    files = manifest.get("files")
    parts = expected_parts(manifest["runs"], manifest["chunk_size"])
    if not isinstance(files, dict) or not files:
        raise bad("files", files, f"expected the SHA-256 of each of the run's {len(parts):,} Parquet parts")
    plan = f"a run of {manifest['runs']:,} runs in chunks of {manifest['chunk_size']:,}"
    expected = set(parts)
    if files.keys() != expected:
        missing = next((part for part in parts if part not in files), None)
        if missing is not None:
            raise bad("files", files, f"no hash of {missing}, one of the {len(parts):,} parts of {plan}")
        stray = next(part for part in files if part not in expected)
        raise bad("files", files, f"{stray!r} is no part of {plan}")
    digest = next((v for v in files.values() if not (isinstance(v, str) and _SHA256.match(v))), None)
    if digest is not None:
        raise bad("files", files, f"{_shown(digest)} is not a SHA-256 (64 hexadecimal digits)")
    sizes = manifest.get("sizes", {})
    if not isinstance(sizes, dict) or not all(k in files and _whole(v, 0) for k, v in sizes.items()):
        raise bad("sizes", sizes, "expected the size in bytes of Parquet parts the field 'files' lists")
    return manifest


def run_manifest(run_dir: str | Path) -> dict[str, Any]:
    """The checked manifest of the finished run in ``run_dir`` (:func:`check_run_dir`)."""
    root = Path(run_dir)
    path = root / "manifest.json"
    if not path.is_file():
        raise UserInputError(
            f"{root} is not a finished run directory (no manifest.json); run `alliancelab run` first"
        )
    manifest = read_manifest(path)
    absent = [name for name in TABLES if not (root / name).is_dir()]
    if absent:
        raise UserInputError(f"{root}: an incomplete run (no table {', '.join(absent)}); run it again")
    again = (
        "run the same `alliancelab run` command again (it redoes those chunks), or regenerate the run: "
        f"alliancelab run {path} --out NEW_DIR"
    )
    sizes: dict[str, int] = manifest.get("sizes", {})
    missing, damaged = [], []
    for part in manifest["files"]:
        try:
            size = (root / part).stat().st_size
        except FileNotFoundError:
            missing.append(part)
            continue
        if part in sizes and size != sizes[part]:
            damaged.append(f"{root / part} has {size:,} bytes where the run wrote {sizes[part]:,}")
    if missing:
        share = f"{len(missing):,} of its {len(manifest['files']):,} Parquet parts are missing"
        raise UserInputError(f"{root}: an incomplete run: {root / missing[0]} is missing ({share}); {again}")
    if damaged:
        raise UserInputError(f"{root}: a damaged run: {damaged[0]}; {again}")
    listed = set(manifest["files"])
    for name in TABLES:
        # pyarrow reads every file of a table's folder except hidden ones (. and _): a stray file would be
        # read as rows of the table, or fail as a damaged part
        for file in sorted((root / name).iterdir()):
            if not file.name.startswith((".", "_")) and f"{name}/{file.name}" not in listed:
                raise UserInputError(
                    f"{file}: not a part of the run (manifest.json does not list it) in a table's folder, "
                    "where it would be read as rows of the table; move it out"
                )
    return manifest


def check_run_dir(run_dir: str | Path) -> Path:
    """``run_dir`` if it is a finished run (a checked manifest and every Parquet part it lists, with its
    recorded size, and nothing else in the tables' folders), else a one-line error."""
    run_manifest(run_dir)
    return Path(run_dir)
