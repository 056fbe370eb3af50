"""Maintenance (section (d)): claims D1-D8 on the deterministic kernel with fixed shocks; kernel = reference.

Stochastic claims are tested pointwise: for every realisation of the shocks the event with the larger
probability happens whenever the other one does, which implies the inequality in probabilities for any
shock distribution, without Monte Carlo thresholds.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np
import pytest
import reference_dynamics
from dynamics_strategies import credibilities, rivals
from formation_strategies import dyads, ordered_pair, unit
from hypothesis import assume, example, given
from hypothesis import strategies as st
from reference_dynamics import contest as reference_contest
from reference_dynamics import simulate as reference_simulate

from alliancelab.errors import ParameterError
from alliancelab.report import maintenance_report as paths
from alliancelab.report.maintenance_report import simulate
from alliancelab.theory.formation import FormationParams
from alliancelab.theory.maintenance import (
    OUTCOME_LABELS,
    MaintenanceParams,
    Shocks,
    capability_shock,
    draw_shocks,
    leader_swing_sd,
    review,
    simulate_kernel,
)
from alliancelab.theory.realignment import PatronTerms
from alliancelab.theory.selectorate import SelectorateParams

CODE = {label: i for i, label in enumerate(OUTCOME_LABELS)}


@st.composite
def leaders(draw: st.DrawFn, *, zeta: tuple[float, float] = (-2.0, 2.0)) -> SelectorateParams:
    s = draw(unit(0.05, 1.0))
    return SelectorateParams(
        W=draw(unit(0.02, 1.0)) * s,
        S=s,
        r=draw(unit(0.0, 5000.0)),
        h=draw(unit(0.01, 0.5)),
        mu0=draw(st.sampled_from([1e-3, 1e-2, 1e-1])),
        zeta=draw(unit(*zeta)),
    )


def quiet(years: int, n: int = 1, **set_: Any) -> Shocks:
    """Shocks with no drift and no events; ``set_`` overrides rows, e.g. ``regime_u=[0.0]`` for year 1."""
    fields = {f.name: np.zeros((years, n)) for f in dataclasses.fields(Shocks)}
    for name in ("leader_u", "regime_u"):
        fields[name] = np.ones((years, n))
    for name, rows in set_.items():
        for t, value in enumerate(rows):
            fields[name][t] = value
    return Shocks(**fields)


def world(
    row: dict[str, Any], leader: SelectorateParams, rival: dict[str, Any] | None = None, **kw: Any
) -> Any:
    return MaintenanceParams(
        dyad=FormationParams(**row),
        leader=leader,
        rival=None if rival is None else PatronTerms(**rival),
        **kw,
    )


# --- the kernel agrees with the scalar reference; runs are reproducible ----------------------------------


@given(dyads(), leaders(), st.one_of(st.none(), rivals()), credibilities, st.integers(0, 2**32 - 1))
def test_vectorised_kernel_equals_scalar_reference(
    row: dict[str, Any], leader: SelectorateParams, rival: dict[str, Any] | None, pi_h: float, seed: int
) -> None:
    assume(rival is None or row["d"] + rival["d"] <= 1 or row["d"] - rival["d"] >= 0)
    params = world(
        row, leader, rival, credibility=pi_h, theta_sd=0.05, threat_sd=0.05, capability_sd=0.1,
        regime_hazard_base=0.1, new_leader_hazard=0.2,
    )  # fmt: skip
    shocks = draw_shocks(12, 3, rng=np.random.default_rng(seed))
    arrays = simulate_kernel(params, shocks)
    for j in range(3):
        column = {f.name: getattr(shocks, f.name)[:, j].tolist() for f in dataclasses.fields(Shocks)}
        ref = reference_simulate(params, row, rival, column)
        for t, expected in enumerate(ref):
            assert arrays.alignment[t, j] == expected["alignment"], (t, j)
            assert arrays.outcome[t, j] == expected["outcome"], (t, j)
            assert arrays.regime_change[t, j] == expected["regime_change"]
            assert arrays.leader_change[t, j] == expected["leader_change"]
            assert math.isclose(arrays.payment[t, j], expected["payment"], rel_tol=1e-7, abs_tol=1e-7)
            assert math.isclose(arrays.package[t, j], expected["package"], rel_tol=1e-7, abs_tol=1e-9)
            assert math.isclose(arrays.theta[t, j], expected["theta"], rel_tol=1e-12, abs_tol=1e-12)


def test_runs_are_reproducible_and_record_their_provenance() -> None:
    params = MaintenanceParams(rival=PatronTerms(v=80.0, d=0.3))
    one, two = simulate(params, 30, rng=11), simulate(params, 30, rng=11)
    pd_testing = pytest.importorskip("pandas.testing")
    pd_testing.assert_frame_equal(one.path, two.path)
    pd_testing.assert_frame_equal(one.events, two.events)
    assert one.record["seed"] == 11 and one.path.attrs["run_record"]["params"]["tau"] == 0.5
    assert one.record["alliancelab_version"]
    assert list(one.events.columns) == ["dyad", "year", "event", "detail"]
    assert len(one.path) == 31 and one.path["year"].tolist() == list(range(31))
    with_generator = simulate(params, 30, rng=np.random.default_rng(11))
    assert with_generator.record["seed"] is None and len(with_generator.path) == 31


def test_events_table_lists_every_event_with_its_year() -> None:
    run = simulate(MaintenanceParams(regime_hazard_base=0.2), 40, rng=3, dyads=4)
    path, events = run.path, run.events
    marked = path[path["events"] != ""]
    listed = events.groupby(["dyad", "year"]).size()
    assert sorted(listed.index) == sorted(zip(marked["dyad"], marked["year"], strict=True))
    assert (events["event"] == "regime_change").sum() == int(path["regime_change"].sum())


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_frames_equal_the_row_by_row_reference(seed: int) -> None:
    """The vectorised path and events frames equal the original loop implementation cell for cell."""
    pd_testing = pytest.importorskip("pandas.testing")
    gen = np.random.default_rng(seed)
    n = 150
    params = MaintenanceParams(
        dyad=FormationParams(d=gen.uniform(0, 0.5, n), v=gen.uniform(0, 400, n), c=gen.uniform(0, 40, n)),
        rival=PatronTerms(v=gen.uniform(0, 400, n), d=gen.uniform(0, 0.4, n), credibility=0.9),
        theta_sd=0.05, threat_sd=0.05, capability_sd=0.1, regime_hazard_base=0.1, new_leader_hazard=0.2,
    )  # fmt: skip
    run = simulate(params, 30, rng=seed, dyads=n)
    assert set(run.events["event"]) == set(reference_dynamics.CONTRACT_EVENTS) | {
        "regime_change",
        "leader_change",
    }
    pd_testing.assert_frame_equal(run.path, reference_dynamics.path_frame(run.arrays), check_exact=True)
    pd_testing.assert_frame_equal(run.events, reference_dynamics.events_frame(run.arrays), check_exact=True)


@given(
    st.lists(
        st.one_of(
            st.floats(allow_nan=True, allow_infinity=True),
            st.floats(-2.0, 2.0),
            st.integers(-(10**6), 10**6).map(lambda k: k / 2000),  # exact ties at the third decimal
            st.integers(0, 10**7).map(lambda k: k / 200 + 0.0),
        ),
        max_size=30,
    ),
    st.sampled_from([1, 2, 3]),
)
def test_fixed_point_text_is_pythons_formatting(values: list[float], digits: int) -> None:
    """Details use ``f"{v:.{digits}f}"`` exactly: ties (half to even on the binary value), -0.0, nan, inf."""
    text = paths._fixed(np.array(values, dtype=float), digits).to_pylist()
    assert text == [f"{v:.{digits}f}" for v in values]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"tau": -1.0}, "tau = -1 is outside"),
        ({"coup_W": (0.3, 0.1)}, "coup_W upper end = 0.1 is outside the allowed range [0.3, 1]"),
        ({"democratization_prob": 2.0}, "democratization_prob = 2"),
        ({"dyad": FormationParams(d=0.9), "theta_H": 0.5}, "cannot place the client"),
    ],
)
def test_out_of_domain_parameters_are_named(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(
        ParameterError, match=message.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[")
    ):
        MaintenanceParams(**kwargs)


# --- D1: rising divergence ends in termination or a higher payment ---------------------------------------


@given(dyads(), credibilities, ordered_pair(0.0, 1.0), st.one_of(st.just(-math.inf), unit(-1.0, 3.0)))
def test_D1_rising_divergence_means_termination_or_higher_payment(
    row: dict[str, Any], pi: float, ds: tuple[float, float], rival_net: float
) -> None:
    """Seed 001: "Increasing divergence of interests leads either to alliance termination or to donors
    increasing the side payments made to a small state for its policy concessions."""
    start = review(FormationParams(**{**row, "d": ds[0]}), pi, row["package"], 0.0, rival_net)
    p0 = float(start.required_payment)
    assume(math.isfinite(p0))
    later = review(FormationParams(**{**row, "d": ds[1]}), pi, row["package"], p0, rival_net)
    assert float(later.required_payment) >= p0 - 1e-9
    assert later.outcome != CODE["renegotiate_down"] or float(later.patron_margin) < -1.0
    if later.outcome == CODE["continue"]:
        assert float(later.payment) == p0 and float(later.client_margin) >= -0.01
    elif later.outcome == CODE["renegotiate_up"]:
        assert float(later.payment) > p0
    breached = row["mu"] * pi * (float(later.required_payment) - p0) > 0.01
    if breached:  # no "stay at the same price" once the client's margin is breached
        assert later.outcome in (CODE["renegotiate_up"], CODE["terminate"])


def test_D1_example_the_patron_pays_more_as_the_client_drifts_away() -> None:
    """Divergence .2 -> .6 at the standing package: the payment is renegotiated up (0 -> 33.0 USD m/yr)."""
    start = review(FormationParams(d=0.2), 0.95, 1.0, 0.0)
    later = review(FormationParams(d=0.6), 0.95, 1.0, float(start.required_payment))
    assert later.outcome == CODE["renegotiate_up"]
    assert float(later.payment) == pytest.approx(33.0119, rel=1e-4)


@given(dyads(), leaders(), unit(0.1, 3.0))
def test_D1_on_the_kernel_divergence_drift_never_lowers_the_payment(
    row: dict[str, Any], leader: SelectorateParams, z: float
) -> None:
    """Seed 001: "Increasing divergence of interests leads either to alliance termination or to donors
    increasing the side payments"; the client drifts away from H (theta_H = 0) for three years."""
    params = world(row, leader, theta_sd=0.05)
    arrays = simulate_kernel(params, quiet(3, theta=[z, z, z]))
    assume(arrays.alignment[0, 0] == 1)
    for t in range(1, 4):
        if arrays.alignment[t, 0] != 1:
            assert arrays.outcome[t, 0] == CODE["terminate"]
            break
        assert arrays.outcome[t, 0] in (CODE["continue"], CODE["renegotiate_up"])
        assert arrays.payment[t, 0] >= arrays.payment[t - 1, 0]
        now = FormationParams(**{**row, "d": arrays.divergence_H[t, 0], "mu": arrays.mu[t, 0]})
        margin = float(review(now, 0.95, arrays.package[t, 0], arrays.payment[t - 1, 0]).client_margin)
        if margin < -params.band:  # no "stay at the same price" once the client's margin is breached
            assert arrays.outcome[t, 0] == CODE["renegotiate_up"]


