"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, settings

from alliancelab.cli import run
from alliancelab.data.paths import data_root

# CI is reproducible (the same examples on every run, so a red build is never luck); local runs ("dev")
# draw new examples each time and so keep exploring.
# The development layout (the shared data beside the checkout) sets the data folder for a bare `pytest`
# run, as the Makefile does for `make test`; the package itself never guesses a path.
_SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
if "ALLIANCELAB_DATA" not in os.environ and _SHARED_DATA.is_dir():
    os.environ["ALLIANCELAB_DATA"] = str(_SHARED_DATA)

settings.register_profile(
    "ci",
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=60, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


@pytest.fixture
def rng() -> np.random.Generator:
    """A fixed-seed generator: tests never touch global random state."""
    return np.random.default_rng(20261121)


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The real data folder; skips (or, with ALLIANCELAB_REQUIRE_DATA=1, fails) when it is absent."""
    root = data_root()
    if root is None or not root.is_dir():
        message = "real data not found: run `alliancelab data fetch` or set ALLIANCELAB_DATA"
        if os.environ.get("ALLIANCELAB_REQUIRE_DATA") == "1":
            pytest.fail(message + " (ALLIANCELAB_REQUIRE_DATA=1 forbids skipping)")
        pytest.skip(message)
    return root


class CliResult:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """Run ``alliancelab ARGS...`` in-process; returns exit code, stdout and stderr."""

    def invoke(*args: str) -> CliResult:
        code = run(list(args))
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return invoke
