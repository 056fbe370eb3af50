"""Catalogue entries for burdens and side payments: SIPRI military spending, Maddison GDP, U.S. aid, U.S.
troops and bases, multinational exercises, and IPI peacekeeping contributions."""

from __future__ import annotations

from alliancelab.data._schema import DataSource, cols

_IPI = ("perry2013trends",)

BURDEN_AID_TROOPS: tuple[DataSource, ...] = (
    DataSource(
        name="sipri_milex",
        title="SIPRI Military Expenditure Database 2025 (1949-2024), tidy state-year",
        files=("sipri_milex/SIPRI-Milex-data-1949-2024_2.xlsx",),
        format="xlsx",
        columns=cols(
            "country:str, region:str, subregion:str, year:year, milex_constant_usd:float, "
            "milex_current_usd:float, milex_gdp_share:float, milex_per_capita:float, milex_govt_share:float"
        ),
        unit="state-year",
        citations=("sipri2025milex",),
        year="year",
        rows=12984,
        years=(1949, 2024),
        notes="From the sheets 'Constant (2023) US$' (US$ m., 2023 prices), 'Current US$' (US$ m.), 'Share "
        "of GDP' and 'Share of Govt. spending' (fractions), 'Per capita' (current US$, from 1988). "
        "'...' (not available) is missing; years marked 'xxx' (state did not exist) are left out.",
    ),
    DataSource(
        name="maddison",
        title="Maddison Project Database 2018",
        files=("maddison_2018/maddison-data.csv",),
        format="csv",
        encoding="latin-1",
        columns=cols(
            "iso3c=countrycode:str, country:str, year:year, cgdppc:float, rgdpnapc:float, pop:float, "
            "i_cig:str, i_bm:str"
        ),
        unit="state-year",
        citations=("bolt2018rebasing",),
        year="year",
        rows=19873,
        years=(1, 2016),
        notes="cgdppc: real GDP per capita, 2011 US$ (cross-country); pop in thousands.",
    ),
    DataSource(
        name="us_foreign_aid",
        title="U.S. foreign assistance by recipient and fiscal year, 1946-2024 (ForeignAssistance.gov)",
        files=("usaid_foreign_aid/us_foreign_aid_country.csv",),
        format="csv",
        columns=cols(
            "iso3c=Country Code:str, country=Country Name:str, region_id=Region ID:int, "
            "region=Region Name:str, income_group_code=Income Group Acronym:str, "
            "income_group=Income Group Name:str, transaction_type_id=Transaction Type ID:int, "
            "transaction_type=Transaction Type Name:str, fiscal_year=Fiscal Year:str, year:year, "
            "transition_quarter:flag, current_amount:int, constant_amount:int"
        ),
        unit="recipient-fiscal year-transaction type",
        citations=("usaid2024foreignassistance",),
        year="year",
        rows=21942,
        years=(1946, 2024),
        transform="us_foreign_aid",
        created=("year", "transition_quarter"),
        notes="Filter one transaction_type (Obligations covers 1946-2024) before summing. constant_amount "
        "in constant FY2022 US$. year = fiscal year; the 1976 transition quarter has year 1976 and "
        "transition_quarter 1. Aggregates (regions, 'World') are rows too.",
    ),
    DataSource(
        name="usaid_greenbook",
        title="USAID Greenbook economic assistance by recipient and program, FY1946-2009 (long)",
        files=("usaid_foreign_aid/greenbook.csv",),
        format="csv",
        columns=cols(
            "country=country_name:str, program=program_name:str, fiscal_year:str, year:year, "
            "transition_quarter:flag, amount:int"
        ),
        unit="recipient-program-fiscal year",
        citations=("usaid2011greenbook",),
        year="year",
        rows=158990,
        years=(1946, 2009),
        transform="greenbook",
        created=("fiscal_year", "year", "transition_quarter", "amount"),
        raw_required=("FY1946", "FY2009"),
        notes="Economic programs only, historical (current) US$. Reshaped long from the 65 columns "
        "FY1946..FY2009 and FY1976tq; FY1976tq is year 1976 with transition_quarter 1.",
    ),
    DataSource(
        name="troopdata_troops",
        title="U.S. troops deployed by host country-year, 1950-2025 (troopdata)",
        files=("troopdata/troopdata_rebuild_long.rda",),
        format="rda",
        r_object="troopdata_rebuild_long",
        columns=cols(
            "ccode:code, iso3c:str, countryname:str, year:year, month:str, quarter:int, source:str, "
            "*_ad:float, *_guard:float, *_reserve:float, *_civilian:float, troops_ad:float, "
            "troops_all:float, region:str"
        ),
        unit="host-year",
        citations=("allen2022global", "kane2006global"),
        year="year",
        rows=29629,
        years=(1950, 2025),
        keep_other_columns=True,
        notes="ccode >= 1000 are package codes for non-state locations (territories, afloat).",
    ),
    DataSource(
        name="troopdata_bases",
        title="U.S. overseas military bases (Vine, via troopdata)",
        files=("troopdata/basedata.rda",),
        format="rda",
        r_object="basedata",
        encoding="latin-1",
        columns=cols(
            "countryname:str, ccode:code, iso3c:str, basename:str, lat:float, lon:float, base:flag, "
            "lilypad:flag, fundedsite:flag"
        ),
        unit="base",
        citations=("vine2015base", "allen2022global"),
        rows=414,
    ),
    DataSource(
        name="mme_exercises",
        title="Multinational Military Exercises 1980-2010 (exercise-participant-year)",
        files=("troopdata/mme_long.rda",),
        format="rda",
        r_object="mme_long",
        columns=cols("MMEID:str, Ex_Name:str, gwcode:code, country:str, year:year, participant_count:int"),
        unit="exercise-participant-year",
        citations=("dorazio2021mme",),
        year="year",
        rows=13818,
        years=(1980, 2010),
        keep_other_columns=True,
        notes="gwcode (Gleditsch–Ward) is missing for non-state participants such as NATO.",
    ),
    DataSource(
        name="ipi_monthly",
        title="IPI peacekeeping: global monthly contribution summary, 1990-2017",
        files=("ipi_peacekeeping/data_monthly.csv",),
        format="csv",
        columns=cols(
            "date=Date:date, contributors=Number of Contributors:int, troops=Troop Contributions:int, "
            "police=Police Contributions:int, experts=EOM Contributions:int, total=Total Contributions:int"
        ),
        unit="month",
        citations=_IPI,
        rows=316,
        years=(1990, 2017),
        keep_other_columns=True,
    ),
    DataSource(
        name="ipi_missions",
        title="IPI peacekeeping: mission-month totals, 1990-2017",
        files=("ipi_peacekeeping/data_mission.csv",),
        format="csv",
        columns=cols(
            "date=Date:date, mission=Mission:str, mission_country=Country of Mission:str, "
            "mission_iso3c=Country of Mission ISO-3:str, contributors=Number of Contributors:int, "
            "troops=Troops:int, police=Police:int, observers=Observers:int, total=Total:int, Mission - *:flag"
        ),
        unit="mission-month",
        citations=_IPI,
        rows=5330,
        years=(1990, 2017),
        keep_other_columns=True,
    ),
    DataSource(
        name="ipi_detail_201403",
        title="IPI peacekeeping: contributor × mission detail for March 2014",
        files=("ipi_peacekeeping/update_archive/20140331.csv",),
        format="csv",
        columns=cols(
            "date=Date:date, contributor=Contributor:str, contributor_iso3c=Contributor_ISO-3:str, "
            "mission=Mission:str, mission_country=Mission_Country:str, troops=Troops:int, "
            "observers=Observers:int, total=Total:int"
        ),
        unit="contributor-mission",
        citations=_IPI,
        rows=573,
        years=(2014, 2014),
        keep_other_columns=True,
        transform="ipi_detail",
        notes="One monthly slice of IPI's full table. Stray apostrophes in mission_country are removed.",
    ),
    DataSource(
        name="ipi_countries",
        title="IPI peacekeeping: contributions per contributing country and month, 1990-2014",
        files=(),  # filled from the manifest: every ipi_peacekeeping/countries/*.csv
        format="csv-folder",
        created=("contributor",),
        columns=cols(
            "contributor:str, date=Date:date, troops=Troops:int, police=Police:int, experts=Experts:int"
        ),
        unit="contributor-month",
        citations=_IPI,
        rows=25657,
        years=(1990, 2014),
        notes="The contributor is the file name (IPI's English country name).",
    ),
)
