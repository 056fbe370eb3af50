"""Evidence: readers for the standard data sets and composable dyad-year builders.

``read(name)`` returns any registered data set (``alliancelab data list``) as a pandas DataFrame with
documented columns and dtypes; ``fetch(names)`` downloads the published files into the user cache and
verifies their SHA-256; ``get_source(name)`` is the registry entry (files, origin, schema, citation).
The builders (``create_dyadyears``, ``add_atop_alliance``, ...) join them into state-years and dyad-years;
see :mod:`alliancelab.data.builders`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from alliancelab.data.builders import (
        ADDERS,
        BuildResult,
        RepeatedStepWarning,
        UnmatchedCodesWarning,
        add_atop_alliance,
        add_capital_distance,
        add_contiguity,
        add_cow_majors,
        add_cow_mids,
        add_democracy,
        add_fpsim,
        add_gdp,
        add_gml_mids,
        add_ideal_points,
        add_lead,
        add_leaders,
        add_minimum_distance,
        add_nmc,
        add_patron_client,
        add_peacekeeping,
        add_rivalries,
        add_sipri,
        add_spells,
        add_terrthreat,
        add_ucdp_acd,
        add_un_agreement,
        add_us_aid,
        add_us_troops,
        agreement_scores,
        build,
        create_alliance_spells,
        create_dyadyears,
        create_leaderdyadyears,
        create_leaderyears,
        create_stateyears,
        filter_prd,
        read_frame,
        restore,
        to_arrow,
        write_parquet,
    )
    from alliancelab.data.fetch import fetch, verify
    from alliancelab.data.inventory import catalogue, describe
    from alliancelab.data.paths import cache_dir, data_root
    from alliancelab.data.readers import clear_cache, read
    from alliancelab.data.registry import DataSource, get_source, source_names

# Every public name, and the module that defines it: imported on first use (PEP 562), so that
# `alliancelab data list` and `--help` does not pay for pandas, DuckDB and SciPy.
_EXPORTS: dict[str, str] = {
    "ADDERS": "alliancelab.data.builders",
    "BuildResult": "alliancelab.data.builders",
    "DataSource": "alliancelab.data.registry",
    "RepeatedStepWarning": "alliancelab.data.builders",
    "UnmatchedCodesWarning": "alliancelab.data.builders",
    "add_atop_alliance": "alliancelab.data.builders",
    "add_capital_distance": "alliancelab.data.builders",
    "add_contiguity": "alliancelab.data.builders",
    "add_cow_majors": "alliancelab.data.builders",
    "add_cow_mids": "alliancelab.data.builders",
    "add_democracy": "alliancelab.data.builders",
    "add_fpsim": "alliancelab.data.builders",
    "add_gdp": "alliancelab.data.builders",
    "add_gml_mids": "alliancelab.data.builders",
    "add_ideal_points": "alliancelab.data.builders",
    "add_lead": "alliancelab.data.builders",
    "add_leaders": "alliancelab.data.builders",
    "add_minimum_distance": "alliancelab.data.builders",
    "add_nmc": "alliancelab.data.builders",
    "add_patron_client": "alliancelab.data.builders",
    "add_peacekeeping": "alliancelab.data.builders",
    "add_rivalries": "alliancelab.data.builders",
    "add_sipri": "alliancelab.data.builders",
    "add_spells": "alliancelab.data.builders",
    "add_terrthreat": "alliancelab.data.builders",
    "add_ucdp_acd": "alliancelab.data.builders",
    "add_un_agreement": "alliancelab.data.builders",
    "add_us_aid": "alliancelab.data.builders",
    "add_us_troops": "alliancelab.data.builders",
    "agreement_scores": "alliancelab.data.builders",
    "build": "alliancelab.data.builders",
    "cache_dir": "alliancelab.data.paths",
    "catalogue": "alliancelab.data.inventory",
    "clear_cache": "alliancelab.data.readers",
    "create_alliance_spells": "alliancelab.data.builders",
    "create_dyadyears": "alliancelab.data.builders",
    "create_leaderdyadyears": "alliancelab.data.builders",
    "create_leaderyears": "alliancelab.data.builders",
    "create_stateyears": "alliancelab.data.builders",
    "data_root": "alliancelab.data.paths",
    "describe": "alliancelab.data.inventory",
    "fetch": "alliancelab.data.fetch",
    "filter_prd": "alliancelab.data.builders",
    "get_source": "alliancelab.data.registry",
    "read": "alliancelab.data.readers",
    "read_frame": "alliancelab.data.builders",
    "restore": "alliancelab.data.builders",
    "source_names": "alliancelab.data.registry",
    "to_arrow": "alliancelab.data.builders",
    "verify": "alliancelab.data.fetch",
    "write_parquet": "alliancelab.data.builders",
}

__all__ = [
    "ADDERS",
    "BuildResult",
    "DataSource",
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
    "cache_dir",
    "catalogue",
    "clear_cache",
    "create_alliance_spells",
    "create_dyadyears",
    "create_leaderdyadyears",
    "create_leaderyears",
    "create_stateyears",
    "data_root",
    "describe",
    "fetch",
    "filter_prd",
    "get_source",
    "read",
    "read_frame",
    "restore",
    "source_names",
    "to_arrow",
    "verify",
    "write_parquet",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
