"""Domain checks shared by every parameter object and file loader.

The checks run once, when a parameter object is built; they accept scalars and numpy arrays alike and name
the offending value in words a user understands.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, cast

import numpy as np
from numpy.typing import ArrayLike

from alliancelab.errors import ParameterError, UserInputError

if TYPE_CHECKING:  # pydantic is imported where it is used, so that data builders need not load it
    from pydantic import BaseModel, ValidationError

__all__ = ["check_broadcast", "check_choice", "check_range", "range_checks", "user_error_from_validation"]

_RANGE_CHECKS: ContextVar[bool] = ContextVar("alliancelab_range_checks", default=True)


@contextmanager
def range_checks(on: bool) -> Iterator[None]:
    """Turn :func:`check_range` and :func:`check_broadcast` on or off inside the block (on elsewhere).

    For a loop that rebuilds parameter objects from arrays it computed itself, year after year: the
    objects and the results are the same, only the domain checks are skipped. The caller checks at its
    boundary (the first pass) with the checks on (the composed world: ``alliancelab.sim.runner``).
    """
    token = _RANGE_CHECKS.set(on)
    try:
        yield
    finally:
        _RANGE_CHECKS.reset(token)


def _fmt(x: float) -> str:
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return f"{x:g}"


def check_range(
    name: str,
    value: ArrayLike,
    lo: float = -math.inf,
    hi: float = math.inf,
    *,
    lo_open: bool = False,
    hi_open: bool = False,
    where: str = "",
) -> None:
    """Raise :class:`ParameterError` unless every element of ``value`` lies in the interval.

    >>> check_range("alpha", 0.5, 0, 1, lo_open=True, hi_open=True)
    >>> check_range("alpha", 1.5, 0, 1)
    Traceback (most recent call last):
    ...
    alliancelab.errors.ParameterError: alpha = 1.5 is outside the allowed range [0, 1]
    """
    if not _RANGE_CHECKS.get():
        return
    if _plain_number_inside(value, lo, hi, lo_open, hi_open):  # the common case, without numpy
        return
    prefix = f"{where}: " if where else ""
    field = _field_of(name)
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        reason = f"{value!r} is not a number"
        raise ParameterError(f"{prefix}{name} = {reason}", field=field, reason=reason) from None
    interval = f"{'(' if lo_open else '['}{_fmt(lo)}, {_fmt(hi)}{')' if hi_open else ']'}"
    nan = np.isnan(arr)
    low = arr <= lo if lo_open else arr < lo
    high = arr >= hi if hi_open else arr > hi
    bad = nan | low | high
    if np.any(bad):
        first = float(arr[bad].flat[0]) if arr.ndim else float(arr)
        shown = "nan" if math.isnan(first) else _fmt(first)
        reason = f"{shown} is outside the allowed range {interval}"
        raise ParameterError(f"{prefix}{name} = {reason}", field=field, reason=reason)


def _plain_number_inside(value: object, lo: float, hi: float, lo_open: bool, hi_open: bool) -> bool:
    """``value`` is one Python float or int inside the interval (nan is not: it fails every comparison)."""
    if type(value) is not float and type(value) is not int:
        return False
    number = cast(float, value)  # a float or an int (compared exactly, however large)
    return (number > lo if lo_open else number >= lo) and (number < hi if hi_open else number <= hi)


def _field_of(name: str) -> str | None:
    """The field a check names: ``threat (T)`` -> ``threat``; ``None`` for a combination (``e0 + Delta``)."""
    field = name.split(" (", 1)[0]
    return field if field.isidentifier() else None


def _array_fields(
    params: object, prefix: str = "", exclude: Sequence[str] = ()
) -> list[tuple[str, tuple[int, ...]]]:
    """(name, shape) of every array field of a parameter dataclass, nested parameter objects included."""
    found: list[tuple[str, tuple[int, ...]]] = []
    for field in dataclasses.fields(params):  # type: ignore[arg-type]
        if field.name in exclude:
            continue
        value = getattr(params, field.name)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            found += _array_fields(value, f"{prefix}{field.name}.")
        elif not isinstance(value, str) and np.ndim(value) > 0:
            found.append((f"{prefix}{field.name}", np.shape(value)))
    return found


def check_broadcast(params: object, *, exclude: Sequence[str] = ()) -> None:
    """Raise :class:`ParameterError` naming two fields whose array shapes do not broadcast together.

    Every array field of a parameter object (and of the parameter objects it holds) must broadcast against
    the others: a grid of dyads is one shape, or shapes such as ``(3, 1)`` and ``(1, 4)``. ``exclude`` names
    fields that are not per-dyad values (a ``(low, high)`` range, say).

    >>> from alliancelab.theory.formation import FormationParams
    >>> FormationParams(T=[0.1, 0.2, 0.3], phi=[0.1, 0.2])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    alliancelab.errors.ParameterError: FormationParams: T has shape (3,) and phi has shape (2,), which do ...
    """
    if not _RANGE_CHECKS.get():
        return
    arrays = _array_fields(params, exclude=exclude)
    for k, (name, shape) in enumerate(arrays):
        try:
            np.broadcast_shapes(*(s for _, s in arrays[: k + 1]))
        except ValueError:
            failing = ((n, s) for n, s in arrays[:k] if not _broadcasts(s, shape))
            partner, other = next(failing, arrays[k - 1])
            raise ParameterError(
                f"{type(params).__name__}: {partner} has shape {other} and {name} has shape {shape}, "
                "which do not broadcast together; give the array fields one shape, or shapes that broadcast "
                "such as "
                f"{other + (1,) * len(shape)} and {(1,) * len(other) + shape} for a grid"
            ) from None


def _broadcasts(one: tuple[int, ...], other: tuple[int, ...]) -> bool:
    try:
        np.broadcast_shapes(one, other)
    except ValueError:
        return False
    return True


def check_choice(name: str, value: object, allowed: Sequence[str], *, where: str = "") -> None:
    """Raise :class:`ParameterError` unless ``value`` is one of ``allowed``."""
    if value not in allowed:
        prefix = f"{where}: " if where else ""
        hint = difflib.get_close_matches(str(value), list(allowed), n=1)
        guess = f" (did you mean {hint[0]!r}?)" if hint else ""
        reason = f"{value!r} is not allowed; choose one of {', '.join(allowed)}{guess}"
        raise ParameterError(f"{prefix}{name} = {reason}", field=_field_of(name), reason=reason)


def _fields_at(model: type[BaseModel], loc: Sequence[int | str]) -> list[str]:
    """Names of the fields allowed at ``loc`` inside ``model`` (best effort for nested models)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            break
        nested = _models_in(field.annotation)
        current = nested[0] if nested else None
    return list(getattr(current, "model_fields", {}))


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The models an annotation holds: ``Item``, ``list[Item] | None`` and ``tuple[Item, ...]`` give Item."""
    from pydantic import BaseModel  # here, not at the top: pipelines that validate no file skip pydantic

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for arg in getattr(annotation, "__args__", ()) for model in _models_in(arg)]


def user_error_from_validation(
    err: ValidationError, source: str, model: type[BaseModel] | None = None
) -> UserInputError:
    """Turn a pydantic error into one line naming the file, the field, the value and what is allowed."""
    first = err.errors()[0]
    loc = list(first["loc"])
    field = ".".join(str(p) for p in loc) or "(top level)"
    value = first.get("input")
    more = f" (and {err.error_count() - 1} more problem(s))" if err.error_count() > 1 else ""
    if first["type"] == "extra_forbidden":
        allowed = _fields_at(model, loc[:-1]) if model is not None else []
        hint = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        guess = f"; did you mean {hint[0]!r}?" if hint else "."
        known = f" Allowed fields: {', '.join(allowed)}." if allowed else ""
        return UserInputError(f"{source}: unknown field {field!r}{guess}{known}{more}")
    shown = "" if isinstance(value, dict) else f" (got {value!r})"
    message = str(first["msg"]).removeprefix("Value error, ")  # pydantic's prefix for a validator's own text
    return UserInputError(f"{source}: field {field!r}: {message}{shown}{more}")
