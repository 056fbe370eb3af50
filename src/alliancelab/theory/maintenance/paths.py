"""One or many dyads' paths through time as arrays, with the provenance of the run (numpy only).

The frames of a run (one row per dyad-year, the events in words) are built in
:mod:`alliancelab.report.maintenance_report`, whose ``simulate`` wraps this.
"""

from __future__ import annotations

from typing import Any

from alliancelab._validate import check_range
from alliancelab.provenance import run_record, seeded_generator
from alliancelab.theory.maintenance.kernel import PathArrays, simulate_kernel
from alliancelab.theory.maintenance.review import MaintenanceParams, draw_shocks

__all__ = ["simulate_paths"]


def simulate_paths(
    params: MaintenanceParams, years: int, *, rng: Any = None, dyads: int = 1
) -> tuple[PathArrays, dict[str, Any]]:
    """Simulate ``dyads`` independent copies of the dyad for ``years`` years (year 0 is formation).

    Seed 001: "the trade-off theory predicts that interest divergence between recipient and donor, as well
    as the availability of alternative donors, affect the flow of aid and the likelihood of alliance
    termination or realignment." All shocks are drawn first from ``rng`` (anything
    :func:`numpy.random.default_rng` accepts); the kernel is deterministic given them. Returns the arrays
    and the run record (seed entropy, parameters, versions).
    """
    check_range("years", years, 1, 10_000)
    check_range("dyads", dyads, 1, 10_000_000)
    generator, entropy = seeded_generator(rng)
    shocks = draw_shocks(int(years), int(dyads), rng=generator)
    arrays = simulate_kernel(params, shocks)
    record = run_record(seed=entropy, params=params, years=int(years), dyads=int(dyads), model="maintenance")
    return arrays, record
