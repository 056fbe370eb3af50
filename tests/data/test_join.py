"""The integer-key joins against a plain pandas reference, on small random frames (no data files needed).

``join_dyads`` and ``join_states`` replace merges with grids, sorted keys and binary search, and take
shortcuts for sorted builder frames (runs of side-1 state-years, presence by search). These tests draw
frames that are sorted or shuffled, with or without repeated rows, and sources with missing values, and
check every value and both directions of the mismatch report against a row-by-row reference.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from alliancelab.data.builders._join import join_dyads, join_states

CODES = [2, 20, 255, 365, 710]  # few states and years: frames and sources overlap often
YEARS = (1990, 1993)


def _frame(rows: list[tuple[int, int, int]], *, dyadic: bool) -> pd.DataFrame:
    columns = ["ccode1", "ccode2", "year"] if dyadic else ["ccode", "year"]
    data = [(a, b, y) for a, b, y in rows] if dyadic else [(a, y) for a, _, y in rows]
    frame = pd.DataFrame(data, columns=columns).astype("int32")
    frame.attrs = {"unit": "dyad-year" if dyadic else "state-year", "system": "cow", "directed": True}
    return frame


@st.composite
def dyad_frames(draw: Any, dyadic: bool = True) -> pd.DataFrame:
    every = [(a, b, y) for y in range(YEARS[0], YEARS[1] + 1) for a in CODES for b in CODES if a != b]
    if not dyadic:
        every = [(a, a, y) for y in range(YEARS[0], YEARS[1] + 1) for a in CODES]
    chosen = draw(st.lists(st.booleans(), min_size=len(every), max_size=len(every)))
    kept = [row for row, keep in zip(every, chosen, strict=True) if keep] or every[:1]
    if draw(st.booleans()):  # repeated rows, in another order
        kept = kept + draw(st.lists(st.sampled_from(kept), max_size=10))
        kept = draw(st.permutations(kept))
    elif draw(st.booleans()):  # a builder frame: sorted, one row per key
        kept = sorted(set(kept), key=lambda r: (r[2], r[0], r[1]))
    return _frame(kept, dyadic=dyadic)


@st.composite
def dyad_sources(draw: Any) -> pd.DataFrame:
    codes = [*CODES, 999]  # 999: a state no frame has
    every = [(a, b, y) for a in codes for b in codes for y in range(1989, 1995) if a != b]
    chosen = draw(st.lists(st.booleans(), min_size=len(every), max_size=len(every)))
    keys = [key for key, keep in zip(every, chosen, strict=True) if keep]
    if draw(st.booleans()):  # both directions listed, with their own values: either_direction takes the max
        keys = list(dict.fromkeys([*keys, *((b, a, y) for a, b, y in keys)]))
    n = len(keys)
    value = draw(st.lists(st.one_of(st.none(), st.integers(0, 3)), min_size=n, max_size=n))
    share = draw(st.lists(st.one_of(st.none(), st.floats(0, 1)), min_size=n, max_size=n))
    return pd.DataFrame(
        {
            "code1": [k[0] for k in keys],
            "code2": [k[1] for k in keys],
            "year": [k[2] for k in keys],
            "kind": pd.array(value, dtype="Int8"),
            "share": pd.array(share, dtype="Float64").to_numpy(dtype=float, na_value=np.nan),
        }
    )


def _reference_dyads(
    frame: pd.DataFrame, source: pd.DataFrame, coverage: tuple[int, int], fill: float | None, either: bool
) -> dict[str, list[object]]:
    lookup = {
        (int(a), int(b), int(y)): i for i, (a, b, y) in enumerate(source[["code1", "code2", "year"]].values)
    }
    out: dict[str, list[object]] = {"kind": [], "share": []}
    for a, b, y in frame[["ccode1", "ccode2", "year"]].itertuples(index=False):
        hits = [lookup[k] for k in ((a, b, y), (b, a, y)) if k in lookup][: 2 if either else 1]
        if not either:
            hits = [lookup[(a, b, y)]] if (a, b, y) in lookup else []
        for column in out:
            values = [source[column].iloc[i] for i in hits]
            present = [v for v in values if not pd.isna(v)]
            if not coverage[0] <= y <= coverage[1]:
                out[column].append(None)
            elif hits:
                out[column].append(max(present) if present else None)
            else:
                out[column].append(fill)
    return out


def _same(got: Any, expected: list[object]) -> bool:
    series = pd.Series(got, dtype=object)
    return all(
        (pd.isna(g) and e is None) or (e is not None and not pd.isna(g) and float(g) == float(e))  # type: ignore[arg-type]
        for g, e in zip(series, expected, strict=True)
    )


@given(frame=dyad_frames(), source=dyad_sources(), either=st.booleans(), fill=st.sampled_from([0, None]))
def test_join_dyads_matches_a_row_by_row_reference(
    frame: pd.DataFrame, source: pd.DataFrame, either: bool, fill: float | None
) -> None:
    coverage = (1991, 1993)
    joined = join_dyads(
        frame, source, ["kind", "share"], coverage=coverage, fill_inside=fill, either_direction=either
    )
    expected = _reference_dyads(frame, source, coverage, fill, either)
    assert joined.columns["kind"].dtype == "Int8" and joined.columns["share"].dtype == np.float64
    for column in ("kind", "share"):
        assert _same(joined.columns[column], expected[column]), column
    # source rows no frame row matches, where the frame has both states that year, each on its side
    keys = set(frame[["ccode1", "ccode2", "year"]].itertuples(index=False, name=None))
    first = set(frame[["ccode1", "year"]].itertuples(index=False, name=None))
    second = set(frame[["ccode2", "year"]].itertuples(index=False, name=None))
    lo, hi = int(frame["year"].min()), int(frame["year"].max())
    lost = [
        (a, b, y)
        for a, b, y in source[["code1", "code2", "year"]].itertuples(index=False, name=None)
        if lo <= y <= hi
        and (a, b, y) not in keys
        and not (either and (b, a, y) in keys)
        and (((a, y) in first and (b, y) in second) or (either and (b, y) in first and (a, y) in second))
    ]
    assert joined.source_only[0] == len(lost)


@st.composite
def state_sources(draw: Any) -> pd.DataFrame:
    keys = draw(
        st.lists(
            st.tuples(st.sampled_from([*CODES[:-1], 999]), st.integers(1989, 1994)), unique=True, max_size=30
        )
    )
    values = draw(st.lists(st.one_of(st.none(), st.floats(-5, 5)), min_size=len(keys), max_size=len(keys)))
    return pd.DataFrame(
        {
            "code": [k[0] for k in keys],
            "year": [k[1] for k in keys],
            "x": np.array([np.nan if v is None else v for v in values], dtype=float),
        }
    )


def _shift(codes: np.ndarray, years: np.ndarray) -> np.ndarray:
    """A code map: 255 is 260 in the source's system; 710 has no code there."""
    out = np.where(codes == 255, 260, codes).astype(float)
    return np.where(codes == 710, np.nan, out)


