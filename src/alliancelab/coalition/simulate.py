"""Monte Carlo over the candidates' private reservation prices (models.md (g), ``[PROPOSED]``).

The pivotal state knows only a prior ``rho_j ~ U[rho_lo, rho_hi]`` for each candidate whose answer depends
on its price (critical and opportunistic states; volunteers and willing-but-inadequately-resourced states
initiate and always join, non-participants never do). Each draw ``d``::

    rho_dj = rho_lo_j + u_dj*(rho_hi_j - rho_lo_j),   u_dj ~ U[0, 1]
    accept_dj = rho_dj <= value delivered to j          (pricing.Quotes.accepts)
    coalition_d = cheapest coalition among the accepting candidates (optimize.solve_exact)

giving the distribution of the total cost, the probability that the requirements can be met at all, and
each candidate's *pivotality* ``Pr(success | j accepts) - Pr(success | j refuses)`` (draws are independent
across candidates, so this difference estimates the causal effect of j's answer).

Randomness: one ``SeedSequence`` child per draw, all uniforms drawn before any solve, so a result depends
on the seed and the number of draws, never on solve order, caching or the number of worker processes.
Identical acceptance patterns are solved once. References: ``henke2019buying``.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from tqdm import tqdm

from alliancelab._validate import check_choice, check_range
from alliancelab.coalition.mission import Mission
from alliancelab.coalition.optimize import Coalition, CoverProblem, cover_problem, solve_exact, solve_greedy
from alliancelab.coalition.pricing import Quotes, quote
from alliancelab.provenance import run_record, spawn_seeds

__all__ = ["SimulationResult", "draw_reservations", "simulate"]

USD_PER_M = 1e6


def draw_reservations(
    quotes: Quotes, draws: int, *, rng: Any = None
) -> tuple[NDArray[np.float64], int | None]:
    """``draws x candidates`` private reservation prices from P's uniform priors, and the seed entropy."""
    children, entropy = spawn_seeds(rng, draws)
    n = len(quotes.names)
    uniforms = np.empty((draws, n))
    for d, child in enumerate(children):
        uniforms[d] = np.random.default_rng(child).random(n)
    return quotes.rho_lo + uniforms * (quotes.rho_hi - quotes.rho_lo), entropy


@dataclass(frozen=True, slots=True)
class SimulationResult:
    """Draw-level outcomes, candidate-level summaries and the provenance record."""

    draws: pd.DataFrame  # one row per draw
    candidates: pd.DataFrame  # one row per candidate
    membership: NDArray[np.bool_]  # draws x candidates: in the chosen coalition
    acceptance: NDArray[np.bool_]  # draws x candidates: accepted the offer
    record: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> dict[str, float]:
        """Success probability, total-cost quantiles (USD m/yr), cost per soldier-year against own (USD)."""
        ok = self.draws["success"].to_numpy()
        cost = self.draws.loc[ok, "total_cost_usd_m"]
        per = self.draws.loc[ok, "cost_per_soldier_year_usd"]
        return {
            "draws": float(len(ok)),
            "success_probability": float(ok.mean()) if len(ok) else float("nan"),
            "total_cost_mean_usd_m": float(cost.mean()) if len(cost) else float("nan"),
            "total_cost_p05_usd_m": _quantile(cost, 0.05),
            "total_cost_median_usd_m": _quantile(cost, 0.5),
            "total_cost_p95_usd_m": _quantile(cost, 0.95),
            "cost_per_soldier_year_mean_usd": float(per.mean()) if len(per) else float("nan"),
            "own_cost_per_soldier_year_usd": float(self.record.get("own_cost_per_soldier_year", np.nan)),
        }


def _solve_many(problem: CoverProblem, method: str, rows: NDArray[np.bool_]) -> list[Coalition]:
    solver = solve_exact if method == "exact" else solve_greedy
    return [solver(problem, row) for row in rows]