# --- D2, D3, D8: regime change ------------------------------------------------------------------------------

# seed 739960: phi = 1 - 2**-53 came back from the kernel's log-odds as 1 - 2**-52, doubling the commitment
# cost in a year with no shock, so a standing alliance ended with no regime or leader change at all
_QUIET_PHI_AT_ROUNDING: dict[str, Any] = {
    "T": 0.5, "phi": 1 - 2**-53, "chi": 0.0, "q0": 0.0, "d": 0.0, "sal": 0.5, "omega0": 0.125, "mu": 1.0,
    "v": 16.0, "c": 2.0, "budget": math.inf, "alpha": None, "mode": "FLEX", "package": 0.0, "beta0": 0.0,
}  # fmt: skip
_QUIET_LEADER = SelectorateParams(W=0.5, S=1.0, r=0.0, h=0.5, mu0=0.001, zeta=0.0)


def formable(row: dict[str, Any]) -> dict[str, Any]:
    """Tilt a random dyad towards a deal at year 0 (cheap commitment, no budget, leader values money)."""
    return {**row, "c": row["c"] * 0.05, "budget": math.inf, "package": max(row["package"], 0.05)}


def regime_change(
    row: dict[str, Any], leader: SelectorateParams, z: float, w_new: float | None = None, **kw: Any
) -> Any:
    w = float(leader.W) if w_new is None else w_new
    params = world(row, leader, democratization_prob=1.0, democracy_W=(w, w), regime_hazard_base=0.05, **kw)
    n = int(np.size(row["v"]))
    return simulate_kernel(params, quiet(1, n, regime_u=[0.0], regime_shift=[z]))


