"""Composable state-year and dyad-year builders, like peacesciencer's pipeline.

>>> from alliancelab.data.builders import create_dyadyears, add_atop_alliance, add_nmc  # doctest: +SKIP
>>> dyads = create_dyadyears(years=(1946, 2014)).pipe(add_atop_alliance).pipe(add_nmc)  # doctest: +SKIP

Every frame records its unit, state system and sources in ``attrs`` (``alliancelab.cite(frame)`` gives the
BibTeX); see :mod:`alliancelab.data.builders._frame` for the convention and ``docs/data.md`` for the columns
each step adds.
"""

from alliancelab.data.builders._frame import UnmatchedCodesWarning
from alliancelab.data.builders._sources import clear_cache
from alliancelab.data.builders.agreement import add_un_agreement, agreement_scores
from alliancelab.data.builders.alliances import add_atop_alliance
from alliancelab.data.builders.capabilities import add_cow_majors, add_gdp, add_nmc
from alliancelab.data.builders.create import create_dyadyears, create_stateyears
from alliancelab.data.builders.ideal_points import add_ideal_points
from alliancelab.data.builders.output import read_frame, to_arrow, write_parquet
from alliancelab.data.builders.patron_client import add_patron_client
from alliancelab.data.builders.pipeline import ADDERS, BuildResult, build
from alliancelab.data.builders.politics import add_democracy, add_leaders
from alliancelab.data.builders.rivalries import add_rivalries
from alliancelab.data.builders.us_presence import add_us_aid, add_us_troops

__all__ = [
    "ADDERS",
    "BuildResult",
    "UnmatchedCodesWarning",
    "add_atop_alliance",
    "add_cow_majors",
    "add_democracy",
    "add_gdp",
    "add_ideal_points",
    "add_leaders",
    "add_nmc",
    "add_patron_client",
    "add_rivalries",
    "add_un_agreement",
    "add_us_aid",
    "add_us_troops",
    "agreement_scores",
    "build",
    "clear_cache",
    "create_dyadyears",
    "create_stateyears",
    "read_frame",
    "to_arrow",
    "write_parquet",
]
