"""Run the pre-registered evidence tests on real or simulated tables: ``alliancelab evidence run``.

:func:`prepare_tables` turns the two raw tables (``state_years``, ``dyad_years``; real ones from
:func:`~alliancelab.analysis.prepare_real.real_tables`, simulated ones from :func:`read_sim_tables`) into
the frames the tests read, with the same functions for both; :func:`run_evidence` runs the tests and
returns one :class:`Outcome` per test — its :class:`~alliancelab.analysis.results.TestResult`, or the
reason the table could not support it (a missing column, no complete rows), which the report states.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

# importing the test modules registers the tests
from alliancelab.analysis import evidence_aid, evidence_alliances, evidence_burden, evidence_legitimacy
from alliancelab.analysis.prepare import (
    add_regime_events,
    alliance_spell_years,
    atop_spell_years,
    patron_panel,
)
from alliancelab.analysis.registry import Hypothesis, registered
from alliancelab.analysis.results import TestResult
from alliancelab.errors import DataError, UserInputError

__all__ = ["EVIDENCE_TESTS", "Outcome", "prepare_tables", "read_sim_tables", "run_evidence"]

#: The pre-registered real-data tests, in the pre-registration's order.
EVIDENCE_TESTS = ("T-F1", "T-F3", "T-F2", "T-A3", "T-B1", "T-D2", "T-E7", "T-E1", "T-G2")
_MODULES = (evidence_aid, evidence_alliances, evidence_burden, evidence_legitimacy)


@dataclass(frozen=True, slots=True)
class Outcome:
    """One test on one source: its result, or why it could not be estimated; with the time it took."""

    test_id: str
    source: str  # "real" or "sim"
    result: TestResult | None
    reason: str = ""
    seconds: float = 0.0


def prepare_tables(
    state_years: pd.DataFrame,
    dyad_years: pd.DataFrame,
    *,
    alliance_spells: pd.DataFrame | None = None,
    un_state_years: pd.DataFrame | None = None,
    coalitions: bool = True,
    simulated: bool = False,
) -> dict[str, pd.DataFrame]:
    """The tests' frames: ``state_years`` (the patron panel), ``un_state_years`` (the patron panel of the
    UN state system), ``alliance_spells``, ``coalitions`` (real).

    ``alliance_spells`` is ``create_alliance_spells()``'s table when there is one; ``un_state_years`` the
    state-years of the UN state system (``create_stateyears(system="un")``) when there are some, else
    T-F1/T-F3 use ``state_years`` and say so; ``simulated=True`` marks a simulated run (its years are a
    model calendar, and it has no historical coalitions).
    """
    sources = list(state_years.attrs.get("sources", []))
    # a simulated run's years are a model calendar: the tests then use all of them (evidence_common.window)
    calendar: dict[Hashable, Any] = {"calendar": "simulated"} if simulated else {}
    panel = add_regime_events(patron_panel(state_years, dyad_years))
    panel.attrs = {"sources": sources, **calendar}
    tables = {"state_years": panel, "un_state_years": panel}
    if un_state_years is not None:
        un_panel = patron_panel(un_state_years, dyad_years)
        un_panel.attrs = {"sources": list(un_state_years.attrs.get("sources", sources)), "membership": "un"}
        tables["un_state_years"] = un_panel
    try:
        # ATOP membership spells (create_alliance_spells) when given, else runs of obligation years
        if alliance_spells is not None:
            spells = atop_spell_years(alliance_spells, panel)
        else:
            span = (int(dyad_years["year"].min()), int(dyad_years["year"].max()))
            spells = alliance_spell_years(dyad_years, panel, **({"years": span} if simulated else {}))
        spells.attrs.update({"sources": sources, **calendar})
        tables["alliance_spells"] = spells
    except DataError:
        pass  # the spell test then reports the missing columns itself
    if coalitions and not simulated:  # the two contested actions are historical events
        members = evidence_legitimacy.coalition_members()
        frame = evidence_legitimacy.coalition_frame(panel, members)
        frame.attrs = {"sources": sources}
        tables["coalitions"] = frame
    return tables


def read_sim_tables(run_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A simulated run's ``state_years`` and ``dyad_years`` from ``run_dir``.

    Each table is a Parquet dataset folder (``state_years/part-*.parquet``, as ``alliancelab run`` writes
    it), a ``.parquet`` file or a ``.csv`` file.
    """
    if not run_dir.is_dir():
        raise UserInputError(f"--sim {run_dir}: no such directory (expected a simulated run's output folder)")
    frames = []
    for name in ("state_years", "dyad_years"):
        candidates = (run_dir / name, run_dir / f"{name}.parquet", run_dir / f"{name}.csv")
        found = [p for p in candidates if p.is_file() or (p.is_dir() and any(p.glob("*.parquet")))]
        if not found:
            raise UserInputError(
                f"--sim {run_dir}: no {name} table ({name}/ of Parquet files, {name}.parquet or {name}.csv); "
                "a simulated run (alliancelab run) writes state_years and dyad_years"
            )
        path = found[0]
        try:
            frame = (
                pd.read_csv(path, encoding="utf-8-sig") if path.suffix == ".csv" else pd.read_parquet(path)
            )
        except (OSError, ValueError, UnicodeDecodeError) as err:
            raise DataError(f"{path}: not a readable table ({str(err).splitlines()[0]})") from None
        frame.attrs = {"sources": [f"simulated run {run_dir.name}"]}
        frames.append(frame)
    return frames[0], frames[1]


def run_evidence(
    tables: dict[str, pd.DataFrame],
    *,
    source: str = "real",
    only: Iterable[str] | None = None,
    years: tuple[int, int] | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Run the evidence tests (``only`` those IDs) on prepared ``tables``; a test that cannot run says why."""
    known: dict[str, Hypothesis] = {k: registered()[k] for k in EVIDENCE_TESTS}
    chosen = list(EVIDENCE_TESTS) if only is None else list(dict.fromkeys(only))
    unknown = [t for t in chosen if t not in known]
    if unknown:
        raise UserInputError(f"--only {', '.join(unknown)}: unknown test; known: {', '.join(known)}")
    outcomes = []
    for test_id in chosen:
        h = known[test_id]
        start = time.perf_counter()
        if h.table not in tables:
            outcome = Outcome(test_id, source, None, f"no {h.table} table for this source")
        else:
            try:
                result = h.func(tables[h.table], years=years)
                outcome = Outcome(test_id, source, result, seconds=time.perf_counter() - start)
            except DataError as err:
                outcome = Outcome(test_id, source, None, str(err), time.perf_counter() - start)
        outcomes.append(outcome)
        if on_outcome is not None:
            on_outcome(outcome)
    return outcomes
