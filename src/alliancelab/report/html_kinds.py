"""What ``alliancelab report TARGET`` reports on: every report kind, and how a target is recognised.

A kind (:class:`ReportKind`) says what it reads (``describes``), recognises a target (``matches``) and builds
the :class:`~alliancelab.report.html.Report` (``build``). :func:`report_kind` tries the kinds in order and
raises a one-line :class:`~alliancelab.errors.UserInputError` naming what the target is not; new kinds (a
simulated run, an episode, an evidence folder) are one more entry of :data:`KINDS`.

Targets: a shipped name (``us-pakistan-1954``, ``korea-1950``, ``example-mission``) or a path: a ``.toml``
file is a formation case when it has a ``[case]`` table, a mission when it has ``required_troops`` and
``candidates``, an operation when it has ``contributors``; a ``.parquet`` file is a dyad-year file from
``alliancelab data build``; a folder with ``results.csv`` is an evidence folder (``alliancelab evidence
run``).
"""

from __future__ import annotations

import difflib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alliancelab.cases import case_names, read_toml
from alliancelab.errors import UserInputError
from alliancelab.report.html import Report

__all__ = ["KINDS", "ReportKind", "build_report", "report_kind", "shipped_targets"]


@dataclass(frozen=True, slots=True)
class ReportKind:
    """One kind of report: its name, what it reads, how to recognise a target, and how to build it."""

    name: str
    describes: str
    matches: Callable[[str], bool]
    build: Callable[..., Report]


def _toml_keys(target: str) -> set[str]:
    path = Path(target)
    if path.suffix.lower() != ".toml" or not path.is_file():
        return set()
    return set(read_toml(path))


def _shipped(kind: str, target: str) -> bool:
    return not target.endswith(".toml") and target in case_names(kind)


def _is_formation_case(target: str) -> bool:
    return _shipped("formation", target) or "case" in _toml_keys(target)


def _is_operation(target: str) -> bool:
    shipped = _shipped("coalition", target) and target != "soldier_costs"
    return shipped or "contributors" in _toml_keys(target)


def _is_mission(target: str) -> bool:
    return _shipped("missions", target) or {"required_troops", "candidates"} <= _toml_keys(target)


def _command(target: str, out: str, *extra: str) -> list[str]:
    return ["alliancelab", "report", target, "--out", out, *extra]


def _build_formation(target: str, *, out: str = "report.html", **_: Any) -> Report:
    from alliancelab.cases.formation_case import load_formation_case
    from alliancelab.report.html_cases import formation_report

    return formation_report(load_formation_case(target), command=_command(target, out))


def _build_operation(target: str, *, out: str = "report.html", **_: Any) -> Report:
    from alliancelab.report.html_cases import operation_report_document

    return operation_report_document(target, command=_command(target, out))


def _build_mission(
    target: str, *, out: str = "report.html", draws: int = 500, rng: int | None = None, **_: Any
) -> Report:
    from alliancelab.cases import case_path
    from alliancelab.cases.missions import read_mission
    from alliancelab.provenance import make_rng
    from alliancelab.report.html_cases import mission_report

    path = case_path("missions", target)
    mission = read_mission(path)
    seed = make_rng(rng)[1]  # fresh entropy when none is given, so the footer's command reproduces the report
    command = _command(target, out, "--draws", str(draws), "--rng", str(seed))
    return mission_report(mission, source=str(path), draws=draws, rng=seed, command=command)


def _build_dyadyears(target: str, *, out: str = "report.html", **_: Any) -> Report:
    from alliancelab.report.html_data import dyadyear_report

    return dyadyear_report(target, command=_command(target, out))


def _is_dyadyears(target: str) -> bool:
    from alliancelab.report.html_data import is_dyadyear_file

    return is_dyadyear_file(target)


def _build_evidence(target: str, *, out: str = "report.html", **_: Any) -> Report:
    from alliancelab.report.html_evidence import evidence_report

    return evidence_report(target, command=_command(target, out))


def _is_evidence(target: str) -> bool:
    from alliancelab.report.html_evidence import is_evidence_dir

    return is_evidence_dir(target)


def _build_run(target: str, *, out: str = "report.html", **_: Any) -> Report:
    from alliancelab.report.html_sim import run_report

    return run_report(target, command=_command(target, out))


def _is_run(target: str) -> bool:
    from alliancelab.report.html_sim import is_run_dir

    return is_run_dir(target)


def _build_episode(target: str, *, out: str = "report.html", rng: int | None = None, **_: Any) -> Report:
    from alliancelab.report.html_episode import episode_report

    extra = ("--rng", str(rng)) if rng is not None else ()
    return episode_report(target, rng=rng, command=_command(target, out, *extra))


def _is_episode(target: str) -> bool:
    from alliancelab.report.html_episode import is_episode

    return importlib.util.find_spec("alliancelab.cases.episodes") is not None and is_episode(target)


KINDS: list[ReportKind] = [
    ReportKind(
        "case",
        "a formation case (a shipped name or a .toml with a [case] table)",
        _is_formation_case,
        _build_formation,
    ),
    ReportKind(
        "operation", "a coalition operation of seed 004 (korea-1950, ...)", _is_operation, _build_operation
    ),
    ReportKind(
        "mission",
        "a coalition mission (.toml with required_troops and candidates)",
        _is_mission,
        _build_mission,
    ),
    ReportKind(
        "dyad-years",
        "a dyad-year .parquet file from `alliancelab data build --add atop,un`",
        _is_dyadyears,
        _build_dyadyears,
    ),
    ReportKind("run", "a simulated run folder (from `alliancelab run`)", _is_run, _build_run),
    ReportKind(
        "episode",
        "a historical episode (a shipped name or a .toml with an [episode] table)",
        _is_episode,
        _build_episode,
    ),
    ReportKind(
        "evidence",
        "an evidence folder (results.csv from `alliancelab evidence run --out DIR`)",
        _is_evidence,
        _build_evidence,
    ),
]


def shipped_targets() -> list[str]:
    """Every name the shipped library answers to (cases, operations, missions)."""
    names = [*case_names("formation"), *case_names("coalition"), *case_names("missions")]
    return [n for n in names if n != "soldier_costs"]


def report_kind(target: str) -> ReportKind:
    """The kind of report ``target`` asks for; a one-line error says what it is not."""
    for kind in KINDS:
        if kind.matches(target):
            return kind
    path = Path(target)
    readable = "; ".join(k.describes for k in KINDS)
    if path.is_dir():
        raise UserInputError(f"{target}: a folder that no report kind reads. A report reads {readable}")
    if path.is_file():
        raise UserInputError(f"{target}: not a file a report reads. A report reads {readable}")
    if path.suffix or "/" in target:
        raise UserInputError(f"{target}: no such file or folder")
    hint = difflib.get_close_matches(target, shipped_targets(), n=1)
    guess = f"; did you mean {hint[0]!r}?" if hint else "."
    raise UserInputError(
        f"{target!r} is neither a file nor a shipped name{guess} Shipped: {', '.join(shipped_targets())}"
    )


def build_report(target: str, **options: Any) -> Report:
    """Build the report of ``target``. Options: ``out`` (the file name the footer's command shows) and, for
    kinds that use them, ``draws`` and ``rng``."""
    return report_kind(target).build(target, **options)
