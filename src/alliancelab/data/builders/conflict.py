"""Conflict: militarized interstate disputes (GML and COW), territorial threat, UCDP armed conflicts.

Sources: GML MID v2.2.1 (``gibler2016analysis``) and COW MID v5.0 (``palmer2022mid5``), both whittled to
dyad-years by peacesciencer (``miller2021convert``); latent territorial threat (``miller2022random``);
UCDP/PRIO Armed Conflict Dataset v25.1 (``gleditsch2002armed``, ``davies2025organized``). The rules are
peacesciencer's (``R/add_gml_mids.R``, ``add_cow_mids.R``, ``add_latent_territorial_threat.R``,
``add_ucdp_acd.R`` at commit ``fe150a2``).

**Several disputes in one dyad-year.** The dispute-year files have one row per dispute, dyad and year
(a dyad-year can have several). peacesciencer's dyad-year files keep one: in turn, (1) a new onset over a
continuing dispute, then the highest (2) ``fatality``, (3) ``hostlev``, (4) ``mindur``, (5) ``maxdur``,
(6) a reciprocated over a non-reciprocated dispute, (7) the earliest start month. The adders join those
files, so every dispute column describes that one dispute.

**Naive dyads.** Every pair of states on opposite sides of a multilateral dispute is a dyad, even two that
never fought each other (peacesciencer's example: Brazil and Japan in World War II).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from alliancelab._validate import check_choice
from alliancelab.data.builders import _tables
from alliancelab.data.builders._frame import add_columns, code_columns, require
from alliancelab.data.builders._join import (
    CodeMap,
    cow_codes_for,
    dyad_values,
    gw_codes_for,
    source_only_dyads,
    source_only_states,
    state_values,
)
from alliancelab.errors import UserInputError

__all__ = [
    "COW_MID_YEARS",
    "GML_MID_YEARS",
    "TERRTHREAT_COLUMNS",
    "TERRTHREAT_YEARS",
    "UCDP_YEARS",
    "add_cow_mids",
    "add_gml_mids",
    "add_terrthreat",
    "add_ucdp_acd",
]

GML_MID_YEARS = (1816, 2010)
COW_MID_YEARS = (1816, 2014)
TERRTHREAT_YEARS = (1816, 2010)
UCDP_YEARS = (1946, 2024)
TERRTHREAT_COLUMNS = ("lterrthreat", "sd", "lwr", "upr", "m_lterrthreat", "m_sd", "m_lwr", "m_upr")
Initiation = Literal["sidea-all-joiners", "sidea-with-joiners", "sidea-orig"]
_INIT_RULES = ("sidea-all-joiners", "sidea-with-joiners", "sidea-orig")


def _initiator(sidea: np.ndarray, orig: np.ndarray, rule: str) -> np.ndarray:
    """peacesciencer's ``init`` rules for who initiated: side A and an originator, side A, or also joiners."""
    if rule == "sidea-orig":
        chosen = (sidea == 1) & (orig == 1)
    elif rule == "sidea-with-joiners":  # peacesciencer's test reduces to: on side A
        chosen = sidea == 1
    else:
        chosen = (sidea == 1) | (orig == 0)  # side A, or any joiner
    return np.asarray(chosen, dtype=np.int8)


def _dispute_table(name: str, prefix: str, rule: str) -> pd.DataFrame:
    raw = _tables.read(name)
    out = pd.DataFrame(
        {
            "code1": raw["ccode1"].to_numpy(np.int64),
            "code2": raw["ccode2"].to_numpy(np.int64),
            "year": raw["year"].to_numpy(np.int64),
        }
    )
    for column in ("onset", "ongoing"):
        out[f"{prefix}{column}"] = raw[f"{prefix}{column}"].astype("Int8").array
    sidea = [raw[f"sidea{i}"].to_numpy(np.int64) for i in (1, 2)]
    orig = [raw[f"orig{i}"].to_numpy(np.int64) for i in (1, 2)]
    for i in (1, 2):
        out[f"{prefix}init{i}"] = pd.array(_initiator(sidea[i - 1], orig[i - 1], rule), dtype="Int8")
    for column in ("dispnum", "hostlev", "fatality", "hiact1", "hiact2", "recip"):
        out[f"{prefix}{column}"] = raw[column].astype("Int64").array
    if out.duplicated(["code1", "code2", "year"]).any():
        raise ValueError(f"{name}: more than one dispute in a dyad-year")
    return out


