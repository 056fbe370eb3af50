"""Where the real data sets are: ``$ALLIANCELAB_DATA``, else ``../shared/data``, else the user cache.

* ``$ALLIANCELAB_DATA`` (when set) is the only place looked in: an explicit choice is never second-guessed.
* Otherwise the shared development copy ``../shared/data`` (beside the checkout or the working directory),
  then the per-user download cache that ``alliancelab data fetch`` fills (:func:`cache_dir`).
* ``$ALLIANCELAB_CACHE`` moves the whole per-user cache (downloads and parsed Parquet copies), which tests
  and read-only home directories need; by default it is ``platformdirs.user_cache_dir("alliancelab")``.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

__all__ = ["cache_dir", "cache_root", "data_root", "data_roots", "locate", "parquet_cache_dir"]


def cache_root() -> Path:
    """The per-user cache folder (``$ALLIANCELAB_CACHE`` overrides the platform default)."""
    env = os.environ.get("ALLIANCELAB_CACHE")
    return Path(env) if env else Path(platformdirs.user_cache_dir("alliancelab"))


def cache_dir() -> Path:
    """The per-user cache that ``alliancelab data fetch`` fills (same layout as ``shared/data``)."""
    return cache_root() / "data"


def parquet_cache_dir() -> Path:
    """Where parsed data sets are kept as Parquet so that warm reads take milliseconds."""
    return cache_root() / "parquet"


def _candidates() -> list[Path]:
    here = Path(__file__).resolve()
    checkout = here.parents[3]  # src/alliancelab/data/paths.py -> the project checkout
    shared = [checkout.parent / "shared" / "data", Path.cwd().parent / "shared" / "data"]
    return [*dict.fromkeys(shared), cache_dir()]


def data_roots() -> list[Path]:
    """Every folder searched for data files, in order of preference."""
    env = os.environ.get("ALLIANCELAB_DATA")
    if env:
        return [Path(env)]
    return [p for p in _candidates() if p.is_dir()]


def data_root() -> Path | None:
    """The folder holding the data sets, or ``None`` if there is none (run ``alliancelab data fetch``)."""
    env = os.environ.get("ALLIANCELAB_DATA")
    if env:
        return Path(env)
    for candidate in _candidates():
        if candidate.is_dir() and any(candidate.iterdir()):
            return candidate
    return None


def locate(relative: str) -> Path | None:
    """The first existing copy of ``relative`` (a path like ``peacesciencer/cow_nmc.rda``), else ``None``."""
    for root in data_roots():
        path = root / relative
        if path.is_file():
            return path
    return None
