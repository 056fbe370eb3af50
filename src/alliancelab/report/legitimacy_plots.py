"""Figures for the security-for-legitimacy exchange (models.md (f)): legitimating weights and state scores."""

from __future__ import annotations

import os

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from alliancelab.errors import ParameterError
from alliancelab.report.style import PALETTE, publication_style, save_figure
from alliancelab.theory.legitimacy import LegitimacyParams, legitimating_weight

__all__ = ["legitimacy_weight_figure", "plot_legitimacy_weights", "plot_state_scores", "state_scores_figure"]


def legitimacy_weight_figure(params: LegitimacyParams | None = None, *, size: float = 1.0) -> Figure:
    """Legitimating weight against preference distance, for formal/informal and paid/unpaid supporters.

    Claims F3 (informal obligations legitimate more) and F4 (distant supporters more, visibly paid less).
    """
    p = params or LegitimacyParams()
    grid = np.linspace(0.0, 1.0, 101)
    with publication_style():
        fig, (left, right) = plt.subplots(1, 2, figsize=(7.2, 3.0), sharey=True, layout="constrained")
        for formal, colour, label in (
            (0.0, PALETTE[0], "informal (F = 0)"),
            (1.0, PALETTE[1], "formal (F = 1)"),
        ):
            left.plot(grid, legitimating_weight(size, formal, grid, 0.0, p), color=colour, label=label)
            right.plot(grid, legitimating_weight(size, formal, 0.5, grid, p), color=colour, label=label)
        left.set(xlabel="preference distance from the hegemon d", ylabel="legitimating weight l")
        left.set_title("Unpaid supporters (Vis = 0)")
        right.set(xlabel="visibly paid share Vis")
        right.set_title("At distance d = 0.5")
        left.set_ylim(bottom=0)
        left.legend(loc="upper left")
        fig.suptitle("Who legitimates: informal, distant, unpaid supporters (claims F3, F4)")
    return fig


def plot_legitimacy_weights(path: str | os.PathLike[str], params: LegitimacyParams | None = None) -> None:
    """Save :func:`legitimacy_weight_figure` to ``path`` atomically."""
    save_figure(legitimacy_weight_figure(params), path)


def state_scores_figure(scored: pd.DataFrame, *, top: int = 20) -> Figure:
    """Bar chart of the states' marginal legitimacy value (USD m), with support probability as labels."""
    needed = {"state", "marginal_value", "support_probability"}
    if not needed <= set(scored.columns):
        raise ParameterError(
            f"state scores plot: need columns {', '.join(sorted(needed))} (from score_states)"
        )
    rows = scored.nlargest(top, "marginal_value").iloc[::-1]
    with publication_style():
        fig, ax = plt.subplots(figsize=(5.2, 0.3 * len(rows) + 1.2), layout="constrained")
        ax.barh(rows["state"].astype(str), rows["marginal_value"], color=PALETTE[0])
        for y, (value, prob) in enumerate(
            zip(rows["marginal_value"], rows["support_probability"], strict=True)
        ):
            ax.annotate(
                f"Pr(support) {prob:.2f}", (value, y), xytext=(3, -3), textcoords="offset points", fontsize=7
            )
        ax.set(xlabel="marginal legitimacy value (USD m)", title="Value of each state's support")
    return fig


def plot_state_scores(scored: pd.DataFrame, path: str | os.PathLike[str], *, top: int = 20) -> None:
    """Save :func:`state_scores_figure` to ``path`` atomically."""
    save_figure(state_scores_figure(scored, top=top), path)
