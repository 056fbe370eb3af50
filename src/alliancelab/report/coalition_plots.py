"""Figures for the coalition market: the distribution of the coalition's cost over Monte Carlo draws."""

from __future__ import annotations

import os

import matplotlib.pyplot as plt
import numpy as np

from alliancelab.coalition.simulate import SimulationResult
from alliancelab.report.style import PALETTE, publication_style, save_figure

__all__ = ["plot_cost_distribution"]


def plot_cost_distribution(
    result: SimulationResult, path: str | os.PathLike[str], *, title: str = ""
) -> None:
    """Histogram of cost per soldier-year over the successful draws, against the pivotal state's own cost.

    Bar heights are shares of *all* draws, so the bars sum to the probability that a coalition meets the
    requirements; the caption line states the share of draws in which none does. The legend names the
    pivotal state's own troops only if some successful draw uses them.
    """
    draws = result.draws
    ok = draws["success"].to_numpy(dtype=bool)
    per = draws.loc[ok, "cost_per_soldier_year_usd"].to_numpy(dtype=float) / 1e3
    own = float(result.record.get("own_cost_per_soldier_year", np.nan)) / 1e3
    own_troops = draws.loc[ok, "own_troops"].to_numpy(dtype=float) if "own_troops" in draws else np.zeros(0)
    with publication_style():
        fig, ax = plt.subplots(figsize=(5.0, 3.2))
        if per.size:
            bins = min(40, max(5, int(np.sqrt(per.size))))
            label = "bought coalition + own troops" if np.any(own_troops > 0) else "bought coalition"
            weights = np.full(per.size, 1.0 / ok.size)
            ax.hist(per, bins=bins, weights=weights, color=PALETTE[0], alpha=0.85, label=label)
        if np.isfinite(own):
            ax.axvline(own, color=PALETTE[1], linestyle="--", label="own soldiers only")
        ax.set_xlabel("cost per soldier-year of the mission (USD thousand)")
        ax.set_ylabel("share of all draws")
        failed = 1.0 - ok.mean() if ok.size else float("nan")
        heading = title or "Coalition cost over private reservation prices"
        ax.set_title(f"{heading}\n{ok.size} draws; no coalition meets the requirements in {failed:.0%}")
        ax.legend(loc="center right")
        save_figure(fig, path)
