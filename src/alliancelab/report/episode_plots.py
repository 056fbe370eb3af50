"""The timeline of an episode run: contract, alignment, phases (predicted against observed) and events."""

from __future__ import annotations

import os

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import Rectangle

from alliancelab.cases.episodes.runner import EpisodeRun
from alliancelab.report.style import PALETTE, publication_style, save_figure

__all__ = ["plot_episode"]

_NONE_COLOUR = "#BBBBBB"


def _alignment_colours(run: EpisodeRun) -> dict[str, str]:
    names = [run.episode.info.patron, *(r.name for r in run.episode.rivals)]
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(names)}


def plot_episode(run: EpisodeRun, target: str | os.PathLike[str]) -> None:
    """Two panels over the years of ``run``.

    Top: the payment (constant dollars, step line) and the package x (dashed, right axis), the background
    shaded by whom the client is aligned with; phase boundaries with each phase's predicted and observed
    outcome (a check mark when they agree, a cross when not). Bottom: divergence from the incumbent and the
    winning-coalition index W; scheduled events as markers (regime change: solid line, leader change: dotted
    line, other events: triangles).
    """
    years = np.array([y.year for y in run.years])
    colours = _alignment_colours(run)
    base = run.episode_base_year()
    with publication_style():
        fig, (strip, top, bottom) = plt.subplots(
            3, 1, figsize=(8.0, 5.6), sharex=True, layout="constrained", height_ratios=(0.5, 3, 2)
        )
        _phase_strip(strip, run)
        for year, record in zip(years, run.years, strict=True):
            colour = colours.get(record.alignment, _NONE_COLOUR)
            alpha = 0.12 if record.alignment != "none" else 0.06
            top.axvspan(year - 0.5, year + 0.5, color=colour, alpha=alpha, lw=0)
        payments = [y.payment for y in run.years]
        top.step(years, payments, where="mid", color=PALETTE[2], label=f"payment (USD m of {base})")
        top.set_ylabel(f"payment, USD m/yr\n({base} dollars)")
        top.set_ylim(0, 1.35 * max(1.0, *payments))
        x_ax = top.twinx()
        x_ax.step(
            years, [y.package for y in run.years], where="mid", color=PALETTE[3], ls="--", label="package x"
        )
        x_ax.set_ylim(0, 1.35)
        x_ax.set_ylabel("package x")
        x_ax.spines["right"].set_visible(True)
        x_ax.grid(False)
        for phase in run.phases:
            for ax in (top, bottom):
                ax.axvline(phase.start - 0.5, color="black", lw=0.5, alpha=0.4)
        bottom.plot(years, [y.divergence for y in run.years], color=PALETTE[0], label="divergence d")
        bottom.plot(years, [y.W for y in run.years], color=PALETTE[4], ls=":", label="winning coalition W")
        for record in run.years:
            if record.regime_change:
                bottom.axvline(record.year, color="black", lw=1.2)
            elif record.leader_change:
                bottom.axvline(record.year, color="black", lw=0.8, ls=":")
            elif record.events:
                bottom.plot([record.year], [0.03], marker="^", color="black", ms=5, clip_on=False)
        bottom.set_ylim(0, 1.05)
        bottom.set_ylabel("index")
        bottom.set_xlabel("year (solid line: regime change; dotted: leader change; triangle: other event)")
        handles = [Rectangle((0, 0), 1, 1, color=c, alpha=0.3) for c in colours.values()]
        labels = [f"aligned with {name}" for name in colours]
        lines, line_labels = top.get_legend_handles_labels()
        x_lines, x_labels = x_ax.get_legend_handles_labels()
        top.legend(
            handles + lines + x_lines, labels + line_labels + x_labels, loc="upper left", fontsize=6, ncols=2
        )
        bottom.legend(loc="upper right", fontsize=6)
        strip.set_title(run.episode.info.title, fontsize=8)
        key = "   ".join(
            f"{i}. {p.id}: {p.predicted}" + (f" / {p.observed}" if p.observed else "")
            + ("" if p.right is None else (" \u2713" if p.right else " \u2717"))
            for i, p in enumerate(run.phases, 1)
        )  # fmt: skip
        fig.text(0.01, -0.01, "Phases, predicted / observed: " + key, fontsize=6, wrap=True, va="top")
        save_figure(fig, target)


def _phase_strip(ax: Axes, run: EpisodeRun) -> None:
    """One box per phase, numbered, green where the prediction matches the observation, orange where not."""
    for i, phase in enumerate(run.phases, 1):
        colour = _NONE_COLOUR if phase.right is None else (PALETTE[2] if phase.right else PALETTE[1])
        ax.axvspan(phase.start - 0.5, phase.end + 0.5, color=colour, alpha=0.55, lw=0.8, ec="white")
        ax.text((phase.start + phase.end) / 2, 0.5, str(i), ha="center", va="center", fontsize=7)
    ax.set_yticks([])
    ax.set_ylim(0, 1)
    ax.grid(False)
    ax.set_ylabel("phase", rotation=0, ha="right", va="center", fontsize=7)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
