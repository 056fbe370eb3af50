"""The HTML report: one template for every kind, self-contained, escaped, with manifest and BibTeX."""

from __future__ import annotations

import base64
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from alliancelab.errors import UserInputError
from alliancelab.references import bibliography
from alliancelab.report.html import PNG_MAGIC, Figure, Report, Section, Table, format_value, render_png
from alliancelab.report.html_kinds import KINDS, build_report, report_kind, shipped_targets

MISSION = Path(__file__).resolve().parents[2] / "src/alliancelab/cases/missions/example-mission.toml"
CASE = Path(__file__).resolve().parents[2] / "src/alliancelab/cases/formation/us-pakistan-1954.toml"


class _Page(HTMLParser):
    """What a browser would load from elsewhere, the embedded images, and the manifest script."""

    def __init__(self) -> None:
        super().__init__()
        self.external: list[str] = []
        self.images: list[str] = []
        self.headings: list[str] = []
        self._in: str | None = None
        self.manifest = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        for name in ("src", "href"):
            value = found.get(name) or ""
            if value and not value.startswith(("data:", "#")):
                self.external.append(value)
        if tag == "img":
            self.images.append(found.get("src") or "")
        if tag == "h2" or (tag == "script" and found.get("id") == "alliancelab-manifest"):
            self._in = tag

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "h2":
            self.headings.append(data)
        elif self._in == "script":
            self.manifest += data


def _parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    return parser


def _tiny_png() -> bytes:
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(1, 1))
    ax.plot([0, 1], [0, 1])
    return render_png(lambda path: (fig.savefig(path), plt.close(fig)))


def test_a_report_is_one_self_contained_page_with_escaped_text(tmp_path: Path) -> None:
    hostile = "<script>alert('x')</script> & </script>"
    report = Report(
        kind="test kind",
        title=hostile,
        source="nowhere.toml",
        summary="a summary",
        sections=(
            Section(
                "Results",
                (hostile,),
                figures=(Figure("a figure", _tiny_png(), "its caption"),),
                tables=(Table("a table", [{"name": hostile, "value": 1.5}]),),
            ),
        ),
        manifest={"seed": 7, "note": hostile, "params": {"x": float("inf")}},
        citation_keys=("henke2019buying",),
        command=("alliancelab", "report", "x y"),
    )
    out = tmp_path / "r.html"
    report.write(out)
    page = out.read_text("utf-8")
    parsed = _parse(page)
    assert parsed.external == [], "a report must not load anything from elsewhere"
    assert len(parsed.images) == 1
    png = base64.b64decode(parsed.images[0].removeprefix("data:image/png;base64,"))
    assert png.startswith(PNG_MAGIC)
    assert "<script>alert" not in page  # every user string is escaped
    assert page.count("<script") == 1  # only the manifest's own, which holds JSON
    assert json.loads(parsed.manifest) == {"seed": 7, "note": hostile, "params": {"x": "inf"}}
    assert parsed.headings[:3] == ["Contents", "Results", "Run manifest and provenance"]
    assert "@article{henke2019buying," in page and "@misc{alliancelab," in page
    assert "alliancelab report &#x27;x y&#x27;" in page  # the command is shell-quoted, then escaped


def test_a_manifest_with_numpy_nan_and_arrays_is_strict_json() -> None:
    import numpy as np

    manifest = {"a": np.array([np.nan, 1.0, np.inf]), "b": np.float64("nan"), "c": [np.float32(2.5)]}
    report = Report("k", "t", "s", "", (), manifest)
    assert json.loads(_parse(report.to_html()).manifest) == {"a": [None, 1.0, "inf"], "b": None, "c": [2.5]}


def test_a_figure_must_be_png_and_tables_format_their_cells() -> None:
    with pytest.raises(ValueError, match="not PNG"):
        Figure("bad", b"GIF89a")
    assert format_value(12345.678) == "12,346"
    assert format_value(0.123456) == "0.1235"
    assert format_value(float("nan")) == "–"
    assert format_value(None) == "–"
    assert format_value(True) == "yes"
    assert format_value(float("inf")) == "∞"
    assert format_value(["a", 2]) == "a, 2"
    html = Table("t", {"total": 1500.0}).to_html()
    assert '<td class="num">1,500</td>' in html


