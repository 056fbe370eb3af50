"""Olson–Zeckhauser baseline (models.md (e1)): the exact solver, claim E7, and E1 with E7 together."""

from __future__ import annotations

import numpy as np
import pytest
import reference_burden as ref
from hypothesis import example, given
from hypothesis import strategies as st

from alliancelab.analysis.exploitation import exploitation_test
from alliancelab.analysis.results import TestResult
from alliancelab.errors import ParameterError
from alliancelab.theory.burden import (
    ControlParams,
    PublicGoodParams,
    aggregate_residual,
    nash_equilibrium,
    pressure_decision,
    pressure_window,
)

incomes = st.lists(st.floats(1.0, 1000.0), min_size=2, max_size=5)


@given(incomes, st.data())
def test_pure_solver_matches_best_response_iteration(ks: list[float], data: st.DataObject) -> None:
    """Exact contributor-set solution == Gauss–Seidel best-response iteration, on small alliances."""
    tastes = data.draw(st.lists(st.floats(0.02, 0.5), min_size=len(ks), max_size=len(ks)))
    eq = nash_equilibrium(ks, PublicGoodParams(taste_base=np.array(tastes)))
    brute = ref.nash_by_iteration(ks, tastes, [0.0] * len(ks))
    np.testing.assert_allclose(eq.contributions, brute, rtol=1e-7, atol=1e-7 * sum(ks))
    assert float(eq.aggregate) == pytest.approx(sum(brute), rel=1e-7)


@given(incomes, st.data())
def test_joint_product_solver_matches_best_response_iteration(ks: list[float], data: st.DataObject) -> None:
    n = len(ks)
    tastes = data.draw(st.lists(st.floats(0.02, 0.5), min_size=n, max_size=n))
    joints = data.draw(st.lists(st.floats(0.005, 0.1), min_size=n, max_size=n))
    eq = nash_equilibrium(ks, PublicGoodParams(taste_base=np.array(tastes), joint_product=np.array(joints)))
    brute = ref.nash_by_iteration(ks, tastes, joints)
    np.testing.assert_allclose(eq.contributions, brute, rtol=1e-6)
    assert np.all(eq.contributors)  # with c > 0 everyone contributes
    # each contribution is a best response to the others' equilibrium spending
    for j in range(n):
        others = float(eq.aggregate) - float(eq.contributions[j])
        assert float(eq.contributions[j]) == pytest.approx(
            ref.best_response(ks[j], tastes[j], joints[j], others), rel=1e-6
        )


@given(
    st.lists(st.lists(st.floats(1.0, 1000.0), min_size=4, max_size=4), min_size=1, max_size=6), st.booleans()
)
def test_vectorised_over_alliances_equals_one_at_a_time(rows: list[list[float]], joint: bool) -> None:
    params = PublicGoodParams(joint_product=0.04 if joint else 0.0)
    stacked = nash_equilibrium(np.array(rows), params)
    for i, row in enumerate(rows):
        single = nash_equilibrium(row, params)
        np.testing.assert_allclose(stacked.contributions[i], single.contributions, rtol=1e-12, atol=1e-12)
    assert stacked.aggregate.shape == (len(rows),)


@given(incomes, st.floats(0.0, 0.1))
def test_aggregate_residual_vanishes_at_the_equilibrium(ks: list[float], c: float) -> None:
    b = np.full(len(ks), 0.06)
    eq = nash_equilibrium(ks, PublicGoodParams(joint_product=c))
    assert abs(float(aggregate_residual(eq.aggregate, ks, b, c))) <= 1e-9 * sum(ks)


@given(st.lists(st.floats(0.01, 1e3), min_size=3, max_size=30), st.just(0.0) | st.floats(1e-4, 0.08))
def test_E7_burden_rises_with_income_under_common_tastes(steps: list[float], c: float) -> None:
    """Seed 003: "The conventional wisdom on alliance burden-sharing, based on the logic of collective goods,
    suggests that larger partners in an alliance inevitably pay a disproportionate share of the alliance's
    defense burden." O&Z: with common ``b``, ``e_j = 1 - X/(b*K_j)`` rises in ``K_j``; small members
    free-ride.
    """
    k = np.cumsum(steps)[::-1].copy()  # distinct incomes, largest first
    eq = nash_equilibrium(k, PublicGoodParams(taste_base=0.06, joint_product=c))
    order = np.argsort(k)
    e = eq.burdens[order]
    assert np.all(np.diff(e) >= -1e-12)  # weakly increasing in income
    strictly = eq.contributors[order][:-1]  # a contributor's burden is strictly below any larger member's
    assert np.all(np.diff(e)[strictly] > 0)
    assert eq.contributors[order][-1]  # the largest member always contributes
    if np.ptp(e) > 0:
        assert exploitation_test(k, eq.burdens).estimate > 0


