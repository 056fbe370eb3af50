"""Exact solver of the covering program: a Lagrangian bound and a pruned enumeration (models.md (g)).

The program of :mod:`alliancelab.coalition.optimize`, over the accepting candidates, with ``u = c_P/10^6``
and ``m = Fl_m - 1``::

    f(x) = sum_j a_j*x_j + u*n_P,   n_P = max(0, N - sum_j e_j*x_j)      (a_j = cost_j - lambda_P*l_j)
    s.t.  n_P <= T,   sum_j x_j >= m,   sum_j c_j*x_j <= B,   x_j = 1 on the critical set.

**Bound.** For multipliers ``lam >= 0`` (troops) and ``nu >= 0`` (flags), with ``g_j = a_j - lam*e_j - nu``,
every feasible ``x`` satisfies (weak duality; the dropped terms are multiplier times surplus, >= 0)::

    f(x) >= lam*N + nu*m + min(0, (u - lam)*T) + sum_j g_j*x_j                                   (1)

The budget stays a constraint, so over the candidates not yet decided the right-hand side is bounded by a
fractional knapsack (Dantzig's bound: the most negative ``g_j/c_j`` first until the budget left is spent).
With ``mu >= 0`` (budget) as well, ``r_j = g_j + mu*c_j`` and ``L = lam*N + nu*m - mu*B + min(0, (u-lam)*T)
+ sum_j min(0, r_j)``, every feasible x with ``x_j != [r_j < 0]`` costs at least ``L + |r_j|`` (reduced-cost
fixing). The bound is valid for *any* such multipliers; the optimal duals of the LP relaxation (HiGHS via
:func:`scipy.optimize.linprog`) only make it tight.

**Enumeration.** Candidates whose flip costs more than ``incumbent - L`` keep their LP side. The rest are
decided one at a time (smallest ``|r_j|`` first), breadth-first over numpy arrays: a state is a complete
coalition (undecided candidates on their LP side), so each new state is priced exactly and can improve the
incumbent (first the greedy coalition), and a state is dropped only when bound (1) over its undecided
candidates exceeds the incumbent by more than ``1e-9`` relative, or no completion can meet the budget,
flag or troop requirement. What survives the last candidate is every coalition that could beat the
incumbent, so the best coalition found is optimal to that tolerance (HiGHS's ``mip_rel_gap`` before).
When more than ``max_states`` states are alive at once the caller falls back to the MILP.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import linprog

from alliancelab._types import BoolArray, FloatArray

try:  # SciPy's bundled HiGHS, as linprog calls it (private: fall back to linprog if it moves)
    _highs: Any = importlib.import_module("scipy.optimize._highspy._core")
except ImportError:  # pragma: no cover - depends on the SciPy version
    _highs = None
_OPTIONS: Any = None

__all__ = [
    "RELATIVE_GAP",
    "SUMS",
    "Program",
    "SearchLimitExceeded",
    "enumerate_optimum",
    "fractional_knapsack_min",
    "lagrangian_bound",
]

RELATIVE_GAP = 1e-9  # a state is dropped when its bound exceeds the incumbent by more than this (relative)
_FEAS_TOL = 1e-9  # absolute slack on the budget and own-troop limits (as in optimize)


class SearchLimitExceeded(RuntimeError):
    """More states than ``max_states`` were alive at once: the caller solves the MILP instead."""


@dataclass(frozen=True, slots=True)
class Program:
    """The covering program over the accepting candidates only (see the module docstring)."""

    net: FloatArray  # a_j
    effective: FloatArray  # e_j
    cost: FloatArray  # c_j (>= 0)
    must: BoolArray
    required: float  # N
    min_partners: float  # m = Fl_m - 1
    budget: float  # B (may be inf)
    own_unit: float  # u, USD m per own soldier-year
    own_troops: float  # T (may be inf)

    def objective(self, sums: FloatArray) -> FloatArray:
        """``f`` of coalitions from their sums (rows of :data:`SUMS`); ``inf`` where a requirement fails."""
        net, troops, count, spend = sums[:, 0], sums[:, 1], sums[:, 2], sums[:, 3]
        own = np.maximum(0.0, self.required - troops)
        ok = (own <= self.own_troops + _FEAS_TOL) & (count >= self.min_partners)
        ok &= spend <= self.budget + _FEAS_TOL
        return np.where(ok, net + self.own_unit * own, np.inf)


SUMS = ("net cost", "effective troops", "partners", "payer's cost", "g")  # columns of a state's sums


def fractional_knapsack_min(g: FloatArray, c: FloatArray, room: FloatArray) -> FloatArray:
    """``min sum g_j*y_j`` over ``y in [0,1]^n`` with ``sum c_j*y_j <= room`` (``c >= 0``), for each room.

    ``inf`` where ``room < 0`` (no completion fits the budget). Items with ``g_j < 0`` are taken in order of
    ``g_j/c_j`` (free ones first), the last one fractionally: the LP optimum of a single knapsack.
    """
    negative = g < 0
    free = negative & (c <= 0)
    paid = negative & ~free
    gain, weight = g[paid], c[paid]
    order = np.argsort(gain / weight, kind="stable")
    gain, weight = gain[order], weight[order]
    cum_weight = np.concatenate([[0.0], np.cumsum(weight)])
    cum_gain = np.concatenate([[0.0], np.cumsum(gain)])
    whole = np.clip(np.searchsorted(cum_weight, room, side="right") - 1, 0, gain.size)  # items taken whole
    value = float(g[free].sum()) + cum_gain[whole]
    if gain.size:
        nxt = np.minimum(whole, gain.size - 1)
        left = np.where(np.isfinite(room), room - cum_weight[whole], 0.0)
        value = value + np.where(whole < gain.size, left * gain[nxt] / weight[nxt], 0.0)
    return np.where(room < 0, np.inf, value)


def _highs_options() -> Any:
    """The options :func:`scipy.optimize.linprog` gives HiGHS for ``method="highs"``, presolve off (once)."""
    global _OPTIONS
    if _OPTIONS is None:
        options = _highs.HighsOptions()
        options.presolve = "off"  # a 3-row LP: presolve costs more than it saves
        options.highs_debug_level = _highs.HighsDebugLevel.kHighsDebugLevelNone
        options.log_to_console = False
        options.output_flag = False
        options.simplex_strategy = _highs.simplex_constants.SimplexStrategy.kSimplexStrategyDual
        _OPTIONS = options
    return _OPTIONS


def _row_duals(cost: FloatArray, a_ub: FloatArray, b_ub: FloatArray, lb: FloatArray, ub: FloatArray) -> Any:
    """``(status, duals)`` of ``min cost@x, a_ub@x <= b_ub, lb <= x <= ub`` as ``linprog(method="highs")``
    reports them (status 0 optimal, 2 infeasible; duals are ``res.ineqlin.marginals``).

    The same HiGHS, model and options as :func:`scipy.optimize.linprog`, so the same duals bit for bit
    (``tests/coalition/test_optimize.py`` checks), without linprog's input cleaning, sparse matrix and option
    checks, which cost ten times the solve on a program this small. Falls back to linprog if SciPy's
    bundled HiGHS module is not where SciPy 1.13-1.17 keep it.
    """
    if _highs is None:
        res = linprog(
            cost,
            A_ub=a_ub,
            b_ub=b_ub,
            bounds=list(zip(lb.tolist(), ub.tolist(), strict=True)),
            method="highs",
            options={"presolve": False},
        )
        return res.status, (None if res.status != 0 else np.asarray(res.ineqlin.marginals, dtype=float))
    rows, cols = a_ub.shape
    col, row = np.nonzero(a_ub.T)  # CSC without explicit zeros, rows ascending within a column
    lp = _highs.HighsLp()
    lp.num_col_, lp.num_row_ = cols, rows
    lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = cols, rows
    lp.a_matrix_.format_ = _highs.MatrixFormat.kColwise
    lp.col_cost_ = cost
    lp.col_lower_, lp.col_upper_ = lb, ub  # kHighsInf is inf: linprog's replacement changes nothing
    lp.row_lower_, lp.row_upper_ = np.full(rows, -np.inf), b_ub
    lp.a_matrix_.start_ = np.concatenate([[0], np.cumsum(np.bincount(col, minlength=cols))]).astype(np.int32)
    lp.a_matrix_.index_ = row.astype(np.int32)
    lp.a_matrix_.value_ = a_ub.T[col, row]
    solver = _highs._Highs()
    if solver.passOptions(_highs_options()) == _highs.HighsStatus.kError:
        return 4, None
    if solver.passModel(lp) == _highs.HighsStatus.kError:
        return 2, None  # linprog reports a model error as infeasible
    if solver.run() == _highs.HighsStatus.kError:
        return 4, None
    status = solver.getModelStatus()
    if status == _highs.HighsModelStatus.kOptimal:
        return 0, np.array(solver.getSolution().row_dual)[:rows]
    if status in (_highs.HighsModelStatus.kInfeasible, _highs.HighsModelStatus.kModelError):
        return 2, None
    return 4, None


def _multipliers(p: Program) -> tuple[float, float, float] | None:
    """Duals (troops, flags, budget) of the LP relaxation, clipped to valid signs; None: LP infeasible."""
    k = p.net.size
    rows = [-np.append(p.effective, 1.0), -np.append(np.ones(k), 0.0)]
    rhs = [-p.required, -p.min_partners]
    if np.isfinite(p.budget):
        rows.append(np.append(p.cost, 0.0))
        rhs.append(p.budget)
    lower = np.append(p.must.astype(float), 0.0)
    upper = np.append(np.ones(k), p.own_troops)
    status, marginals = _row_duals(
        np.append(p.net, p.own_unit), np.array(rows), np.array(rhs, dtype=float), lower, upper
    )
    if status == 2:
        return None
    if status != 0:  # numerical trouble: zero multipliers still give a valid (weak) bound
        return 0.0, 0.0, 0.0
    duals = -np.asarray(marginals, dtype=float)
    lam, nu = max(0.0, duals[0]), max(0.0, duals[1])
    mu = max(0.0, duals[2]) if np.isfinite(p.budget) else 0.0
    if not np.isfinite(p.own_troops):
        lam = min(lam, p.own_unit)  # else (u - lam)*n_P is unbounded below
    return lam, nu, mu


def _relaxed(p: Program, lam: float, nu: float) -> tuple[float, FloatArray]:
    """The constant of bound (1) and the candidates' ``g_j``, for multipliers ``lam``, ``nu``."""
    own_term = min(0.0, (p.own_unit - lam) * p.own_troops) if np.isfinite(p.own_troops) else 0.0
    base = lam * p.required + nu * p.min_partners + own_term
    return base, p.net - lam * p.effective - nu


