"""Composable state-year and dyad-year builders, like peacesciencer's pipeline.

>>> from alliancelab.data.builders import create_dyadyears, add_atop_alliance, add_nmc  # doctest: +SKIP
>>> dyads = create_dyadyears(years=(1946, 2014)).pipe(add_atop_alliance).pipe(add_nmc)  # doctest: +SKIP

Every frame records its unit, state system and sources in ``attrs`` (``alliancelab.cite(frame)`` gives the
BibTeX); see :mod:`alliancelab.data.builders._frame` for the convention and ``docs/data.md`` for the columns
each step adds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from alliancelab.data._lazy import lazy_exports

if TYPE_CHECKING:
    from alliancelab.data.builders._frame import RepeatedStepWarning, UnmatchedCodesWarning, restore
    from alliancelab.data.builders._tables import clear_cache
    from alliancelab.data.builders.agreement import add_un_agreement, agreement_scores
    from alliancelab.data.builders.alliances import add_atop_alliance
    from alliancelab.data.builders.burden import add_peacekeeping, add_sipri
    from alliancelab.data.builders.capabilities import add_cow_majors, add_gdp, add_nmc
    from alliancelab.data.builders.conflict import add_cow_mids, add_gml_mids, add_terrthreat, add_ucdp_acd
    from alliancelab.data.builders.create import create_dyadyears, create_stateyears
    from alliancelab.data.builders.geography import (
        add_capital_distance,
        add_contiguity,
        add_minimum_distance,
        filter_prd,
    )
    from alliancelab.data.builders.ideal_points import add_ideal_points
    from alliancelab.data.builders.output import read_frame, to_arrow, write_parquet
    from alliancelab.data.builders.patron_client import add_patron_client
    from alliancelab.data.builders.peacekeeping import create_missionyears
    from alliancelab.data.builders.pipeline import ADDERS, BuildResult, build
    from alliancelab.data.builders.politics import add_democracy, add_leaders
    from alliancelab.data.builders.rivalries import add_rivalries
    from alliancelab.data.builders.similarity import add_fpsim
    from alliancelab.data.builders.spells import add_spells
    from alliancelab.data.builders.units import (
        add_lead,
        create_alliance_spells,
        create_leaderdyadyears,
        create_leaderyears,
    )
    from alliancelab.data.builders.us_aid import add_us_aid
    from alliancelab.data.builders.us_troops import add_us_troops

# Every public name, and the module that defines it: imported on first use (PEP 562), so that
# importing one builder does not pay for pandas, DuckDB and SciPy.
_EXPORTS: dict[str, str] = {
    "ADDERS": "alliancelab.data.builders.pipeline",
    "BuildResult": "alliancelab.data.builders.pipeline",
    "RepeatedStepWarning": "alliancelab.data.builders._frame",
    "UnmatchedCodesWarning": "alliancelab.data.builders._frame",
    "add_atop_alliance": "alliancelab.data.builders.alliances",
    "add_capital_distance": "alliancelab.data.builders.geography",
    "add_contiguity": "alliancelab.data.builders.geography",
    "add_cow_majors": "alliancelab.data.builders.capabilities",
    "add_cow_mids": "alliancelab.data.builders.conflict",
    "add_democracy": "alliancelab.data.builders.politics",
    "add_fpsim": "alliancelab.data.builders.similarity",
    "add_gdp": "alliancelab.data.builders.capabilities",
    "add_gml_mids": "alliancelab.data.builders.conflict",
    "add_ideal_points": "alliancelab.data.builders.ideal_points",
    "add_lead": "alliancelab.data.builders.units",
    "add_leaders": "alliancelab.data.builders.politics",
    "add_minimum_distance": "alliancelab.data.builders.geography",
    "add_nmc": "alliancelab.data.builders.capabilities",
    "add_patron_client": "alliancelab.data.builders.patron_client",
    "add_peacekeeping": "alliancelab.data.builders.burden",
    "add_rivalries": "alliancelab.data.builders.rivalries",
    "add_sipri": "alliancelab.data.builders.burden",
    "add_spells": "alliancelab.data.builders.spells",
    "add_terrthreat": "alliancelab.data.builders.conflict",
    "add_ucdp_acd": "alliancelab.data.builders.conflict",
    "add_un_agreement": "alliancelab.data.builders.agreement",
    "add_us_aid": "alliancelab.data.builders.us_aid",
    "add_us_troops": "alliancelab.data.builders.us_troops",
    "agreement_scores": "alliancelab.data.builders.agreement",
    "build": "alliancelab.data.builders.pipeline",
    "clear_cache": "alliancelab.data.builders._tables",
    "create_alliance_spells": "alliancelab.data.builders.units",
    "create_dyadyears": "alliancelab.data.builders.create",
    "create_leaderdyadyears": "alliancelab.data.builders.units",
    "create_leaderyears": "alliancelab.data.builders.units",
    "create_missionyears": "alliancelab.data.builders.peacekeeping",
    "create_stateyears": "alliancelab.data.builders.create",
    "filter_prd": "alliancelab.data.builders.geography",
    "read_frame": "alliancelab.data.builders.output",
    "restore": "alliancelab.data.builders._frame",
    "to_arrow": "alliancelab.data.builders.output",
    "write_parquet": "alliancelab.data.builders.output",
}

__all__ = [
    "ADDERS",
    "BuildResult",
    "RepeatedStepWarning",
    "UnmatchedCodesWarning",
    "add_atop_alliance",
    "add_capital_distance",
    "add_contiguity",
    "add_cow_majors",
    "add_cow_mids",
    "add_democracy",
    "add_fpsim",
    "add_gdp",
    "add_gml_mids",
    "add_ideal_points",
    "add_lead",
    "add_leaders",
    "add_minimum_distance",
    "add_nmc",
    "add_patron_client",
    "add_peacekeeping",
    "add_rivalries",
    "add_sipri",
    "add_spells",
    "add_terrthreat",
    "add_ucdp_acd",
    "add_un_agreement",
    "add_us_aid",
    "add_us_troops",
    "agreement_scores",
    "build",
    "clear_cache",
    "create_alliance_spells",
    "create_dyadyears",
    "create_leaderdyadyears",
    "create_leaderyears",
    "create_missionyears",
    "create_stateyears",
    "filter_prd",
    "read_frame",
    "restore",
    "to_arrow",
    "write_parquet",
]


__getattr__, __dir__ = lazy_exports(__name__, globals(), _EXPORTS)
