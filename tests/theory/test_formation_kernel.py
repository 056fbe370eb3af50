"""The formation kernel: blocks, broadcasting and outcome codes agree with the model's own definitions."""

from __future__ import annotations

import numpy as np
import pytest

from alliancelab.theory import _formation_kernel as kernel
from alliancelab.theory.formation import (
    FREE_CONCESSIONS,
    NO_DEAL_UNCOMPENSABLE,
    FormationParams,
    max_concession,
    solve,
)


def _dyads(n: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    v = rng.uniform(0.0, 1000.0, n)
    return {
        "T": rng.uniform(0.0, 0.95, n),
        "phi": rng.uniform(0.0, 1.0, n),
        "chi": rng.uniform(-1.0, 1.0, n),
        "q0": rng.uniform(0.0, 1.0, n),
        "d": rng.uniform(0.0, 1.0, n),
        "sal": rng.uniform(0.2, 3.0, n),
        "omega0": rng.uniform(0.01, 0.6, n),
        "mu": 10.0 ** rng.uniform(-4.0, 0.0, n),
        "v": v,
        "c": v * rng.uniform(0.05, 0.3, n),
        "budget": rng.uniform(0.0, 1500.0, n),
        "package": rng.uniform(0.0, 1.0, n),
        "beta0": rng.uniform(0.0, 0.5, n),
    }


@pytest.mark.parametrize("mode", ["FLEX", "FIXED"])
def test_blocks_do_not_change_the_solution(mode: str, rng: np.random.Generator) -> None:
    params = FormationParams(mode=mode, **_dyads(3 * kernel.BLOCK + 17, rng))  # type: ignore[arg-type]
    inputs = {name: np.asarray(getattr(params, name), float) for name in kernel.INPUTS if name != "alpha"}
    inputs["alpha"] = params.security_weight()
    whole = kernel.solve_arrays(inputs, fixed=mode == "FIXED", eps=params.eps, block_size=len(params.T))
    blocked = kernel.solve_arrays(inputs, fixed=mode == "FIXED", eps=params.eps, block_size=1000)
    for name in kernel.FLOAT_OUTPUTS:
        np.testing.assert_array_equal(whole[0][name], blocked[0][name], err_msg=name)
    for one, other in zip(whole[1:], blocked[1:], strict=True):
        np.testing.assert_array_equal(one, other)


@pytest.mark.parametrize("mode", ["FLEX", "FIXED"])
def test_one_array_field_among_scalars_gives_the_dyads_of_that_field(mode: str) -> None:
    budgets = np.array([0.0, 5.0, 50.0, np.inf])
    grid = solve(FormationParams(mode=mode, budget=budgets, package=0.8))  # type: ignore[arg-type]
    assert grid.payment.shape == (4,)
    for k, budget in enumerate(budgets):
        one = solve(FormationParams(mode=mode, budget=float(budget), package=0.8))  # type: ignore[arg-type]
        assert one.payment.shape == ()
        assert grid.payment[k] == one.payment and grid.outcome[k] == one.outcome


@pytest.mark.parametrize("mode", ["FLEX", "FIXED"])
def test_forms_exactly_when_the_outcome_is_an_alliance(mode: str, rng: np.random.Generator) -> None:
    solution = solve(FormationParams(mode=mode, **_dyads(50_000, rng)))  # type: ignore[arg-type]
    np.testing.assert_array_equal(solution.forms, solution.outcome >= FREE_CONCESSIONS)
    assert np.all(solution.payment[solution.forms] >= 0)


def test_a_fixed_package_past_the_compensable_limit_is_no_deal_even_when_it_would_be_free() -> None:
    """x0 > xbar: the security gain would cover the package, but x*delta > 1-eps is outside the model's domain
    (models.md (a): "FIXED: no deal if package*delta > 1-eps"); the 2026-11 kernel said forms=True here."""
    params = FormationParams(
        mode="FIXED", T=0.9439, phi=0.0023, chi=0.9519, q0=0.3803, d=0.5653, sal=1.146, omega0=0.5617,
        mu=0.3758, v=958.1, c=62.77, package=0.77419,
    )  # fmt: skip
    solution = solve(params)
    assert float(solution.free_concession) > float(params.package) > float(max_concession(1.146 * 1.127))
    assert not bool(solution.forms) and int(solution.outcome) == NO_DEAL_UNCOMPENSABLE
