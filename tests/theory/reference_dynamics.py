"""Scalar references for rival-patron competition (section (c)) and maintenance (section (d)).

Plain-Python ``math``, one client at a time, written from models.md without importing the vectorised
modules, so that agreement checks the array kernels (``where`` branches, broadcasting, role swaps) and not a
copy of them. Dyads are dicts of scalars keyed like ``FormationParams``; patrons' terms like ``PatronTerms``.
"""

from __future__ import annotations

import math
from typing import Any

NONE, FORM, CONTINUE, UP, DOWN, TERMINATE, REALIGN, REBARGAIN = range(8)
INF = math.inf
PATRON_FIELDS = ("v", "c", "d", "chi", "q0", "budget", "package")


def terms(p: dict[str, Any]) -> dict[str, float]:
    """alpha, ln(sA/s0), delta, xbar, sA and the compensability guard of one dyad."""
    T, phi, chi, q0 = p["T"], p["phi"], p["chi"], p["q0"]
    alpha = p.get("alpha")
    if alpha is None:
        alpha = min(0.95, max(0.05, p.get("a0", 0.3) + p.get("a1", 0.6) * T))
    q = q0 + (1 - q0) * chi if chi >= 0 else q0 * (1 + chi)
    s0, sa = 1 - T * (1 - phi), 1 - T * (1 - phi) * (1 - q)
    delta = p["sal"] * (p["omega0"] + p["d"])
    eps = p.get("eps", 1e-3)
    return {
        "alpha": alpha,
        "lr": math.log(sa / s0),
        "delta": delta,
        "xbar": min(1.0, (1 - eps) / delta),
        "sa": sa,
        "guard": (1 - eps) * (1 + 8 * 2.220446049250313e-16),
    }


def _logistic(x: float) -> float:
    """``1/(1 + e**-x)``, 0 where ``e**-x`` overflows."""
    try:
        return 1 / (1 + math.exp(-x))
    except OverflowError:
        return 0.0


def _ratio(a: float, b: float) -> float:
    try:
        return a / b
    except (OverflowError, ZeroDivisionError):
        return INF


def deficit(t: dict[str, float], x: float) -> float:
    if x * t["delta"] > t["guard"]:
        return INF
    return -t["alpha"] * t["lr"] - (1 - t["alpha"]) * math.log1p(-x * t["delta"])


def best_offer(p: dict[str, Any], pi: float) -> tuple[float, float, float]:
    """(U, x, payment): the most client utility the patron gives while breaking even within budget."""
    t = terms(p)
    mu, v, c, budget = p["mu"], p["v"], p["c"], p["budget"]
    if p["mode"] == "FLEX":
        if v > 0:
            x_lo, x_cap = _ratio(c, v), _ratio(budget + c, v)
            x_int = 1 / t["delta"] - _ratio(1 - t["alpha"], mu * pi * v)
        else:
            x_lo, x_cap, x_int = (0.0 if c == 0 else INF), INF, -INF
        if x_lo > t["xbar"]:
            return -INF, 0.0, 0.0
        x = min(max(x_int, x_lo), min(x_cap, t["xbar"]))
    else:
        x = p["package"]
        if v * x - c < 0:
            return -INF, 0.0, 0.0
    pay = min(max(v * x - c, 0.0), budget)
    dx = deficit(t, x)
    if math.isinf(dx):
        return -INF, x, pay
    return mu * pi * pay - dx, x, pay


def contract_for(p: dict[str, Any], need: float, pi: float) -> tuple[float, float, bool]:
    """Cheapest (x, p) giving the client ``need`` utils, with the budget cap; and whether it is feasible."""
    t = terms(p)
    mu, v, c, budget, a = p["mu"], p["v"], p["c"], p["budget"], t["alpha"]
    if p["mode"] == "FLEX":
        try:
            x_need = -math.expm1((need - a * t["lr"]) / (1 - a)) / t["delta"]
        except OverflowError:
            x_need = -INF
        x_int = 1 / t["delta"] - _ratio(1 - a, mu * pi * v) if v > 0 else -INF
        x = min(max(max(x_need, x_int), 0.0), t["xbar"])
    else:
        x = p["package"]
    owed = deficit(t, x) + need
    pay = 0.0 if owed <= 0 else owed / (mu * pi)
    if pay > budget:
        if p["mode"] != "FLEX" or math.isinf(pay):
            return x, pay, False
        y = pi * budget - need / mu
        try:
            x_b = -math.expm1(-(mu * y + a * t["lr"]) / (1 - a)) / t["delta"]
        except OverflowError:
            x_b = -INF
        x, pay = min(x, x_b), budget
        if x < -1e-9:
            return x, pay, False
        x = max(x, 0.0)
    ok = math.isfinite(pay) and v * x - c - pay >= -1e-9 * (1 + abs(v) + abs(c))
    return x, pay, ok


