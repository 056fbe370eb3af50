"""Rival patrons (section (c)): claims C1-C6 as property tests; the kernel against the scalar reference."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
import reference_dynamics
from dynamics_strategies import credibilities, rivals, switching_costs
from formation_strategies import dyads, ordered_pair, unit
from hypothesis import assume, example, given
from hypothesis import strategies as st
from reference_dynamics import contest as reference_contest

from alliancelab.errors import ParameterError
from alliancelab.theory.formation import FormationParams, deficit_at, security_terms, solve
from alliancelab.theory.realignment import (
    ContestParams,
    PatronTerms,
    best_offer,
    competitive_payment,
    contract_for,
    patron_dyad,
    realignment_gain,
    realigns,
    solve_contest,
)

TOL = 1e-7


def contest(row: dict[str, Any], rival: dict[str, Any] | None, pi_h: float, tau: float, **over: Any) -> Any:
    """Solve with fields replaced by arrays (``over``: dyad fields, ``rival_<field>``, pi_h, tau)."""
    dyad = {**row, **{k: v for k, v in over.items() if k in row}}
    terms = None
    if rival is not None:
        terms = PatronTerms(**{**rival, **{k[6:]: v for k, v in over.items() if k.startswith("rival_")}})
    return solve_contest(
        ContestParams(FormationParams(**dyad), terms, over.get("pi_h", pi_h), over.get("tau", tau))
    )


def close_or_above(a: float, b: float) -> bool:
    return a >= b or math.isclose(a, b, rel_tol=1e-9, abs_tol=TOL)


# --- the kernel agrees with the scalar reference --------------------------------------------------------


@given(st.lists(st.tuples(dyads(), rivals(), credibilities, switching_costs), min_size=1, max_size=20))
def test_vectorised_contest_equals_scalar_reference(rows: list[Any]) -> None:
    mode = rows[0][0]["mode"]
    rows = [(d | {"mode": mode, "alpha": rows[0][0]["alpha"]}, r, pi, tau) for d, r, pi, tau in rows]
    keys = [k for k in rows[0][0] if k not in ("mode", "alpha")]
    dyad = FormationParams(
        **{k: np.array([r[0][k] for r in rows]) for k in keys}, mode=mode, alpha=rows[0][0]["alpha"]
    )
    terms = PatronTerms(**{k: np.array([r[1][k] for r in rows]) for k in rows[0][1]})
    pis, taus = np.array([r[2] for r in rows]), np.array([r[3] for r in rows])
    sol = solve_contest(ContestParams(dyad, terms, pis, taus))
    for i, (d, r, pi, tau) in enumerate(rows):
        ref = reference_contest(
            d, pi, {**d, **{k: r[k] for k in r if k != "credibility"}}, r["credibility"], tau
        )
        assert sol.winner[i] == ref["winner"]
        assert math.isclose(sol.package[i], ref["package"], rel_tol=1e-9, abs_tol=1e-9)
        assert math.isclose(sol.payment[i], ref["payment"], rel_tol=1e-9, abs_tol=1e-9)


def test_broadcasting_gives_the_grid_shape() -> None:
    dyad = FormationParams(d=np.linspace(0, 1, 7)[:, None])
    rival = PatronTerms(v=np.linspace(0, 300, 5)[None, :])
    sol = solve_contest(ContestParams(dyad, rival))
    assert sol.payment.shape == (7, 5) and sol.winner.shape == (7, 5)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda: ContestParams(credibility=0.0),
            "credibility (pi_H) = 0 is outside the allowed range (0, 1]",
        ),
        (lambda: ContestParams(tau=-1.0), "tau = -1 is outside"),
        (lambda: PatronTerms(credibility=1.5), "rival credibility (pi_R) = 1.5"),
        (lambda: PatronTerms(d=2.0), "rival d = 2 is outside the allowed range [0, 1]"),
    ],
)
def test_out_of_domain_parameters_are_named(make: Any, message: str) -> None:
    with pytest.raises(
        ParameterError, match=message.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[")
    ):
        make()


# --- C5: without a rival the patron pays the reservation price -------------------------------------------


@given(dyads(), credibilities)
def test_C5_monopolist_pays_exactly_the_reservation_price(row: dict[str, Any], pi_h: float) -> None:
    """Seed 001: "In the absence of any alternative great powers ..., a small coalition leader has
    incentives to continue"; BdM&S 2016: "a dominant donor captures all the surplus from any deal"."""
    row["beta0"] = 0.0
    sol = contest(row, None, pi_h, 0.5)
    at_one = contest(row, None, 1.0, 0.5)
    formation = solve(FormationParams(**row))
    if bool(at_one.winner == 1) != bool(formation.forms):  # only a zero surplus up to rounding may differ:
        assert abs(float(formation.surplus)) * row["mu"] <= 1e-12  # the contest reads u >= -1e-12 utils as 0
        return
    if formation.forms:
        assert math.isclose(float(at_one.payment), float(formation.payment), rel_tol=1e-9, abs_tol=1e-9)
        assert math.isclose(float(at_one.package), float(formation.package), rel_tol=1e-9, abs_tol=1e-12)
        assert float(competitive_payment(FormationParams(**row))) == float(at_one.payment)
    if sol.winner == 1 and not sol.budget_binds:
        p_min = float(
            solve(FormationParams(**{**row, "mode": "FIXED", "package": float(sol.package)})).payment
        )
        assert math.isclose(pi_h * float(sol.payment), p_min, rel_tol=1e-9, abs_tol=1e-9)
        assert float(sol.need) == 0.0


