"""Small episode files for tests: a minimal valid episode and ways to vary it."""

from __future__ import annotations

from pathlib import Path

HEADER = """
[episode]
format = 1
name = "{name}"
title = "Test episode"
patron = "Patron"
client = "Client"
start = {start}
end = {end}
dollars = 2000
mode = "FLEX"
aligned = false
"""

PARAMETERS = """
[parameters]
T = {{ level = "M", reasoning = "test" }}
phi = {{ level = "M", reasoning = "test" }}
chi = {{ level = "none", reasoning = "test" }}
q0 = {{ level = "M", reasoning = "test" }}
d = {{ level = "{d}", reasoning = "test" }}
sal = {{ level = "M", reasoning = "test" }}
v = {{ value = {v}, reasoning = "test" }}
c = {{ level = "L", reasoning = "test" }}

[leader]
regime = {{ kind = "party", reasoning = "test" }}
r = {{ value = 1000.0, reasoning = "test" }}
h = {{ level = "L", reasoning = "test" }}
"""


def phase(pid: str, start: int, observed: str) -> str:
    """A phase and its observed outcome (the observed table is appended by :func:`episode`)."""
    return f'\n[[phases]]\nid = "{pid}"\nstart = {start}\n#OBSERVED {pid} {observed}\n'


def episode(
    name: str = "test",
    *,
    start: int = 1990,
    end: int = 1995,
    d: str = "M",
    v: float = 3000.0,
    extra: str = "",
    phases: str | None = None,
) -> str:
    """A valid episode text; ``extra`` adds tables (events, rivals) before the phases."""
    body = HEADER.format(name=name, start=start, end=end) + PARAMETERS.format(d=d, v=v) + extra
    phases = phases if phases is not None else phase("all", start, "FORMATION")
    observed = []
    lines = []
    for line in phases.splitlines():
        if line.startswith("#OBSERVED"):
            _, pid, outcome = line.split()
            observed.append(f'\n[observed.{pid}]\noutcome = "{outcome}"\nreasoning = "test"\n')
        else:
            lines.append(line)
    return body + "\n".join(lines) + "".join(observed)


def write(folder: Path, text: str, name: str = "test") -> Path:
    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path
