"""The cheapest coalition: a covering integer program, solved exactly (models.md (g)).

Henke (seed 004): "“Buying” the services of foreign soldiers can thus be quite cost effective." The pivotal
state chooses the set ``S`` of candidates that join (among those that accept its offer) and its own troops
``n_P`` (``[PROPOSED]``; legitimacy credited as in make-or-buy, ``[REVISED]`` in models.md)::

    min_{x in {0,1}^n, n_P}  sum_j x_j*(cost_j - lambda_P*l_j) + c_P*n_P/10^6
    s.t.  sum_j q_j*n_j*x_j + n_P >= N_m          (troops)
          sum_j x_j + 1        >= Fl_m           (flags; P's own flag counts)
          x_j = 1 for j in C_m                    (critical set)
          sum_j cost_j*x_j     <= B_P            (budget)
          0 <= n_P <= own troops available,  x_j = 0 if j does not accept

``cost_j`` is the payer's cost of j's cheapest payment form (:mod:`alliancelab.coalition.pricing`).
Make-or-buy ("buy j iff price_j < c_P*q_j*n_j + lambda_P*l_j") is enforced through the objective, not as a
hard constraint: with the continuous own-troop option a dearer-than-own candidate is bought only when the
flag or critical-set requirement forces it, and a hard rule would make such missions infeasible
(``[REVISED]``).

Solvers. :func:`solve_exact` finds the optimum (relative gap 1e-9) by a Lagrangian bound and a pruned
enumeration (:mod:`~.lagrangian_enumeration`): the LP relaxation's duals price troops and flags, the
budget stays a knapsack constraint bounded by its fractional relaxation, the greedy coalition is the first
incumbent, and partial coalitions whose bound exceeds the incumbent are dropped. On a binding budget (a
strongly correlated knapsack) this takes about a tenth of the CPU time of HiGHS's MILP, whose fixed
per-program work (presolve, restarts, heuristics, cuts) dominates at this size. :func:`solve_milp`
(HiGHS via :func:`scipy.optimize.milp`) is the fallback when the enumeration would keep more than
``max_states`` partial coalitions alive, and a second oracle in the tests. :func:`solve_greedy` adds
candidates by net cost per effective soldier, for comparison; :func:`solve_brute_force` enumerates every
subset (up to 20 candidates) and is the test oracle; its core,
:func:`~.exhaustive.cheapest_subsets`, solves many small programs at once (the composed world's crises).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy.optimize import Bounds, LinearConstraint, milp

from alliancelab._types import BoolArray, FloatArray
from alliancelab._validate import check_choice
from alliancelab.coalition.exhaustive import CoverArrays, cheapest_subsets
from alliancelab.coalition.lagrangian_enumeration import Program, SearchLimitExceeded, enumerate_optimum
from alliancelab.coalition.mission import Mission
from alliancelab.coalition.pricing import Quotes, quote
from alliancelab.coalition.valuation import market_arrays
from alliancelab.errors import UserInputError

__all__ = [
    "Coalition",
    "CoverProblem",
    "cheapest_coalition",
    "cover_problem",
    "explain_infeasible",
    "solve_brute_force",
    "solve_exact",
    "solve_greedy",
    "solve_milp",
]

USD_PER_M = 1e6
_TOL = 1e-9


@dataclass(frozen=True, slots=True)
class CoverProblem:
    """The covering program's data (arrays over candidates; money USD m/yr, own cost USD/soldier-year)."""

    cost: FloatArray  # payer's cost of j (inf: no deal possible)
    legitimacy_credit: FloatArray  # lambda_P*l_j
    effective: FloatArray  # q_j*n_j
    must_include: BoolArray  # j in C_m
    required: float  # N_m
    min_flags: int  # Fl_m
    budget: float  # B_P
    own_cost: float  # c_P
    own_troops: float  # cap on n_P
    names: tuple[str, ...] = ()

    @property
    def net_cost(self) -> FloatArray:
        return self.cost - self.legitimacy_credit

    def label(self, j: int) -> str:
        return self.names[j] if self.names else f"candidate {j}"


