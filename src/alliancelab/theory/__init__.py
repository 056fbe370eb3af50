"""Formal models of the seeds, one module per model: pure, vectorised numpy functions over frozen
parameter objects, each quoting the seed sentence it encodes.

* :mod:`~alliancelab.theory.formation`: the security–autonomy trade-off and the side payment (Kabir 2019,
  after Morrow 1991); models.md (a).
* :mod:`~alliancelab.theory.selectorate`: coalition size and instability price concessions (BdM & Smith); (b).
* :mod:`~alliancelab.theory.realignment`: rival patrons, credibility, switching costs; (c).
* :mod:`~alliancelab.theory.maintenance`: reviews, leader and regime change over time; (d).
* :mod:`~alliancelab.theory.burden`: Olson–Zeckhauser free-riding and Blankenship's alliance control; (e).
* :mod:`~alliancelab.theory.legitimacy`: security for legitimacy (Istomin & Baikov 2019); (f).

The coalition market of (g) is :mod:`alliancelab.coalition`, a package of its own beside ``theory/``, on
purpose: its model is not a closed form over arrays of dyads but an integer covering program (solved exactly
by :mod:`~alliancelab.coalition.lagrangian_enumeration`, with HiGHS through ``scipy.optimize`` as reference
and fallback), a Monte Carlo over private reservation prices that returns pandas frames, and a parameter
object of named states and their settings rather than arrays of dyads (``Mission``, a frozen, validated
dataclass like every ``*Params`` here; the mission files, their pydantic schema and their loader are
:mod:`alliancelab.cases.missions`). ``theory/`` is numpy only (no scipy, pandas, pydantic or I/O;
``docs/architecture.md`` and ``tests/test_architecture.py``), so the market's solver and frames would break
the rule that makes ``theory/`` light and pure; ``coalition/`` sits on the same layer (it may import the
foundation and ``theory/``, nothing above) and, like ``theory/``, imports no pydantic.
"""

from alliancelab.theory import burden, formation, legitimacy, maintenance, realignment, selectorate

__all__ = ["burden", "formation", "legitimacy", "maintenance", "realignment", "selectorate"]
