"""The composed world of :mod:`alliancelab.sim` written the way Mesa 3 teaches: one agent per state.

Each small state is a :class:`mesa.Agent` that owns its own variables (a one-state slice of the world, so
that it can call the same model functions as the array engine) and acts in the stages of the period loop;
the :class:`mesa.Model` steps them with ``self.agents.do(...)`` (AgentSet stepping) and does what only the
population can do -- the patrons' budgets, the Olson-Zeckhauser equilibrium among each patron's clients,
the legitimacy produced and the coalition market -- over the agents' values. Same scenario, same
population and shocks (drawn from the run's own generator as in :mod:`alliancelab.sim.runner`), same rules
(the same stage functions of :mod:`alliancelab.sim.step`), so a run reproduces the array engine's run
exactly (``tests/sim/test_mesa_peer.py``); only the grain differs.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import mesa
import numpy as np

from alliancelab.sim.crisis import crisis_stage
from alliancelab.sim.market import allocate_budget
from alliancelab.sim.scenario import Scenario
from alliancelab.sim.stages import (
    baseline_burden,
    burden_stage,
    exogenous_stage,
    legitimacy_stage,
    legitimating_weights,
)
from alliancelab.sim.step import (
    ally_contract,
    apply_exits,
    bid_stage,
    crisis_inputs,
    hegemon_benefit,
    patron_margin,
    relative_values,
    settle,
    terms_stage,
)
from alliancelab.sim.world import draw_shocks, init_state, run_generators
from alliancelab.theory.legitimacy import legitimacy

__all__ = ["StateAgent", "WorldModel"]


def _take(obj: Any, i: int, n: int) -> Any:
    """State ``i`` of a dataclass of arrays (fields whose last axis is the states axis; others unchanged)."""
    if isinstance(obj, np.ndarray):
        return obj[..., i : i + 1] if obj.ndim >= 2 and obj.shape[-1] == n else obj
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return dataclasses.replace(
            obj, **{f.name: _take(getattr(obj, f.name), i, n) for f in dataclasses.fields(obj)}
        )
    if isinstance(obj, tuple):
        return tuple(_take(v, i, n) for v in obj)
    return obj


def _join(parts: list[Any]) -> Any:
    """The inverse of :func:`_take`: one-state slices joined along the states axis."""
    first = parts[0]
    if isinstance(first, np.ndarray):
        per_state = first.ndim >= 2 and first.shape[-1] == 1 and len(parts) > 1
        return np.concatenate(parts, axis=-1) if per_state else first
    if dataclasses.is_dataclass(first) and not isinstance(first, type):
        return dataclasses.replace(
            first, **{f.name: _join([getattr(p, f.name) for p in parts]) for f in dataclasses.fields(first)}
        )
    return first


class StateAgent(mesa.Agent):  # type: ignore[misc]
    """A small state: its own variables, and the stages it acts in alone."""

    def __init__(self, model: WorldModel, index: int, state: Any) -> None:
        super().__init__(model)
        self.index, self.state = index, state

    def _shocks(self) -> Any:
        return _take(self.model.year_shocks, self.index, self.model.n)

    def move(self) -> None:
        """Exogenous drift, leader and regime change."""
        self.ex = exogenous_stage(self.state, self._shocks(), self.model.scenario)

    def bid(self) -> None:
        """Its terms with both patrons, then review of its contract or the market."""
        self.terms = terms_stage(self.state, self.ex, self.model.scenario)
        self.contracts = bid_stage(self.state, self.ex, self.terms, self.model.scenario)

    def spend(self) -> None:
        """Pressure, compliance, new capability stock, exit."""
        sc = self.model.scenario
        self.contract = ally_contract(self.state, self.ex, self.terms, self.contracts, sc)
        self.burden = burden_stage(sc, self.ex, self.contracts.align, self.e0, self.contract, self.relative)
        self.contracts = apply_exits(self.contracts, self.burden)

    def vote(self) -> None:
        """Roll calls and support for a contested action."""
        benefit = hegemon_benefit(self.contracts, self.burden, self.contract)
        self.votes = legitimacy_stage(self.model.scenario, self._shocks(), self.ex, benefit, self.terms.mu)
        c = self.contracts
        self.weight = legitimating_weights(self.ex.K, self.terms.divergence[:, 0], c.align == 1, c.p > 0)

    def end_year(self) -> None:
        self.state = settle(self.state, self.ex, self.contracts, self.burden, self.model.scenario)


class WorldModel(mesa.Model):  # type: ignore[misc]
    """One run of a scenario: the patrons and the population-level stages; agents do the rest."""

    def __init__(self, scenario: Scenario, run: int = 0) -> None:
        super().__init__(seed=scenario.scenario.seed)
        self.scenario, self.n = scenario, scenario.scenario.states
        rng = run_generators(scenario.scenario.seed, range(run, run + 1))
        world = init_state(scenario, rng)
        self.shocks = draw_shocks(scenario, scenario.scenario.years, 1, rng=rng[0])
        for i in range(self.n):
            StateAgent(self, i, _take(world, i, self.n))
        self.history: list[dict[str, np.ndarray]] = []

    def _gather(self, name: str) -> Any:
        return _join([getattr(a, name) for a in self.agents])

    def step(self) -> None:
        sc, t = self.scenario, self.agents[0].state.year
        self.year_shocks = self.shocks.year(t)
        self.agents.do("move")
        self.agents.do("bid")
        ex, terms, contracts = self._gather("ex"), self._gather("terms"), self._gather("contracts")
        previous = _join([a.state.align for a in self.agents])
        contracts = allocate_budget(contracts, previous, ex.budget, patron_margin(terms, contracts))
        e0 = baseline_burden(sc, ex.K, ex.T, contracts.align)
        relative = relative_values(terms, contracts.align)
        for agent in self.agents:
            agent.contracts = _take(contracts, agent.index, self.n)
            agent.e0, agent.relative = (
                e0[:, agent.index : agent.index + 1],
                relative[:, agent.index : agent.index + 1],
            )
        self.agents.do("spend")
        self.agents.do("vote")
        contracts, burden, votes = self._gather("contracts"), self._gather("burden"), self._gather("votes")
        weight = self._gather("weight")
        produced = np.where(votes.contested, legitimacy(weight, np.nan_to_num(votes.supports)), 0.0)
        paid_h = np.where(contracts.align == 1, contracts.p, 0.0).sum(axis=1)
        crisis = self.year_shocks.crisis_u < sc.events.crisis_rate
        state = _join([a.state for a in self.agents])
        inputs = crisis_inputs(state, ex, terms, burden, weight, sc)
        budget_left = np.maximum(ex.budget[:, 0] - paid_h, 0.0)
        coalitions = crisis_stage(
            sc, crisis, self.year_shocks.mission_troops, inputs, self.year_shocks.reservation_u, budget_left
        )
        self.agents.do("end_year")
        self.history.append(
            {
                "align": contracts.align,
                "p": contracts.p,
                "legitimacy": produced,
                "coalition_spent": coalitions.spent,
            }
        )
