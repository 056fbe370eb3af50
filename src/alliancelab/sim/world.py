"""The state of many simulated worlds at once, and every random draw they need, as numpy arrays.

Axes: ``runs`` (independent histories) x ``states`` (the small states), and ``patrons`` (0 = the hegemon H,
1 = the rival R) where a quantity belongs to a patron-client pair: shape ``(runs, states)`` or
``(runs, patrons, states)``. Each run draws from its own generator (one ``SeedSequence`` child per run,
:func:`run_generators`): first its population (:func:`init_state`), then all its shocks up front
(:func:`draw_shocks`), so a run's history does not depend on which other runs share its chunk, nor on the
number of workers.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import numpy.typing as npt

from alliancelab._types import FloatArray, Int64Array
from alliancelab.sim.scenario import DOMAINS, Scenario

__all__ = [
    "HEGEMON",
    "HEGEMON_CCODE",
    "PATRON_CCODES",
    "RIVAL",
    "RIVAL_CCODE",
    "STATE_CCODE_BASE",
    "Shocks",
    "WorldState",
    "draw_run_shocks",
    "draw_shocks",
    "init_state",
    "run_generators",
    "stack_shocks",
]


HEGEMON, RIVAL = 0, 1  # patron axis
HEGEMON_CCODE, RIVAL_CCODE = 2, 365  # role labels (COW codes of the USA and the USSR/Russia)
PATRON_CCODES = (HEGEMON_CCODE, RIVAL_CCODE)
STATE_CCODE_BASE = 1000  # small state i has ccode 1000 + i


@dataclass(frozen=True, slots=True)
class WorldState:
    """Everything that carries over from one year to the next (arrays over runs, patrons, states).

    Alignment ``align``: 0 unaligned, 1 with H, 2 with R. Contract ``(x, p)``: concessions and the nominal
    side payment (USD m/yr). ``cooldown``: the first year index in which the client may ally again with the
    patron (per patron). Money in USD m/yr; ``K``, ``M``, ``Z`` in USD bn.
    """

    year: int  # index of the next year to simulate (0 = the first)
    K: FloatArray  # latent potential (GDP)
    M: FloatArray  # own military capability stock
    Z: FloatArray  # adversary capability
    T: FloatArray  # threat intensity
    T0: FloatArray  # its long-run mean
    theta: FloatArray  # ideal point
    W: FloatArray
    S: FloatArray
    r: FloatArray  # leader's domestic revenue
    h: FloatArray  # base deposition hazard
    tenure: Int64Array  # years since the last leader change
    sal: FloatArray
    tau: FloatArray  # switching cost (utils)
    chi: FloatArray  # (runs, patrons, states) common-threat share
    v: FloatArray  # (runs, patrons, states) value of full concessions
    c0: FloatArray  # (runs, patrons, states) commitment cost at the initial exposure
    exposure0: FloatArray  # T0*(1 - phi0)
    troops_per_bn: FloatArray
    soldier_cost: FloatArray
    align: npt.NDArray[np.int8]
    x: FloatArray
    p: FloatArray
    cooldown: Int64Array  # (runs, patrons, states)
    burden: FloatArray  # e last year (milex/GDP)
    budget: FloatArray  # (runs, patrons) budget this year
    strain: FloatArray  # (runs, patrons) rho_k

    @property
    def shape(self) -> tuple[int, int]:
        """``(runs, states)``."""
        runs, states = self.K.shape
        return int(runs), int(states)

    @property
    def phi(self) -> FloatArray:
        """Own-capability ratio ``M/(M+Z)``."""
        return np.asarray(self.M / (self.M + self.Z))


def run_generators(seed: int, runs: range) -> list[np.random.Generator]:
    """One generator per run in ``runs``: ``SeedSequence(seed).spawn(stop)[i]`` for each index ``i``.

    Spawning is by index, so run 17 gets the same stream in a chunk of 1 and in a chunk of 64.
    """
    children = np.random.SeedSequence(seed).spawn(runs.stop)
    return [np.random.default_rng(children[i]) for i in runs]


def _population(scenario: Scenario, rng: np.random.Generator) -> dict[str, FloatArray]:
    """One run's small states, drawn in a fixed order from the run's generator."""
    n = scenario.scenario.states
    pop = scenario.population
    draws = {
        name: getattr(pop, name).draw(rng, (n,), DOMAINS[name][0])
        for name in type(pop).model_fields  # declaration order: fixed
    }
    draws["S"] = np.maximum(draws["S"], draws["W"])
    h_rival = scenario.rival if scenario.rival is not None else scenario.hegemon
    draws["v_H"] = scenario.hegemon.value.draw(rng, (n,), (0.0, 1e9))
    draws["v_R"] = h_rival.value.draw(rng, (n,), (0.0, 1e9))
    return draws


def init_state(scenario: Scenario, rngs: list[np.random.Generator]) -> WorldState:
    """The worlds at the start: every run's population drawn from its own generator; nobody aligned."""
    pops = [_population(scenario, g) for g in rngs]

    def col(name: str) -> FloatArray:
        return np.stack([p[name] for p in pops])

    runs, n = len(rngs), scenario.scenario.states
    K, phi0 = col("potential"), col("capability_ratio")
    Z = K * col("adversary_ratio")
    T0 = col("threat")
    exposure0 = np.maximum(T0 * (1 - phi0), 1e-6)
    v = np.stack([col("v_H"), col("v_R")], axis=1)
    rival = scenario.rival
    shares = np.array([scenario.hegemon.cost_share, rival.cost_share if rival else 0.0])
    budget0 = np.array([scenario.hegemon.budget, rival.budget if rival else 0.0])
    strain0 = np.array([scenario.hegemon.strain, rival.strain if rival else 0.0])
    return WorldState(
        year=0,
        K=K,
        M=Z * phi0 / (1 - phi0),
        Z=Z,
        T=T0.copy(),
        T0=T0,
        theta=col("ideal_point"),
        W=col("W"),
        S=col("S"),
        r=col("resources"),
        h=col("instability"),
        tenure=np.full((runs, n), 10**6, dtype=np.int64),
        sal=col("salience"),
        tau=col("switching_cost"),
        chi=np.stack([col("common_threat_hegemon"), col("common_threat_rival")], axis=1),
        v=v,
        c0=v * shares[None, :, None],
        exposure0=exposure0,
        troops_per_bn=col("troops_per_bn"),
        soldier_cost=col("soldier_cost"),
        align=np.zeros((runs, n), dtype=np.int8),
        x=np.zeros((runs, n)),
        p=np.zeros((runs, n)),
        cooldown=np.zeros((runs, 2, n), dtype=np.int64),
        burden=np.zeros((runs, n)),
        budget=np.broadcast_to(budget0, (runs, 2)).copy(),
        strain=np.broadcast_to(strain0, (runs, 2)).copy(),
    )