@given(dyads(mode="FIXED"), leaders(), unit(-4.0, 4.0))
def test_D2_regime_change_ends_in_termination_or_a_higher_price(
    row: dict[str, Any], leader: SelectorateParams, z: float
) -> None:
    """Seed 001: "a regime change in small states will be likely to cause one of the following outcomes: a)
    the new regime may terminate the existing alliance or b) the alliance remains intact in exchange for an
    increased level of side payments" (all else, W and S, equal; FIXED package)."""
    with_rc = regime_change(row, leader, z)
    without = simulate_kernel(world(row, leader), quiet(1))
    assume(with_rc.alignment[0, 0] == 1)
    assert with_rc.regime_change[1, 0]
    assert without.outcome[1, 0] == CODE["continue"]  # Pr(term | no RC) = 0 on these shocks
    if with_rc.alignment[1, 0] == 1:
        assert with_rc.outcome[1, 0] == CODE["rebargain"]
        assert with_rc.payment[1, 0] >= with_rc.payment[0, 0] - 1e-9
    else:
        assert with_rc.outcome[1, 0] == CODE["terminate"]


@given(dyads(mode="FLEX"), leaders(), unit(-4.0, 4.0))
@example(_QUIET_PHI_AT_ROUNDING, _QUIET_LEADER, 0.0)
def test_D2_flex_regime_change_ends_in_termination_or_a_higher_price_for_the_standing_package(
    row: dict[str, Any], leader: SelectorateParams, z: float
) -> None:
    """Seed 001: "the alliance remains intact in exchange for an increased level of side payments"; "If the
    alliance remains important to the great power, it will survive albeit for a higher price". FLEX: H
    re-chooses the package, so the total payment may fall (it buys fewer concessions); the price of the
    alliance as it stood, the pre-change package, rises, and H nets less from the alliance it keeps."""
    with_rc = regime_change(row, leader, z)
    without = simulate_kernel(world(row, leader), quiet(1))
    assume(with_rc.alignment[0, 0] == 1)
    assert with_rc.regime_change[1, 0] and without.outcome[1, 0] == CODE["continue"]
    (x0, x1), (p0, p1) = with_rc.package[:, 0], with_rc.payment[:, 0]
    if with_rc.alignment[1, 0] != 1:
        assert with_rc.outcome[1, 0] == CODE["terminate"]
        return
    assert with_rc.outcome[1, 0] == CODE["rebargain"]
    after = FormationParams(**{**row, "d": with_rc.divergence_H[1, 0], "mu": with_rc.mu[1, 0]})
    price_of_standing = float(review(after, 0.95, x0, p0).required_payment)
    assert price_of_standing >= p0 - 1e-9 * (1 + p0)  # keeping the alliance as it stood costs more
    assert x1 <= x0 + 1e-12  # H buys no more concessions than before
    slack = 1e-9 * (1 + row["v"] + row["c"] + p0)
    assert row["v"] * x1 - row["c"] - p1 <= row["v"] * x0 - row["c"] - p0 + slack  # and nets less


