"""Formation model (section (a)): claims A1-A5 as property tests; the kernel against the scalar reference."""

from __future__ import annotations

import math
from dataclasses import fields
from typing import Any

import numpy as np
import pytest
from formation_strategies import dyads, ordered_pair, pair, unit
from hypothesis import given
from hypothesis import strategies as st
from reference_formation import reference_solve
from scipy.optimize import minimize_scalar

from alliancelab.errors import ParameterError
from alliancelab.theory.formation import (
    FREE_CONCESSIONS,
    NO_DEAL_NEGATIVE_SURPLUS,
    NO_DEAL_OVER_BUDGET,
    NO_DEAL_UNCOMPENSABLE,
    OUTCOME_LABELS,
    SIDE_PAYMENT_BUDGET_CAPPED,
    FormationParams,
    protection,
    reservation_payment,
    solve,
)

TOL = 1e-9
DEFAULTS: dict[str, Any] = {f.name: getattr(FormationParams(), f.name) for f in fields(FormationParams)}
REFERENCE_OUTCOMES = dict(
    zip(
        (
            "uncompensable",
            "over budget",
            "negative surplus",
            "free concessions",
            "side payment",
            "side payment, package cut to the budget",
        ),
        OUTCOME_LABELS,
        strict=True,
    )
)


