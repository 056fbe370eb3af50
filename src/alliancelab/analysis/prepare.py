"""From the evidence layer's tables to the frames the tests read: the same steps for real and simulated data.

Every function here takes frames with the evidence layer's column names (``docs/data.md``; a simulated run
writes the same names, see ``CONTRACT``: keys ``ccode``/``year``, dyads ``ccode1``/``ccode2``/``year``, an
optional ``run`` key) and derives the pre-registration's quantities:

* :func:`patron_panel` — one row per state-year, the patron's own included (a NATO member in T-E7; every
  test whose sample excludes the US drops it), with the state's ties to the patron (the US, ccode 2):
  ``us_ally`` (an ATOP defence obligation in either direction), ``informal_tie`` (no defence obligation,
  but a consultation or non-aggression obligation in either direction, or at least 100 US troops hosted),
  contiguity and capital distance to the patron when the dyads carry ``conttype``/``capdist``, and the
  patron's side payment and UN agreement when they sit on the dyad rather than the state row.
* :func:`add_regime_events` — ``regime_change`` (|Δ polity2| >= 6 or |Δ polyarchy| >= 0.25, one measure
  alone where the other is missing) and leader entries without a regime change in t or t-1, and among
  them the regular and the irregular ones (Archigos ``entry``).
* :func:`lagged` — the value in t-1 of the same unit (state, or run × state in a simulation).
* :func:`alliance_spell_years` — patron → client obligation spells as counting-process rows for the Cox
  model.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from alliancelab.errors import DataError

__all__ = [
    "INFORMAL_TROOPS",
    "POLITY_JUMP",
    "POLYARCHY_JUMP",
    "add_regime_events",
    "alliance_spell_years",
    "atop_spell_years",
    "lagged",
    "log_millions",
    "patron_panel",
    "require_columns",
    "with_unit",
]

USA = 2
#: Pre-registered thresholds: a regime change is a polity2 jump of >= 6 or a polyarchy jump of >= 0.25.
POLITY_JUMP = 6.0
POLYARCHY_JUMP = 0.25
#: US troops hosted that make an informal tie.
INFORMAL_TROOPS = 100.0


def require_columns(frame: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    """Raise :class:`DataError` naming every column ``what`` needs that ``frame`` lacks."""
    missing = [c for c in dict.fromkeys(columns) if c not in frame.columns]
    if missing:
        raise DataError(f"{what}: the table has no column {', '.join(missing)}")


def with_unit(frame: pd.DataFrame) -> pd.DataFrame:
    """Add ``unit``: the state (``ccode``), or run × state when the table has a ``run`` key (simulations)."""
    out = frame.copy()
    code = out["ccode"].astype("int64")
    out["unit"] = out["run"].astype("int64") * 1_000_000 + code if "run" in out.columns else code
    return out


def log_millions(values: pd.Series) -> pd.Series:
    """``log1p`` of an amount in dollars expressed in millions (the pre-registration's money logs)."""
    millions = values.astype(float).clip(lower=0).to_numpy() / 1e6
    return pd.Series(np.log1p(millions), index=values.index, name=values.name)


def lagged(
    frame: pd.DataFrame, columns: Sequence[str], *, unit: str = "unit", suffix: str = "_lag"
) -> pd.DataFrame:
    """Add ``<column>_lag``: the value in ``year - 1`` of the same ``unit`` (missing without that row)."""
    keys = [unit, "year"]
    prior = frame[[*keys, *columns]].copy()
    prior["year"] = prior["year"] + 1
    prior = prior.rename(columns={c: f"{c}{suffix}" for c in columns})
    out = frame.drop(columns=[f"{c}{suffix}" for c in columns if f"{c}{suffix}" in frame.columns])
    return out.merge(prior, on=keys, how="left", validate="many_to_one")


def _either_direction(dyads: pd.DataFrame, patron: int, columns: Sequence[str]) -> pd.DataFrame:
    """Per (run, other state, year): the maximum of ``columns`` over the rows (patron, s) and (s, patron)."""
    keys = ["run"] if "run" in dyads.columns else []
    outward = dyads[dyads["ccode1"] == patron].rename(columns={"ccode2": "ccode"})
    inward = dyads[dyads["ccode2"] == patron].rename(columns={"ccode1": "ccode"})
    both = pd.concat(
        [outward[[*keys, "ccode", "year", *columns]], inward[[*keys, "ccode", "year", *columns]]]
    )
    return both.groupby([*keys, "ccode", "year"], as_index=False)[list(columns)].max()


def patron_panel(state_years: pd.DataFrame, dyad_years: pd.DataFrame, *, patron: int = USA) -> pd.DataFrame:
    """State-years with the ties to ``patron`` defined in the module docstring.

    The patron's own rows stay in the panel (the US is a NATO member for T-E7); its ties to itself
    (``us_ally``, ``informal_tie`` and the ATOP flags) are missing, so it is never its own ally, and the
    tests whose samples exclude the US drop its rows themselves.

    ``dyad_years`` needs ``ccode1``, ``ccode2``, ``year`` and ATOP's ``atop_defense``; ``atop_consul`` and
    ``atop_nonagg`` (and ``us_troops`` on the state rows) make the informal tie. Optional dyad columns taken
    from the patron's rows: ``conttype`` (-> ``us_contiguous`` = direct land contiguity, conttype 1),
    ``capdist`` (-> ``us_capdist``), and, when the state rows lack them, ``us_aid_total`` (the patron's side
    payment on its row to the client), ``un_agree`` (-> ``un_agree_ref``) and ``idealpointdist``.
    """
    require_columns(state_years, ["ccode", "year"], "patron_panel (state-years)")
    require_columns(dyad_years, ["ccode1", "ccode2", "year", "atop_defense"], "patron_panel (dyad-years)")
    keys = ["run", "ccode", "year"] if "run" in state_years.columns else ["ccode", "year"]
    flags = [c for c in ("atop_defense", "atop_consul", "atop_nonagg") if c in dyad_years.columns]
    ties = _either_direction(dyad_years, patron, flags)
    panel = state_years.merge(ties, on=keys, how="left")
    for kind in ("all", "fp"):
        column = f"idealpoint{kind}"
        if column in state_years.columns:
            own = state_years[state_years["ccode"] == patron][[*keys, column]].drop(columns="ccode")
            own = own.rename(columns={column: "patron_ideal"})
            panel = panel.merge(own, on=[k for k in keys if k != "ccode"], how="left")
            panel[f"us_idealdist_{kind}"] = (panel[column] - panel.pop("patron_ideal")).abs()
    panel[flags] = panel[flags].astype("Float64").fillna(0).astype(float)
    troops = panel["us_troops"].astype(float).fillna(0) if "us_troops" in panel else 0.0
    other = (
        panel[[c for c in ("atop_consul", "atop_nonagg") if c in panel]].max(axis=1) if len(flags) > 1 else 0
    )
    panel["us_ally"] = (panel["atop_defense"] > 0).astype(float)
    panel["informal_tie"] = ((panel["us_ally"] == 0) & ((other > 0) | (troops >= INFORMAL_TROOPS))).astype(
        float
    )
    panel.loc[panel["ccode"] == patron, [*flags, "us_ally", "informal_tie"]] = np.nan  # no ties to itself

    outward = dyad_years[dyad_years["ccode1"] == patron].rename(columns={"ccode2": "ccode"})
    from_dyads = {"conttype": "conttype", "capdist": "us_capdist"}
    for source, target in (
        ("us_aid_total", "us_aid_total"),
        ("un_agree", "un_agree_ref"),
        ("idealpointdist", "us_idealdist"),
    ):
        if target not in panel.columns:
            from_dyads[source] = target
    present = [c for c in from_dyads if c in outward.columns]
    if present:
        side = outward[[*keys, *present]].drop_duplicates(keys).rename(columns=from_dyads)
        panel = panel.merge(side, on=keys, how="left")
    if "conttype" in panel.columns:
        panel["us_contiguous"] = (panel["conttype"] == 1).astype(float).where(panel["conttype"].notna(), 0.0)
    return with_unit(panel.reset_index(drop=True))


def add_regime_events(panel: pd.DataFrame) -> pd.DataFrame:
    """Add ``regime_change`` (if absent) and ``leader_entry``, ``_regular``, ``_irregular`` (module doc).

    A table that already carries ``regime_change`` (a simulation) keeps it. Leader entries need
    ``leader_change`` (an entry in t); ``leader_change_regular`` and ``leader_change_irregular`` (a regular,
    an irregular entry in t, by Archigos ``entry``) split them, when the table has them: a year can hold
    one of each. Each ``leader_*`` column gets its ``leader_recent*`` twin: an entry in t or t-1.
    """
    out = lagged(panel, [c for c in ("polity2", "v2x_polyarchy") if c in panel.columns], suffix="_prev")
    if "regime_change" not in out.columns:
        measures = [
            (c, j) for c, j in (("polity2", POLITY_JUMP), ("v2x_polyarchy", POLYARCHY_JUMP)) if c in out
        ]
        if not measures:
            raise DataError("regime change: the table has neither polity2 nor v2x_polyarchy")
        change = pd.Series(False, index=out.index)
        known = pd.Series(False, index=out.index)
        for column, jump in measures:
            step = (out[column].astype(float) - out[f"{column}_prev"].astype(float)).abs()
            change |= step >= jump  # a missing step compares False: the other measure decides alone
            known |= step.notna()
        out["regime_change"] = change.astype(float).where(known)
    out = lagged(out, ["regime_change"], suffix="_prev")
    out["regime_recent"] = out[["regime_change", "regime_change_prev"]].max(axis=1, skipna=True)
    if "leader_change" in out.columns:
        # where the regime data are missing, an entry counts as a leader change
        is_entry = (out["leader_change"].astype(float) == 1) & (out["regime_recent"].fillna(0) == 0)
        entry = is_entry.astype(float).where(out["leader_change"].notna())
        out["leader_entry"] = entry
        kinds = ["leader_entry"]
        for kind in ("regular", "irregular"):
            if f"leader_change_{kind}" in out.columns:
                out[f"leader_entry_{kind}"] = entry * (out[f"leader_change_{kind}"].astype(float) == 1)
                kinds.append(f"leader_entry_{kind}")
        out = lagged(out, kinds, suffix="_prev")
        for kind in kinds:
            out[kind.replace("entry", "recent")] = out[[kind, f"{kind}_prev"]].max(axis=1, skipna=True)
    return out


def alliance_spell_years(
    dyad_years: pd.DataFrame,
    panel: pd.DataFrame,
    *,
    patrons: Sequence[int] = (USA, 365),
    years: tuple[int, int] = (1946, 2014),
) -> pd.DataFrame:
    """Patron → client spells of defence or offence obligations as counting-process spell-years.

    A spell is a run of consecutive years in which the patron (``ccode1``) has an ATOP defence or offence
    obligation toward the client. It ends (``event`` = 1 in its last year) if both states are still in the
    table the next year without the obligation; a spell whose next year is outside the table (the end of
    ATOP's coverage, or a state that ceased to exist) is censored. Rows are the spell-years inside ``years``
    with ``start``/``stop`` = years since the spell began (spells begun earlier enter late) and the client's
    ``cinc``, ``polity2`` and regime events from ``panel`` (see :func:`add_regime_events`).
    """
    require_columns(dyad_years, ["ccode1", "ccode2", "year", "atop_defense"], "alliance spells (dyad-years)")
    run = ["run"] if "run" in dyad_years.columns else []
    d = dyad_years[dyad_years["ccode1"].isin(list(patrons))].copy()
    offense = d["atop_offense"].fillna(0) if "atop_offense" in d else 0
    d["bound"] = ((d["atop_defense"].fillna(0) > 0) | (offense > 0)).astype(int)
    d = d.sort_values([*run, "ccode1", "ccode2", "year"])
    pair = [*run, "ccode1", "ccode2"]
    prev_bound = d.groupby(pair)["bound"].shift(1)
    prev_year = d.groupby(pair)["year"].shift(1)
    next_year = d.groupby(pair)["year"].shift(-1)
    next_bound = d.groupby(pair)["bound"].shift(-1)
    begins = (d["bound"] == 1) & ((prev_bound != 1) | (prev_year != d["year"] - 1))
    d["spell_id"] = begins.cumsum()
    d = d[d["bound"] == 1].copy()
    observed_next = next_year.loc[d.index] == d["year"] + 1
    d["event"] = (observed_next & (next_bound.loc[d.index] == 0)).astype(int)
    d["spell_start"] = d.groupby("spell_id")["year"].transform("min")
    d["stop"] = (d["year"] - d["spell_start"] + 1).astype(float)
    d["start"] = d["stop"] - 1
    d = d[(d["year"] >= years[0]) & (d["year"] <= years[1])]
    out = _with_client(
        d[[*run, "ccode1", "ccode2", "year", "spell_id", "spell_start", "start", "stop", "event"]], panel
    )
    out.attrs = {"spells_from": "dyad_years"}
    return out


def atop_spell_years(
    spells: pd.DataFrame,
    panel: pd.DataFrame,
    *,
    patrons: Sequence[int] = (USA, 365),
    years: tuple[int, int] = (1946, 2014),
) -> pd.DataFrame:
    """Spell-years from ``create_alliance_spells()`` (one row per directed ATOP membership spell).

    Keeps the spells in which the patron (``ccode1``) has a defence or offence obligation, expands each to
    its years inside ``years`` and marks ``event`` = 1 in the last year of a spell that ``ended``.
    """
    require_columns(
        spells,
        ["ccode1", "ccode2", "atopid", "start_year", "end_year", "ended", "atop_defense"],
        "alliance spells",
    )
    offense = spells["atop_offense"].fillna(0) if "atop_offense" in spells else 0
    chosen = spells[spells["ccode1"].isin(list(patrons)) & ((spells["atop_defense"] > 0) | (offense > 0))]
    chosen = chosen.reset_index(drop=True)
    length = (chosen["end_year"] - chosen["start_year"] + 1).to_numpy()
    row = np.repeat(np.arange(len(chosen)), length)
    year = chosen["start_year"].to_numpy()[row] + (
        np.arange(len(row)) - np.repeat(np.cumsum(length) - length, length)
    )
    d = pd.DataFrame(
        {
            "ccode1": chosen["ccode1"].to_numpy()[row],
            "ccode2": chosen["ccode2"].to_numpy()[row],
            "year": year,
            "spell_id": row,
            "spell_start": chosen["start_year"].to_numpy()[row],
        }
    )
    d["event"] = (
        (d["year"] == chosen["end_year"].to_numpy()[row]) & (chosen["ended"].to_numpy()[row] == 1)
    ).astype(int)
    d["stop"] = (d["year"] - d["spell_start"] + 1).astype(float)
    d["start"] = d["stop"] - 1
    out = _with_client(d[(d["year"] >= years[0]) & (d["year"] <= years[1])], panel)
    out.attrs = {"spells_from": "create_alliance_spells"}
    return out


def _with_client(d: pd.DataFrame, panel: pd.DataFrame) -> pd.DataFrame:
    """Spell-years with the client's covariates for the year, the patron and a dyad key."""
    run = ["run"] if "run" in d.columns else []
    client = panel.rename(columns={"ccode": "ccode2"})
    wanted = [
        c
        for c in (
            "cinc",
            "polity2",
            "regime_recent",
            "leader_recent",
            "leader_recent_regular",
            "leader_recent_irregular",
        )
        if c in client.columns
    ]
    client = client[[*run, "ccode2", "year", *wanted]]
    out = d.merge(client, on=[*run, "ccode2", "year"], how="left")
    out["patron"] = out["ccode1"]
    out["dyad"] = out["ccode1"].astype("int64") * 100_000 + out["ccode2"].astype("int64")
    if run:
        out["dyad"] = out["run"].astype("int64") * 10**11 + out["dyad"]
    return out.reset_index(drop=True)