def contest(
    inc: dict[str, Any], pi_inc: float, chal: dict[str, Any] | None, pi_chal: float, tau: float
) -> dict[str, Any]:
    """Bertrand contest; winner 0 none, 1 incumbent, 2 challenger (ties to the incumbent)."""
    u_h = best_offer(inc, pi_inc)[0]
    u_r = best_offer(chal, pi_chal)[0] - tau if chal is not None else -INF
    winner, x, pay = 0, 0.0, 0.0
    if u_h >= -1e-12 and u_h >= u_r:
        x, pay, ok = contract_for(inc, max(u_r, 0.0), pi_inc)
        winner = 1 if ok else 0
    elif u_r >= -1e-12 and chal is not None:
        x, pay, ok = contract_for(chal, tau + max(u_h, 0.0), pi_chal)
        winner = 2 if ok else 0
    if winner == 0:
        x, pay = 0.0, 0.0
    return {"winner": winner, "package": x, "payment": pay, "incumbent_offer": u_h, "rival_offer": u_r}


def offer_at(p: dict[str, Any], x: float, pi: float) -> float:
    gross = p["v"] * x - p["c"]
    dx = deficit(terms(p), x)
    if gross < 0 or math.isinf(dx):
        return -INF
    return p["mu"] * pi * min(max(gross, 0.0), p["budget"]) - dx


def review(
    p: dict[str, Any], pi: float, x: float, pay: float, rival_net: float, band: float, k_neg: float
) -> tuple[int, float]:
    """(outcome, new payment) of the per-period review at the standing package."""
    need = max(rival_net, 0.0)
    owed = deficit(terms(p), x) + need
    p_req = 0.0 if owed <= 0 else owed / (p["mu"] * pi)
    slack = 1e-9 * (1 + abs(p["v"]) + abs(p["c"]))
    if math.isinf(p_req) or p["v"] * x - p["c"] - p_req < -slack or p_req > p["budget"] + slack:
        return TERMINATE, pay
    if p["mu"] * pi * (pay - p_req) < -band:
        return UP, min(p_req, p["budget"])
    if p["v"] * x - p["c"] - pay < -k_neg:
        return DOWN, min(p_req, p["budget"])
    return CONTINUE, pay


def conversion_rate(leader: Any, W: float, S: float, h: float) -> float:
    return (
        leader.mu0
        * W ** (-leader.gamma)
        * S**leader.lambda_
        * (1 + leader.r / leader.rbar) ** (-leader.eta)
        * (1 + h) ** leader.zeta
    )


