"""Special functions the models need, in numpy (``theory/`` does not import scipy)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from alliancelab._types import FloatArray

__all__ = ["logistic"]


def logistic(x: npt.ArrayLike) -> FloatArray:
    """The logistic function ``1/(1 + exp(-x))``, accurate in both tails and free of overflow warnings.

    For ``x < 0`` it is evaluated as ``exp(x)/(1 + exp(x))``, so tiny probabilities keep their relative
    precision (``1 - 1/(1+e^-x)`` would round them to zero), as ``scipy.special.expit`` does.

    >>> [float(v) for v in logistic([-800.0, 0.0, 800.0])]
    [0.0, 0.5, 1.0]
    """
    z = np.asarray(x, dtype=float)
    e = np.exp(-np.abs(z))
    denominator = 1.0 + e
    out = np.divide(e, denominator, out=np.empty_like(denominator))  # e/(1 + e), for z < 0
    np.divide(1.0, denominator, out=out, where=z >= 0)  # 1/(1 + e), for z >= 0
    return np.asarray(out, dtype=float)
