"""The report of ``alliancelab evidence run``: results, figures, HTML and Markdown, as the run produced them.

:func:`write_evidence_report` writes into one folder ``results.csv`` (one row per test and source),
``report.md``, ``report.html`` (self-contained: figures embedded as base64 PNG, no external resource),
``references.bib`` (the BibTeX of every cited source) and the figures as PNG files: ``estimates.png``
(every test's estimate and CI against its null, simulated beside real), ``t-f1-yearly-difference.png``
and ``t-e7-yearly-rho.png``. Every string that comes from data is escaped before it reaches the HTML.
"""

from __future__ import annotations

import base64
import html
import json
import math
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import pandas as pd

from alliancelab.analysis.evidence import Outcome
from alliancelab.analysis.soldier_costs import SoldierCostIncome
from alliancelab.io import atomic_write
from alliancelab.provenance import to_jsonable
from alliancelab.references import bibliography, cite
from alliancelab.report import evidence_soldier_costs as soldier_section
from alliancelab.report.style import PALETTE, publication_style, save_figure

__all__ = ["results_frame", "write_evidence_report"]

_COLUMNS = [
    "test_id",
    "source",
    "claim_id",
    "seed",
    "verdict",
    "statistic",
    "estimate",
    "ci_low",
    "ci_high",
    "null",
    "p_value",
    "n",
    "n_clusters",
    "years",
    "data",
    "estimator",
    "specification",
    "deviations",
    "note",
    "citations",
]


def _fmt(x: Any) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    if isinstance(x, float):
        return f"{x:.4g}"
    return str(x)


def _count(x: Any) -> str:
    return "" if x is None or pd.isna(x) else str(int(x))


def _fmt_p(p: Any) -> str:
    """A p-value; 0 (a bootstrap with no replicate on the other side) reads as below 0.001."""
    return "< 0.001" if isinstance(p, float) and p == 0 else _fmt(p)


def _p_clause(p: Any) -> str:
    """``= 0.03`` or ``< 0.001``, to follow the letter p in a sentence."""
    text = _fmt_p(p)
    return text if text.startswith("<") else f"= {text}"


def results_frame(outcomes: Sequence[Outcome]) -> pd.DataFrame:
    """One row per test and source (the simulated row right below the real one), with the estimate, CI,
    verdict, n and specification, or the reason the test could not run."""
    order = {t: k for k, t in enumerate(dict.fromkeys(o.test_id for o in outcomes))}
    rows: list[dict[str, Any]] = []
    for o in sorted(outcomes, key=lambda o: (order[o.test_id], o.source != "real")):
        r = o.result
        if r is None:
            rows.append(
                {"test_id": o.test_id, "source": o.source, "verdict": "not estimable", "note": o.reason}
            )
            continue
        rows.append(
            {
                "test_id": o.test_id,
                "source": o.source,
                "claim_id": r.claim_id,
                "seed": r.seed,
                "verdict": r.prereg_verdict,
                "statistic": r.statistic,
                "estimate": r.estimate,
                "ci_low": r.ci[0] if r.ci else math.nan,
                "ci_high": r.ci[1] if r.ci else math.nan,
                "null": r.null_value,
                "p_value": r.p_value,
                "n": r.n,
                "n_clusters": r.n_clusters,
                "years": f"{r.years[0]}-{r.years[1]}" if r.years else "",
                "data": r.data,
                "estimator": r.estimator,
                "specification": r.specification,
                "deviations": " | ".join(r.deviations),
                "note": "indirect" if r.details.get("label") else "",
                "citations": "; ".join(r.sources),  # BibTeX keys (references.bib): data and seed
            }
        )
    table = pd.DataFrame(rows, columns=_COLUMNS)
    return table.astype({"n": "Int64", "n_clusters": "Int64"})


