"""Two file formats for the figure tests, registered with matplotlib's public ``register_backend``.

* ``*.probe``: writes the figure as PNG and keeps the saved :class:`~matplotlib.figure.Figure` in
  :data:`SAVED`, so a test can inspect exactly what a plotting function saved (axes, lines, legends) after
  the function has closed it, through the real saving path (``save_figure`` → ``atomic_path``).
* ``*.broken``: writes a few bytes, then fails like a full disk: an atomic save must leave nothing behind.
"""

from __future__ import annotations

import os
from typing import Any

from matplotlib.axes import Axes
from matplotlib.backend_bases import register_backend
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

SAVED: list[Figure] = []
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class FigureCanvas(FigureCanvasAgg):
    def print_probe(self, filename_or_obj: Any, **_: Any) -> None:
        self.print_png(filename_or_obj)
        if isinstance(filename_or_obj, str | os.PathLike):  # not the dry run for the tight bounding box
            SAVED.append(self.figure)

    def print_broken(self, filename_or_obj: Any, **_: Any) -> None:
        with open(filename_or_obj, "wb") as handle:
            handle.write(PNG_MAGIC)
        raise OSError(28, "No space left on device (simulated)")


def register() -> None:
    register_backend("probe", __name__, "PNG, figure kept for tests")
    register_backend("broken", __name__, "fails half-way, for tests")


def legend_labels(ax: Axes) -> list[str]:
    """The texts of ``ax``'s legend (empty without a legend)."""
    legend = ax.get_legend()
    return [text.get_text() for text in legend.get_texts()] if legend is not None else []


def line_labels(ax: Axes) -> list[str]:
    """Labels of the lines drawn on ``ax``, in drawing order (unlabelled lines as ``_child...``)."""
    return [str(line.get_label()) for line in ax.get_lines()]
