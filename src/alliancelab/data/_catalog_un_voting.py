"""Catalogue entries for UN General Assembly voting: roll calls and votes (unvotes, Voeten), ideal points."""

from __future__ import annotations

from alliancelab.data._schema import DataSource, cols

_UN = ("voeten2009unvotes", "bailey2017estimating", "robinson2021unvotes")

UN_VOTING: tuple[DataSource, ...] = (
    DataSource(
        name="un_votes",
        title="UNGA roll-call votes by country (unvotes, 2021 vintage)",
        files=("unvotes/un_votes.rda",),
        format="rda",
        r_object="un_votes",
        columns=cols("rcid:int, country:category, country_code:category, vote:category"),
        unit="country-roll-call",
        citations=_UN,
        rows=870109,
        notes="No COW code: match on country (name) or country_code (ISO2). vote: yes, abstain, no; absent "
        "and non-member rows are dropped. Join un_roll_calls on rcid for dates.",
    ),
    DataSource(
        name="un_roll_calls",
        title="UNGA roll-call metadata (unvotes, 2021 vintage)",
        files=("unvotes/un_roll_calls.rda",),
        format="rda",
        r_object="un_roll_calls",
        columns=cols(
            "rcid:int, session:int, importantvote:flag, date:date, unres:str, amend:flag, para:flag, "
            "short:str, descr:str"
        ),
        unit="roll call",
        citations=_UN,
        rows=6203,
        years=(1946, 2020),
    ),
    DataSource(
        name="un_roll_call_issues",
        title="UNGA roll-call issue codes (unvotes, 2021 vintage)",
        files=("unvotes/un_roll_call_issues.rda",),
        format="rda",
        r_object="un_roll_call_issues",
        columns=cols("rcid:int, short_name:str, issue:category"),
        unit="roll call-issue",
        citations=_UN,
        rows=5745,
    ),
    DataSource(
        name="un_votes_voeten",
        title="Voeten UNGA voting data, 2016 published version, with COW codes",
        files=("unvotes/data-raw/UNVotesPublished.RData",),
        format="rda",
        r_object="x",
        columns=cols(
            "rcid:int, session:int, vote:int, ccode:code, member:flag, importantvote:flag, date:date, "
            "unres:category, me:flag, nu:flag, di:flag, hr:flag, co:flag, ec:flag, year:year"
        ),
        unit="country-roll-call",
        citations=_UN,
        year="year",
        rows=1066613,
        years=(1946, 2015),
        transform="un_votes_voeten",
        notes="vote: 1 yes, 2 abstain, 3 no, 8 absent, 9 not a member. year = 1945 + session (the session's "
        "year, not the calendar year of the vote). 197 'ec' cells read '0\"' in the source and are 0 here.",
    ),
    DataSource(
        name="ideal_points",
        title="UNGA ideal points (Bailey, Strezhnev & Voeten method), July 2025 release",
        files=("un_ideal_points/IdealpointsJuly2025.dta",),
        format="dta",
        columns=cols(
            "ccode:code, iso3c:str, countryname:str, year:year, idealpointfp:float, idealpointall:float,"
            "idealpointlegacy:float, nvotesfp:int, nvotesall:int, nvotesLegacy:int, q*:float"
        ),
        unit="state-year",
        citations=("bailey2017estimating", "voeten2025idealpoints", "fjelstul2025decision"),
        year="year",
        rows=11440,
        years=(1946, 2024),
        keep_other_columns=True,
        notes="Calendar years. idealpointfp: final-passage votes only; idealpointall: all votes; "
        "idealpointlegacy: older session-based estimates. Rows with empty iso3c carry only legacy values.",
    ),
)