def _estimates_figure(table: pd.DataFrame, path: Path) -> None:
    tests = list(dict.fromkeys(table["test_id"]))
    with publication_style():
        fig, axes = plt.subplots(len(tests), 1, figsize=(6.5, 0.75 * len(tests) + 0.6), squeeze=False)
        for ax, test in zip(axes[:, 0], tests, strict=True):
            rows = table[(table["test_id"] == test) & table["estimate"].notna()]
            for k, (_, row) in enumerate(rows.iterrows()):
                colour = PALETTE[0] if row["source"] == "real" else PALETTE[1]
                lo, hi = row["ci_low"], row["ci_high"]
                ax.errorbar(
                    row["estimate"],
                    -k,
                    xerr=[[row["estimate"] - lo], [hi - row["estimate"]]]
                    if not (math.isnan(lo) or math.isnan(hi))
                    else None,
                    fmt="o",
                    color=colour,
                    capsize=3,
                    label=row["source"],
                )
            null = rows["null"].iloc[0] if len(rows) else 0.0
            ax.axvline(null, color="0.4", lw=0.8, ls="--")
            if null == 1.0 and len(rows) and (rows[["ci_low", "estimate"]] > 0).all().all():
                ax.set_xscale("log")  # a ratio: symmetric around 1 on the log scale
            ax.set_yticks([])
            ax.set_ylim(-1.5, 0.5)
            ax.set_ylabel(test, rotation=0, ha="right", va="center")
            ax.grid(axis="y", visible=False)
            if rows.empty:
                ax.text(
                    0.5, 0.5, "not estimable", transform=ax.transAxes, ha="center", va="center", color="0.4"
                )
        axes[0, 0].set_title("Estimate and 95% CI of each test (dashed line: no effect)")
        handles = {h.get_label(): h for ax in axes[:, 0] for h in ax.get_legend_handles_labels()[0]}
        if len(handles) > 1:  # real and simulated side by side
            fig.legend(handles.values(), handles.keys(), loc="lower center", ncol=2)
        # leave the bottom strip to the legend (tight_layout ignores figure legends)
        fig.tight_layout(rect=(0, 0.6 / fig.get_figheight() if len(handles) > 1 else 0, 1, 1))
        save_figure(fig, path)
        plt.close(fig)


def _series_figure(
    series: Mapping[str, Sequence[Sequence[float]]], title: str, ylabel: str, path: Path
) -> None:
    with publication_style():
        fig, ax = plt.subplots(figsize=(6.5, 3.0))
        for label, points in series.items():
            if points:
                x, y = zip(*points, strict=True)
                ax.plot(x, y, marker=".", label=label)
        ax.axhline(0, color="0.4", lw=0.8, ls="--")
        ax.set_title(title)
        ax.set_xlabel("year")
        ax.set_ylabel(ylabel)
        ax.legend()
        fig.tight_layout()
        save_figure(fig, path)
        plt.close(fig)


def _figures(outcomes: Sequence[Outcome], table: pd.DataFrame, out: Path) -> dict[str, Path]:
    figures = {"Estimates of every test": out / "estimates.png"}
    _estimates_figure(table, figures["Estimates of every test"])
    for o in outcomes:
        if o.result is None:
            continue
        d = o.result.details
        tag = "" if o.source == "real" else "-sim"
        if o.test_id == "T-F1" and d.get("figure_yearly_difference"):
            path = out / f"t-f1-yearly-difference{tag}.png"
            _series_figure(
                {"allies - others": d["figure_yearly_difference"]},
                f"T-F1: UNGA agreement with the US, allies minus others ({o.source})",
                "difference in agreement share",
                path,
            )
            figures[f"T-F1 raw yearly difference ({o.source})"] = path
        if o.test_id == "T-E7" and d.get("yearly rho"):
            series = {g: list(zip(s["year"], s["rho"], strict=True)) for g, s in d["yearly rho"].items()}
            path = out / f"t-e7-yearly-rho{tag}.png"
            _series_figure(
                series, f"T-E7: Spearman rho of milex/GDP with GDP, per year ({o.source})", "rho", path
            )
            figures[f"T-E7 yearly rho ({o.source})"] = path
    return figures


_HEAD = [
    "test",
    "source",
    "claim",
    "verdict",
    "statistic",
    "estimate",
    "95% CI",
    "p",
    "n",
    "clusters",
    "years",
]
_INTRO = (
    "Pre-registered tests (docs/preregistration.md) as the run produced them. Verdict: **holds** if the "
    "95% CI excludes the null on the predicted side, **fails** if it excludes it on the other side, "
    "**inconclusive** otherwise."
)
BULLET = " -"  # the Markdown list marker and indent, stripped for HTML list items
_COLOURS = {"holds": "#1a7f37", "fails": "#b42318", "inconclusive": "#6b6b6b", "not estimable": "#8a6d00"}


