"""One year of an episode: the state that carries over, the year's events, and the model's decision.

Used by :mod:`alliancelab.cases.episodes.runner`. Every decision returns the inequality that made it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from alliancelab.cases.episodes.coding import CONSTANTS
from alliancelab.cases.episodes.loader import EpisodeEvent
from alliancelab.theory.facility_holdup import PAID, HoldupTerms, facility_holdup
from alliancelab.theory.formation import FormationParams
from alliancelab.theory.maintenance import OUTCOME_LABELS, offer_at, review
from alliancelab.theory.packages import PackageBounds, bounded_dyad
from alliancelab.theory.ratification import VetoPlayer, ratification_price, yes_share
from alliancelab.theory.realignment import PatronTerms, best_offer, contest_kernel, contract_for, patron_dyad
from alliancelab.theory.selectorate import SelectorateParams

__all__ = ["State", "apply_event", "apply_phase", "decide", "hazard_now", "market"]

# review outcome codes, looked up by label (the package's public names, not its file layout)
TERMINATE, UP, DOWN = (OUTCOME_LABELS.index(k) for k in ("terminate", "renegotiate_up", "renegotiate_down"))
_DYAD_FIELDS = ("T", "phi", "chi", "q0", "d", "sal", "v", "c", "budget", "package")


@dataclass
class State:
    """What carries over between years (mutable inside one run only)."""

    dyad: FormationParams
    leader: SelectorateParams
    bounds: PackageBounds
    credibility: float
    rivals: dict[str, PatronTerms]
    present: dict[str, bool]
    alignment: str = "none"
    package: float = 0.0
    payment: float = 0.0
    tenure: int = 1_000
    restore_budget: dict[int, float] = field(default_factory=dict)


def _patron(state: State, name: str, patron: str) -> tuple[FormationParams, float]:
    """The dyad and credibility of patron ``name`` (the episode's patron gets its package bounds)."""
    if name == patron:
        return bounded_dyad(state.dyad, state.bounds), state.credibility
    terms = state.rivals[name]
    return patron_dyad(state.dyad, terms), float(terms.credibility)


def _best_challenger(state: State, incumbent: str, patron: str) -> tuple[str, FormationParams, float] | None:
    """The present patron (other than ``incumbent``) whose best offer gives the client the most utility."""
    names = [patron] if incumbent != patron else []
    names += [n for n, here in state.present.items() if here and n != incumbent]
    best: tuple[float, str, FormationParams, float] | None = None
    for name in names:
        dyad, pi = _patron(state, name, patron)
        utility = float(best_offer(dyad, pi).utility)
        if best is None or utility > best[0]:
            best = (utility, name, dyad, pi)
    return None if best is None else best[1:]


def market(
    state: State, patron: str, incumbent: str, *, alone: bool = False
) -> tuple[str, float, float, str]:
    """Contest for an unaligned client (or re-bargaining from scratch, ``tau' = 0``): winner, x, p, reason.

    ``alone``: the incumbent's monopoly offer, rivals ignored (the contract of an alliance already standing
    when the episode starts).
    """
    inc_dyad, pi_inc = _patron(state, incumbent, patron)
    chal = None if alone else _best_challenger(state, incumbent, patron)
    sol = contest_kernel(inc_dyad, pi_inc, None if chal is None else (chal[1], chal[2]), 0.0)
    winner = int(sol.winner)
    g_h, u_h, u_r = float(sol.incumbent_surplus), float(sol.incumbent_offer), float(sol.rival_offer)
    if (
        float(np.asarray(state.bounds.ceiling)) < float(np.asarray(state.bounds.minimum))
        and incumbent == patron
    ):
        why = f"x_cap = {float(state.bounds.ceiling):.2f} < x_min = {float(state.bounds.minimum):.2f}: "
        why += "the client will not host the minimum package"
    elif chal is None:
        sign = ">=" if winner else "<"
        why = f"G_{incumbent} = {g_h:,.0f} {sign} 0 (best offer within budget, client's money)"
    else:
        why = f"U_{incumbent} = {u_h:.3f} vs U_{chal[0]} = {u_r:.3f} (best offers, utils)"
    name = {0: "none", 1: incumbent, 2: chal[0] if chal else "none"}[winner]
    return name, float(sol.package), float(sol.payment), why


def _review(state: State, patron: str) -> tuple[str, str]:
    """Section (d)'s review of the standing contract, with realignment to the best challenger."""
    inc_dyad, pi_inc = _patron(state, state.alignment, patron)
    chal = _best_challenger(state, state.alignment, patron)
    tau = float(CONSTANTS["tau"])
    rival_net = -np.inf
    if chal is not None:
        rival_net = float(best_offer(chal[1], chal[2]).utility) - tau
    rev = review(
        inc_dyad, pi_inc, state.package, state.payment, rival_net,
        band=float(CONSTANTS["band"]), transaction_cost=float(CONSTANTS["transaction_cost"]),
    )  # fmt: skip
    outcome = int(rev.outcome)
    p_req, surplus = float(rev.required_payment), float(rev.surplus)
    if outcome == TERMINATE:
        if chal is not None:
            at_x = max(float(offer_at(inc_dyad, state.package, pi_inc)), 0.0)
            x_sw, p_sw, ok, _ = contract_for(chal[1], tau + at_x, chal[2])
            if rival_net > at_x and bool(ok):
                left = state.alignment
                state.alignment, state.package, state.payment = chal[0], float(x_sw), float(p_sw)
                return (
                    "realign",
                    f"U_{chal[0]} - tau = {rival_net:.3f} > {at_x:.3f} = what {left} gives at x",
                )
        budget = float(np.asarray(inc_dyad.budget))
        if not np.isfinite(p_req):
            why = "x*delta >= 1 - eps: no payment compensates the standing package"
        elif p_req > budget:
            why = f"p_req = {p_req:,.0f} > B = {budget:,.0f}: the budget cannot pay the standing package"
        else:
            why = f"G = v*x - c - p_req = {surplus:,.0f} < 0: the standing package no longer pays"
        state.alignment, state.package, state.payment = "none", 0.0, 0.0
        return "terminate", why
    z, y = float(rev.client_margin), float(rev.patron_margin)
    old = state.payment
    state.payment = float(rev.payment)
    if outcome == UP:
        return "renegotiate-up", f"Z = {z:.3f} < -b_neg: p {old:,.0f} -> {state.payment:,.0f}"
    if outcome == DOWN:
        return (
            "renegotiate-down",
            f"Y = v*x - c - p = {y:,.0f} < -k_neg: p {old:,.0f} -> {state.payment:,.0f}",
        )
    return "continue", f"Z = {z:.3f} >= -b_neg, Y = {y:,.0f} >= -k_neg, G = {surplus:,.0f} >= 0"


def _holdup(state: State, patron: str, event: EpisodeEvent) -> tuple[str, str] | None:
    values = event.values
    inc_dyad, pi_inc = _patron(state, state.alignment, patron)
    if "sal" in values:
        inc_dyad = dataclasses.replace(inc_dyad, sal=values["sal"])
    terms = HoldupTerms(
        facilities=values["facilities"], duration=values["duration"],
        relocation=values.get("relocation", np.inf), suspended=values.get("suspended", 1.0),
        share=float(CONSTANTS["holdup_share"]),
    )  # fmt: skip
    out = facility_holdup(inc_dyad, state.package, state.payment, terms, pi_inc)
    loss, rcost = float(out.client_loss), float(out.patron_loss)
    if not bool(out.credible):
        return None
    if int(out.response) == PAID:
        state.payment = float(out.payment)
        return (
            "hold-up-paid",
            f"-L = {-loss:,.0f} <= R = {rcost:,.0f}: the patron pays {float(out.demand):,.0f}",
        )
    state.package, state.payment = float(out.package), float(out.payment)
    code, why = _review(state, patron)
    prefix = f"-L = {-loss:,.0f} > R = {rcost:,.0f}: the patron lets the facilities go"
    return ("terminate" if code == "terminate" else "hold-up-let-go"), f"{prefix}; then {why}"


def _ratify(state: State, event: EpisodeEvent, patron: str) -> tuple[bool, str]:
    """The veto player's vote on the year's contract; the patron pays the price of ratification if it can."""
    values = event.values
    veto = VetoPlayer(
        W=values.get("W", float(np.asarray(state.leader.W))), salience=values.get("salience", 1.0),
        spread=float(CONSTANTS["veto_spread"]), threshold=values["threshold"],
    )  # fmt: skip
    inc_dyad, pi_inc = _patron(state, state.alignment, patron)
    leader = dataclasses.replace(state.leader, h=hazard_now(state))
    who, threshold = event.names.get("veto", "the veto player"), float(np.asarray(veto.threshold))
    share = float(yes_share(inc_dyad, leader, veto, state.package, state.payment, pi_inc))
    if share >= threshold:
        return True, f"yes share = {share:.3f} >= {threshold:.3f} ({who})"
    price = float(ratification_price(inc_dyad, leader, veto, state.package, pi_inc))
    limit = min(
        float(np.asarray(inc_dyad.budget)),
        float(np.asarray(inc_dyad.v)) * state.package - float(np.asarray(inc_dyad.c)),
    )
    if price <= limit:
        old, state.payment = state.payment, price
        return (
            True,
            f"p_V = {price:,.0f} <= {limit:,.0f}: p {old:,.0f} -> {price:,.0f} carries {who}",
        )
    return False, f"yes share = {share:.3f} < {threshold:.3f} and p_V = {price:,.0f} > {limit:,.0f} ({who})"


def hazard_now(state: State) -> float:
    """The leader's hazard this year: ``h + h_new`` during a new leader's first ``L0`` years."""
    h_new = float(CONSTANTS["new_leader_hazard"]) * (state.tenure < int(CONSTANTS["new_leader_periods"]))
    return float(np.clip(float(np.asarray(state.leader.h)) + h_new, 0, 1))


def apply_event(state: State, event: EpisodeEvent) -> None:
    values, names = event.values, event.names
    if event.kind in ("regime-change", "leader-change"):
        if "shift" in values:
            state.dyad = dataclasses.replace(
                state.dyad, d=float(np.clip(float(state.dyad.d) + values["shift"], 0, 1))
            )
        if "h" in values:
            state.leader = dataclasses.replace(state.leader, h=values["h"])
        state.tenure = 0
    if event.kind == "regime-change":
        w, s = (
            values.get("W", float(np.asarray(state.leader.W))),
            values.get("S", float(np.asarray(state.leader.S))),
        )
        state.leader = dataclasses.replace(state.leader, W=w, S=max(s, w))
        if "ceiling" in values:
            state.bounds = dataclasses.replace(state.bounds, ceiling=values["ceiling"])
    elif event.kind in ("rival-entry", "rival-exit"):
        state.present[names["rival"]] = event.kind == "rival-entry"
    elif event.kind == "rival-offer":
        changes = {k: values[k] for k in ("v", "budget", "credibility") if k in values}
        state.rivals[names["rival"]] = dataclasses.replace(state.rivals[names["rival"]], **changes)
        state.present[names["rival"]] = True
    elif event.kind == "budget-cut":
        state.dyad = dataclasses.replace(state.dyad, budget=values["budget"])
    elif event.kind == "embargo":
        if "until" in values:
            state.restore_budget[int(values["until"])] = float(np.asarray(state.dyad.budget))
        state.dyad = dataclasses.replace(state.dyad, budget=0.0)


def apply_phase(state: State, overrides: Mapping[str, float]) -> None:
    dyad_changes: dict[str, Any] = {k: v for k, v in overrides.items() if k in _DYAD_FIELDS}
    if dyad_changes:
        state.dyad = dataclasses.replace(state.dyad, **dyad_changes)
    if "credibility" in overrides:
        state.credibility = overrides["credibility"]
    leader_changes = {k: overrides[k] for k in ("h", "r") if k in overrides}
    if leader_changes:
        state.leader = dataclasses.replace(state.leader, **leader_changes)
    bound_changes = {k: overrides[k] for k in ("minimum", "ceiling") if k in overrides}
    if bound_changes:
        state.bounds = dataclasses.replace(state.bounds, **bound_changes)


def decide(state: State, patron: str, todays: list[EpisodeEvent], rc: bool) -> tuple[str, str, bool]:
    """This year's decision: the market, a re-bargain, or the review; then hold-up and ratification."""
    ratification = next((e for e in todays if e.kind == "ratification"), None)
    holdup = next((e for e in todays if e.kind == "hold-up"), None)
    old_payment, price_up = state.payment, False
    x_now = state.package
    out_of_bounds = state.alignment == patron and not (
        float(np.asarray(state.bounds.minimum)) - 1e-12
        <= x_now
        <= float(np.asarray(state.bounds.ceiling)) + 1e-12
    )
    if state.alignment not in ("none", patron) and not state.present.get(state.alignment, False):
        left = state.alignment
        state.alignment, state.package, state.payment = "none", 0.0, 0.0
        return "terminate", f"{left} has left (rival-exit): the alliance ends with its patron", False
    if state.alignment == "none":
        name, x, p, why = market(state, patron, patron)
        if name == "none":
            return "unaligned", why, False
        state.alignment, state.package, state.payment = name, x, p
        code = "form"
    elif rc or out_of_bounds:
        incumbent = state.alignment
        name, x, p, why = market(state, patron, incumbent)
        state.alignment, state.package, state.payment = (
            name,
            (x if name != "none" else 0.0),
            (p if name != "none" else 0.0),
        )
        code = "terminate" if name == "none" else ("rebargain" if name == incumbent else "realign")
        price_up = code == "rebargain" and p > old_payment * (1 + float(CONSTANTS["price_change"]))
        if code == "rebargain":
            why = f"{why}; p {old_payment:,.0f} -> {p:,.0f}"
    else:
        code, why = _review(state, patron)
    if holdup is not None and state.alignment != "none":
        result = _holdup(state, patron, holdup)
        if result is None:
            why = f"{why}; hold-up threat not credible (the client would lose by closing)"
        else:
            code, why = result
    if ratification is not None and state.alignment != "none":
        ok, vote = _ratify(state, ratification, patron)
        if not ok:  # a new deal that fails the vote never takes effect; a standing one ends
            state.alignment, state.package, state.payment = "none", 0.0, 0.0
            return ("no-deal" if code == "form" else "not-ratified"), f"{why}; {vote}", False
        why = f"{why}; {vote}"
    return code, why, price_up