@dataclass(frozen=True, slots=True)
class Coalition:
    """A solution: who is bought, own troops, and its costs (USD m/yr); ``reason`` says why infeasible."""

    feasible: bool
    members: BoolArray
    own_troops: float
    objective: float  # net of legitimacy credit; inf if infeasible
    payments: float  # sum of the payer's costs of the members
    own_troop_cost: float  # c_P*n_P/10^6
    reason: str = ""

    @property
    def total_cost(self) -> float:
        """Money the pivotal state(s) spend: payments plus their own soldiers."""
        return self.payments + self.own_troop_cost


def _infeasible(n: int, reason: str) -> Coalition:
    return Coalition(False, np.zeros(n, dtype=bool), np.nan, np.inf, np.nan, np.nan, reason)


def _finish(p: CoverProblem, members: BoolArray) -> Coalition:
    own = max(0.0, p.required - float(p.effective @ members))
    own_cost = p.own_cost * own / USD_PER_M
    payments = float(np.sum(p.cost[members]))
    objective = float(np.sum(p.net_cost[members])) + own_cost
    return Coalition(True, members, own, objective, payments, own_cost)


def _available(p: CoverProblem, accepts: ArrayLike | None) -> BoolArray:
    ok = np.isfinite(p.cost)
    if accepts is not None:
        ok &= np.asarray(accepts, dtype=bool)
    return np.asarray(ok, dtype=bool)


def _quick_check(p: CoverProblem, avail: BoolArray) -> str:
    """Name a requirement that no coalition of the accepting candidates can meet ("" if none found)."""
    missing = [p.label(int(j)) for j in np.flatnonzero(p.must_include & ~avail)]
    if missing:
        return f"critical partner(s) {', '.join(missing)} will not join at any price the payer offers"
    if int(avail.sum()) + 1 < p.min_flags:
        return (
            f"min_flags = {p.min_flags} cannot be met: only {int(avail.sum())} candidate(s) accept, "
            f"plus the pivotal state's own flag"
        )
    supply = float(p.effective[avail].sum()) + p.own_troops
    if supply + _TOL < p.required:
        return (
            f"required_troops = {p.required:g} cannot be met: accepting candidates and own troops "
            f"field at most {supply:g} effective troops"
        )
    critical_cost = float(p.cost[p.must_include].sum())
    if critical_cost > p.budget + _TOL:
        return f"budget = {p.budget:g} USD m is below the cost of the critical set alone ({critical_cost:g})"
    return ""


def _milp(p: CoverProblem, avail: BoolArray) -> BoolArray | None:
    """Solve the program over the accepting candidates; the members, or None when infeasible."""
    idx = np.flatnonzero(avail)
    k = idx.size
    c = np.concatenate([p.net_cost[idx], [p.own_cost / USD_PER_M]])
    rows = [np.concatenate([p.effective[idx], [1.0]]), np.concatenate([np.ones(k), [0.0]])]
    lower, upper = [p.required, p.min_flags - 1.0], [np.inf, np.inf]
    if np.isfinite(p.budget):
        rows.append(np.concatenate([p.cost[idx], [0.0]]))
        lower.append(-np.inf)
        upper.append(p.budget)
    lb = np.concatenate([p.must_include[idx].astype(float), [0.0]])
    ub = np.concatenate([np.ones(k), [p.own_troops]])
    integrality = np.concatenate([np.ones(k), [0.0]])
    res = milp(
        c,
        constraints=LinearConstraint(np.array(rows), lower, upper),
        integrality=integrality,
        bounds=Bounds(lb, ub),
        options={"mip_rel_gap": 1e-9, "presolve": True},
    )
    if res.status == 2 or res.x is None:  # 2: infeasible
        return None
    if res.status != 0:
        raise RuntimeError(f"HiGHS stopped without an optimum: {res.message}")
    members = np.zeros(p.cost.size, dtype=bool)
    members[idx] = res.x[:k] > 0.5
    return members


