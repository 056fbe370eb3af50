"""One self-contained HTML report for every kind of result: a case, a mission, a run, an episode, evidence.

A report is data first: a :class:`Report` holds :class:`Section` objects, each with paragraphs,
:class:`Figure` objects (PNG bytes, embedded as base64 so the file travels alone) and :class:`Table` objects,
plus the run manifest (``alliancelab.provenance.run_record``) and the citation keys it used.
:meth:`Report.to_html` fills the one template, ``report/templates/report.html``, shared by every kind, and
:meth:`Report.write` writes it atomically. Every string is escaped before the page renders it (user text
is data, ``docs/style.md`` 13).

The figures come from the plotting functions of ``report/*_plots.py``, which save to a path;
:func:`render_png` runs one into a temporary file and returns the bytes.
"""

from __future__ import annotations

import base64
import html
import importlib
import json
import math
import os
import shlex
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any

import numpy as np

from alliancelab.errors import UserInputError
from alliancelab.io import atomic_write
from alliancelab.provenance import __version__, to_jsonable
from alliancelab.references import cite

__all__ = ["Figure", "Report", "Section", "Table", "format_value", "optional_module", "render_png"]

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_IMAGE_STYLE = "max-width:100%;max-height:80vh;width:auto;height:auto"  # inline: the app has no report CSS


