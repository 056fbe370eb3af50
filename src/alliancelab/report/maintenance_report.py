"""One or many dyads' paths through time as pandas frames, with the provenance of the run.

:func:`simulate` runs :func:`alliancelab.theory.maintenance.simulate_paths` (numpy arrays) and tabulates
them: :func:`path_frame` (one row per dyad-year) and :func:`events_frame` (one row per event, with its
details in words), and :func:`path_summary`, the summary `alliancelab maintain` prints. The same three names
as every model's report module: :func:`frame` (the path of a run, one row per dyad-year), :func:`sweep` (one
row per value of a parameter: how much of the time the client spends with each patron, how often alliances
end) and :func:`explain` (one dyad's path in words). The frames moved here from
``theory/maintenance/paths.py``: theory is numpy only.
"""

from __future__ import annotations

import itertools
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from alliancelab._results import result_dict
from alliancelab._types import IntArray
from alliancelab.provenance import run_record, spawn_seeds
from alliancelab.report._grid import grid_values, with_values
from alliancelab.theory.maintenance.kernel import PathArrays
from alliancelab.theory.maintenance.paths import simulate_paths
from alliancelab.theory.maintenance.review import (
    ALIGNMENT_LABELS,
    CITATION_KEYS,
    FORM,
    OUTCOME_LABELS,
    REALIGN,
    REBARGAIN,
    TERMINATE,
    MaintenanceParams,
)

__all__ = [
    "MaintenanceRun",
    "events_frame",
    "explain",
    "frame",
    "path_frame",
    "path_summary",
    "simulate",
    "sweep",
]

_CONTRACT_EVENTS = ("form", "renegotiate_up", "renegotiate_down", "terminate", "realign", "rebargain")