def test_E7_pure_case_free_riders_are_the_small_members() -> None:
    """O&Z: "exploitation of the great by the small": the smallest members contribute nothing."""
    eq = nash_equilibrium([5000.0, 800.0, 300.0, 40.0, 10.0], PublicGoodParams(taste_base=0.06))
    assert eq.contributors.tolist() == [True, False, False, False, False]
    result = exploitation_test(eq.incomes, eq.burdens)
    assert result.details["free_riders"] == 4 and result.details["contributors"] == 1


def test_E7_and_E1_coexist_in_one_parameterisation() -> None:
    """models.md (e): "E7 (bigger members spend more) and E1 (mid-sized members get pressed) can coexist.
    E7 concerns baseline effort, E1 the patron's marginal pressure."

    One alliance, one parameter set: baseline burdens from the O&Z joint-product Nash equilibrium (patron
    included) rise with income and the exploitation test supports E7, while the patron, using each ally's
    O&Z burden as ``e0``, presses only the mid-sized allies.
    """
    patron, allies = 16000.0, np.array([30.0, 150.0, 600.0, 1200.0, 2800.0, 3500.0])
    eq = nash_equilibrium(np.r_[patron, allies], PublicGoodParams(taste_base=0.06, joint_product=0.04))
    result = exploitation_test(eq.incomes, eq.burdens)
    assert result.verdict == "supports" and result.estimate == pytest.approx(1.0)
    e0 = eq.burdens[1:]
    params = ControlParams(baseline_burden=e0)
    assert np.all(pressure_window(params).closed_form_valid) and np.all(
        allies < pressure_window(params).valid_upto
    )
    q = pressure_decision(allies, params)
    assert q.tolist() == [0, 0, 1, 1, -1, -1]  # Goldilocks: pressed in the middle, not at either end
    pressed = allies[q == 1]
    assert pressed.min() > allies.min() and pressed.max() < allies.max()


def test_equilibrium_frame_for_one_alliance() -> None:
    frame = nash_equilibrium([5000.0, 800.0, 40.0]).to_frame(["US", "UK", "Lux"])
    assert frame["member"].tolist() == ["US", "UK", "Lux"]
    assert frame["contributor"].tolist() == [True, False, False]
    assert frame.attrs["aggregate"] == pytest.approx(frame["contribution"].sum())
    with pytest.raises(ParameterError, match="one alliance at a time"):
        nash_equilibrium([[5000.0, 800.0], [10.0, 20.0]]).to_frame()


def test_exploitation_test_returns_one_result_with_the_split() -> None:
    result = exploitation_test(
        [100.0, 50.0, 10.0, 5.0], [0.04, 0.03, 0.0, 0.0], labels=["US", "UK", "Lux", "Ice"], alpha=0.1
    )
    assert isinstance(result, TestResult)
    assert result.claim_id == "E7" and result.expected_sign == 1 and result.n == 4
    assert result.details["contributor_labels"] == ["US", "UK"]
    assert result.details["free_rider_labels"] == ["Lux", "Ice"]
    assert result.details["larger_half_spending_share"] == pytest.approx(1.0)
    assert "Spearman rho" in result.summary()


def test_exploitation_test_matches_scipy_and_flags_a_reversed_ordering() -> None:
    from scipy.stats import spearmanr

    k = np.array([10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0])
    e = np.array([0.08, 0.07, 0.065, 0.05, 0.04, 0.02, 0.03, 0.01])  # small members pay more
    result = exploitation_test(k, e)
    assert result.estimate == pytest.approx(spearmanr(k, e).statistic)
    assert result.verdict == "contradicts"
    lo, hi = result.ci  # type: ignore[misc]
    assert lo <= result.estimate <= hi


def test_exploitation_test_small_samples_use_the_exact_null_distribution() -> None:
    """Three members in perfect rank order: 1 of the 3! = 6 equally likely orderings is as extreme in each
    direction, so the exact two-sided p-value is 1/3 and the verdict is inconclusive (the t approximation
    says p = 0 and "supports")."""
    result = exploitation_test([1.0, 2.0, 3.0], [0.01, 0.02, 0.03])
    assert result.estimate == pytest.approx(1.0)
    assert result.p_value == pytest.approx(1 / 3)
    assert result.verdict == "inconclusive"
    assert result.details["p_value_method"] == "exact permutation (6 orderings)"
    four = exploitation_test([1.0, 2.0, 3.0, 4.0], [0.01, 0.02, 0.03, 0.04], alpha=0.1)
    assert four.p_value == pytest.approx(2 / 24) and four.verdict == "supports"