def geq(a: Any, b: Any) -> bool:
    """``a >= b`` up to rounding (inf-safe)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return bool(np.all((a >= b) | np.isclose(a, b, rtol=1e-9, atol=TOL)))


# --- the kernel agrees with the scalar reference and with a numerical optimum ---------------------------


@given(st.sampled_from(["FIXED", "FLEX"]), st.booleans(), st.lists(dyads(), min_size=1, max_size=25))
def test_vectorised_solution_equals_scalar_reference(mode: str, default_alpha: bool, rows: list[Any]) -> None:
    for row in rows:
        row["mode"] = mode
        row["alpha"] = None if default_alpha else (row["alpha"] or 0.5)
    columns = {k: np.array([r[k] for r in rows]) for k in rows[0] if k not in ("mode", "alpha")}
    alpha = None if default_alpha else np.array([r["alpha"] for r in rows])
    solution = solve(FormationParams(mode=mode, alpha=alpha, **columns))  # type: ignore[arg-type]
    labels = solution.outcome_labels()
    for i, row in enumerate(rows):
        expected = reference_solve(row)
        for key, value in expected.items():
            got = labels[i] if key == "outcome" else getattr(solution, key)[i]
            if key == "outcome":
                assert got == REFERENCE_OUTCOMES[value], (row, got, value)
            elif isinstance(value, bool):
                assert bool(got) == value, (key, row)
            else:
                np.testing.assert_allclose(got, value, rtol=1e-9, atol=1e-9, err_msg=f"{key} {row}")


@given(dyads(mode="FLEX"))
def test_flex_closed_form_is_the_numerical_optimum(row: dict[str, Any]) -> None:
    """The closed-form package maximises the joint surplus ``v*x - c - p_min(x)`` over the packages the
    budget can pay for, ``p_min(x) <= B`` within [0, xbar]. The budget bound is found by bisection on
    ``p_min(x) <= B``, not from the closed form ``x_B``, so this also checks the ``[REVISED]`` budget cap."""
    params = FormationParams(**row)
    solution = solve(params)

    def p_min(x: float) -> float:
        return float(reservation_payment(params, x))

    def negative_surplus(x: float) -> float:
        return -(row["v"] * x - row["c"] - p_min(x))

    x_max = float(solution.max_concession)
    if p_min(x_max) > row["budget"]:  # p_min(0) = 0 <= B and p_min rises: bisect for the largest x
        feasible, infeasible = 0.0, x_max
        for _ in range(200):
            middle = 0.5 * (feasible + infeasible)
            if p_min(middle) <= row["budget"]:
                feasible = middle
            else:
                infeasible = middle
        x_max = feasible
    best = minimize_scalar(negative_surplus, bounds=(0.0, x_max), method="bounded", options={"xatol": 1e-10})
    numeric = max(-best.fun, -negative_surplus(0.0), -negative_surplus(x_max))
    assert float(solution.surplus) >= numeric - 1e-6 * (1 + abs(numeric))
    assert float(solution.surplus) <= numeric + 1e-6 * (1 + abs(numeric))
    assert float(solution.reservation_payment) <= row["budget"] * (1 + 1e-12) + 1e-12


# --- claims ------------------------------------------------------------------------------------------------


@given(dyads(mode="FIXED"))
def test_A1_side_payment_switches_on_with_divergence_fixed(row: dict[str, Any]) -> None:
    """A1, seed 001: "having interest divergence between prospective allies increases the likelihood that
    a great power uses side payments". FIXED mode, per client: along a grid of divergence d the offer
    needs no payment up to a threshold and a payment beyond it, so among the divergences at which the
    alliance forms the payment never switches off as d rises.

    The grid (rather than one pair of d) puts the switch point inside the tested range for most clients,
    so the test fails when the sign of d is broken."""
    row["beta0"] = 0.0
    grid = np.linspace(0.0, 1.0, 41)
    values = dict(row)
    values["d"] = grid
    s = solve(FormationParams(**values))
    paid = s.payment > 0
    assert np.all(np.diff(paid.astype(int)) >= 0), paid  # the payment switches on once and stays on
    formed_and_paid = paid[s.forms]
    assert np.all(np.diff(formed_and_paid.astype(int)) >= 0)


@given(st.sampled_from(["FIXED", "FLEX"]), st.integers(0, 2**32 - 1), unit(0.0, 0.3), unit(0.6, 1.0))
def test_A1_share_of_alliances_with_payments_rises_with_divergence_across_clients(
    mode: str, seed: int, d_low: float, d_high: float
) -> None:
    """A1, seed 001: "having interest divergence between prospective allies increases the likelihood that
    a great power uses side payments". Across a broad population of clients, the share of formed alliances
    that carry a side payment is higher at high divergence than at low divergence.

    In FLEX mode this holds across clients only: one client's payment switches off once
    ``(1-alpha)*delta >= mu*v*ratio^(-alpha/(1-alpha))`` (the patron then takes only the free concessions),
    so a population concentrated where ``mu*v`` is small can show a falling share at high d."""
    rng = np.random.default_rng(seed)
    n = 20_000
    v = rng.uniform(0.0, 1000.0, n)
    population = {
        "T": rng.uniform(0, 0.95, n),
        "phi": rng.uniform(0, 1, n),
        "chi": rng.uniform(-1, 1, n),
        "q0": rng.uniform(0, 1, n),
        "sal": rng.uniform(0.2, 3, n),
        "omega0": rng.uniform(0.01, 0.6, n),
        "mu": 10.0 ** rng.uniform(-4, 0, n),
        "v": v,
        "c": v * rng.uniform(0.05, 0.3, n),  # models.md defaults: c is 5-30% of v
    }
    shares = []
    for d in (d_low, d_high):
        s = solve(FormationParams(d=d, mode=mode, **population))  # type: ignore[arg-type]
        shares.append(float(np.mean(s.payment[s.forms] > 0)))
    assert shares[1] > shares[0]


def _fixed_p_min(row: dict[str, Any], name: str, values: tuple[float, float]) -> tuple[Any, list[Any]]:
    """``p_min(x)`` at the FIXED package from :func:`solve` (what the CLI runs), and the scalar reference's
    solutions, for two dyads differing in ``name``."""
    row = {**row, "mode": "FIXED", "budget": math.inf}
    solution = solve(pair(row, name, *values))
    refs = _references(row, name, values)
    expected = [r["reservation_payment"] for r in refs]
    np.testing.assert_allclose(solution.reservation_payment, expected, rtol=1e-9, atol=1e-12)
    return solution.reservation_payment, refs


@given(dyads(mode="FIXED"), ordered_pair(-1.0, 1.0))
def test_A2_reservation_payment_falls_with_common_threat(
    row: dict[str, Any], chis: tuple[float, float]
) -> None:
    """A2, seed 000: "in the absence of a common threat or shared interests, the trade-off tends to leave a
    deficit". For a given package, p_min falls (weakly; strictly where D > 0 and protection matters) as the
    common-threat share chi rises."""
    p_min, refs = _fixed_p_min(row, "chi", chis)
    assert geq(p_min[0], p_min[1])
    exposure = row["T"] * (1 - row["phi"])
    q = protection(row["q0"], np.array(chis))
    if exposure > 1e-3 and q[1] - q[0] > 1e-6 and refs[1]["deficit"] > 1e-9 and np.isfinite(p_min[0]):
        assert p_min[1] < p_min[0]


@given(dyads(mode="FIXED"), ordered_pair(0.0, 0.95))
def test_A2_reservation_payment_falls_with_threat(row: dict[str, Any], ts: tuple[float, float]) -> None:
    """A2, seed 000: "in the absence of a common threat or shared interests, the trade-off tends to leave a
    deficit". For a given package, p_min falls with threat T (larger security gain, and a higher weight
    on security when alpha follows T). Strictly through the security gain alone: with alpha held fixed,
    wherever the client is exposed (phi < 1), protected (q > 0) and still in deficit."""
    p_min, _ = _fixed_p_min(row, "T", ts)
    assert geq(p_min[0], p_min[1])
    fixed_alpha = {**row, "alpha": 0.5 if row["alpha"] is None else row["alpha"]}
    held, held_refs = _fixed_p_min(fixed_alpha, "T", ts)
    protected = float(protection(row["q0"], row["chi"])) > 1e-6 and row["phi"] < 1 - 1e-6
    if protected and ts[1] - ts[0] > 1e-3 and held_refs[1]["deficit"] > 1e-9 and np.isfinite(held[0]):
        assert held[1] < held[0]


@given(dyads(mode="FLEX"), ordered_pair(-1.0, 1.0))
def test_A2_flex_payment_does_not_rise_with_common_threat(
    row: dict[str, Any], chis: tuple[float, float]
) -> None:
    """A2 (FLEX), seed 000: "in the absence of a common threat or shared interests, the trade-off tends to
    leave a deficit". With the package chosen, ``dp*/dchi <= 0``."""
    row["beta0"] = 0.0
    s = solve(pair(row, "chi", *chis))
    assert geq(s.payment[0], s.payment[1])


