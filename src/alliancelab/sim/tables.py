"""The output tables of a simulated chunk, with the evidence layer's column names (docs/data.md).

Keys: ``run`` first, then ``ccode``/``year`` (state-years) or ``ccode1`` (patron), ``ccode2`` (client),
``year`` (dyad-years). The hegemon is ccode 2, the rival 365, small state ``i`` is ``1000 + i``. W proxies:
``v2x_polyarchy = W`` and ``polity2 = 20*W - 10``. ``docs/sim.md`` lists every column. The tables are built
as Arrow tables straight from the year logs, already in key order (no sort, no pandas copy).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from alliancelab.sim.market import OUTCOME_LABELS
from alliancelab.sim.scenario import Scenario
from alliancelab.sim.step import YearLog
from alliancelab.sim.world import HEGEMON_CCODE, PATRON_CCODES, STATE_CCODE_BASE
from alliancelab.theory.maintenance.review import CONTINUE, NONE, REALIGN

__all__ = ["TABLES", "chunk_tables"]

TABLES = ("state_years", "dyad_years", "events", "coalitions", "payments", "votes", "patron_years")
PATRON_STOCK_SHARE = 0.5  # a patron's military stock is e/dep = .05/.1 of its latent potential (for cinc)
_BN_TO_M = 1000.0
_CODES = np.array([0, *PATRON_CCODES], dtype=np.int64)  # alignment 0/1/2 -> patron ccode


def _stack(logs: list[YearLog], name: str) -> npt.NDArray[Any]:
    """``(runs, years, ...)`` from the per-year arrays ``(runs, ...)``."""
    return np.stack([getattr(log, name) for log in logs], axis=1)


def _i8(a: npt.NDArray[Any]) -> npt.NDArray[np.int8]:
    return np.ascontiguousarray(a, dtype=np.int8).ravel()


def _table(columns: dict[str, Any]) -> Any:
    import pyarrow as pa  # type: ignore[import-untyped]

    return pa.table(
        {k: v if isinstance(v, pa.Array) else np.ascontiguousarray(v).ravel() for k, v in columns.items()}
    )


def _strings(values: npt.NDArray[Any] | list[str]) -> Any:
    import pyarrow as pa

    return pa.array(np.asarray(values, dtype=object).tolist(), type=pa.string())


def _labelled(codes: npt.NDArray[Any], labels: tuple[str, ...]) -> Any:
    """A plain string column ``labels[codes]``, decoded by Arrow (no Python string per row)."""
    import pyarrow as pa

    return pa.DictionaryArray.from_arrays(
        pa.array(np.asarray(codes, dtype=np.int32)), pa.array(list(labels), type=pa.string())
    ).cast(pa.string())


def chunk_tables(logs: list[YearLog], scenario: Scenario, first_run: int) -> dict[str, Any]:
    """Every output table of one chunk of runs as ``pyarrow.Table`` (``first_run``: global index of run 0)."""
    import pyarrow as pa

    runs, n = logs[0].align.shape
    years = len(logs)
    run_ids = np.arange(first_run, first_run + runs, dtype=np.int64)
    ccodes = STATE_CCODE_BASE + np.arange(n, dtype=np.int64)
    calendar = scenario.scenario.start_year + np.array([log.year for log in logs], dtype=np.int64)
    shape = (runs, years, n)
    grid_run = np.broadcast_to(run_ids[:, None, None], shape)
    grid_year = np.broadcast_to(calendar[None, :, None], shape)
    grid_ccode = np.broadcast_to(ccodes[None, None, :], shape)
    s = {name: _stack(logs, name) for name in _STATE_FIELDS}
    align, W, M, K, p = s["align"], s["W"], s["M"], s["K"], s["p"]
    outcome, ended, lc, rc = s["outcome"], s["ended_with"], s["leader_change"], s["regime_change"]
    active, divergence = _stack(logs, "active"), _stack(logs, "divergence")  # (r, y, 2), (r, y, 2, n)
    patron_k = np.array([scenario.hegemon.capability, scenario.rival.capability if scenario.rival else 0.0])
    total_stock = M.sum(axis=2, keepdims=True) + PATRON_STOCK_SHARE * patron_k.sum()
    cinc = M / total_stock
    labels = pa.array(list(OUTCOME_LABELS), type=pa.string())
    state_years = _table(
        {
            "run": grid_run,
            "ccode": grid_ccode,
            "year": grid_year,
            "patron": _CODES[align],
            "us_ally": _i8(align == 1),
            "rival_ally": _i8(align == 2),
            "rival_present": _i8(np.broadcast_to(active[:, :, 1:2], shape)),
            "W": W,
            "S": s["S"],
            "v2x_polyarchy": W,
            "polity2": 20 * W - 10,
            "leader_change": _i8(lc),
            "regime_change": _i8(rc),
            "democratization": _i8(s["democratization"]),
            "latent_potential": K,
            "wbgdp2011est": np.log(K * 1e9),
            "capability": M,
            "cinc": cinc,
            "threat": s["T"],
            "sipri_milex_gdp": s["burden"],
            "sipri_milex": s["burden"] * K * _BN_TO_M,
            "milex": s["burden"] * K * 1e6,  # NMC unit: thousands of USD
            "baseline_burden": s["baseline_burden"],
            "pressure": _i8(s["pressure"]),
            "idealpointfp": s["theta"],
            "idealpointdist_ref": divergence[:, :, 0],
            "un_agree_ref": s["agreement"],
            "supports_action": s["supports"],
            "us_aid_total": np.where(align == 1, p, 0.0),
            "rival_aid_total": np.where(align == 2, p, 0.0),
            "concessions": s["x"],
            "mu": s["mu"],
            "alliance_outcome": pa.DictionaryArray.from_arrays(pa.array(_i8(outcome)), labels),
            "alliance_ended": _i8(ended > 0),
            "realigned": _i8(outcome == REALIGN),
        }
    )

    # dyad-years in (run, ccode1, ccode2, year) order: axes (runs, patrons, states, years)
    patrons = [0, 1] if scenario.rival is not None else [0]
    P = len(patrons)
    dshape = (runs, P, n, years)

    def per_state(a: npt.NDArray[Any]) -> npt.NDArray[Any]:  # (r, y, n) -> (r, P, n, y)
        return np.broadcast_to(a.transpose(0, 2, 1)[:, None], dshape)

    def per_patron(a: npt.NDArray[Any]) -> npt.NDArray[Any]:  # (r, y, 2, n) -> (r, P, n, y)
        return a[:, :, patrons].transpose(0, 2, 3, 1)

    mine = np.stack([align == k + 1 for k in patrons], axis=2)  # (r, y, P, n)
    agreement = np.stack(
        [s["agreement"] if k == 0 else np.full_like(s["agreement"], np.nan) for k in patrons], 2
    )
    patron_cinc = PATRON_STOCK_SHARE * patron_k[patrons][None, None, :] / total_stock  # (r, y, P)
    dyad_years = _table(
        {
            "run": np.broadcast_to(run_ids[:, None, None, None], dshape),
            "ccode1": np.broadcast_to(np.array(PATRON_CCODES)[patrons][None, :, None, None], dshape),
            "ccode2": np.broadcast_to(ccodes[None, None, :, None], dshape),
            "year": np.broadcast_to(calendar[None, None, None, :], dshape),
            "patron_active": _i8(
                np.broadcast_to(active[:, :, patrons].transpose(0, 2, 1)[:, :, None, :], dshape)
            ),
            "atop_defense": _i8(per_patron(mine)),
            "us_aid_total": per_patron(np.where(mine, p[:, :, None, :], 0.0)),
            "concessions": per_patron(np.where(mine, s["x"][:, :, None, :], 0.0)),
            "idealpointdist": per_patron(divergence),
            "un_agree": per_patron(agreement),
            "cinc1": np.broadcast_to(patron_cinc.transpose(0, 2, 1)[:, :, None, :], dshape),
            "cinc2": per_state(cinc),
            "W2": per_state(W),
            "v2x_polyarchy2": per_state(W),
            "polity22": per_state(20 * W - 10),
            "leader_change2": _i8(per_state(lc)),
            "regime_change2": _i8(per_state(rc)),
            "ended": _i8(per_patron(np.stack([ended == k + 1 for k in patrons], axis=2))),
        }
    )

    events = _events(s, run_ids, calendar, ccodes)
    coalitions = _coalitions(logs, run_ids, calendar)
    payments = _payments(align, p, coalitions, run_ids, calendar, ccodes)
    contested = _stack(logs, "contested")  # (runs, years)
    r3, y3, s3 = np.nonzero(np.broadcast_to(contested[:, :, None], shape))
    votes = _table(
        {
            "run": run_ids[r3],
            "year": calendar[y3],
            "ccode": ccodes[s3],
            "us_ally": _i8(align[r3, y3, s3] == 1),
            "idealpointdist_ref": divergence[r3, y3, 0, s3],
            "support": _i8(s["supports"][r3, y3, s3]),
        }
    )
    pshape = (runs, years, P)
    spent = np.stack([np.where(align == k + 1, p, 0.0).sum(axis=2) for k in patrons], axis=2)
    hegemon_only = np.array([k == 0 for k in patrons])[None, None, :]

    def h_only(a: npt.NDArray[Any]) -> npt.NDArray[Any]:
        return np.where(hegemon_only, a[:, :, None], 0)

    patron_years = _table(
        {
            "run": np.broadcast_to(run_ids[:, None, None], pshape),
            "year": np.broadcast_to(calendar[None, :, None], pshape),
            "ccode": np.broadcast_to(np.array(PATRON_CCODES)[patrons][None, None, :], pshape),
            "active": _i8(active[:, :, patrons]),
            "budget": _stack(logs, "budget")[:, :, patrons],
            "spent_alliances": spent,
            "spent_coalitions": h_only(_stack(logs, "coalition_spent")).astype(float),
            "allies": np.stack([(align == k + 1).sum(axis=2) for k in patrons], axis=2).astype(np.int64),
            "strain": _stack(logs, "strain")[:, :, patrons],
            "contested_action": _i8(h_only(contested)),
            "legitimacy": h_only(_stack(logs, "legitimacy")).astype(float),
            "crisis": _i8(h_only(_stack(logs, "crisis"))),
        }
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


_STATE_FIELDS = (
    "align",
    "W",
    "S",
    "M",
    "K",
    "p",
    "x",
    "T",
    "theta",
    "mu",
    "outcome",
    "ended_with",
    "leader_change",
    "regime_change",
    "democratization",
    "burden",
    "baseline_burden",
    "pressure",
    "agreement",
    "supports",
)


_CHANGES = ("leader_change", "coup", "democratization")
# every event label in alphabetical order: sorting by a label's rank sorts by the label
_EVENT_LABELS = tuple(sorted({*OUTCOME_LABELS, "unfunded", "exit", *_CHANGES}))
_RANK = {label: rank for rank, label in enumerate(_EVENT_LABELS)}
_OUTCOME_RANK = np.array([_RANK[label] for label in OUTCOME_LABELS], dtype=np.int32)
_CHANGE_RANK = np.array([_RANK[label] for label in _CHANGES], dtype=np.int32)


def _events(s: dict[str, npt.NDArray[Any]], run_ids: Any, calendar: Any, ccodes: Any) -> Any:
    """Alliance outcomes other than "continue"/"unaligned", leader changes, coups and democratizations."""
    outcome, align, ended = s["outcome"], s["align"], s["ended_with"]
    r, y, i = np.nonzero((outcome != CONTINUE) & (outcome != NONE))
    new, old = _CODES[align[r, y, i]], _CODES[ended[r, y, i]]
    lc, rc, dem = s["leader_change"], s["regime_change"], s["democratization"]
    r2, y2, i2 = np.nonzero(lc | rc)
    change = np.where(rc[r2, y2, i2], np.where(dem[r2, y2, i2], 2, 1), 0)
    run = np.concatenate([run_ids[r], run_ids[r2]])
    year = np.concatenate([calendar[y], calendar[y2]])
    ccode = np.concatenate([ccodes[i], ccodes[i2]])
    event = np.concatenate([_OUTCOME_RANK[outcome[r, y, i]], _CHANGE_RANK[change]])
    # one int64 key in (run, year, ccode, label) order, from the grid indices: one sort, not a 4-key lexsort
    years, states = outcome.shape[1:]
    cell = np.concatenate([(r * years + y) * states + i, (r2 * years + y2) * states + i2])
    order = np.argsort(cell * len(_EVENT_LABELS) + event, kind="stable")
    patron = np.concatenate([np.where(new > 0, new, old), _CODES[align[r2, y2, i2]]])
    previous = np.concatenate([old, np.zeros(r2.size, dtype=np.int64)])
    return _table(
        {
            "run": run[order],
            "year": year[order],
            "ccode": ccode[order],
            "event": _labelled(event[order], _EVENT_LABELS),
            "patron": patron[order],
            "previous_patron": previous[order],
        }
    )


_COALITION_FLOATS = (
    "price",
    "payer_cost",
    "reservation",
    "effective_troops",
    "scarcity",
    "required_troops",
    "own_troops",
)


def _coalitions(logs: list[YearLog], run_ids: Any, calendar: Any) -> Any:
    """One row per shortlisted candidate of every crisis, in (run, year) order."""
    cols: dict[str, list[Any]] = {
        k: [] for k in ("run", "year", "ccode2", "type", "member", "accepted", "form", *_COALITION_FLOATS)
    }
    for t, log in enumerate(logs):
        c = log.coalitions
        cols["run"].append(run_ids[c.run])
        cols["year"].append(np.full(c.run.size, calendar[t], dtype=np.int64))
        cols["ccode2"].append(c.ccode)
        cols["type"].append(np.asarray(c.crisis_type, dtype=object))
        cols["form"].append(np.asarray(c.payment_form, dtype=object))
        cols["member"].append(c.member)
        cols["accepted"].append(c.accepted)
        for k in _COALITION_FLOATS:
            cols[k].append(getattr(c, k))
    joined = {k: np.concatenate(v) if v else np.zeros(0) for k, v in cols.items()}
    order = np.lexsort((joined["year"], joined["run"]))
    return _table(
        {
            "run": joined["run"][order].astype(np.int64),
            "year": joined["year"][order].astype(np.int64),
            "ccode1": np.full(order.size, HEGEMON_CCODE, dtype=np.int64),
            "ccode2": joined["ccode2"][order].astype(np.int64),
            "contributor_type": _strings(joined["type"][order]),
            "member": _i8(joined["member"][order]),
            "accepted": _i8(joined["accepted"][order]),
            **{k: joined[k][order].astype(float) for k in _COALITION_FLOATS[:2]},
            "payment_form": _strings(joined["form"][order]),
            **{k: joined[k][order].astype(float) for k in _COALITION_FLOATS[2:]},
        }
    )


_PAYMENT_KINDS = ("alliance", "coalition")  # alphabetical: sorting by the index sorts by the label


def _payments(align: Any, p: Any, coalitions: Any, run_ids: Any, calendar: Any, ccodes: Any) -> Any:
    """Every positive payment: alliance side payments and coalition payments, in key order."""
    r, y, i = np.nonzero(p > 0)
    members = np.asarray(coalitions.column("member")) == 1
    cost = np.asarray(coalitions.column("payer_cost"))
    paid = members & (cost > 0)
    run = np.concatenate([run_ids[r], np.asarray(coalitions.column("run"))[paid]])
    year = np.concatenate([calendar[y], np.asarray(coalitions.column("year"))[paid]])
    payer = np.concatenate([_CODES[align[r, y, i]], np.full(int(paid.sum()), HEGEMON_CCODE, dtype=np.int64)])
    payee = np.concatenate([ccodes[i], np.asarray(coalitions.column("ccode2"))[paid]])
    kind = np.concatenate([np.zeros(r.size, dtype=np.int8), np.ones(int(paid.sum()), dtype=np.int8)])
    amount = np.concatenate([p[r, y, i], cost[paid]])
    # one int64 key in (run, year, payer, payee, kind) order: a single sort instead of a five-key lexsort
    first_year, years = year.min(initial=0), year.max(initial=0) - year.min(initial=0) + 1
    key = (run - run.min(initial=0)) * years + (year - first_year)
    key = ((key * 2 + (payer != HEGEMON_CCODE)) * (payee.max(initial=0) + 1) + payee) * 2 + kind
    order = np.argsort(key, kind="stable")
    return _table(
        {
            "run": run[order],
            "year": year[order],
            "ccode1": payer[order],
            "ccode2": payee[order],
            "kind": _labelled(kind[order], _PAYMENT_KINDS),
            "amount": amount[order],
        }
    )
