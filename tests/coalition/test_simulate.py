"""Monte Carlo over private reservation prices: reproducibility, order independence, pivotality."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from coalition_strategies import candidate, mission

from alliancelab.cases.missions import read_mission
from alliancelab.coalition.plan import plan_mission
from alliancelab.coalition.simulate import draw_reservations, simulate
from alliancelab.errors import ParameterError

EXAMPLE = Path(__file__).parents[2] / "src/alliancelab/cases/missions/example-mission.toml"


def _uncertain_mission():  # type: ignore[no-untyped-def]
    """A critical partner whose private price may exceed the offer, and two optional contingents."""
    cands = [
        candidate("Key", troops=500, reservation_range=[0.0, 400.0]),
        candidate("A", reservation_range=[0.0, 20.0]),
        candidate("B", reservation_range=[0.0, 20.0]),
    ]
    return mission(cands, critical=["Key"], min_flags=3, market={"regime": "screen"})


def test_same_seed_same_result_and_record() -> None:
    m = _uncertain_mission()
    a, b = simulate(m, 200, rng=11), simulate(m, 200, rng=11)
    assert a.draws.equals(b.draws)
    assert a.record["seed"] == 11 and a.record["draws"] == 200
    assert "alliancelab_version" in a.record and a.record["params"]["name"] == "test mission"


def test_draws_do_not_depend_on_their_number() -> None:
    """Per-draw SeedSequence children: the first 50 draws of a 200-draw run equal a 50-draw run."""
    m = _uncertain_mission()
    from alliancelab.coalition.pricing import quote

    q = quote(m)
    long, _ = draw_reservations(q, 200, rng=5)
    short, _ = draw_reservations(q, 50, rng=5)
    np.testing.assert_array_equal(long[:50], short)


def test_generator_input_is_accepted() -> None:
    m = _uncertain_mission()
    result = simulate(m, 20, rng=np.random.default_rng(3))
    assert len(result.draws) == 20


def test_critical_partner_is_pivotal(rng: np.random.Generator) -> None:
    """Without the critical partner there is no mission: success iff it accepts, pivotality 1."""
    result = simulate(_uncertain_mission(), 300, rng=rng.integers(2**32))
    table = result.candidates.set_index("candidate")
    assert table.loc["Key", "pivotality"] == pytest.approx(1.0)
    accepted = result.acceptance[:, 0]
    np.testing.assert_array_equal(result.draws["success"].to_numpy() & accepted, result.draws["success"])
    assert 0.0 < result.summary()["success_probability"] < 1.0


def test_greedy_method_never_cheaper() -> None:
    m = read_mission(EXAMPLE)
    exact = simulate(m, 60, rng=1)
    greedy = simulate(m, 60, rng=1, method="greedy")
    ok = exact.draws["success"] & greedy.draws["success"]
    assert (exact.draws.loc[ok, "total_cost_usd_m"] <= greedy.draws.loc[ok, "total_cost_usd_m"] + 1e-6).all()


def test_bad_draws() -> None:
    with pytest.raises(ParameterError, match="draws = 0"):
        simulate(_uncertain_mission(), 0, rng=1)


def test_plan_example_golden() -> None:
    """The example mission: every candidate typed, the critical neighbour paid with side deals, and the
    bought coalition cheaper per soldier-year than US soldiers (G8 on a worked case)."""
    plan = plan_mission(read_mission(EXAMPLE), draws=50, rng=2)
    table = plan.candidates.set_index("candidate")
    assert table.loc["Canada", "type"] == "volunteer"
    assert table.loc["Bangladesh", "type"] == "willing-but-inadequately-resourced"
    assert table.loc["Kenya", "type"] == "critical contributor"
    assert "debt relief" in table.loc["Kenya", "side_deals"]
    assert table.loc["Bangladesh", "payment"] == "subsidy"
    s = plan.summary
    assert s["cost_per_soldier_year_usd"] < s["own_cost_per_soldier_year_usd"]
    assert s["greedy_gap_usd_m"] >= -1e-9
    # the payers' surplus: pooled V0_m (600 + 200) less the cheapest coalition's total cost
    assert s["mission_value_usd_m"] == pytest.approx(800.0)
    assert s["mission_surplus_usd_m"] == pytest.approx(800.0 - s["total_cost_usd_m"])
    assert plan.cost_shares == pytest.approx({"United States": 0.75, "Germany": 0.25})
    assert plan.simulation is not None and plan.simulation.record["seed"] == 2


def test_worker_processes_do_not_change_the_result() -> None:
    m = _uncertain_mission()
    one = simulate(m, 120, rng=9)
    two = simulate(m, 120, rng=9, workers=2)
    assert one.draws.equals(two.draws)
    np.testing.assert_array_equal(one.membership, two.membership)
