"""Where the real data sets are: ``$ALLIANCELAB_DATA``, else ``../shared/data``, else the user cache."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

__all__ = ["cache_dir", "data_root"]


def cache_dir() -> Path:
    """The per-user cache that ``alliancelab data fetch`` fills."""
    return Path(platformdirs.user_cache_dir("alliancelab")) / "data"


def _candidates() -> list[Path]:
    here = Path(__file__).resolve()
    checkout = here.parents[3]  # src/alliancelab/data/paths.py -> the project checkout
    return [checkout.parent / "shared" / "data", Path.cwd().parent / "shared" / "data", cache_dir()]


def data_root() -> Path | None:
    """The folder holding the data sets, or ``None`` if there is none (run ``alliancelab data fetch``)."""
    env = os.environ.get("ALLIANCELAB_DATA")
    if env:
        return Path(env)
    for candidate in _candidates():
        if candidate.is_dir() and any(candidate.iterdir()):
            return candidate
    return None
