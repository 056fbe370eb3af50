"""Historical episodes: a client's years with its patron and rivals, events, phases and observed outcomes.

* :mod:`~alliancelab.cases.episodes.schema`: the episode file format (pydantic, format 1);
* :mod:`~alliancelab.cases.episodes.coding`: the one coding map (levels, regimes, constant dollars);
* :mod:`~alliancelab.cases.episodes.loader`: ``load_episode`` (shipped name or path; old case files load);
* :mod:`~alliancelab.cases.episodes.runner`: ``run_episode``, the deterministic year-by-year run;
* :mod:`~alliancelab.cases.episodes.decisions`: one year's events and decision, with its inequality;
* :mod:`~alliancelab.cases.episodes.outcomes`: a phase's outcome from its years;
* :mod:`~alliancelab.cases.episodes.score`: ``score_library``, predictions against observed outcomes.

The format and the library are described in ``docs/cases/episodes.md``, the mechanisms in
``docs/models/episodes.md``.
"""

from alliancelab.cases.episodes.loader import Episode, episode_names, load_episode
from alliancelab.cases.episodes.runner import EpisodeRun, run_episode
from alliancelab.cases.episodes.score import LibraryScore, score_library

__all__ = [
    "Episode",
    "EpisodeRun",
    "LibraryScore",
    "episode_names",
    "load_episode",
    "run_episode",
    "score_library",
]