@dataclass(frozen=True, slots=True)
class Shocks:
    """One year's draws for every run (leading axis ``runs``); uniforms in [0, 1), the rest standard normal
    unless stated. :func:`stack_shocks` gives the same fields with a leading ``years`` axis."""

    theta: FloatArray  # (runs, states)
    threat: FloatArray
    growth: FloatArray
    leader_u: FloatArray
    leader_swing: FloatArray
    regime_u: FloatArray
    regime_kind_u: FloatArray
    regime_w_u: FloatArray
    regime_shift: FloatArray
    support_u: FloatArray
    reservation_u: FloatArray
    vote_u: FloatArray  # (runs, roll calls, states)
    roll_call: FloatArray  # (runs, roll calls) position shocks
    important_u: FloatArray  # (runs, roll calls)
    strain: FloatArray  # (runs, patrons)
    contested_u: FloatArray  # (runs,)
    crisis_u: FloatArray  # (runs,)
    mission_troops: FloatArray  # (runs,) N_m already drawn from its distribution

    def year(self, t: int) -> Shocks:
        """Year ``t`` of stacked shocks (fields with a leading years axis)."""
        return Shocks(**{f.name: getattr(self, f.name)[t] for f in fields(self)})


_STATE_NORMALS = ("theta", "threat", "growth", "leader_swing", "regime_shift")
_STATE_UNIFORMS = ("leader_u", "regime_u", "regime_kind_u", "regime_w_u", "support_u", "reservation_u")


