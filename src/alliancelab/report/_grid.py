"""The grid of a sweep, shared by every model's report module: one field of a parameter object set to values.

Every model's ``sweep(subject, parameter, values)`` names the swept input the same way: a field of the
parameter object (``tau``), of a parameter object it holds (``d`` or ``dyad.d`` in a contest, ``W`` or
``leader.W`` in maintenance; a plain name is looked up in the object first, then in the objects it holds,
in their order), or of the rival (``rival_v`` as on the command line, or ``rival.v``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from alliancelab._types import FloatArray
from alliancelab.errors import ParameterError

__all__ = ["field_path", "grid_values", "settable_names", "sweep_rows", "with_values"]


def grid_values(parameter: str, values: npt.ArrayLike) -> FloatArray:
    """``values`` as a 1-D float array of at least one value (errors name the swept parameter)."""
    try:
        grid = np.asarray(values, dtype=float).ravel()
    except (TypeError, ValueError):
        raise ParameterError(f"sweep of {parameter}: the values must be numbers") from None
    if grid.size == 0:
        raise ParameterError(f"sweep of {parameter}: give at least one value")
    return grid


def _is_params(value: Any) -> bool:
    return dataclasses.is_dataclass(value) and not isinstance(value, type)


def settable_names(params: Any, prefix: str = "") -> list[str]:
    """The names a sweep may set: numeric fields, nested ones with their dotted path (``dyad.d``)."""
    names: list[str] = []
    for field in dataclasses.fields(params):
        value = getattr(params, field.name)
        if _is_params(value):
            names += settable_names(value, f"{prefix}{field.name}.")
        elif not isinstance(value, str | bool | tuple) and value is not None:  # not a (low, high) range
            names.append(prefix + field.name)
    return names


def field_path(params: Any, parameter: str) -> list[str] | None:
    """The field path of ``parameter`` in ``params`` (``["dyad", "d"]``), or ``None``."""
    dotted = parameter.replace("rival_", "rival.", 1) if parameter.startswith("rival_") else parameter
    names = settable_names(params)
    if dotted in names:
        return dotted.split(".")
    nested = [n for n in names if n.rsplit(".", 1)[-1] == dotted]
    return nested[0].split(".") if nested else None


def _replace(params: Any, path: list[str], new: FloatArray | float) -> Any:
    head, *rest = path
    value = new if not rest else _replace(getattr(params, head), rest, new)
    return dataclasses.replace(params, **{head: value})


def with_values(params: Any, parameter: str, values: npt.ArrayLike) -> Any:
    """``params`` with the field ``parameter`` set to the 1-D grid ``values``, or to one number if ``values``
    is a scalar (validated as usual).

    >>> from alliancelab.theory.realignment import ContestParams, PatronTerms
    >>> from alliancelab.theory.formation import FormationParams
    >>> swept = with_values(ContestParams(FormationParams(), PatronTerms()), "rival_v", [10.0, 20.0])
    >>> swept.rival.v.tolist(), float(swept.dyad.v)
    ([10.0, 20.0], 100.0)
    """
    grid = grid_values(parameter, values)
    path = field_path(params, parameter)
    if path is None:
        allowed = ", ".join(settable_names(params))
        raise ParameterError(
            f"sweep of {parameter}: not a field of {type(params).__name__}; allowed: {allowed}"
        )
    return _replace(params, path, float(grid[0]) if np.ndim(values) == 0 else grid)


def sweep_rows(
    table: Callable[[Any], pd.DataFrame], params: Any, parameter: str, values: npt.ArrayLike, *, unit: str
) -> pd.DataFrame:
    """``table(params)`` with the field ``parameter`` set to the grid ``values``: one row per value (the
    other fields single numbers, else an error naming ``unit``), the swept column (named by its path's
    last part) first."""
    grid = grid_values(parameter, values)
    swept = table(with_values(params, parameter, grid))
    if len(swept) != len(grid):
        raise ParameterError(
            f"sweep of {parameter}: the other fields give {len(swept)} {unit} for {len(grid)} values; make "
            "them single numbers"
        )
    column = parameter.rsplit(".", 1)[-1]
    swept.insert(0, parameter, swept.pop(column))
    swept.attrs["parameter"] = parameter
    return swept
