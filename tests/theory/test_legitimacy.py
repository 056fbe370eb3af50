"""Security-for-legitimacy exchange (models.md (f)): claims F1-F5, F6 as an open question, scoring."""

from __future__ import annotations

import itertools
import json
import math
from typing import Any

import numpy as np
import pandas as pd
import pytest
from formation_strategies import dyads, ordered_pair
from formation_strategies import unit as unit_range
from hypothesis import assume, given
from hypothesis import strategies as st
from reference_formation import reference_solve

from alliancelab.errors import DataError, ParameterError
from alliancelab.report import legitimacy_report
from alliancelab.theory.formation import FormationParams, solve
from alliancelab.theory.legitimacy import (
    ContestedAction,
    LegitimacyParams,
    expected_legitimacy,
    hegemon_payoff,
    legitimacy,
    legitimacy_valuation,
    legitimating_weight,
    linkage_credibility,
    marginal_legitimacy,
    support_probability,
    vote_probability,
)

unit = st.floats(0.0, 1.0)
positive_unit = st.floats(0.01, 1.0)


@st.composite
def legitimacy_params(draw: st.DrawFn) -> LegitimacyParams:
    return LegitimacyParams(
        base_weight=draw(st.floats(0.01, 1.0)),
        size_elasticity=draw(unit),
        formal_discount=draw(st.floats(0.01, 0.99)),
        distance_premium=draw(st.floats(0.01, 2.0)),
        visibility_discount=draw(st.floats(0.01, 0.99)),
        linkage_base=draw(positive_unit),
        linkage_democracy=draw(st.floats(0.0, 0.5)),
        punishment_share=draw(positive_unit),
        vote_intercept=draw(st.floats(-2.0, 2.0)),
        vote_benefit_slope=draw(st.floats(0.001, 0.05)),
        vote_cost_slope=draw(st.floats(0.001, 0.05)),
    )


# -- F1, F2 ---------------------------------------------------------------------------------------------


@given(
    legitimacy_params(),
    st.floats(0.5, 200.0),
    st.floats(0.002, 0.1),
    unit,
    unit,
    st.floats(0.1, 1.0),
    st.floats(0.0, 3.0),
)
def test_F1_allies_vote_with_the_hegemon_more_than_non_allies_at_equal_distance(
    p: LegitimacyParams, ben: float, mu: float, theta: float, theta_v: float, importance: float, sal: float
) -> None:
    """Seed 002: the authors' explanation rests on "an analysis of voting data in the UN GA": allies that
    receive guarantees vote with the hegemon more often on important votes than non-allies at equal
    ideal-point distance (Dreher et al. 2008; Carter & Stone 2015)."""
    action = ContestedAction(issue_position=theta_v, salience=sal, importance=importance)
    ally = vote_probability(ben, mu, theta, action, params=p)
    non_ally = vote_probability(0.0, mu, theta, action, params=p)
    assume(0 < non_ally < 1 and ally < 1)  # the logistic is not saturated in floating point
    assert ally > non_ally


@given(legitimacy_params(), st.floats(0.5, 200.0), st.floats(0.002, 0.1), unit, st.floats(0.0, 50.0))
def test_F2_allies_support_contested_uses_of_force_more_than_non_allies(
    p: LegitimacyParams, ben: float, mu: float, theta: float, cost: float
) -> None:
    """Seed 002: evidence from "the record of supporting U.S. actions against both Iraq in 2003 and ISIS in
    2014–2017": allies are more likely to support the hegemon's contested uses of force."""
    action = ContestedAction(importance=0.0)  # a use of force counts as important whatever the roll-call flag
    ally = support_probability(ben, mu, theta, action, participation_cost=cost, params=p)
    non_ally = support_probability(0.0, mu, theta, action, participation_cost=cost, params=p)
    assume(0 < non_ally < 1 and ally < 1)
    assert ally > non_ally


# -- F3, F4 ---------------------------------------------------------------------------------------------


