"""Power: material capabilities (CINC), major-power status, and GDP.

Sources: COW National Material Capabilities v7.0 (``singer1972capability``, ``singer1987reconstructing``);
COW State System Membership v2016 major-power list (``cow2017states``); Anders, Fariss & Markowitz (2020)
GDP, population and surplus domestic product estimates (``anders2020bread``); all as packaged by
peacesciencer (``miller2022peacesciencer``).

On a state-year frame the columns keep their names; on a dyad-year frame each comes twice, for side 1 and
side 2 (``cinc1``, ``cinc2``). Outside a source's years every value is missing, never 0.
"""

from __future__ import annotations

import pandas as pd

from alliancelab.data.builders import _tables
from alliancelab.data.builders._frame import add_columns, require
from alliancelab.data.builders._join import cow_codes_for, join_states, state_values

__all__ = ["GDP_YEARS", "MAJORS_YEARS", "NMC_COLUMNS", "NMC_YEARS", "add_cow_majors", "add_gdp", "add_nmc"]

NMC_COLUMNS = ("milex", "milper", "irst", "pec", "tpop", "upop", "cinc")
NMC_YEARS = (1816, 2022)
MAJORS_YEARS = (1816, 2016)
GDP_COLUMNS = ("wbgdp2011est", "wbpopest", "sdpest", "wbgdppc2011est")
GDP_YEARS = (1800, 2016)


def add_nmc(frame: pd.DataFrame) -> pd.DataFrame:
    """Add COW National Material Capabilities v7.0.

    Adds ``milex`` (military expenditure, thousands: British pounds 1816–1913, current US$ from 1914),
    ``milper`` (military personnel, thousands), ``irst`` (iron and steel, thousand tons), ``pec`` (primary
    energy, thousand coal-ton equivalents), ``tpop``/``upop`` (total/urban population, thousands) and
    ``cinc`` (Composite Index of National Capability: mean of the six world shares) — suffixed ``1``/``2``
    on dyad-years. Missing outside 1816–2022 and where NMC has no value.

    Source: COW NMC v7.0 (Singer, Bremer & Stuckey 1972; Singer 1987), via peacesciencer.
    """
    require(frame, "add_nmc")
    joined = join_states(
        frame, _tables.prepared("nmc"), NMC_COLUMNS, coverage=NMC_YEARS, code_map=cow_codes_for(frame)
    )
    return add_columns(
        frame,
        joined.columns,
        step="add_nmc",
        coverage=NMC_YEARS,
        sources=_tables.citations("cow_nmc"),
        unmatched=joined.unmatched,
        source_only=joined.source_only,
        frame_rows=joined.frame_rows,
    )


def add_cow_majors(frame: pd.DataFrame) -> pd.DataFrame:
    """Add COW major-power status.

    Adds ``cowmaj`` (``cowmaj1``/``cowmaj2`` on dyad-years; nullable Int8): 1 if the state is a COW major
    power in any part of the year, else 0; missing outside 1816–2016 (the v2016 list).

    Source: COW State System Membership v2016, major powers, via peacesciencer.
    """
    require(frame, "add_cow_majors")
    new, _ = state_values(
        frame,
        _tables.prepared("majors"),
        ("cowmaj",),
        coverage=MAJORS_YEARS,
        code_map=cow_codes_for(frame),
        fill_inside=0,
        check_codes=False,
    )
    return add_columns(frame, new, step="add_cow_majors", sources=_tables.citations("cow_majors"))


def add_gdp(frame: pd.DataFrame) -> pd.DataFrame:
    """Add GDP, population and surplus domestic product (Anders, Fariss & Markowitz 2020).

    Adds ``wbgdp2011est`` (ln GDP, constant 2011 US$), ``wbpopest`` (ln population), ``sdpest`` (ln surplus
    domestic product) and ``wbgdppc2011est`` (ln GDP per capita) — natural logs, as in the source; use
    ``numpy.exp`` for levels. Suffixed ``1``/``2`` on dyad-years; missing outside 1800–2016.

    Source: Anders, Fariss & Markowitz (2020), simulated-estimate means for COW states, via peacesciencer.
    """
    require(frame, "add_gdp")
    joined = join_states(
        frame, _tables.prepared("sdp_gdp"), GDP_COLUMNS, coverage=GDP_YEARS, code_map=cow_codes_for(frame)
    )
    return add_columns(
        frame,
        joined.columns,
        step="add_gdp",
        coverage=GDP_YEARS,
        sources=_tables.citations("cow_sdp_gdp"),
        unmatched=joined.unmatched,
        source_only=joined.source_only,
        frame_rows=joined.frame_rows,
    )