#: Why a MID adder refuses leader-dyad-years (peacesciencer's rule for each).
_NOT_ON_LEADER_DYADS = {
    "add_gml_mids": "peacesciencer's leader-dyad-year version joins leader-level dispute-years "
    "(gml_mid_ddlydisps: who led each side when a dispute began and ended), which are not among "
    "AllianceLab's data; the dyad-year values would credit every leader pair of the year with the dispute",
    "add_cow_mids": "as peacesciencer's add_cow_mids()",
}


def _add_mids(
    frame: pd.DataFrame, *, step: str, name: str, prefix: str, years: tuple[int, int], init: str
) -> pd.DataFrame:
    require(frame, step)
    check_choice("init", init, list(_INIT_RULES))
    if frame.attrs["unit"] != "dyad-year":
        why = (
            _NOT_ON_LEADER_DYADS[step]
            if frame.attrs["unit"] == "leader-dyad-year"
            else "peacesciencer's state-year version needs the participant-level MID file, which is not "
            "among AllianceLab's data"
        )
        raise UserInputError(f"{step}: only for dyad-years ({why}); start with create_dyadyears()")
    table = _tables.prepared(f"{name}:{init}", lambda: _dispute_table(name, prefix, init))
    directed = frame.attrs.get("directed", True)
    columns = [c for c in table.columns if c not in ("code1", "code2", "year")]
    if not directed:  # who initiated means nothing on a non-directed dyad
        columns = [c for c in columns if not c.startswith(f"{prefix}init")]
    fills: dict[str, float | None] = dict.fromkeys(columns)
    fills[f"{prefix}onset"] = fills[f"{prefix}ongoing"] = 0
    code_map = cow_codes_for(frame)
    new = dyad_values(frame, table, columns, coverage=years, fill_inside=fills, code_map=code_map)
    ys = table["year"].to_numpy()
    inside = table[(ys >= frame["year"].min()) & (ys <= frame["year"].max())]
    extra = source_only_dyads(
        frame,
        inside["code1"],
        inside["code2"],
        inside["year"],
        either_direction=not directed,
        code_map=code_map,
    )
    return add_columns(
        frame, new, step=step, sources=_tables.citations(name), source_only=extra, mid_initiation=init
    )


def add_gml_mids(frame: pd.DataFrame, init: Initiation = "sidea-all-joiners") -> pd.DataFrame:
    """Add Gibler-Miller-Little militarized interstate disputes (peacesciencer's ``add_gml_mids()``).

    Adds ``gmlmidonset`` and ``gmlmidongoing`` (Int8: 0 inside 1816-2010 when the dyad had no dispute,
    missing outside), and for the dyad-year's one dispute (see the module's rule for several):
    ``gmlmiddispnum``, ``gmlmidhostlev`` (highest hostility level of the dispute, 1-5), ``gmlmidfatality``
    (fatality level 0-6, -9 unknown), ``gmlmidhiact1``/``gmlmidhiact2`` (each side's highest action),
    ``gmlmidrecip`` (reciprocated), and on directed frames ``gmlmidinit1``/``gmlmidinit2`` (initiator, by
    ``init``: ``"sidea-all-joiners"`` (peacesciencer's default: side A or any joiner),
    ``"sidea-with-joiners"`` (side A), ``"sidea-orig"`` (side A and an originator)). peacesciencer
    names these columns without the ``gmlmid`` prefix, so that its GML and COW adders collide; here
    both can be added to one frame.

    Source: GML MID v2.2.1 (Gibler, Miller & Little 2016), via peacesciencer (Miller 2021, 2022).
    """
    return _add_mids(
        frame, step="add_gml_mids", name="gml_mid_ddydisps", prefix="gmlmid", years=GML_MID_YEARS, init=init
    )


