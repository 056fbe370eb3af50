"""``alliancelab episode`` and ``alliancelab episodes score``: run one historical episode, score a library.

Thin shells over :func:`alliancelab.cases.episodes.run_episode` and
:func:`alliancelab.cases.episodes.score_library`; the timeline figure is
:func:`alliancelab.report.episode_plots.plot_episode`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import typer

from alliancelab.commands._common import (
    MODELS_PANEL,
    check_figure_path,
    console,
    print_json,
    print_table,
    rng_option,
    say,
)

EPISODE_ARG = typer.Argument(
    ..., metavar="NAME|FILE", help="A shipped episode (e.g. us-pakistan-1954-2012) or an episode TOML file."
)


def episode_command(
    episode: str = EPISODE_ARG,
    plot: Path | None = typer.Option(
        None, "--plot", metavar="FILE", help="Write the timeline figure (.png, .pdf, .svg)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print years, phases and provenance as JSON."),
    rng: int | None = rng_option(
        "Seed (an integer >= 0) for unscheduled leader and regime changes (off: only scheduled events)."
    ),
    years: bool = typer.Option(False, "--years", help="Also print the year-by-year table."),
) -> None:
    """Run a historical episode year by year and compare each phase's prediction with what happened."""
    from alliancelab.cases.episodes import load_episode, run_episode

    check_figure_path(plot)
    run = run_episode(load_episode(episode), rng=rng)
    if plot is not None:
        from alliancelab.report.episode_plots import plot_episode

        plot_episode(run, plot)
    if as_json:
        print_json(run.as_dict())
        return
    info = run.episode.info
    head = f"{info.title} ({info.start}-{info.end}, money in constant {run.episode_base_year()} USD m/yr)"
    console.print(head, highlight=False, markup=False)
    if years:
        for y in run.years:
            events = f" [{'; '.join(y.events)}]" if y.events else ""
            contract = f"x = {y.package:.2f}, p = {y.payment:,.0f}"
            line = f"{y.year} {y.alignment}: {contract}, {y.code}{events}: {y.reason}"
            console.print(line, highlight=False, markup=False, soft_wrap=True)
    print_table(_phase_rows(run), title="Phases: the model's prediction and the observed outcome")
    _print_reasons(run.phases)
    console.print(f"{run.phases_right} of {len(run.scored)} phases right", highlight=False, markup=False)
    if plot is not None:
        say(f"timeline: {plot}")


def _phase_rows(run: Any) -> list[Mapping[str, Any]]:
    return [
        {"phase": p.id, "years": f"{p.start}-{p.end}", "predicted": p.predicted,
         "observed": p.observed or "-", "right": "-" if p.right is None else ("yes" if p.right else "NO")}
        for p in run.phases
    ]  # fmt: skip


def _print_reasons(phases: Any, prefix: str = "") -> None:
    """Each phase's deciding inequality, one line each (user text is printed without markup)."""
    console.print("Why (the inequality that decided each prediction):", highlight=False, markup=False)
    for p in phases:
        console.print(f"  {prefix}{p.id}: {p.reason}", highlight=False, markup=False, soft_wrap=True)


def score_command(
    directory: Path | None = typer.Argument(
        None, metavar="DIR", help="A folder of episode TOML files (default: the shipped library)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print counts and phase rows as JSON."),
) -> None:
    """Run every episode of a library and score the phases; the last line is the score."""
    from alliancelab.cases.episodes import score_library
    from alliancelab.cases.episodes.score import library_files

    score = score_library(library_files(directory))
    if as_json:
        print_json(score.as_dict())
        return
    rows: list[Mapping[str, Any]] = [{k: v for k, v in row.items() if k != "why"} for row in score.rows()]
    print_table(rows, title="Episode library: predicted and observed outcome per phase")
    misses = [(run.episode.name, p) for run in score.runs for p in run.scored if not p.right]
    if misses:
        console.print("Misses (the inequality that decided the prediction):", highlight=False, markup=False)
        for name, p in misses:
            console.print(f"  {name} {p.id}: {p.reason}", highlight=False, markup=False, soft_wrap=True)
    console.print(score.summary_line(), highlight=False, markup=False)


def sensitivity_command(
    directory: Path | None = typer.Argument(
        None, metavar="DIR", help="A folder of episode TOML files (default: the shipped library)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print every perturbation as JSON."),
) -> None:
    """Move every coded level one step, one at a time, and show which phase predictions change."""
    import dataclasses

    from alliancelab.cases.episodes.score import library_files
    from alliancelab.cases.episodes.sensitivity import level_sensitivity

    moves = level_sensitivity(library_files(directory))
    if as_json:
        print_json([dataclasses.asdict(m) for m in moves])
        return
    fragile = [m for m in moves if m.phases_changed]
    rows: list[Mapping[str, Any]] = [
        {"episode": m.episode, "coded value": m.where, "level": f"{m.level} -> {m.moved_to}",
         "phases changed": ", ".join(m.phases_changed), "right": f"{m.right_before} -> {m.right_after}"}
        for m in fragile
    ]  # fmt: skip
    if rows:
        print_table(rows, title="One-step moves of a coded level that change a phase's prediction")
    better = sum(1 for m in moves if m.right_after > m.right_before)
    worse = sum(1 for m in moves if m.right_after < m.right_before)
    console.print(
        f"{len(fragile)} of {len(moves)} one-step moves change a prediction: {worse} lose right phases, "
        f"{better} gain them",
        highlight=False,
        markup=False,
    )


def register(app: typer.Typer) -> None:
    """Add ``alliancelab episode`` and the ``alliancelab episodes`` group (``score``, ``sensitivity``)."""
    app.command("episode", rich_help_panel=MODELS_PANEL)(episode_command)
    group = typer.Typer(help="Libraries of historical episodes.", no_args_is_help=True)
    group.command("score")(score_command)
    group.command("sensitivity")(sensitivity_command)
    app.add_typer(group, name="episodes", rich_help_panel=MODELS_PANEL)