# --- C1, C2: a stronger rival raises the payment and lowers the concessions ------------------------------


def challenger(row: dict[str, Any], rival: dict[str, Any], **over: Any) -> dict[str, Any]:
    """The rival as a dyad of the scalar reference: the client's fields with the rival's terms."""
    return {**row, **{k: v for k, v in rival.items() if k != "credibility"}, **over}


@given(dyads(), rivals(), credibilities, switching_costs, ordered_pair(0.0, 1000.0))
def test_C1_payment_rises_when_the_rival_is_stronger(
    row: dict[str, Any], rival: dict[str, Any], pi_h: float, tau: float, v_r: tuple[float, float]
) -> None:
    """Seed 001: "the trade-off theory predicts that interest divergence between recipient and donor, as
    well as the availability of alternative donors, affect the flow of aid".

    Expected payments come from the scalar reference contest, not from the solution's own fields. An
    incumbent that keeps its client against a rival with a positive net offer pays at least the monopoly
    price, strictly more whenever it pays anything within its budget (the client must be given the rival's
    offer on top of its deficit); the payment rises with the rival's value at slope ``pi_R/pi_H`` per unit
    of ``G_R`` while the package stays put."""
    sol = contest(row, rival, pi_h, tau, rival_v=np.array(v_r))
    mono = contest(row, None, pi_h, tau)
    mono_ref = reference_contest(row, pi_h, None, 1.0, tau)
    assert int(mono.winner) == mono_ref["winner"]
    assert math.isclose(float(mono.payment), mono_ref["payment"], rel_tol=1e-9, abs_tol=1e-9)
    refs = [reference_contest(row, pi_h, challenger(row, rival, v=v), rival["credibility"], tau) for v in v_r]
    for i, ref in enumerate(refs):
        assert sol.winner[i] == ref["winner"]
        assert math.isclose(float(sol.payment[i]), ref["payment"], rel_tol=1e-9, abs_tol=1e-9)
        kept = ref["winner"] == 1 and mono_ref["winner"] == 1 and not sol.budget_binds[i]
        if kept and ref["rival_offer"] > 1e-9:
            assert ref["payment"] >= mono_ref["payment"] - 1e-9 * (1 + mono_ref["payment"])
            if ref["payment"] > 1e-9:
                assert ref["payment"] > mono_ref["payment"]
    assert close_or_above(float(sol.rival_offer[1]), float(sol.rival_offer[0]))
    if all(r["winner"] == 1 for r in refs):
        assert close_or_above(refs[1]["payment"], refs[0]["payment"])
        same_package = refs[0]["package"] == refs[1]["package"]
        if (
            same_package
            and not np.any(sol.budget_binds)
            and refs[0]["payment"] > 0
            and refs[0]["rival_offer"] > 0
        ):
            # pi_R/pi_H per unit of G_R
            slope = (refs[1]["rival_offer"] - refs[0]["rival_offer"]) / (row["mu"] * pi_h)
            assert math.isclose(sol.payment[1] - sol.payment[0], slope, rel_tol=1e-6, abs_tol=1e-6)


