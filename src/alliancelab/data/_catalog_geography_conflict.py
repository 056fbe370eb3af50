"""Catalogue entries for peacesciencer's geography and conflict files (added 2026-12-01).

Contiguity, capitals and minimum distance (the geography of a dyad); GML and COW militarized interstate
disputes, latent territorial threat and UCDP armed conflicts (its conflict). The leader attributes
(``LEAD``), Maoz's regional and global powers and the false COW dyads sit with the state and leader files
in :mod:`alliancelab.data._catalog_peacesciencer`. In every MID file ``-9`` means missing and is kept as
published (peacesciencer's adders keep it too).
"""

from __future__ import annotations

from alliancelab.data._schema import DataSource, cols

_PS = "miller2022peacesciencer"
_GML = ("gibler2016analysis", "miller2021convert", _PS)
_COWMID = ("palmer2022mid5", "miller2021convert", _PS)
_PARTICIPANT = (
    "sidea1:flag, sidea2:flag, fatality1:int, fatality2:int, fatalpre1:int, fatalpre2:int, hiact1:int, "
    "hiact2:int, hostlev1:int, hostlev2:int, orig1:flag, orig2:flag"
)
_NAIVE = (
    "Naive dyads: every pair of states on opposite sides of a multilateral dispute is a dyad. -9 = missing."
)

