"""Curated mutation check of the claim tests (``make mutants``; not part of ``make test``).

Each mutant in ``tools/mutants.toml`` names a file under ``src/``, an exact snippet of it, its replacement,
the claim it breaks and its kind (``sign``: the effect's direction flips; ``removal``: the mechanism
vanishes or is disconnected). For every mutant the script copies ``src/`` to a temporary folder (the working
tree is never edited), applies the one replacement there and runs the tests that carry the claim's ID
(``pytest -k test_<ID>_`` over tests/theory and tests/coalition) against the mutated copy, with CI's
hypothesis settings: profile ``mutants`` is the ``ci`` profile (200 examples from one seed, 20261121 unless
ALLIANCELAB_HYPOTHESIS_SEED is set) without shrinking. A mutant is *killed* when those tests fail,
*survived* when they pass, *stale*
when its snippet is no longer in the file (or occurs more than once): the list must then be updated, and a
stale mutant counts as an error, never as a silent skip. Before the mutants, the same tests run once on the
unmutated copy (``baseline``): a failing baseline would make every kill meaningless.

Usage: ``python tools/mutants.py [--jobs N] [--only A4,C1] [--list FILE]``. Prints one table row per mutant
and the kill rate; exits 1 if any mutant survived or is stale, or the baseline fails.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIST = ROOT / "tools" / "mutants.toml"
TEST_DIRS = ("tests/theory", "tests/coalition")
KINDS = ("sign", "removal")
TIMEOUT = 900  # seconds per pytest run: a hung mutant is an error, not a kill
SEED = "20261121"  # CI draws from one seed per run (tests/conftest.py); fixed here so kill rates compare


@dataclass(frozen=True)
class Mutant:
    id: str
    claim: str
    kind: str
    file: str  # relative to src/
    original: str
    replacement: str
    note: str = ""


@dataclass(frozen=True)
class Result:
    mutant: Mutant
    status: str  # killed, survived, stale, error
    seconds: float
    detail: str = ""


def load(path: Path = LIST) -> list[Mutant]:
    """The mutants of ``path``; raises ValueError on a malformed entry (missing field, unknown kind)."""
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    mutants = []
    for number, entry in enumerate(data.get("mutant", []), start=1):
        missing = {"id", "claim", "kind", "file", "original", "replacement"} - entry.keys()
        if missing:
            raise ValueError(f"{path.name}: mutant #{number} lacks {', '.join(sorted(missing))}")
        if entry["kind"] not in KINDS:
            raise ValueError(f"{path.name}: mutant {entry['id']}: kind = {entry['kind']!r}, allowed: {KINDS}")
        if entry["original"] == entry["replacement"]:
            raise ValueError(f"{path.name}: mutant {entry['id']}: the replacement equals the original")
        mutants.append(Mutant(**entry))
    ids = [m.id for m in mutants]
    if len(ids) != len(set(ids)):
        raise ValueError(f"{path.name}: duplicate mutant ids")
    return mutants


def apply(mutant: Mutant, src: Path) -> str | None:
    """Apply ``mutant`` to the copy ``src`` in place; returns why it is stale, or None when applied."""
    target = src / mutant.file
    if not target.is_file():
        return f"no file src/{mutant.file}"
    text = target.read_text(encoding="utf-8")
    count = text.count(mutant.original)
    if count != 1:
        return f"snippet found {count} times in src/{mutant.file} (need exactly 1)"
    target.write_text(text.replace(mutant.original, mutant.replacement), encoding="utf-8")
    return None


def run_claim_tests(
    claim: str, src: Path, root: Path = ROOT, *, keyword: bool = False
) -> subprocess.CompletedProcess[str]:
    """``pytest -x -k test_<claim>_`` over the claim test folders, importing alliancelab from ``src``.

    ``keyword=True`` passes ``claim`` as the whole -k expression (the baseline runs every claim at once).
    """
    env = {**os.environ, "PYTHONPATH": str(src), "CI": "true"}
    env.setdefault("ALLIANCELAB_HYPOTHESIS_SEED", SEED)
    env["HYPOTHESIS_PROFILE"] = "mutants"  # the "ci" profile without shrinking (tests/conftest.py)
    command = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "-n", "0",
               "-k", claim if keyword else f"test_{claim}_", *TEST_DIRS]  # fmt: skip
    try:
        return subprocess.run(
            command, cwd=root, env=env, capture_output=True, text=True, check=False, timeout=TIMEOUT
        )
    except subprocess.TimeoutExpired as exc:
        return subprocess.CompletedProcess(command, -1, str(exc.stdout or ""), f"timed out after {TIMEOUT} s")


def _copy_src(workdir: Path) -> Path:
    src = workdir / "src"
    shutil.copytree(ROOT / "src", src, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    return src


def check(mutant: Mutant) -> Result:
    """Apply ``mutant`` to a temporary copy of src/ and run its claim's tests."""
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix=f"mutant-{mutant.id}-") as tmp:
        src = _copy_src(Path(tmp))
        stale = apply(mutant, src)
        if stale is not None:
            return Result(mutant, "stale", 0.0, stale)
        proc = run_claim_tests(mutant.claim, src)
    seconds = time.perf_counter() - start
    if proc.returncode == 1:
        failed = [line for line in proc.stdout.splitlines() if line.startswith("FAILED")]
        return Result(mutant, "killed", seconds, failed[0][7:] if failed else "")
    if proc.returncode == 0:
        return Result(mutant, "survived", seconds)
    return Result(mutant, "error", seconds, f"pytest exit {proc.returncode}: {proc.stdout[-300:]}")


