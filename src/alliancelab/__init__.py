"""AllianceLab: the theory of asymmetric alliances, executable.

Models (:mod:`alliancelab.theory`, :mod:`alliancelab.coalition`), simulation (:mod:`alliancelab.sim`),
evidence (:mod:`alliancelab.data`, :mod:`alliancelab.analysis`) and use (:mod:`alliancelab.cases`,
:mod:`alliancelab.report`, the ``alliancelab`` command).
"""

from alliancelab.errors import DataError, ParameterError, UserInputError
from alliancelab.provenance import __version__
from alliancelab.references import cite

__all__ = ["DataError", "ParameterError", "UserInputError", "__version__", "cite"]
