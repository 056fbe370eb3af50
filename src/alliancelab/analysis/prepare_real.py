"""The real data for the evidence tests, built with the evidence layer's builders and readers.

:func:`real_tables` returns the same two raw tables a simulated run writes — ``state_years`` and the
patron's ``dyad_years`` — plus the state-level additions only real data have (SIPRI burden, IPI
peacekeeping, NATO membership), each made by one small function so that a new adder of the data layer can
replace it in one line. The derived frames (:mod:`alliancelab.analysis.prepare`) are then made the same way
for real and simulated tables. Built frames are cached as Parquet in the user cache, keyed by the package
version, the years, the code that builds them and the data files' identity.
"""

from __future__ import annotations

import hashlib
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from alliancelab.analysis.prepare import USA
from alliancelab.io import atomic_path

__all__ = [
    "BUILD_YEARS",
    "nato_members",
    "peacekeeping_years",
    "real_tables",
    "sipri_years",
    "un_state_years",
    "us_dyad_years",
]

#: Years the real tables cover: one year before the earliest test year (lags) to the end of COW v2016.
BUILD_YEARS = (1945, 2016)
#: ATOP's identifier of the North Atlantic Treaty.
NATO_ATOPID = 3180
PATRONS = (USA, 365)


def _quietly(step, frame: pd.DataFrame) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    # the builders warn about codes without data (listed in attrs["unmatched"]); the report cites attrs
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result: pd.DataFrame = step(frame)
    return result


def state_years(years: tuple[int, int] = BUILD_YEARS) -> pd.DataFrame:
    """COW state-years with capabilities, democracy, leaders, GDP, ideal points, UN agreement, aid, troops."""
    from alliancelab import data

    frame = data.create_stateyears(years=years)
    for step in (
        data.add_nmc,
        data.add_democracy,
        data.add_leaders,
        data.add_gdp,
        data.add_ideal_points,
        lambda f: data.add_un_agreement(f, reference=USA),
        data.add_us_aid,
        data.add_us_troops,
    ):
        frame = _quietly(step, frame)
    return frame


def un_state_years(years: tuple[int, int] = BUILD_YEARS) -> pd.DataFrame:
    """The UN state system (every state that voted in the UNGA session year) with T-F1/T-F3's columns.

    ``create_stateyears(system="un")`` gives COW-coded rows; capabilities, democracy, UN agreement with
    the US and US troops are added as on the COW frame. ``cow_member`` = 1 if the state is in the COW
    system that year: the others (the Ukrainian and Byelorussian SSRs 1946-1990, and states in the session
    before COW lists them) have no COW-coded covariates (CINC, contiguity, distance), so they stay in the
    sample but drop out of a regression that needs those; the tests say how many.
    """
    from alliancelab import data
    from alliancelab.data.builders.create import SYSTEM_YEARS

    lo, hi = SYSTEM_YEARS["un"]
    span = (max(years[0], lo), min(years[1], hi))
    frame = data.create_stateyears(system="un", years=span)
    cow = data.create_stateyears(years=span)[["ccode", "year"]].assign(cow_member=1.0)
    for step in (
        data.add_nmc,
        data.add_democracy,
        lambda f: data.add_un_agreement(f, reference=USA),
        data.add_us_troops,
    ):
        frame = _quietly(step, frame)
    attrs = dict(frame.attrs)
    frame = pd.DataFrame(frame).merge(cow, on=["ccode", "year"], how="left")
    frame["cow_member"] = frame["cow_member"].fillna(0.0)
    frame.attrs = attrs
    return frame


def us_dyad_years(years: tuple[int, int] = BUILD_YEARS) -> pd.DataFrame:
    """Directed dyad-years with the US or the USSR/Russia on either side, with ATOP obligations.

    Contiguity (``conttype``) and capital distance (``capdist``) are added when the data layer provides
    their adders.
    """
    from alliancelab import data

    dyads = data.create_dyadyears(years=years)
    attrs = dict(dyads.attrs)
    dyads = dyads[dyads["ccode1"].isin(PATRONS) | dyads["ccode2"].isin(PATRONS)].reset_index(drop=True)
    dyads.attrs = attrs
    dyads = _quietly(data.add_atop_alliance, dyads)
    for name in ("add_contiguity", "add_capital_distance"):
        adder = getattr(data, name, None)
        if adder is not None:
            dyads = _quietly(adder, dyads)
    return dyads