def test_D2_example_flex_payment_falls_while_the_standing_package_costs_more() -> None:
    """FLEX after a regime change that moves the client from d = .4 to .7: H keeps the alliance but buys
    only 54% of the package and pays 4.15 instead of 7.76 USD m/yr (also per unit of concession, 7.68
    against 7.76); the full package it had would now cost 33.77 USD m/yr, and H nets 12.5 instead of 27.2."""
    row = {"d": 0.4, "v": 40.0, "c": 5.0, "T": 0.5, "mode": "FLEX"}
    arrays = regime_change(row, SelectorateParams(), 0.0)
    assert arrays.alignment[:, 0].tolist() == [1, 1] and arrays.outcome[1, 0] == CODE["rebargain"]
    assert arrays.package[:, 0] == pytest.approx([1.0, 0.54031593])
    assert arrays.payment[:, 0] == pytest.approx([7.75563019, 4.14849788])
    after = FormationParams(**{**row, "d": 0.7, "mu": arrays.mu[1, 0]})
    assert float(review(after, 0.95, 1.0, 7.75563019).required_payment) == pytest.approx(33.7667, abs=1e-4)


@given(dyads(), leaders(), st.one_of(st.none(), rivals()), unit(-4.0, 4.0), ordered_pair(0.0, 400.0))
def test_D3_survival_after_regime_change_rises_with_patron_value(
    row: dict[str, Any],
    leader: SelectorateParams,
    rival: dict[str, Any] | None,
    z: float,
    vs: tuple[float, float],
) -> None:
    """Seed 001: "If the alliance remains important to the great power, it will survive albeit for a higher
    price; otherwise, the alliance will be terminated."""
    if rival is not None and not (row["d"] + rival["d"] <= 1 or row["d"] >= rival["d"]):
        rival = {**rival, "d": row["d"]}  # the rival must fit on [0, 1] beside the client
    base = formable(row)
    arrays = regime_change({**base, "v": np.array(vs)}, leader, z, rival=rival)
    assume(bool(np.all(arrays.alignment[0] == 1)))
    survives = arrays.alignment[1] == 1
    assert not (survives[0] and not survives[1])
    for i, v in enumerate(vs):  # the new regime re-bargains (tau' = 0): the scalar reference contest decides
        now = {**base, "v": v, "d": float(arrays.divergence_H[1, i]), "mu": float(arrays.mu[1, i])}
        chal = None
        if rival is not None:
            chal = {**now, **{k: x for k, x in rival.items() if k != "credibility"}}
            chal["d"] = float(arrays.divergence_R[1, i])
        pi_r = 1.0 if rival is None else rival["credibility"]
        expected = reference_contest(now, 0.95, chal, pi_r, 0.0)["winner"] == 1  # H keeps the client
        assert bool(survives[i]) == expected


def test_D3_example_a_valued_alliance_survives_the_new_regime() -> None:
    """The same regime change (W unchanged, theta moves .45 away from H) ends the alliance when H values the
    client at 40 USD m/yr and not when it values it at 60 or more; survivors pay more (41.9 against 2.6)."""
    dyad = FormationParams(d=0.3, v=np.array([40.0, 60.0, 300.0]), c=10.0, mode="FIXED")
    arrays = regime_change(
        {f.name: getattr(dyad, f.name) for f in dataclasses.fields(dyad)}, SelectorateParams(), 1.0
    )
    assert arrays.alignment[:, :].tolist() == [[1, 1, 1], [0, 1, 1]]
    assert arrays.payment[1, 1] == arrays.payment[1, 2] > 10 * arrays.payment[0, 1] > 0


@given(dyads(mode="FIXED"), leaders(), unit(-4.0, 4.0), ordered_pair(0.02, 1.0))
def test_D8_democratizing_hosts_contest_contracts_most(
    row: dict[str, Any], leader: SelectorateParams, z: float, ws: tuple[float, float]
) -> None:
    """Cooley 2008 (via reviews; not in the seeds): democratizing states are the most volatile hosts. A
    larger W after the transition makes termination or a price rise at least as likely (lambda <= gamma)."""
    contested = []
    for w in ws:
        arrays = regime_change(formable(row), leader, z, w_new=w)
        assume(arrays.alignment[0, 0] == 1)
        contested.append(arrays.alignment[1, 0] == 0 or arrays.payment[1, 0] > arrays.payment[0, 0] + 1e-9)
    assert not (contested[0] and not contested[1])


