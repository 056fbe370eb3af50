"""Strategic rivalries: Thompson, Sakuwa & Suhas (2021) or Thompson & Dreyer (2012).

Sources: ``thompson2021analyzing`` (TSS, 1494–2020, right-censored at 2020) and ``thompson2012handbook``
(Thompson & Dreyer, 1494–2010), as packaged by peacesciencer. Rivalries are undirected: on a directed frame
(A, B) and (B, A) carry the same values. Threat is half of Blankenship's burden-sharing story; a patron's
client facing a rival is the case the side-payment theory is about.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from alliancelab._validate import check_choice
from alliancelab.data.builders import _tables
from alliancelab.data.builders._frame import add_columns, require
from alliancelab.data.builders._join import cow_codes_for, dyad_values
from alliancelab.errors import UserInputError

__all__ = ["RIVALRY_YEARS", "add_rivalries"]

RIVALRY_YEARS = {"tss": (1494, 2020), "td": (1494, 2010)}
_TSS_TYPES = ("positional", "spatial", "ideological", "interventionary", "principal", "aprin")


def _expand(spells: pd.DataFrame, first: str, last: str, columns: list[str]) -> pd.DataFrame:
    """One row per rivalry-year from one row per rivalry spell."""
    start, end = _tables.ints(spells[first]), _tables.ints(spells[last])
    lengths = end - start + 1
    rows = np.repeat(np.arange(len(spells)), lengths)
    offset = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    out = pd.DataFrame(
        {
            "code1": _tables.ints(spells["ccode1"])[rows],
            "code2": _tables.ints(spells["ccode2"])[rows],
            "year": start[rows] + offset,
        }
    )
    for column in columns:
        out[column] = spells[column].to_numpy()[rows]
    return out


def _tss() -> pd.DataFrame:
    raw = _tables.read("tss_rivalries")
    spells = pd.DataFrame(
        {"ccode1": raw["ccode1"], "ccode2": raw["ccode2"], "start": raw["start"], "end": raw["end"]}
    )
    spells["tss_rivalry"] = 1
    spells["tss_rivalry_id"] = _tables.ints(raw["tssr_id"])
    for kind in _TSS_TYPES:  # the source marks a type with 1 and leaves it empty otherwise
        spells[f"tss_{kind}"] = raw[kind].fillna(0).to_numpy(dtype=np.int64)
    columns = ["tss_rivalry", "tss_rivalry_id", *(f"tss_{k}" for k in _TSS_TYPES)]
    return _expand(spells, "start", "end", columns).astype(dict.fromkeys(columns, "Int32"))


def _td() -> pd.DataFrame:
    raw = _tables.read("td_rivalries")
    spells = pd.DataFrame(
        {"ccode1": raw["ccode1"], "ccode2": raw["ccode2"], "styear": raw["styear"], "endyear": raw["endyear"]}
    )
    spells["td_rivalry"] = 1
    spells["td_rivalry_id"] = _tables.ints(raw["rivalryno"])
    columns = ["td_rivalry", "td_rivalry_id"]
    return _expand(spells, "styear", "endyear", columns).astype(dict.fromkeys(columns, "Int32"))


def add_rivalries(frame: pd.DataFrame, source: Literal["tss", "td"] = "tss") -> pd.DataFrame:
    """Add strategic rivalries to a dyad-year frame.

    ``source="tss"`` (default) adds ``tss_rivalry`` (1 if the two states are strategic rivals that year, else
    0), ``tss_rivalry_id`` (TSS id; 0 when no rivalry) and the type flags ``tss_positional``,
    ``tss_spatial``, ``tss_ideological``, ``tss_interventionary``, ``tss_principal``, ``tss_aprin``
    (asymmetric principal rivalry). ``source="td"`` adds ``td_rivalry`` and ``td_rivalry_id``. Inside the
    source's years (TSS 1494–2020, T&D 1494–2010) a dyad that is not a rivalry is 0; outside, missing.

    Source: Thompson, Sakuwa & Suhas (2021) or Thompson & Dreyer (2012), via peacesciencer.
    """
    require(frame, "add_rivalries")
    if frame.attrs["unit"] == "leader-dyad-year":
        raise UserInputError(
            "add_rivalries: only for dyad-years (as peacesciencer's add_strategic_rivalries(), which takes "
            "state-years and dyad-years, not leader-dyad-years); start with create_dyadyears()"
        )
    require(frame, "add_rivalries", unit="dyad-year")
    check_choice("source", source, list(RIVALRY_YEARS), where="add_rivalries")
    table = _tables.prepared(f"{source}_rivalry_years", _tss if source == "tss" else _td)
    columns = [c for c in table.columns if c not in ("code1", "code2", "year")]
    new = dyad_values(
        frame,
        table,
        columns,
        coverage=RIVALRY_YEARS[source],
        fill_inside=0,
        either_direction=True,
        code_map=cow_codes_for(frame),
    )
    name = "tss_rivalries" if source == "tss" else "td_rivalries"
    return add_columns(frame, new, step="add_rivalries", sources=_tables.citations(name))
