"""Patron and client: which dyads are asymmetric, and who is the stronger side.

The theory of asymmetric alliances (Morrow's security–autonomy trade-off, ``morrow1991alliances``) is
about pairs in which one state is much stronger. A dyad-year is **asymmetric**
if

* one state is a COW major power and the other is not (``by="majors"``), or
* the stronger state's CINC is at least ``ratio`` times the weaker's (``by="capability"``),

or either of the two (``by="either"``, the default). The **patron** is the major power in a major–minor
pair, else the state with the larger CINC; the other is the **client**. ``keep="patron_client"`` keeps
only the rows oriented patron → client (side 1 is the patron), which is the unit for questions like "what
did the patron pledge to the client?".
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from alliancelab._validate import check_choice, check_range
from alliancelab.data.builders._frame import DYADIC_UNITS, add_columns, code_columns, require
from alliancelab.errors import UserInputError

__all__ = ["add_patron_client"]

_NEEDS = {"majors": ("cowmaj1", "cowmaj2"), "capability": ("cinc1", "cinc2")}
_STEP_FOR = {"cowmaj1": "add_cow_majors", "cowmaj2": "add_cow_majors", "cinc1": "add_nmc", "cinc2": "add_nmc"}


def add_patron_client(
    frame: pd.DataFrame,
    *,
    ratio: float = 10.0,
    by: Literal["either", "majors", "capability"] = "either",
    keep: Literal["all", "patron_client"] = "all",
) -> pd.DataFrame:
    """Mark asymmetric dyad-years and orient them patron → client.

    Needs ``cowmaj1``/``cowmaj2`` (:func:`add_cow_majors`) for ``by="majors"``, ``cinc1``/``cinc2``
    (:func:`add_nmc`) for ``by="capability"``, both for ``by="either"``. Adds ``cinc_ratio`` (larger CINC
    over smaller; missing if either is missing or zero), ``asymmetric`` (Int8: 1 if asymmetric, 0 if not,
    missing if it cannot be told), ``patron`` and ``client`` (state codes; missing unless asymmetric) and
    ``patron_client`` (Int8: 1 if side 1 is the patron of an asymmetric dyad, else 0). A dyad is 0 only
    if every rule used could be applied and none found it asymmetric; if one rule finds it asymmetric it is
    1, and otherwise (a CINC or a major-power status is missing) ``asymmetric`` is missing. With
    ``keep="patron_client"`` (directed frames only) only those rows are kept. Leader-dyad-years work as
    dyad-years (``patron`` and ``client`` are then the Gleditsch–Ward codes of the frame).

    Source: derived from COW major powers and NMC; the concept is Morrow (1991).
    """
    require(frame, "add_patron_client", unit=DYADIC_UNITS)
    check_choice("by", by, ["either", "majors", "capability"], where="add_patron_client")
    check_choice("keep", keep, ["all", "patron_client"], where="add_patron_client")
    check_range("ratio", ratio, 1.0, np.inf, lo_open=True, where="add_patron_client")
    needed = [*_NEEDS["majors"], *_NEEDS["capability"]] if by == "either" else list(_NEEDS[by])
    require(frame, "add_patron_client", columns=needed, hint=_STEP_FOR)
    if keep == "patron_client" and not frame.attrs.get("directed", True):
        raise UserInputError(
            "add_patron_client: keep='patron_client' needs a directed frame; "
            "use create_dyadyears(directed=True)"
        )
    side1, side2 = (frame[c].to_numpy() for c in code_columns(frame))
    unknown = np.zeros(len(frame), dtype=bool)
    asym = np.zeros(len(frame), dtype=bool)
    one_is_patron = np.zeros(len(frame), dtype=bool)
    ratio_values = np.full(len(frame), np.nan)
    if by in ("capability", "either"):
        c1 = frame["cinc1"].to_numpy(dtype=np.float64, na_value=np.nan)
        c2 = frame["cinc2"].to_numpy(dtype=np.float64, na_value=np.nan)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio_values = np.maximum(c1, c2) / np.minimum(c1, c2)
        ratio_values[~np.isfinite(ratio_values)] = np.nan
        cap_known = ~np.isnan(ratio_values)
        cap_asym = cap_known & (ratio_values >= ratio)
        asym |= cap_asym
        one_is_patron |= cap_asym & (c1 > c2)
        unknown |= ~cap_known
    if by in ("majors", "either"):
        m1 = frame["cowmaj1"].to_numpy(dtype=np.float64, na_value=np.nan)
        m2 = frame["cowmaj2"].to_numpy(dtype=np.float64, na_value=np.nan)
        maj_known = ~np.isnan(m1) & ~np.isnan(m2)
        maj_asym = maj_known & (m1 != m2)
        one_is_patron = np.where(maj_asym, m1 == 1, one_is_patron)  # the major power is the patron
        asym |= maj_asym
        unknown |= ~maj_known
    # asymmetric by one rule is enough; "not asymmetric" needs every rule known (a missing CINC is not 0)
    unknown &= ~asym
    patron = np.where(one_is_patron, side1, side2)
    client = np.where(one_is_patron, side2, side1)
    new = {
        "cinc_ratio": ratio_values,
        "asymmetric": pd.arrays.IntegerArray(asym.astype(np.int8), unknown.copy()),
        "patron": pd.arrays.IntegerArray(patron.astype(np.int32), ~asym),
        "client": pd.arrays.IntegerArray(client.astype(np.int32), ~asym),
        "patron_client": pd.arrays.IntegerArray((asym & one_is_patron).astype(np.int8), unknown.copy()),
    }
    out = add_columns(frame, new, step="add_patron_client", patron_client={"ratio": ratio, "by": by})
    if keep == "patron_client":
        attrs = out.attrs
        out = out[(asym & one_is_patron)].reset_index(drop=True)
        out.attrs = attrs
    return out
