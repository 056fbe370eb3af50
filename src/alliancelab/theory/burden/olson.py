"""Olson–Zeckhauser baseline: Nash defence contributions to an alliance public good (models.md (e1)).

Members ``j`` with income (latent potential) ``K_j`` spend ``m_j = e_j*K_j`` on defence; alliance output is
``X = sum_j m_j`` and

    U_j = ln(K_j - m_j) + b_j*ln(X) + c_j*ln(m_j),   b_j = b0 + b1*T_j,  c_j >= 0   [LIT-FORM, simplified]

(:cite:`olson1966economic`; the Cobb-Douglas rendering is the textbook one, not checked against the
article). ``c_j = 0`` is the pure public good; ``c_j > 0`` the joint-product variant after
:cite:`sandler1977impurity`.

Solution by the aggregate ("replacement function") method of :cite:`bergstrom1986private`: given ``X``,
member j's first-order condition ``-1/(K_j-m_j) + b_j/X + c_j/m_j = 0`` (with ``X`` held fixed) is the
quadratic ``b_j m^2 - (b_j K_j - (1+c_j) X) m - c_j K_j X = 0``, whose non-negative root ``r_j(X)`` falls
in ``X``. The Nash aggregate is the unique root of ``sum_j r_j(X) = X``.

* Pure case: ``r_j(X) = max(0, K_j - X/b_j)``; the contributors are the members with the largest
  ``b_j*K_j`` and ``X = sum_C K_j / (1 + sum_C 1/b_j)`` exactly (a sort and a cumulative sum, no iteration).
* Joint product: every member contributes; ``X`` by vectorised bisection to machine precision.

All functions broadcast over leading axes: ``incomes`` of shape ``(..., n)`` solves many alliances at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike, NDArray

from alliancelab._deprecation import moved_names
from alliancelab._results import data_frame, result_dict
from alliancelab._types import FloatArray
from alliancelab._validate import check_broadcast, check_range
from alliancelab.errors import ParameterError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CITATION_KEYS",
    "E7_CLAIM",
    "PublicGoodEquilibrium",
    "PublicGoodParams",
    "aggregate_residual",
    "nash_equilibrium",
    "replacement_contribution",
]

CITATION_KEYS = ("olson1966economic", "bergstrom1986private")

E7_CLAIM = (
    "The conventional wisdom on alliance burden-sharing, based on the logic of collective goods, suggests "
    "that larger partners in an alliance inevitably pay a disproportionate share of the alliance's defense "
    "burden."
)  # seed 003, stating Olson & Zeckhauser's prediction; E7: Spearman(K, e) > 0 within an alliance


@dataclass(frozen=True, slots=True)
class PublicGoodParams:
    """Tastes for alliance defence: ``b_j = taste_base + taste_threat*T_j``, joint-product weight ``c_j``.

    Fields may be scalars or arrays broadcasting against the members axis. Defaults from models.md (e):
    O&Z ``b0 = .06``, ``b1 = 0``, ``c = 0`` (pure public good; use ``c = .04`` for the NATO-64 check).
    """

    taste_base: ArrayLike = 0.06
    taste_threat: ArrayLike = 0.0
    joint_product: ArrayLike = 0.0

    def __post_init__(self) -> None:
        check_broadcast(self)
        check_range("taste_base (b0)", self.taste_base, 0, np.inf, where="PublicGoodParams")
        check_range("taste_threat (b1)", self.taste_threat, 0, np.inf, where="PublicGoodParams")
        check_range("joint_product (c)", self.joint_product, 0, np.inf, where="PublicGoodParams")

    def tastes(self, threat: ArrayLike = 0.0) -> FloatArray:
        """``b_j = b0 + b1*T_j``; raises if any member ends up with ``b_j <= 0``."""
        check_range("threat (T)", threat, 0, 1, where="PublicGoodParams.tastes")
        b = np.asarray(self.taste_base, float) + np.asarray(self.taste_threat, float) * np.asarray(
            threat, float
        )
        check_range("public-good taste b = b0 + b1*T", b, 0, np.inf, lo_open=True, where="PublicGoodParams")
        return np.asarray(b, float)


@dataclass(frozen=True, slots=True)
class PublicGoodEquilibrium:
    """Nash equilibrium of the alliance public-goods game (arrays of shape ``(..., n)`` or ``(...)``)."""

    incomes: FloatArray
    contributions: FloatArray  # m_j, same unit as incomes
    aggregate: FloatArray  # X = sum_j m_j
    citation_keys: tuple[str, ...] = CITATION_KEYS

    @property
    def burdens(self) -> FloatArray:
        """Defence burden ``e_j = m_j/K_j`` (milex/GDP)."""
        return self.contributions / self.incomes

    @property
    def contributors(self) -> NDArray[np.bool_]:
        """Members spending a positive amount (free riders are the rest)."""
        return self.contributions > 0

    def to_dict(self) -> dict[str, object]:
        """JSON-ready: ``{"model", "citation_keys", "values"}`` (arrays as lists)."""
        values = {
            "incomes": self.incomes,
            "contributions": self.contributions,
            "burdens": self.burdens,
            "aggregate": self.aggregate,
        }
        return result_dict("burden.olson", self.citation_keys, values)

    def to_frame(self, labels: ArrayLike | None = None) -> pd.DataFrame:
        """One row per member (one alliance): income, contribution, burden, contributor; sources in attrs."""
        if self.incomes.ndim != 1:
            raise ParameterError(
                "to_frame: one alliance at a time (select a row of a stacked solution first)"
            )
        names = np.asarray(labels).ravel() if labels is not None else np.arange(1, self.incomes.size + 1)
        if names.size != self.incomes.size:
            raise ParameterError(f"to_frame: {names.size} labels for {self.incomes.size} members")
        return data_frame(
            {
                "member": names,
                "income": self.incomes,
                "contribution": self.contributions,
                "burden": self.burdens,
                "contributor": self.contributors,
            },
            sources=CITATION_KEYS,
            aggregate=float(self.aggregate),
        )


def replacement_contribution(
    aggregate: ArrayLike, incomes: ArrayLike, tastes: ArrayLike, joint: ArrayLike = 0.0
) -> FloatArray:
    """Member j's contribution ``r_j(X)`` consistent with aggregate ``X`` (non-negative root of its FOC).

    Quadratic ``b m^2 + B m + C = 0`` with ``B = (1+c)X - bK`` and ``C = -cKX``; the positive root is taken in
    the cancellation-free form for each sign of ``B``. With ``c = 0`` this is ``max(0, K - X/b)``.
    """
    x = np.asarray(aggregate, float)
    k, b, c = (np.asarray(v, float) for v in (incomes, tastes, joint))
    big_b = (1.0 + c) * x - b * k
    disc = np.sqrt(big_b * big_b + 4.0 * b * c * k * x)
    with np.errstate(divide="ignore", invalid="ignore"):
        upper = (disc - big_b) / (2.0 * b)  # accurate when B <= 0
        lower = np.where(big_b + disc > 0, 2.0 * c * k * x / (big_b + disc), 0.0)  # accurate when B > 0
    return np.asarray(np.clip(np.where(big_b <= 0, upper, lower), 0.0, k), float)


def aggregate_residual(
    aggregate: ArrayLike, incomes: ArrayLike, tastes: ArrayLike, joint: ArrayLike = 0.0
) -> FloatArray:
    """``sum_j r_j(X) - X``: strictly decreasing in ``X``, zero at the Nash aggregate."""
    x = np.asarray(aggregate, float)
    total = replacement_contribution(x[..., None], incomes, tastes, joint).sum(axis=-1)
    return np.asarray(total - x, float)


def _pure_aggregate(k: FloatArray, b: FloatArray) -> FloatArray:
    """Exact Nash aggregate for ``c = 0``: contributors are a top set by ``b*K``."""
    order = np.argsort(-(b * k), axis=-1)
    k_s = np.take_along_axis(k, order, axis=-1)
    b_s = np.take_along_axis(b, order, axis=-1)
    x_top = np.cumsum(k_s, axis=-1) / (1.0 + np.cumsum(1.0 / b_s, axis=-1))  # X if the top i contribute
    consistent = b_s * k_s > x_top  # member i contributes given the candidate aggregate of the top-i set
    n_contrib = consistent.sum(axis=-1, keepdims=True)  # the consistent sets form a prefix
    return np.take_along_axis(x_top, np.maximum(n_contrib - 1, 0), axis=-1)[..., 0]


def _bisect_aggregate(k: FloatArray, b: FloatArray, c: FloatArray) -> FloatArray:
    lo = np.zeros(k.shape[:-1])
    hi = k.sum(axis=-1)
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        above = aggregate_residual(mid, k, b, c) > 0  # residual > 0: root lies above mid
        lo, hi = np.where(above, mid, lo), np.where(above, hi, mid)
        if np.all(hi - lo <= 4 * np.finfo(float).eps * np.maximum(hi, 1e-300)):
            break
    return np.asarray(0.5 * (lo + hi), float)


def nash_equilibrium(
    incomes: ArrayLike, params: PublicGoodParams | None = None, *, threat: ArrayLike = 0.0
) -> PublicGoodEquilibrium:
    """Nash defence contributions of the alliance members (models.md (e1), `[LIT-FORM, simplified]`).

    Olson & Zeckhauser: alliance defence is a public good, so larger members bear disproportionate burdens
    (seed 003: "The conventional wisdom on alliance burden-sharing, based on the logic of collective goods,
    suggests that larger partners in an alliance inevitably pay a disproportionate share of the alliance's
    defense burden."). In the pure case ``m_j = max(0, K_j - X/b_j)`` and
    ``X = sum_j max(0, K_j - X/b_j)``; with a common ``b`` contributors share private consumption ``X/b``
    and ``e_j = 1 - X/(b*K_j)`` rises with ``K_j``; small members contribute nothing.

    ``incomes``: shape ``(..., n)``, positive (USD bn); ``threat``: ``T_j`` broadcasting against it.

    >>> eq = nash_equilibrium([100.0, 10.0, 1.0])
    >>> [round(float(m), 4) for m in eq.contributions]
    [5.6604, 0.0, 0.0]
    """
    params = params or PublicGoodParams()
    k = np.atleast_1d(np.asarray(incomes, float))
    check_range("incomes (K)", k, 0, np.inf, lo_open=True, hi_open=True, where="nash_equilibrium")
    b = params.tastes(threat)
    c = np.asarray(params.joint_product, float)
    shape = np.broadcast_shapes(k.shape, b.shape, c.shape)
    if len(shape) == 0 or shape[-1] == 0:
        raise ParameterError("nash_equilibrium: need at least one alliance member")
    k, b, c = (np.broadcast_to(v, shape).astype(float) for v in (k, b, c))
    aggregate = _pure_aggregate(k, b) if not np.any(c > 0) else _bisect_aggregate(k, b, c)
    contributions = replacement_contribution(aggregate[..., None], k, b, c)
    return PublicGoodEquilibrium(incomes=k, contributions=contributions, aggregate=aggregate)


__getattr__ = moved_names(
    __name__,
    {
        "EXACT_MAX_N": "alliancelab.analysis.exploitation",
        "exploitation_test": "alliancelab.analysis.exploitation",
    },
)