@given(
    frame=st.one_of(dyad_frames(), dyad_frames(dyadic=False)),
    source=state_sources(),
    fill=st.sampled_from([None, 0.0]),
    check_codes=st.booleans(),
    mapped=st.booleans(),
)
def test_join_states_matches_a_cell_by_cell_reference(
    frame: pd.DataFrame, source: pd.DataFrame, fill: float | None, check_codes: bool, mapped: bool
) -> None:
    coverage = (1991, 1993)
    code_map = _shift if mapped else None
    if mapped:  # the source speaks the mapped system: 260 rather than 255
        source = source.assign(code=source["code"].replace({255: 260}))
    joined = join_states(
        frame, source, ["x"], coverage=coverage, code_map=code_map, fill_inside=fill, check_codes=check_codes
    )
    values = {(int(c), int(y)): v for c, y, v in source[["code", "year", "x"]].itertuples(index=False)}
    known = set(source["code"].astype(int))
    sides = ["ccode1", "ccode2"] if frame.attrs["unit"] == "dyad-year" else ["ccode"]
    never: set[int] = set()
    cells: set[tuple[int, int]] = set()
    for side in sides:
        expected = []
        for code, year in frame[[side, "year"]].itertuples(index=False):
            target = code_map(np.array([code]), np.array([year]))[0] if code_map else code
            inside = coverage[0] <= year <= coverage[1]
            if not np.isnan(target):
                cells.add((int(target), int(year)))
            if not inside:
                expected.append(None)
            elif check_codes and (np.isnan(target) or int(target) not in known):
                never.add(int(code))
                expected.append(None)
            elif not np.isnan(target) and (int(target), int(year)) in values:
                value = values[(int(target), int(year))]
                expected.append(None if np.isnan(value) else value)
            else:
                expected.append(fill)
        name = "x" + (side[-1] if len(sides) == 2 else "")
        assert _same(joined.columns[name], expected), name
    assert joined.unmatched == sorted(never)
    lo, hi = int(frame["year"].min()), int(frame["year"].max())
    lost = [k for k in values if lo <= k[1] <= hi and k not in cells]
    assert joined.source_only[0] == len(lost)


def test_long_runs_of_side_one_state_years_are_spread_like_a_plain_gather() -> None:
    """A sorted frame of (nearly) every pair of 30 states repeats each side-1 state-year about 25 times:
    the join then repeats one value per run. It must give what the same rows give in another order."""
    codes = list(range(2, 62, 2))
    rows = [(a, b, y) for y in (1990, 1991, 1992) for a in codes for b in codes if a != b]
    rows = [row for i, row in enumerate(rows) if i % 7]  # runs of unequal length
    frame = _frame(rows, dyadic=True)
    shuffled = _frame([rows[i] for i in np.random.default_rng(3).permutation(len(rows))], dyadic=True)
    source = pd.DataFrame(
        {"code": [c for c in codes for _ in range(3)], "year": [1990, 1991, 1992] * len(codes)}
    ).assign(x=lambda d: d["code"] * 10_000.0 + d["year"])
    for each in (frame, shuffled):
        joined = join_states(each, source, ["x"], coverage=(1990, 1992))
        for side in ("1", "2"):
            expected = each[f"ccode{side}"] * 10_000.0 + each["year"]
            assert np.array_equal(joined.columns[f"x{side}"], expected.to_numpy())
