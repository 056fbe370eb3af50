"""Report of a simulated run folder (``alliancelab run``): the alliance network by year, payments, hypotheses.

A run folder holds one Parquet table per kind of record (``state_years/``, ``payments/``, ...), DuckDB views
over them (``world.duckdb``) and ``manifest.json`` (scenario, seeds, versions, row counts); see
:mod:`alliancelab.sim.runner`. The queries here read the Parquet parts through DuckDB without loading whole
tables, so a large run stays cheap to browse: the share of small states aligned with each patron by year (all
runs), what the patrons paid by year, one run's alliance network in one year, and the seeds' hypotheses
(:func:`alliancelab.sim.hypotheses.run_hypotheses`, or the ``hypotheses.csv`` that ``alliancelab hypotheses``
already wrote).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from alliancelab.errors import UserInputError
from alliancelab.report.html import Figure, Report, Section, Table, optional_module, render_png

__all__ = [
    "alignment_by_year",
    "hypotheses_table",
    "is_run_dir",
    "network_figure",
    "network_in",
    "payments_by_year",
    "run_info",
    "run_report",
]

PATRON_NAMES = {0: "no patron", 2: "hegemon (2)", 365: "rival (365)"}
HYPOTHESES = "The seeds' hypotheses on the simulated world"


def is_run_dir(target: str) -> bool:
    """Whether ``target`` is a finished run folder (``manifest.json`` beside a ``state_years`` table)."""
    root = Path(target)
    return (root / "manifest.json").is_file() and (root / "state_years").exists()


def _parts(root: Path, table: str) -> str:
    from alliancelab.sim.database import PARTS  # the part files alone, never a killed write's leftover

    folder = root / table
    if not folder.is_dir() or not any(folder.glob(PARTS)):
        raise UserInputError(f"{root}: the run has no {table} table ({folder} has no Parquet parts)")
    return str(folder / PARTS).replace("'", "''")


def _query(root: Path, sql: str, **tables: str) -> Any:
    import duckdb

    con = duckdb.connect()
    try:
        for name, table in tables.items():
            con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{_parts(root, table)}')")
        return con.execute(sql).df()
    finally:
        con.close()


def run_info(run_dir: str | os.PathLike[str]) -> dict[str, Any]:
    """The run's manifest (scenario, seed, versions, row counts), checked with every Parquet part it lists
    (:func:`~alliancelab.sim.manifest.run_manifest`): a partial run is an error, never a partial report."""
    from alliancelab.sim.manifest import run_manifest

    return run_manifest(Path(run_dir))


def _scenario(manifest: dict[str, Any]) -> dict[str, Any]:
    params = manifest.get("params") or {}
    scenario: dict[str, Any] = params.get("scenario") or {}
    return scenario


def alignment_by_year(run_dir: str | os.PathLike[str]) -> Any:
    """Per year and patron (0: none): the share of small states aligned with it, over all runs."""
    return _query(
        Path(run_dir),
        "WITH per AS (SELECT year, patron, count(*) AS n FROM state_years GROUP BY year, patron), "
        "total AS (SELECT year, count(*) AS n FROM state_years GROUP BY year) "
        "SELECT per.year, per.patron, per.n / total.n AS share FROM per JOIN total USING (year) "
        "ORDER BY per.year, per.patron",
        state_years="state_years",
    )


def payments_by_year(run_dir: str | os.PathLike[str]) -> Any:
    """Per year and kind of payment: the amount paid (USD m), averaged over runs."""
    root = Path(run_dir)
    runs = _query(root, "SELECT count(DISTINCT run) AS runs FROM state_years", state_years="state_years")
    frame = _query(
        root,
        "SELECT year, kind, sum(amount) AS total FROM payments GROUP BY year, kind ORDER BY year, kind",
        payments="payments",
    )
    return frame.assign(usd_m_per_run=frame["total"] / float(runs["runs"].iloc[0])).drop(columns="total")


def network_in(run_dir: str | os.PathLike[str], *, run: int, year: int) -> Any:
    """One run's small states in one year: their patron, capability and the aid they received."""
    frame = _query(
        Path(run_dir),
        f"SELECT ccode, patron, capability, us_aid_total, rival_aid_total FROM state_years "
        f"WHERE run = {int(run)} AND year = {int(year)} ORDER BY ccode",
        state_years="state_years",
    )
    if frame.empty:
        raise UserInputError(f"{run_dir}: no states in run {run}, year {year}")
    return frame


def network_figure(states: Any, path: str | os.PathLike[str], *, title: str) -> None:
    """The alliance network: each patron a hub, each small state a point on a ring, joined to its patron;
    point size by capability (square root), unaligned states grey on the outer ring."""
    import matplotlib.pyplot as plt

    from alliancelab.report.style import PALETTE, publication_style, save_figure

    hubs = {2: (-0.55, 0.0), 365: (0.55, 0.0)}
    colours = {2: PALETTE[0], 365: PALETTE[1], 0: "#AAAAAA"}
    with publication_style():
        fig, ax = plt.subplots(figsize=(6.0, 4.6))
        for patron, part in states.groupby("patron"):
            n = len(part)
            centre = hubs.get(int(patron), (0.0, 0.0))
            radius = 0.42 if int(patron) in hubs else 1.15
            angle = np.linspace(0, 2 * np.pi, n, endpoint=False)
            x, y = centre[0] + radius * np.cos(angle), centre[1] + radius * np.sin(angle)
            size = 6 + 40 * np.sqrt(part["capability"].to_numpy(dtype=float) / states["capability"].max())
            colour = colours.get(int(patron), PALETTE[2])
            if int(patron) in hubs:
                for xi, yi in zip(x, y, strict=True):
                    ax.plot([centre[0], xi], [centre[1], yi], color=colour, linewidth=0.3, alpha=0.5)
                ax.plot(*centre, "s", color=colour, markersize=12)
            label = f"{PATRON_NAMES.get(int(patron), patron)}: {n} states"
            ax.scatter(x, y, s=size, color=colour, alpha=0.85, linewidths=0, label=label)
        ax.set_aspect("equal")
        ax.set_axis_off()
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.02), ncol=3, fontsize=7)
        ax.set_title(title)
        save_figure(fig, path)


