"""Alliance control theory (models.md (e2)): claims E1-E6, the golden pressure window, exit thresholds."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import reference_burden as ref
from hypothesis import assume, given
from hypothesis import strategies as st

from alliancelab.errors import ParameterError
from alliancelab.report import control_report
from alliancelab.theory.burden import (
    AllyContract,
    ControlParams,
    abandonment_credibility,
    compliance_margin,
    compliance_probability,
    complies,
    exit_threshold_structural,
    gross_alliance_value,
    pressure_decision,
    pressure_intensity,
    pressure_value,
    pressure_window,
    reassurance_value,
    stays_in_alliance,
)

unit = st.floats(0.0, 1.0)


@st.composite
def control_params(draw: st.DrawFn) -> ControlParams:
    """Environments over a wide range; the ally's benefit is large enough that it complies."""
    return ControlParams(
        threat=draw(st.floats(0.05, 0.95)),
        strain=draw(unit),
        retrenchment=draw(unit),
        demand=draw(st.floats(0.001, 0.05)),
        baseline_burden=draw(st.floats(0.005, 0.1)),
        control_value=draw(st.floats(10.0, 2000.0)),
        pressure_cost=draw(st.floats(0.1, 50.0)),
        adversary_capability=draw(st.floats(50.0, 2000.0)),
        value_scale=draw(st.floats(0.2, 3.0)),
        relative_value=0.0,  # kappa >= k0 = .2 > 0
        ally_benefit=1e6,
        horizon=draw(st.just(1.0) | st.floats(0.5, 12.0)),
    )


def _valid_grid(p: ControlParams, n: int = 400) -> np.ndarray:
    """Latent potentials where the quadratic closed form holds: ``(e0+Delta)*K <= M*``."""
    return np.linspace(0.0, float(pressure_window(p).valid_upto), n)


# -- golden ---------------------------------------------------------------------------------------------


def test_golden_pressure_window_at_models_md_defaults() -> None:
    """models.md (e2): "With default numbers (s0=1, T=.5, rho=.5, Delta=.01, e0=.02, V=500, F=5, Zbar=400)
    the window is K in (238, 3362) and the peak is 1800 (USD bn)"; "H reassures from K = 6215"."""
    w = pressure_window(ControlParams())
    assert float(w.lower) == pytest.approx(237.950065, rel=1e-6)
    assert float(w.upper) == pytest.approx(3362.049935, rel=1e-6)
    assert float(w.peak) == pytest.approx(1800.0, rel=1e-12)
    assert float(w.peak_value) == pytest.approx(15.25, rel=1e-12)
    assert float(w.reassure_from) == pytest.approx(6214.550254, rel=1e-6)
    assert float(w.valid_upto) == pytest.approx(20000 / 3, rel=1e-12)
    assert bool(w.complies)
    decisions = pressure_decision([200.0, 240.0, 1800.0, 3360.0, 3365.0, 6200.0, 6230.0], ControlParams())
    assert decisions.tolist() == [0, 1, 1, 1, 0, 0, -1]


@pytest.mark.parametrize(("horizon", "cost"), [(1.0, 5.0), (2.0, 1.0), (5.0, 0.2)])
def test_window_endpoints_are_roots_of_the_pressure_value(horizon: float, cost: float) -> None:
    """The closed form agrees with ``N`` and ``N-`` themselves, also when the exit risk is read at
    ``Hz*e*K`` with ``Hz != 1`` (the window then shrinks towards smaller allies)."""
    p = ControlParams(
        horizon=horizon,
        pressure_cost=cost,
        threat=np.array([0.45, 0.5, 0.55]),
        strain=np.array([0.6, 0.5, 0.5]),
    )
    w = pressure_window(p)
    assert np.all(w.closed_form_valid)
    np.testing.assert_allclose(pressure_value(w.lower, p), 0.0, atol=1e-9)
    np.testing.assert_allclose(pressure_value(w.upper, p), 0.0, atol=1e-9)
    np.testing.assert_allclose(reassurance_value(w.reassure_from, p), 0.0, atol=1e-9)
    np.testing.assert_allclose(w.valid_upto * (0.02 + 0.01) * horizon, p.threat * 400.0)
    k = np.linspace(1.0, 0.999 * float(w.valid_upto[1]), 2000)
    pressed = pressure_decision(k, dataclasses.replace(p, threat=0.5, strain=0.5)) == 1
    np.testing.assert_array_equal(pressed, (k > w.lower[1]) & (k < w.upper[1]))