def test_C1_example_a_rival_raises_the_price_of_keeping_the_client() -> None:
    """Pakistan-like dyad (d = .4, T = .6): alone, H pays the reservation price; a rival valuing the
    client at 80 USD m/yr makes H pay more to keep it, at the same package."""
    dyad = FormationParams(d=0.4, T=0.6, mode="FIXED", package=1.0)
    mono = solve_contest(ContestParams(dyad, None, 0.95, 0.1))
    rivalled = solve_contest(ContestParams(dyad, PatronTerms(v=80.0, d=0.4, credibility=0.9), 0.95, 0.1))
    assert int(mono.winner) == int(rivalled.winner) == 1
    fields = (
        "T",
        "phi",
        "chi",
        "q0",
        "d",
        "sal",
        "omega0",
        "mu",
        "v",
        "c",
        "budget",
        "alpha",
        "mode",
        "package",
    )
    scalars = {f: getattr(dyad, f) for f in fields}
    expected = reference_contest(scalars, 0.95, None, 1.0, 0.1)["payment"]
    assert float(mono.payment) == pytest.approx(expected, rel=1e-9)
    assert float(rivalled.payment) > float(mono.payment) + 1.0


@given(dyads(budget=True), rivals(), credibilities, switching_costs, ordered_pair(0.0, 1000.0))
def test_C2_concessions_fall_under_competition_when_budgets_bind(
    row: dict[str, Any], rival: dict[str, Any], pi_h: float, tau: float, v_r: tuple[float, float]
) -> None:
    """BdM&S 2016: "When there are rival donors, recipients can extract greater amounts of aid while
    granting smaller policy concessions" (not in the seeds)."""
    sol = contest(row, rival, pi_h, tau, rival_v=np.array(v_r))
    mono = contest(row, None, pi_h, tau)
    st_h = security_terms(FormationParams(**row))
    for i in range(2):  # a capped contract still gives the client what the rival would: x is cut to x_B
        if sol.winner[i] == 1 and sol.budget_binds[i]:
            gives = row["mu"] * pi_h * sol.payment[i] - deficit_at(
                sol.package[i], st_h.alpha, np.log(st_h.ratio), st_h.delta
            )
            assert gives >= sol.need[i] - 1e-7 * (1 + abs(float(sol.need[i])))
    if np.all(sol.winner == 1):
        assert sol.package[1] <= sol.package[0] + TOL
        if sol.budget_binds[1] and sol.need[1] > sol.need[0] + 1e-6 and row["mode"] == "FLEX":
            assert sol.package[1] < sol.package[0]
    for i in range(2):
        if sol.winner[i] == 1 and mono.winner == 1:
            assert sol.package[i] <= float(mono.package) + TOL


@given(dyads(mode="FLEX"), credibilities, ordered_pair(0.0, 1.0), unit(0.0, 0.2))
def test_C2_a_capped_contract_cuts_concessions_to_meet_a_higher_offer(
    row: dict[str, Any], pi: float, shares: tuple[float, float], budget_share: float
) -> None:
    """BdM&S 2016: "When there are rival donors, recipients can extract greater amounts of aid while
    granting smaller policy concessions". With the payment capped at the budget, the incumbent meets a
    higher rival offer (``need``, here a share of what the budget is worth to the client) only by asking
    less: ``x = x_B``, decreasing in ``need``."""
    dyad = FormationParams(**{**row, "budget": budget_share * row["v"]})
    needs = np.array(shares) * row["mu"] * pi * float(dyad.budget)
    x, p, ok, binds = contract_for(dyad, needs, pi)
    st_h = security_terms(dyad)
    for i in range(2):
        if ok[i] and binds[i]:  # the client gets exactly what it needs, at the budget
            assert p[i] == dyad.budget
            gives = row["mu"] * pi * p[i] - deficit_at(x[i], st_h.alpha, np.log(st_h.ratio), st_h.delta)
            assert math.isclose(gives, needs[i], rel_tol=1e-7, abs_tol=1e-9) or (
                x[i] == 0 and gives > needs[i]
            )
    if ok.all() and binds.all():
        assert x[1] <= x[0]
        if needs[1] > needs[0] + 1e-6:
            assert x[1] < x[0] or x[1] == x[0] == 0.0


