"""Evidence: readers for the standard data sets and composable dyad-year builders.

``read(name)`` returns any registered data set (``alliancelab data list``) as a pandas DataFrame with
documented columns and dtypes; ``fetch(names)`` downloads the published files into the user cache and
verifies their SHA-256; ``get_source(name)`` is the registry entry (files, origin, schema, citation).
The builders (``create_dyadyears``, ``add_atop_alliance``, ...) join them into state-years and dyad-years;
see :mod:`alliancelab.data.builders`.
"""

from alliancelab.data.builders import (
    ADDERS,
    BuildResult,
    UnmatchedCodesWarning,
    add_atop_alliance,
    add_cow_majors,
    add_democracy,
    add_gdp,
    add_ideal_points,
    add_leaders,
    add_nmc,
    add_patron_client,
    add_rivalries,
    add_un_agreement,
    add_us_aid,
    add_us_troops,
    agreement_scores,
    build,
    create_dyadyears,
    create_stateyears,
    read_frame,
    to_arrow,
    write_parquet,
)
from alliancelab.data.fetch import fetch, verify
from alliancelab.data.paths import cache_dir, data_root
from alliancelab.data.readers import catalogue, clear_cache, describe, read
from alliancelab.data.sources import DataSource, get_source, source_names

__all__ = [
    "ADDERS",
    "BuildResult",
    "DataSource",
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
    "cache_dir",
    "catalogue",
    "clear_cache",
    "create_dyadyears",
    "create_stateyears",
    "data_root",
    "describe",
    "fetch",
    "get_source",
    "read",
    "read_frame",
    "source_names",
    "to_arrow",
    "verify",
    "write_parquet",
]