def reference_mu(leader: SelectorateParams, W: float, S: float, h: float) -> float:
    """``mu = mu0*W^-gamma*S^lambda*(1+r/rbar)^-eta*(1+h)^zeta`` (models.md (b)), in plain floats."""
    g, lam, eta, zeta = (float(getattr(leader, k)) for k in ("gamma", "lambda_", "eta", "zeta"))
    r, rbar, mu0 = float(leader.r), float(leader.rbar), float(leader.mu0)
    return mu0 * W**-g * S**lam * (1 + r / rbar) ** -eta * (1 + h) ** zeta


@given(dyads(mode="FIXED"), leaders(), unit(-4.0, 4.0), unit(0.0, 1.0))
def test_D8_democratization_contests_the_contract_more_than_a_coup(
    row: dict[str, Any], leader: SelectorateParams, z: float, u: float
) -> None:
    """Cooley 2008 (via reviews; not in the seeds): democratizing hosts (W rising through the transition)
    contest basing contracts most. The same regime change (same shocks, same draw u of the new W) as a
    democratization and as a coup: the new W is drawn from democracy_W and coup_W (models.md (d)), and
    wherever the democratizer's leader values money no more than the coup leader's (mu from the scalar
    formula of (b); a selectorate widening from far below W can reverse it), the democratization ends the
    alliance or raises the price whenever the coup does, and a survivor pays strictly more."""
    params = world(formable(row), leader, regime_hazard_base=0.05, democratization_prob=0.5)
    dem, coup = (
        simulate_kernel(params, quiet(1, regime_u=[0.0], regime_shift=[z], regime_kind_u=[k], regime_w_u=[u]))
        for k in (0.0, 0.99)
    )
    assume(dem.alignment[0, 0] == 1)
    assert dem.democratization[1, 0] and coup.regime_change[1, 0] and not coup.democratization[1, 0]
    (d_lo, d_hi), (c_lo, c_hi) = params.democracy_W, params.coup_W
    assert dem.W[1, 0] == pytest.approx(d_lo + (d_hi - d_lo) * u)
    assert coup.W[1, 0] == pytest.approx(c_lo + (c_hi - c_lo) * u)
    h = float(dem.hazard[1, 0])
    mus = [reference_mu(leader, float(run.W[1, 0]), float(run.S[1, 0]), h) for run in (dem, coup)]
    np.testing.assert_allclose([dem.mu[1, 0], coup.mu[1, 0]], mus, rtol=1e-9)
    contested = [
        run.alignment[1, 0] == 0 or run.payment[1, 0] > run.payment[0, 0] + 1e-9 for run in (dem, coup)
    ]
    if mus[0] <= mus[1]:
        assert contested[0] or not contested[1]
        survived = dem.alignment[1, 0] == 1 and coup.alignment[1, 0] == 1
        if survived and coup.payment[1, 0] > 1e-9 and mus[0] < mus[1] * (1 - 1e-9):
            assert dem.payment[1, 0] > coup.payment[1, 0]


# --- D4, D5, D6: leader change ---------------------------------------------------------------------


@given(dyads(), leaders(zeta=(0.0, 2.0)))
@example(
    {**_QUIET_PHI_AT_ROUNDING, "sal": 1.0, "omega0": 0.25, "v": 84.0, "budget": 24.0},
    dataclasses.replace(_QUIET_LEADER, S=0.5),
)  # seed 739960, as _QUIET_PHI_AT_ROUNDING
def test_D4_leader_change_alone_does_not_shake_the_alliance(
    row: dict[str, Any], leader: SelectorateParams
) -> None:
    """Seed 001: "leadership changes, both in democratic and non-democratic small states, will have minimal
    impacts on the continuation of asymmetric alliances in the short run" (zeta >= 0, no rival)."""
    params = world(row, leader)
    arrays = simulate_kernel(params, quiet(params.new_leader_periods + 1, leader_u=[0.0]))
    assume(arrays.alignment[0, 0] == 1)
    assert arrays.leader_change[1, 0]
    assert np.all(arrays.outcome[1:, 0] == CODE["continue"])
    assert arrays.mu[1, 0] >= arrays.mu[0, 0]  # the new leader's hazard makes money worth more
    h_new = min(1.0, float(leader.h) + params.new_leader_hazard)  # models.md (d): h + h_new, clipped
    expected = reference_mu(leader, float(leader.W), float(leader.S), h_new)
    assert float(arrays.mu[1, 0]) == pytest.approx(expected, rel=1e-9)
    if float(leader.zeta) > 1e-9 and float(leader.h) < 1:
        assert arrays.mu[1, 0] > arrays.mu[0, 0]


