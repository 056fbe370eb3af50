"""The frame convention: a pandas DataFrame that knows its unit, state system and sources.

Every builder returns a :class:`pandas.DataFrame` whose ``attrs`` say what it is, like peacesciencer's
tibbles:

* ``attrs["unit"]``: ``"state-year"`` or ``"dyad-year"``;
* ``attrs["directed"]``: for dyad-years, whether (A, B) and (B, A) are both rows;
* ``attrs["system"]``: ``"cow"`` (Correlates of War) or ``"gw"`` (Gleditsch–Ward) state codes;
* ``attrs["years"]``: the ``(first, last)`` years the frame was created for;
* ``attrs["sources"]``: citation keys, in the order used, so that :func:`alliancelab.cite` works on it;
* ``attrs["steps"]``: the builder steps applied so far (``create_dyadyears``, ``add_nmc``, ...);
* ``attrs["unmatched"]``: per step, both directions of a mismatch: ``count``/``codes``, the frame's
  codes (or code-years) the source lacks, and ``source_only``, the source's rows (inside the frame's years)
  that match no row of the frame (``{"count": n, "rows": [...]}``).

Each ``add_*`` calls :func:`require` first; its error names the step that is missing.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import numpy as np
import pandas as pd

from alliancelab.errors import UserInputError

__all__ = [
    "DYADIC_UNITS",
    "RepeatedStepWarning",
    "UnmatchedCodesWarning",
    "add_columns",
    "code_columns",
    "derived",
    "describe_rows",
    "frame_years",
    "is_dyadic",
    "report_unmatched",
    "require",
    "restore",
    "shares_safely",
    "sharing_columns",
]

#: The units whose rows are pairs of states: peacesciencer's dyadic ``add_*`` functions (ATOP, contiguity,
#: ``filter_prd``, ...) take both, joining a leader pair's row on its two states and the year.
DYADIC_UNITS = ("dyad-year", "leader-dyad-year")

#: Set by :func:`sharing_columns` while a caller chains steps on frames nobody else sees.
_SHARING: ContextVar[bool] = ContextVar("alliancelab_sharing_columns", default=False)


class UnmatchedCodesWarning(UserWarning):
    """A source has no row for some of the frame's states (or the crosswalk has no code for them)."""


class RepeatedStepWarning(UserWarning):
    """A builder step was applied to a frame that already went through it (its columns are replaced)."""