def solve_exact(p: CoverProblem, accepts: ArrayLike | None = None, *, max_states: int = 50_000) -> Coalition:
    """The cheapest coalition: Lagrangian bound and pruned enumeration (:mod:`.exact`), greedy as incumbent.

    Exact to a relative gap of 1e-9. Falls back to :func:`solve_milp` (HiGHS) when more than
    ``max_states`` partial coalitions would be alive at once, or when a cost is negative.
    """
    avail = _available(p, accepts)
    reason = _quick_check(p, avail)
    if reason:
        return _infeasible(p.cost.size, reason)
    idx = np.flatnonzero(avail)
    program = Program(
        net=p.net_cost[idx],
        effective=p.effective[idx],
        cost=p.cost[idx],
        must=p.must_include[idx],
        required=p.required,
        min_partners=p.min_flags - 1.0,
        budget=p.budget,
        own_unit=p.own_cost / USD_PER_M,
        own_troops=p.own_troops,
    )
    if np.any(program.cost < 0):
        return solve_milp(p, accepts)
    greedy = solve_greedy(p, accepts)
    try:
        chosen = enumerate_optimum(
            program, greedy.members[idx] if greedy.feasible else None, max_states=max_states
        )
    except SearchLimitExceeded:
        return solve_milp(p, accepts)
    if chosen is None:
        return _infeasible(p.cost.size, explain_infeasible(p, accepts))
    members = np.zeros(p.cost.size, dtype=bool)
    members[idx] = chosen
    return _finish(p, members)


def solve_milp(p: CoverProblem, accepts: ArrayLike | None = None) -> Coalition:
    """The cheapest coalition by mixed-integer programming (HiGHS via :func:`scipy.optimize.milp`)."""
    avail = _available(p, accepts)
    reason = _quick_check(p, avail)
    if reason:
        return _infeasible(p.cost.size, reason)
    members = _milp(p, avail)
    if members is None:
        return _infeasible(p.cost.size, explain_infeasible(p, accepts))
    return _finish(p, members)


def explain_infeasible(p: CoverProblem, accepts: ArrayLike | None = None) -> str:
    """Which requirement(s) must be relaxed for a coalition to exist (tried one at a time)."""
    avail = _available(p, accepts)
    reason = _quick_check(p, avail)
    if reason:
        return reason
    relaxations = {
        "budget": dataclasses.replace(p, budget=np.inf),
        "min_flags": dataclasses.replace(p, min_flags=1),
        "required_troops": dataclasses.replace(p, required=0.0),
    }
    fixes = [
        name
        for name, relaxed in relaxations.items()
        if not _quick_check(relaxed, avail) and _milp(relaxed, avail) is not None
    ]
    if fixes:
        return (
            f"the requirements conflict: the budget ({p.budget:g} USD m) cannot pay for "
            f"{p.min_flags - 1} partner(s) and {p.required:g} effective troops together; relaxing "
            f"{' or '.join(fixes)} alone would make the mission feasible"
        )
    return "no coalition meets the budget, flag and troop requirements together"