@given(dyads(mode="FIXED"), leaders(zeta=(0.0, 2.0)), unit(-4.0, 4.0), unit(0.1, 0.3))
def test_D4_leader_change_terminates_no_more_often_than_regime_change(
    row: dict[str, Any], leader: SelectorateParams, z: float, s_rc: float
) -> None:
    """Seed 001: leader changes have "minimal impacts on the continuation"; a regime change, with a larger
    swing away from the patron and no new-leader bonus, terminates whenever a leader change would."""
    lc = simulate_kernel(world(row, leader), quiet(1, leader_u=[0.0], leader_swing=[z]))
    rc = regime_change(row, leader, z, regime_shift_sd=s_rc)
    assume(lc.alignment[0, 0] == 1)
    if lc.alignment[1, 0] == 0:
        assert rc.alignment[1, 0] == 0


@given(dyads(), leaders(zeta=(-2.0, 0.0)))
def test_D4_with_negative_zeta_a_new_leader_costs_more_not_less(
    row: dict[str, Any], leader: SelectorateParams
) -> None:
    """zeta < 0 (the other reading of seed 000's "unstable political environment"): the new leader's hazard
    lowers mu, so the payment can only be renegotiated up, never down."""
    params = world(row, leader)
    arrays = simulate_kernel(params, quiet(2, leader_u=[0.0]))
    assume(arrays.alignment[0, 0] == 1)
    assert arrays.mu[1, 0] <= arrays.mu[0, 0]
    assert CODE["renegotiate_down"] not in arrays.outcome[1:, 0]


@given(dyads(), credibilities, unit(-1.0, 5.0))
def test_D5_a_rival_makes_termination_after_leader_change_likelier(
    row: dict[str, Any], pi: float, rival_net: float
) -> None:
    """Seed 001: "In the absence of any alternative great powers (as a prospective ally), a small coalition
    leader has incentives to continue the existing alliance, at least in the short run". At the review
    the kernel runs, a rival's positive net offer is added to what the client must be paid: the required
    payment is the scalar reference's, strictly higher than alone wherever anything is owed, and the
    alliance ends with the rival whenever it ends alone."""
    dyad = FormationParams(**row)
    p0 = float(review(dyad, pi, row["package"], 0.0).required_payment)
    if not math.isfinite(p0):  # an uncompensable package ends with or without a rival
        assert review(dyad, pi, row["package"], 0.0, rival_net).outcome == CODE["terminate"]
        return
    alone = review(dyad, pi, row["package"], p0)
    contested = review(dyad, pi, row["package"], p0, rival_net)
    assert float(contested.required_payment) >= float(alone.required_payment)
    outcome, _ = reference_dynamics.review(row, pi, row["package"], p0, rival_net, 0.01, 1.0)
    assert contested.outcome == outcome
    owed = float(reference_dynamics.deficit(reference_dynamics.terms(row), row["package"])) + max(
        rival_net, 0
    )
    if rival_net > 1e-9 * (1 + abs(owed)) and owed > 0:
        expected = owed / (row["mu"] * pi)
        assert float(contested.required_payment) == pytest.approx(expected, rel=1e-9)
        assert float(contested.required_payment) > float(alone.required_payment)
    if alone.outcome == CODE["terminate"]:
        assert contested.outcome == CODE["terminate"]


@given(dyads(mode="FIXED"), leaders(zeta=(0.0, 2.0)), rivals(budget=False), unit(-3.0, 3.0), unit(1e-6, 1.0))
def test_D5_on_the_kernel_a_rival_ends_the_alliance_whenever_being_alone_does(
    row: dict[str, Any], leader: SelectorateParams, rival: dict[str, Any], z: float, short: float
) -> None:
    """Seed 001: "In the absence of any alternative great powers (as a prospective ally), a small coalition
    leader has incentives to continue the existing alliance, at least in the short run". Same small-W
    leader change and shocks. The rival's value is set (from the scalar reference's deficit) so that its
    year-0 offer falls ``short`` of the client's participation: both worlds start from the same contract,
    and no example is discarded for it. The new leader values money more (zeta >= 0), so the rival's
    offer can then bite: if the alliance with H ends within the new leader's first years without a rival,
    it ends with one too."""
    row = formable(row)
    x = row["package"]
    rival = {**rival, "package": x, "c": max(rival["c"], 1.0)}
    if not (row["d"] + rival["d"] <= 1 or row["d"] >= rival["d"]):
        rival["d"] = row["d"]  # the rival must fit on [0, 1] beside the client
    small = dataclasses.replace(leader, W=min(float(leader.W), 0.25))
    kw: dict[str, Any] = {"new_leader_hazard": 0.3}
    shocks = quiet(3, leader_u=[0.0], leader_swing=[z])
    alone = simulate_kernel(world(row, small, **kw), shocks)
    assume(alone.alignment[0, 0] == 1)
    mu0, pi_r = float(alone.mu[0, 0]), rival["credibility"]
    chal = {**row, **{k: v for k, v in rival.items() if k != "credibility"}, "mu": mu0}
    deficit = reference_dynamics.deficit(reference_dynamics.terms(chal), x)
    # U_R = mu0*pi_R*(v_R*x - c_R) - D_R(x) = -short (no rival offer at all if that needs v_R*x < c_R)
    v_r = (rival["c"] + (deficit - short) / (mu0 * pi_r)) / x if deficit > short else 0.0
    rival["v"] = min(v_r, 1e12)
    contested = simulate_kernel(world(row, small, rival, **kw), shocks)
    assert contested.alignment[0, 0] == 1
    assert contested.package[0, 0] == alone.package[0, 0] and contested.payment[0, 0] == alone.payment[0, 0]
    assert alone.leader_change[1, 0] and contested.leader_change[1, 0]
    if np.any(alone.alignment[1:, 0] != 1):
        assert np.any(contested.alignment[1:, 0] != 1)


