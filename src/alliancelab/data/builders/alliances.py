"""Alliance obligations from ATOP: who pledges what to whom.

Source: Alliance Treaty Obligations and Provisions (ATOP) v5.1, directed dyad-year file, as packaged by
peacesciencer (``leeds2002atop``, ``miller2022peacesciencer``). ATOP is directed: on the row (A, B),
``atop_defense = 1`` means **A has promised to defend B** — the asymmetry the theory of patron–client
alliances is about (the United States pledges to defend Pakistan from 1954; the reverse row says whether
Pakistan pledged to defend the United States). The COW Formal Alliances data are deliberately not
supported: their maintainer asks software not to facilitate their use.
"""

from __future__ import annotations

import pandas as pd

from alliancelab.data.builders import _tables
from alliancelab.data.builders._frame import DYADIC_UNITS, add_columns, require
from alliancelab.data.builders._join import cow_codes_for, join_dyads

__all__ = ["ATOP_COLUMNS", "ATOP_YEARS", "add_atop_alliance"]

ATOP_COLUMNS = ("atop_alliance", "atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul")
#: Years covered by the ATOP v5.1 dyad-year file.
ATOP_YEARS = (1815, 2018)


def add_atop_alliance(frame: pd.DataFrame) -> pd.DataFrame:
    """Add ATOP v5.1 alliance obligations to a dyad-year (or leader-dyad-year) frame.

    Adds ``atop_alliance``, ``atop_defense``, ``atop_offense``, ``atop_neutral``, ``atop_nonagg``,
    ``atop_consul`` (nullable Int8, 0/1). ``atop_alliance`` is peacesciencer's any-alliance indicator: 1
    for every dyad-year the ATOP file lists, which includes 37 dyad-years (1815-2018) where none of the
    five obligations is coded. On a directed frame the row (A, B) is 1 if **A is obligated to B**
    (defend B, join B's offensive, stay neutral, not attack B, consult B). On a non-directed frame it is
    1 if either state has the obligation toward the other. Inside ATOP's years (1815–2018) a dyad
    absent from ATOP is 0 (no alliance); outside them every value is missing. A leader-dyad-year gets the
    values of its two states' dyad-year, as in peacesciencer (which joins on ``ccode1``, ``ccode2``,
    ``year``): the Gleditsch–Ward codes of the leaders' states are converted to COW codes year by year.

    Source: ATOP v5.1 (Leeds et al. 2002), via peacesciencer (Miller 2022).
    """
    require(frame, "add_atop_alliance", unit=DYADIC_UNITS)
    joined = join_dyads(
        frame,
        _tables.prepared("atop"),
        ATOP_COLUMNS,
        code_map=cow_codes_for(frame),
        coverage=ATOP_YEARS,
        fill_inside=0,
        either_direction=not frame.attrs.get("directed", True),
    )
    return add_columns(
        frame,
        joined.columns,
        step="add_atop_alliance",
        sources=_tables.citations("atop_alliance"),
        source_only=joined.source_only,
    )