def sipri_years() -> pd.DataFrame:
    """SIPRI military expenditure by COW state-year: ``sipri_milex`` (constant US$ m), ``sipri_milex_gdp``."""
    from alliancelab.data import read
    from alliancelab.data.crosswalk import name_to_cow

    raw = read("sipri_milex")
    codes = name_to_cow(raw["country"], raw["year"].to_numpy()).to_numpy(dtype=np.float64, na_value=np.nan)
    out = pd.DataFrame(
        {
            "ccode": codes,
            "year": raw["year"].to_numpy(),
            "sipri_milex": raw["milex_constant_usd"].to_numpy(dtype=float, na_value=np.nan),
            "sipri_milex_gdp": raw["milex_gdp_share"].to_numpy(dtype=float, na_value=np.nan),
        }
    ).dropna(subset=["ccode"])
    out["ccode"] = out["ccode"].astype("int64")
    return out.groupby(["ccode", "year"], as_index=False).mean()


def peacekeeping_years() -> pd.DataFrame:
    """IPI UN peacekeeping personnel by COW state-year: yearly means of the monthly contributions.

    ``pko_troops``, ``pko_police``, ``pko_observers`` (IPI's experts on mission) and ``pko_total``. A month
    that IPI covers but does not list a contributor in counts as zero, so the yearly value is the sum over
    the listed months divided by the months IPI covers that year (2 in 1990, 3 in 2014, else 12) — the rule
    of the data layer's ``add_peacekeeping``.
    """
    from alliancelab.data import read
    from alliancelab.data.crosswalk import name_to_cow

    raw = read("ipi_countries")
    year = raw["date"].dt.year.to_numpy()
    months = raw.groupby(year)["date"].nunique()
    codes = name_to_cow(raw["contributor"], year).to_numpy(dtype=np.float64, na_value=np.nan)
    parts = {c: raw[c].to_numpy(dtype=float, na_value=0.0) for c in ("troops", "police", "experts")}
    monthly = pd.DataFrame(
        {
            "ccode": codes,
            "year": year,
            "pko_troops": parts["troops"],
            "pko_police": parts["police"],
            "pko_observers": parts["experts"],
        }
    ).dropna(subset=["ccode"])
    monthly["pko_total"] = monthly[["pko_troops", "pko_police", "pko_observers"]].sum(axis=1)
    monthly["ccode"] = monthly["ccode"].astype("int64")
    yearly = monthly.groupby(["ccode", "year"], as_index=False).sum()
    columns = ["pko_troops", "pko_police", "pko_observers", "pko_total"]
    yearly[columns] = yearly[columns].div(months.reindex(yearly["year"]).to_numpy(), axis=0)
    return yearly


def nato_members() -> pd.DataFrame:
    """``ccode``, ``year`` of every NATO member-year (ATOP member-level file, alliance 3180)."""
    from alliancelab.data import read

    members = read("atop_member_level")
    members = members[members["atopid"] == NATO_ATOPID]
    rows = [
        (int(code), year)
        for code, first, last in zip(members["member"], members["yrent"], members["yrexit"], strict=True)
        for year in range(int(first), (int(last) if int(last) > 0 else 2018) + 1)
    ]
    return pd.DataFrame(rows, columns=["ccode", "year"]).drop_duplicates().assign(nato=1.0)


def _adder(name: str):  # type: ignore[no-untyped-def]
    """The data layer's adder ``name`` if this version has it (the evidence prep uses it when it lands)."""
    from alliancelab import data

    return getattr(data, name, None)