@pytest.mark.parametrize(
    ("target", "kind"),
    [
        ("us-pakistan-1954", "case"),
        (str(CASE), "case"),
        ("korea-1950", "operation"),
        ("example-mission", "mission"),
        (str(MISSION), "mission"),
    ],
)
def test_targets_are_recognised(target: str, kind: str) -> None:
    assert report_kind(target).name == kind


def test_what_a_target_is_not_is_said_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "notes.toml").write_text('title = "not a case"\n', encoding="utf-8")
    (tmp_path / "table.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    cases = {
        "us-pakistan-1945": "did you mean 'us-pakistan-1954'?",
        str(tmp_path / "notes.toml"): "not a file a report reads",
        str(tmp_path / "table.csv"): "not a file a report reads",
        str(tmp_path): "a folder that no report kind reads",
        str(tmp_path / "missing.toml"): "no such file or folder",
        "soldier_costs": "neither a file nor a shipped name",
    }
    for target, expected in cases.items():
        with pytest.raises(UserInputError) as err:
            report_kind(target)
        message = str(err.value)
        assert expected in message and "\n" not in message, message
    assert "soldier_costs" not in shipped_targets()
    with pytest.raises(UserInputError) as err:
        report_kind(str(tmp_path))
    assert all(kind.describes in str(err.value) for kind in KINDS)  # the message says what a report reads


def test_a_formation_case_report_has_its_figures_parameters_and_sources() -> None:
    report = build_report("us-pakistan-1954", out="case.html")
    page = report.to_html()
    parsed = _parse(page)
    assert len(parsed.images) == 3  # the case figure and the sweeps over T and W
    assert {"Solution", "Figures", "Parameters and their sources", "What happened"} <= set(parsed.headings)
    manifest = json.loads(parsed.manifest)
    assert manifest["params"]["formation"]["d"] == pytest.approx(0.6)
    assert manifest["params"]["leader"]["W"] == pytest.approx(0.25)
    for key in report.citation_keys:
        assert f"{{{key}," in page
    assert "kabir2019sidepayments" in report.citation_keys
    assert list(report.command) == ["alliancelab", "report", "us-pakistan-1954", "--out", "case.html"]


def test_a_mission_report_records_its_seed_and_reproduces(tmp_path: Path) -> None:
    first = build_report(str(MISSION), draws=40, rng=11)
    again = build_report(str(MISSION), draws=40, rng=11)
    assert first.manifest["seed"] == 11
    assert "--rng" in first.command and first.command[first.command.index("--rng") + 1] == "11"
    tables = [t.records() for s in first.sections for t in s.tables]
    assert tables == [t.records() for s in again.sections for t in s.tables]
    bought = next(s for s in first.sections if s.heading == "Who is bought, and for what")
    candidates = bought.tables[0].records()
    assert {"Kenya", "India"} <= {row["candidate"] for row in candidates if row["in coalition"]}
    fresh = build_report(str(MISSION), draws=0)
    seed = fresh.command[fresh.command.index("--rng") + 1]
    assert int(seed) >= 0  # fresh entropy is drawn, recorded, and shown in the command that reproduces it


def test_an_operation_report_lists_payments_and_typology() -> None:
    report = build_report("korea-1950")
    rows = report.sections[0].tables[0].records()
    assert {"Colombia", "Ethiopia", "Turkey"} <= {r["country"] for r in rows}
    assert "henke2019buying" in report.citation_keys
    assert set(report.citation_keys) <= set(bibliography())


def test_every_section_anchor_is_unique_and_linked() -> None:
    report = build_report("us-pakistan-1954")
    anchors = [s.anchor for s in report.sections]
    assert len(set(anchors)) == len(anchors)
    page = report.to_html()
    for anchor in anchors:
        assert f'href="#{anchor}"' in page and f'id="{anchor}"' in page
    assert re.search(r'<section id="provenance">', page)


