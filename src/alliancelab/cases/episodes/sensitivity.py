"""How much the library's score depends on the coding map: every coded level moved one step, one at a time.

For each episode and each value written as a level (in ``[parameters]``, ``[leader]``, ``[[rivals]]``, a
phase's ``set`` or an event), the level is moved one step down and one step up the coding map's ladder
(``L < M < H``; ``opposed < none < L < M < H`` for ``chi``) and the episode is run again. A phase whose
prediction changes under a one-step move is fragile: its outcome rests on a judgement a coder could
reasonably have made differently. The perturbations are never used to choose a coding.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alliancelab.cases import read_toml
from alliancelab.cases.episodes.coding import LEVELS
from alliancelab.cases.episodes.loader import episode_from_table, episode_path
from alliancelab.cases.episodes.runner import run_episode

__all__ = ["Perturbation", "level_sensitivity"]


@dataclass(frozen=True, slots=True)
class Perturbation:
    """One coded level moved one step, and what it did to the episode's phases."""

    episode: str
    where: str  # e.g. "parameters.d" or "phases.afghanistan-1981.set.chi"
    level: str  # the file's level
    moved_to: str
    phases_changed: tuple[str, ...]  # phase ids whose prediction changed
    right_before: int
    right_after: int


def _coded_levels(raw: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any], str]]:
    """Every ``{level = ...}`` table of an episode: (dotted place, the table holding it, field name)."""
    for table in ("parameters", "leader", "bounds"):
        for field, item in raw.get(table, {}).items():
            if isinstance(item, dict) and "level" in item:
                yield f"{table}.{field}", raw[table], field
    for key in ("rivals", "events", "phases"):
        for i, entry in enumerate(raw.get(key, [])):
            name = entry.get("id") or entry.get("name") or str(i)
            holder = entry.get("set", {}) if key == "phases" else entry
            prefix = f"{key}.{name}" + (".set" if key == "phases" else "")
            for field, item in holder.items():
                if isinstance(item, dict) and "level" in item:
                    yield f"{prefix}.{field}", holder, field
    rival = raw.get("rival")
    if isinstance(rival, dict):
        for field, item in rival.items():
            if isinstance(item, dict) and "level" in item:
                yield f"rival.{field}", rival, field


def _neighbours(field: str, level: str) -> list[str]:
    ladder = list(LEVELS.get(field, {}))
    if level not in ladder:
        return []
    i = ladder.index(level)
    return [ladder[j] for j in (i - 1, i + 1) if 0 <= j < len(ladder)]


def level_sensitivity(files: Iterable[str | Path]) -> list[Perturbation]:
    """Run every one-step move of every coded level of every episode (deterministic runs)."""
    out: list[Perturbation] = []
    for file in files:
        path = episode_path(file)
        raw = read_toml(path)
        if "episode" not in raw:
            continue  # an old case file has no levels
        base = run_episode(episode_from_table(raw, path))
        before = {p.id: p.predicted for p in base.phases}
        places = [(where, field) for where, _, field in _coded_levels(raw)]
        for k, (where, field) in enumerate(places):
            trial = copy.deepcopy(raw)
            _, holder, _ = list(_coded_levels(trial))[k]
            level = holder[field]["level"]
            for moved in _neighbours(field, level):
                holder[field]["level"] = moved
                run = run_episode(episode_from_table(trial, path))
                changed = tuple(p.id for p in run.phases if p.predicted != before[p.id])
                out.append(
                    Perturbation(base.episode.name, where, level, moved, changed, base.phases_right,
                                 run.phases_right)
                )  # fmt: skip
            holder[field]["level"] = level
    return out
