"""Where the real data sets are: ``$ALLIANCELAB_DATA`` if set, else the user cache.

* ``$ALLIANCELAB_DATA`` (when set) is the only place looked in: an explicit choice is never second-guessed.
* Otherwise the per-user download cache that ``alliancelab data fetch`` fills (:func:`cache_dir`).
* ``$ALLIANCELAB_CACHE`` moves the whole per-user cache (downloads and parsed Parquet copies), which tests
  and read-only home directories need; by default it is ``platformdirs.user_cache_dir("alliancelab")``.

The answer never depends on the working directory or on where the package is installed. The development
layout (a checkout with ``../shared/data`` beside it) sets the variable instead: the Makefile exports
``ALLIANCELAB_DATA=$(abspath ../shared/data)`` when that folder exists, and the test suite's ``conftest.py``
does the same for a bare ``pytest`` run.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["cache_dir", "cache_root", "data_root", "data_roots", "locate", "parquet_cache_dir"]


def cache_root() -> Path:
    """The per-user cache folder (``$ALLIANCELAB_CACHE`` overrides the platform default)."""
    env = os.environ.get("ALLIANCELAB_CACHE")
    if env:
        return Path(env)
    import platformdirs  # only when the default is needed: `alliancelab --help` stays light

    return Path(platformdirs.user_cache_dir("alliancelab"))


def cache_dir() -> Path:
    """The per-user cache that ``alliancelab data fetch`` fills (same layout as ``shared/data``)."""
    return cache_root() / "data"


def parquet_cache_dir() -> Path:
    """Where parsed data sets are kept as Parquet so that warm reads take milliseconds."""
    return cache_root() / "parquet"


def data_roots() -> list[Path]:
    """Every folder searched for data files, in order of preference (one: the variable, or the cache)."""
    env = os.environ.get("ALLIANCELAB_DATA")
    if env:
        return [Path(env)]
    cache = cache_dir()
    return [cache] if cache.is_dir() else []


def data_root() -> Path | None:
    """The folder holding the data sets, or ``None`` if there is none (run ``alliancelab data fetch``)."""
    env = os.environ.get("ALLIANCELAB_DATA")
    if env:
        return Path(env)
    cache = cache_dir()
    if cache.is_dir() and any(cache.iterdir()):
        return cache
    return None


def locate(relative: str) -> Path | None:
    """The first existing copy of ``relative`` (a path like ``peacesciencer/cow_nmc.rda``), else ``None``."""
    for root in data_roots():
        path = root / relative
        if path.is_file():
            return path
    return None