def _with_burden(states: pd.DataFrame) -> pd.DataFrame:
    """SIPRI and IPI columns from the data layer's adders, or from the readers until those exist."""
    for adder, fallback in (("add_sipri", sipri_years), ("add_peacekeeping", peacekeeping_years)):
        step = _adder(adder)
        if step is not None:
            states = _quietly(step, states)
        else:
            attrs = dict(states.attrs)
            states = states.merge(fallback(), on=["ccode", "year"], how="left")
            states.attrs = attrs
    inside = states["year"].between(1990, 2014)  # inside IPI's years a state without a record sent no one
    for col in ("pko_troops", "pko_police", "pko_observers", "pko_total"):
        states.loc[inside, col] = states.loc[inside, col].fillna(0.0)
    return states


# the code between the data files and the evidence frames: a fix anywhere in it must not serve old frames
EVIDENCE_CODE = ("alliancelab.data", "alliancelab.analysis.prepare", "alliancelab.analysis.prepare_real")


def _inputs_key() -> str | None:
    """A digest of what the evidence frames are made from: the code (:data:`EVIDENCE_CODE`) and the identity
    of every data file present (the readers' key: where, size, modification time). ``None`` when some code
    cannot be read: then nothing is cached."""
    from alliancelab.data._fingerprint import code_fingerprint
    from alliancelab.data.readers import _cache_name, locate_files
    from alliancelab.data.registry import get_source, source_names
    from alliancelab.errors import DataError

    code = code_fingerprint(*EVIDENCE_CODE)
    if code is None:
        return None
    digest = hashlib.sha256(code.encode())
    for name in source_names():
        source = get_source(name)
        try:
            files = locate_files(source)
        except (DataError, OSError):  # a data set that is absent: the build names it if it needs it
            digest.update(f"|{name}:absent".encode())
            continue
        named = _cache_name(source, files)
        if named is None:
            return None
        digest.update(f"|{named[1]}".encode())
    return digest.hexdigest()[:12]


def real_tables(
    years: tuple[int, int] = BUILD_YEARS, *, cache: Path | None = None
) -> dict[str, pd.DataFrame]:
    """``state_years`` (COW), ``un_state_years`` (the UN state system, for T-F1/T-F3), ``dyad_years`` and
    (when the data layer makes them) ``alliance_spells``, real data.

    Cached as Parquet under ``cache`` if given, keyed by the package version, the years, which of the
    data layer's optional adders this version has, the code that makes the frames and the data files'
    identity (:func:`_inputs_key`): a fixed builder or an updated data file makes them again.
    """
    from alliancelab.provenance import __version__

    optional = (
        "add_sipri",
        "add_peacekeeping",
        "add_contiguity",
        "add_capital_distance",
        "create_alliance_spells",
    )
    spells_step = _adder("create_alliance_spells")
    names = ["state_years", "un_state_years", "dyad_years", *(["alliance_spells"] if spells_step else [])]
    paths = {}
    inputs = _inputs_key() if cache is not None else None
    if cache is not None and inputs is not None:
        present = hashlib.sha256(",".join(n for n in optional if _adder(n)).encode()).hexdigest()[:8]
        tag = f"{__version__}-{years[0]}-{years[1]}-{present}-{inputs}"
        paths = {k: cache / f"evidence-{k}-{tag}.parquet" for k in names}
        if all(p.is_file() for p in paths.values()):
            return {k: pd.read_parquet(p) for k, p in paths.items()}
    states = _with_burden(state_years(years))
    sources = list(states.attrs.get("sources", []))
    states = pd.DataFrame(states).merge(nato_members(), on=["ccode", "year"], how="left")
    states["nato"] = states["nato"].fillna(0.0)
    dyads = us_dyad_years(years)
    un_states = un_state_years(years)
    sources += list(un_states.attrs.get("sources", []))
    tables = {"state_years": states, "un_state_years": un_states, "dyad_years": pd.DataFrame(dyads)}
    if spells_step is not None:
        spells = spells_step()
        sources += list(spells.attrs.get("sources", []))
        tables["alliance_spells"] = pd.DataFrame(spells)
    sources += [*dyads.attrs.get("sources", []), "sipri2025milex", "perry2013trends", "leeds2002atop"]
    for name, table in tables.items():
        table.attrs = {"sources": list(dict.fromkeys(sources))}
        if name in paths:
            with atomic_path(paths[name]) as tmp:
                table.to_parquet(tmp)
    return tables