def test_closed_form_flags_windows_that_leave_the_valid_region() -> None:
    w = pressure_window(ControlParams(threat=0.8, strain=0.9))
    assert w.upper > w.valid_upto and not bool(w.closed_form_valid)


def test_empty_window_when_pressure_never_pays() -> None:
    w = pressure_window(ControlParams(pressure_cost=1000.0))
    assert np.isnan(w.lower) and np.isnan(w.upper)
    assert not np.any(pressure_decision(np.linspace(1, 6000, 50), ControlParams(pressure_cost=1000.0)) == 1)


def _reference_decisions(k: np.ndarray, p: ControlParams) -> tuple[np.ndarray, np.ndarray]:
    """The scalar reference's decision q at each potential (tests/theory/reference_burden.py), and where
    it is decided clearly (not a rounding tie between N, N- and 0)."""
    kw = {
        name: float(getattr(p, field))
        for name, field in (
            ("threat", "threat"),
            ("strain", "strain"),
            ("demand", "demand"),
            ("baseline", "baseline_burden"),
            ("control_value", "control_value"),
            ("cost", "pressure_cost"),
            ("zbar", "adversary_capability"),
            ("s0", "value_scale"),
            ("horizon", "horizon"),
        )
    }
    kappa = ref.credibility(
        0.2, 0.4, 0.3, 0.2, float(p.strain), float(p.retrenchment), float(p.relative_value)
    )
    comply = ref.complies(kappa, 0.01, float(p.ally_benefit), float(p.baseline_burden), float(p.demand))
    q, clear = [], []
    for potential in k:
        n, n_minus = ref.pressure_value(potential, **kw), ref.reassurance_value(potential, **kw)
        q.append(ref.pressure_decision(n, n_minus, comply))
        clear.append(min(abs(n), abs(n_minus), abs(n - n_minus)) > 1e-8 * max(1.0, abs(n)))
    return np.array(q), np.array(clear)


# -- E1 -------------------------------------------------------------------------------------------------


@given(control_params())
def test_E1_goldilocks_pressure_is_an_inverted_u_in_latent_potential(p: ControlParams) -> None:
    """Seed 003: "it is moderately sized allies who are strong enough to make meaningful contributions, but
    not so strong that they can choose to leave the alliance given sufficient investments in defense."

    ``N(K)`` is concave, rising below the peak ``K*`` and falling above it; H presses exactly inside the
    window, so neither the smallest nor (when the window closes inside the valid region) the largest allies.
    """
    k = _valid_grid(p)
    n = pressure_value(k, p)
    assert np.all(np.diff(n, 2) <= 1e-9 * np.maximum(1.0, np.abs(n[1:-1])))  # concave
    w = pressure_window(p)
    below, above = k <= w.peak, k >= w.peak
    assert np.all(np.diff(n[below]) > 0)
    assert np.all(np.diff(n[above]) < 0)
    q = pressure_decision(k, p)
    inside = (k > w.lower) & (k < w.upper)
    np.testing.assert_array_equal(q == 1, inside)
    assert q[0] != 1  # the smallest ally is never pressed
    expected, clear = _reference_decisions(k, p)  # the decisions are the scalar reference's
    np.testing.assert_array_equal(q[clear], expected[clear])


def test_E1_intensity_peaks_at_one_at_the_peak_and_vanishes_outside() -> None:
    """Seed 003: patrons "take a 'Goldilocks' approach to allied burden-sharing"."""
    p = ControlParams()
    grid = np.linspace(0.0, 6000.0, 601)
    intensity = pressure_intensity(grid, p)
    assert grid[np.argmax(intensity)] == pytest.approx(1800.0)
    assert intensity.max() == pytest.approx(1.0)
    assert np.all(intensity[(grid < 237.9) | (grid > 3362.1)] == 0)


