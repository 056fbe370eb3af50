"""Run an episode year by year: scheduled events happen in their year, and each year's decision is the
model's (formation, the rival contest, review, re-bargaining, hold-up, ratification), with its inequality.

Deterministic: only the events in the file happen. With ``rng``, unscheduled leader and regime changes and
an ideal-point drift are drawn up front (section (d)'s hazards) on top of the scheduled ones.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from alliancelab.cases.episodes.decisions import State, apply_event, apply_phase, decide, hazard_now, market
from alliancelab.cases.episodes.loader import Episode, EpisodeEvent, price_index
from alliancelab.cases.episodes.outcomes import YearRecord, phase_outcome
from alliancelab.theory.selectorate import conversion_rate

__all__ = ["EpisodeRun", "PhasePrediction", "run_episode"]

_HAZARD = {"regime_base": 0.01, "regime_slope": 0.1, "theta_sd": 0.02, "shift_mean": 0.3, "shift_sd": 0.15}


@dataclass(frozen=True, slots=True)
class PhasePrediction:
    """A phase: the model's outcome, the observed one, and the inequality that decided the prediction."""

    id: str
    label: str
    start: int
    end: int
    predicted: str
    observed: str | None
    reason: str
    observed_source: str

    @property
    def right(self) -> bool | None:
        return None if self.observed is None else self.predicted == self.observed


@dataclass(frozen=True, slots=True)
class EpisodeRun:
    """The years and phases of one run, and what produced them (seed entropy, file, version)."""

    episode: Episode
    years: tuple[YearRecord, ...]
    phases: tuple[PhasePrediction, ...]
    seed: int | None = None
    record: dict[str, Any] = field(default_factory=dict)

    @property
    def scored(self) -> tuple[PhasePrediction, ...]:
        return tuple(p for p in self.phases if p.observed is not None)

    @property
    def phases_right(self) -> int:
        return sum(bool(p.right) for p in self.scored)

    @property
    def all_right(self) -> bool:
        return bool(self.scored) and self.phases_right == len(self.scored)

    def as_dict(self) -> dict[str, Any]:
        """Years, phases and provenance as plain data (for ``--json``)."""
        return {
            "episode": self.episode.name,
            "title": self.episode.info.title,
            "file": str(self.episode.path),
            "dollars": f"constant {self.episode_base_year()} USD m/yr",
            "phases": [{**dataclasses.asdict(p), "right": p.right} for p in self.phases],
            "years": [dataclasses.asdict(y) for y in self.years],
            "sources": list(self.citation_keys),
            "phases_right": self.phases_right,
            "phases_scored": len(self.scored),
            "seed": self.seed,
            "run_record": self.record,
        }

    @property
    def citation_keys(self) -> tuple[str, ...]:
        """Keys of ``references.bib`` that the episode file and the mechanisms cite (``alliancelab cite``)."""
        from alliancelab.theory import deflator, facility_holdup, formation, packages, ratification

        models = [m.CITATION_KEYS for m in (formation, packages, ratification, facility_holdup, deflator)]
        return tuple(dict.fromkeys([*self.episode.sources, *(k for keys in models for k in keys)]))

    @staticmethod
    def episode_base_year() -> int:
        """The year of the constant dollars every amount of the run is in."""
        return price_index().base_year


def _random_events(episode: Episode, rng: np.random.Generator) -> dict[int, list[EpisodeEvent]]:
    """Unscheduled leader and regime changes and ideal-point drift, drawn up front (section (d) hazards)."""
    info = episode.info
    years = info.end - info.start + 1
    uniform, normal = rng.random((years, 3)), rng.standard_normal((years, 2))
    h = float(np.asarray(episode.leader.h))
    hazard_rc = _HAZARD["regime_base"] + _HAZARD["regime_slope"] * h
    drawn: dict[int, list[EpisodeEvent]] = {}
    for i in range(years):
        year = info.start + i
        events = [
            EpisodeEvent(year, "drift", {"shift": _HAZARD["theta_sd"] * normal[i, 0]}, {}, "", "random")
        ]
        if uniform[i, 0] < hazard_rc:
            coup = uniform[i, 1] < 0.5
            w = 0.05 + 0.2 * uniform[i, 2] if coup else 0.6 + 0.4 * uniform[i, 2]
            shift = abs(_HAZARD["shift_mean"] + _HAZARD["shift_sd"] * normal[i, 1])
            events.append(
                EpisodeEvent(year, "regime-change", {"W": w, "S": w, "shift": shift}, {}, "", "random")
            )
        elif uniform[i, 1] < h:
            events.append(
                EpisodeEvent(year, "leader-change", {"shift": 0.1 * normal[i, 1]}, {}, "", "random")
            )
        drawn[year] = events
    return drawn