@given(legitimacy_params(), st.floats(0.01, 100.0), unit, unit, unit, unit)
def test_F3_informal_obligations_legitimate_more(
    p: LegitimacyParams, size: float, f1: float, f2: float, d: float, vis: float
) -> None:
    """Seed 002: "this lack of legal expression of the allegiance to the hegemon could, the authors argue,
    turn out in the latter's own interests, as it increases the legitimating effect of support from the
    allies" (dl/dF < 0)."""
    assume(abs(f1 - f2) > 1e-6)
    lo, hi = sorted((f1, f2))
    assert legitimating_weight(size, hi, d, vis, p) < legitimating_weight(size, lo, d, vis, p)


@given(legitimacy_params(), st.floats(0.01, 100.0), unit, unit, unit, unit, unit)
def test_F4_distant_supporters_legitimate_more_and_visibly_paid_ones_less(
    p: LegitimacyParams, size: float, f: float, d1: float, d2: float, v1: float, v2: float
) -> None:
    """Seed 002 cites "Coalition of the bribed and bullied?" (ref. 38): support from preference-distant
    states legitimates more (Thompson 2006), visibly paid support less (dl/dd > 0, dl/dVis < 0)."""
    assume(abs(d1 - d2) > 1e-6 and abs(v1 - v2) > 1e-6)
    (d_lo, d_hi), (v_lo, v_hi) = sorted((d1, d2)), sorted((v1, v2))
    assert legitimating_weight(size, f, d_hi, v_lo, p) > legitimating_weight(size, f, d_lo, v_lo, p)
    assert legitimating_weight(size, f, d_lo, v_hi, p) < legitimating_weight(size, f, d_lo, v_lo, p)


# -- F5 -------------------------------------------------------------------------------------------------


@given(dyads(), ordered_pair(0.0, 2000.0), unit_range(0.0, 1.0), unit_range(0.0, 5.0), unit_range(0.0, 500.0))
def test_F5_patron_payments_rise_with_legitimacy_demand(
    row: dict[str, Any], lams: tuple[float, float], weight: float, n_contested: float, v_base: float
) -> None:
    """Seed 002: "in exchange for military security guarantees, small and middle countries provide
    legitimization of unpopular foreign policy actions of the hegemon". The legitimacy term raises
    ``v_H,i``, and through formation (a) -- :func:`solve`, what the CLI runs -- the expected payment:
    ``dE[p]/dlambda >= 0`` `[REVISED]`, with payments equal to the scalar reference's, and strictly where
    the patron buys an interior FLEX package it pays for (the FOC buys more as v rises)."""
    lo, hi = lams
    v = [float(legitimacy_valuation(v_base, lam, weight, n_contested)) for lam in lams]
    assert v == pytest.approx([v_base + lam * weight * n_contested for lam in lams], rel=1e-12)
    if (hi - lo) * weight * n_contested > 1e-9 * (1 + v_base):
        assert v[1] > v[0]
    row = {**row, "beta0": 0.0}
    solution = solve(FormationParams(**{**row, "v": np.array(v)}))
    expected_payment = np.where(solution.forms, solution.payment, 0.0)
    refs = [reference_solve({**row, "v": value}) for value in v]
    np.testing.assert_allclose(
        expected_payment, [r["payment"] if r["forms"] else 0.0 for r in refs], rtol=1e-9, atol=1e-12
    )
    assert expected_payment[1] >= expected_payment[0] - 1e-9 * max(1.0, expected_payment[0])
    low = refs[0]
    interior = low["free_concession"] < low["interior_concession"] < low["max_concession"]
    slack = not (refs[0]["budget_binds"] or refs[1]["budget_binds"])
    if row["mode"] == "FLEX" and low["forms"] and interior and slack and v[1] > v[0] * (1 + 1e-9):
        assert expected_payment[1] > expected_payment[0]


def test_F5_payment_strictly_rises_for_an_interior_flex_package() -> None:
    """Kuziemko & Werker 2006 (+59% US aid on a UNSC seat): more legitimacy demand, a larger payment."""
    values = [float(legitimacy_valuation(50.0, lam, 0.2, 2.0)) for lam in (0.0, 100.0, 300.0)]
    solution = solve(FormationParams(T=0.6, d=0.6, sal=1.5, v=np.array(values)))
    assert solution.forms.all() and np.all(np.diff(solution.payment) > 0)
    assert np.all(np.diff(solution.package) > 0)


