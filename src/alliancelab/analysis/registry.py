"""One registry of hypothesis tests, shared by simulated worlds and real data.

A hypothesis test is a small function over a frame whose columns follow the evidence layer's names
(``ccode``/``year`` keys, ``atop_defense``-style alliance flags, aid, UN agreement, W proxies). Because a
simulated run (:mod:`alliancelab.sim`) writes its ``state_years`` and ``dyad_years`` tables with the same
names, the same function estimates a seed's prediction on a simulated table and on a real one.

Register a test with :func:`hypothesis`; list them with :func:`registered`; run them with :func:`run_tests`.

>>> from alliancelab.analysis.registry import registered
>>> all(h.test_id == key for key, h in registered().items())
True
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from alliancelab.analysis.results import TestResult
from alliancelab.errors import UserInputError

__all__ = ["Hypothesis", "TableKind", "hypothesis", "registered", "run_tests"]

# Which table a test reads. Simulated runs and the evidence layer both produce these.
TableKind = Literal[
    "state_years", "un_state_years", "dyad_years", "alliance_spells", "coalitions", "burden_years"
]

TestFunction = Callable[..., TestResult]


@dataclass(frozen=True, slots=True)
class Hypothesis:
    """One registered test: what it claims, on which table, and the function that estimates it.

    ``test_id`` names the test (``T-F1`` for a pre-registered real-data test, ``S-A1`` for a simulated-world
    test); ``claim_id`` is the claim in ``models.md`` it bears on (``F1``); ``seed`` the source text
    (``"002"``); ``prediction`` the claim in words; ``specification`` the model as estimated.
    ``sources`` says where the test can run: ``{"real"}``, ``{"sim"}`` or both.
    """

    test_id: str
    claim_id: str
    seed: str
    prediction: str
    specification: str
    table: TableKind
    func: TestFunction
    sources: frozenset[str] = frozenset({"real", "sim"})

    def __call__(self, frame: Any, **options: Any) -> TestResult:
        return self.func(frame, **options)


_REGISTRY: dict[str, Hypothesis] = {}

# Every module that registers tests. They are imported on the first look at the registry, so what it holds
# never depends on which modules a caller happened to import first.
TEST_MODULES = (
    "alliancelab.analysis.world_tests",
    "alliancelab.analysis.world_support_tests",
    "alliancelab.analysis.evidence_aid",
    "alliancelab.analysis.evidence_alliances",
    "alliancelab.analysis.evidence_burden",
    "alliancelab.analysis.evidence_legitimacy",
)


def load_all() -> None:
    """Import every module of :data:`TEST_MODULES` (a no-op after the first call)."""
    for module in TEST_MODULES:
        importlib.import_module(module)


def hypothesis(
    test_id: str,
    *,
    claim_id: str,
    seed: str,
    prediction: str,
    specification: str,
    table: TableKind,
    sources: Iterable[str] = ("real", "sim"),
) -> Callable[[TestFunction], TestFunction]:
    """Decorator: register ``func`` as the test ``test_id`` (an ID may be registered once)."""

    def register(func: TestFunction) -> TestFunction:
        if test_id in _REGISTRY and _REGISTRY[test_id].func is not func:
            raise ValueError(f"hypothesis test {test_id!r} is registered twice")
        _REGISTRY[test_id] = Hypothesis(
            test_id, claim_id, seed, prediction, specification, table, func, frozenset(sources)
        )
        return func

    return register


def registered(source: str | None = None) -> dict[str, Hypothesis]:
    """Every registered test by ID (only those that run on ``source``, ``"real"`` or ``"sim"``, if given)."""
    load_all()
    return {k: h for k, h in sorted(_REGISTRY.items()) if source is None or source in h.sources}


def run_tests(
    tables: Mapping[str, Any],
    *,
    only: Iterable[str] | None = None,
    source: str | None = None,
    on_result: Callable[[Hypothesis, TestResult], None] | None = None,
) -> list[TestResult]:
    """Run the registered tests (``only`` those IDs) on ``tables`` (table kind -> frame), in ID order.

    A test whose table is absent from ``tables`` is left out. An unknown ID is a user error that lists the
    known ones.
    """
    known = registered(source)
    chosen = list(known) if only is None else list(only)
    unknown = [t for t in chosen if t not in known]
    if unknown:
        raise UserInputError(f"unknown test {', '.join(unknown)}; known: {', '.join(known) or '(none)'}")
    results: list[TestResult] = []
    for test_id in chosen:
        h = known[test_id]
        if h.table not in tables:
            continue
        result = h(tables[h.table])
        results.append(result)
        if on_result is not None:
            on_result(h, result)
    return results
