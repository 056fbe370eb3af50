"""Formal models of the seeds, one module per model: pure, vectorised numpy functions over frozen
parameter objects, each quoting the seed sentence it encodes.

* :mod:`~alliancelab.theory.formation`: the security–autonomy trade-off and the side payment (Kabir 2019,
  after Morrow 1991); models.md (a).
* :mod:`~alliancelab.theory.selectorate`: coalition size and instability price concessions (BdM & Smith); (b).
* :mod:`~alliancelab.theory.realignment`: rival patrons, credibility, switching costs; (c).
* :mod:`~alliancelab.theory.maintenance`: reviews, leader and regime change over time; (d).
* :mod:`~alliancelab.theory.burden`: Olson–Zeckhauser free-riding and Blankenship's alliance control; (e).
* :mod:`~alliancelab.theory.legitimacy`: security for legitimacy (Istomin & Baikov 2019); (f).

The coalition market of (g) is :mod:`alliancelab.coalition`.
"""

from alliancelab.theory import burden, formation, legitimacy, maintenance, realignment, selectorate

__all__ = ["burden", "formation", "legitimacy", "maintenance", "realignment", "selectorate"]