# -- F6: an open empirical question ---------------------------------------------------------------------


def test_F6_the_model_leaves_the_sign_of_regime_type_open() -> None:
    """models.md F6 (Carter & Stone 2015): "Regime type cuts both ways on compliance: large W lowers mu
    (votes 'cost' more) while democracy raises linkage credibility; net sign is an empirical question."

    Not a claim test: it checks that the model does not hard-code a sign. Democracy (Dem = 1, smaller mu)
    raises the vote probability where the credibility channel dominates and lowers it where the cost
    channel dominates; docs/models/legitimacy.md discusses how data would settle it.
    """
    action = ContestedAction(issue_position=1.0)

    def democracy_effect(ben: float, theta: float) -> float:
        dem = vote_probability(ben, 0.005, theta, action, democracy=1.0)
        aut = vote_probability(ben, 0.01, theta, action, democracy=0.0)
        return float(dem - aut)

    assert democracy_effect(ben=400.0, theta=1.0) > 0  # close to H: credibility channel wins
    assert democracy_effect(ben=20.0, theta=0.3) < 0  # distant: the vote costs a democracy more


# -- production, payoff, expectations -------------------------------------------------------------------


@given(st.lists(st.floats(0.0, 2.0), min_size=1, max_size=8), st.data())
def test_legitimacy_rises_in_supporters_and_is_concave(weights: list[float], data: st.DataObject) -> None:
    """Legit(S) = 1 - exp(-sum l_j): more supporters never lower legitimacy; returns diminish."""
    base = data.draw(st.lists(st.booleans(), min_size=len(weights), max_size=len(weights)))
    more = [True] * len(weights)
    assert legitimacy(weights, more) >= legitimacy(weights, base)
    assert 0 <= legitimacy(weights, base) < 1
    one = legitimacy([1.0], [1])
    assert legitimacy([1.0, 1.0], [1, 1]) - one < one  # concave: the second unit adds less


def test_expected_and_marginal_legitimacy_match_enumeration() -> None:
    """Vectorised closed forms == brute-force sum over all 2^n support profiles (scalar reference)."""
    w = np.array([0.3, 0.7, 0.1, 0.5])
    pr = np.array([0.2, 0.9, 0.5, 0.4])
    exact, with_j, without_j = 0.0, np.zeros(4), np.zeros(4)
    for profile in itertools.product([0, 1], repeat=4):
        s = np.array(profile)
        prob = float(np.prod(np.where(s == 1, pr, 1 - pr)))
        value = 1 - math.exp(-float((w * s).sum()))
        exact += prob * value
        for j in range(4):
            others = prob / (pr[j] if s[j] else 1 - pr[j])
            (with_j if s[j] else without_j)[j] += others * value
    assert float(expected_legitimacy(w, pr)) == pytest.approx(exact, rel=1e-12)
    np.testing.assert_allclose(marginal_legitimacy(w, pr), with_j - without_j, rtol=1e-12)


def test_marginal_legitimacy_stays_finite_when_a_sure_supporter_saturates_legitimacy() -> None:
    """A heavy supporter that surely supports makes its factor underflow to 0: its marginal value is its
    own ``1 - exp(-l)`` times the others' factors, and the others add nothing."""
    got = marginal_legitimacy([800.0, 0.5, 0.3], [1.0, 0.5, 0.2])
    others = (1 - 0.5 * -math.expm1(-0.5)) * (1 - 0.2 * -math.expm1(-0.3))
    np.testing.assert_allclose(got, [others, 0.0, 0.0], rtol=1e-12)
    stacked = marginal_legitimacy(np.array([[0.3, 0.7, 0.1], [0.5, 0.5, 0.5]]), np.array([0.2, 0.9, 0.5]))
    np.testing.assert_allclose(stacked[0], marginal_legitimacy([0.3, 0.7, 0.1], [0.2, 0.9, 0.5]))


