"""The coalition-building market of Henke's "Buying Allies": typology, prices, cheapest coalition.

Modules: :mod:`~alliancelab.coalition.mission` (the market's parameter objects, ``Mission`` and what it holds:
frozen dataclasses checked at construction; the mission files, their schema and loaders are cases:
:mod:`alliancelab.cases.missions`),
:mod:`~alliancelab.coalition.typology` (Henke's recipient types as a decision rule),
:mod:`~alliancelab.coalition.valuation` (reservation prices, scarcity, the pivotal state's valuation),
:mod:`~alliancelab.coalition.pricing` (information regimes, scarcity markup, payment form),
:mod:`~alliancelab.coalition.optimize` (the covering program: exact Lagrangian-bounded enumeration, HiGHS MILP
as reference and fallback), :mod:`~alliancelab.coalition.simulate` (Monte Carlo over private reservation
prices), :mod:`~alliancelab.coalition.holdup` (mid-deployment hold-up), :mod:`~alliancelab.coalition.plan`
(all of it for one mission). The operations of seed 004 as data are cases:
:mod:`alliancelab.cases.coalition_cases` (loaders, coding rule) and :mod:`alliancelab.cases.coalition_schema`;
the report per operation is :mod:`alliancelab.report.coalition_report`, a mission's table, sweeps and words
:mod:`alliancelab.report.mission_report`.
"""

from alliancelab._deprecation import moved_names
from alliancelab.coalition.holdup import HoldupParams, holdup_path, risk_effort, threat_demand
from alliancelab.coalition.mission import (
    Candidate,
    HoldupSettings,
    MarketSettings,
    Mission,
    PivotalState,
    Regime,
    SideDeal,
)
from alliancelab.coalition.optimize import (
    Coalition,
    CoverProblem,
    cheapest_coalition,
    cover_problem,
    solve_brute_force,
    solve_exact,
    solve_greedy,
)
from alliancelab.coalition.plan import MissionPlan, plan_mission
from alliancelab.coalition.pricing import PaymentForm, Quotes, cost_shares, payment_form, quote
from alliancelab.coalition.simulate import SimulationResult, simulate
from alliancelab.coalition.typology import (
    Classification,
    ContributorType,
    TypologyFeatures,
    classify,
    classify_features,
)

__all__ = [
    "Candidate",
    "Classification",
    "Coalition",
    "ContributorType",
    "CoverProblem",
    "HoldupParams",
    "HoldupSettings",
    "MarketSettings",
    "Mission",
    "MissionPlan",
    "PaymentForm",
    "PivotalState",
    "Quotes",
    "Regime",
    "SideDeal",
    "SimulationResult",
    "TypologyFeatures",
    "cheapest_coalition",
    "classify",
    "classify_features",
    "cost_shares",
    "cover_problem",
    "holdup_path",
    "payment_form",
    "plan_mission",
    "quote",
    "risk_effort",
    "simulate",
    "solve_brute_force",
    "solve_exact",
    "solve_greedy",
    "threat_demand",
]

__getattr__ = moved_names(
    __name__,
    {"read_mission": "alliancelab.cases.missions", "mission_from_dict": "alliancelab.cases.missions"},
)
