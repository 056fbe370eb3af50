"""The output tables of a simulated chunk, with the evidence layer's column names (docs/data.md).

Keys: ``run`` first, then ``ccode``/``year`` (state-years) or ``ccode1`` (patron), ``ccode2`` (client),
``year`` (dyad-years). The hegemon is ccode 2, the rival 365, small state ``i`` is ``1000 + i``. W proxies:
``v2x_polyarchy = W`` and ``polity2 = 20*W - 10``. ``docs/sim.md`` lists every column.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from alliancelab.sim.market import OUTCOME_LABELS
from alliancelab.sim.scenario import Scenario
from alliancelab.sim.step import YearLog
from alliancelab.sim.world import HEGEMON_CCODE, PATRON_CCODES, STATE_CCODE_BASE
from alliancelab.theory.maintenance.review import CONTINUE, NONE, REALIGN

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["TABLES", "chunk_tables"]

TABLES = ("state_years", "dyad_years", "events", "coalitions", "payments", "votes", "patron_years")
PATRON_STOCK_SHARE = 0.5  # a patron's military stock is e/dep = .05/.1 of its latent potential (for cinc)
_BN_TO_M = 1000.0


def _stack(logs: list[YearLog], name: str) -> npt.NDArray[Any]:
    """``(runs, years, ...)`` from the per-year arrays ``(runs, ...)``."""
    return np.stack([getattr(log, name) for log in logs], axis=1)


def chunk_tables(logs: list[YearLog], scenario: Scenario, first_run: int) -> dict[str, pd.DataFrame]:
    """Every output table of one chunk of runs (``first_run`` is the global index of its first run)."""
    import pandas as pd

    runs, n = logs[0].align.shape
    years = len(logs)
    start = scenario.scenario.start_year
    run_ids = np.arange(first_run, first_run + runs, dtype=np.int64)
    ccodes = STATE_CCODE_BASE + np.arange(n, dtype=np.int64)
    calendar = start + np.array([log.year for log in logs], dtype=np.int64)
    grid_run = np.broadcast_to(run_ids[:, None, None], (runs, years, n)).ravel()
    grid_year = np.broadcast_to(calendar[None, :, None], (runs, years, n)).ravel()
    grid_ccode = np.broadcast_to(ccodes[None, None, :], (runs, years, n)).ravel()

    def flat(name: str) -> npt.NDArray[np.generic]:
        return _stack(logs, name).reshape(-1)

    align, W, M, K = (_stack(logs, k) for k in ("align", "W", "M", "K"))
    patron_k = np.array([scenario.hegemon.capability, scenario.rival.capability if scenario.rival else 0.0])
    total_stock = M.sum(axis=2, keepdims=True) + PATRON_STOCK_SHARE * patron_k.sum()
    cinc = M / total_stock
    patron_cinc = PATRON_STOCK_SHARE * patron_k[None, None, :] / total_stock  # (runs, years, 2)
    divergence = _stack(logs, "divergence")  # (runs, years, 2, n)
    p, outcome, ended = _stack(logs, "p"), _stack(logs, "outcome"), _stack(logs, "ended_with")
    labels = np.asarray(OUTCOME_LABELS)
    patron_code = np.array([0, *PATRON_CCODES])[align]
    active = _stack(logs, "active")  # (runs, years, 2)
    state_years = pd.DataFrame(
        {
            "run": grid_run,
            "ccode": grid_ccode,
            "year": grid_year,
            "patron": patron_code.ravel(),
            "us_ally": (align == 1).ravel().astype(np.int8),
            "rival_ally": (align == 2).ravel().astype(np.int8),
            "rival_present": np.broadcast_to(active[:, :, 1:2], align.shape).ravel().astype(np.int8),
            "W": W.ravel(),
            "S": flat("S"),
            "v2x_polyarchy": W.ravel(),
            "polity2": (20 * W - 10).ravel(),
            "leader_change": flat("leader_change").astype(np.int8),
            "regime_change": flat("regime_change").astype(np.int8),
            "democratization": flat("democratization").astype(np.int8),
            "latent_potential": K.ravel(),
            "wbgdp2011est": np.log(K * 1e9).ravel(),
            "capability": M.ravel(),
            "cinc": cinc.ravel(),
            "threat": flat("T"),
            "sipri_milex_gdp": flat("burden"),
            "sipri_milex": (_stack(logs, "burden") * K * _BN_TO_M).ravel(),
            "baseline_burden": flat("baseline_burden"),
            "pressure": flat("pressure"),
            "idealpointfp": flat("theta"),
            "idealpointdist_ref": divergence[:, :, 0].ravel(),
            "un_agree_ref": flat("agreement"),
            "supports_action": flat("supports"),
            "us_aid_total": np.where(align == 1, p, 0.0).ravel(),
            "rival_aid_total": np.where(align == 2, p, 0.0).ravel(),
            "concessions": flat("x"),
            "mu": flat("mu"),
            "alliance_outcome": pd.Categorical.from_codes(
                outcome.ravel().astype(np.int64), pd.Index(list(labels))
            ),
            "alliance_ended": (ended > 0).ravel().astype(np.int8),
            "realigned": (outcome == REALIGN).ravel().astype(np.int8),
        }
    )

    patrons = [0, 1] if scenario.rival is not None else [0]
    agreement = _stack(logs, "agreement")
    x = _stack(logs, "x")
    lc, rc = _stack(logs, "leader_change"), _stack(logs, "regime_change")
    dyad_parts = []
    for k in patrons:
        mine = align == k + 1
        dyad_parts.append(
            pd.DataFrame(
                {
                    "run": grid_run,
                    "ccode1": np.full(grid_run.size, PATRON_CCODES[k], np.int64),
                    "ccode2": grid_ccode,
                    "year": grid_year,
                    "patron_active": np.broadcast_to(active[:, :, k : k + 1], align.shape)
                    .ravel()
                    .astype(np.int8),
                    "atop_defense": mine.ravel().astype(np.int8),
                    "us_aid_total": np.where(mine, p, 0.0).ravel(),
                    "concessions": np.where(mine, x, 0.0).ravel(),
                    "idealpointdist": divergence[:, :, k].ravel(),
                    "un_agree": (agreement if k == 0 else np.full_like(agreement, np.nan)).ravel(),
                    "cinc1": np.broadcast_to(patron_cinc[:, :, k : k + 1], align.shape).ravel(),
                    "cinc2": cinc.ravel(),
                    "W2": W.ravel(),
                    "v2x_polyarchy2": W.ravel(),
                    "polity22": (20 * W - 10).ravel(),
                    "leader_change2": lc.ravel().astype(np.int8),
                    "regime_change2": rc.ravel().astype(np.int8),
                    "ended": (ended == k + 1).ravel().astype(np.int8),
                }
            )
        )
    dyad_years = pd.concat(dyad_parts, ignore_index=True).sort_values(
        ["run", "ccode1", "ccode2", "year"], kind="stable", ignore_index=True
    )

    # events: alliance outcomes other than "continue"/"unaligned", leader and regime changes
    rows = (outcome != CONTINUE) & (outcome != NONE)
    r_i, y_i, s_i = np.nonzero(rows)
    new_patron = np.array([0, *PATRON_CCODES])[align[r_i, y_i, s_i]]
    old_patron = np.array([0, *PATRON_CCODES])[ended[r_i, y_i, s_i]]
    alliance_events = pd.DataFrame(
        {
            "run": run_ids[r_i],
            "year": calendar[y_i],
            "ccode": ccodes[s_i],
            "event": labels[outcome[r_i, y_i, s_i]],
            "patron": np.where(new_patron > 0, new_patron, old_patron),
            "previous_patron": old_patron,
        }
    )
    dem = _stack(logs, "democratization")
    r2, y2, s2 = np.nonzero(lc | rc)
    change = np.where(rc[r2, y2, s2], np.where(dem[r2, y2, s2], "democratization", "coup"), "leader_change")
    domestic_events = pd.DataFrame(
        {
            "run": run_ids[r2],
            "year": calendar[y2],
            "ccode": ccodes[s2],
            "event": change,
            "patron": np.array([0, *PATRON_CCODES])[align[r2, y2, s2]],
            "previous_patron": 0,
        }
    )
    events = pd.concat([alliance_events, domestic_events], ignore_index=True).sort_values(
        ["run", "year", "ccode", "event"], kind="stable", ignore_index=True
    )

    coalition_parts = []
    for t, log in enumerate(logs):
        c = log.coalitions
        if c.run.size:
            coalition_parts.append(
                pd.DataFrame(
                    {
                        "run": run_ids[c.run],
                        "year": calendar[t],
                        "ccode1": HEGEMON_CCODE,
                        "ccode2": c.ccode,
                        "contributor_type": c.crisis_type,
                        "member": c.member.astype(np.int8),
                        "accepted": c.accepted.astype(np.int8),
                        "price": c.price,
                        "payer_cost": c.payer_cost,
                        "payment_form": c.payment_form,
                        "reservation": c.reservation,
                        "effective_troops": c.effective_troops,
                        "scarcity": c.scarcity,
                        "required_troops": c.required_troops,
                        "own_troops": c.own_troops,
                    }
                )
            )
    coalitions = (
        pd.concat(coalition_parts, ignore_index=True).sort_values(
            ["run", "year"], kind="stable", ignore_index=True
        )
        if coalition_parts
        else pd.DataFrame({name: pd.Series(dtype=_coalition_dtype(name)) for name in _COALITION_COLUMNS})
    )

    paid = state_years.loc[state_years["us_aid_total"] + state_years["rival_aid_total"] > 0]
    alliance_payments = pd.DataFrame(
        {
            "run": paid["run"].to_numpy(),
            "year": paid["year"].to_numpy(),
            "ccode1": paid["patron"].to_numpy(),
            "ccode2": paid["ccode"].to_numpy(),
            "kind": "alliance",
            "amount": (paid["us_aid_total"] + paid["rival_aid_total"]).to_numpy(),
        }
    )
    members = (
        coalitions.loc[(coalitions["member"] == 1) & (coalitions["payer_cost"] > 0)]
        if len(coalitions)
        else coalitions
    )
    coalition_payments = pd.DataFrame(
        {
            "run": members["run"].to_numpy(),
            "year": members["year"].to_numpy(),
            "ccode1": np.full(len(members), HEGEMON_CCODE, np.int64),
            "ccode2": members["ccode2"].to_numpy(),
            "kind": "coalition",
            "amount": members["payer_cost"].to_numpy(dtype=float),
        }
    )
    payments = pd.concat([alliance_payments, coalition_payments], ignore_index=True).sort_values(
        ["run", "year", "ccode1", "ccode2", "kind"], kind="stable", ignore_index=True
    )
    payments["ccode1"] = payments["ccode1"].astype(np.int64)
    payments["ccode2"] = payments["ccode2"].astype(np.int64)

    contested = _stack(logs, "contested")  # (runs, years)
    r3, y3, s3 = np.nonzero(np.broadcast_to(contested[:, :, None], align.shape))
    supports = _stack(logs, "supports")
    votes = pd.DataFrame(
        {
            "run": run_ids[r3],
            "year": calendar[y3],
            "ccode": ccodes[s3],
            "us_ally": (align[r3, y3, s3] == 1).astype(np.int8),
            "idealpointdist_ref": divergence[r3, y3, 0, s3],
            "support": supports[r3, y3, s3].astype(np.int8),
        }
    )

    spent = np.stack([np.where(align == k + 1, p, 0.0).sum(axis=2) for k in (0, 1)], axis=2)
    allies = np.stack([(align == k + 1).sum(axis=2) for k in (0, 1)], axis=2)
    coalition_spent = _stack(logs, "coalition_spent")
    budget, strain = _stack(logs, "budget"), _stack(logs, "strain")
    legit = _stack(logs, "legitimacy")
    patron_parts = [
        pd.DataFrame(
            {
                "run": np.repeat(run_ids, years),
                "year": np.tile(calendar, runs),
                "ccode": np.full(runs * years, PATRON_CCODES[k], np.int64),
                "active": active[:, :, k].ravel().astype(np.int8),
                "budget": budget[:, :, k].ravel(),
                "spent_alliances": spent[:, :, k].ravel(),
                "spent_coalitions": (coalition_spent if k == 0 else np.zeros_like(coalition_spent)).ravel(),
                "allies": allies[:, :, k].ravel().astype(np.int64),
                "strain": strain[:, :, k].ravel(),
                "contested_action": (contested if k == 0 else np.zeros_like(contested))
                .ravel()
                .astype(np.int8),
                "legitimacy": (legit if k == 0 else np.zeros_like(legit)).ravel(),
                "crisis": (_stack(logs, "crisis") if k == 0 else np.zeros_like(contested))
                .ravel()
                .astype(np.int8),
            }
        )
        for k in patrons
    ]
    patron_years = pd.concat(patron_parts, ignore_index=True).sort_values(
        ["run", "year", "ccode"], kind="stable", ignore_index=True
    )
    return {
        "state_years": state_years,
        "dyad_years": dyad_years,
        "events": events,
        "coalitions": coalitions,
        "payments": payments,
        "votes": votes,
        "patron_years": patron_years,
    }


_COALITION_COLUMNS = (
    "run",
    "year",
    "ccode1",
    "ccode2",
    "contributor_type",
    "member",
    "accepted",
    "price",
    "payer_cost",
    "payment_form",
    "reservation",
    "effective_troops",
    "scarcity",
    "required_troops",
    "own_troops",
)


def _coalition_dtype(name: str) -> str:
    if name in ("contributor_type", "payment_form"):
        return "object"
    return (
        "int64"
        if name in ("run", "year", "ccode1", "ccode2")
        else "int8"
        if name in ("member", "accepted")
        else "float64"
    )
