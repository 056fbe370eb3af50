"""Domestic politics: democracy scores and leader turnover.

Sources: peacesciencer's merged democracy data — V-Dem v10 polyarchy (``coppedge2020vdem``), Polity IV
polity2 (``marshall2017polity``) and Marquez's extension of the Unified Democracy Scores
(``marquez2016quick``, ``pemstein2010democratic``); Archigos 4.1 political leaders
(``goemans2009archigos``), which uses Gleditsch–Ward codes (crosswalked, see
:mod:`alliancelab.data.crosswalk`). Kabir's claim that regime change, not leader change, reprices alliances
needs both: a regime measure and a leader-change indicator per state-year.
"""

from __future__ import annotations

import pandas as pd

from alliancelab.data.builders import _tables
from alliancelab.data.builders._frame import add_columns, require
from alliancelab.data.builders._join import (
    cow_codes_for,
    duckdb_connection,
    gw_codes_for,
    source_only_states,
    state_values,
)

__all__ = ["DEMOCRACY_YEARS", "LEADER_YEARS", "add_democracy", "add_leaders", "leader_years"]

DEMOCRACY_COLUMNS = ("v2x_polyarchy", "polity2", "xm_qudsest")
DEMOCRACY_YEARS = (1816, 2020)
#: Archigos 4.1 covers 1875-2015 for every state (a few states start earlier).
LEADER_YEARS = (1875, 2015)
LEADER_COLUMNS = (
    "leader_change",
    "leader_change_regular",
    "leader_change_irregular",
    "leader_irregular",
    "n_leaders",
    "leader_tenure",
)
#: Archigos ``entry`` values that make an irregular entry: in contravention of the rules, or imposed from
#: abroad (neither is a regular, rule-following entry).
IRREGULAR_ENTRIES = ("Irregular", "Foreign Imposition")


def add_democracy(frame: pd.DataFrame) -> pd.DataFrame:
    """Add democracy scores.

    Adds ``v2x_polyarchy`` (V-Dem electoral democracy, 0–1), ``polity2`` (Polity IV, −10…10) and
    ``xm_qudsest`` (extended Unified Democracy Scores, latent scale) — suffixed ``1``/``2`` on dyad-years;
    missing outside 1816–2020 and where a measure has no value.

    Source: V-Dem v10 (Coppedge et al. 2020), Polity IV (Marshall, Gurr & Jaggers 2017), Marquez (2016)
    extension of UDS (Pemstein, Meserve & Melton 2010), via peacesciencer.
    """
    require(frame, "add_democracy")
    new, unmatched = state_values(
        frame,
        _tables.prepared("democracy"),
        DEMOCRACY_COLUMNS,
        coverage=DEMOCRACY_YEARS,
        code_map=cow_codes_for(frame),
    )
    return add_columns(
        frame,
        new,
        step="add_democracy",
        coverage=DEMOCRACY_YEARS,
        sources=_tables.citations("ccode_democracy"),
        unmatched=unmatched,
        source_only=source_only_states(
            frame,
            _tables.prepared("democracy")["code"],
            _tables.prepared("democracy")["year"],
            code_map=cow_codes_for(frame),
        ),
    )


