"""The crisis stage prices and solves a year's crises together; each crisis gets what the coalition
package's one-mission functions give it (a ``Mission`` through ``quote`` and ``solve_exact`` or
``solve_greedy``)."""

from __future__ import annotations

import numpy as np
import pytest

from alliancelab.coalition import Candidate, MarketSettings, Mission, PivotalState, cover_problem, quote
from alliancelab.coalition.optimize import solve_exact, solve_greedy
from alliancelab.sim import crisis as crisis_module
from alliancelab.sim.crisis import EXHAUSTIVE_LIMIT, crisis_stage
from alliancelab.sim.scenario import Scenario
from alliancelab.sim.world import STATE_CCODE_BASE

RUNS, STATES = 30, 25


def _inputs(seed: int) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray], np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    arrays = {
        "troops": rng.lognormal(np.log(2000.0), 1.0, (RUNS, STATES)),
        "cost": rng.lognormal(np.log(20_000.0), 0.8, (RUNS, STATES)),
        "interest": rng.uniform(-40.0, 20.0, (RUNS, STATES)),
        "liquidity": rng.lognormal(np.log(50.0), 1.5, (RUNS, STATES)),
        "legitimacy": rng.uniform(0.0, 1.0, (RUNS, STATES)),
    }
    crisis = rng.uniform(size=RUNS) < 0.6
    required = rng.lognormal(np.log(20_000.0), 0.7, RUNS)
    budget = rng.choice([0.0, 50.0, 300.0, 5000.0], RUNS)
    return crisis, required, arrays, rng.uniform(size=(RUNS, STATES)), budget


def _one_crisis(scenario: Scenario, run: int, states: np.ndarray, inputs: tuple) -> tuple:
    """The crisis as one ``Mission`` through the coalition package's one-mission functions."""
    _, required, arrays, reservation_u, budget = inputs
    ev = scenario.events
    mission = Mission(
        name=f"crisis-{run}",
        required_troops=float(required[run]),
        min_flags=min(ev.min_flags, states.size + 1),
        pivotal_states=(
            PivotalState(
                name="hegemon",
                mission_value=ev.mission_value,
                cost_per_soldier=ev.own_cost,
                budget=float(budget[run]),
                eagerness=ev.eagerness,
                legitimacy_value=scenario.hegemon.legitimacy_value,
            ),
        ),
        candidates=tuple(
            Candidate(
                name=str(STATE_CCODE_BASE + j),
                troops=float(arrays["troops"][run, j]),
                cost_per_soldier=float(arrays["cost"][run, j]),
                intrinsic_interest=float(arrays["interest"][run, j]),
                liquidity=float(arrays["liquidity"][run, j]),
                legitimacy_weight=float(arrays["legitimacy"][run, j]),
            )
            for j in states
        ),
        market=MarketSettings(
            beta0=ev.beta0, beta1=ev.beta1, beta2=ev.beta2, reservation_uncertainty=ev.reservation_spread
        ),
    )
    quotes = quote(mission)
    private = quotes.rho_lo + reservation_u[run, states] * (quotes.rho_hi - quotes.rho_lo)
    accepts = quotes.accepts(private)
    solver = solve_exact if ev.solver == "exact" else solve_greedy
    solution = solver(cover_problem(mission, quotes), accepts)
    return quotes, private, accepts, solution


@pytest.mark.parametrize(
    ("solver", "k", "seed"),
    [("exact", 8, 1), ("exact", 12, 2), ("greedy", 8, 3), ("exact", EXHAUSTIVE_LIMIT + 2, 4)],
)
def test_each_crisis_gets_the_one_mission_market(solver: str, k: int, seed: int) -> None:
    """Exhaustive (up to EXHAUSTIVE_LIMIT candidates), greedy, and solve_exact crisis by crisis beyond."""
    scenario = Scenario.model_validate({"events": {"candidates": k, "min_flags": 3, "solver": solver}})
    inputs = _inputs(seed)
    crisis = inputs[0]
    rows = crisis_stage(scenario, *inputs)
    assert rows.run.size == k * int(crisis.sum())
    members_seen = 0
    for c, run in enumerate(np.flatnonzero(crisis)):
        at = slice(c * k, (c + 1) * k)
        assert (rows.run[at] == run).all()
        states = rows.ccode[at] - STATE_CCODE_BASE
        quotes, private, accepts, solution = _one_crisis(scenario, int(run), states, inputs)
        assert rows.crisis_type[at] == [str(cl.type) for cl in quotes.classifications]
        np.testing.assert_array_equal(rows.price[at], quotes.price)
        np.testing.assert_array_equal(rows.reservation[at], private)
        np.testing.assert_array_equal(rows.accepted[at], accepts)
        members = solution.members if solution.feasible else np.zeros(k, dtype=bool)
        np.testing.assert_array_equal(rows.member[at], members)
        np.testing.assert_array_equal(rows.payer_cost[at], np.where(members, quotes.payer_cost, 0.0))
        forms = [
            f.kind if f is not None and m else "none" for f, m in zip(quotes.forms, members, strict=True)
        ]
        assert rows.payment_form[at] == forms
        assert rows.spent[run] == pytest.approx(float(quotes.payer_cost[members].sum()), abs=0.0)
        own = solution.own_troops if solution.feasible else np.nan
        np.testing.assert_array_equal(rows.own_troops[at], np.full(k, own))
        assert (rows.scarcity[at] == quotes.sigma).all()
        members_seen += int(members.sum())
    assert members_seen > 0 and rows.spent[~crisis].sum() == 0.0


def test_a_year_without_crises_has_no_rows() -> None:
    _, *rest = _inputs(4)
    rows = crisis_stage(Scenario(), np.zeros(RUNS, dtype=bool), *rest)
    assert rows.run.size == 0 and not rows.spent.any()


def test_crises_priced_in_batches_give_the_same_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    """The exhaustive solver bounds its arrays by splitting the year's crises; the split changes nothing."""
    scenario = Scenario.model_validate({"events": {"candidates": 8, "min_flags": 3}})
    inputs = _inputs(5)
    whole = crisis_stage(scenario, *inputs)
    monkeypatch.setattr(crisis_module, "_SUBSETS_PER_BATCH", 2 * 2**8)  # two crises per batch
    split = crisis_stage(scenario, *inputs)
    for name in ("member", "own_troops", "payer_cost", "spent"):
        np.testing.assert_array_equal(getattr(split, name), getattr(whole, name))
    assert whole.member.any()
