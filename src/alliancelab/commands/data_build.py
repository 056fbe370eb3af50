"""`alliancelab data build`: dyad-years (or state-years) with the chosen data joined, saved to Parquet.

A thin shell over :func:`alliancelab.data.builders.build`; the output is written atomically, so a bad
option or a failing step never leaves a partial file.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from alliancelab.commands._common import check_output_path, console, error_console, print_json, print_table
from alliancelab.provenance import run_record


def build_command(
    years: str = typer.Option(
        "1946-2014", "--years", metavar="FIRST-LAST", help="FIRST-LAST (or one year), e.g. 1946-2014."
    ),
    add: str = typer.Option(
        "",
        "--add",
        metavar="STEP,STEP,...",
        help="Comma-separated steps: atop, nmc, majors, democracy, leaders, rivalries, gdp, ideal, un, aid, "
        "troops, patron, contiguity, capdist, mindist, gml, cowmid, terrthreat, ucdp (state-years), sipri, "
        "peacekeeping, fpsim, spells (after gml/cowmid/ucdp); or all.",
    ),
    out: Path = typer.Option(
        None, "--out", metavar="FILE", help="Output file (.parquet, or .csv); written atomically."
    ),
    unit: str = typer.Option(
        "dyad-year", "--unit", metavar="dyad-year|state-year", help="dyad-year or state-year."
    ),
    system: str = typer.Option(
        "cow",
        "--system",
        metavar="cow|gw|un",
        help="State system: cow, gw, or un (states that voted in the UNGA; state-years).",
    ),
    undirected: bool = typer.Option(False, "--undirected", help="Each pair once (code1 < code2)."),
    un_reference: int = typer.Option(
        None, "--un-reference", metavar="CCODE", help="COW code for agreement with one state."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Build dyad-years (or state-years) and add data sets, like peacesciencer's pipeline."""
    from alliancelab.data.builders import UnmatchedCodesWarning, build, write_parquet
    from alliancelab.data.builders.pipeline import plan

    check_output_path(out, (".parquet", ".csv"))
    # every option is checked before any work (and before the progress display starts)
    steps = plan(years, add, unit=unit, system=system, un_reference=un_reference)
    with (
        warnings.catch_warnings(record=True) as caught,
        Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=error_console,
            transient=True,
            disable=not error_console.is_terminal,  # a log file or pipe gets no progress lines
        ) as bar,
    ):
        warnings.simplefilter("always", UnmatchedCodesWarning)
        task = bar.add_task("building", total=len(steps) + 1)

        def progress(step: str) -> None:
            bar.update(task, description=f"{step}", advance=0 if step.startswith("create") else 1)

        result = build(
            years,
            add,
            unit=unit,
            system=system,
            directed=not undirected,
            un_reference=un_reference,
            progress=progress,
        )
    frame = result.frame
    if out is not None:
        if out.suffix.lower() == ".csv":
            from alliancelab.io import atomic_path

            with atomic_path(out) as tmp:
                frame.to_csv(tmp, index=False)
        else:
            write_parquet(frame, out)
    unmatched = {
        step: f"{info.get('frame_rows', {}).get('count', 0)} frame rows without data "
        f"({info['count']} codes never in the source), "
        f"{info.get('source_only', {}).get('count', 0)} source rows left out"
        for step, info in frame.attrs.get("unmatched", {}).items()
        if info["count"]
        or info.get("source_only", {}).get("count", 0)
        or info.get("frame_rows", {}).get("count", 0)
    }
    summary = {
        "unit": frame.attrs["unit"] + (" (directed)" if frame.attrs.get("directed") else ""),
        "system": frame.attrs["system"],
        "years": "-".join(str(y) for y in frame.attrs["years"]),
        "rows": len(frame),
        "columns": frame.shape[1],
        "seconds": round(sum(result.seconds.values()), 3),
        "sources": ", ".join(frame.attrs["sources"]),
        "unmatched (both directions)": "; ".join(f"{k}: {v}" for k, v in unmatched.items()) or "none",
        "output": str(out) if out is not None else "(not saved; use --out)",
    }
    if as_json:
        options = {"years": years, "add": add, "unit": unit, "system": system, "directed": not undirected}
        provenance = run_record(params={**options, "un_reference": un_reference}, steps=steps)
        body = {**summary, "seconds_per_step": result.seconds, "column_names": list(frame.columns)}
        print_json({**body, "provenance": provenance})
        return
    for warning in caught:
        if issubclass(warning.category, UnmatchedCodesWarning):
            error_console.print(f"note: {warning.message}", highlight=False, markup=False, soft_wrap=True)
    print_table(summary, title="alliancelab data build")
    console.print(
        "cite with: alliancelab cite " + " ".join(frame.attrs["sources"]), highlight=False, markup=False
    )


def register(app: typer.Typer) -> None:
    """Add `build` to the `data` command group."""
    from alliancelab.commands.data import data_app

    data_app.command("build")(build_command)
