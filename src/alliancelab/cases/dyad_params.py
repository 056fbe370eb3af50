"""The contest and dynamics parameters of a formation case: what ``realign`` and ``maintain`` solve.

A formation case (:mod:`alliancelab.cases.formation_case`) holds the client, the incumbent patron and the
client's leader. :func:`load_case` loads it with overrides; :func:`contest_params` adds a rival
(:func:`~alliancelab.theory.realignment.default_rival`, the one "default rival") for the contest of section
(c); :func:`maintenance_params` adds the leader and the world of section (d). Errors name the options the
values came from (``where``), so the command line and notebooks get the same one-line messages.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

import numpy as np

from alliancelab.cases.formation_case import FormationCase, custom_case, load_formation_case
from alliancelab.errors import ParameterError
from alliancelab.theory.maintenance import MaintenanceParams
from alliancelab.theory.realignment import ContestParams, PatronTerms, default_rival
from alliancelab.theory.selectorate import SelectorateParams, conversion_rate

__all__ = ["contest_params", "load_case", "maintenance_params", "rival_terms"]


def load_case(case: str | None, overrides: Mapping[str, Any] | None = None, *, where: str) -> FormationCase:
    """A shipped case by name, a TOML path, or (``None``) the models.md defaults, with ``overrides`` set."""
    loaded = load_formation_case(case) if case is not None else custom_case()
    return loaded.with_overrides(dict(overrides), where=where) if overrides else loaded


def rival_terms(case: FormationCase, terms: Mapping[str, float], *, where: str = "rival") -> PatronTerms:
    """The default rival at ``case``, with ``terms`` (``v``, ``d``, ``credibility``, ...) in its own place."""
    try:
        return default_rival(case.formation, **terms)
    except ParameterError as err:
        raise err.within(where, owner="rival") from None


def contest_params(
    case: FormationCase,
    rival: PatronTerms | None,
    *,
    aligned: bool = True,
    where: str,
    **contest: Any,
) -> ContestParams:
    """The contest between the case's incumbent and ``rival`` (``None``: the incumbent's monopoly).

    ``contest`` sets ``tau`` and ``credibility`` (pi_H, default 0.95: with no rival the incumbent pays the
    monopoly price of section (a) divided by pi_H; ``credibility=1`` gives :func:`formation.solve`'s price).
    """
    try:
        return ContestParams(case.formation, rival, aligned=aligned, **contest)
    except ParameterError as err:
        raise err.within(where) from None


def maintenance_params(
    case: FormationCase,
    rival: PatronTerms | None,
    *,
    reform: bool = True,
    where: str,
    **world: Any,
) -> MaintenanceParams:
    """Maintenance parameters from a case: its leader table, or a default leader calibrated to its ``mu``.

    A case without a leader table keeps its ``mu`` at year 0: the default selectorate leader with ``mu0``
    scaled so that its conversion rate equals the case's ``mu``.
    """
    leader = case.leader
    if leader is None:
        default = SelectorateParams()
        mu0 = float(np.asarray(case.formation.mu)) / float(conversion_rate(default)) * float(default.mu0)
        leader = dataclasses.replace(default, mu0=mu0)
    try:
        return MaintenanceParams(dyad=case.formation, leader=leader, rival=rival, reform=reform, **world)
    except ParameterError as err:
        raise err.within(where) from None
