"""Alliance-portfolio similarity: Signorino & Ritter's S and Cohen's kappa from ATOP ties.

peacesciencer's ``add_fpsim()`` joins Häge's precomputed FPSIM file (not among AllianceLab's data); here
the alliance-based measures are computed from the ATOP v5.1 dyad-years the package already reads, with
Häge's (2011) definitions and peacesciencer's FPSIM column names:

* **Ties.** For every pair of COW system members in a year, the tie is *valued* 3 for a defence or
  offence pact, 2 for neutrality or non-aggression, 1 for consultation, 0 for none (the strongest
  obligation in either direction: an alliance binds both members), and *binary* 1 for any ATOP alliance.
  A state's tie with itself is the strongest (3, or 1): the portfolio convention of Bueno de Mesquita,
  Signorino & Ritter and Häge.
* **S** (Signorino & Ritter 1999), unweighted, absolute distances: ``S = 1 - 2 d / d_max`` with ``d`` the
  mean over all members k of ``|x_ik - x_jk|`` and ``d_max`` the range of the scale (3 valued, 1 binary):
  ``sallyvua`` (valued) and ``sallybua`` (binary). -1 = opposite portfolios, 1 = identical.
* **Cohen's kappa** (Cohen 1960; weighted, Cohen 1968), which Häge recommends because S does not correct
  for agreement by chance: ``kappa = 1 - D_o / D_e`` with ``D_o`` the observed and ``D_e`` the expected
  disagreement if the two states chose ties independently with their own marginal distributions;
  ``kallyb`` (binary) and ``kallyv`` (valued, absolute-distance weights). Missing where ``D_e`` is 0
  (both states allied with nobody but themselves).

Every sum is computed with matrix products per year: ``|a - b| = sum_t |[a >= t] - [b >= t]|`` for
integer scores, so the valued distances are three binary ones.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from alliancelab.data.builders import _tables
from alliancelab.data.builders._frame import DYADIC_UNITS, add_columns, require
from alliancelab.data.builders._join import cow_codes_for, dyad_values
from alliancelab.data.builders.alliances import ATOP_YEARS
from alliancelab.errors import UserInputError

__all__ = ["FPSIM_COLUMNS", "FPSIM_YEARS", "add_fpsim", "portfolio_similarity", "valued_ties"]

FPSIM_COLUMNS = ("sallyvua", "sallybua", "kallyv", "kallyb")
FPSIM_YEARS = (ATOP_YEARS[0] + 1, 2016)  # the COW system list ends in 2016


def valued_ties(
    defense: np.ndarray, offense: np.ndarray, neutral: np.ndarray, nonagg: np.ndarray, consul: np.ndarray
) -> np.ndarray:
    """Häge's valued ATOP tie: 3 defence/offence, 2 neutrality/non-aggression, 1 consultation, else 0."""
    return np.select(
        [(defense == 1) | (offense == 1), (neutral == 1) | (nonagg == 1), consul == 1], [3, 2, 1], default=0
    ).astype(np.int8)


def _binary_distance(ties: np.ndarray) -> np.ndarray:
    """``sum_k |t_ik - t_jk|`` for a 0/1 matrix, as ``r_i + r_j - 2 (T T')_ij``."""
    t = ties.astype(np.float64)
    rows = t.sum(axis=1)
    return np.asarray(rows[:, None] + rows[None, :] - 2.0 * (t @ t.T), dtype=np.float64)


def _expected_disagreement(shares: np.ndarray) -> np.ndarray:
    """``p_i (1 - p_j) + (1 - p_i) p_j``: chance disagreement on one 0/1 threshold."""
    chance = shares[:, None] * (1 - shares[None, :]) + (1 - shares[:, None]) * shares[None, :]
    return np.asarray(chance, dtype=np.float64)


def portfolio_similarity(ties: np.ndarray) -> dict[str, np.ndarray]:
    """S and kappa for every pair of rows of a valued tie matrix (0..3, self-ties included).

    ``ties[i, k]`` is state i's tie with state k (the diagonal is each state's tie with itself). Returns
    N x N matrices ``sallyvua``, ``sallybua``, ``kallyv``, ``kallyb``; every diagonal entry is 1.
    """
    n = ties.shape[0]
    thresholds = [ties >= t for t in (1, 2, 3)]
    distances = [_binary_distance(b) for b in thresholds]
    valued = sum(distances[1:], distances[0])
    out: dict[str, np.ndarray] = {
        "sallyvua": 1 - 2 * (valued / n) / 3,
        "sallybua": 1 - 2 * (distances[0] / n),
    }
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = [_expected_disagreement(b.mean(axis=1)) for b in thresholds]
        expected_valued = sum(expected[1:], expected[0])
        out["kallyb"] = np.where(expected[0] > 0, 1 - (distances[0] / n) / expected[0], np.nan)
        out["kallyv"] = np.where(expected_valued > 0, 1 - (valued / n) / expected_valued, np.nan)
    for matrix in out.values():  # a state's portfolio is identical to itself, chance or not
        np.fill_diagonal(matrix, 1.0)
    return out