def draw_shocks(scenario: Scenario, years: int, runs: int, *, rng: np.random.Generator) -> Shocks:
    """``years`` of draws for ``runs`` runs from one generator: fields of shape ``(years, runs, ...)``.

    The runner calls it once per run (``runs = 1``) with the run's own generator; a test or a notebook may
    draw a whole block from one generator.
    """
    n, v = scenario.scenario.states, scenario.events.roll_calls
    size = (years, runs)
    normals = rng.standard_normal((len(_STATE_NORMALS), *size, n))
    uniforms = rng.random((len(_STATE_UNIFORMS), *size, n))
    out: dict[str, FloatArray] = {k: normals[i] for i, k in enumerate(_STATE_NORMALS)}
    out.update({k: uniforms[i] for i, k in enumerate(_STATE_UNIFORMS)})
    out["vote_u"] = rng.random((*size, v, n))
    out["roll_call"] = rng.standard_normal((*size, v))
    out["important_u"] = rng.random((*size, v))
    out["strain"] = rng.standard_normal((*size, 2))
    out["contested_u"] = rng.random(size)
    out["crisis_u"] = rng.random(size)
    out["mission_troops"] = scenario.events.mission_troops.draw(rng, size, (1.0, 1e8))
    return Shocks(**out)


def draw_run_shocks(scenario: Scenario, years: int, rngs: list[np.random.Generator]) -> Shocks:
    """``stack_shocks([draw_shocks(scenario, years, 1, rng=g) for g in rngs])``, the same values, without
    the copy: each run's draws go straight into run-major buffers (``Generator``'s ``out=`` needs a
    contiguous block, which a run's slice of a ``(runs, ...)`` buffer is), and the fields are views of those
    buffers with the years axis first. Half of the shocks' cost was the concatenation of a chunk's
    per-run arrays (about 100 MB for 64 runs of 150 states x 70 years)."""
    runs, n, v = len(rngs), scenario.scenario.states, scenario.events.roll_calls
    normals = np.empty((runs, len(_STATE_NORMALS), years, n))
    uniforms = np.empty((runs, len(_STATE_UNIFORMS), years, n))
    per_run = {
        "vote_u": np.empty((runs, years, v, n)),
        "roll_call": np.empty((runs, years, v)),
        "important_u": np.empty((runs, years, v)),
        "strain": np.empty((runs, years, 2)),
        "contested_u": np.empty((runs, years)),
        "crisis_u": np.empty((runs, years)),
        "mission_troops": np.empty((runs, years)),
    }
    for i, rng in enumerate(rngs):  # the order of draw_shocks, field by field
        rng.standard_normal(out=normals[i])
        rng.random(out=uniforms[i])
        rng.random(out=per_run["vote_u"][i])
        rng.standard_normal(out=per_run["roll_call"][i])
        rng.random(out=per_run["important_u"][i])
        rng.standard_normal(out=per_run["strain"][i])
        rng.random(out=per_run["contested_u"][i])
        rng.random(out=per_run["crisis_u"][i])
        per_run["mission_troops"][i] = scenario.events.mission_troops.draw(rng, (years, 1), (1.0, 1e8))[:, 0]
    out = {k: normals[:, j].swapaxes(0, 1) for j, k in enumerate(_STATE_NORMALS)}
    out.update({k: uniforms[:, j].swapaxes(0, 1) for j, k in enumerate(_STATE_UNIFORMS)})
    out.update({k: a.swapaxes(0, 1) for k, a in per_run.items()})
    return Shocks(**out)


def stack_shocks(per_run: list[Shocks]) -> Shocks:
    """Join single-run shocks (``runs = 1``) along the runs axis (axis 1: after years)."""
    return Shocks(
        **{f.name: np.concatenate([getattr(s, f.name) for s in per_run], axis=1) for f in fields(Shocks)}
    )
