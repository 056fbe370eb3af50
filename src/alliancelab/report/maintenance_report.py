"""The words about a maintenance run: the summary `alliancelab maintain` prints (its JSON `summary`)."""

from __future__ import annotations

from typing import Any

from alliancelab.theory.maintenance import MaintenanceRun

__all__ = ["path_summary"]


def path_summary(run: MaintenanceRun) -> dict[str, Any]:
    """Seed, years, years aligned with H, with R and unaligned (after formation), final alignment and payment.

    ``run`` is a :class:`~alliancelab.theory.maintenance.MaintenanceRun` of one dyad; year 0 (formation) is
    not counted, so the three counts add up to the years simulated.
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