def _alignment_figure(shares: Any, path: str | os.PathLike[str]) -> None:
    import matplotlib.pyplot as plt

    from alliancelab.report.style import PALETTE, publication_style, save_figure

    wide = shares.pivot(index="year", columns="patron", values="share").fillna(0.0)
    colours = {2: PALETTE[0], 365: PALETTE[1], 0: "#BBBBBB"}
    order = [p for p in (2, 365, 0) if p in wide.columns]
    with publication_style():
        fig, ax = plt.subplots(figsize=(6.5, 3.0))
        ax.stackplot(
            wide.index,
            *(wide[p] for p in order),
            labels=[PATRON_NAMES[p] for p in order],
            colors=[colours[p] for p in order],
            alpha=0.85,
        )
        ax.set(xlabel="year", ylabel="share of small states", ylim=(0, 1), title="Aligned with whom")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3)
        save_figure(fig, path)


def _payments_figure(payments: Any, path: str | os.PathLike[str]) -> None:
    import matplotlib.pyplot as plt

    from alliancelab.report.style import PALETTE, publication_style, save_figure

    with publication_style():
        fig, ax = plt.subplots(figsize=(6.5, 3.0))
        for colour, (kind, part) in zip(PALETTE, payments.groupby("kind"), strict=False):
            ax.plot(part["year"], part["usd_m_per_run"], color=colour, label=str(kind))
        ax.set(xlabel="year", ylabel="USD m per run", title="What the patrons paid")
        ax.legend(loc="best")
        save_figure(fig, path)


def hypotheses_table(run_dir: str | os.PathLike[str], *, estimate: bool = True) -> Any | None:
    """The seeds' hypotheses on the run: ``hypotheses.csv`` if ``alliancelab hypotheses`` wrote it, else
    estimated now (``estimate=False``: ``None`` instead)."""
    import pandas as pd

    written = Path(run_dir) / "hypotheses.csv"
    if written.is_file():
        return pd.read_csv(written)
    if not estimate:
        return None
    tests = optional_module("alliancelab.analysis.world_tests", "simulated-world tests")
    sim = optional_module("alliancelab.sim.hypotheses", "world simulation")
    return tests.hypotheses_frame(sim.run_hypotheses(run_dir))


def hypotheses_section(frame: Any, title: str) -> Section:
    plots = optional_module("alliancelab.report.sim_plots", "world simulation figures")
    columns = ["test", "claim", "seed", "prediction", "estimate", "ci_low", "ci_high", "n", "holds"]
    png = render_png(lambda path: plots.hypotheses_figure(frame, path, title=title))
    return Section(
        HYPOTHESES,
        ("Each S-* test estimates one seed's prediction on the run's tables (95% confidence intervals).",),
        figures=(Figure("Estimates and confidence intervals", png),),
        tables=(Table.from_frame("Hypotheses", frame[[c for c in columns if c in frame.columns]]),),
    )


def run_report(
    target: str, *, command: Sequence[str] = (), network: bool = True, hypotheses: bool = True
) -> Report:
    """The report of a finished run folder; ``network=False`` leaves out run 0's network in the last year,
    ``hypotheses=False`` the hypotheses (the app shows them on their own)."""
    from alliancelab.provenance import run_record

    root = Path(target)
    manifest = run_info(root)
    scenario = _scenario(manifest)
    shares = alignment_by_year(root)
    payments = payments_by_year(root)
    last = int(shares["year"].max())
    about = {
        "scenario": scenario.get("name"),
        "title": scenario.get("title"),
        "runs": scenario.get("runs"),
        "years": f"{scenario.get('start_year')}–{last}",
        "small states": scenario.get("states"),
        "seed": manifest.get("seed"),
        **{f"rows: {k}": v for k, v in (manifest.get("rows") or {}).items()},
    }
    title = str(scenario.get("title") or scenario.get("name") or root.name)
    figures = [Figure("Aligned with whom, by year", render_png(lambda p: _alignment_figure(shares, p)))]
    if network:
        states = network_in(root, run=0, year=last)
        png = render_png(lambda p: network_figure(states, p, title=f"run 0, {last}"))
        figures.append(Figure(f"Run 0 in {last}", png))
    sections = [
        Section("The run", (str(scenario.get("note") or ""),), tables=(Table("Scenario", about),)),
        Section(
            "The alliance network",
            ("The share of small states aligned with each patron, by year.",),
            figures=tuple(figures),
        ),
        Section(
            "Payments",
            figures=(Figure("Payments by year", render_png(lambda p: _payments_figure(payments, p))),),
        ),
    ]
    if hypotheses:
        try:
            sections.append(hypotheses_section(hypotheses_table(root), title))
        except UserInputError as err:  # the rest of the run is still worth reading
            sections.append(Section(HYPOTHESES, note=f"The hypotheses could not be estimated: {err}"))
    return Report(
        kind="simulated run",
        title=title,
        source=str(root),
        summary="A simulated world in which the models act together: who is aligned with whom, what the "
        "patrons pay, and whether the seeds' predictions hold in it.",
        sections=tuple(sections),
        manifest={**run_record(report_kind="simulated run", run_dir=str(root)), "run_manifest": manifest},
        citation_keys=(),
        command=command,
    )
