"""The spell counter against a direct transcription of ``stevemisc::ps_spells()`` on random panels."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from alliancelab.data.builders.spells import spell_counter


def _ps_spells(units: list[int], events: list[int], *, ongoing: bool) -> list[float]:
    """ps_spells row by row: a unit's spell counts rows since its last failure; ongoing runs are NA."""
    out: list[float] = []
    for i, (unit, event) in enumerate(zip(units, events, strict=True)):
        first_of_unit = i == 0 or units[i - 1] != unit
        continuing = ongoing and event == 1 and not first_of_unit and events[i - 1] == 1
        if continuing:
            out.append(np.nan)
            continue
        # the previous counted row of the same unit: did it end a spell (a failure)?
        j = i - 1
        while j >= 0 and units[j] == unit and np.isnan(out[j]):
            j -= 1
        if j < 0 or units[j] != unit or events[j] == 1:
            out.append(0.0)
        else:
            out.append(out[j] + 1)
    return out


panels = st.lists(
    st.tuples(st.integers(1, 6), st.lists(st.integers(0, 1), min_size=1, max_size=12)), max_size=8
)


@given(panels, st.booleans())
def test_spell_counter_equals_ps_spells(panel: list[tuple[int, list[int]]], ongoing: bool) -> None:
    units = [u for unit, (_, events) in enumerate(panel) for u in [unit] * len(events)]
    events = [e for _, seq in panel for e in seq]
    got = spell_counter(np.array(units, dtype=np.int64), np.array(events, dtype=np.int64), ongoing=ongoing)
    expected = _ps_spells(units, events, ongoing=ongoing)
    assert np.allclose(got, expected, equal_nan=True)