def baseline(claims: list[str]) -> list[str]:
    """Claims whose tests fail, or that no test carries, on the unmutated source (one pytest run)."""
    names = {claim: f"test_{claim}_" for claim in claims}
    carried = set()
    for folder in TEST_DIRS:
        for path in (ROOT / folder).glob("test_*.py"):
            text = path.read_text(encoding="utf-8")
            carried |= {claim for claim, prefix in names.items() if f"def {prefix}" in text}
    bad = sorted(set(claims) - carried)
    with tempfile.TemporaryDirectory(prefix="mutant-baseline-") as tmp:
        src = _copy_src(Path(tmp))
        proc = run_claim_tests(" or ".join(names.values()), src, keyword=True)
    if proc.returncode != 0:
        failed = [line for line in proc.stdout.splitlines() if line.startswith("FAILED")]
        bad.append("tests red: " + "; ".join(failed or [proc.stdout[-300:]]))
    return bad


def table(results: list[Result]) -> str:
    lines = ["| mutant | claim | kind | file | status | s | detail |", "|---|---|---|---|---|---|---|"]
    for r in results:
        m = r.mutant
        detail = r.detail.replace("|", "\\|")[:90]
        lines.append(
            f"| {m.id} | {m.claim} | {m.kind} | {m.file} | {r.status} | {r.seconds:.0f} | {detail} |"
        )
    return "\n".join(lines)


def summary(results: list[Result]) -> str:
    counted = [r for r in results if r.status in ("killed", "survived")]
    killed = sum(r.status == "killed" for r in counted)
    lines = [f"kill rate: {killed}/{len(counted)} = {killed / max(len(counted), 1):.1%}"]
    for kind in KINDS:
        of_kind = [r for r in counted if r.mutant.kind == kind]
        k = sum(r.status == "killed" for r in of_kind)
        lines.append(f"  {kind}: {k}/{len(of_kind)}")
    for status in ("survived", "stale", "error"):
        names = [r.mutant.id for r in results if r.status == status]
        if names:
            lines.append(f"{status}: {', '.join(names)}")
    return "\n".join(lines)


def coverage_gaps(mutants: list[Mutant]) -> list[str]:
    """Claims lacking a sign or a removal mutant."""
    kinds: dict[str, set[str]] = {}
    for m in mutants:
        kinds.setdefault(m.claim, set()).add(m.kind)
    return [f"{claim} has no {kind} mutant" for claim, have in sorted(kinds.items()) for kind in KINDS
            if kind not in have]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=2, help="mutants checked in parallel (default 2)")
    parser.add_argument("--only", default="", help="comma-separated claim IDs or mutant ids")
    parser.add_argument("--list", type=Path, default=LIST, help="the mutant list (TOML)")
    args = parser.parse_args(argv)
    mutants = load(args.list)
    if args.only:
        wanted = set(args.only.split(","))
        mutants = [m for m in mutants if m.claim in wanted or m.id in wanted]
    claims = sorted({m.claim for m in mutants})
    print(f"{len(mutants)} mutants over {len(claims)} claims; CI=true; jobs={args.jobs}", flush=True)
    broken = baseline(claims)
    if broken:
        print(f"baseline FAILS (tests red or missing without any mutant) for: {', '.join(broken)}")
        return 1
    print("baseline: every claim's tests pass on the unmutated source", flush=True)
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = []
        for result in pool.map(check, mutants):
            print(f"  {result.mutant.id}: {result.status} ({result.seconds:.0f} s)", flush=True)
            results.append(result)
    print()
    print(table(results))
    print()
    print(summary(results))
    gaps = coverage_gaps(mutants)
    if gaps and not args.only:
        print("coverage gaps: " + "; ".join(gaps))
    print(f"wall time: {time.perf_counter() - start:.0f} s")
    failed = any(r.status != "killed" for r in results) or (gaps and not args.only)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
