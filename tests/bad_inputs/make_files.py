"""Write the malformed input files of the bad-input corpus (run once; the files are committed).

``python tests/bad_inputs/make_files.py`` rewrites ``tests/bad_inputs/files/`` from the shipped examples, so
every bad file differs from a good one by exactly the defect its name says. Files over the size cap are
not committed: the corpus test makes them (sparse) when it runs.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FILES = Path(__file__).resolve().parent / "files"

CASE = (ROOT / "src/alliancelab/cases/formation/us-pakistan-1954.toml").read_text("utf-8")
MISSION = (ROOT / "src/alliancelab/cases/missions/example-mission.toml").read_text("utf-8")
STATES = "state,ideal_point,formal_obligation,visible_payment\nUnited Kingdom,0.9,1,0\nPoland,0.8,1,0.2\n"
MEMBERS = "state,size,threat\nUnited States,16000,0.6\nGermany,3500,0.7\nNorway,150,0.7\n"
MARKUP = "[/] [red]Côte d'Ivoire[/red] [bold"


def _replace(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def files() -> dict[str, bytes | str]:
    latin = "# Côte d'Ivoire\n"
    return {
        # encodings: each differs from a good file only by its bytes
        "case-utf16.toml": CASE.encode("utf-16"),
        "case-latin1.toml": (latin + CASE).encode("latin-1", errors="replace"),
        "case-binary.toml": bytes(range(256)) * 4,
        "mission-utf16.toml": MISSION.encode("utf-16"),
        "mission-binary.toml": b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
        "states-utf16.csv": STATES.encode("utf-16"),
        "states-latin1.csv": (STATES + "Côte d'Ivoire,0.5,0,0\n").encode("latin-1"),
        "states-binary.csv": b"PK\x03\x04" + bytes(range(256)),
        "members-utf16.csv": MEMBERS.encode("utf-16-le"),
        # syntax and schema
        "case-syntax.toml": _replace(CASE, "[leader]", "[leader"),
        "case-unknown-field.toml": _replace(CASE, "phi = {", "phii = {"),
        "case-out-of-range.toml": _replace(CASE, "d = { value = 0.6,", "d = { value = 1.6,"),
        "case-markup-out-of-range.toml": _replace(
            _replace(CASE, 'title = "United States', f'title = "{MARKUP} United States'),
            "d = { value = 0.6,",
            "d = { value = 1.6,",
        ),
        "case-empty.toml": "",
        "mission-missing-field.toml": _replace(MISSION, "required_troops = 10000", "# no required_troops"),
        "mission-out-of-range.toml": _replace(MISSION, "min_flags = 6", "min_flags = -6"),
        "mission-markup-out-of-range.toml": _replace(
            _replace(MISSION, 'name = "Coastal', f'name = "{MARKUP} Coastal'),
            "min_flags = 6",
            "min_flags = -6",
        ),
        "states-missing-column.csv": "state,ideal_point,formal_obligation\nUnited Kingdom,0.9,1\n",
        "states-out-of-range.csv": STATES.replace("Poland,0.8,1,0.2", "Poland,0.8,1,1.2"),
        "states-markup-out-of-range.csv": STATES.replace("Poland,0.8,1,0.2", f"{MARKUP},0.8,1,1.2"),
        "states-empty.csv": "",
        "states-ragged.csv": STATES + "Egypt,0.2,0,0.8,extra,columns\n",
        "members-missing-size.csv": "state,gdp\nA,1\nB,2\nC,3\n",
        "members-not-a-number.csv": "state,size\nA,100\nB,lots\nC,5\n",
        "members-infinite.csv": "state,size\nA,100\nB,inf\nC,5\n",
        "members-unknown-column.csv": "state,size,milex\nA,100,1\nB,20,1\nC,5,1\n",
    }


def main() -> None:
    FILES.mkdir(exist_ok=True)
    for name, content in files().items():
        path = FILES / name
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8", newline="")
        else:
            path.write_bytes(content)
    print(f"{len(files())} files in {FILES}")


if __name__ == "__main__":
    main()