def _solve_patterns(
    problem: CoverProblem,
    method: str,
    acceptance: NDArray[np.bool_],
    first_draw: dict[bytes, int],
    *,
    workers: int,
    progress: bool,
) -> dict[bytes, Coalition]:
    """Solve each distinct acceptance pattern once, serially or in ``workers`` processes."""
    todo = list(first_draw.items())
    solved: dict[bytes, Coalition] = {}
    with tqdm(total=len(todo), desc="coalition programs", unit="solve", disable=not progress) as bar:
        if workers == 1 or len(todo) < 2 * workers:
            for key, d in todo:
                solved[key] = _solve_many(problem, method, acceptance[d : d + 1])[0]
                bar.update()
            return solved
        size = max(1, len(todo) // (workers * 8))
        chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {
                pool.submit(_solve_many, problem, method, acceptance[[d for _, d in chunk]]): chunk
                for chunk in chunks
            }
            for future in as_completed(futures):
                chunk = futures[future]
                for (key, _), solution in zip(chunk, future.result(), strict=True):
                    solved[key] = solution
                bar.update(len(chunk))
    return solved


def _quantile(values: pd.Series, q: float) -> float:
    return float(values.quantile(q)) if len(values) else float("nan")


def _outcome_row(solution: Coalition, problem: CoverProblem) -> dict[str, Any]:
    if not solution.feasible:
        return {"success": False, "objective_usd_m": np.nan, "total_cost_usd_m": np.nan,
                "payments_usd_m": np.nan, "own_troops": np.nan, "members": 0,
                "cost_per_soldier_year_usd": np.nan, "failure": solution.reason}  # fmt: skip
    return {
        "success": True,
        "objective_usd_m": solution.objective,
        "total_cost_usd_m": solution.total_cost,
        "payments_usd_m": solution.payments,
        "own_troops": solution.own_troops,
        "members": int(solution.members.sum()),
        "cost_per_soldier_year_usd": solution.total_cost * USD_PER_M / problem.required,
        "failure": "",
    }


def simulate(
    mission: Mission,
    draws: int = 1000,
    *,
    rng: Any = None,
    method: str = "exact",
    progress: bool = False,
    workers: int = 1,
) -> SimulationResult:
    """Monte Carlo of the coalition market of ``mission`` over ``draws`` reservation-price draws.

    ``rng`` is anything :func:`numpy.random.default_rng` accepts (a Generator must come from a
    SeedSequence); ``method`` is ``exact`` (:func:`~.optimize.solve_exact`) or ``greedy``; ``progress``
    shows a bar on stderr; ``workers > 1`` solves the distinct programs in that many processes (the
    result does not change).
    """
    check_range("draws", draws, 1, 10_000_000)
    check_range("workers", workers, 1, 64)
    check_choice("method", method, ["exact", "greedy"])
    quotes = quote(mission)
    problem = cover_problem(mission, quotes)
    rho, entropy = draw_reservations(quotes, int(draws), rng=rng)
    acceptance = quotes.accepts(rho)
    keys = [np.packbits(row).tobytes() for row in acceptance]
    first_draw: dict[bytes, int] = {}
    for d, key in enumerate(keys):
        first_draw.setdefault(key, d)
    cache = _solve_patterns(problem, method, acceptance, first_draw, workers=int(workers), progress=progress)
    rows: list[dict[str, Any]] = []
    membership = np.zeros_like(acceptance)
    for d, key in enumerate(keys):
        membership[d] = cache[key].members
        rows.append(_outcome_row(cache[key], problem))
    frame = pd.DataFrame(rows)
    success = frame["success"].to_numpy(dtype=bool)
    candidates = _candidate_table(quotes, problem.must_include, acceptance, membership, success)
    record = run_record(
        seed=entropy,
        params=mission,
        draws=int(draws),
        method=method,
        distinct_solves=len(cache),
        workers=int(workers),
        own_cost_per_soldier_year=problem.own_cost,
    )
    return SimulationResult(frame, candidates, membership, acceptance, record)


def _candidate_table(
    quotes: Quotes,
    critical: NDArray[np.bool_],
    acceptance: NDArray[np.bool_],
    membership: NDArray[np.bool_],
    success: NDArray[np.bool_],
) -> pd.DataFrame:
    """Per candidate: acceptance and membership rates, pivotality, payer's cost when bought."""
    accepted = acceptance.sum(axis=0)
    refused = acceptance.shape[0] - accepted
    with np.errstate(divide="ignore", invalid="ignore"):
        p_if_accept = (acceptance & success[:, None]).sum(axis=0) / accepted
        p_if_refuse = (~acceptance & success[:, None]).sum(axis=0) / refused
    pivotality = np.where((accepted > 0) & (refused > 0), p_if_accept - p_if_refuse, np.nan)
    return pd.DataFrame(
        {
            "candidate": list(quotes.names),
            "type": [str(c.type) for c in quotes.classifications],
            "critical_set": critical,
            "accept_rate": acceptance.mean(axis=0),
            "member_rate": membership.mean(axis=0),
            "success_if_accepts": p_if_accept,
            "success_if_refuses": p_if_refuse,
            "pivotality": pivotality,
            "payer_cost_usd_m": quotes.payer_cost,
        }
    )