def simulate(
    mp: Any, dyad: dict[str, Any], rival: dict[str, Any] | None, shocks: dict[str, list[float]]
) -> list[dict[str, Any]]:
    """One client's years; ``mp`` a MaintenanceParams (scalars read), shocks per year for this client."""
    years = len(shocks["theta"])
    theta_h = mp.theta_H
    theta = theta_h + dyad["d"] if theta_h + dyad["d"] <= 1 else theta_h - dyad["d"]
    theta_r = math.nan
    if rival is not None:
        side = 1.0 if theta >= theta_h else -1.0
        theta_r = theta + side * rival["d"]
        if not 0 <= theta_r <= 1:
            theta_r = theta - side * rival["d"]
    t0, phi = dyad["T"], dyad["phi"]
    threat, exposure0 = t0, t0 * (1 - phi)
    log_odds = INF if phi == 1 else (-INF if phi == 0 else math.log(phi) - math.log1p(-phi))
    remaining = 1 - phi  # 1 - phi from the odds each year, never as a difference of a rounded phi
    W, S, h_base = mp.leader.W, mp.leader.S, mp.leader.h
    tenure, L0, h_new = mp.new_leader_periods, mp.new_leader_periods, mp.new_leader_hazard
    align, x, pay = 0, 0.0, 0.0
    out = []
    for t in range(years + 1):
        lc = rc = dem = False
        if t > 0:
            s = t - 1
            theta = min(1.0, max(0.0, theta + mp.theta_sd * shocks["theta"][s]))
            threat = t0 + mp.threat_persistence * (threat - t0) + mp.threat_sd * shocks["threat"][s]
            threat = min(1 - 1e-3, max(0.0, threat))
            log_odds = log_odds + mp.growth + mp.capability_sd * shocks["capability"][s]
            remaining = _logistic(-log_odds)
            phi = 1 - remaining if log_odds > 0 else _logistic(log_odds)
            h_start = min(1.0, max(0.0, h_base + (h_new if tenure < L0 else 0.0)))
            rc = shocks["regime_u"][s] < min(1.0, mp.regime_hazard_base + mp.regime_hazard_slope * h_start)
            lc = (not rc) and shocks["leader_u"][s] < h_start
            if lc:
                swing = mp.leader_swing * (1 - W) ** mp.leader_swing_exponent
                theta = min(1.0, max(0.0, theta + swing * shocks["leader_swing"][s]))
                tenure = 0
            else:
                tenure += 1
            if rc:
                dem = shocks["regime_kind_u"][s] < mp.democratization_prob
                lo, hi = mp.democracy_W if dem else mp.coup_W
                W = lo + (hi - lo) * shocks["regime_w_u"][s]
                S = max(S, W)
                patron_theta = theta_r if align == 2 else theta_h
                away = int(theta > patron_theta) - int(theta < patron_theta)
                if away == 0:
                    away = 1 if patron_theta <= 0.5 else -1
                shift = abs(mp.regime_shift_mean + mp.regime_shift_sd * shocks["regime_shift"][s])
                theta = min(1.0, max(0.0, theta + away * shift))
        h = min(1.0, max(0.0, h_base + (h_new if tenure < L0 else 0.0)))
        mu = conversion_rate(mp.leader, W, S, h)
        by_phi = _ratio(remaining, 1 - dyad["phi"]) if dyad["phi"] < 1 else 1.0  # T_0 = 0: 1 - phi alone
        scale = _ratio(threat * remaining, exposure0) if exposure0 > 0 else by_phi
        big = 1.7976931348623157e308  # a cost that overflows is the largest float (no package covers it)
        cost_h = min(dyad["c"] * scale, big) if dyad["c"] > 0 else 0.0
        p_h = {**dyad, "T": threat, "phi": phi, "d": abs(theta - theta_h), "mu": mu, "c": cost_h}
        p_r = None
        if rival is not None:
            p_r = {**p_h, **{k: rival[k] for k in PATRON_FIELDS}}
            p_r["d"], p_r["c"] = (
                abs(theta - theta_r),
                (min(rival["c"] * scale, big) if rival["c"] > 0 else 0.0),
            )
        pis = {1: mp.credibility, 2: rival["credibility"] if rival is not None else 1.0}
        inc_label = 2 if align == 2 else 1
        chal_label = 3 - inc_label
        parties = {1: p_h, 2: p_r}
        inc, chal = parties[inc_label], parties[chal_label]
        market = contest(inc, pis[inc_label], chal, pis[chal_label], 0.0)
        if (align > 0 and rc) or (align == 0 and (mp.reform or t == 0)):
            won = market["winner"]
            new_align = inc_label if won == 1 else (chal_label if won == 2 else 0)
            if align > 0:
                outcome = REBARGAIN if won == 1 else (REALIGN if won == 2 else TERMINATE)
            else:
                outcome = FORM if won > 0 else NONE
            align, x, pay = new_align, market["package"], market["payment"]
        elif align > 0:
            rival_net = market["rival_offer"] - mp.tau
            outcome, new_pay = review(inc, pis[inc_label], x, pay, rival_net, mp.band, mp.transaction_cost)
            if outcome == TERMINATE:
                switched = False
                if chal is not None:
                    h_at_x = max(offer_at(inc, x, pis[inc_label]), 0.0)
                    x_sw, p_sw, ok = contract_for(chal, mp.tau + h_at_x, pis[chal_label])
                    if rival_net > h_at_x and ok:
                        switched, outcome, align, x, pay = True, REALIGN, chal_label, x_sw, p_sw
                if not switched:
                    align, x, pay = 0, 0.0, 0.0
            else:
                pay = new_pay
        else:
            outcome = NONE
        out.append(
            {"alignment": align, "package": x, "payment": pay, "outcome": outcome, "theta": theta, "W": W,
             "mu": mu, "leader_change": lc, "regime_change": rc, "democratization": dem}
        )  # fmt: skip
    return out


# --- the path and events frames, row by row (the original loop implementation) -------------------------

ALIGNMENT_LABELS = ("none", "H", "R")
OUTCOME_LABELS = ("unaligned", "form", "continue", "renegotiate_up", "renegotiate_down")
OUTCOME_LABELS += ("terminate", "realign", "rebargain")
CONTRACT_EVENTS = ("form", "renegotiate_up", "renegotiate_down", "terminate", "realign", "rebargain")