def require(
    frame: object,
    step: str,
    *,
    unit: str | tuple[str, ...] | None = None,
    columns: Iterable[str] = (),
    hint: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Check that ``frame`` is a builder frame with ``unit`` (or one of several) and ``columns``; name the
    missing step if not.

    ``hint`` maps a required column to the builder step that adds it (``{"cinc1": "add_nmc"}``).
    """
    if isinstance(frame, pd.DataFrame) and "unit" not in frame.attrs:
        raise UserInputError(
            f"{step}: this frame has no builder metadata (unit, system, sources); start the pipeline with "
            "create_stateyears() or create_dyadyears(), or, if a merge or concat dropped them (pandas does "
            "not keep .attrs), re-attach them with alliancelab.data.restore(frame, like=original)"
        )
    if not isinstance(frame, pd.DataFrame):
        raise UserInputError(
            f"{step}: expected a frame from create_stateyears() or create_dyadyears(), got "
            f"{type(frame).__name__}; start the pipeline with one of them"
        )
    have = frame.attrs["unit"]
    units = (unit,) if isinstance(unit, str) else unit
    if units is not None and have not in units:
        start = "create_dyadyears()" if units[0] == "dyad-year" else "create_stateyears()"
        raise UserInputError(
            f"{step}: needs a {' or '.join(units)} frame but got a {have} frame; start with {start}"
        )
    for column in columns:
        if column not in frame.columns:
            missing_step = (hint or {}).get(column)
            then = f"; run {missing_step}() first" if missing_step else ""
            raise UserInputError(f"{step}: the frame has no column {column!r}{then}")
    return frame


def code_columns(frame: pd.DataFrame) -> list[str]:
    """The state-code columns of a frame: ``["ccode"]``/``["gwcode"]`` or their ``1``/``2`` versions (on
    dyad-years and leader-dyad-years)."""
    base = "ccode" if frame.attrs.get("system", "cow") == "cow" else "gwcode"
    return [f"{base}1", f"{base}2"] if is_dyadic(frame) else [base]


def is_dyadic(frame: pd.DataFrame) -> bool:
    """Whether the frame's rows are pairs of states (dyad-years, leader-dyad-years): two code columns."""
    return str(frame.attrs.get("unit", "")).endswith("dyad-year")


def frame_years(frame: pd.DataFrame) -> tuple[int, int]:
    """The first and last year present in the frame (``(0, -1)``, an empty range, if it has no rows)."""
    years = frame["year"].dropna().to_numpy()  # rows without a year (an outer merge's) have none to give
    if len(years) == 0:  # a filter that kept nothing: adders give it their (empty) columns, not an error
        return 0, -1
    return int(years.min()), int(years.max())


def derived(frame: pd.DataFrame, step: str, sources: Sequence[str] = ()) -> dict[str, Any]:
    """The attrs of a frame after ``step`` used ``sources`` (the input frame is never modified)."""
    attrs: dict[str, Any] = {
        str(k): (list(v) if isinstance(v, list) else dict(v) if isinstance(v, dict) else v)
        for k, v in frame.attrs.items()
    }
    attrs["sources"] = list(dict.fromkeys([*attrs.get("sources", []), *sources]))
    attrs["steps"] = [*attrs.get("steps", []), step]
    return attrs


def add_columns(
    frame: pd.DataFrame,
    new: Mapping[str, Any],
    *,
    step: str,
    sources: Sequence[str] = (),
    unmatched: Sequence[int | str] | None = None,
    what: str = "state codes have no row in the source; their values are missing (NA)",
    source_only: tuple[int, Sequence[str]] | None = None,
    coverage: tuple[int, int] | None = None,
    frame_rows: tuple[int, Sequence[str]] | None = None,
    **extra_attrs: Any,
) -> pd.DataFrame:
    """A new frame: ``frame``'s columns plus ``new`` (replacing same-named columns).

    ``frame``'s columns are shared, not copied, under pandas' copy-on-write, and copied otherwise, so that
    writing to the result never changes ``frame`` (see :func:`shares_safely`).

    ``unmatched`` codes (states the source never lists) and ``source_only`` rows (source rows the frame
    lacks) are recorded under ``attrs["unmatched"][step]`` and warned about if any. With ``coverage``
    (the source's years), the frame's rows inside it that got no value at all from the step are counted
    too (``frame_rows``: per state its years, e.g. Ukraine's UN years before its NMC series begins);
    a join that has already counted them passes ``frame_rows`` itself (see ``_join.join_states``).
    Applying a step the frame already went through warns (:class:`RepeatedStepWarning`) and replaces
    its columns.
    """
    warn_if_repeated(frame, step)
    # one block per column, none copied: pandas' own ways of adding columns (``df[c] = v``, ``concat``,
    # ``assign``) copy either the new arrays or every existing column (``docs/benchmarks.md``)
    bare = frame.copy(deep=False)  # a view without attrs, so that taking its columns copies no attrs
    bare.attrs = {}
    share = shares_safely()
    # a replaced column keeps its place (a step applied twice leaves the frame as after the first time)
    columns: dict[Any, Any] = {
        c: new[c] if c in new else bare[c] if share else bare[c].copy() for c in frame.columns
    }
    columns.update(new)
    out = pd.DataFrame(columns, index=frame.index, copy=False)
    attrs = derived(frame, step, sources)
    attrs.update(extra_attrs)
    out.attrs.clear()
    out.attrs.update(attrs)
    if unmatched is not None or source_only is not None or coverage is not None:
        empty = frame_rows
        if empty is None and coverage is not None:
            empty = _rows_without_data(out, list(new), coverage)
        report_unmatched(attrs, step, unmatched or (), what, source_only=source_only, frame_rows=empty)
        out.attrs.update(attrs)
    return out


def shares_safely() -> bool:
    """Whether a new frame may share the input's column arrays: only under pandas' copy-on-write.

    Without it (pandas 2 by default) a shared array is written through: ``out["cinc1"] *= 2`` or
    ``out.loc[i, "ccode1"] = 2`` on the result would also change the frame it was made from. Copy-on-write
    (pandas 3, or ``pd.options.mode.copy_on_write = True`` on pandas 2) copies a shared column on its first
    write instead, so sharing costs nothing and changes nothing. Inside :func:`sharing_columns` (a
    pipeline whose intermediate frames nobody else holds) sharing is safe too.
    """
    if _SHARING.get() or int(pd.__version__.split(".", 1)[0]) >= 3:
        return True
    return pd.options.mode.copy_on_write is True


@contextmanager
def sharing_columns() -> Iterator[None]:
    """Let each step share its input's columns: for a caller (``pipeline.build``) whose intermediate frames
    are dropped as soon as the next step has run, so nothing can write to them through the result."""
    token = _SHARING.set(True)
    try:
        yield
    finally:
        _SHARING.reset(token)


def warn_if_repeated(frame: pd.DataFrame, step: str) -> None:
    """Warn when ``frame`` already went through ``step`` (the second application replaces the first)."""
    if step in frame.attrs.get("steps", []):
        warnings.warn(
            f"{step}: this frame already went through {step}(); its columns are replaced, not added twice",
            RepeatedStepWarning,
            stacklevel=4,
        )


def report_unmatched(
    attrs: dict[str, Any],
    step: str,
    codes: Iterable[int | str],
    what: str,
    *,
    source_only: tuple[int, Sequence[str]] | None = None,
    frame_rows: tuple[int, Sequence[str]] | None = None,
) -> None:
    """Record in ``attrs["unmatched"][step]`` both directions of a mismatch, and warn if there are any.

    ``codes``: the frame's codes the source lacks (their rows stay, with missing values). ``source_only``:
    the source's rows, inside the frame's years, that no frame row matches (their values are left out of
    the frame): their number and a description per code, such as ``"369 1946-1990"``. Nothing is
    dropped silently.
    """
    found = sorted({c.item() if isinstance(c, np.generic) else c for c in codes}, key=str)
    unmatched = dict(attrs.get("unmatched", {}))
    entry: dict[str, Any] = {"count": len(found), "codes": found[:50]}
    n_extra, spans = source_only if source_only is not None else (0, [])
    extra = sorted(set(spans))
    entry["source_only"] = {"count": n_extra, "rows": extra[:50]}
    if frame_rows is not None:
        entry["frame_rows"] = {"count": frame_rows[0], "rows": list(frame_rows[1])[:50]}
    unmatched[step] = entry
    attrs["unmatched"] = unmatched
    if extra:
        shown = ", ".join(extra[:8]) + (" ..." if len(extra) > 8 else "")
        warnings.warn(
            f"{step}: {n_extra} source rows match no row of the frame (left out): {shown}; "
            f"see frame.attrs['unmatched'][{step!r}]['source_only']",
            UnmatchedCodesWarning,
            stacklevel=4,
        )
    if found:
        shown = ", ".join(str(c) for c in found[:8]) + (" ..." if len(found) > 8 else "")
        warnings.warn(
            f"{step}: {len(found)} {what}: {shown}; see frame.attrs['unmatched'][{step!r}]",
            UnmatchedCodesWarning,
            stacklevel=4,
        )


def restore(frame: pd.DataFrame, like: pd.DataFrame | Sequence[pd.DataFrame]) -> pd.DataFrame:
    """``frame`` with the builder metadata of ``like`` re-attached (after a merge or concat dropped them).

    ``like`` is the frame ``frame`` came from, or several (a merge of two builder frames): the first one
    gives the unit, system and years; the sources, steps and unmatched reports of all are combined. The
    step ``restore`` is recorded. ``frame`` itself is not modified.

    >>> import pandas as pd
    >>> original = pd.DataFrame({"ccode": [2], "year": [1990]})
    >>> original.attrs = {"unit": "state-year", "system": "cow", "sources": ["cow2017states"], "steps": []}
    >>> merged = original.merge(pd.DataFrame({"ccode": [2], "x": [1.0]}))
    >>> merged.attrs, restore(merged, like=original).attrs["sources"]
    ({}, ['cow2017states'])
    """
    likes = [like] if isinstance(like, pd.DataFrame) else list(like)
    if not likes or any(not isinstance(f, pd.DataFrame) or "unit" not in f.attrs for f in likes):
        raise UserInputError("restore: like= must be the builder frame(s) the data came from (with metadata)")
    attrs = derived(likes[0], "restore")
    for other in likes[1:]:
        attrs["sources"] = list(dict.fromkeys([*attrs["sources"], *other.attrs.get("sources", [])]))
        attrs["steps"] = list(dict.fromkeys([*attrs["steps"][:-1], *other.attrs.get("steps", []), "restore"]))
        attrs["unmatched"] = {**other.attrs.get("unmatched", {}), **attrs.get("unmatched", {})}
    out = frame.copy(deep=not shares_safely())  # like add_columns: never written through to ``frame``
    out.attrs.clear()
    out.attrs.update(attrs)
    return out


def _rows_without_data(
    frame: pd.DataFrame, columns: Sequence[str], coverage: tuple[int, int]
) -> tuple[int, list[str]]:
    """Rows inside ``coverage`` where every one of ``columns`` is missing: how many, and per unit its years
    (see :func:`describe_rows`)."""
    years = frame["year"].to_numpy()
    empty = (years >= coverage[0]) & (years <= coverage[1])
    for column in columns:  # one boolean pass per column; usually none survives the first
        if not empty.any():
            return 0, []
        empty &= frame[column].isna().to_numpy()
    return describe_rows(frame, empty)


def describe_rows(frame: pd.DataFrame, rows: np.ndarray) -> tuple[int, list[str]]:
    """How many of ``frame``'s rows the mask ``rows`` selects, and per unit its years.

    The unit is the state (``"369 1950-1990"``) or, on dyad-years, the first state of the dyad with the
    number of its rows (``"369: 120 dyad-years 1950-1990"``); only the first 50 units are described.
    """
    n = int(np.count_nonzero(rows))
    if n == 0:
        return 0, []
    side = code_columns(frame)[0]
    hit = pd.DataFrame({"code": frame[side].to_numpy()[rows], "year": frame["year"].to_numpy()[rows]})
    # rows without a state code (a mission hosted by no COW state) are described as "no code"
    spans = hit.groupby("code", dropna=False)["year"].agg(["min", "max", "size"]).head(50)
    dyadic = is_dyadic(frame)
    described = []
    for code, lo, hi, size in zip(spans.index, spans["min"], spans["max"], spans["size"], strict=True):
        years_text = f"{lo}" if lo == hi else f"{lo}-{hi}"
        code = "no code" if pd.isna(code) else code
        described.append(f"{code}: {size} dyad-years {years_text}" if dyadic else f"{code} {years_text}")
    return n, described
