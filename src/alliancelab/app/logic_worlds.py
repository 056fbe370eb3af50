"""What the Runs and Episodes pages compute, without any UI (see :mod:`alliancelab.app.logic`).

A run folder is browsed in pieces, so that moving the year slider redraws one figure and nothing else:
:func:`run_view` (the run, who is aligned with whom by year, payments, and the hypotheses if
``alliancelab hypotheses`` already wrote them), :func:`network_view` (one run's network in one year) and
:func:`hypotheses_view` (estimating the hypotheses, which takes a while on a large run). Every function
returns the command line's one-line error instead of raising on bad input.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from pathlib import Path

from alliancelab.app.logic import PageView
from alliancelab.errors import UserInputError
from alliancelab.report.html import Figure, Section, Table, optional_module, render_png

__all__ = [
    "RunView",
    "available",
    "episode_names",
    "episode_view",
    "hypotheses_view",
    "network_view",
    "run_folders",
    "run_view",
]

DEFAULT_RUNS = Path("alliancelab-out")  # where `alliancelab run` writes unless --out says otherwise


def available(module: str) -> bool:
    """Whether this installation has ``module`` (the world simulation and the episodes arrive separately)."""
    return importlib.util.find_spec(module) is not None


def episode_names() -> list[str]:
    """The shipped episodes; none without the episode library."""
    from alliancelab.report.html_episode import EPISODES

    return optional_module(EPISODES, "episode library").episode_names() if available(EPISODES) else []


def run_folders(base: Path = DEFAULT_RUNS) -> list[str]:
    """Finished run folders under ``base`` (newest first), for the page's list."""
    from alliancelab.report.html_sim import is_run_dir

    if not base.is_dir():
        return []
    found = [p for p in base.iterdir() if is_run_dir(str(p))]
    return [str(p) for p in sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)]


@dataclass(frozen=True, slots=True)
class RunView:
    """A run folder's overview: what it is, the range of its slider, its sections, or the error line."""

    title: str = ""
    first_year: int = 0
    last_year: int = 0
    runs: int = 0
    sections: tuple[Section, ...] = ()
    has_hypotheses: bool = False
    error: str = ""


def run_view(run_dir: str) -> RunView:
    """The run's scenario, alignment by year, payments and (if written) hypotheses."""
    from alliancelab.report import html_sim

    run_dir = run_dir.strip()
    if not run_dir:
        return RunView()
    try:
        if not html_sim.is_run_dir(run_dir):
            raise UserInputError(
                f"{run_dir}: not a finished run folder (no manifest.json beside state_years/); run "
                "`alliancelab run SCENARIO` first"
            )
        report = html_sim.run_report(run_dir, network=False, hypotheses=False)
        hypotheses = html_sim.hypotheses_table(run_dir, estimate=False)
    except UserInputError as err:
        return RunView(error=f"error: {err}")
    shares = html_sim.alignment_by_year(run_dir)
    scenario = report.manifest["run_manifest"].get("params", {}).get("scenario", {})
    sections = list(report.sections)
    if hypotheses is not None:
        sections.append(html_sim.hypotheses_section(hypotheses, report.title))
    return RunView(
        title=report.title,
        first_year=int(shares["year"].min()),
        last_year=int(shares["year"].max()),
        runs=int(scenario.get("runs") or 1),
        sections=tuple(sections),
        has_hypotheses=hypotheses is not None,
    )


@dataclass(frozen=True, slots=True)
class NetworkView:
    """One run's alliance network in one year, with the table behind it, or the error line."""

    figure: Figure | None = None
    table: Table | None = None
    error: str = ""
    counts: dict[str, int] = field(default_factory=dict)


def network_view(run_dir: str, *, run: int, year: int) -> NetworkView:
    """The network figure of run ``run`` in ``year`` and how many states each patron holds."""
    from alliancelab.report.html_sim import PATRON_NAMES, network_figure, network_in

    try:
        states = network_in(run_dir, run=run, year=year)
    except UserInputError as err:
        return NetworkView(error=f"error: {err}")
    counts = {PATRON_NAMES.get(int(k), str(k)): int(v) for k, v in states["patron"].value_counts().items()}
    png = render_png(lambda path: network_figure(states, path, title=f"run {run}, {year}"))
    table = Table("States by patron", counts)
    return NetworkView(Figure(f"The alliance network, run {run}, {year}", png), table, counts=counts)


def hypotheses_view(run_dir: str) -> PageView:
    """Estimate the seeds' hypotheses on the run (the S-* tests) and show them."""
    from alliancelab.report.html_sim import hypotheses_section, hypotheses_table

    try:
        frame = hypotheses_table(run_dir)
    except UserInputError as err:
        return PageView(error=f"error: {err}")
    return PageView(sections=(hypotheses_section(frame, Path(run_dir).name),))


def episode_view(episode: str, *, rng: int | None = None) -> PageView:
    """One episode's timeline, phases and years (a shipped name or a file)."""
    from alliancelab.report.html_episode import EPISODES, episode_sections

    episode = episode.strip()
    if not episode:
        return PageView()
    try:
        episodes = optional_module(EPISODES, "episode library")
        run = episodes.run_episode(episodes.load_episode(episode), rng=rng)
    except UserInputError as err:
        return PageView(error=f"error: {err}")
    return PageView(run.episode.info.title, tuple(episode_sections(run)))
