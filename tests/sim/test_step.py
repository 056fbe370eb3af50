"""The one-year step: its invariants, on many runs and years of a small world with a rival."""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pytest

from alliancelab.sim.market import Contracts, allocate_budget
from alliancelab.sim.scenario import Scenario
from alliancelab.sim.step import YearLog, advance, step
from alliancelab.sim.world import (
    Shocks,
    WorldState,
    draw_run_shocks,
    draw_shocks,
    init_state,
    run_generators,
    stack_shocks,
)
from alliancelab.theory.maintenance.review import CONTINUE, FORM, REALIGN, TERMINATE, UP

SMALL = {
    "scenario": {"states": 40, "runs": 12, "years": 25, "seed": 11},
    "hegemon": {"budget": 1500.0},  # tight: the budget binds across clients
    "rival": {"budget": 1500.0, "ideal_point": 0.1, "credibility": 0.9},
    "events": {"crisis_rate": 0.3, "candidates": 6},
    "dynamics": {"ideal_point_sd": 0.05, "regime_hazard_base": 0.03},
}


@pytest.fixture(scope="module")
def history() -> tuple[Scenario, list[YearLog]]:
    scenario = Scenario.model_validate(SMALL)
    state = init_state(scenario, run_generators(11, range(12)))
    rng = np.random.default_rng(5)
    logs = []
    for _ in range(25):
        state, log = step(state, scenario, rng=rng)
        logs.append(log)
    return scenario, logs


def test_no_payment_without_an_alliance(history: tuple[Scenario, list[YearLog]]) -> None:
    _, logs = history
    for log in logs:
        assert np.all(log.p[log.align == 0] == 0.0)
        assert np.all(log.x[log.align == 0] == 0.0)
        assert np.all(log.p >= 0.0)
    assert any(np.any(log.p > 0) for log in logs)  # payments do happen


def test_budgets_bind_across_clients_and_are_never_exceeded(history: tuple[Scenario, list[YearLog]]) -> None:
    _, logs = history
    unfunded = 0
    for log in logs:
        assert np.all(log.budget >= 0.0)
        for k in (0, 1):
            spent = np.where(log.align == k + 1, log.p, 0.0).sum(axis=1)
            assert np.all(spent <= log.budget[:, k] * (1 + 1e-12))
        total_h = np.where(log.align == 1, log.p, 0.0).sum(axis=1) + log.coalition_spent
        assert np.all(total_h <= log.budget[:, 0] * (1 + 1e-12))  # coalitions come out of the same purse
        unfunded += int(np.sum(log.outcome == 8))
    assert unfunded > 0  # the scenario is tight enough that the shared budget turns some clients away


def test_realignment_only_when_the_challenger_outbids_net_of_switching_cost(
    history: tuple[Scenario, list[YearLog]],
) -> None:
    _, logs = history
    seen = 0
    for log in logs:
        moved = log.outcome == REALIGN
        reviewed = moved & ~log.regime_change
        # a standing contract: the challenger's offer net of tau beats the incumbent's best offer at x
        assert np.all(
            log.challenger_net_offer[reviewed] > np.maximum(log.incumbent_offer_at_x[reviewed], 0.0)
        )
        rebargained = moved & log.regime_change  # a new regime is not bound by tau: the contest decides
        assert np.all(log.challenger_net_offer[rebargained] > log.incumbent_offer[rebargained])
        seen += int(moved.sum())
    assert seen > 0


def test_a_terminated_alliance_pays_nothing_the_next_year(history: tuple[Scenario, list[YearLog]]) -> None:
    _, logs = history
    ended_total = 0
    for before, after in itertools.pairwise(logs):
        for k in (1, 2):
            ended = before.ended_with == k
            ended_total += int(ended.sum())
            assert np.all(after.align[ended] != k)
            assert np.all(np.where(after.align == k, after.p, 0.0)[ended] == 0.0)
    assert ended_total > 0