def optional_module(name: str, what: str) -> Any:
    """Import ``name``, a library this installation may not have yet (the world simulation, the episodes);
    without it, a one-line error says what is missing."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError:
        raise UserInputError(f"this version of AllianceLab has no {what} ({name})") from None


def render_png(plot: Callable[[Path], object]) -> bytes:
    """Run ``plot(path)`` (a ``report/*_plots.py`` function bound to its data) and return the PNG it wrote."""
    with tempfile.TemporaryDirectory(prefix="alliancelab-figure-") as folder:
        path = Path(folder) / "figure.png"
        plot(path)
        return path.read_bytes()


def format_value(value: Any) -> str:
    """A cell as text: thousands separators for large numbers, four significant digits otherwise."""
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if value is None or (isinstance(value, float | np.floating) and math.isnan(float(value))):
        return "–"
    if isinstance(value, int | np.integer):
        return f"{int(value):,}" if abs(int(value)) >= 10_000 else str(int(value))
    if isinstance(value, float | np.floating):
        number = float(value)
        if math.isinf(number):
            return "∞" if number > 0 else "−∞"
        return f"{number:,.0f}" if abs(number) >= 1e4 else f"{number:,.4g}"
    if isinstance(value, list | tuple):
        return ", ".join(format_value(v) for v in value)
    return str(value)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | np.integer | np.floating) and not isinstance(
        value, bool | np.bool_
    )


@dataclass(frozen=True, slots=True)
class Figure:
    """A figure as PNG bytes, with the sentence a reader needs to read it."""

    title: str
    png: bytes
    caption: str = ""

    def __post_init__(self) -> None:
        if not self.png.startswith(PNG_MAGIC):
            raise ValueError(f"figure {self.title!r}: not PNG bytes")

    def to_html(self) -> str:
        data = base64.b64encode(self.png).decode("ascii")
        caption = f"<figcaption>{html.escape(self.caption)}</figcaption>" if self.caption else ""
        return (
            f'<figure><h3>{html.escape(self.title)}</h3><img alt="{html.escape(self.title, quote=True)}" '
            f'style="{_IMAGE_STYLE}" src="data:image/png;base64,{data}">{caption}</figure>'
        )


@dataclass(frozen=True, slots=True)
class Table:
    """Rows of a table: a list of mappings (one per row) or one mapping (quantity -> value)."""

    title: str
    rows: Sequence[Mapping[str, Any]] | Mapping[str, Any]
    caption: str = ""

    @classmethod
    def from_frame(cls, title: str, frame: Any, caption: str = "") -> Table:
        """A table from a pandas frame (its columns in order)."""
        records = frame.astype(object).where(frame.notna(), None).to_dict("records")
        return cls(title, [{str(k): v for k, v in row.items()} for row in records], caption)

    def records(self) -> list[dict[str, Any]]:
        if isinstance(self.rows, Mapping):
            return [{"quantity": key, "value": value} for key, value in self.rows.items()]
        return [dict(row) for row in self.rows]

    def to_html(self) -> str:
        rows = self.records()
        columns = list(dict.fromkeys(key for row in rows for key in row))
        head = "".join(f"<th>{html.escape(str(c))}</th>" for c in columns)

        def cell(value: Any) -> str:
            css = ' class="num"' if _is_number(value) else ""
            return f"<td{css}>{html.escape(format_value(value))}</td>"

        body = "".join("<tr>" + "".join(cell(row.get(c)) for c in columns) + "</tr>" for row in rows)
        caption = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        return (
            f"<h3>{html.escape(self.title)}</h3><table>{caption}<thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table>"
        )


@dataclass(frozen=True, slots=True)
class Section:
    """A heading with paragraphs, figures and tables, shown in that order; ``note`` is a highlighted box."""

    heading: str
    paragraphs: tuple[str, ...] = ()
    figures: tuple[Figure, ...] = ()
    tables: tuple[Table, ...] = ()
    note: str = ""

    @property
    def anchor(self) -> str:
        slug = "".join(ch if ch.isalnum() else "-" for ch in self.heading.lower()).strip("-")
        return "s-" + "-".join(part for part in slug.split("-") if part)

    def to_html(self) -> str:
        parts = [f'<section id="{self.anchor}"><h2>{html.escape(self.heading)}</h2>']
        if self.note:
            parts.append(f'<p class="note">{html.escape(self.note)}</p>')
        parts += [f"<p>{html.escape(text)}</p>" for text in self.paragraphs]
        parts += [figure.to_html() for figure in self.figures]
        parts += [table.to_html() for table in self.tables]
        parts.append("</section>")
        return "\n".join(parts)


@dataclass(frozen=True, slots=True)
class Report:
    """A whole report: what it is about, its sections, the manifest and the sources it cites.

    ``kind`` names the report kind (``formation case``, ``coalition mission``, ...), ``source`` what it was
    built from (a case name or a path) and ``command`` the command line that rebuilds it.
    """

    kind: str
    title: str
    source: str
    summary: str
    sections: tuple[Section, ...]
    manifest: Mapping[str, Any]
    citation_keys: tuple[str, ...] = ()
    command: Sequence[str] = field(default_factory=tuple)

    def to_html(self) -> str:
        """The report as one HTML page (figures embedded; nothing loaded from elsewhere)."""
        manifest = _json_ready(dict(self.manifest))
        keys = tuple(dict.fromkeys(("alliancelab", *self.citation_keys)))
        toc = [(s.anchor, s.heading) for s in self.sections]
        toc += [("provenance", "Run manifest and provenance"), ("references", "References (BibTeX)")]
        manifest_json = json.dumps(manifest, sort_keys=False, allow_nan=False)
        return _template().substitute(
            version=html.escape(__version__),
            title=html.escape(self.title),
            kind=html.escape(self.kind),
            summary=html.escape(self.summary),
            source=html.escape(self.source),
            created=html.escape(str(manifest.get("created_utc", ""))),
            toc="".join(f'<li><a href="#{a}">{html.escape(h)}</a></li>' for a, h in toc),
            body="\n".join(section.to_html() for section in self.sections),
            manifest_text=html.escape(json.dumps(manifest, indent=2, allow_nan=False)),
            # in <script>, "</script" or "<!--" would end or confuse the element: JSON escapes < > & instead
            manifest_json=_script_safe(manifest_json),
            bibtex=html.escape(cite(*keys)),
            command=html.escape(shlex.join(self.command) if self.command else "alliancelab report"),
        )

    def write(self, path: str | os.PathLike[str]) -> None:
        """Write the HTML page atomically (a failure leaves no partial file)."""
        page = self.to_html()
        with atomic_write(path) as handle:
            handle.write(page)


def _json_ready(value: Any) -> Any:
    """Plain JSON types all the way down: ``to_jsonable`` leaves the items of an array and a numpy NaN as
    floats, which strict JSON cannot hold, so each level is converted again."""
    value = to_jsonable(value)
    if isinstance(value, dict):
        return {key: _json_ready(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_ready(item) for item in value]
    return value


def _script_safe(text: str) -> str:
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _template() -> Template:
    text = resources.files("alliancelab.report").joinpath("templates", "report.html").read_text("utf-8")
    return Template(text)