def solve_greedy(p: CoverProblem, accepts: ArrayLike | None = None) -> Coalition:
    """Greedy heuristic: critical set, then cheapest net cost per effective soldier, then flags.

    Candidates are added in order of ``(cost_j - lambda_P*l_j)/(q_j*n_j)`` while they are cheaper than P's
    own soldier (or free) and the budget allows; missing flags are filled with the cheapest remaining
    candidates; troops P cannot field itself are filled in the same per-soldier order.
    """
    n = p.cost.size
    avail = _available(p, accepts)
    reason = _quick_check(p, avail)
    if reason:
        return _infeasible(n, reason)
    chosen = p.must_include.copy()
    spent = float(p.cost[chosen].sum())
    net = p.net_cost
    with np.errstate(divide="ignore", invalid="ignore"):
        per_soldier = np.where(p.effective > 0, net / np.where(p.effective > 0, p.effective, 1.0), np.inf)
    per_soldier = np.where(net <= 0, -np.inf, per_soldier)
    order = [j for j in np.argsort(per_soldier, kind="stable").tolist() if avail[j] and not chosen[j]]
    own_unit = p.own_cost / USD_PER_M
    # Python floats: this loop is scalar
    cost, effective, net_l, unit = p.cost.tolist(), p.effective.tolist(), net.tolist(), per_soldier.tolist()
    troops, flags = float(p.effective[chosen].sum()), int(chosen.sum()) + 1

    def add(j: int) -> None:
        nonlocal spent, troops, flags
        chosen[j] = True
        spent += cost[j]
        troops += effective[j]
        flags += 1

    for j in order:
        useful = net_l[j] <= 0 or (p.required - troops > 0 and unit[j] < own_unit)
        if useful and spent + cost[j] <= p.budget + _TOL:
            add(j)
    for j in sorted((j for j in order if not chosen[j]), key=lambda j: net_l[j]):
        if flags >= p.min_flags:
            break
        if spent + cost[j] <= p.budget + _TOL:
            add(j)
    for j in order:
        if p.required - troops <= p.own_troops + _TOL:
            break
        if not chosen[j] and spent + cost[j] <= p.budget + _TOL:
            add(j)
    if flags < p.min_flags or p.required - troops > p.own_troops + _TOL:
        return _infeasible(n, "the greedy heuristic found no coalition within the budget")
    return _finish(p, chosen)


def solve_brute_force(p: CoverProblem, accepts: ArrayLike | None = None) -> Coalition:
    """Enumerate every subset of the accepting candidates (at most 20): the exact optimum, slowly."""
    n = p.cost.size
    avail = _available(p, accepts)
    idx = np.flatnonzero(avail)
    if idx.size > 20:
        raise UserInputError(f"brute force is limited to 20 accepting candidates (got {idx.size})")
    reason = _quick_check(p, avail)
    if reason:
        return _infeasible(n, reason)
    found, chosen = cheapest_subsets(
        CoverArrays(
            net=p.net_cost[idx],
            cost=p.cost[idx],
            effective=p.effective[idx],
            must=p.must_include[idx],
            required=np.asarray(p.required),
            min_flags=p.min_flags,
            budget=np.asarray(p.budget),
            own_unit=p.own_cost / USD_PER_M,
            own_troops=p.own_troops,
        )
    )
    if not found:
        return _infeasible(n, explain_infeasible(p, accepts))
    members = np.zeros(n, dtype=bool)
    members[idx] = chosen
    return _finish(p, members)


def cover_problem(mission: Mission, quotes: Quotes | None = None) -> CoverProblem:
    """The covering program of ``mission`` with the payer's costs from its quotes."""
    quotes = quotes if quotes is not None else quote(mission)
    m = market_arrays(mission)
    return CoverProblem(
        cost=quotes.payer_cost,
        legitimacy_credit=m.legitimacy_value * m.legitimacy,
        effective=m.effective,
        must_include=m.must_include,
        required=mission.required_troops,
        min_flags=mission.min_flags,
        budget=mission.budget,
        own_cost=m.own_cost,
        own_troops=mission.lead.own_troops,
        names=quotes.names,
    )


def cheapest_coalition(mission: Mission, quotes: Quotes | None = None, *, method: str = "exact") -> Coalition:
    """Solve ``mission`` with the candidates' nominal reservation prices; infeasible → UserInputError.

    ``method`` is ``exact`` (:func:`solve_exact`) or ``greedy``. The error names the requirement that
    cannot be met.
    """
    check_choice("method", method, ["exact", "greedy"])
    quotes = quotes if quotes is not None else quote(mission)
    problem = cover_problem(mission, quotes)
    accepts = quotes.accepts(quotes.rho)
    solution = solve_exact(problem, accepts) if method == "exact" else solve_greedy(problem, accepts)
    if not solution.feasible:
        raise UserInputError(f"mission {mission.name!r} is infeasible: {solution.reason}")
    return solution