# -- E2 -------------------------------------------------------------------------------------------------


@given(control_params(), st.floats(0.05, 0.95), st.floats(0.05, 0.95), unit, unit)
def test_E2_pressure_rises_with_threat_and_patron_strain(
    p: ControlParams, t1: float, t2: float, r1: float, r2: float
) -> None:
    """Seed 003: "patrons can be expected to encourage allied burden-sharing when the alliance's external
    threat environment is severe and when their own resources are constrained."
    """
    assume(abs(t1 - t2) > 1e-3 and abs(r1 - r2) > 1e-3)
    (t_lo, t_hi), (r_lo, r_hi) = sorted((t1, t2)), sorted((r1, r2))
    low = dataclasses.replace(p, threat=t_lo, strain=r_lo)
    k = _valid_grid(low)[1:]
    for high in (dataclasses.replace(low, threat=t_hi), dataclasses.replace(low, strain=r_hi)):
        assert np.all(pressure_value(k, high) > pressure_value(k, low))
        assert np.all((pressure_decision(k, high) == 1) >= (pressure_decision(k, low) == 1))
        reference = ControlParams()
        assert np.all(
            pressure_intensity(k, high, reference=reference)
            >= pressure_intensity(k, low, reference=reference)
        )


# -- E3, E4, E5 -----------------------------------------------------------------------------------------


@given(unit, unit, unit, unit)
def test_E3_credibility_rises_with_strain_and_retrenchment_and_compliance_with_credibility(
    r1: float, r2: float, s1: float, s2: float
) -> None:
    """Seed 003: "A patron can more believably threaten to walk away from its alliances when it faces
    strains on its resources and pressure to retrench from domestic actors"; pressure works when
    "a patron's threat of abandonment is credible".
    """
    assume(abs(r1 - r2) > 1e-6 and abs(s1 - s2) > 1e-6)
    (r_lo, r_hi), (s_lo, s_hi) = sorted((r1, r2)), sorted((s1, s2))
    base = ControlParams(strain=r_lo, retrenchment=s_lo, ally_benefit=5.0)
    for up in (dataclasses.replace(base, strain=r_hi), dataclasses.replace(base, retrenchment=s_hi)):
        assert abandonment_credibility(up) > abandonment_credibility(base)  # unclipped at these k's
        assert compliance_probability(up) > compliance_probability(base)
        assert complies(up) >= complies(base)


@given(st.floats(0.05, 0.9), st.floats(0.05, 0.9), st.floats(0.0, 500.0), st.floats(0.1, 3000.0))
def test_E4_compliance_rises_with_the_allys_threat_at_a_given_contract(
    t1: float, t2: float, payment: float, capability: float
) -> None:
    """Seed 003: the patron's "threat of abandonment is also likely to carry more weight for allies who
    perceive a greater level of external threat and thus can less easily afford to lose the patron's
    protection." At a fixed contract (x, p), Ben rises with T (alpha = .3 + .6 T rises too).
    """
    assume(abs(t1 - t2) > 1e-3)

    def environment(t: float) -> ControlParams:
        contract = AllyContract(security_weight=0.3 + 0.6 * t, threat=t, payment=payment)
        return ControlParams(ally_benefit=gross_alliance_value(capability, contract), demand=0.03)

    lo, hi = sorted((t1, t2))
    assert compliance_margin(environment(hi)) > compliance_margin(environment(lo))
    assert compliance_probability(environment(hi), noise=0.05) >= compliance_probability(
        environment(lo), noise=0.05
    )
    assert complies(environment(hi)) >= complies(environment(lo))


