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

__all__ = ["MIN_ROLL_CALLS", "THIN_SESSION", "agreement_by_alliance", "plot_agreement_with_patron"]

MIN_ROLL_CALLS = 10  # a session with fewer recorded roll calls gives no comparable agreement score
THIN_SESSION = f"session with < {MIN_ROLL_CALLS} roll calls (left out)"


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
    group (``"defence pledge"`` / ``"no pledge"``) with the mean, the median, the 25th and 75th percentiles
    of agreement, the number of states and ``roll_calls``: the most common votes the patron shares with any
    state that year, i.e. the number of roll calls it voted in (``NaN`` without ``un_common_votes``).
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
        .agg(
            mean="mean",
            median="median",
            q25=lambda s: s.quantile(0.25),
            q75=lambda s: s.quantile(0.75),
            states="size",
        )
        .reset_index()
    )
    if "un_common_votes" in rows.columns:
        calls = rows.groupby("year")["un_common_votes"].max().astype(float)
        summary["roll_calls"] = summary["year"].map(calls)
    else:
        summary["roll_calls"] = np.nan
    summary.attrs = {"patron": patron, "sources": list(frame.attrs.get("sources", []))}
    return summary


def plot_agreement_with_patron(
    summary: pd.DataFrame,
    *,
    frame: pd.DataFrame | None = None,
    highlight: Mapping[int, str] | None = None,
    path: str | os.PathLike[str] | None = None,
) -> Figure:
    """Line chart of :func:`agreement_by_alliance`: medians with interquartile bands, per group.

    The band and the line are the same statistic's family (quartiles and median), so the line always lies
    inside its band. Sessions with fewer than ``MIN_ROLL_CALLS`` roll calls (1964, the Article 19 crisis:
    one recorded vote) carry no comparable agreement score: they are left out of the lines and marked.
    With ``frame`` and ``highlight`` ({ccode: label}) the named states' own agreement series are drawn too.
    Saved atomically to ``path`` if given (format from the suffix).
    """
    import matplotlib.pyplot as plt

    patron = summary.attrs.get("patron", 2)
    with publication_style():
        fig, ax = plt.subplots(figsize=(6.5, 3.6))
        few = summary.groupby("year")["roll_calls"].first() < MIN_ROLL_CALLS
        thin_years = set(few.index[few.to_numpy()])
        for colour, (name, part) in zip(PALETTE, summary.groupby("group", sort=True), strict=False):
            kept = part.where(~part["year"].isin(thin_years)).assign(year=part["year"])
            ax.fill_between(kept["year"], kept["q25"], kept["q75"], color=colour, alpha=0.18, linewidth=0)
            ax.plot(kept["year"], kept["median"], color=colour, label=f"{name} (median, IQR band)")
        if frame is not None and highlight:
            for colour, (code, label) in zip(PALETTE[2:], highlight.items(), strict=False):
                own = frame[(frame["ccode1"] == patron) & (frame["ccode2"] == code)].sort_values("year")
                agree = own["un_agree"].where(~own["year"].isin(thin_years))
                ax.plot(own["year"], agree, color=colour, linewidth=0.9, linestyle="--", label=label)
        for k, year in enumerate(sorted(thin_years)):
            calls = int(summary.loc[summary["year"] == year, "roll_calls"].iloc[0])
            ax.axvspan(
                year - 0.5, year + 0.5, color="0.6", alpha=0.3, lw=0, label=THIN_SESSION if k == 0 else None
            )
            ax.annotate(
                f"{year}: {calls} roll call{'s' if calls != 1 else ''}", (year, 0.03), fontsize=7, ha="center"
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
