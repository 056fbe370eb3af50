"""Report of an evidence folder (``alliancelab evidence run --out DIR``): the pre-registered tests' results.

The folder holds ``results.csv`` (one row per test and source: estimate, CI, verdict, n, years, data,
specification; see :func:`alliancelab.report.evidence_report.results_frame`), the figures as PNG files,
``references.bib`` (the sources the tests used) and the evidence layer's own ``report.html`` and
``report.md``. This module shows the results and figures in the template every report shares, with the
folder's manifest (file hashes) and the BibTeX of the sources the folder names.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from alliancelab.errors import UserInputError
from alliancelab.report.html import PNG_MAGIC, Figure, Report, Section, Table

__all__ = ["cited_keys", "evidence_report", "evidence_results", "evidence_sections", "is_evidence_dir"]

RESULTS = "results.csv"
NEEDED = ("test_id", "source", "verdict")
SHOWN = ("test_id", "source", "claim_id", "seed", "verdict", "statistic", "estimate", "ci_low", "ci_high",
         "p_value", "n", "years")  # fmt: skip
_ENTRY = re.compile(r"^@\w+\{([^,\s]+),", re.MULTILINE)


def is_evidence_dir(target: str) -> bool:
    """Whether ``target`` is a folder with the ``results.csv`` of ``alliancelab evidence run``."""
    return (Path(target) / RESULTS).is_file()


def evidence_results(folder: str | os.PathLike[str]) -> Any:
    """The folder's ``results.csv``; a one-line error names a missing column."""
    import pandas as pd

    path = Path(folder) / RESULTS
    try:
        frame = pd.read_csv(path)
    except (OSError, ValueError) as err:
        raise UserInputError(f"{path}: not a readable results table ({err})") from None
    missing = [c for c in NEEDED if c not in frame.columns]
    if missing:
        raise UserInputError(
            f"{path}: no column(s) {', '.join(missing)}; is it the results.csv of `alliancelab evidence run`?"
        )
    return frame


def _figures(folder: Path) -> tuple[Figure, ...]:
    found = []
    for path in sorted(folder.glob("*.png"), key=lambda p: (p.name != "estimates.png", p.name)):
        data = path.read_bytes()
        if data.startswith(PNG_MAGIC):
            title = path.stem.replace("-", " ").replace("_", " ")
            found.append(Figure(title[:1].upper() + title[1:], data, f"From {path.name}."))
    return tuple(found)


def evidence_sections(folder: str | os.PathLike[str]) -> list[Section]:
    """The verdicts by test and source, every result, and the folder's figures."""
    root = Path(folder)
    frame = evidence_results(root)
    verdicts = frame.pivot_table(index="test_id", columns="source", values="verdict", aggfunc="first")
    verdicts = verdicts.reindex(list(dict.fromkeys(frame["test_id"]))).reset_index()
    verdicts.columns = [str(c) for c in verdicts.columns]
    results = frame[[c for c in SHOWN if c in frame.columns]]
    notes = [c for c in ("specification", "deviations", "note") if c in frame.columns]
    return [
        Section(
            "Verdicts",
            (
                "Each pre-registered test's verdict on the real data (and on a simulated run, when one was "
                "given).",
            ),
            tables=(Table.from_frame("Verdict by test and source", verdicts),),
        ),
        Section("Figures", figures=_figures(root)),
        Section(
            "Results",
            tables=(
                Table.from_frame("Estimates", results),
                Table.from_frame("Specifications", frame[["test_id", "source", *notes]]),
            ),
        ),
    ]


def cited_keys(folder: str | os.PathLike[str]) -> tuple[str, ...]:
    """The keys of the folder's ``references.bib`` that AllianceLab's bibliography knows (in file order)."""
    from alliancelab.references import bibliography

    path = Path(folder) / "references.bib"
    if not path.is_file():
        return ()
    known = bibliography()
    return tuple(k for k in _ENTRY.findall(path.read_text("utf-8")) if k in known)


def _hashes(root: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.iterdir()) if p.is_file()}


def evidence_report(target: str, *, command: Sequence[str] = ()) -> Report:
    """The report of an evidence folder."""
    from alliancelab.provenance import run_record

    root = Path(target)
    sections = evidence_sections(root)
    return Report(
        kind="evidence",
        title="The seeds' claims confronted with the data",
        source=str(root),
        summary="The pre-registered tests of docs/preregistration.md: each claim's estimate, confidence "
        "interval and verdict, as `alliancelab evidence run` wrote them.",
        sections=tuple(sections),
        manifest=run_record(report_kind="evidence", evidence_dir=str(root), files_sha256=_hashes(root)),
        citation_keys=cited_keys(root),
        command=command,
    )