@given(st.floats(0.0, 2.0 - 1e-6), st.floats(1e-6, 2.0))
def test_E5_abandonment_is_less_credible_for_strategically_valuable_allies(lo: float, step: float) -> None:
    """models.md E5 (Blankenship 2021, secondary summary [UNVERIFIED]): dkappa/dv < 0."""
    hi = min(2.0, lo + step)
    assert abandonment_credibility(ControlParams(relative_value=hi)) < abandonment_credibility(
        ControlParams(relative_value=lo)
    )


# -- E6 -------------------------------------------------------------------------------------------------


@given(control_params(), st.floats(0.01, 0.99))
def test_E6_largest_allies_are_reassured_and_free_riding_is_tolerated(p: ControlParams, share: float) -> None:
    """Seed 003: patrons "are able to maintain their bargaining leverage over the long term by willingly
    accepting or even encouraging a degree of free-riding."

    ``q = -1`` beyond ``K_re`` (where ``N-(K_re) = 0``), ``K_re`` lies above the pressure window, and H does
    nothing in between.
    """
    # a pressure cost below the peak of N without it, so that the window exists (nothing filtered out)
    peak = float(pressure_window(dataclasses.replace(p, pressure_cost=0.0)).peak_value)
    p = dataclasses.replace(p, pressure_cost=share * peak)
    w = pressure_window(p)
    assert np.isfinite(w.upper)
    assert w.reassure_from > w.upper
    k = _valid_grid(p, 800)
    q = pressure_decision(k, p)
    np.testing.assert_array_equal(q[k > w.reassure_from * (1 + 1e-9)], -1)
    between = (k > w.upper * (1 + 1e-9)) & (k < w.reassure_from * (1 - 1e-9))
    np.testing.assert_array_equal(q[between], 0)
    expected, clear = _reference_decisions(k, p)  # the decisions are the scalar reference's
    np.testing.assert_array_equal(q[clear], expected[clear])


def test_E6_defaults_reassure_from_6215() -> None:
    """models.md (e2): "H reassures from K = 6215 and does nothing between 3362 and 6215"."""
    q = pressure_decision(np.array([3400.0, 5000.0, 6200.0, 6220.0, 6600.0]), ControlParams())
    assert q.tolist() == [0, 0, 0, -1, -1]


# -- compliance rule and no pressure without compliance -------------------------------------------------


def test_no_pressure_when_the_ally_would_not_comply() -> None:
    p = ControlParams(ally_benefit=0.5)  # kappa*mu*Ben = .35*.005 < ln(.98/.97)
    assert not complies(p)
    assert not np.any(pressure_decision(np.linspace(1, 6000, 100), p) == 1)
    assert np.all(pressure_intensity(np.linspace(1, 6000, 100), p) == 0)


# -- vectorised == scalar -------------------------------------------------------------------------------


@given(control_params(), st.lists(st.floats(0.0, 20000.0), min_size=1, max_size=20))
def test_vectorised_pressure_matches_scalar_reference(p: ControlParams, ks: list[float]) -> None:
    kw = {
        name: float(getattr(p, field))
        for name, field in (
            ("threat", "threat"),
            ("strain", "strain"),
            ("demand", "demand"),
            ("baseline", "baseline_burden"),
            ("control_value", "control_value"),
            ("cost", "pressure_cost"),
            ("zbar", "adversary_capability"),
            ("s0", "value_scale"),
            ("horizon", "horizon"),
        )
    }
    np.testing.assert_allclose(
        pressure_value(ks, p), [ref.pressure_value(k, **kw) for k in ks], rtol=1e-10, atol=1e-9
    )
    np.testing.assert_allclose(
        reassurance_value(ks, p), [ref.reassurance_value(k, **kw) for k in ks], rtol=1e-10, atol=1e-9
    )
    kappa = ref.credibility(
        0.2, 0.4, 0.3, 0.2, float(p.strain), float(p.retrenchment), float(p.relative_value)
    )  # type: ignore[arg-type]
    assert float(abandonment_credibility(p)) == pytest.approx(kappa)
    comply = ref.complies(kappa, 0.01, float(p.ally_benefit), float(p.baseline_burden), float(p.demand))
    assert bool(complies(p)) == comply
    for k, q in zip(ks, pressure_decision(ks, p), strict=True):
        n, n_minus = ref.pressure_value(k, **kw), ref.reassurance_value(k, **kw)
        if min(abs(n), abs(n_minus), abs(n - n_minus)) > 1e-8 * max(1.0, abs(n)):  # not a rounding tie
            assert int(q) == ref.pressure_decision(n, n_minus, comply)