def test_expected_legitimacy_matches_simulation(rng: np.random.Generator) -> None:
    w = np.array([0.3, 0.7, 0.1, 0.5, 0.2])
    pr = np.array([0.2, 0.9, 0.5, 0.4, 0.6])
    draws = rng.random((200_000, 5)) < pr
    simulated = float(legitimacy(w, draws).mean())
    assert float(expected_legitimacy(w, pr)) == pytest.approx(simulated, abs=3e-3)


def test_hegemon_payoff_counts_payments_of_supporters_only() -> None:
    payoff = hegemon_payoff(100.0, 40.0, 1000.0, [0.5, 0.5], [1, 0], payments=[10.0, 99.0])
    assert float(payoff) == pytest.approx(100 - 40 + 1000 * (1 - math.exp(-0.5)) - 10)


def test_linkage_credibility_is_higher_for_democracies() -> None:
    """Carter & Stone 2015: US "linkages are more credible when directed toward democratic countries"."""
    assert linkage_credibility(1.0) > linkage_credibility(0.0)
    assert float(linkage_credibility(1.0, LegitimacyParams(linkage_base=0.9, linkage_democracy=0.5))) == 1.0


def test_legitimating_weight_matches_the_formula_and_rejects_bad_input() -> None:
    got = legitimating_weight(4.0, 1.0, 0.5, 1.0)
    assert float(got) == pytest.approx(0.2 * 2.0 * 0.5 * 1.25 * 0.5)
    with pytest.raises(ParameterError, match=r"formal_obligation \(F\) = 2 is outside the allowed range"):
        legitimating_weight(1.0, 2.0, 0.1, 0.0)
    with pytest.raises(ParameterError, match="size"):
        legitimating_weight(0.0, 0.0, 0.1, 0.0)


# -- scoring a table ------------------------------------------------------------------------------------


def _states() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "state": ["UK", "Japan", "Poland", "India"],
            "ideal_point": [0.9, 0.85, 0.8, 0.3],
            "formal_obligation": [1, 1, 0, 0],
            "visible_payment": [0.0, 0.0, 0.5, 0.0],
            "benefit": [30.0, 40.0, 25.0, 0.0],
            "democracy": [1, 1, 1, 1],
        }
    )


def test_score_states_adds_scores_and_records_expected_legitimacy() -> None:
    scored = legitimacy_report.frame(_states(), action=ContestedAction(legitimacy_value=500.0))
    for column in ("legitimating_weight", "vote_probability", "support_probability", "marginal_value"):
        assert column in scored.columns and scored[column].notna().all()
    by_state = scored.set_index("state")
    assert by_state.loc["India", "legitimating_weight"] > by_state.loc["UK", "legitimating_weight"]  # F4
    assert by_state.loc["UK", "support_probability"] > by_state.loc["India", "support_probability"]
    assert 0 < scored.attrs["expected_legitimacy"] < 1
    assert scored.attrs["expected_legitimacy_value"] == pytest.approx(
        500 * scored.attrs["expected_legitimacy"]
    )
    json.dumps(scored.attrs)


def test_score_states_errors_name_the_source_the_column_and_what_is_allowed() -> None:
    frame = _states().drop(columns="visible_payment")
    with pytest.raises(
        DataError, match=r"states\.csv: missing column 'visible_payment'; columns allowed: state"
    ):
        legitimacy_report.frame(frame, source="states.csv")
    with pytest.raises(DataError, match="unknown column 'gdp'"):
        legitimacy_report.frame(_states().assign(gdp=1.0), source="states.csv")
    bad = _states()
    bad.loc[2, "ideal_point"] = 1.7
    with pytest.raises(DataError, match=r"column 'ideal_point', row 4 \(state 'Poland'\): value 1\.7"):
        legitimacy_report.frame(bad, source="states.csv")
    with pytest.raises(DataError, match="no states"):
        legitimacy_report.frame(_states().iloc[:0], source="states.csv")
    with pytest.raises(
        DataError,
        match=r"column 'size', row 2 \(state 'UK'\): value inf is outside the allowed range \(0, inf\)$",
    ):
        legitimacy_report.frame(_states().assign(size=[np.inf, 1.0, 1.0, 1.0]), source="states.csv")