def add_cow_mids(frame: pd.DataFrame, init: Initiation = "sidea-all-joiners") -> pd.DataFrame:
    """Add COW militarized interstate disputes v5.0 (peacesciencer's ``add_cow_mids()``).

    Adds ``cowmidonset`` and ``cowmidongoing`` (Int8: 0 inside 1816-2014 when the dyad had no dispute,
    missing outside), and ``cowmiddispnum``, ``cowmidhostlev``, ``cowmidfatality``, ``cowmidhiact1``,
    ``cowmidhiact2``, ``cowmidrecip`` and (directed frames) ``cowmidinit1``/``cowmidinit2``, as in
    :func:`add_gml_mids` (peacesciencer's ``add_cow_mids()`` has no initiator columns; here they follow the
    same ``init`` rule as the GML ones).

    Source: COW MID v5.0 (Palmer et al. 2022), via peacesciencer (Miller 2021, 2022).
    """
    return _add_mids(
        frame, step="add_cow_mids", name="cow_mid_ddydisps", prefix="cowmid", years=COW_MID_YEARS, init=init
    )


def _terrthreat_table() -> pd.DataFrame:
    raw = _tables.read("terrthreat")
    out = pd.DataFrame({"code": raw["ccode"].to_numpy(np.int64), "year": raw["year"].to_numpy(np.int64)})
    for column in TERRTHREAT_COLUMNS:
        out[column] = raw[column].to_numpy(np.float64, na_value=np.nan)
    return out


def add_terrthreat(frame: pd.DataFrame) -> pd.DataFrame:
    """Add latent external territorial threat (peacesciencer's ``add_latent_territorial_threat()``).

    Adds ``lterrthreat`` (estimate weighted by capital distance), ``sd``, ``lwr``, ``upr`` (its standard
    deviation and 90% interval) and ``m_lterrthreat``, ``m_sd``, ``m_lwr``, ``m_upr`` (the same weighted
    by minimum distance, from 1885) — suffixed ``1``/``2`` on dyad-years. Missing outside 1816-2010 and
    for states the estimates do not cover (listed in ``attrs["unmatched"]``).

    Source: Miller (2022), via peacesciencer.
    """
    require(frame, "add_terrthreat")
    table = _tables.prepared("terrthreat", _terrthreat_table)
    code_map = cow_codes_for(frame)
    new, unmatched = state_values(
        frame, table, TERRTHREAT_COLUMNS, coverage=TERRTHREAT_YEARS, code_map=code_map
    )
    extra = source_only_states(frame, table["code"], table["year"], code_map=code_map)
    return add_columns(
        frame,
        new,
        step="add_terrthreat",
        coverage=TERRTHREAT_YEARS,
        sources=_tables.citations("terrthreat"),
        unmatched=unmatched,
        source_only=extra,
    )


