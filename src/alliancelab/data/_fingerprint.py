"""A fingerprint of the code that turns data files into tables, for the caches that keep those tables.

The readers' Parquet copies and the builders' prepared tables are kept on disk between processes. A copy
is only as good as the code that made it: after a fix to a parser or a preparer, a copy made by the old
code must not be served. So their keys include :func:`code_fingerprint` of the modules that make them,
with the package version.

The fingerprint hashes the **bytes of whole modules**, read through each module's loader, rather than
``inspect.getsource`` of the preparing functions or the files' size and modification time:

* a preparer calls helpers (``ints``, ``dates``, the parser, the normalisation rules, the crosswalk); the
  source of one function misses a fix in any of them, a whole module's bytes do not;
* ``inspect.getsource`` needs the ``.py`` file and tokenises it, and fails (``OSError``) for an install
  without sources; the loader's ``get_data`` reads ``.py``, ``.pyc``-only and zipped modules alike;
* a modification time changes on every checkout, copy or reinstall (a needless rebuild) and can stay the
  same across an edit (an archive or ``cp -p`` restoring times, two edits within the clock's step, the
  same size): content is the only exact identity. Two checkouts with the same code share their copies.

A package stands for all its modules (a new parser module is covered without listing it). Reading and
hashing a few dozen kilobytes costs well under a millisecond, and the result is kept for the process
(``functools.cache``): a warm pipeline never reads a module file again. If a module's code cannot be read,
the fingerprint is ``None`` and callers keep nothing on disk rather than trust a copy they cannot date.
"""

from __future__ import annotations

import hashlib
import importlib.util
import pkgutil
from collections.abc import Iterator
from functools import cache

__all__ = ["code_fingerprint"]


@cache
def code_fingerprint(*modules: str) -> str | None:
    """A hex digest of the package version and the code of ``modules`` (a package: each of its modules).

    Computed once per process for each tuple of names; ``None`` if some module's code cannot be read.
    """
    from alliancelab.provenance import __version__

    digest = hashlib.sha256(f"alliancelab {__version__}".encode())
    try:
        for name in modules:
            for module, code in _module_codes(name):
                digest.update(f"|{module}|{len(code)}|".encode())
                digest.update(code)
    except (ImportError, OSError, ValueError):  # no spec, no loader that reads files, or an unreadable file
        return None
    return digest.hexdigest()


def _module_codes(name: str) -> Iterator[tuple[str, bytes]]:
    """``(module name, its file's bytes)`` for ``name`` and, if it is a package, every module below it."""
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise ImportError(f"no module {name}")
    read = getattr(spec.loader, "get_data", None)
    if read is None:
        raise ImportError(f"{name}: its loader cannot read its file")
    yield name, bytes(read(spec.origin))
    if spec.submodule_search_locations is not None:
        below = sorted(info.name for info in pkgutil.iter_modules(spec.submodule_search_locations))
        for child in below:
            yield from _module_codes(f"{name}.{child}")
