"""AllianceLab: the theory of asymmetric alliances, executable.

Models (:mod:`alliancelab.theory`, :mod:`alliancelab.coalition`), simulation (:mod:`alliancelab.sim`),
evidence (:mod:`alliancelab.data`, :mod:`alliancelab.analysis`) and use (:mod:`alliancelab.cases`,
:mod:`alliancelab.report`, the ``alliancelab`` command).
"""

from typing import TYPE_CHECKING, Any

from alliancelab.errors import DataError, ParameterError, UserInputError

if TYPE_CHECKING:
    from alliancelab.provenance import __version__
    from alliancelab.references import cite

__all__ = ["DataError", "ParameterError", "UserInputError", "__version__", "cite"]

# loaded on first use (PEP 562): the version lookup (importlib.metadata) and the bibliography cost tens of
# milliseconds that `import alliancelab.data...` should not pay
_LAZY = {"__version__": "alliancelab.provenance", "cite": "alliancelab.references"}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'alliancelab' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(_LAZY[name]), name)
    globals()[name] = value
    return value