def test_the_step_is_a_pure_function_of_state_parameters_and_shocks() -> None:
    scenario = Scenario.model_validate(SMALL)
    state = init_state(scenario, run_generators(3, range(4)))
    shocks = draw_shocks(scenario, 1, 4, rng=np.random.default_rng(9)).year(0)
    copies = {f.name: np.copy(getattr(state, f.name)) for f in dataclasses.fields(WorldState)}
    first, log1 = advance(state, scenario, shocks)
    second, log2 = advance(state, scenario, shocks)
    for f in dataclasses.fields(WorldState):
        np.testing.assert_array_equal(getattr(state, f.name), copies[f.name])  # the input is not mutated
        np.testing.assert_array_equal(getattr(first, f.name), getattr(second, f.name))
    np.testing.assert_array_equal(log1.p, log2.p)
    assert first.year == state.year + 1


def test_the_chunk_draws_each_runs_shocks_as_the_run_alone_would() -> None:
    scenario = Scenario.model_validate(SMALL)
    years = scenario.scenario.years
    in_place = draw_run_shocks(scenario, years, run_generators(11, range(2, 7)))
    alone = stack_shocks([draw_shocks(scenario, years, 1, rng=g) for g in run_generators(11, range(2, 7))])
    for f in dataclasses.fields(Shocks):
        assert getattr(in_place, f.name).shape == getattr(alone, f.name).shape
        np.testing.assert_array_equal(getattr(in_place, f.name), getattr(alone, f.name))


def _contracts(outcome: list[int], p: list[float], align: list[int]) -> Contracts:
    a = np.array([align], dtype=np.int8)
    zeros = np.zeros((1, len(p)))
    return Contracts(
        a,
        np.ones((1, len(p))),
        np.array([p]),
        np.array([outcome], dtype=np.int8),
        zeros,
        zeros,
        zeros,
        np.zeros((1, len(p)), dtype=np.int8),
    )


def test_the_budget_funds_standing_contracts_first_then_the_most_valuable_new_ones() -> None:
    # three clients each cheaper than the budget of 100, together dearer: one budget, not one per dyad
    contracts = _contracts([FORM, CONTINUE, FORM, UP], [40.0, 40.0, 30.0, 50.0], [1, 1, 1, 1])
    previous = np.array([[0, 1, 0, 1]], dtype=np.int8)
    margin = np.zeros((1, 2, 4))
    margin[0, 0] = [100.0, 0.0, 500.0, 0.0]  # the third client is worth more to the patron than the first
    out = allocate_budget(contracts, previous, np.array([[100.0, 0.0]]), margin)
    # standing (40) then renegotiated-up (50) fill 90 of 100: neither new client fits (30 > 10 left)
    np.testing.assert_array_equal(out.align[0], [0, 1, 0, 1])
    assert out.p[0].sum() == 90.0
    assert list(out.outcome[0]) == [8, CONTINUE, 8, UP]  # unfunded new clients
    out2 = allocate_budget(contracts, previous, np.array([[130.0, 0.0]]), margin)
    np.testing.assert_array_equal(out2.align[0], [0, 1, 1, 1])  # 40 + 50 + 30 = 120 <= 130: the valuable one
    standing_cut = allocate_budget(contracts, previous, np.array([[45.0, 0.0]]), margin)
    assert standing_cut.outcome[0, 3] == TERMINATE and standing_cut.ended_with[0, 3] == 1


def test_a_late_rival_enters_with_its_budget_and_grows_from_there() -> None:
    """``budget`` is B_k in a patron's first year of bidding: a rival entering in year 6 with 1,500 and 8%
    growth bids 1,500 that year and 1,500 x 1.08^(t - 6) later (rising-rival's "small purse")."""
    from alliancelab.sim.runner import simulate_chunk

    world = {
        "scenario": {"states": 6, "runs": 2, "years": 10, "seed": 3},
        "hegemon": {"budget": 4000.0, "budget_growth": 0.02},
        "rival": {"budget": 1500.0, "budget_growth": 0.08, "entry_year": 6},
    }
    logs = simulate_chunk(Scenario.model_validate(world), 0, 2)
    rival = np.array([log.budget[:, 1] for log in logs])  # (years, runs)
    years = np.arange(10)[:, None]
    expected = np.where(years >= 6, 1500.0 * 1.08 ** np.maximum(years - 6, 0), 0.0)
    np.testing.assert_allclose(rival, np.broadcast_to(expected, rival.shape))
    assert not np.array([log.active[:, 1] for log in logs])[:6].any()
    hegemon = np.array([log.budget[:, 0] for log in logs])
    np.testing.assert_allclose(hegemon, np.broadcast_to(4000.0 * 1.02**years, hegemon.shape))
