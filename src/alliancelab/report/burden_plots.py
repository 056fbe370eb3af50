"""Figures for burden-sharing: the Goldilocks curve (models.md (e2)) and the O&Z burden-size scatter (e1)."""

from __future__ import annotations

import dataclasses
import os

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from alliancelab.errors import ParameterError
from alliancelab.report.control_report import POTENTIAL, sweep
from alliancelab.report.style import PALETTE, publication_style, save_figure
from alliancelab.theory.burden import ControlParams, pressure_window
from alliancelab.theory.burden.olson import PublicGoodEquilibrium

__all__ = [
    "closed_form_label",
    "exploitation_figure",
    "goldilocks_figure",
    "plot_exploitation",
    "plot_goldilocks",
]


def _scalar_params(params: ControlParams) -> None:
    for field in dataclasses.fields(params):
        value = getattr(params, field.name)
        if field.name != "exit_model" and np.ndim(value) != 0:
            raise ParameterError(f"goldilocks plot: {field.name} must be a single number, not an array")


def goldilocks_figure(
    params: ControlParams, *, potential_max: float | None = None, points: int = 801
) -> Figure:
    """Pressure intensity against latent potential K, with the window shaded and the peak marked.

    The lower panel shows the patron's net values of pressing (``N``) and of reassuring (``N-``). The K axis
    ends where the quadratic exit stand-in stops being valid (``(e0+Delta)*K = M*``) unless
    ``potential_max`` is given; that limit is drawn (dotted line, hatched beyond it), and a window whose
    upper end lies past it is reported as such, not with the closed form's number.
    """
    _scalar_params(params)
    window = pressure_window(dataclasses.replace(params, exit_model="quadratic"))
    k_max = float(potential_max) if potential_max is not None else float(window.valid_upto)
    if not k_max > 0:
        raise ParameterError(f"goldilocks plot: potential_max = {k_max:g} must be > 0")
    frame = sweep(params, POTENTIAL, np.linspace(0.0, k_max, points))
    k = frame["potential"].to_numpy()
    with publication_style():
        fig, (top, bottom) = plt.subplots(
            2, 1, figsize=(5.6, 4.6), sharex=True, layout="constrained", height_ratios=(3, 2)
        )
        top.plot(k, frame["intensity"], color=PALETTE[0], label="pressure intensity max(0, N)/N_max")
        pressed = frame["decision"].to_numpy() == 1
        reassured = frame["decision"].to_numpy() == -1
        top.fill_between(k, 0, 1.05, where=pressed, color=PALETTE[0], alpha=0.12, label="press (q = +1)")
        top.fill_between(k, 0, 1.05, where=reassured, color=PALETTE[2], alpha=0.15, label="reassure (q = -1)")
        limit = float(window.valid_upto)
        if params.exit_model == "quadratic" and limit <= k_max:
            # beyond (e0+Delta)*K = M* the closed form (and the quadratic stand-in's window) no longer holds
            for ax in (top, bottom):
                ax.axvspan(limit, k_max, color="0.5", alpha=0.15, hatch="//", lw=0, label=None)
                ax.axvline(
                    limit, color="0.3", lw=1, ls=":", label=None if ax is bottom else closed_form_label(limit)
                )
        if params.exit_model == "quadratic" and np.isfinite(window.upper) and bool(window.complies):
            peak = float(window.peak)
            upper = (
                f"{float(window.upper):,.0f}"
                if bool(window.closed_form_valid)
                else f"> {limit:,.0f}: past the closed form"
            )
            top.axvline(peak, color=PALETTE[1], lw=1, ls="--")
            top.annotate(
                f"peak K* = {peak:,.0f}\nwindow ({float(window.lower):,.0f}, {upper})",
                xy=(peak, 1.0),
                xytext=(6, -30),
                textcoords="offset points",
                fontsize=8,
            )
        top.set(ylabel="pressure intensity", ylim=(0, 1.1))
        top.set_title(
            f"Goldilocks pressure: threat T = {float(np.asarray(params.threat)):g}, "
            f"strain rho_H = {float(np.asarray(params.strain)):g}"
        )
        top.legend(loc="center right")
        bottom.plot(k, frame["pressure_value"], color=PALETTE[0], label="N(K): press")
        bottom.plot(k, frame["reassurance_value"], color=PALETTE[2], ls="--", label="N-(K): reassure")
        bottom.axhline(0, color="0.4", lw=0.8)
        bottom.set(xlabel="ally latent potential K (GDP, USD bn)", ylabel="patron net value (USD bn)")
        bottom.legend(loc="lower left")
    return fig


def closed_form_label(limit: float) -> str:
    """Legend text of the closed form's validity limit ``K = M*/(e0+Delta)``."""
    return f"closed form valid up to K = {limit:,.0f}"


def plot_goldilocks(
    params: ControlParams, path: str | os.PathLike[str], *, potential_max: float | None = None
) -> None:
    """Save :func:`goldilocks_figure` to ``path`` atomically (format from the suffix)."""
    save_figure(goldilocks_figure(params, potential_max=potential_max), path)


def exploitation_figure(
    sizes: ArrayLike | None = None,
    burdens: ArrayLike | None = None,
    *,
    equilibrium: PublicGoodEquilibrium | None = None,
    labels: list[str] | None = None,
) -> Figure:
    """Defence burden against size (log scale): contributors filled, free riders open (O&Z, claim E7)."""
    if equilibrium is not None:
        k, e = equilibrium.incomes.ravel(), equilibrium.burdens.ravel()
    elif sizes is not None and burdens is not None:
        k, e = np.asarray(sizes, float).ravel(), np.asarray(burdens, float).ravel()
    else:
        raise ParameterError("exploitation plot: give sizes and burdens, or an equilibrium")
    contributes = e > 0
    with publication_style():
        fig, ax = plt.subplots(figsize=(4.8, 3.4), layout="constrained")
        ax.scatter(k[contributes], 100 * e[contributes], color=PALETTE[0], label="contributors")
        ax.scatter(
            k[~contributes],
            100 * e[~contributes],
            facecolors="none",
            edgecolors=PALETTE[1],
            label="free riders",
        )
        for name, x, y in zip(labels or [], k, e, strict=False):
            ax.annotate(name, (x, 100 * y), xytext=(3, 3), textcoords="offset points", fontsize=7)
        ax.set(xscale="log", xlabel="size K (GDP)", ylabel="defence burden e (% of GDP)")
        ax.set_title("Olson-Zeckhauser: burden against size")
        ax.legend(loc="upper left")
    return fig


def plot_exploitation(
    sizes: ArrayLike, burdens: ArrayLike, path: str | os.PathLike[str], *, labels: list[str] | None = None
) -> None:
    """Save :func:`exploitation_figure` to ``path`` atomically."""
    save_figure(exploitation_figure(sizes, burdens, labels=labels), path)