def _fpsim_table() -> pd.DataFrame:
    from alliancelab.data.builders.create import create_stateyears

    members = create_stateyears("cow", FPSIM_YEARS)
    atop = _tables.prepared("atop")
    atop = atop[(atop["year"] >= FPSIM_YEARS[0]) & (atop["year"] <= FPSIM_YEARS[1])]
    tie = valued_ties(
        *(
            atop[c].to_numpy(np.int8)
            for c in ("atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul")
        )
    )
    tie = np.maximum(tie, 1).astype(
        np.int8
    )  # listed by ATOP = allied (binary 1) even with no obligation coded
    ties = pd.DataFrame(
        {
            "code1": atop["code1"].to_numpy(),
            "code2": atop["code2"].to_numpy(),
            "year": atop["year"].to_numpy(),
            "tie": tie,
        }
    )
    parts = []
    for year, states in members.groupby("year")["ccode"]:
        codes = np.sort(states.to_numpy(np.int64))
        n = len(codes)
        matrix = np.zeros((n, n), dtype=np.int8)
        these = ties[ties["year"] == year]
        i, j = np.searchsorted(codes, these["code1"]), np.searchsorted(codes, these["code2"])
        ok = (i < n) & (j < n)
        ok[ok] &= (codes[i[ok]] == these["code1"].to_numpy()[ok]) & (
            codes[j[ok]] == these["code2"].to_numpy()[ok]
        )
        values = these["tie"].to_numpy()[ok]
        np.maximum.at(matrix, (i[ok], j[ok]), values)
        matrix = np.maximum(matrix, matrix.T)  # an alliance binds both members
        np.fill_diagonal(matrix, 3)
        scores = portfolio_similarity(matrix)
        a, b = np.nonzero(~np.eye(n, dtype=bool))
        part = pd.DataFrame({"code1": codes[a], "code2": codes[b], "year": np.full(len(a), year)})
        for name in FPSIM_COLUMNS:
            part[name] = scores[name][a, b]
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def add_fpsim(frame: pd.DataFrame) -> pd.DataFrame:
    """Add alliance-portfolio similarity from ATOP: ``sallyvua``, ``sallybua``, ``kallyv``, ``kallyb``.

    S (valued and binary ties, unweighted, absolute distances) and Cohen's kappa (binary, and valued with
    absolute-distance weights), computed over every COW system member of the year; see the module for the
    definitions. Häge (2011) recommends kappa; ``kallyb`` is peacesciencer's suggested default before 1946.
    Missing outside 1816-2016. Dyad-year frames must be COW frames (the portfolios are over the COW
    membership); a leader-dyad-year, as in peacesciencer's ``add_fpsim()`` (which joins on ``ccode1``,
    ``ccode2``, ``year``), gets the values of its two states' COW dyad-year, the Gleditsch–Ward codes of
    the leaders' states converted to COW codes year by year.

    Sources: ATOP v5.1 (Leeds et al. 2002); Signorino & Ritter (1999); Cohen (1960, 1968); Häge (2011).
    """
    require(frame, "add_fpsim", unit=DYADIC_UNITS)
    if frame.attrs["unit"] == "dyad-year" and frame.attrs.get("system", "cow") != "cow":
        raise UserInputError(
            "add_fpsim: portfolios are over the COW system; use create_dyadyears(system='cow')"
        )
    table = _tables.prepared("fpsim", _fpsim_table)
    new = dyad_values(
        frame, table, FPSIM_COLUMNS, coverage=FPSIM_YEARS, fill_inside=None, code_map=cow_codes_for(frame)
    )
    sources = [
        *_tables.citations("atop_alliance"),
        "signorino1999tau",
        "cohen1960coefficient",
        "hage2011choice",
    ]
    return add_columns(frame, new, step="add_fpsim", sources=sources)