def test_D5_example_small_coalition_leader_realigns_only_with_a_rival() -> None:
    """A small-W leader change with a money-rich rival in the wings ends in realignment (the new leader
    values money more, zeta > 0); without a rival the same leader change leaves the alliance in place."""
    base: dict[str, Any] = {
        "dyad": FormationParams(d=0.3, v=120.0, T=0.7, c=10.0),
        "leader": SelectorateParams(W=0.1, S=0.8, zeta=3.0, mu0=5e-4),
        "new_leader_hazard": 0.5,
        "tau": 0.05,
    }
    rival = PatronTerms(v=170.0, d=0.3, q0=0.0, c=10.0, credibility=0.95)  # more money, no protection
    shocks = quiet(2, leader_u=[0.0])
    alone = simulate_kernel(MaintenanceParams(**base), shocks)
    contested = simulate_kernel(MaintenanceParams(**base, rival=rival), shocks)
    assert alone.alignment[:, 0].tolist() == [1, 1, 1]
    assert contested.alignment[:, 0].tolist() == [1, 2, 2]
    assert contested.outcome[1, 0] == CODE["realign"] and contested.leader_change[1, 0]


@given(ordered_pair(0.02, 1.0), unit(0.0, 0.5), unit(0.1, 3.0), unit(0.1, 3.0))
@example((0.25, 0.5), 5e-324, 0.5, 1.0)  # seed 739962: both swings underflow to the same subnormal
def test_D6_democratic_leaders_swing_policy_less(
    ws: tuple[float, float], s0: float, nu: float, z: float
) -> None:
    """Seed 001: "most democratic leaders are constrained by domestic political institutions and rely on
    the support from different segments of society, it is difficult for them to make drastic changes in
    policy."""
    low, high = leader_swing_sd(np.array(ws), s0, nu)
    assert high <= low
    assert [low, high] == pytest.approx([s0 * (1 - w) ** nu for w in ws], rel=1e-12, abs=1e-15)
    if low > np.finfo(float).tiny:  # subnormal swings (s0 = 5e-324) round both W's to the same float
        assert high < low
    params = [
        MaintenanceParams(dyad=FormationParams(d=0.5), leader=SelectorateParams(W=w, S=1.0), leader_swing=s0,
                          leader_swing_exponent=nu, theta_sd=0.0)
        for w in ws
    ]  # fmt: skip
    moves = [
        abs(simulate_kernel(p, quiet(1, leader_u=[0.0], leader_swing=[z])).theta[1, 0] - 0.5) for p in params
    ]
    assert moves[1] <= moves[0]
    # theta = .5 + s_LC(W)*z stays inside [0, 1] for these draws: the kernel moves theta by exactly that
    expected = [min(0.5, s0 * (1 - w) ** nu * z) for w in ws]
    assert moves == pytest.approx(expected, rel=1e-9, abs=1e-12)
    if expected[0] - expected[1] > 1e-12:
        assert moves[1] < moves[0]


# --- D7 (A6): capability shocks ----------------------------------------------------------------------------


def shocked(row: dict[str, Any], log_change: float) -> dict[str, Any]:
    """The scalar dyad after a capability shock (models.md (d)): M scales with K, so the odds M/Z scale by
    ``g = exp(d ln K)``, and the commitment cost follows the exposure ``T*(1-phi)``."""
    phi, g = row["phi"], math.exp(log_change)
    if phi >= 1:
        return dict(row)
    new_phi = phi * g / (phi * g + 1 - phi)
    return {**row, "phi": new_phi, "c": row["c"] * (1 - new_phi) / (1 - phi)}