@dataclass(frozen=True)
class MaintenanceRun:
    """A simulated run: the path (one row per dyad-year), the events table and the run record.

    Both frames carry ``attrs["run_record"]`` (seed entropy, parameters, versions) and ``attrs["sources"]``
    (citation keys for :func:`alliancelab.cite`).
    """

    path: pd.DataFrame
    events: pd.DataFrame
    record: dict[str, Any]
    arrays: PathArrays
    citation_keys: tuple[str, ...] = CITATION_KEYS

    def to_frame(self) -> pd.DataFrame:
        """The path: one row per dyad-year (``attrs`` hold the run record and the sources)."""
        return self.path

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``{"model", "citation_keys", "values"}``: the path and events as records, the run."""
        values = {
            "path": self.path.to_dict("list"),
            "events": self.events.to_dict("list"),
            "run_record": self.record,
        }
        return result_dict("maintenance", self.citation_keys, values)


def simulate(params: MaintenanceParams, years: int, *, rng: Any = None, dyads: int = 1) -> MaintenanceRun:
    """Simulate ``dyads`` independent copies of the dyad for ``years`` years (year 0 is formation).

    Seed 001: "the trade-off theory predicts that interest divergence between recipient and donor, as well
    as the availability of alternative donors, affect the flow of aid and the likelihood of alliance
    termination or realignment." :func:`~alliancelab.theory.maintenance.simulate_paths` draws every shock
    from ``rng`` first; both frames carry the run record and the citation keys.
    """
    arrays, record = simulate_paths(params, years, rng=rng, dyads=dyads)
    path, events = path_frame(arrays), events_frame(arrays)
    for table in (path, events):
        table.attrs["run_record"] = record
        table.attrs["sources"] = list(CITATION_KEYS)
    return MaintenanceRun(path, events, record, arrays)


def path_frame(arrays: PathArrays) -> pd.DataFrame:
    """Long frame, one row per dyad-year: alignment, payment, concessions, divergence, review, events.

    Built from whole arrays: the labels and each row's ``events`` string are looked up in small tables.
    """
    years, n = arrays.alignment.shape
    on_r = arrays.alignment == 2
    event_code = (arrays.outcome.astype(np.intp) * 2 + arrays.leader_change) * 2 + arrays.regime_change
    return pd.DataFrame(
        {
            "dyad": np.tile(np.arange(n, dtype=np.int64), years),
            "year": np.repeat(np.arange(years, dtype=np.int64), n),
            "alignment": _ALIGNMENT_TEXT[arrays.alignment.ravel()],
            "payment": arrays.payment.flatten(),
            "concessions": arrays.package.flatten(),
            "divergence": np.where(on_r, arrays.divergence_R, arrays.divergence_H).ravel(),
            "divergence_H": arrays.divergence_H.flatten(),
            "divergence_R": arrays.divergence_R.flatten(),
            "theta": arrays.theta.flatten(),
            "threat": arrays.threat.flatten(),
            "phi": arrays.phi.flatten(),
            "W": arrays.W.flatten(),
            "S": arrays.S.flatten(),
            "hazard": arrays.hazard.flatten(),
            "mu": arrays.mu.flatten(),
            "review": _OUTCOME_TEXT[arrays.outcome.ravel()],
            "leader_change": arrays.leader_change.flatten(),
            "regime_change": arrays.regime_change.flatten(),
            "events": _EVENT_TEXT[event_code.ravel()],
        },
        copy=False,  # every column is a fresh array; consolidating them into blocks would copy it again
    )


def _event_table() -> npt.NDArray[np.object_]:
    """Every ``events`` string, indexed by ``(outcome*2 + leader_change)*2 + regime_change``."""
    table = []
    for label in OUTCOME_LABELS:
        for leader in (False, True):
            for regime in (False, True):
                contract = label if label in _CONTRACT_EVENTS else ""
                parts = ("regime_change" if regime else "", "leader_change" if leader else "", contract)
                table.append(";".join(p for p in parts if p))
    return np.asarray(table, dtype=object)


_ALIGNMENT_TEXT = np.asarray(ALIGNMENT_LABELS, dtype=object)
_OUTCOME_TEXT = np.asarray(OUTCOME_LABELS, dtype=object)
_EVENT_TEXT = _event_table()
_CONTRACT_CODES = tuple(OUTCOME_LABELS.index(label) for label in _CONTRACT_EVENTS)
_EVENT_KINDS = np.asarray(
    ["regime_change", "leader_change", *(OUTCOME_LABELS[c] for c in _CONTRACT_CODES)], dtype=object
)


def _fixed(values: npt.ArrayLike, digits: int) -> pa.Array:
    """``f"{v:.{digits}f}"`` of every value (``digits >= 1``), formatting each distinct rounded value once.

    Python rounds the exact binary value half to even. ``rint(|v|*10^digits)`` is that rounding unless the
    float product lies within its rounding error of a half-integer, is not finite or is too large for exact
    integers; those rare values are formatted one by one.
    """
    v = np.asarray(values, dtype=float).ravel()
    scale = 10**digits
    with np.errstate(invalid="ignore", over="ignore"):
        magnitude = np.abs(v) * scale
        exact = np.isfinite(magnitude) & (magnitude < 2.0**52)
        magnitude = np.where(exact, magnitude, 0.0)
        exact &= np.abs(magnitude - np.floor(magnitude) - 0.5) > 1e-12 * np.maximum(magnitude, 1.0)
    units = np.rint(magnitude).astype(np.int64)
    signed = np.where(np.signbit(v), -units - 1, units)  # -1 - units keeps -0.000 apart from 0.000
    codes = np.empty(v.size, dtype=np.int64)
    codes[exact], distinct = pd.factorize(signed[exact])
    table = [
        f"-{(-1 - k) // scale}.{(-1 - k) % scale:0{digits}d}"
        if k < 0
        else f"{k // scale}.{k % scale:0{digits}d}"
        for k in distinct.tolist()
    ]
    odd = np.flatnonzero(~exact)
    codes[odd] = len(table) + np.arange(odd.size)
    table += [f"{x:.{digits}f}" for x in v[odd].tolist()]
    return pa.array(table, type=pa.string()).take(pa.array(codes))


def _join(*parts: pa.Array | str) -> pa.Array:
    return pc.binary_join_element_wise(*parts, "")


def _take(labels: tuple[str, ...], index: npt.ArrayLike) -> pa.Array:
    return pa.array(labels, type=pa.string()).take(pa.array(np.asarray(index, dtype=np.int64)))


def _regime_details(arrays: PathArrays, t: IntArray, i: IntArray) -> pa.Array:
    before = np.maximum(t - 1, 0)
    return _join(
        _take(("coup or revolution", "democratization"), arrays.democratization[t, i]),
        ": W ", _fixed(arrays.W[before, i], 2), " -> ", _fixed(arrays.W[t, i], 2),
        ", theta ", _fixed(arrays.theta[before, i], 3), " -> ", _fixed(arrays.theta[t, i], 3),
    )  # fmt: skip


def _leader_details(arrays: PathArrays, t: IntArray, i: IntArray) -> pa.Array:
    before = np.maximum(t - 1, 0)
    return _join(
        "theta ", _fixed(arrays.theta[before, i], 3), " -> ", _fixed(arrays.theta[t, i], 3),
        ", hazard ", _fixed(arrays.hazard[t, i], 2),
    )  # fmt: skip


def _contract_details(arrays: PathArrays, code: int, t: IntArray, i: IntArray) -> pa.Array:
    """Details of one kind of contract event; "before" is last year's alignment, payment and package."""
    first, prev = t == 0, np.maximum(t - 1, 0)
    before = _take(ALIGNMENT_LABELS, np.where(first, 0, arrays.alignment[prev, i]))
    now = _take(ALIGNMENT_LABELS, arrays.alignment[t, i])
    x, p = _fixed(arrays.package[t, i], 3), _fixed(arrays.payment[t, i], 2)
    if code == FORM:
        return _join("with ", now, ": x = ", x, ", p = ", p)
    if code == REALIGN:
        return _join(before, " -> ", now, ": x = ", x, ", p = ", p)
    p_before = _fixed(np.where(first, 0.0, arrays.payment[prev, i]), 2)
    if code == TERMINATE:
        return _join("with ", before, "; payment was ", p_before)
    if code == REBARGAIN:
        x_before = _fixed(arrays.package[prev, i], 3)
        return _join("new regime keeps ", before, ": x ", x_before, " -> ", x, ", p ", p_before, " -> ", p)
    return _join("p ", p_before, " -> ", p)  # renegotiate up or down


