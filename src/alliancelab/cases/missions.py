"""Coalition missions as TOML files: loader; format: :class:`~alliancelab.coalition.mission.Mission`.

``alliancelab/cases/missions/example-mission.toml`` is the shipped example. Was
``alliancelab.coalition.mission.read_mission`` (a model package does not read files; cases do).
"""

from __future__ import annotations

from pathlib import Path

from alliancelab.cases.library import read_toml
from alliancelab.coalition.mission import Mission, mission_from_dict

__all__ = ["read_mission"]


def read_mission(path: str | Path) -> Mission:
    """Read a mission TOML file (keys of :class:`Mission`; see ``cases/missions/example-mission.toml``).

    Errors are one-line :class:`~alliancelab.errors.UserInputError` messages naming the file and field.
    """
    path = Path(path)
    return mission_from_dict(read_toml(path), source=str(path))
