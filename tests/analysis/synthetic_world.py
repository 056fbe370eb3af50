"""A synthetic world with known effects, in the evidence layer's column names, for the evidence tests.

:func:`synthetic_tables` returns raw ``state_years`` and ``dyad_years`` tables like a simulated run's
(patron 2 = USA, rival 365, small states from 1000 up), generated with exactly one non-zero effect (the
``Effects`` field a test sets) so that each test's primary estimate has a known target. Every derived
quantity the data-generating process needs (regime change, leader entry, drawdowns, terciles) is computed
here with plain numpy, independently of :mod:`alliancelab.analysis.prepare`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

YEARS = np.arange(1945, 2017)
USA, RIVAL = 2, 365


@dataclass(frozen=True)
class Effects:
    agree_ally: float = 0.0  # T-F1: UN agreement of US allies (share points)
    agree_informal: float = 0.0  # T-F3: UN agreement of informally tied states
    aid_interaction: float = 0.0  # T-A3: log aid per unit of lagged ally x lagged distance
    aid_polity: float = 0.0  # T-B1: log aid per point of lagged polity2
    hazard_regime: float = 0.0  # T-D2: log hazard of termination after a regime change (t or t-1)
    hazard_leader: float = 0.0  # T-D2: log hazard after a leader entry (t or t-1)
    burden_size: float = 0.0  # T-E7: slope of milex/GDP on standardised log GDP among NATO members
    goldilocks: float = 0.0  # T-E1: burden rise of middle-tercile allies two years after a drawdown
    pko_subsidy: float = 0.0  # T-G2: one-off log-aid rise in t+1 for low-income first contributors


def spearman_of_normal(r: float) -> float:
    """Population Spearman rho of a bivariate normal with correlation ``r`` (Pearson 1907)."""
    return 6 / math.pi * math.asin(r / 2)


def expected_spearman(r: float, n: int) -> float:
    """Expected sample Spearman rho of ``n`` bivariate-normal draws with correlation ``r`` (Moran 1948)."""
    return 6 / (math.pi * (n + 1)) * (math.asin(r) + (n - 2) * math.asin(r / 2))


def synthetic_tables(
    effects: Effects, *, rng: int = 0, n_states: int = 150, gdp_within_sd: float = 0.0
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Raw state-years and dyad-years 1945-2016; ``gdp_within_sd`` > 0 redraws log GDP every year."""
    gen = np.random.default_rng(rng)
    n, t = n_states, len(YEARS)
    codes = 1000 + np.arange(n)

    # regimes: polity2 with rare jumps of 8 points; leader entries independent of them
    polity = np.empty((n, t))
    polity[:, 0] = gen.integers(-10, 11, n)
    jumps = gen.random((n, t)) < 0.05
    for j in range(1, t):
        step = np.where(polity[:, j - 1] > 0, -8.0, 8.0)
        polity[:, j] = np.where(jumps[:, j], polity[:, j - 1] + step, polity[:, j - 1])
    polity = np.clip(polity, -10, 10)
    regime = np.zeros((n, t))
    regime[:, 1:] = np.abs(np.diff(polity, axis=1)) >= 6
    regime_recent = np.maximum(regime, np.pad(regime[:, :-1], ((0, 0), (1, 0))))
    leader_change = (gen.random((n, t)) < 0.2).astype(float)
    leader_irregular = leader_change * (gen.random((n, t)) < 0.3)  # the type of the year's entry
    entry = leader_change * (regime_recent == 0)
    leader_recent = np.maximum(entry, np.pad(entry[:, :-1], ((0, 0), (1, 0))))

    # alliances: 2/3 of states allied with a patron from a start year until a hazard ends the spell
    patron = np.where(gen.random(n) < 0.5, USA, RIVAL)
    allied_ever = gen.random(n) < 2 / 3
    start = gen.integers(0, 30, n)
    bound = np.zeros((n, t))
    for i in range(n):
        if not allied_ever[i]:
            continue
        for j in range(start[i], t):
            bound[i, j] = 1
            hazard = 0.05 * math.exp(
                effects.hazard_regime * regime_recent[i, j] + effects.hazard_leader * leader_recent[i, j]
            )
            if gen.random() < 1 - math.exp(-hazard):
                break
    us_ally = bound * (patron == USA)[:, None]
    informal_state = (gen.random(n) < 0.3) & ~allied_ever
    consul = np.repeat(informal_state[:, None], t, axis=1).astype(float)

    # capabilities, GDP, population: state constants with small yearly noise
    between = 0.0 if gdp_within_sd > 0 else 1.5
    log_gdp = gen.normal(24, between, n)[:, None] + gen.normal(0, gdp_within_sd, (n, t))
    log_pop = np.repeat(gen.normal(16, 1, n)[:, None], t, axis=1)
    cinc = np.exp(gen.normal(-7, 1, n))[:, None] * np.exp(gen.normal(0, 0.05, (n, t)))

    # ideal points: a random walk per state; the US sits at 1
    ideal = gen.normal(0, 0.5, n)[:, None] + np.cumsum(gen.normal(0, 0.08, (n, t)), axis=1)
    dist = np.abs(ideal - 1.0)

    agree = (
        0.5
        + effects.agree_ally * us_ally
        + effects.agree_informal * consul
        + 0.01 * (polity / 10)
        + gen.normal(0, 0.05, (n, t))
        + gen.normal(0, 0.05, t)[None, :]
    )

    # aid: state and year effects plus the lagged terms the tests look for
    lag = lambda a: np.pad(a[:, :-1], ((0, 0), (1, 0)), constant_values=np.nan)  # noqa: E731
    log_aid = (
        4
        + gen.normal(0, 1, n)[:, None]
        + gen.normal(0, 0.3, t)[None, :]
        + 0.3 * lag(us_ally)
        + 0.2 * lag(dist)
        + effects.aid_interaction * lag(us_ally) * lag(dist)
        + effects.aid_polity * lag(polity)
        + gen.normal(0, 0.3, (n, t))
    )

    # peacekeeping 1990-2014: every state contributes; its first 100+ year is its event
    event_year = gen.integers(1993, 2011, n)
    gdppc = (log_gdp - log_pop).mean(axis=1)
    low_income = gdppc < np.median(gdppc)
    in_pko = (YEARS >= 1990) & (YEARS <= 2014)
    pko = np.where(YEARS[None, :] >= event_year[:, None], 300.0, 20.0) * in_pko[None, :]
    subsidy_year = (YEARS[None, :] == event_year[:, None] + 1) & low_income[:, None]
    log_aid = log_aid + effects.pko_subsidy * subsidy_year
    aid = np.expm1(np.nan_to_num(log_aid, nan=4.0)) * 1e6

    # burden: NATO members' milex/GDP rises (or falls) with GDP; drawdowns move the middle tercile
    nato = np.zeros(n, bool)
    nato[np.flatnonzero(patron == USA)[:16]] = True
    z_gdp = (log_gdp - log_gdp.mean()) / log_gdp.std()
    burden = 0.03 + effects.burden_size * z_gdp + 0.005 * gen.normal(0, 1, (n, t))
    troops = np.full((n, t), 5000.0)
    drawdown = np.zeros((n, t), bool)
    drawdown[:, 1:] = gen.random((n, t - 1)) < 0.08
    drawdown[:, 1:] &= ~drawdown[:, :-1]  # troops return the next year: no back-to-back drawdowns
    troops[drawdown] = 2500.0
    troops[us_ally == 0] = 0.0  # troops only with allies: hosted troops would make an informal tie
    # the GDP tercile among the year's US allies
    rank = pd.DataFrame(np.where(us_ally == 1, log_gdp, np.nan)).rank(axis=0, pct=True).to_numpy()
    middle = (rank > 1 / 3) & (rank <= 2 / 3)
    shifted = np.zeros((n, t))
    shifted[:, 2:] = drawdown[:, :-2] & middle[:, :-2] & (us_ally[:, :-2] == 1)
    burden = np.clip(burden + effects.goldilocks * shifted, 0.001, 0.5)

    grid = pd.MultiIndex.from_product([codes, YEARS], names=["ccode", "year"]).to_frame(index=False)
    states = grid.assign(
        cinc=cinc.ravel(),
        polity2=polity.ravel(),
        v2x_polyarchy=((polity + 10) / 20).ravel(),
        W=((polity + 10) / 20).ravel(),
        leader_change=leader_change.ravel(),
        leader_change_regular=(leader_change - leader_irregular).ravel(),
        leader_change_irregular=leader_irregular.ravel(),
        wbgdp2011est=log_gdp.ravel(),
        wbpopest=log_pop.ravel(),
        wbgdppc2011est=(log_gdp - log_pop).ravel(),
        idealpointall=ideal.ravel(),
        idealpointfp=ideal.ravel(),
        un_agree_ref=agree.ravel(),
        un_common_ref=70.0,
        us_aid_total=aid.ravel(),
        us_troops=troops.ravel(),
        sipri_milex_gdp=burden.ravel(),
        nato=np.repeat(nato, t).astype(float),
        pko_total=np.where(in_pko[None, :], pko, np.nan).ravel(),
    )
    us_row = pd.DataFrame(
        {"ccode": USA, "year": YEARS, "idealpointall": 1.0, "idealpointfp": 1.0, "cinc": 0.2, "polity2": 10.0}
    )
    states = pd.concat([states, us_row], ignore_index=True)

    rows = []
    for p in (USA, RIVAL):
        mine = (patron == p)[:, None] * bound
        flags = pd.DataFrame(
            {
                "ccode1": p,
                "ccode2": np.repeat(codes, t),
                "year": np.tile(YEARS, n),
                "atop_defense": mine.ravel(),
                "atop_offense": 0.0,
                "atop_nonagg": 0.0,
                "atop_consul": consul.ravel() if p == USA else 0.0,
            }
        )
        rows += [flags, flags.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1"})]
    dyads = pd.concat(rows, ignore_index=True)
    return states, dyads