def test_parameter_arrays_broadcast_like_a_sweep() -> None:
    threats = np.linspace(0.2, 0.9, 8)
    swept = pressure_window(ControlParams(threat=threats))
    one_by_one = [float(pressure_window(ControlParams(threat=t)).peak) for t in threats]
    np.testing.assert_allclose(swept.peak, one_by_one)
    frame = control_report.sweep(ControlParams(), "potential", np.linspace(0, 4000, 5))
    assert list(frame.columns[:4]) == ["potential", "pressure_value", "reassurance_value", "decision"]
    assert frame["decision"].tolist() == [0, 1, 1, 1, 0]
    with pytest.raises(ParameterError, match="threat must be one number"):
        control_report.sweep(ControlParams(threat=threats), "potential", [100.0])


# -- exit -----------------------------------------------------------------------------------------------


@given(
    st.floats(0.1, 0.9),
    st.floats(0.05, 0.95),
    st.floats(0.1, 1.0),
    st.floats(0.0, 1.0),
    st.floats(0.0, 0.9),
    st.floats(0.0, 50.0),
)
def test_structural_exit_threshold_matches_the_direct_stay_rule(
    alpha: float, threat: float, q: float, x: float, delta: float, payment: float
) -> None:
    """models.md (e2): "The ally exits when its own capability makes protection worth less than the autonomy
    it costs"; the closed form ``M_exit`` separates staying from leaving."""
    c = AllyContract(
        security_weight=alpha, threat=threat, protection=q, concession=x, autonomy_loss=delta, payment=payment
    )
    m_exit = float(exit_threshold_structural(c))
    if np.isinf(m_exit):
        assert bool(np.all(stays_in_alliance(np.geomspace(1e-3, 1e7, 50), c)))
    elif m_exit == 0.0:
        assert not bool(np.any(stays_in_alliance(np.geomspace(1e-3, 1e7, 50), c)))
    else:
        assume(1e-6 < m_exit < 1e9)
        assert bool(stays_in_alliance(m_exit * (1 - 1e-6), c))
        assert not bool(stays_in_alliance(m_exit * (1 + 1e-6), c))


def test_structural_exit_model_gives_goldilocks_then_reassurance() -> None:
    """With the structural exit threshold (horizon 10 years = the steady-state stock ``e*K/dep`` at
    ``dep = .1``), H presses a middle band of allies, does nothing above it and reassures the largest."""
    m_exit = float(exit_threshold_structural(AllyContract()))
    p = ControlParams(exit_model="structural", exit_threshold=m_exit, exit_spread=10.0, horizon=10.0)
    k = np.linspace(1.0, 1.5 * m_exit / (10 * 0.02), 3000)
    q = pressure_decision(k, p)
    changes = np.flatnonzero(np.diff(q))
    assert [(int(q[i]), int(q[i + 1])) for i in changes] == [(0, 1), (1, 0), (0, -1)]
    assert k[changes[1]] < m_exit / (10 * 0.03)  # pressure stops before pressure itself would push i out
    with pytest.raises(ParameterError, match="exit_model = 'quadratic'"):
        pressure_window(p)


def test_bad_parameters_name_the_field_and_range() -> None:
    with pytest.raises(ParameterError, match=r"threat \(T\) = 1\.2 is outside the allowed range \(0, 1\)"):
        ControlParams(threat=1.2)
    with pytest.raises(ParameterError, match="e0 \\+ Delta"):
        ControlParams(baseline_burden=0.6, demand=0.5)
    with pytest.raises(ParameterError, match="exit_model"):
        ControlParams(exit_model="cubic")  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match="x\\*delta"):
        AllyContract(concession=1.0, autonomy_loss=1.5)