def leader_years() -> pd.DataFrame:
    """Archigos as Gleditsch–Ward state-years: leader entries by type, irregular exit, leaders, tenure.

    ``leader_change`` = 1 if a leader's Archigos start date falls in the year (an entry; a leader already
    in office when a state's Archigos coverage begins entered in the year of their start date, if at all);
    ``leader_change_regular`` / ``leader_change_irregular`` = 1 if such an entry was regular / irregular by
    Archigos ``entry`` ("Regular"; "Irregular" or "Foreign Imposition" — an entry imposed from abroad does
    not follow the state's rules either); the two "Unknown" entries are neither, and a year with two
    entries can have both. ``leader_irregular`` = 1 if a leader left office in the year in an irregular manner
    (Archigos ``exit`` = "Irregular": coups, revolts, assassinations, other removals in contravention of
    the rules; foreign removals, deaths and retirements are not irregular); ``n_leaders`` = leaders in
    office on some day of the year; ``leader_tenure`` = years (365.25 days) the leader in office at the end
    of the year (or the last one, if the state ended) had served by then.
    """
    raw = _tables.read("archigos")
    entry = raw["entry"].astype("string")
    spells = pd.DataFrame(
        {
            "code": _tables.ints(raw["gwcode"]),
            "start": pd.to_datetime(raw["startdate"]),
            "end": pd.to_datetime(raw["enddate"]),
            "irregular": (raw["exit"].astype("string") == "Irregular").fillna(False).to_numpy(dtype=bool),
            "regular_entry": (entry == "Regular").fillna(False).to_numpy(dtype=bool),
            "irregular_entry": entry.isin(IRREGULAR_ENTRIES).fillna(False).to_numpy(dtype=bool),
        }
    )
    with duckdb_connection(spells=spells) as con:
        return con.execute(
            """with y as (
                 select code, yr::INTEGER as year, start, regular_entry, irregular_entry, irregular, "end",
                        year(start) = yr as entered,
                        least("end", make_date(yr::INTEGER, 12, 31)) as upto
                 from spells, range(year(start), year("end") + 1) t(yr))
               select code, year,
                      max(case when entered then 1 else 0 end)::TINYINT as leader_change,
                      max(case when entered and regular_entry then 1 else 0 end)::TINYINT
                          as leader_change_regular,
                      max(case when entered and irregular_entry then 1 else 0 end)::TINYINT
                          as leader_change_irregular,
                      max(case when irregular and year("end") = year then 1 else 0 end)::TINYINT
                          as leader_irregular,
                      count(*)::INTEGER as n_leaders,
                      arg_max(date_diff('day', start, upto) / 365.25, start) as leader_tenure
               from y group by code, year"""
        ).df()


def add_leaders(frame: pd.DataFrame) -> pd.DataFrame:
    """Add leader turnover from Archigos 4.1.

    Adds ``leader_change`` (Int8: 1 if a leader took office in the year, by Archigos's start date),
    ``leader_change_regular`` and ``leader_change_irregular`` (Int8: 1 if such an entry was regular, or
    irregular or imposed from abroad, by Archigos ``entry``; see :func:`leader_years`),
    ``leader_irregular`` (Int8: 1 if a leader lost office irregularly in the year — coup, revolt,
    assassination; Archigos ``exit`` = "Irregular"), ``n_leaders`` (leaders in office during the year)
    and ``leader_tenure`` (years in office of the leader in power at the end of the year) — suffixed
    ``1``/``2`` on dyad-years. Unlike
    peacesciencer's ``irregular``, which is 1 in every year of a leader who will one day fall irregularly,
    ``leader_irregular`` marks the year of the fall only. Archigos uses Gleditsch–Ward codes; COW frames are
    crosswalked year by year. Missing outside 1875–2015 and for states Archigos does not list (reported in
    ``attrs["unmatched"]``).

    Source: Archigos 4.1 (Goemans, Gleditsch & Chiozza 2009), via peacesciencer.
    """
    require(frame, "add_leaders")
    table = _tables.prepared("leader_years", leader_years)
    table = table.astype(dict.fromkeys(LEADER_COLUMNS[:4], "Int8") | {"n_leaders": "Int32"})
    new, unmatched = state_values(
        frame, table, LEADER_COLUMNS, coverage=LEADER_YEARS, source_system="gw", code_map=gw_codes_for(frame)
    )
    return add_columns(
        frame,
        new,
        step="add_leaders",
        coverage=LEADER_YEARS,
        sources=_tables.citations("archigos"),
        unmatched=unmatched,
        source_only=source_only_states(frame, table["code"], table["year"], code_map=gw_codes_for(frame)),
    )
