"""Report of a historical episode (``alliancelab episode``): its timeline, each phase's prediction against
what happened, and the year-by-year decisions with the inequality that decided each.

The run is :func:`alliancelab.cases.episodes.run_episode`'s and the figure
:func:`alliancelab.report.episode_plots.plot_episode`'s; this module arranges them as report sections.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from alliancelab.report.html import Figure, Report, Section, Table, optional_module, render_png

EPISODES = "alliancelab.cases.episodes"  # the episode library (issue 11)

__all__ = ["episode_report", "episode_sections", "is_episode"]


def is_episode(target: str) -> bool:
    """A shipped episode name, or a ``.toml`` file with an ``[episode]`` table."""
    from alliancelab.cases import read_toml

    if not target.endswith(".toml"):
        return target in optional_module(EPISODES, "episode library").episode_names()
    path = Path(target)
    return path.is_file() and "episode" in read_toml(path)


def episode_sections(run: Any) -> list[Section]:
    """The timeline, the phases (predicted against observed, and why) and the years of one run."""
    plots = optional_module("alliancelab.report.episode_plots", "episode figures")
    info = run.episode.info
    phases = [
        {
            "phase": p.id,
            "years": f"{p.start}–{p.end}",
            "predicted": p.predicted,
            "observed": p.observed,
            "right": p.right,
            "why": p.reason,
        }
        for p in run.phases
    ]
    years = [
        {
            "year": y.year,
            "aligned with": y.alignment,
            "package x": y.package,
            "payment": y.payment,
            "decision": y.code,
            "events": "; ".join(y.events),
            "why": y.reason,
        }
        for y in run.years
    ]
    dollars = f"constant {run.episode_base_year()} USD m/yr"
    score = f"{run.phases_right} of {len(run.scored)} scored phases right."
    return [
        Section(
            "Timeline",
            (info.summary,) if info.summary else (),
            figures=(
                Figure(
                    "Contract, alignment and phases, year by year",
                    render_png(lambda path: plots.plot_episode(run, path)),
                    f"Payment ({dollars}) and package, shaded by alignment; phases with the model's "
                    "prediction and the observed outcome; divergence, W and the scheduled events.",
                ),
            ),
        ),
        Section("Phases: predicted and observed", (score,), tables=(Table("Phases", phases),)),
        Section("Year by year", tables=(Table(f"Years (payments in {dollars})", years),)),
    ]


def episode_report(target: str, *, rng: Any = None, command: Sequence[str] = ()) -> Report:
    """The report of one episode (a shipped name or a file)."""
    episodes = optional_module(EPISODES, "episode library")
    run = episodes.run_episode(episodes.load_episode(target), rng=rng)
    info = run.episode.info
    return Report(
        kind="episode",
        title=info.title,
        source=str(run.episode.path),
        summary=f"{info.client} and {info.patron}, {info.start}–{info.end}: the models run year by year "
        "through the episode's events, each phase's prediction against what happened.",
        sections=tuple(episode_sections(run)),
        manifest={**run.record, "report_kind": "episode", "episode": target},
        citation_keys=tuple(run.episode.sources),
        command=command,
    )