@pytest.mark.data
def test_a_dyad_year_file_reports_allies_un_agreement(data_dir: Path, tmp_path: Path) -> None:
    from alliancelab.data.builders import add_atop_alliance, add_un_agreement, create_dyadyears, write_parquet
    from alliancelab.report.data_plots import agreement_by_alliance

    dyads = create_dyadyears(years=(1985, 1994)).pipe(add_atop_alliance).pipe(add_un_agreement)
    path = tmp_path / "dyads.parquet"
    write_parquet(dyads, path)
    assert report_kind(str(path)).name == "dyad-years"
    report = build_report(str(path))
    decades = report.sections[1].tables[0].records()
    expected = agreement_by_alliance(dyads).assign(decade=lambda f: (f["year"] // 10) * 10)
    means = expected.groupby(["decade", "group"])["mean"].mean()
    assert decades[0]["decade"] == "1980s"
    assert decades[0]["defence pledge"] == pytest.approx(means[(1980, "defence pledge")])
    assert decades[1]["no pledge"] == pytest.approx(means[(1990, "no pledge")])
    assert {"voeten2009unvotes", "leeds2002atop", "istomin2019dynamics"} <= set(report.citation_keys)
    assert len(_parse(report.to_html()).images) == 1
    without_un = create_dyadyears(years=(1990, 1991)).pipe(add_atop_alliance)
    write_parquet(without_un, tmp_path / "atop-only.parquet")
    with pytest.raises(
        UserInputError, match=r"atop-only.parquet: no column\(s\) un_agree; build the file with"
    ):
        build_report(str(tmp_path / "atop-only.parquet"))
    (tmp_path / "junk.parquet").write_bytes(b"not parquet")
    with pytest.raises(UserInputError, match=r"junk\.parquet: not a readable Parquet file"):
        build_report(str(tmp_path / "junk.parquet"))


@pytest.mark.parametrize("target", shipped_targets())
def test_every_shipped_target_makes_a_self_contained_report(target: str) -> None:
    """Contract: each shipped case, operation and mission builds a page that loads nothing from elsewhere,
    names what it was built from, and cites only keys of references.bib."""
    report = build_report(target, draws=20, rng=1)
    page = _parse(report.to_html())
    assert page.external == []
    assert report.sections and all(s.heading for s in report.sections)
    assert set(report.citation_keys) <= set(bibliography())
    assert json.loads(page.manifest)["report_kind"] == report.kind
    assert list(report.command[:3]) == ["alliancelab", "report", target]


def _evidence_folder(root: Path) -> Path:
    """A folder in the layout of `alliancelab evidence run --out`: results.csv, figures, references.bib."""
    import pandas as pd

    root.mkdir()
    pd.DataFrame(
        {
            "test_id": ["T-F1", "T-F1", "T-B1"],
            "source": ["real", "sim", "real"],
            "claim_id": ["F1", "F1", "B1"],
            "seed": ["002", "002", "001"],
            "verdict": ["holds", "inconclusive", "fails"],
            "statistic": ["coefficient of US ally"] * 2 + ["coefficient of lagged polity2"],
            "estimate": [0.093, 0.01, -0.2],
            "ci_low": [0.067, -0.02, -0.3],
            "ci_high": [0.119, 0.04, -0.1],
            "p_value": [1e-10, 0.4, 0.001],
            "n": [8478, 5000, 2850],
            "years": ["1946-2014"] * 3,
            "specification": ["OLS of un_agree_ref on US ally <b>", "same", "OLS"],
        }
    ).to_csv(root / "results.csv", index=False)
    (root / "estimates.png").write_bytes(_tiny_png())
    (root / "t-f1-yearly-difference.png").write_bytes(_tiny_png())
    bib = bibliography()
    (root / "references.bib").write_text(
        bib["voeten2009unvotes"] + "\n\n@misc{notours2020,\n  title = {x}\n}\n\n" + bib["leeds2002atop"],
        encoding="utf-8",
    )
    return root


def test_an_evidence_folder_reports_verdicts_results_and_its_figures(tmp_path: Path) -> None:
    folder = _evidence_folder(tmp_path / "evidence")
    assert report_kind(str(folder)).name == "evidence"
    report = build_report(str(folder))
    verdicts = report.sections[0].tables[0].records()
    assert verdicts == [
        {"test_id": "T-F1", "real": "holds", "sim": "inconclusive"},
        {"test_id": "T-B1", "real": "fails", "sim": None},
    ]
    assert [f.title for f in report.sections[1].figures] == ["Estimates", "T f1 yearly difference"]
    assert report.citation_keys == ("voeten2009unvotes", "leeds2002atop")  # unknown keys are left out
    page = report.to_html()
    assert "US ally &lt;b&gt;" in page
    hashes = json.loads(_parse(page).manifest)["files_sha256"]
    assert set(hashes) == {"results.csv", "estimates.png", "t-f1-yearly-difference.png", "references.bib"}
    (folder / "results.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(UserInputError, match=r"results\.csv: no column\(s\) test_id, source, verdict"):
        build_report(str(folder))
