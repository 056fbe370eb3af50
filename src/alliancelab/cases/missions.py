"""Coalition missions as files and mappings: the loaders of the mission format.

The format is the coalition market's parameter object, :class:`~alliancelab.coalition.mission.Mission`
(its keys and units in :mod:`alliancelab.coalition.mission`; the shipped example is
``alliancelab/cases/missions/example-mission.toml``). The model layer holds that object, because every
coalition function and the composed world (:mod:`alliancelab.sim.crisis`, below this layer) take one; this
module turns a file or a mapping into one, with the file's errors on one line naming the file and the
field. Was ``alliancelab.coalition.mission.read_mission`` and ``mission_from_dict`` (a model package does
not read files; cases do).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from alliancelab._validate import user_error_from_validation
from alliancelab.cases.library import read_toml
from alliancelab.coalition.mission import Mission
from alliancelab.errors import UserInputError

__all__ = ["mission_from_dict", "read_mission"]


def mission_from_dict(data: dict[str, Any], source: str = "mission") -> Mission:
    """Validate a mapping into a :class:`Mission`; errors name ``source`` and the field (one line)."""
    try:
        return Mission.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        if first["type"] == "value_error":  # our own checks: the message already names field and value
            message = str(first["msg"]).removeprefix("Value error, ")
            raise UserInputError(f"{source}: {message}") from None
        raise user_error_from_validation(err, source, Mission) from None


def read_mission(path: str | Path) -> Mission:
    """Read a mission TOML file (keys of :class:`Mission`; see ``cases/missions/example-mission.toml``).

    Errors are one-line :class:`~alliancelab.errors.UserInputError` messages naming the file and field.
    """
    path = Path(path)
    return mission_from_dict(read_toml(path), source=str(path))