def run_episode(episode: Episode, *, rng: Any = None) -> EpisodeRun:
    """Run ``episode`` from its start to its end year and predict every phase's outcome.

    Kabir (seed 001): "The trade-off theory is a process-oriented theory that probes not only why
    asymmetric alliances are formed but also how they are maintained." Deterministic unless ``rng`` is
    given (anything ``numpy.random.default_rng`` accepts; its entropy is recorded).
    """
    from alliancelab.provenance import make_rng, run_record

    info, patron = episode.info, episode.info.patron
    seed: int | None = None
    extra: dict[int, list[EpisodeEvent]] = {}
    if rng is not None:
        generator, seed = make_rng(rng) if not isinstance(rng, np.random.Generator) else (rng, None)
        extra = _random_events(episode, generator)
    state = State(
        dyad=episode.dyad, leader=episode.leader, bounds=episode.bounds, credibility=episode.credibility,
        rivals={r.name: r.terms for r in episode.rivals},
        present={r.name: r.enters is None or r.enters <= info.start for r in episode.rivals},
    )  # fmt: skip
    if info.aligned:  # the standing contract: the patron's monopoly offer, unless the file gives the payment
        name, x, p, _ = market(state, patron, patron, alone=True)
        if name == "none" or episode.payment is not None:
            x = float(np.asarray(episode.dyad.package)) if name == "none" else x
        state.alignment, state.package = patron, x
        state.payment = episode.payment if episode.payment is not None else p
    starts = {p.start: p for p in episode.phases}
    records: list[YearRecord] = []
    for year in range(info.start, info.end + 1):
        if year in starts:
            apply_phase(state, starts[year].overrides)
        if year in state.restore_budget:
            state.dyad = dataclasses.replace(state.dyad, budget=state.restore_budget.pop(year))
        for rival in episode.rivals:
            if rival.enters == year:
                state.present[rival.name] = True
            if rival.exits == year:
                state.present[rival.name] = False
        todays = [e for e in episode.events if e.year == year] + extra.get(year, [])
        state.tenure += 1
        for event in todays:
            if event.kind == "drift":
                d = float(np.clip(float(np.asarray(state.dyad.d)) + event.values["shift"], 0, 1))
                state.dyad = dataclasses.replace(state.dyad, d=d)
            else:
                apply_event(state, event)
        rc = any(e.kind == "regime-change" for e in todays)
        lc = any(e.kind == "leader-change" for e in todays)
        mu = float(conversion_rate(dataclasses.replace(state.leader, h=hazard_now(state))))
        state.dyad = dataclasses.replace(state.dyad, mu=mu)
        code, why, price_up = decide(state, patron, todays, rc)
        records.append(
            YearRecord(
                year, state.alignment, state.package, state.payment, code, why,
                tuple(f"{e.kind}{': ' + e.note if e.note else ''}" for e in todays if e.kind != "drift"),
                float(np.asarray(state.dyad.d)), float(np.asarray(state.leader.W)), mu, rc, lc, price_up,
            )
        )  # fmt: skip
    phases = []
    aligned = info.aligned
    for spec in episode.phases:
        span = [r for r in records if spec.start <= r.year <= spec.end]
        predicted, reason = phase_outcome(span, aligned)
        observed = episode.observed.get(spec.id)
        phases.append(
            PhasePrediction(spec.id, spec.label, spec.start, spec.end, predicted,
                            observed.outcome if observed else None, reason,
                            observed.provenance if observed else "")
        )  # fmt: skip
        aligned = span[-1].alignment != "none"
    record = run_record(seed=seed, params={"episode": episode.name, "file": str(episode.path)})
    return EpisodeRun(episode, tuple(records), tuple(phases), seed, record)
