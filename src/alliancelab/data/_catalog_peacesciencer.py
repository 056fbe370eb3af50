"""Catalogue entries for peacesciencer's state, capability, alliance, democracy, leader, rivalry, war data.

The geography and conflict files peacesciencer ships are in :mod:`._catalog_geography_conflict`; the UN
voting files in :mod:`._catalog_un_voting` (see ``shared/data/README.md`` for every file).
"""

from __future__ import annotations

from alliancelab.data._schema import DataSource, cols

_PS = "miller2022peacesciencer"

PEACESCIENCER: tuple[DataSource, ...] = (
    DataSource(
        name="cow_states",
        title="COW state system membership v2016",
        files=("peacesciencer/cow_states.rda",),
        format="rda",
        r_object="cow_states",
        columns=cols(
            "stateabb:str, ccode:code, statenme:str, styear:year, stmonth:int, stday:int, endyear:year,"
            "endmonth:int, endday:int, version:int"
        ),
        unit="state-spell",
        citations=("cow2017states", _PS),
        rows=243,
        years=(1816, 2016),
        notes="One row per membership spell; right-censored at 2016-12-31.",
    ),
    DataSource(
        name="gw_states",
        title="Gleditsch–Ward independent states (2017 list)",
        files=("peacesciencer/gw_states.rda",),
        format="rda",
        r_object="gw_states",
        columns=cols("gwcode:code, stateabb:str, statename:str, startdate:date, enddate:date"),
        unit="state-spell",
        citations=("gleditsch1999revised", _PS),
        rows=216,
        years=(1816, 2017),
    ),
    DataSource(
        name="cow_majors",
        title="COW major powers v2016",
        files=("peacesciencer/cow_majors.rda",),
        format="rda",
        r_object="cow_majors",
        columns=cols(
            "ccode:code, styear:year, stmonth:int, stday:int, endyear:year, endmonth:int, endday:int, "
            "version:int"
        ),
        unit="state-spell",
        citations=("cow2017states", _PS),
        rows=14,
        years=(1816, 2016),
        notes="A state can have several spells; end 2016-12-31 means still a major power in v2016.",
    ),
    DataSource(
        name="cow_nmc",
        title="COW National Material Capabilities v7.0",
        files=("peacesciencer/cow_nmc.rda",),
        format="rda",
        r_object="cow_nmc",
        columns=cols(
            "ccode:code, year:year, milex:float, milper:float, irst:float, pec:float, tpop:float, "
            "upop:float, cinc:float"
        ),
        unit="state-year",
        citations=("singer1972capability", "singer1987reconstructing", _PS),
        year="year",
        rows=17121,
        years=(1816, 2022),
        notes="milex in thousands: British pounds 1816-1913, current US$ from 1914; milper, tpop, upop in "
        "thousands; CINC = mean of the six world shares.",
    ),
    DataSource(
        name="atop_alliance",
        title="ATOP v5.1 directed dyad-year alliance obligations",
        files=("peacesciencer/atop_alliance.rda",),
        format="rda",
        r_object="atop_alliance",
        columns=cols(
            "ccode1:code, ccode2:code, year:year, atop_defense:flag, atop_offense:flag, atop_neutral:flag,"
            "atop_nonagg:flag, atop_consul:flag"
        ),
        unit="directed dyad-year",
        citations=("leeds2002atop", _PS),
        year="year",
        rows=273296,
        years=(1815, 2018),
        notes="Directed: atop_defense=1 on (ccode1=A, ccode2=B) means A pledges to defend B. Only dyad-years "
        "with some ATOP obligation are present; absence means no alliance.",
    ),
    DataSource(
        name="cow_ddy",
        title="All COW directed dyad-years 1816-2024 (peacesciencer create_dyadyears)",
        files=("peacesciencer/cow_ddy.rda",),
        format="rda",
        r_object="cow_ddy",
        columns=cols("ccode1:code, ccode2:code, year:year"),
        unit="directed dyad-year",
        citations=(_PS, "cow2017states"),
        year="year",
        rows=2214930,
        years=(1816, 2024),
        notes="COW membership extended by peacesciencer past 2016 to 2024.",
    ),
    DataSource(
        name="ccode_democracy",
        title="Democracy for COW states: V-Dem polyarchy, Polity2, extended UDS",
        files=("peacesciencer/ccode_democracy.rda",),
        format="rda",
        r_object="ccode_democracy",
        columns=cols("ccode:code, year:year, v2x_polyarchy:float, polity2:float, xm_qudsest:float"),
        unit="state-year",
        citations=(
            "coppedge2020vdem",
            "marshall2017polity",
            "marquez2016quick",
            "pemstein2010democratic",
            _PS,
        ),
        year="year",
        rows=16731,
        years=(1816, 2020),
    ),
    DataSource(
        name="archigos",
        title="Archigos 4.1 political leaders",
        files=("peacesciencer/archigos.rda",),
        format="rda",
        r_object="archigos",
        columns=cols(
            "obsid:str, gwcode:code, leadid:str, leader:str, yrborn:int, gender:str, startdate:date, "
            "enddate:date, entry:str, exit:str, exitcode:str"
        ),
        unit="leader-spell",
        citations=("goemans2009archigos", _PS),
        rows=3409,
        years=(1840, 2015),
        notes="State identifier is the Gleditsch–Ward gwcode.",
    ),
    DataSource(
        name="leader_codes",
        title="Leader-code crosswalk: Archigos 4.1, Archigos 2.9, LEAD",
        files=("peacesciencer/leader_codes.rda",),
        format="rda",
        r_object="leader_codes",
        columns=cols("obsid:str, leadid:str, leadid29:str, leaderid:str"),
        unit="leader-spell",
        citations=(_PS, "goemans2009archigos", "ellis2015lead"),
        rows=3409,
    ),
    DataSource(
        name="td_rivalries",
        title="Thompson & Dreyer (2012) strategic rivalries",
        files=("peacesciencer/td_rivalries.rda",),
        format="rda",
        r_object="td_rivalries",
        columns=cols(
            "rivalryno:int, rivalryname:str, ccode1:code, ccode2:code, styear:year, endyear:year, "
            "region:str, type1:str, type2:str, type3:str"
        ),
        unit="non-directed dyad-spell",
        citations=("thompson2012handbook", _PS),
        rows=197,
        years=(1494, 2010),
    ),
    DataSource(
        name="tss_rivalries",
        title="Thompson, Sakuwa & Suhas (2021) strategic rivalries",
        files=("peacesciencer/tss_rivalries.rda",),
        format="rda",
        r_object="tss_rivalries",
        columns=cols(
            "tssr_id:int, rivalry:str, ccode1:code, ccode2:code, start:year, end:year, positional:flag, "
            "spatial:flag, ideological:flag, interventionary:flag, principal:flag, aprin:flag"
        ),
        unit="non-directed dyad-spell",
        citations=("thompson2021analyzing", _PS),
        rows=264,
        years=(1494, 2020),
        notes="Type indicators are 1 or missing (never 0).",
    ),
    DataSource(
        name="cow_sdp_gdp",
        title="GDP, population and surplus domestic product (Anders, Fariss & Markowitz)",
        files=("peacesciencer/cow_sdp_gdp.rda",),
        format="rda",
        r_object="cow_sdp_gdp",
        columns=cols(
            "ccode:code, year:year, wbgdp2011est:float, wbpopest:float, sdpest:float, wbgdppc2011est:float"
        ),
        unit="state-year",
        citations=("anders2020bread", _PS),
        year="year",
        rows=27753,
        years=(1800, 2016),
        notes="All four value columns are natural logs (exp() for levels).",
    ),
    DataSource(
        name="cow_war_inter",
        title="COW inter-state wars v4.0, directed dyad war-years",
        files=("peacesciencer/cow_war_inter.rda",),
        format="rda",
        r_object="cow_war_inter",
        columns=cols(
            "warnum:int, ccode1:code, ccode2:code, year:year, cowinterongoing:flag, cowinteronset:flag, "
            "sidea1:int, sidea2:int, initiator1:flag, initiator2:flag, outcome1:int, outcome2:int, "
            "batdeath1:int, batdeath2:int, resume:flag"
        ),
        unit="directed dyad-war-year",
        citations=("sarkees2010resort", _PS),
        year="year",
        rows=1932,
        years=(1823, 2003),
        notes="Battle deaths -9 = unknown (kept as in the source).",
    ),
    DataSource(
        name="lead",
        title="LEAD leader attributes (Ellis, Horowitz & Stam 2015), one row per Archigos 4.1 spell",
        files=("peacesciencer/LEAD.rda",),
        format="rda",
        r_object="LEAD",
        columns=cols(
            "obsid:str, leveledu:int, milservice:flag, combat:flag, rebel:flag, warwin:flag, warloss:flag, "
            "rebelwin:flag, rebelloss:flag, yrsexper:int, physhealth:flag, mentalhealth:flag"
        ),
        unit="leader-spell",
        citations=("ellis2015lead", _PS),
        rows=3409,
        notes="Key: Archigos obsid. leveledu 0 primary, 1 secondary, 2 university, 3 graduate; yrsexper "
        "years of political experience; the rest 0/1. 479 spells have no LEAD match (all NA).",
    ),
    DataSource(
        name="maoz_powers",
        title="Maoz regional and global powers (spells with dates)",
        files=("peacesciencer/maoz_powers.rda",),
        format="rda",
        r_object="maoz_powers",
        columns=cols("ccode:code, regstdate:date, regenddate:date, globstdate:date, globenddate:date"),
        unit="state-spell",
        citations=("maoz2010networks", _PS),
        rows=20,
        years=(1816, 2019),
        notes="A row has regional dates, global dates or both; end 2019-12-31 = still a power.",
    ),
    DataSource(
        name="false_cow_dyads",
        title="False COW directed dyad-years (both in the system that year, never on the same day)",
        files=("peacesciencer/false_cow_dyads.rda",),
        format="rda",
        r_object="false_cow_dyads",
        columns=cols("ccode1:code, ccode2:code, year:year, in_ps:flag"),
        unit="directed dyad-year",
        citations=(_PS,),
        year="year",
        rows=60,
        years=(1860, 1990),
        notes="Removed (anti-join) from a year-based dyad-year expansion, as peacesciencer's "
        "create_dyadyears() does.",
    ),
)
