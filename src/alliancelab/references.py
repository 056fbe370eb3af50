"""Citations: BibTeX for exactly what a result used.

All references live in one file, ``references.bib`` inside the package, shared by the docs, the case
library and the data builders. Objects that know their sources (a dyad-year frame built by
:mod:`alliancelab.data`, a case, a model result) expose the keys; :func:`cite` turns keys or such objects
into BibTeX, like peacesciencer's ``ps_cite()``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any

from alliancelab.errors import UserInputError

__all__ = ["bibliography", "citation_keys", "cite"]

_ENTRY = re.compile(r"^@(\w+)\{([^,\s]+),", re.MULTILINE)


@cache
def bibliography() -> dict[str, str]:
    """Every entry of ``references.bib``, keyed by its citation key."""
    text = resources.files("alliancelab").joinpath("references.bib").read_text(encoding="utf-8")
    starts = list(_ENTRY.finditer(text))
    entries: dict[str, str] = {}
    for here, nxt in zip(starts, [*starts[1:], None], strict=True):
        end = nxt.start() if nxt is not None else len(text)
        body = text[here.start() : end]
        body = body[: body.rfind("}") + 1]  # drop trailing comments between entries
        entries[here.group(2)] = body.strip()
    return entries


def citation_keys(obj: Any) -> list[str]:
    """The citation keys an object carries: a key, a list of keys, or an object that records sources.

    A pandas object records them in ``obj.attrs["sources"]``; any other object in a ``sources`` or
    ``citation_keys`` attribute.
    """
    if isinstance(obj, str):
        return [obj]
    attrs = getattr(obj, "attrs", None)
    if isinstance(attrs, dict) and "sources" in attrs:
        return list(attrs["sources"])
    if isinstance(attrs, dict) and hasattr(obj, "columns"):  # a DataFrame that lost its metadata
        raise UserInputError(
            f"cannot cite this {type(obj).__name__}: it carries no sources, so its metadata were lost "
            "(pandas merge, concat and some other steps drop .attrs); re-attach them with "
            "alliancelab.data.restore(frame, like=original) or pass citation keys"
        )
    for name in ("citation_keys", "sources"):
        found = getattr(obj, name, None)
        if found is not None and not callable(found):
            return list(found)
    if isinstance(obj, Iterable):
        return [k for item in obj for k in citation_keys(item)]
    raise UserInputError(f"cannot tell what {type(obj).__name__} cites: pass citation keys instead")


def cite(*objects: Any) -> str:
    """BibTeX for the given keys or objects, each entry once, in first-use order.

    >>> print(cite("morrow1991alliances").splitlines()[0])
    @article{morrow1991alliances,
    """
    bib = bibliography()
    keys = list(dict.fromkeys(k for obj in objects for k in citation_keys(obj)))
    unknown = [k for k in keys if k not in bib]
    if unknown:
        raise UserInputError(
            f"unknown citation key(s): {', '.join(unknown)}; known keys are listed by "
            "`alliancelab cite --list`"
        )
    return "\n\n".join(bib[k] for k in keys)