def _ucdp_table(types: tuple[str, ...], issues: tuple[str, ...], only_wars: bool) -> pd.DataFrame:
    raw = _tables.read("ucdp_acd")
    keep = np.ones(len(raw), dtype=bool)
    if types:
        keep &= raw["type_of_conflict"].isin(types).to_numpy()
    if issues:
        keep &= raw["incompatibility"].isin(issues).to_numpy()
    if only_wars:
        keep &= raw["intensity_level"].to_numpy() == 2
    rows = pd.DataFrame(
        {
            "conflict_id": raw["conflict_id"].to_numpy(np.int64)[keep],
            "code": raw["gwno_a"].to_numpy(np.int64)[keep],
            "year": raw["year"].to_numpy(np.int64)[keep],
            "intensity": raw["intensity_level"].to_numpy(np.int64)[keep],
        }
    )
    # one row per conflict, side-A state and year; onset = that state's first year in the conflict
    rows = rows.drop_duplicates(["conflict_id", "code", "year"]).sort_values(["conflict_id", "code", "year"])
    rows["onset"] = (~rows.duplicated(["conflict_id", "code"])).astype(np.int8)
    rows["conflict_id"] = rows["conflict_id"].astype(str)
    grouped = rows.groupby(["code", "year"], as_index=False).agg(
        ucdponset=("onset", "max"),
        maxintensity=("intensity", "max"),
        conflict_ids=("conflict_id", "; ".join),
    )
    grouped["ucdpongoing"] = pd.array(np.ones(len(grouped), dtype=np.int8), dtype="Int8")
    grouped["ucdponset"] = grouped["ucdponset"].astype("Int8")
    grouped["maxintensity"] = grouped["maxintensity"].astype("Int8")
    return grouped


def add_ucdp_acd(
    frame: pd.DataFrame,
    *,
    types: tuple[str, ...] = (),
    issues: tuple[str, ...] = (),
    only_wars: bool = False,
) -> pd.DataFrame:
    """Add UCDP/PRIO armed conflicts to a state-year frame (peacesciencer's ``add_ucdp_acd()``).

    Adds ``ucdpongoing`` (Int8: the state is the primary side A of an armed conflict that year),
    ``ucdponset`` (1 in the state's first year in some such conflict), ``maxintensity`` (1 minor, 2 war)
    and ``conflict_ids`` (UCDP ids, ``"; "``-separated). Only the primary side A counts, as in
    peacesciencer. ``types`` (``"extrasystemic"``, ``"interstate"``, ``"intrastate"``, ``"II"``),
    ``issues`` (``"territory"``, ``"government"``, ``"both"``) and ``only_wars`` filter the conflicts.
    Inside 1946-2024 a state-year without a conflict is 0; outside, missing. UCDP uses Gleditsch-Ward
    codes; COW frames are crosswalked year by year.

    Source: UCDP/PRIO ACD v25.1 (Gleditsch et al. 2002; Davies et al. 2025), via peacesciencer.
    """
    require(frame, "add_ucdp_acd", unit="state-year")
    key = f"ucdp:{types}:{issues}:{only_wars}"
    table = _tables.prepared(key, lambda: _ucdp_table(tuple(types), tuple(issues), only_wars))
    code_map = gw_codes_for(frame)
    new, _ = state_values(
        frame,
        table,
        ("ucdpongoing", "ucdponset"),
        coverage=UCDP_YEARS,
        code_map=code_map,
        fill_inside=0,
        check_codes=False,
    )
    intensity, _ = state_values(
        frame, table, ("maxintensity",), coverage=UCDP_YEARS, code_map=code_map, check_codes=False
    )
    new.update(intensity)
    new["conflict_ids"] = _conflict_ids(frame, table, code_map)
    extra = source_only_states(frame, table["code"], table["year"], code_map=code_map)
    return add_columns(
        frame, new, step="add_ucdp_acd", sources=_tables.citations("ucdp_acd"), source_only=extra
    )


def _conflict_ids(frame: pd.DataFrame, table: pd.DataFrame, code_map: CodeMap | None) -> pd.Series:
    """The ``conflict_ids`` text of each state-year row (missing where the state had no conflict)."""
    years = frame["year"].to_numpy()
    codes = frame[code_columns(frame)[0]].to_numpy()
    if code_map is not None:
        codes = code_map(codes, years)
    keys = pd.MultiIndex.from_arrays([np.asarray(codes, dtype=np.float64), years.astype(np.float64)])
    lookup = pd.Series(
        table["conflict_ids"].to_numpy(),
        index=pd.MultiIndex.from_arrays([table["code"].astype(np.float64), table["year"].astype(np.float64)]),
    )
    return pd.Series(lookup.reindex(keys).to_numpy(), index=frame.index, dtype="string")
