"""UN General Assembly ideal points (Bailey, Strezhnev & Voeten) and the distance between two states.

Source: Voeten's July 2025 release of UNGA ideal points, estimated with the method of Bailey, Strezhnev &
Voeten (2017) (``bailey2017estimating``, ``voeten2025idealpoints``; votes from ``fjelstul2025decision``).
Calendar years 1946–2024. Ideal points place states on one dimension of "Western-led liberal order" versus
its critics; the distance between a patron and a client is the preference gap that side payments buy over.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from alliancelab.data.builders import _tables
from alliancelab.data.builders._frame import add_columns, is_dyadic, require
from alliancelab.data.builders._join import cow_codes_for, source_only_states, state_values

__all__ = ["IDEAL_POINT_YEARS", "add_ideal_points"]

IDEAL_POINT_YEARS = (1946, 2024)
_COLUMNS = ("idealpointfp", "idealpointall", "nvotesfp")


def add_ideal_points(frame: pd.DataFrame) -> pd.DataFrame:
    """Add UNGA ideal points.

    Adds ``idealpointfp`` (ideal point from final-passage votes), ``idealpointall`` (from all votes,
    including amendments and paragraphs) and ``nvotesfp`` (votes used) — suffixed ``1``/``2`` on dyad-years,
    where ``idealpointdist`` = |idealpointfp1 − idealpointfp2| is added too. Missing outside 1946–2024 and in
    years a state did not vote.

    Source: Voeten (2025) UNGA ideal points, method of Bailey, Strezhnev & Voeten (2017).
    """
    require(frame, "add_ideal_points")
    new, unmatched = state_values(
        frame,
        _tables.prepared("ideal_points"),
        _COLUMNS,
        coverage=IDEAL_POINT_YEARS,
        code_map=cow_codes_for(frame),
    )
    if is_dyadic(frame):
        new["idealpointdist"] = np.abs(new["idealpointfp1"] - new["idealpointfp2"])
    return add_columns(
        frame,
        new,
        step="add_ideal_points",
        coverage=IDEAL_POINT_YEARS,
        sources=_tables.citations("ideal_points"),
        unmatched=unmatched,
        source_only=source_only_states(
            frame,
            _tables.prepared("ideal_points")["code"],
            _tables.prepared("ideal_points")["year"],
            code_map=cow_codes_for(frame),
        ),
    )
