"""Score a library of episodes: each phase's predicted outcome against the observed one.

A phase is right when the predicted outcome equals the observed one (the fixed vocabulary of
``[observed]``); an episode is right when every one of its observed phases is. Phases without an observed
outcome (old case files without ``[observed] formed``) are run but not scored.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alliancelab.cases.episodes.loader import episode_names, episode_path, load_episode
from alliancelab.cases.episodes.runner import EpisodeRun, run_episode
from alliancelab.errors import UserInputError

__all__ = ["LibraryScore", "library_files", "score_library"]


@dataclass(frozen=True, slots=True)
class LibraryScore:
    """The runs of a library and their counts."""

    runs: tuple[EpisodeRun, ...]

    @property
    def phases_total(self) -> int:
        return sum(len(r.scored) for r in self.runs)

    @property
    def phases_right(self) -> int:
        return sum(r.phases_right for r in self.runs)

    @property
    def episodes_total(self) -> int:
        return sum(1 for r in self.runs if r.scored)

    @property
    def episodes_right(self) -> int:
        return sum(1 for r in self.runs if r.all_right)

    def summary_line(self) -> str:
        """``N of M phases right, K of E episodes right``."""
        return (
            f"{self.phases_right} of {self.phases_total} phases right, "
            f"{self.episodes_right} of {self.episodes_total} episodes right"
        )

    def rows(self) -> list[dict[str, Any]]:
        """One row per phase: episode, phase, years, predicted, observed, right, the deciding inequality."""
        return [
            {
                "episode": run.episode.name,
                "phase": p.id,
                "years": f"{p.start}-{p.end}" if p.end != p.start else str(p.start),
                "predicted": p.predicted,
                "observed": p.observed or "-",
                "right": "-" if p.right is None else ("yes" if p.right else "NO"),
                "why": p.reason,
            }
            for run in self.runs
            for p in run.phases
        ]

    def as_dict(self) -> dict[str, Any]:
        """Counts, phase rows and every run's provenance (for ``--json``)."""
        return {
            "phases_right": self.phases_right,
            "phases_total": self.phases_total,
            "episodes_right": self.episodes_right,
            "episodes_total": self.episodes_total,
            "summary": self.summary_line(),
            "phases": self.rows(),
            "run_records": {run.episode.name: run.record for run in self.runs},
        }


def library_files(directory: str | Path | None = None) -> list[Path]:
    """The episode files of ``directory`` (``*.toml``, sorted), or the shipped library without one."""
    if directory is None:
        return [episode_path(name) for name in episode_names()]
    folder = Path(directory)
    if not folder.is_dir():
        raise UserInputError(f"episode library {directory} is not a folder")
    files = sorted(folder.glob("*.toml"))
    if not files:
        raise UserInputError(f"episode library {directory} holds no .toml files")
    return files


def score_library(files: Iterable[str | Path]) -> LibraryScore:
    """Load and run every episode (deterministically) and score its phases.

    Kabir (seed 001): the theory "traces changes in alliance relations over time in response to changing
    strategic interests of allies" -- the library is where that claim meets the record.
    """
    return LibraryScore(tuple(run_episode(load_episode(f)) for f in files))
