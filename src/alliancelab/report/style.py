"""Publication-quality figure defaults, and saving figures atomically."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import Any

import matplotlib

matplotlib.use("Agg")  # files, not windows: the CLI and CI have no display

import matplotlib.pyplot as plt
from cycler import cycler
from matplotlib.figure import Figure

from alliancelab.io import atomic_path

__all__ = ["PALETTE", "publication_style", "save_figure"]

# Okabe-Ito: distinguishable for colour-blind readers and in greyscale print
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]

_RC: dict[str, Any] = {
    "figure.dpi": 150,
    "savefig.dpi": 300,
    "savefig.bbox": "tight",
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.labelsize": 9,
    "legend.fontsize": 8,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.25,
    "lines.linewidth": 1.6,
    "axes.prop_cycle": cycler(color=PALETTE),
}


@contextlib.contextmanager
def publication_style() -> Iterator[None]:
    """Context in which new figures use AllianceLab's print defaults."""
    with plt.rc_context(_RC):  # type: ignore[arg-type]
        yield


def save_figure(fig: Figure, path: str | os.PathLike[str]) -> None:
    """Save ``fig`` (format from the suffix: .png, .pdf, .svg) atomically and close it."""
    try:
        with atomic_path(path) as tmp:
            fig.savefig(tmp)
    finally:  # a failed save must not leave the figure open in pyplot's registry
        plt.close(fig)
