"""Figures of a simulated world's hypothesis tests: one panel per test, and a sweep's estimates by cell."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import numpy as np

from alliancelab.report.style import PALETTE, publication_style, save_figure

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["hypotheses_figure", "sweep_figure"]

_VERDICT_COLOUR = {"holds": PALETTE[2], "fails": PALETTE[1], "inconclusive": "#777777"}


def hypotheses_figure(frame: pd.DataFrame, path: str | Path, title: str = "") -> None:
    """One panel per test: the estimate and its 95% CI against 0 (each on its own scale), coloured by
    verdict (green holds, orange fails, grey inconclusive). ``frame`` is :func:`hypotheses_frame`'s."""
    rows = len(frame)
    with publication_style():
        fig, axes = plt.subplots(rows, 1, figsize=(6.5, 0.75 * rows + 0.8), squeeze=False)
        for ax, row in zip(axes[:, 0], frame.itertuples(index=False), strict=True):
            colour = _VERDICT_COLOUR[str(row.holds)]
            ax.axvline(0.0, color="black", linewidth=0.8)
            estimate, lo, hi = float(row.estimate), float(row.ci_low), float(row.ci_high)  # type: ignore[arg-type]
            if math.isfinite(estimate):
                if math.isfinite(lo) and math.isfinite(hi):
                    ax.hlines(0, lo, hi, color=colour, linewidth=3)
                ax.plot([estimate], [0], "o", color=colour)
                span = float(np.nanmax(np.abs([estimate, lo, hi, 1e-12])))
                ax.set_xlim(-1.15 * span, 1.15 * span)
            else:
                ax.text(
                    0.5, 0.5, "not estimable", transform=ax.transAxes, ha="center", va="center", fontsize=8
                )
            ax.set_yticks([])
            ax.set_ylabel(f"{row.test}", rotation=0, ha="right", va="center")
            ax.set_title(f"{row.prediction} -- {row.holds}", fontsize=8, loc="left")
            ax.tick_params(axis="x", labelsize=7)
        if title:
            fig.suptitle(title, fontsize=10)
        fig.tight_layout()
        save_figure(fig, path)


def sweep_figure(combined: pd.DataFrame, path: str | Path, cell_label: str = "cell") -> None:
    """Estimates with 95% CIs of each test across the cells of a sweep (one panel per test)."""
    tests = list(dict.fromkeys(combined["test"]))
    with publication_style():
        fig, axes = plt.subplots(len(tests), 1, figsize=(6.5, 1.3 * len(tests) + 0.6), squeeze=False)
        for ax, test in zip(axes[:, 0], tests, strict=True):
            part = combined.loc[combined["test"] == test]
            x = np.arange(len(part))
            colours = [_VERDICT_COLOUR[str(v)] for v in part["holds"]]
            est = part["estimate"].to_numpy(dtype=float)
            low, high = part["ci_low"].to_numpy(dtype=float), part["ci_high"].to_numpy(dtype=float)
            for i in range(len(part)):
                # the CI as drawn from its ends, not as error bars around the estimate: a percentile
                # bootstrap's CI need not contain its estimate, and a one-cluster test has none
                if math.isfinite(low[i]) and math.isfinite(high[i]):
                    ax.vlines(x[i], low[i], high[i], color=colours[i], linewidth=1.5)
                    ax.hlines([low[i], high[i]], x[i] - 0.08, x[i] + 0.08, color=colours[i], linewidth=1.5)
                if math.isfinite(est[i]):
                    ax.plot([x[i]], [est[i]], "o", color=colours[i])
            ax.axhline(0.0, color="black", linewidth=0.8)
            ax.set_xticks(x, [str(v) for v in part[cell_label]], fontsize=7)
            ax.set_title(f"{test}: {part['prediction'].iloc[0]}", fontsize=8, loc="left")
        fig.tight_layout()
        save_figure(fig, path)
