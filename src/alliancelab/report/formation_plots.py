"""Figures for the formation model: a case's trade-off, and comparative statics along a swept parameter."""

from __future__ import annotations

import os

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from alliancelab.cases.formation_case import FormationCase
from alliancelab.report.formation_report import illustrative_rival, sweep
from alliancelab.report.style import PALETTE, publication_style, save_figure
from alliancelab.theory.formation import reservation_payment, solve

__all__ = ["NO_ALLIANCE", "observed_label", "plot_case", "plot_sweep"]

LABELS = {
    "d": "interest divergence d",
    "T": "threat T",
    "chi": "common-threat share chi",
    "W": "winning coalition W",
    "S": "selectorate S",
    "h": "leader instability h",
    "r": "leader's domestic revenue r (USD m/yr)",
    "v": "patron's value of concessions v (USD m/yr)",
    "c": "patron's commitment cost c (USD m/yr)",
    "budget": "patron's budget B (USD m/yr)",
}


NO_ALLIANCE = "no alliance (gap; shaded: the case's own client)"


def _shade_no_alliance(ax: Axes, x: np.ndarray, forms: np.ndarray) -> None:
    """Grey spans where the alliance does not form: a gap is "no alliance", a line at 0 "free concessions"."""
    if forms.all() or len(x) < 2:
        return
    half = np.diff(x).min() / 2
    for k, i in enumerate(np.flatnonzero(~forms)):
        ax.axvspan(
            x[i] - half, x[i] + half, color="0.85", lw=0, zorder=0, label=NO_ALLIANCE if k == 0 else None
        )


def _draw_sweep(frame: pd.DataFrame, parameter: str, payment_ax: Axes, package_ax: Axes) -> None:
    clients = list(dict.fromkeys(frame["client"]))
    own = frame[(frame["client"] == clients[0]) & ~frame["rival"]]
    for ax in (payment_ax, package_ax):
        _shade_no_alliance(ax, own[parameter].to_numpy(float), own["forms"].to_numpy(bool))
    for colour, client in zip(PALETTE, clients, strict=False):
        for with_rival, style in ((False, "-"), (True, "--")):
            rows = frame[(frame["client"] == client) & (frame["rival"] == with_rival)]
            if rows.empty:
                continue
            label = client + (", with rival" if with_rival else "")
            payment = rows["payment"].where(rows["forms"])
            package = rows["package"].where(rows["forms"])
            payment_ax.plot(rows[parameter], payment, style, color=colour, label=label)
            package_ax.plot(rows[parameter], package, style, color=colour, label=label)
    xlabel = LABELS.get(parameter, parameter)
    payment_ax.set(xlabel=xlabel, ylabel="side payment p* (USD m/yr; 0: free concessions)", title="Payment")
    package_ax.set(xlabel=xlabel, ylabel="package x* (share of full package)", title="Concessions")
    package_ax.set_ylim(0, 1.05)


def plot_sweep(frame: pd.DataFrame, path: str | os.PathLike[str], *, title: str = "") -> None:
    """Payment and package against the swept parameter, one line per client (dashed: with a rival).

    Gaps mark parameter values at which no alliance forms (shaded grey for the first client); a payment of
    0 on the line is an alliance on free concessions, not a missing alliance.
    """
    parameter = str(frame.attrs.get("parameter", frame.columns[0]))
    with publication_style():
        fig, (left, right) = plt.subplots(1, 2, figsize=(7.2, 3.0), layout="constrained")
        _draw_sweep(frame, parameter, left, right)
        left.legend(loc="best")
        if title:
            fig.suptitle(title)
        save_figure(fig, path)


def observed_label(case: FormationCase) -> str:
    """Legend text of the recorded payment: a calibration target is no out-of-sample observation."""
    observed = case.observed
    assert observed is not None
    year = f"{observed.year} " if observed.year else ""
    if observed.calibration_target:
        return f"{year}commitment (calibration target)"
    return f"observed {year}commitment".replace("  ", " ")


def plot_case(case: FormationCase, path: str | os.PathLike[str], *, with_rival: bool = True) -> pd.DataFrame:
    """The case's figure: payment and package against divergence for small- and large-W clients (with and
    without an illustrative rival), and the case's trade-off ``p_min(x)`` against ``v*x - c``.

    Returns the sweep frame that the first two panels show.
    """
    values = np.linspace(0.0, 1.0, 201)
    rival = illustrative_rival(case) if with_rival else None
    frame = sweep(case, "d", values, rival=rival)
    solution = solve(case.formation)
    observed = case.observed
    with publication_style():
        fig, axes = plt.subplots(1, 3, figsize=(10.5, 3.2), layout="constrained")
        _draw_sweep(frame, "d", axes[0], axes[1])
        d_case = float(np.asarray(case.formation.d))
        if observed is not None and observed.payment is not None:
            axes[0].plot([d_case], [observed.payment.value], "k*", markersize=9, label=observed_label(case))
        if observed is not None and observed.package is not None:
            axes[1].plot([d_case], [observed.package.value], "k*", markersize=9)
        handles, labels = axes[0].get_legend_handles_labels()
        axes[1].legend(handles, labels, loc="lower left", fontsize=6.5)
        _draw_trade_off(case, axes[2], float(solution.package), float(solution.payment))
        fig.suptitle(f"{case.info.title}: the security–autonomy trade-off and the side payment")
        save_figure(fig, path)
    return frame


def _draw_trade_off(case: FormationCase, ax: Axes, x_star: float, p_star: float) -> None:
    p = case.formation
    x = np.linspace(0.0, 1.0, 401)
    p_min = reservation_payment(p, x)
    value = float(np.asarray(p.v)) * x - float(np.asarray(p.c))
    ax.plot(
        x, np.where(np.isfinite(p_min), p_min, np.nan), color=PALETTE[1], label="client's reservation payment"
    )
    ax.plot(x, value, color=PALETTE[0], label="patron's value v*x - c")
    x_free = float(solve(p).free_concession)
    if x_free < 1:
        ax.axvline(x_free, color="grey", linestyle=":", linewidth=1)
        ax.annotate("free up to x0", (x_free, 0), xytext=(3, 4), textcoords="offset points", fontsize=7)
    ax.plot([x_star], [p_star], "o", color="black", label=f"offer: x* = {x_star:.2f}, p* = {p_star:,.0f}")
    ax.set(xlabel="package x", ylabel="USD m/yr", title="Trade-off at the case")
    ax.legend(loc="upper left", fontsize=6.5)
