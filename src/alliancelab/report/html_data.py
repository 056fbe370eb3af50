"""Report of a dyad-year file from ``alliancelab data build``: what it holds, and allies' UN agreement.

The file is a Parquet file written by :func:`alliancelab.data.builders.write_parquet` (its attrs -- unit,
state system, years, steps, sources -- travel in the file's metadata). With ATOP and UN agreement columns
(``--add atop,un``) the report shows the worked example of ``docs/data.md``: agreement with the patron in the
UN General Assembly of the states it pledges to defend against all others, by year (Istomin & Baikov's claim
that allies align politically with their patron; ``istomin2019dynamics``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from alliancelab.errors import UserInputError
from alliancelab.report.html import Figure, Report, Section, Table, render_png

__all__ = ["HIGHLIGHTED_ALLIES", "agreement_section", "dyadyear_report", "is_dyadyear_file"]

# the allies the figure of docs/data.md follows one by one: an old ally and a bought one (COW codes)
HIGHLIGHTED_ALLIES: Mapping[int, str] = {200: "United Kingdom", 770: "Pakistan"}
NEEDED = ("atop_defense", "un_agree")


def is_dyadyear_file(target: str) -> bool:
    """Whether ``target`` is a Parquet file (the output of ``alliancelab data build``)."""
    path = Path(target)
    return path.suffix.lower() == ".parquet" and path.is_file()


def _read(path: Path) -> Any:
    import pyarrow as pa  # type: ignore[import-untyped]

    from alliancelab.data.builders import read_frame

    try:
        frame = read_frame(path)
    except (OSError, pa.ArrowInvalid) as err:
        raise UserInputError(f"{path}: not a readable Parquet file ({err})") from None
    if frame.attrs.get("unit") != "dyad-year" or not frame.attrs.get("directed"):
        raise UserInputError(
            f"{path}: not a directed dyad-year file from `alliancelab data build` (its metadata says unit = "
            f"{frame.attrs.get('unit')!r}, directed = {frame.attrs.get('directed')!r})"
        )
    missing = [c for c in NEEDED if c not in frame.columns]
    if missing:
        raise UserInputError(
            f"{path}: no column(s) {', '.join(missing)}; build the file with --add atop,un "
            "(alliancelab data build --years 1946-2014 --add atop,un --out FILE.parquet)"
        )
    return frame


def agreement_section(frame: Any, *, patron: int = 2) -> Section:
    """Agreement with ``patron`` (COW code) of the states it pledges to defend and of all others."""
    from alliancelab.report.data_plots import agreement_by_alliance, plot_agreement_with_patron

    summary = agreement_by_alliance(frame, patron=patron)
    png = render_png(
        lambda path: plot_agreement_with_patron(
            summary, frame=frame, highlight=dict(HIGHLIGHTED_ALLIES), path=path
        )
    )
    decades = (
        summary.assign(decade=(summary["year"] // 10) * 10)
        .groupby(["decade", "group"])["mean"]
        .mean()
        .unstack("group")
        .reset_index()
    )
    decades.columns = [str(c) for c in decades.columns]
    decades["decade"] = decades["decade"].map(lambda d: f"{d}s")
    return Section(
        "Do allies vote with their patron?",
        (
            "Share of common UN General Assembly roll calls on which a state voted as the patron did "
            "(yes-yes, no-no, abstain-abstain), for the states the patron has pledged (ATOP) to defend and "
            "for all others.",
        ),
        figures=(Figure("Agreement with the patron in the UN General Assembly", png),),
        tables=(Table.from_frame("Mean agreement by decade", decades),),
    )


def _about(frame: Any, path: Path) -> Section:
    attrs = frame.attrs
    years = attrs.get("years") or (int(frame["year"].min()), int(frame["year"].max()))
    facts = {
        "file": str(path),
        "unit": f"{'directed ' if attrs.get('directed') else ''}{attrs.get('unit')}",
        "state system": attrs.get("system"),
        "years": f"{years[0]}–{years[1]}",
        "rows": len(frame),
        "columns": ", ".join(map(str, frame.columns)),
        "pipeline": " -> ".join(attrs.get("steps", [])),
    }
    unmatched = {f"unmatched codes: {k}": v for k, v in (attrs.get("unmatched") or {}).items()}
    return Section("The data", tables=(Table("What the file holds", {**facts, **unmatched}),))


def dyadyear_report(target: str, *, command: Sequence[str] = ()) -> Report:
    """The report of a dyad-year Parquet file with ATOP and UN agreement columns."""
    from alliancelab.provenance import run_record

    path = Path(target)
    frame = _read(path)
    sources = tuple(frame.attrs.get("sources", ()))
    return Report(
        kind="dyad-year data",
        title="Allies and their patron in the UN General Assembly",
        source=str(path),
        summary="Directed dyad-years built from the real data: do the states the United States pledges to "
        "defend vote with it in the UN General Assembly more than other states do?",
        sections=(_about(frame, path), agreement_section(frame)),
        manifest=run_record(
            report_kind="dyad-year data",
            data_file=str(path),
            data_attrs={k: v for k, v in frame.attrs.items() if k != "unmatched"},
        ),
        citation_keys=(*sources, "istomin2019dynamics"),
        command=command,
    )