GEOGRAPHY_CONFLICT: tuple[DataSource, ...] = (
    DataSource(
        name="cow_contdir",
        title="COW Direct Contiguity v3.2, directed contiguity spells",
        files=("peacesciencer/cow_contdir.rda",),
        format="rda",
        r_object="cow_contdir",
        columns=cols("ccode1:code, ccode2:code, conttype:int, stdate:date, enddate:date"),
        unit="directed dyad-spell",
        citations=("stinnett2002contiguity", _PS),
        rows=1874,
        years=(1816, 2016),
        notes="conttype 1 land, 2-5 separated by water of at most 12/24/150/400 miles, 0 not contiguous "
        "(added by the packager for dyads contiguous at another time). Dates carry year and month only.",
    ),
    DataSource(
        name="cow_capitals",
        title="Capitals and capital transitions of COW states, with coordinates",
        files=("peacesciencer/cow_capitals.rda",),
        format="rda",
        r_object="cow_capitals",
        columns=cols(
            "ccode:code, statenme:str, capital:str, stdate:date, enddate:date, lat:float, lng:float"
        ),
        unit="state-capital spell",
        citations=(_PS,),
        rows=242,
        years=(1816, 2024),
        notes="Dates give generous coverage around system membership; lat/lng in decimal degrees.",
    ),
    DataSource(
        name="cow_mindist",
        title="Minimum distance between COW states (CShapes 2.0), non-directed dyad-years",
        files=("peacesciencer/cow_mindist.rda",),
        format="rda",
        r_object="cow_mindist",
        columns=cols("ccode1:code, ccode2:code, year:year, mindist:float"),
        unit="non-directed dyad-year",
        citations=("schvitz2022mapping", "weidmann2010mapping", _PS),
        year="year",
        rows=952244,
        years=(1886, 2019),
        notes="ccode1 < ccode2; kilometres as of 1 January; 0 = shared border. No rows before 1886.",
    ),
    DataSource(
        name="gml_dirdisp",
        title="GML MID v2.2.1 directed dispute-years",
        files=("peacesciencer/gml_dirdisp.rda",),
        format="rda",
        r_object="gml_dirdisp",
        columns=cols(
            "dispnum:int, ccode1:code, ccode2:code, year:year, midongoing:flag, midonset:flag, "
            + _PARTICIPANT
            + ", revstate1:int, revstate2:int, revtype11:int, revtype12:int, revtype21:int, revtype22:int, "
            "hiact:int, hostlev:int, mindur:int, maxdur:int, outcome:int, settle:int, fatality:int, "
            "fatalpre:int, stmon:int, endmon:int, recip:flag, numa:int, numb:int, ongo2010:flag, version:str"
        ),
        unit="directed dispute-year",
        citations=_GML,
        year="year",
        rows=10276,
        years=(1816, 2010),
        notes="One row per dispute, directed dyad and year: a dyad-year can have several. " + _NAIVE,
    ),
    DataSource(
        name="gml_mid_ddydisps",
        title="GML MID v2.2.1 directed dyad-years, one dispute per dyad-year",
        files=("peacesciencer/gml_mid_ddydisps.rda",),
        format="rda",
        r_object="gml_mid_ddydisps",
        columns=cols(
            "dispnum:int, ccode1:code, ccode2:code, year:year, gmlmidongoing:flag, gmlmidonset:flag, "
            + _PARTICIPANT
            + ", fatality:int, hostlev:int, recip:flag, mindur:int, maxdur:int, stmon:int"
        ),
        unit="directed dyad-year",
        citations=_GML,
        year="year",
        rows=9284,
        years=(1816, 2010),
        notes="Several disputes in a dyad-year whittled to one: new onsets first, then highest fatality, "
        "hostlev, mindur, maxdur, reciprocated, earliest stmon. " + _NAIVE,
    ),
    DataSource(
        name="cow_mid_dirdisps",
        title="COW MID v5.0 directed dispute-years",
        files=("peacesciencer/cow_mid_dirdisps.rda",),
        format="rda",
        r_object="cow_mid_dirdisps",
        columns=cols(
            "dispnum:int, ccode1:code, ccode2:code, year:year, dispongoing:flag, disponset:flag, "
            + _PARTICIPANT
        ),
        unit="directed dispute-year",
        citations=_COWMID,
        year="year",
        rows=11390,
        years=(1816, 2014),
        notes="One row per dispute, directed dyad and year; participant-level columns only. " + _NAIVE,
    ),
    DataSource(
        name="cow_mid_ddydisps",
        title="COW MID v5.0 directed dyad-years, one dispute per dyad-year",
        files=("peacesciencer/cow_mid_ddydisps.rda",),
        format="rda",
        r_object="cow_mid_ddydisps",
        columns=cols(
            "dispnum:int, ccode1:code, ccode2:code, year:year, cowmidongoing:flag, cowmidonset:flag, "
            + _PARTICIPANT
            + ", fatality:int, hostlev:int, mindur:int, maxdur:int, recip:flag, stmon:int"
        ),
        unit="directed dyad-year",
        citations=_COWMID,
        year="year",
        rows=10234,
        years=(1816, 2014),
        notes="Whittled to one dispute per dyad-year by the same rule as gml_mid_ddydisps. " + _NAIVE,
    ),
    DataSource(
        name="terrthreat",
        title="Latent external territorial threat, state-year (Miller 2022)",
        files=("peacesciencer/terrthreat.rda",),
        format="rda",
        r_object="terrthreat",
        columns=cols(
            "ccode:code, year:year, lterrthreat:float, sd:float, lwr:float, upr:float, m_lterrthreat:float, "
            "m_sd:float, m_lwr:float, m_upr:float"
        ),
        unit="state-year",
        citations=("miller2022random", _PS),
        year="year",
        rows=14781,
        years=(1816, 2010),
        notes="lterrthreat weighted by capital distance (90% interval lwr/upr); m_* weighted by minimum "
        "distance, from 1885.",
    ),
    DataSource(
        name="ucdp_acd",
        title="UCDP/PRIO Armed Conflict Dataset v25.1, conflict-years split by state",
        files=("peacesciencer/ucdp_acd.rda",),
        format="rda",
        r_object="ucdp_acd",
        columns=cols(
            "conflict_id:int, year:year, gwno_a:code, gwno_a_2nd:code, gwno_b:code, gwno_b_2nd:code, "
            "incompatibility:str, intensity_level:int, type_of_conflict:str, start_date:date, "
            "start_prec:int, start_date2:date, start_prec2:int, ep_end:flag, ep_end_date:date"
        ),
        unit="conflict-year-participant combination",
        citations=("gleditsch2002armed", "davies2025organized", _PS),
        year="year",
        rows=5652,
        years=(1946, 2024),
        notes="Gleditsch-Ward codes. intensity_level 1 minor (25-999 deaths), 2 war; type_of_conflict "
        "extrasystemic, interstate, intrastate, II (internationalized intrastate).",
    ),
)