def _cells(row: pd.Series) -> list[str]:
    """One results row as the report's table shows it (the columns of ``_HEAD``)."""
    ci = f"[{_fmt(row['ci_low'])}, {_fmt(row['ci_high'])}]" if pd.notna(row["estimate"]) else ""
    values = [row["test_id"], row["source"], _fmt(row["claim_id"]), row["verdict"], _fmt(row["statistic"])]
    values += [_fmt(row["estimate"]), ci, _fmt_p(row["p_value"]), _count(row["n"]), _count(row["n_clusters"])]
    return [str(v) for v in [*values, _fmt(row["years"])]]


def _detail_lines(o: Outcome) -> list[str]:
    """A test's result as Markdown list lines: verdict line, specification, deviations, variants, details."""
    r = o.result
    if r is None:
        return [f"- **not estimable** on the {o.source} tables: {o.reason}"]
    ci = f"[{_fmt(r.ci[0])}, {_fmt(r.ci[1])}]" if r.ci else ""
    years = f", years {r.years[0]}-{r.years[1]}" if r.years else ""
    lines = [
        f"- **{r.prereg_verdict}** ({o.source}): {r.statistic} = {_fmt(r.estimate)}, 95% CI {ci}, "
        f"p {_p_clause(r.p_value)}, n = {_fmt(r.n)}, clusters = {_fmt(r.n_clusters)}{years}",
        f"  - specification: {r.specification}",
        f"  - estimator: {r.estimator}; data: {r.data}",
    ]
    lines += [f"  - deviation: {d}" for d in r.deviations]
    if r.sources:
        lines.append(f"  - data and citations: {', '.join(r.sources)}")
    for key, value in r.details.items():
        if key == "variants":
            lines += [f"  - variant {v['variant']}: {_variant_text(v)}" for v in value]
        elif key.startswith("figure") or key == "yearly rho":
            continue  # drawn as figures
        elif isinstance(value, Mapping) and value and all(_is_estimate(v) for v in value.values()):
            lines += [f"  - {key} {name}: {_variant_text(v)}" for name, v in value.items()]
        elif _is_estimate(value):
            lines.append(f"  - {key}: {_variant_text(value)}")
        else:
            text = json.dumps(to_jsonable(value)) if isinstance(value, Mapping) else _fmt(value)
            lines.append(f"  - {key}: {text}")
    return lines


def _is_estimate(value: Any) -> bool:
    return isinstance(value, Mapping) and ("estimate" in value or "note" in value)


def _variant_text(v: Mapping[str, Any]) -> str:
    if "note" in v:
        return str(v["note"])
    ci = f"[{_fmt(v['ci'][0])}, {_fmt(v['ci'][1])}]"
    count = f", n = {v['n']}" if "n" in v else f", {v['years']} years" if "years" in v else ""
    return f"{_fmt(v['estimate'])} {ci}, p {_p_clause(v['p_value'])}{count}"


def _by_test(outcomes: Sequence[Outcome]) -> list[tuple[str, list[str]]]:
    """(title, Markdown lines) per test, every source's outcome under one title."""
    sections = []
    for test in dict.fromkeys(o.test_id for o in outcomes):
        mine = [o for o in outcomes if o.test_id == test]
        first = next((o.result for o in mine if o.result is not None), None)
        sections.append((first.test if first else test, [line for o in mine for line in _detail_lines(o)]))
    return sections


def _sources(outcomes: Sequence[Outcome]) -> str:
    return ", ".join(sorted({s for o in outcomes if o.result for s in o.result.sources}))


def _markdown(
    outcomes: Sequence[Outcome],
    table: pd.DataFrame,
    figures: Mapping[str, Path],
    meta: Mapping[str, Any],
    soldier_costs: SoldierCostIncome | None = None,
) -> str:
    lines = ["# AllianceLab evidence report", "", _INTRO, "", f"Run: {_meta(meta)}", ""]
    lines += ["| " + " | ".join(_HEAD) + " |", "|" + "---|" * len(_HEAD)]
    lines += [
        "| " + " | ".join(c.replace("|", "/") for c in _cells(row)) + " |" for _, row in table.iterrows()
    ]
    lines += ["", "## Each test", ""]
    for title, section in _by_test(outcomes):
        lines += [f"### {title}", "", *section, ""]
    lines += soldier_section.markdown_lines(soldier_costs) if soldier_costs is not None else []
    lines += ["## Figures", "", *[f"![{k}]({p.name})" for k, p in figures.items()]]
    lines += ["", "## Data and citations", "", _sources(outcomes), "", "BibTeX: references.bib", ""]
    return "\n".join(lines)


