"""Other units of analysis: leader-years, leader-dyad-years, alliance membership spells, UN state-years.

* :func:`create_leaderyears` — one row per Archigos 4.1 leader and calendar year in office
  (peacesciencer's ``create_leaderyears()``, ``standardize = "none"``), Gleditsch-Ward codes.
* :func:`create_leaderdyadyears` — pairs of leaders of different states in office on a common day of the
  year (the leader counterpart of :func:`~.create.create_dyadyears`'s same-day rule).
* :func:`add_lead` — LEAD leader attributes (Ellis, Horowitz & Stam 2015) by Archigos ``obsid``.
* :func:`create_alliance_spells` — one row per ATOP membership spell of a directed dyad, for survival
  models of alliance termination.
* :func:`un_stateyears` — one row per state and UNGA session year in which it cast a vote (yes, no or
  abstain), the ``system="un"`` of :func:`~.create.create_stateyears`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from alliancelab.data.builders import _tables
from alliancelab.data.builders._frame import add_columns, require
from alliancelab.data.crosswalk import gw_to_cow
from alliancelab.errors import UserInputError

__all__ = [
    "ALLIANCE_SPELL_COLUMNS",
    "LEAD_COLUMNS",
    "UN_YEARS",
    "add_lead",
    "create_alliance_spells",
    "create_leaderdyadyears",
    "create_leaderyears",
    "un_stateyears",
]

UN_YEARS = (1946, 2015)
LEAD_COLUMNS = (
    "leveledu", "milservice", "combat", "rebel", "warwin", "warloss", "rebelwin", "rebelloss", "yrsexper",
    "physhealth", "mentalhealth",
)  # fmt: skip
ALLIANCE_SPELL_COLUMNS = (
    "ccode1", "ccode2", "atopid", "start_year", "end_year", "ended", "end_reason",
    "termmode1", "termcaus1", "termmode2", "termcaus2",
    "atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul",
)  # fmt: skip
_OBLIGATIONS = ("defense", "offense", "neutral", "nonagg", "consul")


def _attrs(
    frame: pd.DataFrame, *, unit: str, system: str, sources: list[str], step: str, **extra: Any
) -> pd.DataFrame:
    attrs: dict[str, Any] = {
        "unit": unit,
        "system": system,
        "years": (int(frame["year"].min()), int(frame["year"].max())) if len(frame) else None,
        "sources": list(dict.fromkeys(sources)),
        "steps": [step],
        "unmatched": {},
    }
    attrs.update(extra)
    frame.attrs.clear()
    frame.attrs.update(attrs)
    return frame


def _leader_spells() -> pd.DataFrame:
    raw = _tables.read("archigos")
    return pd.DataFrame(
        {
            "obsid": raw["obsid"].astype(str).to_numpy(),
            "gwcode": raw["gwcode"].to_numpy(np.int64),
            "leader": raw["leader"].astype(str).to_numpy(),
            "start": raw["startdate"].to_numpy("datetime64[D]"),
            "end": raw["enddate"].to_numpy("datetime64[D]"),
        }
    )


def create_leaderyears(years: tuple[int, int] | None = None) -> pd.DataFrame:
    """Every Archigos 4.1 leader-year: ``obsid``, ``gwcode``, ``ccode``, ``leader``, ``year``, ``yrinoffice``.

    A leader is in a year if in office on any day of it; ``yrinoffice`` counts the leader's years from 1;
    ``ccode`` is the COW code of the state that year (missing where COW has none). Sorted by ``gwcode``,
    start date and year. Sources: Archigos 4.1 (Goemans, Gleditsch & Chiozza 2009), via peacesciencer.
    """
    spells = _leader_spells()
    first = spells["start"].dt.year.to_numpy(np.int64)
    last = spells["end"].dt.year.to_numpy(np.int64)
    lengths = last - first + 1
    row = np.repeat(np.arange(len(spells)), lengths)
    count = np.arange(len(row)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    year = first[row] + count
    out = pd.DataFrame(
        {
            "obsid": spells["obsid"].to_numpy()[row],
            "gwcode": spells["gwcode"].to_numpy()[row].astype(np.int32),
            "leader": spells["leader"].to_numpy()[row],
            "year": year.astype(np.int32),
            "yrinoffice": (count + 1).astype(np.int32),
        }
    )
    out.insert(2, "ccode", gw_to_cow(out["gwcode"].to_numpy(), out["year"].to_numpy()).astype("Int32"))
    if years is not None:
        out = out[(out["year"] >= years[0]) & (out["year"] <= years[1])].reset_index(drop=True)
    out["obsid"] = out["obsid"].astype("string")
    out["leader"] = out["leader"].astype("string")
    return _attrs(
        out,
        unit="leader-year",
        system="gw",
        sources=_tables.citations("archigos"),
        step="create_leaderyears",
    )


def create_leaderdyadyears(years: tuple[int, int], *, directed: bool = True) -> pd.DataFrame:
    """Pairs of leaders of two different states in office on a common day of the year.

    Columns ``obsid1``, ``obsid2``, ``gwcode1``, ``gwcode2``, ``year``; ``directed=False`` keeps each pair
    once (``gwcode1 < gwcode2``). ``years`` is required: all of 1875-2015 is several million rows.
    Sources: Archigos 4.1 via peacesciencer (its ``create_leaderdyadyears()`` works from leader-days).
    """
    spells = _leader_spells()
    parts = []
    for year in range(int(years[0]), int(years[1]) + 1):
        lo, hi = np.datetime64(f"{year}-01-01"), np.datetime64(f"{year}-12-31")
        alive = spells[(spells["start"] <= hi) & (spells["end"] >= lo)]
        s = np.maximum(alive["start"].to_numpy(), lo)
        e = np.minimum(alive["end"].to_numpy(), hi)
        g = alive["gwcode"].to_numpy()
        grid_i, grid_j = np.meshgrid(np.arange(len(alive)), np.arange(len(alive)), indexing="ij")
        i, j = grid_i.ravel(), grid_j.ravel()
        keep = (g[i] < g[j] if not directed else g[i] != g[j]) & (
            np.maximum(s[i], s[j]) <= np.minimum(e[i], e[j])
        )
        ids = alive["obsid"].to_numpy()
        parts.append(
            pd.DataFrame(
                {
                    "obsid1": ids[i[keep]],
                    "obsid2": ids[j[keep]],
                    "gwcode1": g[i[keep]],
                    "gwcode2": g[j[keep]],
                    "year": year,
                }
            )
        )
    out = pd.concat(parts, ignore_index=True).astype(
        {"gwcode1": np.int32, "gwcode2": np.int32, "year": np.int32}
    )
    out = out.astype({"obsid1": "string", "obsid2": "string"})
    return _attrs(
        out,
        unit="leader-dyad-year",
        system="gw",
        sources=_tables.citations("archigos"),
        step="create_leaderdyadyears",
        directed=directed,
    )


def add_lead(frame: pd.DataFrame) -> pd.DataFrame:
    """Add LEAD leader attributes by Archigos ``obsid`` (peacesciencer's ``add_lead()``).

    ``leveledu`` (0 primary .. 3 graduate), ``milservice``, ``combat``, ``rebel``, ``warwin``, ``warloss``,
    ``rebelwin``, ``rebelloss``, ``yrsexper`` (years of political experience), ``physhealth``,
    ``mentalhealth``; suffixed ``1``/``2`` on leader-dyad-years. Missing for the 479 Archigos spells LEAD
    does not cover (reported in ``attrs["unmatched"]``).

    Source: LEAD (Ellis, Horowitz & Stam 2015), via peacesciencer.
    """
    require(frame, "add_lead")
    unit = frame.attrs["unit"]
    if unit not in ("leader-year", "leader-dyad-year"):
        raise UserInputError(
            f"add_lead: needs a leader-year or leader-dyad-year frame, got {unit}; "
            "start with create_leaderyears()"
        )
    lead = _tables.read("lead").set_index("obsid")
    covered = lead.index[lead[list(LEAD_COLUMNS)].notna().any(axis=1)]
    sides = ["obsid"] if unit == "leader-year" else ["obsid1", "obsid2"]
    new: dict[str, object] = {}
    missing: set[str] = set()
    for side in sides:
        ids = frame[side].astype(str)
        values = lead.reindex(ids.to_numpy())
        suffix = side[-1] if len(sides) == 2 else ""
        for column in LEAD_COLUMNS:
            new[column + suffix] = values[column].to_numpy()
        missing |= set(ids[~ids.isin(covered)])
    return add_columns(
        frame,
        new,
        step="add_lead",
        sources=_tables.citations("lead"),
        unmatched=sorted(missing),
        what="leaders have no LEAD record; their values are missing (NA)",
    )


def _member_spells(last_year: int) -> pd.DataFrame:
    """One row per ATOP alliance and member: first and last year, in force, obligations, final codes."""
    raw = _tables.read("atop_member_level")
    rows = pd.DataFrame(
        {
            "atopid": raw["atopid"].to_numpy(np.int64),
            "member": raw["member"].to_numpy(np.int64),
            "phase": raw["phase"].to_numpy(np.int64),
            "first": raw["yrent"].to_numpy(np.int64),
            "exit": raw["yrexit"].to_numpy(np.int64),
            "termmode": raw["termmode"].to_numpy(np.float64, na_value=np.nan),
            "termcaus": raw["termcaus"].to_numpy(np.float64, na_value=np.nan),
            **{f"atop_{o}": raw[o].to_numpy(np.float64, na_value=0.0) for o in _OBLIGATIONS},
        }
    )
    rows["in_force"] = rows["exit"] == 0
    rows["last"] = np.where(rows["in_force"], last_year, rows["exit"])
    keys = ["atopid", "member"]
    members = rows.groupby(keys, as_index=False).agg(
        first=("first", "min"),
        last=("last", "max"),
        in_force=("in_force", "max"),
        **{f"atop_{o}": (f"atop_{o}", "max") for o in _OBLIGATIONS},
    )
    # the codes of the member's final phase, as published (a missing code stays missing)
    final = rows.sort_values(["last", "phase"], kind="stable").drop_duplicates(keys, keep="last")
    members = members.merge(final[[*keys, "termmode", "termcaus"]], on=keys, how="left", validate="1:1")
    members["alliance_last"] = members.groupby("atopid")["last"].transform("max")
    return members


def create_alliance_spells(last_year: int = 2016) -> pd.DataFrame:
    """One row per ATOP alliance membership spell of a directed dyad (ATOP v4.01 member level).

    For alliance ``atopid`` and members A, B: ``start_year`` is the first year both were members,
    ``end_year`` the last (phases of the same alliance are joined; a member that left and re-entered is
    treated as continuously a member). ``ended`` is 0 while both are still members at the end of the data
    (ATOP's ``yrexit`` 0; ``end_year`` is then ``last_year``), else 1. ``end_reason`` says structurally how
    the spell ended:

    * ``"in force"`` — still allied at the end of the data (right-censored);
    * ``"membership change"`` — A or B left while the alliance continued with other members;
    * ``"alliance ended"`` — the alliance ended for all its members that year.

    Why it ended is ATOP's to say: ``termmode1``/``termcaus1`` are ATOP's TERMMODE and TERMCAUS codes for
    A's membership (its final phase in the alliance), ``termmode2``/``termcaus2`` for B's, kept exactly as
    published (0 for a member still in the alliance; missing where ATOP leaves them empty). Their
    definitions are in the ATOP v4 codebook (Leeds 2018), which this package does not ship; the codes are
    not translated into reasons here, so read them with the codebook. The spell ended with the exit of the
    member whose membership ended in ``end_year`` (both, when the alliance ended).

    ``atop_defense`` ... ``atop_consul``: 1 if A (``ccode1``) undertook that obligation in any phase.
    Sources: ATOP v4.01 (Leeds et al. 2002; Leeds 2018 codebook).
    """
    members = _member_spells(last_year)
    pairs = members.merge(members, on="atopid", suffixes=("1", "2"))
    pairs = pairs[pairs["member1"] != pairs["member2"]]
    start = np.maximum(pairs["first1"], pairs["first2"])
    end = np.minimum(pairs["last1"], pairs["last2"])
    both_in_force = pairs["in_force1"] & pairs["in_force2"]
    reason = np.where(
        both_in_force,
        "in force",
        np.where(end < pairs["alliance_last1"], "membership change", "alliance ended"),
    )
    codes = {
        f"{code}{side}": pd.array(pairs[f"{code}{side}"].to_numpy(), dtype="Int8")
        for side in ("1", "2")
        for code in ("termmode", "termcaus")
    }
    out = pd.DataFrame(
        {
            "ccode1": pairs["member1"].astype(np.int32),
            "ccode2": pairs["member2"].astype(np.int32),
            "atopid": pairs["atopid"].astype(np.int64),
            "start_year": start.astype(np.int32),
            "end_year": end.astype(np.int32),
            "ended": (~both_in_force).astype(np.int8),
            "end_reason": pd.array(reason, dtype="string"),
            **{name: pd.Series(values, index=pairs.index) for name, values in codes.items()},
            **{f"atop_{o}": pairs[f"atop_{o}1"].astype(np.int8) for o in _OBLIGATIONS},
        }
    )
    out = out[out["start_year"] <= out["end_year"]].sort_values(["ccode1", "ccode2", "start_year", "atopid"])
    out = out.reset_index(drop=True)
    out.attrs = {
        "unit": "alliance-spell",
        "system": "cow",
        "years": (int(out["start_year"].min()), int(last_year)),
        "sources": list(_tables.citations("atop_member_level")),
        "steps": ["create_alliance_spells"],
        "unmatched": {},
        "directed": True,
    }
    return out


def un_stateyears(first: int, last: int) -> pd.DataFrame:
    """``ccode``, ``year`` for every state that cast a vote (yes, no, abstain) in the UNGA session ``year``.

    ``year`` is the session's year (1945 + session), as in Voeten's data. Source: Voeten's UNGA votes.
    """
    votes = _tables.prepared("un_votes")
    keep = (votes["year"] >= first) & (votes["year"] <= last)
    pairs = votes.loc[keep, ["code", "year"]].drop_duplicates().sort_values(["year", "code"])
    return pd.DataFrame({"ccode": pairs["code"].to_numpy(np.int32), "year": pairs["year"].to_numpy(np.int32)})
