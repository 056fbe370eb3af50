"""The selectorate effect as tables and words: what a client leader's domestic setting makes of 1 USD m.

The same three names as every model's report module: :func:`frame` (one row per leader: the inputs, the
conversion rate ``mu`` and the USD m a util of deficit costs), :func:`sweep` (the frame along one field,
``W`` say) and :func:`explain`. The selectorate enters the formation bargain only through ``mu``
(:func:`alliancelab.theory.selectorate.with_leader`); a case's payments along ``W`` are
:func:`alliancelab.report.formation_report.sweep`.
"""

from __future__ import annotations

from dataclasses import fields

import numpy as np
import numpy.typing as npt
import pandas as pd

from alliancelab._results import data_frame, flat_columns
from alliancelab._types import FloatArray
from alliancelab.report._grid import sweep_rows
from alliancelab.theory.selectorate import CITATION_KEYS, SelectorateParams, conversion_rate

__all__ = ["explain", "frame", "sweep"]


def frame(params: SelectorateParams, rate: FloatArray | None = None) -> pd.DataFrame:
    """One row per leader (array fields flattened in C order): the inputs, ``mu`` (utils per USD m, from
    :func:`~alliancelab.theory.selectorate.conversion_rate` unless ``rate`` is given) and
    ``usd_per_util`` = ``1/mu``, the side payment (USD m/yr) one util of deficit needs."""
    mu = conversion_rate(params) if rate is None else np.asarray(rate, dtype=float)
    columns = {f.name: getattr(params, f.name) for f in fields(params)}
    columns.update(mu=mu, usd_per_util=1.0 / mu)
    return data_frame(flat_columns(columns), sources=CITATION_KEYS)


def sweep(params: SelectorateParams, parameter: str, values: npt.ArrayLike) -> pd.DataFrame:
    """Comparative statics: :func:`frame` with ``parameter`` set to each of ``values``, swept column first.

    The payment for a FIXED package is proportional to ``usd_per_util``: its elasticities are those of
    :func:`~alliancelab.theory.selectorate.payment_elasticities`.
    """
    return sweep_rows(frame, params, parameter, values, unit="leaders")


def explain(params: SelectorateParams, rate: FloatArray | None = None) -> str:
    """The leader's price of a concession in words (the first leader if arrays were given).

    Kabir (seed 001): "the amount of side payments needed to compensate for policy concessions is likely to
    be smaller for small coalition leaders (typically seen in autocratic polities) than it is for large
    coalition leaders (usually seen in liberal democracies)."
    """
    row = frame(params, rate).iloc[0]
    zeta = float(row["zeta"])
    instability = "cheaper" if zeta > 0 else "dearer" if zeta < 0 else "neither cheaper nor dearer"
    return "\n".join(
        [
            f"A leader whose winning coalition is W = {row['W']:g} of a selectorate S = {row['S']:g}, with "
            f"domestic revenue r = {row['r']:,.4g} USD m/yr and deposition hazard h = {row['h']:g}, values "
            f"1 USD m at mu = {row['mu']:.4g} utils: each util of deficit costs the patron "
            f"{row['usd_per_util']:,.4g} USD m/yr.",
            f"A larger coalition makes the leader dearer to buy (elasticity of the payment in W: gamma = "
            f"{row['gamma']:g}), a larger selectorate cheaper (-lambda = {-row['lambda_']:g}), more revenue "
            f"dearer (eta = {row['eta']:g} in 1 + r/rbar), and instability {instability} "
            f"(-zeta = {-zeta:g} in 1 + h).",
        ]
    )
