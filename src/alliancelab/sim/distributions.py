"""Distributions of the small states' characteristics in a scenario, and the domain of each field.

A distribution is a number (a constant) or an inline table ``{dist = "beta", a = 2, b = 5}`` with ``dist``
one of ``constant`` (value), ``uniform`` (low, high), ``normal`` (mean, sd), ``lognormal`` (median, sigma)
or ``beta`` (a, b; only for fields on [0, 1]). :data:`DOMAINS` gives each population field's allowed range
and meaning; draws are clipped to it. Used by :mod:`.scenario` (the ``[population]`` table) and
:mod:`.world` (the draws).
"""

from __future__ import annotations

import math
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from alliancelab._types import FloatArray

__all__ = ["DOMAINS", "Dist", "DistKind", "Section", "check_domain"]

DistKind = Literal["constant", "uniform", "normal", "lognormal", "beta"]


class Section(BaseModel):
    """A table of a scenario file: unknown fields, inf and nan refused (they would flow silently into the
    tables), and ``true``/``false`` refused where a number is asked (pydantic would read them as 1 and 0:
    ``--set scenario.runs=true`` ran one run). No scenario field is a boolean."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    @field_validator("*", mode="before")
    @classmethod
    def _not_a_boolean(cls, value: Any) -> Any:
        if isinstance(value, bool) or (
            isinstance(value, list | tuple) and any(isinstance(v, bool) for v in value)
        ):  # a pair such as coup_W = [0.6, true] too
            raise ValueError("needs a number, not a boolean")
        return value


class Dist(Section):
    """One distribution of a population characteristic (see the module docstring)."""

    dist: DistKind
    value: float | None = None
    low: float | None = None
    high: float | None = None
    mean: float | None = None
    sd: float | None = None
    median: float | None = None
    sigma: float | None = None
    a: float | None = None
    b: float | None = None

    @model_validator(mode="before")
    @classmethod
    def _number_is_constant(cls, data: Any) -> Any:
        if isinstance(data, int | float) and not isinstance(data, bool):
            return {"dist": "constant", "value": float(data)}
        return data

    @model_validator(mode="after")
    def _parameters_of_kind(self) -> Dist:
        needed = {
            "constant": ("value",),
            "uniform": ("low", "high"),
            "normal": ("mean", "sd"),
            "lognormal": ("median", "sigma"),
            "beta": ("a", "b"),
        }[self.dist]
        given = {
            k
            for k in ("value", "low", "high", "mean", "sd", "median", "sigma", "a", "b")
            if getattr(self, k) is not None
        }
        missing = [k for k in needed if k not in given]
        extra = sorted(given - set(needed))
        if missing or extra:
            raise ValueError(
                f"dist = {self.dist!r} takes exactly {', '.join(needed)}"
                + (f"; missing {', '.join(missing)}" if missing else "")
                + (f"; not used: {', '.join(extra)}" if extra else "")
            )
        for k in needed:
            if not math.isfinite(getattr(self, k)):
                raise ValueError(f"{k} = {getattr(self, k)} must be a finite number")
        if self.dist == "uniform" and not self.low < self.high:  # type: ignore[operator]
            raise ValueError(f"uniform needs low < high (got low = {self.low:g}, high = {self.high:g})")
        for k in ("sd", "sigma", "a", "b"):
            if k in needed and getattr(self, k) <= 0:
                raise ValueError(f"{k} = {getattr(self, k):g} must be > 0")
        if self.dist == "lognormal" and self.median <= 0:  # type: ignore[operator]
            raise ValueError(f"lognormal needs median > 0 (got {self.median:g})")
        return self

    def support(self) -> tuple[float, float]:
        """The smallest interval that holds every draw before clipping."""
        if self.dist == "constant":
            return self.value, self.value  # type: ignore[return-value]
        if self.dist == "uniform":
            return self.low, self.high  # type: ignore[return-value]
        if self.dist == "beta":
            return 0.0, 1.0
        if self.dist == "lognormal":
            return 0.0, math.inf
        return -math.inf, math.inf

    def draw(
        self, rng: np.random.Generator, size: tuple[int, ...], domain: tuple[float, float]
    ) -> FloatArray:
        """``size`` draws from ``rng``, clipped to ``domain`` (one uniform or normal block per call)."""
        if self.dist == "constant":
            out = np.full(size, float(self.value))  # type: ignore[arg-type]
        elif self.dist == "uniform":
            out = self.low + (self.high - self.low) * rng.random(size)  # type: ignore[operator]
        elif self.dist == "normal":
            out = self.mean + self.sd * rng.standard_normal(size)  # type: ignore[operator]
        elif self.dist == "lognormal":
            out = self.median * np.exp(self.sigma * rng.standard_normal(size))  # type: ignore[operator]
        else:
            out = rng.beta(self.a, self.b, size)  # type: ignore[arg-type]
        return np.asarray(np.clip(np.asarray(out, dtype=float), *domain), dtype=float)


# field -> (domain of the draws, description); the validator checks each distribution against its domain
DOMAINS: dict[str, tuple[tuple[float, float], str]] = {
    "W": ((0.01, 1.0), "winning-coalition index W (0, 1] (BdM et al. 2003)"),
    "S": ((0.01, 1.0), "selectorate index S; drawn, then raised to W where below it (W <= S)"),
    "potential": ((0.1, 1e6), "latent potential K (GDP), USD bn"),
    "capability_ratio": ((0.01, 0.99), "initial own-capability ratio phi = M/(M+Z)"),
    "adversary_ratio": ((0.01, 100.0), "adversary capability Z as a multiple of K"),
    "threat": ((0.0, 0.95), "long-run threat intensity T0 (the AR(1) mean), [0, 1)"),
    "common_threat_hegemon": ((-1.0, 1.0), "common-threat share with the hegemon chi_H, [-1, 1]"),
    "common_threat_rival": ((-1.0, 1.0), "common-threat share with the rival chi_R, [-1, 1]"),
    "ideal_point": ((0.0, 1.0), "foreign-policy ideal point theta, [0, 1]"),
    "resources": ((0.0, 1e7), "leader's domestic revenue r, USD m/yr"),
    "instability": ((0.0, 1.0), "leader deposition hazard h per year, [0, 1]"),
    "salience": ((0.01, 100.0), "domestic salience of concessions sal, > 0"),
    "switching_cost": ((0.0, 100.0), "switching cost tau of realigning, utils"),
    "troops_per_bn": ((0.0, 1e5), "deployable soldiers per USD bn of capability stock M"),
    "soldier_cost": ((1.0, 1e7), "own cost per soldier-year c_j, USD"),
}


def check_domain(name: str, dist: Dist) -> Dist:
    (lo, hi), _ = DOMAINS[name]
    s_lo, s_hi = dist.support()
    if dist.dist == "beta" and (lo < 0.0 or hi > 1.0):
        raise ValueError(
            f"beta draws lie on [0, 1], but {name} lies on [{lo:g}, {hi:g}]; use uniform or normal"
        )
    if (s_lo < lo or s_hi > hi) and dist.dist in ("constant", "uniform"):
        raise ValueError(f"{name} must lie in [{lo:g}, {hi:g}] (got [{s_lo:g}, {s_hi:g}])")
    return dist