def events_frame(arrays: PathArrays) -> pd.DataFrame:
    """Events table: ``dyad``, ``year``, ``event``, ``detail`` (regime and leader changes first in a year).

    Built from the event masks stacked as ``(dyad, year, kind)``, whose nonzero entries come out in the
    table's order; details are formatted kind by kind, only for the rows with that event.
    """
    contract = arrays.outcome[..., np.newaxis] == np.asarray(_CONTRACT_CODES)
    # a dyad-year holds at most one contract event, so the kinds 0..7 stay in the spec's order
    kinds = np.concatenate(
        [arrays.regime_change[..., np.newaxis], arrays.leader_change[..., np.newaxis], contract], axis=-1
    )
    dyad, year, kind = np.nonzero(kinds.transpose(1, 0, 2))
    by_kind = np.argsort(kind.astype(np.int8), kind="stable")
    bounds = np.searchsorted(kind[by_kind], np.arange(len(_EVENT_KINDS) + 1))
    details = []
    for k, (lo, hi) in enumerate(itertools.pairwise(bounds)):
        rows = by_kind[lo:hi]
        t, i = year[rows], dyad[rows]
        if k == 0:
            details.append(_regime_details(arrays, t, i))
        elif k == 1:
            details.append(_leader_details(arrays, t, i))
        else:
            details.append(_contract_details(arrays, _CONTRACT_CODES[k - 2], t, i))
    position = np.empty_like(by_kind)
    position[by_kind] = np.arange(by_kind.size)
    detail = pa.concat_arrays(details).take(pa.array(position))
    return pd.DataFrame(
        {
            "dyad": dyad.astype(np.int64),
            "year": year.astype(np.int64),
            "event": _EVENT_KINDS[kind],
            "detail": detail.to_numpy(zero_copy_only=False),
        },
        copy=False,
    )


def path_summary(run: MaintenanceRun) -> dict[str, Any]:
    """Seed, years, years aligned with H, with R and unaligned (after formation), final alignment and payment.

    ``run`` is a :class:`MaintenanceRun` of one dyad; year 0 (formation) is not counted, so the three counts
    add up to the years simulated.
    """
    path = run.path
    after = path.loc[path["year"] > 0, "alignment"].value_counts()
    return {
        "seed": run.record["seed"],
        "years": int(path["year"].max()),
        "years aligned with H": int(after.get("H", 0)),
        "years aligned with R": int(after.get("R", 0)),
        "years unaligned": int(after.get("none", 0)),
        "final alignment": str(path["alignment"].iloc[-1]),
        "final payment (USD m/yr)": float(path["payment"].iloc[-1]),
    }


def frame(
    params: MaintenanceParams | PathArrays,
    run: MaintenanceRun | None = None,
    *,
    years: int = 30,
    rng: Any = None,
    dyads: int = 1,
) -> pd.DataFrame:
    """The path of ``run`` (simulated from ``params`` for ``years`` years if not given): one row per
    dyad-year with the alignment, payment, concessions, the state of the world and the events.

    ``frame(arrays)`` (the :class:`~alliancelab.theory.maintenance.kernel.PathArrays` of a run) is the
    former form, :func:`path_frame`; it still works, with a DeprecationWarning.
    """
    if isinstance(params, PathArrays):
        warnings.warn(
            "maintenance_report.frame(arrays) is deprecated; use path_frame(arrays), or frame(params, run)",
            DeprecationWarning,
            stacklevel=2,
        )
        return path_frame(params)
    return (run if run is not None else simulate(params, years, rng=rng, dyads=dyads)).path


