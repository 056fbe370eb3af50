"""`alliancelab data list` and `--help` must not pay for pandas, SciPy or matplotlib: the data package
and its commands import them only when a data set is read or a frame is built."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HEAVY = ("pandas", "scipy", "matplotlib", "duckdb", "pyarrow")
SRC = Path(__file__).resolve().parents[2] / "src"


def _loaded_after(code: str) -> list[str]:
    probe = f"import sys\n{code}\nprint(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    env = {"PYTHONPATH": str(SRC), "ALLIANCELAB_CACHE": "/nonexistent-alliancelab-cache"}
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True)
    return [m for m in out.stdout.strip().split(",") if m]


def test_the_data_commands_and_the_catalogue_import_no_heavy_library() -> None:
    code = (
        "import alliancelab.commands.data, alliancelab.commands.data_build\n"
        "from alliancelab.data import catalogue, get_source, source_names\n"
        "rows = catalogue(); assert len(rows) == len(source_names()) and get_source('cow_nmc')"
    )
    assert _loaded_after(code) == []


def test_public_names_still_import_and_load_on_first_use() -> None:
    assert "pandas" in _loaded_after("from alliancelab.data import create_dyadyears, read, restore")
    assert _loaded_after("import alliancelab.data as d; d.fetch; d.verify; d.data_root") == []


def test_a_pipeline_imports_the_modules_of_its_own_steps_only(data_dir: Path) -> None:
    """Pipeline A (ATOP, NMC, majors) in a fresh process: no DuckDB, pydantic, SciPy, nor other steps."""
    unwanted = ("duckdb", "pydantic", "scipy", "matplotlib", "alliancelab.data.builders.conflict")
    probe = (
        "import sys, warnings\nwarnings.simplefilter('ignore')\n"
        "from alliancelab.data.builders import build\n"
        "assert len(build('2000', ['atop', 'nmc', 'majors']).frame) > 0\n"
        f"print(','.join(m for m in {unwanted!r} if m in sys.modules))"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC), "ALLIANCELAB_DATA": str(data_dir)}
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == ""
