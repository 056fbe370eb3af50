"""Names that moved keep working for a while: a module ``__getattr__`` that warns and forwards.

The layers of ``docs/architecture.md`` forbid ``theory/`` to import ``report/`` or ``analysis/``. A name that
moved upwards (a frame builder, a statistical test) is therefore resolved lazily, by module path, only when
an old caller asks for it, with a :class:`DeprecationWarning` naming the new home.
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable, Mapping

__all__ = ["moved_names", "renamed_names"]


def moved_names(module: str, moved: Mapping[str, str]) -> Callable[[str], object]:
    """A module ``__getattr__`` for ``moved``: old name -> ``"new.module"`` or ``"new.module:new_name"``.

    >>> getter = moved_names("old.place", {"sqrt": "math"})
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     root = getter("sqrt")
    >>> root(4.0), str(caught[0].message)
    (2.0, 'old.place.sqrt moved to math.sqrt; import it from there')
    """

    def __getattr__(name: str) -> object:
        target = moved.get(name)
        if target is None:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        new_module, _, new_name = target.partition(":")
        new_name = new_name or name
        warnings.warn(
            f"{module}.{name} moved to {new_module}.{new_name}; import it from there",
            DeprecationWarning,
            stacklevel=2,
        )
        return getattr(importlib.import_module(new_module), new_name)

    return __getattr__


def renamed_names(module: str, renamed: Mapping[str, str]) -> Callable[[str], object]:
    """A module ``__getattr__`` for names renamed within ``module``: old name -> new name.

    The report modules' former names (``contest_frame``, ``sweep_frame``, ...) became ``frame``, ``sweep``
    and ``explain``, the same in every model's report module.

    >>> import warnings
    >>> getter = renamed_names("math", {"square_root": "sqrt"})
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     root = getter("square_root")
    >>> root(9.0), str(caught[0].message)
    (3.0, 'math.square_root is renamed math.sqrt; use the new name')
    """

    def __getattr__(name: str) -> object:
        new_name = renamed.get(name)
        if new_name is None:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        warnings.warn(
            f"{module}.{name} is renamed {module}.{new_name}; use the new name",
            DeprecationWarning,
            stacklevel=2,
        )
        return getattr(importlib.import_module(module), new_name)

    return __getattr__
