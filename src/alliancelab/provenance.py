"""What every output records so that a result can be cited and reproduced.

Randomness enters AllianceLab only through an explicit :class:`numpy.random.Generator`. :func:`make_rng`
turns whatever the user passed (an int, a ``SeedSequence``, ``None``) into a generator *and* the entropy
that recreates it, :func:`seeded_generator` accepts anything :func:`numpy.random.default_rng` accepts (the
one normalisation of an ``rng=`` argument), :func:`spawn_seeds` gives one ``SeedSequence`` child per run of
a sweep, and :func:`run_record` bundles that entropy with the parameters and package versions.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import platform
from collections.abc import Mapping, Sequence
from importlib import metadata
from typing import Any

import numpy as np

from alliancelab.errors import ParameterError

__all__ = ["__version__", "make_rng", "run_record", "seeded_generator", "spawn_seeds", "to_jsonable"]

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


def seeded_generator(rng: Any = None) -> tuple[np.random.Generator, int | None]:
    """Normalise an ``rng=`` argument: a generator and the entropy that recreates it (``None`` if unknown).

    ``None``, an integer or a ``SeedSequence`` give a fresh generator whose entropy is recorded; a
    ``Generator`` is used as it is, with entropy ``None`` (it may have drawn numbers already, so its seed
    would not recreate the run); anything else :func:`numpy.random.default_rng` accepts (a bit generator,
    an array of ints) works too.

    >>> generator, entropy = seeded_generator(7)
    >>> entropy
    7
    """
    if isinstance(rng, np.random.Generator):
        return rng, None
    if rng is None or isinstance(rng, int | np.integer | np.random.SeedSequence):
        if isinstance(rng, int | np.integer) and not isinstance(rng, bool) and int(rng) < 0:
            raise ParameterError(f"rng = {int(rng)}: a seed must be a non-negative integer")
        return make_rng(int(rng) if isinstance(rng, np.integer) else rng)
    try:
        return np.random.default_rng(rng), None
    except (TypeError, ValueError) as err:
        raise ParameterError(
            f"rng = {rng!r}: expected a non-negative integer, a SeedSequence, a Generator or None ({err})"
        ) from None


def spawn_seeds(rng: Any, n: int) -> tuple[list[np.random.SeedSequence], int | None]:
    """One ``SeedSequence`` child per run (``n`` of them) and the root entropy when it is known.

    Children depend only on the root and their index, so the number of workers and the order of runs never
    change a result. A ``Generator`` must come from a ``SeedSequence`` (its children are spawned from it).

    >>> children, root = spawn_seeds(2026, 3)
    >>> len(children), root
    (3, 2026)
    """
    if isinstance(rng, np.random.Generator):
        seq = rng.bit_generator.seed_seq
        if not isinstance(seq, np.random.SeedSequence):
            raise ParameterError(
                "rng: this Generator was not built from a SeedSequence, so it cannot spawn one stream per "
                "run; pass an integer seed or a SeedSequence"
            )
        entropy = seq.entropy
        return list(seq.spawn(n)), entropy if isinstance(entropy, int) else None
    if isinstance(rng, int | np.integer) and not isinstance(rng, bool) and int(rng) < 0:
        raise ParameterError(f"rng = {int(rng)}: a seed must be a non-negative integer")
    try:
        root = rng if isinstance(rng, np.random.SeedSequence) else np.random.SeedSequence(rng)
    except (TypeError, ValueError) as err:
        raise ParameterError(
            f"rng = {rng!r}: expected a non-negative integer, a SeedSequence, a Generator or None ({err})"
        ) from None
    entropy = root.entropy
    return list(root.spawn(n)), entropy if isinstance(entropy, int) else None


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


def run_record(
    *, seed: int | None = None, params: Any = None, packages: Sequence[str] = (), **extra: Any
) -> dict[str, Any]:
    """Provenance block for an output: package versions (numpy, scipy, pandas and ``packages``), time,
    seed entropy, parameters, extras."""
    import pandas as pd
    import scipy

    return {
        "alliancelab_version": __version__,
        "created_utc": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "pandas": pd.__version__,
        **{name: metadata.version(name) for name in packages},
        "seed": seed,
        "params": to_jsonable(params),
        **{k: to_jsonable(v) for k, v in extra.items()},
    }
