"""Type aliases shared by every model, and the one coercion of a parameter field to a float array.

``Real`` is what a parameter field holds: a number, or an array of numbers that broadcasts against the
other fields (one dyad, or a grid of them).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["BoolArray", "FloatArray", "Int8Array", "Int64Array", "IntArray", "Real", "as_float"]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.intp]
Int8Array = npt.NDArray[np.int8]
Int64Array = npt.NDArray[np.int64]
Real = float | FloatArray


def as_float(value: npt.ArrayLike | None) -> FloatArray:
    """``value`` as a float array (a view where it already is one; a 0-d array for a number).

    >>> as_float(2).dtype, as_float([1, 2]).shape
    (dtype('float64'), (2,))
    """
    return np.asarray(value, dtype=float)
