"""Figures from the evidence layer: do allies vote with their patron in the UN General Assembly?

Istomin & Baikov (``istomin2019dynamics``) argue that a patron's allies align with it politically; the
worked example of ``docs/data.md`` shows the raw pattern for the United States, 1946–2014: agreement with the
United States of the states it has pledged to defend (ATOP) against all other states.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from alliancelab.errors import UserInputError
from alliancelab.report.style import PALETTE, publication_style, save_figure

__all__ = ["agreement_by_alliance", "plot_agreement_with_patron"]


def _state_name(cow_code: int) -> str:
    """Short English name of a COW state (through Gleditsch–Ward codes and country_converter)."""
    import country_converter as coco

    from alliancelab.data.crosswalk import cow_to_gw

    gw = cow_to_gw([cow_code]).iloc[0]
    name = coco.convert(int(gw), src="GWcode", to="name_short", not_found=None) if pd.notna(gw) else None
    return str(name) if isinstance(name, str) else f"state {cow_code}"


def agreement_by_alliance(frame: pd.DataFrame, patron: int = 2) -> pd.DataFrame:
    """Per year: UNGA agreement with ``patron`` of the states it pledges to defend, and of all others.

    ``frame`` is a directed dyad-year frame with ``atop_defense`` and ``un_agree`` (from
    ``create_dyadyears().pipe(add_atop_alliance).pipe(add_un_agreement)``). Returns one row per year and
    group (``"defence pledge"`` / ``"no pledge"``) with the mean, the 25th and 75th percentiles of agreement
    and the number of states.
    """
    for column in ("atop_defense", "un_agree"):
        if column not in frame.columns:
            raise UserInputError(f"agreement_by_alliance: the frame has no column {column!r}")
    rows = frame[(frame["ccode1"] == patron) & frame["un_agree"].notna()]
    if rows.empty:
        raise UserInputError(f"agreement_by_alliance: no UN agreement rows for patron {patron}")
    group = np.where(
        rows["atop_defense"].to_numpy(dtype=float, na_value=0) == 1, "defence pledge", "no pledge"
    )
    summary = (
        rows.assign(group=group)
        .groupby(["year", "group"])["un_agree"]
        .agg(mean="mean", q25=lambda s: s.quantile(0.25), q75=lambda s: s.quantile(0.75), states="size")
        .reset_index()
    )
    summary.attrs = {"patron": patron, "sources": list(frame.attrs.get("sources", []))}
    return summary


def plot_agreement_with_patron(
    summary: pd.DataFrame,
    *,
    frame: pd.DataFrame | None = None,
    highlight: Mapping[int, str] | None = None,
    path: str | os.PathLike[str] | None = None,
) -> Figure:
    """Line chart of :func:`agreement_by_alliance`: means with interquartile bands, per group.

    With ``frame`` and ``highlight`` ({ccode: label}) the named states' own agreement series are drawn too.
    Saved atomically to ``path`` if given (format from the suffix).
    """
    import matplotlib.pyplot as plt

    patron = summary.attrs.get("patron", 2)
    with publication_style():
        fig, ax = plt.subplots(figsize=(6.5, 3.6))
        for colour, (name, part) in zip(PALETTE, summary.groupby("group", sort=True), strict=False):
            ax.fill_between(part["year"], part["q25"], part["q75"], color=colour, alpha=0.18, linewidth=0)
            ax.plot(part["year"], part["mean"], color=colour, label=f"{name} (mean, IQR band)")
        if frame is not None and highlight:
            for colour, (code, label) in zip(PALETTE[2:], highlight.items(), strict=False):
                own = frame[(frame["ccode1"] == patron) & (frame["ccode2"] == code)].sort_values("year")
                ax.plot(
                    own["year"], own["un_agree"], color=colour, linewidth=0.9, linestyle="--", label=label
                )
        ax.set_ylim(0, 1)
        ax.set_xlabel("year (UNGA session)")
        ax.set_ylabel("share of common votes cast alike")
        ax.set_title(f"Agreement with {_state_name(int(patron))} in the UN General Assembly")
        ax.legend(loc="upper right", ncol=2)
        fig.tight_layout()
    if path is not None:
        save_figure(fig, path)
    return fig