# --- C3, C6: who realigns ---------------------------------------------------------------------------------


#: A rival whose only offer is a sliver of a concession for nothing: its net offer is -3e-280 utils, which
#: the contest reads as 0 (participation up to its 1e-12-util rounding slack), against an incumbent that
#: cannot break even (offer -inf). Found by a local (random) run; CI's examples never reached it.
_ROUNDING_RIVAL = {
    "row": {"T": 0.0, "phi": 0.0, "chi": 0.0, "q0": 0.0, "d": 0.5, "sal": 1.0, "omega0": 0.1, "mu": 0.01,
            "v": 0.0, "c": 1.0, "budget": math.inf, "alpha": 0.5, "mode": "FIXED", "package": 1.0,
            "beta0": 0.0},
    "rival": {"v": 0.0, "c": 0.0, "d": 0.5, "chi": 0.0, "q0": 0.0, "budget": math.inf, "credibility": 1.0,
              "package": 1e-279},
    "pi_h": 1.0,
    "tau": 0.0,
    "v_r": (0.0, 1.0),
}  # fmt: skip
U_SLACK = 1e-12  # utils: the contest's participation slack (an offer of -1e-300 is rounding, not a refusal)


@given(dyads(), rivals(), credibilities, switching_costs, ordered_pair(0.0, 1000.0))
@example(**_ROUNDING_RIVAL)
def test_C3_realignment_rises_with_the_rivals_offer(
    row: dict[str, Any], rival: dict[str, Any], pi_h: float, tau: float, v_r: tuple[float, float]
) -> None:
    """Seed 001: "If there are substitute great powers who are willing to offer more side payments than
    the small state is getting (or expected to get) from the existing alliance ... then the net value of
    realignment with another great power will increase."

    The rule, with offers from the scalar reference (tests/theory/reference_dynamics.py): R wins iff its
    net offer ``U_R - tau`` is acceptable (``>= -1e-12`` utils) and beats H's, ties going to H; the winner
    equals the reference's, and a higher rival value never turns a realignment back."""
    sol = contest(row, rival, pi_h, tau, rival_v=np.array(v_r))
    assert not (sol.realigns[0] and not sol.realigns[1])
    for i in range(2):
        chal = {**row, **{k: rival[k] for k in rival if k != "credibility"}, "v": v_r[i]}
        ref = reference_contest(row, pi_h, chal, rival["credibility"], tau)
        assert sol.winner[i] == ref["winner"]
        u_r = ref["rival_offer"]
        got = float(sol.rival_offer[i])
        assert got == u_r or math.isclose(got, u_r, rel_tol=1e-9, abs_tol=1e-12)
        if sol.realigns[i]:  # R's net offer is acceptable up to the slack and strictly beats H's
            assert sol.rival_offer[i] >= -U_SLACK and sol.rival_offer[i] > sol.incumbent_offer[i]
        elif sol.winner[i] == 1:
            assert sol.incumbent_offer[i] >= sol.rival_offer[i]


#: H's offer is -8e-157 utils (read as 0) for a package of 1.7e-156, but its budget of 0 cannot pay the
#: 8e-157 USD m it owes: H cannot keep the client although its offer passes the slack (found locally).
_UNPAYABLE_SLIVER = {
    "row": {"T": 0.0, "phi": 0.0, "chi": 0.0, "q0": 0.0, "d": 0.0, "sal": 1.0, "omega0": 0.5, "mu": 1.0,
            "v": 0.0, "c": 0.0, "budget": 0.0, "alpha": None, "mode": "FIXED",
            "package": 1.6903821673191527e-156, "beta0": 0.0},
    "rival": {"v": 0.0, "c": 0.0, "d": 0.0, "chi": 0.0, "q0": 0.0, "budget": math.inf, "credibility": 1.0,
              "package": 0.0},
    "pi_h": 1.0,
    "taus": (0.0, 1.0),
}  # fmt: skip


