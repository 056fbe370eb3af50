"""What the United States gives: foreign assistance received by each state (the patron's side payments).

Sources: U.S. foreign assistance by recipient and fiscal year, 1946–2024 (ForeignAssistance.gov /
Greenbook, ``usaid2024foreignassistance``) for total (economic + military) obligations; the USAID Greenbook
(``usaid2011greenbook``) for economic assistance, FY1946–2009; These are the side
payments that the theory's patron offers its clients; troops and bases are in :mod:`.us_troops`.

**Dollars.** Both aid columns are in constant FY2022 US$. The total comes so from the source; the
Greenbook's economic aid is in current dollars and is converted with the deflator implied by the total
file for the same fiscal year (sum of constant over sum of current obligations; the file applies one
deflator per fiscal year, so this ratio reproduces it to within rounding, and the 1976 transition quarter
keeps its own). Fiscal years are used as years; the 1976 transition quarter is added to 1976. Recipients
are ISO3 codes or names, crosswalked to COW codes year by year (:mod:`alliancelab.data.crosswalk`).
Aid that cannot join a state-year — regions, territories, and aid to a country before it was a COW
state (occupied Germany and Japan, colonies) — is listed in ``attrs["unmatched"]``, never silently
dropped.

"""

from __future__ import annotations

import numpy as np
import pandas as pd

from alliancelab.data.builders import _tables
from alliancelab.data.builders._frame import add_columns, code_columns, frame_years, require
from alliancelab.data.builders._join import cow_codes_for, state_values
from alliancelab.data.crosswalk import iso3_to_cow, name_to_cow

__all__ = ["AID_YEARS", "ECON_AID_YEARS", "add_us_aid", "cow_members"]

AID_YEARS = (1946, 2024)
ECON_AID_YEARS = (1946, 2009)
_USA = 2


def cow_members(codes: np.ndarray, years: np.ndarray) -> np.ndarray:
    """Whether each (COW code, year) is a COW state-year; the v2016 list's last day counts as open-ended."""
    spells = _tables.prepared("cow_spells")
    first = spells["start"].dt.year.to_numpy()
    last = np.where(spells["end"].dt.year.to_numpy() >= 2016, 9999, spells["end"].dt.year.to_numpy())
    member = np.zeros(len(codes), dtype=bool)
    for code, lo, hi in zip(spells["code"].to_numpy(), first, last, strict=True):
        member |= (codes == code) & (years >= lo) & (years <= hi)
    return member


def _unjoinable(labels: pd.Series, codes: np.ndarray, years: np.ndarray, amounts: np.ndarray) -> pd.DataFrame:
    """Recipient-years with aid that cannot join a COW state-year: no code, or not a state that year."""
    known = ~np.isnan(codes)
    member = np.zeros(len(codes), dtype=bool)
    member[known] = cow_members(codes[known].astype(np.int64), years[known])
    bad = ~member & (amounts != 0)
    code_text = np.where(known, "COW " + pd.Series(codes).fillna(0).astype(np.int64).astype(str), "no code")
    return pd.DataFrame(
        {"label": labels.astype(str).to_numpy()[bad] + " (" + code_text[bad] + ")", "year": years[bad]}
    )