@given(dyads(mode="FIXED"), ordered_pair(0.0, 1.0))
def test_A3_payment_for_a_given_package_rises_with_divergence(
    row: dict[str, Any], ds: tuple[float, float]
) -> None:
    """A3, seed 000: "side payments fill in the deficit in gains for weaker states". For a given package,
    the payment rises with divergence d (strictly where the deficit is positive)."""
    s = solve(pair(row, "d", *ds))
    assert geq(s.payment[1], s.payment[0])
    p_min = s.reservation_payment
    if s.deficit[0] > 1e-9 and row["package"] > 1e-6 and np.isfinite(p_min[1]):
        assert p_min[1] > p_min[0]


def _references(row: dict[str, Any], name: str, values: tuple[float, float]) -> list[dict[str, Any]]:
    """The scalar reference's solution at ``row`` with ``name`` set to each of ``values``."""
    return [reference_solve({**row, name: value}) for value in values]


@given(dyads(mode="FLEX"), ordered_pair(0.0, 0.95), ordered_pair(0.0, 1.0))
def test_A4_concessions_rise_with_threat_and_fall_with_divergence(
    row: dict[str, Any], ts: tuple[float, float], ds: tuple[float, float]
) -> None:
    """A4, seed 000: "concessions (such as granting basing rights to the United States and aligning the
    state's foreign policy with American foreign policy agenda)". FLEX: ``dx*/dT >= 0``, ``dx*/dd <= 0``.

    Strictly where the seed's mechanism works: with an interior package (``x0 < x_int < xbar``, budget
    slack) and the security weight following T (``alpha = a0 + a1*T`` unclipped), a higher threat makes
    the FOC ``v = (1-alpha)*delta/(mu*(1-x*delta))`` buy more; any package in (0, 1) with slack budgets
    shrinks as divergence raises delta. Packages also equal the scalar reference's."""
    by_threat = solve(pair(row, "T", *ts)).package
    by_divergence = solve(pair(row, "d", *ds)).package
    assert geq(by_threat[1], by_threat[0])
    assert geq(by_divergence[0], by_divergence[1])
    ref_t, ref_d = _references(row, "T", ts), _references(row, "d", ds)
    np.testing.assert_allclose(by_threat, [r["package"] for r in ref_t], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(by_divergence, [r["package"] for r in ref_d], rtol=1e-9, atol=1e-12)
    low = ref_t[0]
    alpha_moves = row["alpha"] is None and 0.05 < 0.3 + 0.6 * ts[0] < 0.95
    interior = low["free_concession"] < low["interior_concession"] < low["max_concession"]
    slack = not (ref_t[0]["budget_binds"] or ref_t[1]["budget_binds"])
    if alpha_moves and interior and low["interior_concession"] > 1e-9 and slack:
        assert by_threat[1] > by_threat[0]
    slack_d = not (ref_d[0]["budget_binds"] or ref_d[1]["budget_binds"])
    if 1e-9 < by_divergence[0] < 1 - 1e-9 and slack_d:
        assert by_divergence[1] < by_divergence[0]


def test_A4_example_threat_buys_concessions() -> None:
    """T = .3 -> .6 (alpha .48 -> .66), d = .8, sal = 1.5, q0 = .1, v = 150: both packages are interior
    (x0 = .02 and .09) and the FOC buys .394 -> .514 of the full package."""
    base = {**DEFAULTS, "d": 0.8, "sal": 1.5, "q0": 0.1, "v": 150.0}
    s = solve(FormationParams(**{**base, "T": np.array([0.3, 0.6])}))
    expected = [reference_solve({**base, "T": t})["package"] for t in (0.3, 0.6)]
    np.testing.assert_allclose(s.package, expected, rtol=1e-12)
    np.testing.assert_allclose(s.package, [0.394, 0.514], atol=5e-4)
    assert np.all(s.package > s.free_concession) and np.all(s.forms)


@given(dyads(), ordered_pair(0.0, 1000.0), ordered_pair(0.0, 400.0))
def test_A5_formation_more_likely_with_high_value_and_low_cost(
    row: dict[str, Any], vs: tuple[float, float], cs: tuple[float, float]
) -> None:
    """A5, seed 001: "If the alliance remains important to the great power" it forms: formation is
    monotone increasing in the patron's value v and decreasing in its commitment cost c (both modes).

    The joint surplus falls one for one with c (the package does not depend on c) and rises strictly
    with v wherever the patron buys a positive package; formation equals the scalar reference's."""
    by_value = solve(pair(row, "v", *vs))
    by_cost = solve(pair(row, "c", *cs))
    assert by_value.forms[1] or not by_value.forms[0]
    assert by_cost.forms[0] or not by_cost.forms[1]
    ref_v, ref_c = _references(row, "v", vs), _references(row, "c", cs)
    assert by_value.forms.tolist() == [r["forms"] for r in ref_v]
    assert by_cost.forms.tolist() == [r["forms"] for r in ref_c]
    assert geq(by_value.surplus[1], by_value.surplus[0])
    assert geq(by_cost.surplus[0], by_cost.surplus[1])
    if np.isfinite(by_cost.surplus[0]):
        drop = float(by_cost.surplus[0] - by_cost.surplus[1])
        assert drop == pytest.approx(cs[1] - cs[0], rel=1e-9, abs=1e-9)
    if np.all(np.isfinite(by_value.surplus)) and by_value.package[0] > 1e-6:
        assert by_value.surplus[1] > by_value.surplus[0]


# --- structure of the solution -----------------------------------------------------------------------------


@given(dyads(budget=True))
def test_payment_never_exceeds_budget_when_the_alliance_forms(row: dict[str, Any]) -> None:
    s = solve(FormationParams(**row))
    if s.forms:
        assert float(s.payment) <= row["budget"] * (1 + 1e-12) + 1e-12
        assert float(s.patron_value) >= -1e-9


@given(dyads())
def test_monopolist_pays_exactly_the_reservation_price(row: dict[str, Any]) -> None:
    """BdM&S 2016: "a dominant donor captures all the surplus from any deal" (beta0 = 0)."""
    row["beta0"] = 0.0
    s = solve(FormationParams(**row))
    assert float(s.payment) == float(s.reservation_payment)
    if s.forms:
        assert math.isclose(float(s.patron_value), float(s.surplus), rel_tol=1e-12, abs_tol=1e-12)


def test_edge_cases_behave_as_documented() -> None:
    """docs/models/formation.md: the autonomy bound, mu -> 0, a binding budget, a FIXED package vetoed."""
    # x*delta near 1: delta = .999 = 1 - eps is the largest compensable full package; just beyond, none is
    at_bound = solve(FormationParams(mode="FIXED", package=1.0, omega0=0.099, d=0.9))
    beyond = solve(FormationParams(mode="FIXED", package=1.0, omega0=0.0995, d=0.9))
    assert np.isfinite(at_bound.payment) and at_bound.outcome != NO_DEAL_UNCOMPENSABLE
    assert np.isinf(beyond.payment) and beyond.outcome == NO_DEAL_UNCOMPENSABLE and not beyond.forms
    flex = solve(FormationParams(sal=3.0, omega0=0.6, d=1.0, v=1e9))  # FLEX stops at xbar = .999/delta
    assert float(flex.package) == pytest.approx(0.999 / 4.8) and np.isfinite(flex.payment) and flex.forms
    # mu -> 0: money is worthless to the leader; FLEX takes only the free concessions, a FIXED package
    # beyond x0 is priced at inf and fails on the surplus or the budget, not on the autonomy bound
    poor = solve(FormationParams(mu=1e-300))
    assert float(poor.package) == pytest.approx(float(poor.free_concession)) and float(poor.payment) == 0.0
    fixed = solve(FormationParams(mu=1e-320, mode="FIXED", package=1.0, budget=np.array([np.inf, 100.0])))
    assert list(fixed.outcome) == [NO_DEAL_NEGATIVE_SURPLUS, NO_DEAL_OVER_BUDGET]
    # a binding budget cuts the FLEX package to x_B and pays the whole budget; budget 0 leaves x0
    free = solve(FormationParams(v=1000.0))
    capped = solve(FormationParams(v=1000.0, budget=np.array([5.0, 0.0])))
    assert list(capped.outcome) == [SIDE_PAYMENT_BUDGET_CAPPED, FREE_CONCESSIONS] and capped.forms.all()
    assert capped.payment[0] == pytest.approx(5.0) and capped.package[0] < float(free.package)
    assert capped.package[1] == pytest.approx(float(free.free_concession)) and capped.payment[1] == 0.0
    # FIXED: a budget below p_min vetoes the deal (the package cannot shrink)
    vetoed = solve(FormationParams(v=1000.0, mode="FIXED", budget=5.0))
    assert vetoed.outcome == NO_DEAL_OVER_BUDGET and not vetoed.forms


def test_broadcasting_gives_the_grid_shape() -> None:
    s = solve(FormationParams(d=np.linspace(0, 1, 7)[:, None], mu=np.array([0.001, 0.01, 0.1])))
    assert s.package.shape == s.payment.shape == s.forms.shape == (7, 3)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phi", -0.1, r"phi = -0\.1 is outside the allowed range \[0, 1\]"),
        ("T", 1.0, r"T = 1 is outside the allowed range \[0, 1\)"),
        ("q0", 1.5, r"q0 = 1\.5"),
        ("mu", 0.0, r"mu = 0 is outside the allowed range \(0, inf\)"),
        ("mu", math.inf, r"mu = inf is outside the allowed range \(0, inf\)"),
        ("v", math.inf, r"v = inf is outside the allowed range \[0, inf\)"),
        ("v", -5.0, r"v = -5"),
        ("mode", "FLEXX", r"did you mean 'FLEX'"),
    ],
)
def test_out_of_domain_parameters_are_named(field: str, value: Any, message: str) -> None:
    with pytest.raises(ParameterError, match=message):
        FormationParams(**{field: value})


def test_zero_autonomy_cost_is_rejected() -> None:
    with pytest.raises(ParameterError, match="omega0 \\+ d = 0"):
        FormationParams(omega0=0.0, d=0.0)


def test_to_frame_has_one_row_per_dyad_with_inputs_and_sources() -> None:
    params = FormationParams(d=np.linspace(0, 1, 4)[:, None], mu=np.array([0.001, 0.01]))
    frame = solve(params).to_frame(params)
    assert frame.shape[0] == 8
    assert list(frame["d"][:2]) == [0.0, 0.0] and list(frame["mu"][:2]) == [0.001, 0.01]
    assert {"payment", "package", "forms", "outcome_label", "alpha"} <= set(frame.columns)
    assert frame.attrs["sources"][0] == "kabir2019sidepayments"
