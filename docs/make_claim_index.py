"""Regenerate the claim index of docs/index.md: every claim ID, its one-line claim, its page and its tests.

Run from the checkout: ``.venv/bin/python docs/make_claim_index.py``. The claims come from the claim tables
of the model pages (``| ID | claim | ... |`` rows under ``docs/``; a row ``| D7 (A6) | ...`` documents A6 as
tested by D7's tests), the tests from the names ``test_<ID>_...`` of the functions in ``tests/``. The text
between the ``BEGIN GENERATED`` and ``END GENERATED`` markers of docs/index.md is replaced; the rest of the
page is left as written. ``--check`` writes nothing and exits with 1 when the committed page is out of date
(tests/test_docs.py runs the same check).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "index.md"
BEGIN, END = "<!-- BEGIN GENERATED (make_claim_index.py) -->", "<!-- END GENERATED -->"

CLAIM_ID = re.compile(r"^[A-G]\d+$")
_ROW = re.compile(r"^\|\s*([A-G]\d+)(?:\s*\(([A-G]\d+)\))?\s*\|(.*)\|\s*$")
_TEST = re.compile(r"^\s*(?:async\s+)?def\s+(test_([A-G]\d+)_\w*)\s*\(", re.MULTILINE)
# rows whose claim is documented as not (yet) a testable prediction
_UNTESTABLE = re.compile(r"\b(conjecture|open question)\b", re.IGNORECASE)


@dataclass
class Claim:
    id: str
    text: str
    page: str  # relative to docs/
    tested_as: str  # the ID whose tests check it (itself, or D7 for A6)
    untestable: bool  # documented as a conjecture or an open question
    tests: list[tuple[str, str]] = field(default_factory=list)  # (file relative to the checkout, function)


def _sort_key(claim_id: str) -> tuple[str, int]:
    return claim_id[0], int(claim_id[1:])


def documented_claims(docs: Path = ROOT / "docs") -> dict[str, Claim]:
    """The first claim-table row of every claim ID in the docs pages (rows saying only "see ..." skipped)."""
    claims: dict[str, Claim] = {}
    for path in sorted(docs.rglob("*.md")):
        if path == PAGE:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            match = _ROW.match(line)
            if not match:
                continue
            claim_id, alias, rest = match.groups()
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", rest)]
            text = cells[0] if cells else ""
            if not text or text.lower().startswith("see "):
                continue
            page = path.relative_to(docs).as_posix()
            untestable = _UNTESTABLE.search(line) is not None
            claims.setdefault(claim_id, Claim(claim_id, text, page, claim_id, untestable))
            if alias:
                claims.setdefault(alias, Claim(alias, f"(as {claim_id}) {text}", page, claim_id, untestable))
    return claims


def claim_tests(tests: Path = ROOT / "tests") -> dict[str, list[tuple[str, str]]]:
    """Test functions named ``test_<ID>_...`` by claim ID, in file order."""
    found: dict[str, list[tuple[str, str]]] = {}
    for path in sorted(tests.rglob("test_*.py")):
        for name, claim_id in _TEST.findall(path.read_text(encoding="utf-8")):
            found.setdefault(claim_id, []).append((path.relative_to(tests.parent).as_posix(), name))
    return found


def claim_index() -> list[Claim]:
    """Every documented claim with its tests, sorted A1, A2, ..., G10."""
    claims, tests = documented_claims(), claim_tests()
    for claim in claims.values():
        claim.tests = tests.get(claim.tested_as, [])
    return [claims[key] for key in sorted(claims, key=_sort_key)]


def _tests_cell(claim: Claim) -> str:
    if not claim.tests:
        return "no test" + (" (documented as a conjecture or open question)" if claim.untestable else "")
    by_file: dict[str, list[str]] = {}
    for file, name in claim.tests:
        by_file.setdefault(file, []).append(name)
    return "; ".join(
        f"[`{Path(file).name}`](../{file}): " + ", ".join(f"`{name}`" for name in names)
        for file, names in by_file.items()
    )


def render() -> str:
    """The generated block: one table row per claim."""
    lines = [
        BEGIN,
        "| ID | claim | documented in | tests |",
        "|---|---|---|---|",
    ]
    for claim in claim_index():
        lines.append(f"| {claim.id} | {claim.text} | [{claim.page}]({claim.page}) | {_tests_cell(claim)} |")
    lines.append(END)
    return "\n".join(lines)


def updated_page(text: str) -> str:
    """``text`` (docs/index.md) with the generated block replaced."""
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start:
        raise SystemExit(f"{PAGE}: the markers {BEGIN!r} and {END!r} are missing")
    return text[:start] + render() + text[end + len(END) :]


def main(argv: list[str]) -> int:
    current = PAGE.read_text(encoding="utf-8")
    new = updated_page(current)
    if "--check" in argv:
        if new != current:
            print(f"{PAGE.relative_to(ROOT)} is stale: run `python docs/make_claim_index.py`")
            return 1
        return 0
    if new != current:
        tmp = PAGE.with_suffix(".md.tmp")
        tmp.write_text(new, encoding="utf-8")
        tmp.replace(PAGE)  # atomic: the page is never half-written
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