@given(dyads(), leaders(), ordered_pair(0.0, 3.0), st.booleans())
@example(  # seed 20261121 (make mutants): no threat at year 0 (T = 0) once left the patron's cost unscaled
    {**_QUIET_PHI_AT_ROUNDING, "T": 0.0, "phi": 0.9739251290365507, "d": 0.31422845694203,
     "sal": 2.176242997519617, "omega0": 0.2583397745507516, "mu": 0.1, "v": 995.3377457452692, "c": 400.0,
     "alpha": 0.9412228628916751, "mode": "FIXED"},
    SelectorateParams(W=0.8595596958102678, S=0.9872767522602295, h=0.3981402722256241, mu0=0.01),
    (0.4105451622815227, 0.9612723785609483),
    False,
)  # fmt: skip
def test_D7_on_the_kernel_capability_shocks_raise_the_renegotiation_hazard(
    row: dict[str, Any], leader: SelectorateParams, sizes: tuple[float, float], gain: bool
) -> None:
    """Morrow 1991 (not in the seeds): "the greater the change in its members' individual capabilities, the
    more likely it will be broken". Through the simulation kernel (what `alliancelab maintain` runs): a
    capability shock of size |d ln K| in year 1, nothing else moving. The year-1 review equals the scalar
    reference's review of the shocked dyad (phi by the odds, the patron's cost scaled with the client's
    exposure), and a larger shock of the same sign renegotiates or terminates whenever a smaller one does.
    """
    row = formable(row)
    sign = 1.0 if gain else -1.0
    params = world(row, leader, capability_sd=1.0)
    runs = [simulate_kernel(params, quiet(1, capability=[sign * z])) for z in sizes]
    assume(runs[0].alignment[0, 0] == 1)
    x0, p0, mu = float(runs[0].package[0, 0]), float(runs[0].payment[0, 0]), float(runs[0].mu[0, 0])
    year0 = {**row, "mu": mu, "d": float(runs[0].divergence_H[0, 0])}
    events = []
    for z, run in zip(sizes, runs, strict=True):
        expected, paid = reference_dynamics.review(
            shocked(year0, sign * z), 0.95, x0, p0, -math.inf, 0.01, 1.0
        )
        assert run.outcome[1, 0] == expected, (z, run.outcome[1, 0], expected)
        if expected != reference_dynamics.TERMINATE:
            assert math.isclose(float(run.payment[1, 0]), paid, rel_tol=1e-9, abs_tol=1e-9)
        events.append(expected != reference_dynamics.CONTINUE)
    assert events[1] or not events[0]


def test_D7_example_a_capability_loss_breaks_the_alliance_through_the_patrons_cost() -> None:
    """A client at phi = .8 loses 2 log points of capability (phi -> .35): the patron's commitment cost
    rises from 30 to about 97 USD m/yr with the client's exposure, more than the 100 USD m/yr package is
    worth net of the payment, so the alliance ends; without the shock it continues."""
    params = MaintenanceParams(
        dyad=FormationParams(phi=0.8, c=30.0, v=100.0, mode="FIXED", d=0.3), capability_sd=1.0
    )
    calm = simulate_kernel(params, quiet(1))
    hit = simulate_kernel(params, quiet(1, capability=[-2.0]))
    assert calm.alignment[:, 0].tolist() == [1, 1] and calm.outcome[1, 0] == CODE["continue"]
    assert hit.outcome[1, 0] == CODE["terminate"] and hit.alignment[1, 0] == 0


@given(dyads(), credibilities, ordered_pair(0.0, 3.0))
def test_D7_capability_gains_squeeze_the_clients_margin(
    row: dict[str, Any], pi: float, gains: tuple[float, float]
) -> None:
    """Morrow 1991 (not in the seeds): "the greater the change in its members' individual capabilities, the
    more likely it will be broken". A gain makes protection worth less, so the renegotiation/termination
    hazard on the client's side rises with the size of the gain."""
    dyad = FormationParams(**row)
    p0 = float(review(dyad, pi, row["package"], 0.0).required_payment)
    assume(math.isfinite(p0))
    small, large = (review(capability_shock(dyad, g), pi, row["package"], p0) for g in gains)
    assert float(large.client_margin) <= float(small.client_margin) + 1e-9
    for result in (small, large):  # a breached margin is never left standing at the old price
        if float(result.client_margin) < -0.01:
            assert result.outcome in (CODE["renegotiate_up"], CODE["terminate"])


# phi within rounding of 1: the shocked cost c*(1-phi')/(1-phi) once cancelled to 0 and the margin rose
_PHI_AT_ROUNDING = {
    "T": 0.0,
    "phi": 1 - 2**-53,
    "chi": 0.0,
    "q0": 0.0,
    "d": 0.0,
    "sal": 1.0,
    "omega0": 0.5,
    "mu": 1.0,
    "v": 0.0,
    "c": 1.0,
    "budget": math.inf,
    "alpha": None,
    "mode": "FIXED",
    "package": 0.0,
    "beta0": 0.0,
}


@given(dyads(), credibilities, ordered_pair(0.0, 3.0))
@example(_PHI_AT_ROUNDING, 1.0, (0.0, 0.5))
def test_D7_capability_losses_squeeze_the_patrons_margin(
    row: dict[str, Any], pi: float, losses: tuple[float, float]
) -> None:
    """Morrow 1991: capability change raises the break hazard; a loss raises the patron's commitment cost
    (exposure T*(1-phi) grows), so the patron's margin falls with the size of the loss."""
    dyad = FormationParams(**row)
    p0 = float(review(dyad, pi, row["package"], 0.0).required_payment)
    assume(math.isfinite(p0))
    small, large = (review(capability_shock(dyad, -g), pi, row["package"], p0) for g in losses)
    assert float(large.patron_margin) <= float(small.patron_margin) + 1e-9