def lagrangian_bound(p: Program, lam: float, nu: float) -> float:
    """Bound (1) over every coalition, for ``lam, nu >= 0`` (``lam <= u`` if own troops are unlimited)."""
    base, g = _relaxed(p, lam, nu)
    coef = np.column_stack([p.net, p.effective, np.ones_like(g), p.cost, g])
    sums = p.must.astype(float)[None, :] @ coef
    return float(_bound(p, coef, base, np.flatnonzero(~p.must), p.must, sums)[0])


def enumerate_optimum(
    p: Program, incumbent: BoolArray | None, *, max_states: int = 50_000
) -> BoolArray | None:
    """The optimal coalition (bool over the accepting candidates), or None if no coalition is feasible.

    ``incumbent`` is a coalition (or None) to start from. Raises :class:`SearchLimitExceeded` when more
    than ``max_states`` states would be alive at once.
    """
    duals = _multipliers(p)
    if duals is None:
        return None
    lam, nu, mu = duals
    base, g = _relaxed(p, lam, nu)
    r = g + mu * p.cost
    side = p.must | (r < 0)  # the LP's side of each candidate
    root = base - (mu * p.budget if mu > 0 else 0.0) + float(np.sum(np.where(p.must, r, np.minimum(r, 0.0))))
    coef = np.column_stack([p.net, p.effective, np.ones_like(g), p.cost, g])  # a coalition's sums = x @ coef

    best, best_value = None, np.inf
    for start in (incumbent, side):
        if start is not None:
            value = float(p.objective(start.astype(float)[None, :] @ coef)[0])
            if value < best_value:
                best, best_value = start.copy(), value
    slack = RELATIVE_GAP * max(1.0, abs(best_value)) if np.isfinite(best_value) else 0.0
    flip_cost = np.abs(r)
    todo = np.flatnonzero(~p.must & (root + flip_cost <= best_value + slack))
    todo = todo[np.argsort(flip_cost[todo], kind="stable")]
    step = np.where(side, -1.0, 1.0)  # flipping j changes x_j by step_j
    sums = side.astype(float)[None, :] @ coef  # one row per state: its complete coalition's sums
    flips = np.zeros((1, todo.size), dtype=bool)  # flips[s, t]: state s flipped todo[t]
    for t, j in enumerate(todo):
        flipped = sums + step[j] * coef[j]
        values = p.objective(flipped)
        if values.min() < best_value:
            s = int(np.argmin(values))
            best_value = float(values[s])
            best = side.copy()
            best[todo[: t + 1][np.append(flips[s, :t], True)]] ^= True
            slack = RELATIVE_GAP * max(1.0, abs(best_value))
        sums = np.vstack([sums, flipped])
        flips = np.vstack([flips, flips])
        flips[flips.shape[0] // 2 :, t] = True
        bound = _bound(p, coef, base, todo[t + 1 :], side, sums)
        keep = np.isfinite(bound) & (bound <= best_value + slack)
        sums, flips = sums[keep], flips[keep]
        if not sums.size:
            break
        if sums.shape[0] > max_states:
            raise SearchLimitExceeded(f"{sums.shape[0]} states alive after {t + 1} of {todo.size} candidates")
    return best


def _bound(
    p: Program, coef: FloatArray, base: float, later: NDArray[np.intp], side: BoolArray, sums: FloatArray
) -> FloatArray:
    """Bound (1) on every completion of each state over the candidates ``later`` (inf: none is feasible)."""
    done = sums - side[later].astype(float) @ coef[later]  # sums over the decided candidates
    g_later, cost_later = coef[later, 4], coef[later, 3]
    if np.isfinite(p.budget):
        rest = fractional_knapsack_min(g_later, cost_later, p.budget - done[:, 3])
    else:
        rest = np.full(done.shape[0], float(np.minimum(g_later, 0.0).sum()))
    reach = done[:, 1] + float(np.maximum(coef[later, 1], 0.0).sum())
    hopeless = (p.required - reach > p.own_troops + _FEAS_TOL) | (done[:, 2] + later.size < p.min_partners)
    return np.where(hopeless, np.inf, base + done[:, 4] + rest)