def path_frame(arrays: Any) -> Any:
    """One row per dyad-year, built column by column with a Python loop for the event strings."""
    import numpy as np
    import pandas as pd

    years, n = arrays.alignment.shape
    year, dyad = np.meshgrid(np.arange(years), np.arange(n), indexing="ij")
    on_r = arrays.alignment == 2
    labels = np.asarray(OUTCOME_LABELS, dtype=object)[arrays.outcome]
    contract = np.where(np.isin(labels, CONTRACT_EVENTS), labels, "")
    lc = np.where(arrays.leader_change, "leader_change", "")
    rc = np.where(arrays.regime_change, "regime_change", "")
    joined = [
        ";".join(p for p in parts if p)
        for parts in zip(rc.ravel(), lc.ravel(), contract.ravel(), strict=True)
    ]
    return pd.DataFrame(
        {
            "dyad": dyad.ravel(),
            "year": year.ravel(),
            "alignment": np.asarray(ALIGNMENT_LABELS)[arrays.alignment].ravel(),
            "payment": arrays.payment.ravel(),
            "concessions": arrays.package.ravel(),
            "divergence": np.where(on_r, arrays.divergence_R, arrays.divergence_H).ravel(),
            "divergence_H": arrays.divergence_H.ravel(),
            "divergence_R": arrays.divergence_R.ravel(),
            "theta": arrays.theta.ravel(),
            "threat": arrays.threat.ravel(),
            "phi": arrays.phi.ravel(),
            "W": arrays.W.ravel(),
            "S": arrays.S.ravel(),
            "hazard": arrays.hazard.ravel(),
            "mu": arrays.mu.ravel(),
            "review": np.asarray(OUTCOME_LABELS)[arrays.outcome].ravel(),
            "leader_change": arrays.leader_change.ravel(),
            "regime_change": arrays.regime_change.ravel(),
            "events": np.asarray(joined, dtype=object),
        }
    )


def events_frame(arrays: Any) -> Any:
    """Events table, one Python loop iteration per event (regime and leader changes first in a year)."""
    import numpy as np
    import pandas as pd

    names = ALIGNMENT_LABELS
    rows: list[tuple[int, int, int, str, str]] = []
    for t, i in zip(*np.nonzero(arrays.regime_change), strict=True):
        kind = "democratization" if arrays.democratization[t, i] else "coup or revolution"
        rows.append(
            (int(i), int(t), 0, "regime_change",
             f"{kind}: W {arrays.W[t - 1, i]:.2f} -> {arrays.W[t, i]:.2f}, "
             f"theta {arrays.theta[t - 1, i]:.3f} -> {arrays.theta[t, i]:.3f}")
        )  # fmt: skip
    for t, i in zip(*np.nonzero(arrays.leader_change), strict=True):
        rows.append(
            (int(i), int(t), 1, "leader_change",
             f"theta {arrays.theta[t - 1, i]:.3f} -> {arrays.theta[t, i]:.3f}, "
             f"hazard {arrays.hazard[t, i]:.2f}")
        )  # fmt: skip
    for t, i in zip(
        *np.nonzero(np.isin(np.asarray(OUTCOME_LABELS)[arrays.outcome], CONTRACT_EVENTS)), strict=True
    ):
        code = int(arrays.outcome[t, i])
        x, p = arrays.package[t, i], arrays.payment[t, i]
        before = names[arrays.alignment[t - 1, i]] if t > 0 else "none"
        p_before = arrays.payment[t - 1, i] if t > 0 else 0.0
        if code == FORM:
            detail = f"with {names[arrays.alignment[t, i]]}: x = {x:.3f}, p = {p:.2f}"
        elif code == TERMINATE:
            detail = f"with {before}; payment was {p_before:.2f}"
        elif code == REALIGN:
            detail = f"{before} -> {names[arrays.alignment[t, i]]}: x = {x:.3f}, p = {p:.2f}"
        elif code == REBARGAIN:
            x_before = arrays.package[t - 1, i]
            detail = f"new regime keeps {before}: x {x_before:.3f} -> {x:.3f}, p {p_before:.2f} -> {p:.2f}"
        else:
            detail = f"p {p_before:.2f} -> {p:.2f}"
        rows.append((int(i), int(t), 2, OUTCOME_LABELS[code], detail))
    frame = pd.DataFrame(rows, columns=["dyad", "year", "order", "event", "detail"])
    return (
        frame.sort_values(["dyad", "year", "order"], kind="stable")
        .drop(columns="order")
        .reset_index(drop=True)
    )
