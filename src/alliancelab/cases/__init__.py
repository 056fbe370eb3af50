"""The case library: worked cases as TOML files, each value with its source or reasoning.

Cases live in this package under ``<kind>/<name>.toml`` (``kind`` is ``formation``, ``coalition`` or
``missions``). A user names a shipped case (``us-pakistan-1954``) or passes a path to a file of their own.
Every case format has its schema and loader here:

* :mod:`~alliancelab.cases.library`: shipped names, paths, reading TOML (:func:`case_names`,
  :func:`case_path`, :func:`read_toml`);
* :mod:`~alliancelab.cases.checks`: the source check and the order of schema errors every format shares;
* :mod:`~alliancelab.cases.formation_case`: formation dyads (``load_formation_case``);
* :mod:`~alliancelab.cases.coalition_schema` and :mod:`~alliancelab.cases.coalition_cases`: the operations
  of seed 004 (``load_operation``, ``load_soldier_costs``, the coding rule ``coded_features``);
* :mod:`~alliancelab.cases.missions`: a user's coalition mission (``read_mission``, ``mission_from_dict``),
  the schema of the file over the market's parameter objects.

Reports on a case are in :mod:`alliancelab.report` (e.g. :mod:`alliancelab.report.coalition_report`).
This file only re-exports; the loaders are imported from their modules so that ``import alliancelab.cases``
stays light.
"""

from alliancelab.cases.library import case_names, case_path, read_toml

__all__ = ["case_names", "case_path", "read_toml"]