@given(dyads(), rivals(), credibilities, ordered_pair(0.0, 3.0))
@example(**_UNPAYABLE_SLIVER)
def test_C3_realignment_falls_with_the_switching_cost(
    row: dict[str, Any], rival: dict[str, Any], pi_h: float, taus: tuple[float, float]
) -> None:
    """Seed 001: "a small state leader chooses to realign with another great power when the leader expects
    a higher payoffs of net value from the new alliance" (net of the cost of switching)."""
    sol = contest(row, rival, pi_h, np.array(taus))
    assert not (sol.realigns[1] and not sol.realigns[0])
    dyad = FormationParams(**row)
    gross = float(best_offer(patron_dyad(dyad, PatronTerms(**rival)), rival["credibility"]).utility)
    for i, tau in enumerate(taus):  # realign iff the rival's offer beats the incumbent's by more than tau
        bar = max(0.0, float(sol.incumbent_offer[i]))
        if gross - tau > bar + 1e-7:
            assert sol.realigns[i]
        elif gross - tau < bar - 1e-7:
            assert not sol.realigns[i]
            # H keeps it if it can: an offer of -1e-12 utils or more is 0 up to rounding, and the contract
            # must fit the budget (the scalar reference contest decides both)
            ref = reference_contest(row, pi_h, challenger(row, rival), rival["credibility"], tau)
            assert sol.winner[i] == ref["winner"]
            assert ref["winner"] == 0 or sol.incumbent_offer[i] >= -U_SLACK


@given(dyads(), rivals(), credibilities, switching_costs, ordered_pair(0.0, 1000.0))
def test_C3_realignment_falls_with_the_incumbents_value(
    row: dict[str, Any], rival: dict[str, Any], pi_h: float, tau: float, v_h: tuple[float, float]
) -> None:
    """Seed 001: realignment follows "the net value of realignment"; a patron that values the client more
    bids more to keep it."""
    sol = contest(row, rival, pi_h, tau, v=np.array(v_h))
    assert not (sol.realigns[1] and not sol.realigns[0])


@given(
    dyads(), unit(0.0, 1.0), unit(0.0, 1.0), unit(0.0, 1.0), unit(0.0, 2.0), unit(1e-6, 500.0), credibilities
)
def test_C4_rival_with_no_worse_costs_and_more_money_wins(
    row: dict[str, Any], d_share: float, x_share: float, q_gain: float, tau: float, extra: float, pi_r: float
) -> None:
    """Seed 001: "If there are substitute great powers who are willing to offer more side payments than
    the small state is getting ... and the expected costs for small states are equal to (or less than) the
    existing level, then the net value of realignment with another great power will increase." [REVISED]:
    sufficient, not necessary."""
    dyad = FormationParams(**row)
    rival = PatronTerms(
        d=row["d"] * d_share,
        q0=row["q0"] + (1 - row["q0"]) * q_gain,
        chi=max(row["chi"], 0.0),
        credibility=pi_r,
    )
    x_h, p_h = row["package"], 50.0
    x_r = x_h * x_share  # no more concessions, at no larger autonomy cost (d_R <= d_H)
    p_r = (0.95 * p_h + (tau + extra * row["mu"]) / row["mu"]) / pi_r
    st_h, st_r = (
        security_terms(dyad),
        security_terms(FormationParams(**{**row, "d": rival.d, "q0": rival.q0})),
    )
    assert st_r.delta * x_r <= st_h.delta * x_h + 1e-12
    assert row["chi"] < 0 or float(st_r.security_aligned) >= float(st_h.security_aligned) - 1e-12
    assume(x_h * float(st_h.delta) < 1 - 1e-3)  # the standing package must be compensable at all
    if row["chi"] >= 0:
        assert realigns(dyad, (x_h, p_h), rival, (x_r, p_r), credibility=0.95, tau=tau)
        gain = realignment_gain(dyad, (x_h, p_h), rival, (x_r, p_r), credibility=0.95)
        assert gain >= row["mu"] * (pi_r * p_r - 0.95 * p_h) - 1e-9