def _shares(arrays: PathArrays) -> dict[str, float]:
    """Time with each patron after formation, alliances ended and payments, over all dyads of a run."""
    after = arrays.alignment[1:]
    n = arrays.alignment.shape[1]
    aligned = after > 0
    outcome = arrays.outcome[1:]
    return {
        "share_aligned_H": float(np.mean(after == ALIGNMENT_LABELS.index("H"))),
        "share_aligned_R": float(np.mean(after == ALIGNMENT_LABELS.index("R"))),
        "share_unaligned": float(np.mean(after == ALIGNMENT_LABELS.index("none"))),
        "terminations_per_dyad": float(np.sum(outcome == TERMINATE) / n),
        "realignments_per_dyad": float(np.sum(outcome == REALIGN) / n),
        "mean_payment_aligned": float(np.mean(arrays.payment[1:][aligned]))
        if aligned.any()
        else float("nan"),
    }


def sweep(
    params: MaintenanceParams,
    parameter: str,
    values: npt.ArrayLike,
    *,
    years: int = 30,
    rng: Any = None,
    dyads: int = 200,
) -> pd.DataFrame:
    """Comparative statics: ``dyads`` paths of ``years`` years for each value of ``parameter``, one row per
    value: the shares of dyad-years aligned with H, with R and unaligned, terminations and realignments per
    dyad, and the mean payment while aligned.

    ``parameter`` is a field of the world (``theta_sd``, ``tau``), of the dyad (``d``) or of the leader
    (``W``, or ``leader.W``). Each value runs on its own ``SeedSequence`` child of ``rng``, so a value's
    row does not depend on the other values; ``attrs["run_record"]`` holds the root seed.
    """
    grid = grid_values(parameter, values)
    children, entropy = spawn_seeds(rng, grid.size)
    rows = []
    for value, child in zip(grid.tolist(), children, strict=True):
        run = simulate(with_values(params, parameter, value), years, rng=child, dyads=dyads)
        rows.append({parameter: value, **_shares(run.arrays)})
    table = pd.DataFrame(rows)
    table.attrs.update(
        sources=list(CITATION_KEYS),
        parameter=parameter,
        run_record=run_record(seed=entropy, params=params, years=years, dyads=dyads, sweep=parameter),
    )
    return table


def explain(
    params: MaintenanceParams, run: MaintenanceRun | None = None, *, years: int = 30, rng: Any = None
) -> str:
    """One dyad's path in words (the first dyad of ``run``, or a run of ``years`` years from ``rng``).

    Seed 001: "interest divergence between recipient and donor, as well as the availability of alternative
    donors, affect the flow of aid and the likelihood of alliance termination or realignment."
    """
    run = run if run is not None else simulate(params, years, rng=rng)
    path = run.path[run.path["dyad"] == 0]
    events = run.events[run.events["dyad"] == 0]
    after = path.loc[path["year"] > 0, "alignment"].value_counts()
    last = path.iloc[-1]
    final = "unaligned" if last["alignment"] == "none" else f"aligned with {last['alignment']}"
    paying = f", paid {float(last['payment']):,.4g} USD m/yr" if last["alignment"] != "none" else ""
    rival = "with a rival patron R" if params.rival is not None else "without a rival patron"
    years_run = int(path["year"].to_numpy().max())
    lines = [
        f"Seed {run.record['seed']}, {years_run} years after formation, {rival}: the client "
        f"was aligned with H for {int(after.get('H', 0))} years, with R for {int(after.get('R', 0))} and "
        f"unaligned for {int(after.get('none', 0))}; it ends {final}{paying}.",
    ]
    first = events.head(12)
    shown = [
        f"year {year}: {event} ({detail})"
        for year, event, detail in zip(
            first["year"].tolist(), first["event"].tolist(), first["detail"].tolist(), strict=True
        )
    ]
    if shown:
        more = f"; and {len(events) - len(shown)} more" if len(events) > len(shown) else ""
        lines.append("Events: " + "; ".join(shown) + more + ".")
    else:
        lines.append("No events: the contract signed at formation held throughout.")
    return "\n".join(lines)