@given(st.integers(3, 6).flatmap(lambda n: st.tuples(*[st.tuples(st.integers(1, 4), st.integers(0, 3))] * n)))
@example(pairs=((1, 0), (1, 1), (2, 2), (1, 2), (2, 0)))  # rho = 0: scipy's float tolerance says 0.733
@example(pairs=((1, 0), (2, 2), (2, 2), (2, 2), (3, 1), (3, 1)))
def test_exact_p_value_matches_an_exact_integer_permutation_test_with_ties(
    pairs: tuple[tuple[int, int], ...],
) -> None:
    """Small samples with ties: the exact p-value equals a permutation test done in integers.

    Under permutation the rank means and variances are fixed, so rho orders like the dot product of the
    ranks; doubled average ranks are integers, so "at least as extreme" is decided without rounding (scipy's
    permutation test decides it with a relative float tolerance, which fails when rho is 0). Two-sided p is
    twice the smaller one-sided p, capped at 1, as in scipy.
    """
    import itertools

    from scipy import stats

    k = np.array([a for a, _ in pairs], float)
    e = np.array([b for _, b in pairs], float) / 100
    if np.ptp(k) == 0 or np.ptp(e) == 0:
        return
    result = exploitation_test(k, e)
    x = [round(2 * r) for r in stats.rankdata(k)]
    y = [round(2 * r) for r in stats.rankdata(e)]
    observed = sum(a * b for a, b in zip(x, y, strict=True))
    dots = [
        sum(a * y[i] for a, i in zip(x, order, strict=True))
        for order in itertools.permutations(range(len(y)))
    ]
    greater = sum(d >= observed for d in dots) / len(dots)
    less = sum(d <= observed for d in dots) / len(dots)
    assert result.estimate == pytest.approx(float(stats.spearmanr(k, e).statistic), abs=1e-12)
    assert result.p_value == pytest.approx(min(1.0, 2 * min(greater, less)), abs=1e-12)


def test_larger_samples_use_the_t_approximation() -> None:
    from scipy.stats import spearmanr

    k = np.arange(1.0, 13.0)
    e = np.array([0.0, 0.0, 0.01, 0.005, 0.02, 0.015, 0.03, 0.02, 0.04, 0.035, 0.05, 0.045])
    result = exploitation_test(k, e)
    assert result.p_value == pytest.approx(float(spearmanr(k, e).pvalue))
    assert result.details["p_value_method"].startswith("t approximation")


def test_exploitation_test_rejects_bad_input() -> None:
    with pytest.raises(ParameterError, match="sizes has 3 values but burdens has 2"):
        exploitation_test([1, 2, 3], [0.1, 0.2])
    with pytest.raises(ParameterError, match=r"burdens = 1\.5 is outside"):
        exploitation_test([1, 2, 3], [0.1, 0.2, 1.5])
    with pytest.raises(ParameterError, match="at least 3"):
        exploitation_test([1, 2], [0.1, 0.2])


def test_constant_burdens_give_an_inconclusive_result() -> None:
    result = exploitation_test([1.0, 2.0, 3.0], [0.02, 0.02, 0.02])
    assert np.isnan(result.estimate) and result.verdict == "inconclusive"


def test_solver_rejects_bad_incomes_and_tastes() -> None:
    with pytest.raises(ParameterError, match="incomes"):
        nash_equilibrium([100.0, -1.0])
    with pytest.raises(ParameterError, match="taste"):
        nash_equilibrium([100.0, 10.0], PublicGoodParams(taste_base=0.0))
    lone = nash_equilibrium([100.0], PublicGoodParams())
    assert float(lone.burdens[0]) == pytest.approx(0.06 / 1.06)  # a lone member: m = bK/(1+b)


def test_threat_raises_tastes_and_spending() -> None:
    """models.md (e1): ``b_j = b0 + b1*T_j`` ("One threat" drives O&Z tastes)."""
    params = PublicGoodParams(taste_base=0.04, taste_threat=0.1)
    calm = nash_equilibrium([100.0, 80.0], params, threat=0.1)
    tense = nash_equilibrium([100.0, 80.0], params, threat=0.9)
    assert float(tense.aggregate) > float(calm.aggregate)
