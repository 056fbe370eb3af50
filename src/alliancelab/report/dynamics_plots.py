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


def _shade(ax: Axes, x: np.ndarray, mask: np.ndarray, colour: str, label: str, *, post: bool = False) -> None:
    """Shade the x-ranges where ``mask`` holds (one legend entry): centred on each grid value, or with
    ``post`` the period ``[x, x + step)`` that a yearly value covers (as a ``where="post"`` step line)."""
    if not mask.any():
        return
    step = (x[1] - x[0]) if len(x) > 1 else 1.0
    left, right = (0.0, step) if post else (step / 2, step / 2)
    for k, i in enumerate(np.flatnonzero(mask)):
        ax.axvspan(x[i] - left, x[i] + right, color=colour, alpha=0.12, lw=0, label=label if k == 0 else None)


def plot_contest_sweep(frame: pd.DataFrame, path: str | os.PathLike[str], *, title: str = "") -> None:
    """Payment and concessions of the winning contract along the swept parameter, with and without a rival.

    ``frame`` comes from :func:`alliancelab.report.realignment_report.sweep`. Solid: no rival (monopoly,
    section (a)). Dashed, with the rival (section (c)): the incumbent's contract where it keeps the client
    and, in the rival's colour, the rival's contract where it wins (shaded); the two are separate lines,
    never joined across the switch. Gaps: no alliance.
    """
    parameter = str(frame.attrs.get("parameter", frame.columns[0]))
    with publication_style():
        fig, (pay_ax, x_ax) = plt.subplots(1, 2, figsize=(7.2, 3.0), layout="constrained")
        curves = (
            (False, "incumbent", "-", PALETTE[0], "no rival (monopoly)"),
            (True, "incumbent", "--", PALETTE[0], "with rival: the incumbent keeps the client"),
            (True, "rival", "--", PALETTE[1], "with rival: the rival wins, its contract"),
        )
        for with_rival, winner, style, colour, label in curves:
            rows = frame[frame["rival"] == with_rival]
            won = (rows["winner"] == winner).to_numpy()
            if rows.empty or not won.any():
                continue
            pay_ax.plot(rows[parameter], rows["payment"].where(won), style, color=colour, label=label)
            x_ax.plot(rows[parameter], rows["package"].where(won), style, color=colour, label=label)
            if winner == "rival":
                for ax in (pay_ax, x_ax):
                    _shade(ax, rows[parameter].to_numpy(), won, PALETTE[1], "rival wins")
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
            aligned = (rows["alignment"] == side).to_numpy()
            _shade(pay_ax, years, aligned, colour, f"aligned with {side}", post=True)
        # a year's contract holds from its review (the event's year) to the next: steps start at the event
        pay_ax.step(years, rows["payment"], where="post", color=PALETTE[2], label="payment p (USD m/yr)")
        x_ax = pay_ax.twinx()
        x_ax.step(years, rows["concessions"], where="post", color=PALETTE[3], ls="--", label="concessions x")
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
