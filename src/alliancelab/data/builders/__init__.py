"""Composable state-year and dyad-year builders, like peacesciencer's pipeline.

>>> from alliancelab.data.builders import create_dyadyears, add_atop_alliance, add_nmc  # doctest: +SKIP
>>> dyads = create_dyadyears(years=(1946, 2014)).pipe(add_atop_alliance).pipe(add_nmc)  # doctest: +SKIP

Every frame records its unit, state system and sources in ``attrs`` (``alliancelab.cite(frame)`` gives the
BibTeX); see :mod:`alliancelab.data.builders._frame` for the convention and ``docs/data.md`` for the columns
each step adds.
"""

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
    "create_stateyears",
    "filter_prd",
    "read_frame",
    "restore",
    "to_arrow",
    "write_parquet",
]
