"""Figures for rival-patron competition (section (c)) and alliance maintenance over time (section (d))."""

from __future__ import annotations

import os

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from alliancelab.report.style import PALETTE, publication_style, save_figure

__all__ = ["plot_contest_sweep", "plot_path"]

LABELS = {
    "d": "interest divergence from the incumbent d",
    "chi": "common-threat share with the incumbent chi",
    "T": "threat T",
    "v": "incumbent's value of concessions v (USD m/yr)",
    "tau": "switching cost tau (utils)",
    "credibility": "incumbent's credibility pi_H",
    "rival_v": "rival's value of concessions v_R (USD m/yr)",
    "rival_d": "divergence from the rival d_R",
    "rival_credibility": "rival's credibility pi_R",
    "rival_budget": "rival's budget B_R (USD m/yr)",
    "W": "winning coalition W",
}
_ALIGN_COLOURS = {"H": PALETTE[0], "R": PALETTE[1]}


def _shade(ax: Axes, x: np.ndarray, mask: np.ndarray, colour: str, label: str) -> None:
    """Shade the x-ranges where ``mask`` holds (one legend entry)."""
    if not mask.any():
        return
    step = (x[1] - x[0]) / 2 if len(x) > 1 else 0.5
    labelled = False
    for i in np.flatnonzero(mask):
        ax.axvspan(
            x[i] - step, x[i] + step, color=colour, alpha=0.12, lw=0, label=None if labelled else label
        )
        labelled = True


def plot_contest_sweep(frame: pd.DataFrame, path: str | os.PathLike[str], *, title: str = "") -> None:
    """Payment and concessions of the winning contract along the swept parameter, with and without a rival.

    ``frame`` comes from :func:`alliancelab.theory.realignment.sweep_frame`. Solid: no rival (monopoly,
    section (a)); dashed: with the rival (section (c)); shaded: the rival wins the client. Gaps: no alliance.
    """
    parameter = str(frame.attrs.get("parameter", frame.columns[0]))
    with publication_style():
        fig, (pay_ax, x_ax) = plt.subplots(1, 2, figsize=(7.2, 3.0), layout="constrained")
        for with_rival, style, label in ((False, "-", "no rival (monopoly)"), (True, "--", "with rival")):
            rows = frame[frame["rival"] == with_rival]
            if rows.empty:
                continue
            allied = rows["winner"] != "none"
            pay_ax.plot(rows[parameter], rows["payment"].where(allied), style, color=PALETTE[0], label=label)
            x_ax.plot(rows[parameter], rows["package"].where(allied), style, color=PALETTE[0], label=label)
            if with_rival:
                grid, rival_wins = rows[parameter].to_numpy(), (rows["winner"] == "rival").to_numpy()
                for ax in (pay_ax, x_ax):
                    _shade(ax, grid, rival_wins, PALETTE[1], "rival wins")
        xlabel = LABELS.get(parameter, parameter)
        pay_ax.set(xlabel=xlabel, ylabel="payment of the winner p (USD m/yr)", title="Side payment")
        x_ax.set(xlabel=xlabel, ylabel="concessions x (share of full package)", title="Concessions")
        x_ax.set_ylim(0, 1.05)
        pay_ax.legend(loc="best")
        if title:
            fig.suptitle(title)
        save_figure(fig, path)


def plot_path(
    path_frame: pd.DataFrame,
    events: pd.DataFrame,
    target: str | os.PathLike[str],
    *,
    dyad: int = 0,
    title: str = "",
) -> None:
    """One dyad's path: payment and concessions by year (shaded by alignment), divergence, events.

    ``path_frame`` and ``events`` come from :func:`~.maintenance_report.simulate`. Vertical lines:
    regime changes (solid) and leader changes (dotted); markers: terminations and realignments.
    """
    rows = path_frame[path_frame["dyad"] == dyad]
    marks = events[events["dyad"] == dyad]
    years = rows["year"].to_numpy()
    with publication_style():
        fig, (pay_ax, div_ax) = plt.subplots(2, 1, figsize=(7.2, 4.6), sharex=True, layout="constrained")
        for side, colour in _ALIGN_COLOURS.items():
            _shade(pay_ax, years, (rows["alignment"] == side).to_numpy(), colour, f"aligned with {side}")
        pay_ax.step(years, rows["payment"], where="mid", color=PALETTE[2], label="payment p (USD m/yr)")
        x_ax = pay_ax.twinx()
        x_ax.step(years, rows["concessions"], where="mid", color=PALETTE[3], ls="--", label="concessions x")
        x_ax.set_ylim(0, 1.5)  # headroom for the legend
        pay_ax.set_ylim(0, 1.45 * max(float(rows["payment"].max()), 1.0))
        x_ax.set_ylabel("concessions x")
        x_ax.spines["right"].set_visible(True)
        pay_ax.set_ylabel("payment p (USD m/yr)")
        div_ax.plot(years, rows["divergence_H"], color=_ALIGN_COLOURS["H"], label="divergence from H")
        if rows["divergence_R"].notna().any():
            div_ax.plot(years, rows["divergence_R"], color=_ALIGN_COLOURS["R"], label="divergence from R")
        div_ax.set(xlabel="year", ylabel="divergence d", ylim=(0, 1.02))
        for kind, style in (("regime_change", "-"), ("leader_change", ":")):
            for i, year in enumerate(marks.loc[marks["event"] == kind, "year"]):
                label = kind.replace("_", " ") if i == 0 else None
                for ax in (pay_ax, div_ax):
                    ax.axvline(year, color="0.4", ls=style, lw=0.9, label=label if ax is div_ax else None)
        for kind, marker in (("terminate", "x"), ("realign", "o"), ("renegotiate_up", "^")):
            hit = rows[rows["review"] == kind]
            if not hit.empty:
                pay_ax.plot(
                    hit["year"], hit["payment"], marker, color="k", ms=5, ls="", label=kind.replace("_", " ")
                )
        handles, labels = pay_ax.get_legend_handles_labels()
        more_h, more_l = x_ax.get_legend_handles_labels()
        pay_ax.legend(handles + more_h, labels + more_l, loc="upper left", ncols=3, fontsize=7)
        div_ax.legend(loc="best", ncols=2, fontsize=7)
        if title:
            fig.suptitle(title)
        save_figure(fig, target)
