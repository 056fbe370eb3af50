"""What every output records so that a result can be cited and reproduced.

Randomness enters AllianceLab only through an explicit :class:`numpy.random.Generator`. :func:`make_rng`
turns whatever the user passed (an int, a ``SeedSequence``, ``None``) into a generator *and* the entropy
that recreates it, and :func:`run_record` bundles that entropy with the parameters and package versions.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import platform
from collections.abc import Mapping
from importlib import metadata
from typing import Any

import numpy as np

__all__ = ["__version__", "make_rng", "run_record", "to_jsonable"]

try:
    __version__ = metadata.version("alliancelab")
except metadata.PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0+unknown"


def make_rng(seed: int | np.random.SeedSequence | None = None) -> tuple[np.random.Generator, int]:
    """Return a generator and the integer entropy that recreates it (``None`` draws fresh entropy).

    A seed that is not an integer >= 0 raises :class:`~alliancelab.errors.ParameterError` (numpy's own
    message is about ``SeedSequence`` internals).
    """
    usable = seed is None or isinstance(seed, np.random.SeedSequence)
    if not usable and (isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0):
        from alliancelab.errors import ParameterError

        raise ParameterError(f"seed = {seed!r}: the seed must be an integer >= 0")
    seq = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    entropy = seq.entropy
    assert isinstance(entropy, int)
    return np.random.default_rng(seq), entropy


def to_jsonable(value: Any) -> Any:
    """Convert parameters (dataclasses, numpy scalars and arrays, enums) to plain JSON types."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if hasattr(value, "value") and hasattr(value, "name"):  # Enum
        return to_jsonable(value.value)
    if isinstance(value, float) and not np.isfinite(value):
        return None if np.isnan(value) else ("inf" if value > 0 else "-inf")
    return value


def run_record(*, seed: int | None = None, params: Any = None, **extra: Any) -> dict[str, Any]:
    """Provenance block for an output: package versions, time, seed entropy, parameters, extras."""
    import pandas as pd
    import scipy

    return {
        "alliancelab_version": __version__,
        "created_utc": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "pandas": pd.__version__,
        "seed": seed,
        "params": to_jsonable(params),
        **{k: to_jsonable(v) for k, v in extra.items()},
    }
