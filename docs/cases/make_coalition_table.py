"""Regenerate the generated part of docs/cases/coalition.md: the operations and the typology agreement.

Run from the checkout: ``.venv/bin/python docs/cases/make_coalition_table.py``. The text between the
``BEGIN GENERATED`` and ``END GENERATED`` markers is replaced; the rest of the page is left as written.
A test (tests/cases/test_coalition_cases.py) fails when the committed page is out of date.
"""

from __future__ import annotations

import math
from pathlib import Path

from alliancelab.cases.coalition_cases import list_operations, load_operation
from alliancelab.io import atomic_write
from alliancelab.report.coalition_report import operation_report, typology_agreement

PAGE = Path(__file__).with_name("coalition.md")
BEGIN, END = "<!-- BEGIN GENERATED (make_coalition_table.py) -->", "<!-- END GENERATED -->"


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, float):
        return f"{value:,.0f}" if value >= 100 else f"{value:.2f}"
    return str(value).replace("|", "\\|").replace("\n", " ")


def operations_table() -> str:
    lines = [
        "| operation | years | pivotal state(s) | contributors | paid USD per soldier-year | "
        "pivotal's own cost (figure's years) | own / paid | typed non-participant |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name in list_operations():
        op, report = load_operation(name), operation_report(name)
        start, end = report.years
        years = f"{start}–{end}" if end else f"{start}–"
        t, own = report.totals, report.pivotal
        people = report.contributors.drop_duplicates("country")
        unexplained = int((people["model_type"] == "non-participant").sum())
        span = f" ({own['applies'][0]}–{own['applies'][1]})" if own else ""
        lines.append(
            f"| {name} | {years} | {', '.join(op.pivotal_states)} | {len(op.contributors)} | "
            f"{_cell(t['usd_per_soldier_year'])} | {_cell(t['pivotal_usd_per_soldier_year'])}{span} | "
            f"{_cell(t['pivotal_to_paid'])} | {unexplained} |"
        )
    return "\n".join(lines)


def agreement_table() -> str:
    table = typology_agreement()
    agree, total = int(table["agrees"].sum()), len(table)
    independent = table[~table["shared_evidence"].astype(bool)]
    lines = [
        f"Agreement: **{agree} of {total}** labelled contributors ({agree / total:.0%}); on the "
        f"{len(independent)} whose label rests on a different sentence than every coded feature: "
        f"{int(independent['agrees'].sum())} of {len(independent)}.",
        "",
        "| case | contributor | seed label | label in the text | model label | agrees | shared evidence "
        "| reasons |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in table.itertuples():
        lines.append(
            f"| {row.operation} | {row.country} | {row.seed_label} | "
            f"{'explicit' if row.seed_label_explicit else 'implied'} | {row.model_type} | "
            f"{'yes' if row.agrees else 'no'} | {'yes' if row.shared_evidence else 'no'} | "
            f"{_cell(row.reasons)} |"
        )
    return "\n".join(lines)


def render_tables() -> str:
    """The generated block of the page, markers included."""
    return "\n\n".join(
        [BEGIN, "### Operations", operations_table(), "### Typology agreement", agreement_table(), END]
    )


def main() -> None:
    text = PAGE.read_text(encoding="utf-8")
    head, _, rest = text.partition(BEGIN)
    _, found, tail = rest.partition(END)
    if not found:
        raise SystemExit(f"{PAGE}: markers {BEGIN!r} ... {END!r} not found")
    with atomic_write(PAGE) as handle:
        handle.write(head + render_tables() + tail)
    print(f"wrote {PAGE}")


if __name__ == "__main__":
    main()
