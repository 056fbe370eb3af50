"""`alliancelab evidence list|run`: the seeds' pre-registered claims confronted with the data.

Thin shell over :mod:`alliancelab.analysis.evidence` (the tests) and :mod:`alliancelab.report.evidence_report`
(the report). Heavy libraries are imported when a command runs. Progress goes to standard error.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import typer

from alliancelab.commands._common import DATA_PANEL, console, error_console, print_table
from alliancelab.errors import DataError, UserInputError


def list_command() -> None:
    """List the pre-registered evidence tests: ID, claim, seed, table and specification."""
    from alliancelab.analysis.evidence import EVIDENCE_TESTS
    from alliancelab.analysis.registry import registered

    known = registered()
    rows: list[Mapping[str, Any]] = [
        {
            "test": t,
            "claim": known[t].claim_id,
            "seed": known[t].seed,
            "table": known[t].table,
            "prediction": known[t].prediction,
        }
        for t in EVIDENCE_TESTS
    ]
    print_table(rows, title="Pre-registered evidence tests (docs/preregistration.md)")


def _years(text: str | None) -> tuple[int, int] | None:
    if text is None:
        return None
    from alliancelab.data.builders.create import parse_years

    try:
        return parse_years(text)
    except UserInputError as err:
        raise UserInputError(f"--years: {err}") from None


def _cache_dir() -> Path:
    from alliancelab.data.paths import cache_root, data_root

    root = data_root()
    if root is None:
        raise DataError(
            "no data found: run 'alliancelab data fetch' first (alliancelab evidence run reads it)"
        )
    tag = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:12]
    return cache_root() / "evidence" / tag


def run_command(
    out: Path = typer.Option(
        ..., "--out", metavar="DIR", help="Folder for report.html, report.md, results.csv and figures."
    ),
    only: list[str] = typer.Option(
        None, "--only", metavar="ID", help="Run only this test ID (repeatable), e.g. T-F1."
    ),
    years: str = typer.Option(
        None, "--years", metavar="FIRST-LAST", help="Restrict every test to the years A-B, e.g. 1990-2014."
    ),
    sim: Path = typer.Option(
        None, "--sim", metavar="RUN_DIR", help="A simulated run's folder: its estimates beside the real ones."
    ),
    real: bool = typer.Option(True, "--real/--no-real", help="Estimate on the real data (default) or not."),
) -> None:
    """Run the pre-registered tests on the real data (and a simulated run) and write the report."""
    from alliancelab.analysis import evidence
    from alliancelab.analysis.prepare_real import BUILD_YEARS, real_tables
    from alliancelab.provenance import run_record
    from alliancelab.report.evidence_report import write_evidence_report

    span = _years(years)
    unknown = [t for t in only or [] if t not in evidence.EVIDENCE_TESTS]
    if unknown:  # before any data is read
        raise UserInputError(
            f"--only {', '.join(unknown)}: unknown test; known: {', '.join(evidence.EVIDENCE_TESTS)}"
        )
    if out.exists() and not out.is_dir():
        raise UserInputError(f"--out {out}: exists and is not a folder")
    if not real and sim is None:
        raise UserInputError("--no-real needs --sim RUN_DIR: there is nothing else to estimate")
    start = time.perf_counter()

    def progress(o: evidence.Outcome) -> None:
        if o.result is None:
            error_console.print(
                f"  {o.test_id} ({o.source}): not estimable - {o.reason}", markup=False, soft_wrap=True
            )
        else:
            r = o.result
            error_console.print(
                f"  {o.test_id} ({o.source}): {r.prereg_verdict}, {r.statistic} = {r.estimate:.4g} "
                f"[{r.ci[0]:.4g}, {r.ci[1]:.4g}], n = {r.n} ({o.seconds:.1f} s)"
                if r.ci
                else f"  {o.test_id}",
                markup=False,
                soft_wrap=True,
            )

    outcomes = []
    soldier_costs = None
    if sim is not None:
        sim_states, sim_dyads = evidence.read_sim_tables(sim)
    if real:
        error_console.print("evidence: preparing the real data (cached after the first run) ...")
        raw = real_tables(BUILD_YEARS, cache=_cache_dir())
        tables = evidence.prepare_tables(
            raw["state_years"],
            raw["dyad_years"],
            alliance_spells=raw.get("alliance_spells"),
            un_state_years=raw.get("un_state_years"),
        )
        error_console.print(
            f"evidence: running the tests on the real data ({time.perf_counter() - start:.1f} s)"
        )
        from alliancelab.report.evidence_soldier_costs import soldier_cost_table

        soldier_costs = soldier_cost_table(raw["state_years"])  # descriptive; the raw panel keeps the US
        outcomes += evidence.run_evidence(
            tables, source="real", only=only or None, years=span, on_outcome=progress
        )
    if sim is not None:
        error_console.print(f"evidence: running the tests on the simulated run {sim}")
        sim_tables = evidence.prepare_tables(sim_states, sim_dyads, simulated=True)
        outcomes += evidence.run_evidence(
            sim_tables, source="sim", only=only or None, years=span, on_outcome=progress
        )
    meta: dict[str, Any] = {
        "alliancelab": run_record()["alliancelab_version"],
        "created (UTC)": run_record()["created_utc"],
        "years": f"{span[0]}-{span[1]}" if span else "as pre-registered",
        "tests": ", ".join(only) if only else "all",
        "simulated run": str(sim) if sim else "none",
    }
    paths = write_evidence_report(outcomes, out, meta, soldier_costs=soldier_costs)
    elapsed = time.perf_counter() - start
    console.print(f"evidence: {len(outcomes)} results in {elapsed:.1f} s; report: {paths['html']}")


def register(app: typer.Typer) -> None:
    """Add `evidence list` and `evidence run` to the main app."""
    evidence_app = typer.Typer(
        help="The seeds' pre-registered claims confronted with the real data (and a simulated run).",
        no_args_is_help=True,
    )
    evidence_app.command("list")(list_command)
    evidence_app.command("run")(run_command)
    app.add_typer(evidence_app, name="evidence", rich_help_panel=DATA_PANEL)
