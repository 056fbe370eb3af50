"""One or many dyads' paths through time as pandas frames, with the provenance of the run."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from alliancelab._validate import check_range
from alliancelab.provenance import make_rng, run_record
from alliancelab.theory.maintenance.kernel import PathArrays, simulate_kernel
from alliancelab.theory.maintenance.review import (
    ALIGNMENT_LABELS,
    CITATION_KEYS,
    FORM,
    OUTCOME_LABELS,
    REALIGN,
    REBARGAIN,
    TERMINATE,
    MaintenanceParams,
    draw_shocks,
)

__all__ = ["MaintenanceRun", "simulate"]

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


def _generator(rng: Any) -> tuple[np.random.Generator, int | None]:
    if isinstance(rng, np.random.Generator):
        return rng, None
    if rng is None or isinstance(rng, int | np.integer | np.random.SeedSequence):
        return make_rng(int(rng) if isinstance(rng, np.integer) else rng)
    return np.random.default_rng(rng), None


def simulate(params: MaintenanceParams, years: int, *, rng: Any = None, dyads: int = 1) -> MaintenanceRun:
    """Simulate ``dyads`` independent copies of the dyad for ``years`` years (year 0 is formation).

    Seed 001: "the trade-off theory predicts that interest divergence between recipient and donor, as well
    as the availability of alternative donors, affect the flow of aid and the likelihood of alliance
    termination or realignment." All shocks are drawn first from ``rng`` (anything
    :func:`numpy.random.default_rng` accepts); the kernel is deterministic given them.
    """
    check_range("years", years, 1, 10_000)
    check_range("dyads", dyads, 1, 10_000_000)
    generator, entropy = _generator(rng)
    shocks = draw_shocks(int(years), int(dyads), rng=generator)
    arrays = simulate_kernel(params, shocks)
    record = run_record(seed=entropy, params=params, years=int(years), dyads=int(dyads), model="maintenance")
    path, events = path_frame(arrays), events_frame(arrays)
    for frame in (path, events):
        frame.attrs["run_record"] = record
        frame.attrs["sources"] = list(CITATION_KEYS)
    return MaintenanceRun(path, events, record, arrays)


def path_frame(arrays: PathArrays) -> pd.DataFrame:
    """Long frame, one row per dyad-year: alignment, payment, concessions, divergence, review, events."""
    years, n = arrays.alignment.shape
    year, dyad = np.meshgrid(np.arange(years), np.arange(n), indexing="ij")
    on_r = arrays.alignment == 2
    frame = pd.DataFrame(
        {
            "dyad": dyad.ravel(),
            "year": year.ravel(),
            "alignment": np.asarray(ALIGNMENT_LABELS)[arrays.alignment].ravel(),
            "payment": arrays.payment.ravel(),
            "concessions": arrays.package.ravel(),
            "divergence": np.where(on_r, arrays.divergence_R, arrays.divergence_H).ravel(),
            "divergence_H": arrays.divergence_H.ravel(),
            "divergence_R": arrays.divergence_R.ravel(),
            "theta": arrays.theta.ravel(),
            "threat": arrays.threat.ravel(),
            "phi": arrays.phi.ravel(),
            "W": arrays.W.ravel(),
            "S": arrays.S.ravel(),
            "hazard": arrays.hazard.ravel(),
            "mu": arrays.mu.ravel(),
            "review": np.asarray(OUTCOME_LABELS)[arrays.outcome].ravel(),
            "leader_change": arrays.leader_change.ravel(),
            "regime_change": arrays.regime_change.ravel(),
        }
    )
    frame["events"] = _event_strings(arrays).ravel()
    return frame


def _event_strings(arrays: PathArrays) -> np.ndarray:
    labels = np.asarray(OUTCOME_LABELS, dtype=object)[arrays.outcome]
    contract = np.where(np.isin(labels, _CONTRACT_EVENTS), labels, "")
    lc = np.where(arrays.leader_change, "leader_change", "")
    rc = np.where(arrays.regime_change, "regime_change", "")
    joined = [
        ";".join(p for p in parts if p)
        for parts in zip(rc.ravel(), lc.ravel(), contract.ravel(), strict=True)
    ]
    return np.asarray(joined, dtype=object).reshape(arrays.outcome.shape)


def events_frame(arrays: PathArrays) -> pd.DataFrame:
    """Events table: ``dyad``, ``year``, ``event``, ``detail`` (regime and leader changes first in a year)."""
    names = np.asarray(ALIGNMENT_LABELS)
    rows: list[tuple[int, int, int, str, str]] = []
    for t, i in zip(*np.nonzero(arrays.regime_change), strict=True):
        kind = "democratization" if arrays.democratization[t, i] else "coup or revolution"
        rows.append(
            (int(i), int(t), 0, "regime_change",
             f"{kind}: W {arrays.W[t - 1, i]:.2f} -> {arrays.W[t, i]:.2f}, "
             f"theta {arrays.theta[t - 1, i]:.3f} -> {arrays.theta[t, i]:.3f}")
        )  # fmt: skip
    for t, i in zip(*np.nonzero(arrays.leader_change), strict=True):
        rows.append(
            (int(i), int(t), 1, "leader_change",
             f"theta {arrays.theta[t - 1, i]:.3f} -> {arrays.theta[t, i]:.3f}, "
             f"hazard {arrays.hazard[t, i]:.2f}")
        )  # fmt: skip
    labels = np.asarray(OUTCOME_LABELS)
    for t, i in zip(*np.nonzero(np.isin(labels[arrays.outcome], _CONTRACT_EVENTS)), strict=True):
        code = int(arrays.outcome[t, i])
        x, p = arrays.package[t, i], arrays.payment[t, i]
        before = names[arrays.alignment[t - 1, i]] if t > 0 else "none"
        p_before = arrays.payment[t - 1, i] if t > 0 else 0.0
        if code == FORM:
            detail = f"with {names[arrays.alignment[t, i]]}: x = {x:.3f}, p = {p:.2f}"
        elif code == TERMINATE:
            detail = f"with {before}; payment was {p_before:.2f}"
        elif code == REALIGN:
            detail = f"{before} -> {names[arrays.alignment[t, i]]}: x = {x:.3f}, p = {p:.2f}"
        elif code == REBARGAIN:
            x_before = arrays.package[t - 1, i]
            detail = f"new regime keeps {before}: x {x_before:.3f} -> {x:.3f}, p {p_before:.2f} -> {p:.2f}"
        else:
            detail = f"p {p_before:.2f} -> {p:.2f}"
        rows.append((int(i), int(t), 2, str(labels[code]), detail))
    frame = pd.DataFrame(rows, columns=["dyad", "year", "order", "event", "detail"])
    return (
        frame.sort_values(["dyad", "year", "order"], kind="stable")
        .drop(columns="order")
        .reset_index(drop=True)
    )