def _aid_tables() -> pd.DataFrame:
    """COW state-year aid (constant FY2022 US$), with the recipients that did not convert in ``attrs``."""
    aid = _tables.read("us_foreign_aid")
    aid = aid[aid["transaction_type"] == "Obligations"]
    years = _tables.ints(aid["year"])
    cow = iso3_to_cow(aid["iso3c"], years).to_numpy(dtype=np.float64, na_value=np.nan)
    no_iso = aid["iso3c"].isna().to_numpy()
    cow[no_iso] = name_to_cow(aid["country"][no_iso], years[no_iso]).to_numpy(
        dtype=np.float64, na_value=np.nan
    )
    current = aid["current_amount"].to_numpy(dtype=np.float64)
    constant = aid["constant_amount"].to_numpy(dtype=np.float64)
    # one deflator per fiscal year, and one for the 1976 transition quarter (its price level differs)
    period = years * 10 + aid["transition_quarter"].fillna(0).to_numpy(dtype=np.int64)
    deflator = pd.Series(constant).groupby(period).sum() / pd.Series(current).groupby(period).sum()
    total = pd.DataFrame({"code": cow, "year": years, "us_aid_total": constant})

    book = _tables.read("usaid_greenbook")
    book_years = _tables.ints(book["year"])
    book_period = book_years * 10 + book["transition_quarter"].fillna(0).to_numpy(dtype=np.int64)
    book_cow = name_to_cow(book["country"], book_years).to_numpy(dtype=np.float64, na_value=np.nan)
    amount = book["amount"].to_numpy(dtype=np.float64, na_value=0.0)
    econ = amount * deflator.reindex(book_period).to_numpy()
    economic = pd.DataFrame({"code": book_cow, "year": book_years, "us_aid_econ": econ})

    unjoinable = pd.concat(
        [
            _unjoinable(aid["country"], cow, years, constant),
            _unjoinable(book["country"], book_cow, book_years, amount),
        ],
        ignore_index=True,
    ).drop_duplicates()
    merged: pd.DataFrame = (
        total.dropna(subset=["code"])
        .groupby(["code", "year"], as_index=False)["us_aid_total"]
        .sum()
        .merge(
            economic.dropna(subset=["code"]).groupby(["code", "year"], as_index=False)["us_aid_econ"].sum(),
            on=["code", "year"],
            how="outer",
        )
    )
    merged["code"] = merged["code"].astype(np.int64)
    # a state listed in one file but not the other that year received none of that kind of aid
    merged[["us_aid_total", "us_aid_econ"]] = merged[["us_aid_total", "us_aid_econ"]].fillna(0.0)
    merged.attrs["unjoinable"] = unjoinable
    return merged


def _unjoined_in(table: pd.DataFrame, first: int, last: int) -> list[str]:
    """``"Germany (COW 260) 1946-1954"`` for each recipient whose aid in ``first``-``last`` did not join."""
    rows = table.attrs["unjoinable"]
    rows = rows[(rows["year"] >= first) & (rows["year"] <= last)]
    spans = rows.groupby("label")["year"].agg(["min", "max"])
    return [
        f"{label} {lo}" if lo == hi else f"{label} {lo}-{hi}"
        for label, lo, hi in zip(spans.index, spans["min"], spans["max"], strict=True)
    ]


def add_us_aid(frame: pd.DataFrame) -> pd.DataFrame:
    """Add U.S. foreign assistance received, in constant FY2022 US$.

    Adds ``us_aid_total`` (obligations of economic and military assistance, FY1946–2024) and
    ``us_aid_econ`` (economic assistance, Greenbook, FY1946–2009) — suffixed ``1``/``2`` on dyad-years.
    Inside the years covered, a state that received nothing is 0; the United States itself is missing;
    outside the years, missing. Aid in the frame's years that joins no COW state-year — to regions,
    territories, "World", or to a country before it was a state (Germany 1946–1954, Japan 1946–1951,
    colonies) — is listed by recipient and years in ``attrs["unmatched"]["add_us_aid"]`` and warned about.

    Source: ForeignAssistance.gov country file (USAID & State Dept.) and the USAID Greenbook.
    """
    require(frame, "add_us_aid")
    table = _tables.prepared("us_aid", _aid_tables)
    new: dict[str, object] = {}
    for column, years in (("us_aid_total", AID_YEARS), ("us_aid_econ", ECON_AID_YEARS)):
        part, _ = state_values(
            frame,
            table,
            (column,),
            coverage=years,
            code_map=cow_codes_for(frame),
            fill_inside=0.0,
            check_codes=False,
        )
        new.update(part)
    sides = code_columns(frame)
    for side in sides:  # the donor receives no U.S. aid: missing, not 0 (the USA is 2 in COW and GW)
        is_usa = frame[side].to_numpy() == _USA
        suffix = side[-1] if len(sides) == 2 else ""
        for column in ("us_aid_total", "us_aid_econ"):
            new[column + suffix][is_usa] = np.nan  # type: ignore[index]
    return add_columns(
        frame,
        new,
        step="add_us_aid",
        sources=[*_tables.citations("us_foreign_aid"), *_tables.citations("usaid_greenbook")],
        unmatched=_unjoined_in(table, *frame_years(frame)),
        what="aid recipients (and years) join no COW state-year (regions, territories, not yet states)",
    )