def _meta(meta: Mapping[str, Any]) -> str:
    return ", ".join(f"{k} = {v}" for k, v in meta.items())


def _html(
    table: pd.DataFrame,
    outcomes: Sequence[Outcome],
    figures: Mapping[str, Path],
    meta: Mapping[str, Any],
    soldier_costs: SoldierCostIncome | None = None,
) -> str:
    e = html.escape
    rows = []
    for _, row in table.iterrows():
        colour = _COLOURS.get(str(row["verdict"]), "#000")
        tds = "".join(
            f"<td style='color:{colour};font-weight:bold'>{e(c)}</td>" if i == 3 else f"<td>{e(c)}</td>"
            for i, c in enumerate(_cells(row))
        )
        rows.append(f"<tr>{tds}</tr>")
    sections = "".join(
        f"<h3>{e(title)}</h3><ul>{''.join(f'<li>{_bold(e(x.lstrip(BULLET)))}</li>' for x in lines)}</ul>"
        for title, lines in _by_test(outcomes)
    )
    imgs = "".join(
        f"<figure><img alt='{e(k)}' src='data:image/png;base64,{base64.b64encode(p.read_bytes()).decode()}'>"
        f"<figcaption>{e(k)}</figcaption></figure>"
        for k, p in figures.items()
    )
    style = (
        "body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}"
        "table{border-collapse:collapse;font-size:0.9em}"
        "td,th{border:1px solid #ccc;padding:3px 6px;text-align:left}"
        "th{background:#f3f3f3}img{max-width:100%}figure{margin:1em 0}li{margin:2px 0}"
    )
    head = "".join(f"<th>{h}</th>" for h in _HEAD)
    descriptive = soldier_section.section_html(soldier_costs) if soldier_costs is not None else ""
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>AllianceLab evidence report</title><style>{style}</style></head><body>"
        f"<h1>AllianceLab evidence report</h1><p>{_bold(e(_INTRO))}</p>"
        f"<p><small>Run: {e(_meta(meta))}</small></p>"
        f"<table><tr>{head}</tr>{''.join(rows)}</table><h2>Figures</h2>{imgs}<h2>Each test</h2>{sections}"
        f"{descriptive}<h2>Data and citations</h2><p>{e(_sources(outcomes))}</p></body></html>"
    )


def _bold(escaped: str) -> str:
    """Markdown ``**x**`` to ``<b>x</b>`` in already-escaped text."""
    return re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", escaped)


def write_evidence_report(
    outcomes: Sequence[Outcome],
    out: Path,
    meta: Mapping[str, Any],
    soldier_costs: SoldierCostIncome | None = None,
) -> dict[str, Path]:
    """Write results.csv, report.md, report.html and the figures into ``out``; return the paths by name.

    With ``soldier_costs`` (the descriptive table of :mod:`alliancelab.analysis.soldier_costs`) the reports
    gain its section and ``soldier-costs.csv`` is written beside ``results.csv``.
    """
    out.mkdir(parents=True, exist_ok=True)
    table = results_frame(outcomes)
    figures = _figures(outcomes, table, out)
    paths = {
        "results": out / "results.csv",
        "markdown": out / "report.md",
        "html": out / "report.html",
        "references": out / "references.bib",
    }
    known = bibliography()
    keys = [k for k in dict.fromkeys(s for o in outcomes if o.result for s in o.result.sources) if k in known]
    with atomic_write(paths["references"]) as handle:
        handle.write(cite(*keys) + "\n" if keys else "")
    with atomic_write(paths["results"]) as handle:
        table.to_csv(handle, index=False)
    if soldier_costs is not None:
        paths["soldier_costs"] = out / "soldier-costs.csv"
        with atomic_write(paths["soldier_costs"]) as handle:
            soldier_costs.table.to_csv(handle, index=False)
    with atomic_write(paths["markdown"]) as handle:
        handle.write(_markdown(outcomes, table, figures, meta, soldier_costs))
    with atomic_write(paths["html"]) as handle:
        handle.write(_html(table, outcomes, figures, meta, soldier_costs))
    return {**paths, **figures}