@given(
    dyads(),
    unit(0.0, 1.0),
    unit(0.0, 1.0),
    unit(0.0, 1.0),
    switching_costs,
    unit(1e-6, 5.0),
    credibilities,
    credibilities,
)
def test_C4_on_the_contest_a_rival_with_no_worse_costs_and_more_money_wins(
    row: dict[str, Any],
    d_share: float,
    q_gain: float,
    chi_gain: float,
    tau: float,
    extra: float,
    pi_h: float,
    pi_r: float,
) -> None:
    """Seed 001: "If there are substitute great powers who are willing to offer more side payments than
    the small state is getting ... and the expected costs for small states are equal to (or less than) the
    existing level, then the net value of realignment with another great power will increase." Through
    the contest the CLI solves: the client is aligned with H (H's best offer, from the scalar reference, is
    acceptable); R asks for no more autonomy (d_R <= d_H, same package) and protects no worse (q0_R >= q0_H,
    chi_R >= chi_H), and its value is set so that at H's package its delivered payment beats H's by the
    switching cost plus ``extra`` utils: the client realigns."""
    # tilt the draw towards a standing alliance (cheap commitment, valued client, money that matters)
    row = {**row, "c": 0.05 * row["c"], "v": 100 + row["v"], "mu": max(row["mu"], 0.01),
           "budget": max(row["budget"], 500.0)}  # fmt: skip
    u_h, x_h, p_h = reference_dynamics.best_offer(row, pi_h)
    if not (u_h >= 0 and x_h > 1e-6):
        return  # no standing alliance with H to realign from (or no package to price)
    rival = {
        "d": row["d"] * d_share,
        "q0": row["q0"] + (1 - row["q0"]) * q_gain,
        "chi": row["chi"] + (1 - row["chi"]) * chi_gain,
        "c": row["c"],
        "budget": math.inf,
        "credibility": pi_r,
        "package": row["package"],
    }
    p_r = (pi_h * p_h + (tau + extra) / row["mu"]) / pi_r  # mu*(pi_R*p_R - pi_H*p_H) = tau + extra
    rival["v"] = (p_r + rival["c"]) / x_h
    assume(rival["v"] < 1e12)
    sol = contest(row, rival, pi_h, tau)
    assert sol.realigns, (u_h, float(sol.rival_offer), float(sol.incumbent_offer))


def test_C4_money_can_compensate_a_higher_concession_cost() -> None:
    """The condition is sufficient, not necessary: realignment with a costlier package, paid for."""
    dyad = FormationParams(d=0.2)
    rival = PatronTerms(d=0.6, credibility=1.0)
    assert realigns(dyad, (1.0, 10.0), rival, (1.0, 400.0), credibility=1.0, tau=0.5)
    assert not realigns(dyad, (1.0, 10.0), rival, (1.0, 10.0), credibility=1.0, tau=0.5)


@given(dyads(), rivals(), credibilities, switching_costs, ordered_pair(-1.0, 1.0))
def test_C6_patron_backing_the_adversary_makes_realignment_likely(
    row: dict[str, Any], rival: dict[str, Any], pi_h: float, tau: float, chis: tuple[float, float]
) -> None:
    """Seed 001: the theory "traces changes in alliance relations over time in response to changing
    strategic interests of allies"; chi_H < 0 (H backs the client's adversary) lowers H's protection.

    H's best offer rises with chi by at least what the client's security gain rises at a given package,
    ``alpha*(ln ratio(chi') - ln ratio(chi))`` from the scalar reference's terms (q as in models.md 0.2),
    so strictly wherever the client is exposed and the protection moves (also for chi < 0)."""
    sol = contest(row, rival, pi_h, tau, chi=np.array(chis))
    assert not (sol.realigns[1] and not sol.realigns[0])
    u_lo, u_hi = float(sol.incumbent_offer[0]), float(sol.incumbent_offer[1])
    assert close_or_above(u_hi, u_lo)
    lo, hi = (reference_dynamics.terms({**row, "chi": chi}) for chi in chis)
    gain = hi["alpha"] * (hi["lr"] - lo["lr"])  # alpha does not depend on chi
    if math.isfinite(u_lo) and gain > 1e-9 * (1 + abs(u_lo)):
        assert u_hi - u_lo >= gain * (1 - 1e-6)


def test_C6_example_adversary_backing_flips_the_client() -> None:
    """A rival that loses to a patron sharing the client's threat (chi = .5) wins once the patron backs the
    client's adversary (chi = -.9)."""
    row = {"d": 0.4, "v": 150.0, "c": 20.0, "T": 0.6, "chi": np.array([-0.9, 0.5])}
    sol = solve_contest(ContestParams(FormationParams(**row), PatronTerms(v=200.0, d=0.4, credibility=0.9)))
    assert sol.realigns.tolist() == [True, False]
